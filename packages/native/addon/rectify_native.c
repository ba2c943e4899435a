// The native kernels: float32 GEMM through OpenBLAS's cblas_sgemm (sparse.c's kernel for a mostly-zero left
// operand; a convolution's few-column patch products gain nothing from it, measured), and convolution as im2col + sgemm over NHWC data, on the caller's typed arrays in place (no
// copies in or out). Results go into output arrays
// the caller allocated; the geometry of a convolution is the 15 int32s of Conv2DInfo, in its field order.
#include <cblas.h>
#include <node_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Declared by OpenBLAS (not by every cblas.h).
extern void openblas_set_num_threads(int);
extern int openblas_get_num_threads(void);
extern char *openblas_get_config(void);

#include <pthread.h>

#include "args.h"
#include "heap.h"
#include "pointwise.h"
#include "rows.h"
#include "sparse.h"

// OpenBLAS's thread count is one setting for the whole process, and JavaScript worker threads share this
// add-on. Products take the lock shared; setting the count, and a product that runs OpenBLAS on one thread
// for a while, take it alone, so no product is in flight while the count changes and the count put back
// is the one set last.
static pthread_rwlock_t blas_lock = PTHREAD_RWLOCK_INITIALIZER;

// Multiply-adds under which a product with a dimension under 64 runs OpenBLAS on one thread (over it, a
// product like 2048 x 2048 x 32 is faster on its threads).
#define SKINNY_WORK (8.0 * 1024 * 1024)

// c = op(a) op(b) through cblas_sgemm, on one OpenBLAS thread when `one_thread`; the caller holds no lock.
static void blas_sgemm(int one_thread, int ta, int tb, int m, int n, int k, const float *a, int lda, const float *b, int ldb, float *c, int ldc) {
  if (one_thread) pthread_rwlock_wrlock(&blas_lock);
  else pthread_rwlock_rdlock(&blas_lock);
  int threads = one_thread ? openblas_get_num_threads() : 1;
  if (threads > 1) openblas_set_num_threads(1);
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, ldc);
  if (threads > 1) openblas_set_num_threads(threads);
  pthread_rwlock_unlock(&blas_lock);
}

// sgemm(a, aOffset, transA, b, bOffset, transB, c, cOffset, m, n, k): c[m, n] = op(a) op(b), row-major.
static napi_value sgemm(napi_env env, napi_callback_info info) {
  napi_value argv[11];
  if (!args(env, info, 11, argv, "sgemm")) return NULL;
  size_t la, lb, lc;
  float *a = floats(env, argv[0], &la, "sgemm");
  if (!a) return NULL;
  float *b = floats(env, argv[3], &lb, "sgemm");
  if (!b) return NULL;
  float *c = floats(env, argv[6], &lc, "sgemm");
  if (!c) return NULL;
  int ao, ta, bo, tb, co, m, n, k;
  if (!integer(env, argv[1], &ao) || !integer(env, argv[2], &ta) || !integer(env, argv[4], &bo) || !integer(env, argv[5], &tb) ||
      !integer(env, argv[7], &co) || !integer(env, argv[8], &m) || !integer(env, argv[9], &n) || !integer(env, argv[10], &k))
    return fail(env, "rectify native sgemm: offsets, flags and sizes must be numbers");
  if (m < 0 || n < 0 || k < 0 || ao < 0 || bo < 0 || co < 0 || (size_t)ao + (size_t)m * k > la || (size_t)bo + (size_t)k * n > lb ||
      (size_t)co + (size_t)m * n > lc)
    return fail(env, "rectify native sgemm: operands smaller than m, n, k say");
  if (m == 0 || n == 0) return NULL;
  if (k == 0) {
    memset(c + co, 0, sizeof(float) * (size_t)m * n);
    return NULL;
  }
  // as for convolutions: a small skinny product (a classifier's 10 columns) gains less from OpenBLAS's
  // threads than it costs, and they spin on after it, taking the core the wasm kernels' worker runs on next
  int skinny = (m < 64 || n < 64 || k < 64) && (double)m * n * k < SKINNY_WORK;
  int threads = native_threads();
  if (tb || !sparse_gemm(a + ao, ta, b + bo, c + co, m, n, k, threads)) blas_sgemm(skinny, ta, tb, m, n, k, a + ao, ta ? m : k, b + bo, tb ? k : n, c + co, n);
  return NULL;
}

typedef struct {
  int batch, inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, dilH, dilW, padTop, padLeft;
} Geometry;

static int geometry(napi_env env, napi_value value, Geometry *g) {
  napi_typedarray_type type;
  void *data;
  size_t count;
  bool is_typed = false;
  napi_is_typedarray(env, value, &is_typed);
  if (!is_typed || napi_get_typedarray_info(env, value, &type, &count, &data, NULL, NULL) != napi_ok || type != napi_int32_array || count != 15) {
    napi_throw_type_error(env, NULL, "rectify native conv: expected the geometry as an Int32Array of 15");
    return 0;
  }
  memcpy(g, data, sizeof *g);
  if (g->batch < 0 || g->inH < 0 || g->inW < 0 || g->inC < 0 || g->outH < 0 || g->outW < 0 || g->outC < 0 || g->kH < 0 || g->kW < 0) {
    napi_throw_range_error(env, NULL, "rectify native conv: negative sizes in the geometry");
    return 0;
  }
  return 1;
}

static size_t rows_of(const Geometry *g) { return (size_t)g->batch * g->outH * g->outW; }
static size_t patch_of(const Geometry *g) { return (size_t)g->kH * g->kW * g->inC; }
static size_t input_of(const Geometry *g) { return (size_t)g->batch * g->inH * g->inW * g->inC; }

// The patch matrix [rows, patch] (adjoint: sums the rows back into x, which starts zeroed).
static void im2col(float *x, float *cols, const Geometry *g, int adjoint) {
  size_t patch = patch_of(g), row = 0;
  for (int b = 0; b < g->batch; b++)
    for (int oy = 0; oy < g->outH; oy++)
      for (int ox = 0; ox < g->outW; ox++, row++) {
        float *o = cols + row * patch;
        for (int ky = 0; ky < g->kH; ky++) {
          int iy = oy * g->strideH + ky * g->dilH - g->padTop;
          for (int kx = 0; kx < g->kW; kx++, o += g->inC) {
            int ix = ox * g->strideW + kx * g->dilW - g->padLeft;
            if (iy < 0 || iy >= g->inH || ix < 0 || ix >= g->inW) {
              if (!adjoint) memset(o, 0, sizeof(float) * g->inC);  // zero padding
              continue;
            }
            float *px = x + (((size_t)b * g->inH + iy) * g->inW + ix) * g->inC;
            if (adjoint)
              for (int ch = 0; ch < g->inC; ch++) px[ch] += o[ch];
            else
              memcpy(o, px, sizeof(float) * g->inC);
          }
        }
      }
}

static float *scratch(napi_env env, size_t count) {
  float *p = malloc(sizeof(float) * (count ? count : 1));
  if (!p) napi_throw_error(env, NULL, "rectify native conv: out of memory for the patch matrix");
  return p;
}

// conv2d(x, w, out, geometry) | backpropInput(dy, w, dx, geometry) | backpropFilter(x, dy, dw, geometry)
static napi_value conv(napi_env env, napi_callback_info info, int which) {
  static const char *names[] = {"conv2d", "conv2dBackpropInput", "conv2dBackpropFilter"};
  napi_value argv[4];
  if (!args(env, info, 4, argv, names[which])) return NULL;
  Geometry g;
  if (!geometry(env, argv[3], &g)) return NULL;
  size_t l0, l1, l2;
  float *p0 = floats(env, argv[0], &l0, names[which]);
  if (!p0) return NULL;
  float *p1 = floats(env, argv[1], &l1, names[which]);
  if (!p1) return NULL;
  float *out = floats(env, argv[2], &l2, names[which]);
  if (!out) return NULL;
  size_t rows = rows_of(&g), patch = patch_of(&g), input = input_of(&g), outC = (size_t)g.outC;
  size_t want0 = which == 1 ? rows * outC : input, want1 = which == 2 ? rows * outC : patch * outC;
  size_t want2 = which == 0 ? rows * outC : which == 1 ? input : patch * outC;
  if (l0 < want0 || l1 < want1 || l2 < want2) return fail(env, "rectify native conv: operands smaller than the geometry says");
  if (which == 1) memset(out, 0, sizeof(float) * input);
  if (rows == 0 || patch == 0 || outC == 0) {
    if (which != 1) memset(out, 0, sizeof(float) * want2);
    return NULL;
  }
  float *cols = scratch(env, rows * patch);
  if (!cols) return NULL;
  // a skinny product (a few input channels or filters) loses more to waking OpenBLAS's threads than it gains
  int skinny = patch < 64 || outC < 64;
  if (which == 0) {
    im2col(p0, cols, &g, 0);
    blas_sgemm(skinny, 0, 0, (int)rows, (int)outC, (int)patch, cols, (int)patch, p1, (int)outC, out, (int)outC);
  } else if (which == 1) {
    blas_sgemm(skinny, 0, 1, (int)rows, (int)patch, (int)outC, p0, (int)outC, p1, (int)outC, cols, (int)patch);
    im2col(out, cols, &g, 1);
  } else {
    im2col(p0, cols, &g, 0);
    blas_sgemm(skinny, 1, 0, (int)patch, (int)outC, (int)rows, cols, (int)patch, p1, (int)outC, out, (int)outC);
  }
  free(cols);
  return NULL;
}

static napi_value conv2d(napi_env env, napi_callback_info info) { return conv(env, info, 0); }
static napi_value conv2d_backprop_input(napi_env env, napi_callback_info info) { return conv(env, info, 1); }
static napi_value conv2d_backprop_filter(napi_env env, napi_callback_info info) { return conv(env, info, 2); }

static napi_value set_threads(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!args(env, info, 1, argv, "setThreads")) return NULL;
  int n;
  if (!integer(env, argv[0], &n) || n < 1) return fail(env, "rectify native setThreads: expected a whole number of at least 1");
  pthread_rwlock_wrlock(&blas_lock);
  openblas_set_num_threads(n);
  pthread_rwlock_unlock(&blas_lock);
  return NULL;
}

int native_threads(void) {
  pthread_rwlock_rdlock(&blas_lock);
  int threads = openblas_get_num_threads();
  pthread_rwlock_unlock(&blas_lock);
  return threads;
}

static napi_value get_threads(napi_env env, napi_callback_info info) {
  napi_value result;
  CHECK(napi_create_int32(env, native_threads(), &result));
  return result;
}

// [products split, products the helper thread took part in] since the add-on loaded (rows.h)
static napi_value split_counts(napi_env env, napi_callback_info info) {
  (void)info;
  long long jobs, joined;
  split_rows_counts(&jobs, &joined);
  napi_value result, value;
  CHECK(napi_create_array_with_length(env, 2, &result));
  CHECK(napi_create_double(env, (double)jobs, &value));
  CHECK(napi_set_element(env, result, 0, value));
  CHECK(napi_create_double(env, (double)joined, &value));
  CHECK(napi_set_element(env, result, 1, value));
  return result;
}

// whether the add-on set the C allocator to keep large blocks' pages (heap.c)
static napi_value keeps_heap_pages(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  CHECK(napi_get_boolean(env, heap_pages_kept(), &result));
  return result;
}

static napi_value config(napi_env env, napi_callback_info info) {
  napi_value result;
  CHECK(napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &result));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  keep_heap_pages();
  napi_property_descriptor props[] = {
      {"sgemm", NULL, sgemm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"conv2d", NULL, conv2d, NULL, NULL, NULL, napi_enumerable, NULL},
      {"conv2dBackpropInput", NULL, conv2d_backprop_input, NULL, NULL, NULL, napi_enumerable, NULL},
      {"conv2dBackpropFilter", NULL, conv2d_backprop_filter, NULL, NULL, NULL, napi_enumerable, NULL},
      {"addRelu", NULL, add_relu, NULL, NULL, NULL, napi_enumerable, NULL},
      {"reluGrad", NULL, relu_grad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"reluGradBias", NULL, relu_grad_bias, NULL, NULL, NULL, napi_enumerable, NULL},
      {"adam", NULL, adam, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"getThreads", NULL, get_threads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"splitCounts", NULL, split_counts, NULL, NULL, NULL, napi_enumerable, NULL},
      {"keepsHeapPages", NULL, keeps_heap_pages, NULL, NULL, NULL, napi_enumerable, NULL},
      {"config", NULL, config, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof *props, props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
