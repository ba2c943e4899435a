// Elementwise kernels that run beside the GEMMs, so a Dense or Conv2D layer's epilogue, ReLU's backward
// and the optimizer step touch each array once, in place, with no copy into another memory.
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "args.h"
#include "pointwise.h"
#include "rows.h"

// The loops of reluGradBias and adam, compiled twice: for AVX2 (8 lanes) where the CPU has it, and for
// the baseline. Neither enables FMA, so both give the same bits (no product-sum is fused in one and not
// the other).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__GLIBC__)  // target_clones needs glibc's ifunc
#define VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VECTOR_CLONES
#endif

// Whether two arrays of n floats share memory (the loops below promise the compiler they do not).
static int overlap(const float *a, const float *b, size_t n) { return a < b + n && b < a + n; }

VECTOR_CLONES static void relu_grad_bias_loop(const float *restrict dy, const float *restrict y, float *restrict dz, double *restrict sums, size_t n,
                                              size_t channels) {
  for (size_t i = 0; i < n; i += channels) {
    for (size_t c = 0; c < channels; c++) {
      // read whatever y is, so the select has no branch and vectorizes (binding.gyp builds with
      // -fno-trapping-math: nothing here reads the floating-point exception flags)
      const float d = dy[i + c];
      const float g = y[i + c] > 0.0f ? d : 0.0f;
      dz[i + c] = g;
      sums[c] += g;
    }
  }
}

VECTOR_CLONES static void adam_loop(float *restrict p, const float *restrict g, float *restrict m, float *restrict v, size_t n, float alpha, float b1,
                                    float b2, float eps) {
  for (size_t i = 0; i < n; i++) {
    float gi = g[i];
    float mi = m[i] + (1.0f - b1) * (gi - m[i]);
    float vi = v[i] + (1.0f - b2) * (gi * gi - v[i]);
    m[i] = mi;
    v[i] = vi;
    p[i] -= (alpha * mi) / (sqrtf(vi) + eps);
  }
}

// An Adam step split across the calling thread and the add-on's helper (rows.h), which claim two blocks of
// BLOCK values at a time, from SPLIT_VALUES values on and when the add-on has two threads or more
// (setNativeThreads(1) keeps it on one): a big parameter's step streams four arrays through memory, and
// two cores draw more of it than one. Elementwise: the same bits on one thread or two.
#define BLOCK 4096
#define SPLIT_VALUES (64 * 1024)

typedef struct {
  float *p, *m, *v;
  const float *g;
  size_t n;
  float alpha, b1, b2, eps;
} AdamJob;

static void adam_blocks(void *ctx, int r0, int r1) {
  const AdamJob *j = ctx;
  size_t from = (size_t)r0 * BLOCK, to = (size_t)r1 * BLOCK < j->n ? (size_t)r1 * BLOCK : j->n;
  adam_loop(j->p + from, j->g + from, j->m + from, j->v + from, to - from, j->alpha, j->b1, j->b2, j->eps);
}

// addRelu(x, bias, out): out[i] = max(x[i] + bias[i % bias.length], 0); out may be x. NaN stays NaN.
napi_value add_relu(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!args(env, info, 3, argv, "addRelu")) return NULL;
  size_t n, nb, no;
  float *x = floats(env, argv[0], &n, "addRelu"), *bias = floats(env, argv[1], &nb, "addRelu"), *out = floats(env, argv[2], &no, "addRelu");
  if (!x || !bias || !out) return NULL;
  if (nb == 0 || n % nb != 0 || no != n) return fail(env, "rectify native addRelu: the bias must divide x, and out must be x's length");
  for (size_t i = 0; i < n; i += nb) {
    const float *xi = x + i;
    float *oi = out + i;
    for (size_t j = 0; j < nb; j++) {
      float v = xi[j] + bias[j];
      oi[j] = v > 0.0f || v != v ? v : 0.0f;
    }
  }
  return NULL;
}

// reluGrad(dy, y, out): out[i] = y[i] > 0 ? dy[i] : 0.
napi_value relu_grad(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!args(env, info, 3, argv, "reluGrad")) return NULL;
  size_t n, ny, no;
  float *dy = floats(env, argv[0], &n, "reluGrad"), *y = floats(env, argv[1], &ny, "reluGrad"), *out = floats(env, argv[2], &no, "reluGrad");
  if (!dy || !y || !out) return NULL;
  if (ny != n || no != n) return fail(env, "rectify native reluGrad: dy, y and out must have one length");
  for (size_t i = 0; i < n; i++) out[i] = y[i] > 0.0f ? dy[i] : 0.0f;
  return NULL;
}

// reluGradBias(dy, y, dz, dbias): dz[i] = y[i] > 0 ? dy[i] : 0 over rows of dbias.length channels, and
// dbias[c] = the sum of dz[., c] over the rows (accumulated in double).
napi_value relu_grad_bias(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!args(env, info, 4, argv, "reluGradBias")) return NULL;
  size_t n, ny, nz, channels;
  float *dy = floats(env, argv[0], &n, "reluGradBias"), *y = floats(env, argv[1], &ny, "reluGradBias");
  float *dz = floats(env, argv[2], &nz, "reluGradBias"), *dbias = floats(env, argv[3], &channels, "reluGradBias");
  if (!dy || !y || !dz || !dbias) return NULL;
  if (ny != n || nz != n || channels == 0 || n % channels != 0) return fail(env, "rectify native reluGradBias: dy, y and dz must have one length, a multiple of dbias's");
  if (n == 0) {  // no rows: every bias gradient is 0
    for (size_t c = 0; c < channels; c++) dbias[c] = 0.0f;
    return NULL;
  }
  if (overlap(dz, dy, n) || overlap(dz, y, n)) return fail(env, "rectify native reluGradBias: dz must not overlap dy or y");
  double *sums = calloc(channels, sizeof(double));
  if (!sums) return fail(env, "rectify native reluGradBias: out of memory");
  relu_grad_bias_loop(dy, y, dz, sums, n, channels);
  for (size_t c = 0; c < channels; c++) dbias[c] = (float)sums[c];
  free(sums);
  return NULL;
}

// adam(p, g, m, v, alpha, beta1, beta2, epsilon): one Adam step in place, alpha with the bias corrections
// folded in (lr * sqrt(1 - beta2^t) / (1 - beta1^t)), as the wasm kernel.
napi_value adam(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  if (!args(env, info, 8, argv, "adam")) return NULL;
  size_t n, ng, nm, nv;
  float *p = floats(env, argv[0], &n, "adam"), *g = floats(env, argv[1], &ng, "adam"), *m = floats(env, argv[2], &nm, "adam"), *v = floats(env, argv[3], &nv, "adam");
  if (!p || !g || !m || !v) return NULL;
  if (ng != n || nm != n || nv != n) return fail(env, "rectify native adam: p, g, m and v must have one length");
  double h[4];
  for (int i = 0; i < 4; i++) {
    if (napi_get_value_double(env, argv[4 + i], &h[i]) != napi_ok) return fail(env, "rectify native adam: expected numbers for alpha, beta1, beta2, epsilon");
  }
  if (n == 0) return NULL;
  if (overlap(p, g, n) || overlap(p, m, n) || overlap(p, v, n) || overlap(g, m, n) || overlap(g, v, n) || overlap(m, v, n))
    return fail(env, "rectify native adam: p, g, m and v must not overlap");
  AdamJob job = {p, m, v, g, n, (float)h[0], (float)h[1], (float)h[2], (float)h[3]};
  int blocks = (int)((n + BLOCK - 1) / BLOCK);
  if (n >= SPLIT_VALUES && native_threads() > 1) split_rows(adam_blocks, &job, blocks, 2);
  else adam_blocks(&job, 0, blocks);
  return NULL;
}
