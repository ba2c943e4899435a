// Products whose left operand is mostly zeros (MNIST's pixels are ~80% zeros, and so are the patches of
// its convolutions), as the wasm backend's assembly/spmm.ts: op(a) is compressed to its nonzeros row by
// row, then each row of c sums just the rows of b they pick, in registers. A dense GEMM does every
// product, zeros included, so at 80% zeros this does a fifth of the work. AVX2 + FMA when the CPU has
// them (64 columns in eight registers), else plain C.
#include "sparse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

// Fraction of zeros from which the sparse kernel pays (the wasm backend's wasmLimits.sparseRows).
#define SPARSE_FROM 0.7

// Scratch for the compressed rows, kept between calls: a fresh buffer per product would page-fault.
static _Thread_local struct {
  int *starts, *offsets;
  float *vals;
  size_t rows, capacity;
} scratch;

static int reserve(size_t rows, size_t capacity) {
  if (rows > scratch.rows) {
    int *p = realloc(scratch.starts, rows * sizeof(int));
    if (!p) return 0;
    scratch.starts = p;
    scratch.rows = rows;
  }
  if (capacity > scratch.capacity) {
    int *o = realloc(scratch.offsets, capacity * sizeof(int));
    if (!o) return 0;
    scratch.offsets = o;
    float *v = realloc(scratch.vals, capacity * sizeof(float));
    if (!v) return 0;
    scratch.vals = v;
    scratch.capacity = capacity;
  }
  return 1;
}

// Whether most of a sample of x is zero (the wasm backend's zeroFraction).
static int mostly_zeros(const float *x, size_t n) {
  size_t step = n / 1024 > 1 ? n / 1024 : 1, zeros = 0, seen = 0;
  for (size_t i = 0; i < n; i += step, seen++) zeros += x[i] == 0;
  return seen > 0 && zeros >= SPARSE_FROM * seen;
}

static int all_finite(const float *x, size_t n) {
  float bad = 0;
  for (size_t i = 0; i < n; i++) bad += x[i] - x[i];  // 0 for finite values, NaN for an infinity or NaN
  return bad == 0;
}

// Row r of op(a)'s nonzeros are [starts[r], starts[r + 1]) of offsets (the column times `stride`: the
// element offset of the row of b it picks) and vals, in increasing column. Returns the count.
static size_t compress(const float *a, int trans_a, int m, int k, int stride, int *starts, int *offsets, float *vals) {
  size_t nz = 0;
  if (!trans_a) {
    for (int r = 0; r < m; r++) {
      starts[r] = (int)nz;
      const float *row = a + (size_t)r * k;
      for (int p = 0; p < k; p++) {
        // written always, kept only when nonzero (NaN included): no branch to mispredict
        offsets[nz] = p * stride;
        vals[nz] = row[p];
        nz += row[p] != 0;
      }
    }
    starts[m] = (int)nz;
    return nz;
  }
  // a^T stored as [k, m]: count each row's nonzeros in memory order, then place them through a cursor
  // per row kept in starts[r + 1], which ends at the row's end: the next row's start
  memset(starts, 0, sizeof(int) * ((size_t)m + 1));
  for (int p = 0; p < k; p++)
    for (int r = 0; r < m; r++) starts[r + 1] += a[(size_t)p * m + r] != 0;
  int total = 0;
  for (int r = 1; r <= m; r++) {
    int count = starts[r];
    starts[r] = total;
    total += count;
  }
  for (int p = 0; p < k; p++)
    for (int r = 0; r < m; r++) {
      float v = a[(size_t)p * m + r];
      if (v == 0) continue;
      int slot = starts[r + 1]++;
      offsets[slot] = p * stride;
      vals[slot] = v;
    }
  return (size_t)total;
}

// columns [j0, j0 + cols) of row r of c, plain C
static void row_generic(const int *offsets, const float *vals, int s, int e, const float *b, float *c, int cols) {
  for (int j = 0; j < cols; j++) c[j] = 0;
  for (int q = s; q < e; q++) {
    const float *bp = b + offsets[q];
    const float v = vals[q];
    for (int j = 0; j < cols; j++) c[j] += v * bp[j];
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2_PATH 1

__attribute__((target("avx2,fma"))) static void row_avx2(const int *offsets, const float *vals, int s, int e, const float *b, float *c, int cols) {
  int j = 0;
  for (; j + 64 <= cols; j += 64) {
    __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
    for (int q = s; q < e; q++) {
      const float *bp = b + offsets[q] + j;
      const __m256 v = _mm256_broadcast_ss(vals + q);
      s0 = _mm256_fmadd_ps(v, _mm256_loadu_ps(bp), s0);
      s1 = _mm256_fmadd_ps(v, _mm256_loadu_ps(bp + 8), s1);
      s2 = _mm256_fmadd_ps(v, _mm256_loadu_ps(bp + 16), s2);
      s3 = _mm256_fmadd_ps(v, _mm256_loadu_ps(bp + 24), s3);
      s4 = _mm256_fmadd_ps(v, _mm256_loadu_ps(bp + 32), s4);
      s5 = _mm256_fmadd_ps(v, _mm256_loadu_ps(bp + 40), s5);
      s6 = _mm256_fmadd_ps(v, _mm256_loadu_ps(bp + 48), s6);
      s7 = _mm256_fmadd_ps(v, _mm256_loadu_ps(bp + 56), s7);
    }
    _mm256_storeu_ps(c + j, s0), _mm256_storeu_ps(c + j + 8, s1), _mm256_storeu_ps(c + j + 16, s2), _mm256_storeu_ps(c + j + 24, s3);
    _mm256_storeu_ps(c + j + 32, s4), _mm256_storeu_ps(c + j + 40, s5), _mm256_storeu_ps(c + j + 48, s6), _mm256_storeu_ps(c + j + 56, s7);
  }
  for (; j + 8 <= cols; j += 8) {
    __m256 s0 = _mm256_setzero_ps();
    for (int q = s; q < e; q++) s0 = _mm256_fmadd_ps(_mm256_broadcast_ss(vals + q), _mm256_loadu_ps(b + offsets[q] + j), s0);
    _mm256_storeu_ps(c + j, s0);
  }
  if (j < cols) row_generic(offsets, vals, s, e, b + j, c + j, cols - j);
}
#endif

int sparse_gemm(const float *a, int trans_a, const float *b, float *c, int m, int n, int k) {
  if (m == 0 || n == 0 || k == 0 || !mostly_zeros(a, (size_t)m * k) || !all_finite(b, (size_t)k * n)) return 0;
  // one spare slot: the compressing loop writes every value and keeps only the nonzeros
  if (!reserve((size_t)m + 1, (size_t)m * k + 1)) return 0;
  compress(a, trans_a, m, k, n, scratch.starts, scratch.offsets, scratch.vals);
  void (*row)(const int *, const float *, int, int, const float *, float *, int) = row_generic;
#ifdef HAVE_AVX2_PATH
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) row = row_avx2;
#endif
  // columns of b per pass over the rows: a k x panel slice of 256 KiB stays in L2 while every row reads it
  int panel = (size_t)k * n <= 65536 ? n : (int)(65536 / k / 64 * 64);
  if (panel < 64) panel = 64;
  for (int j0 = 0; j0 < n; j0 += panel) {
    int cols = n - j0 < panel ? n - j0 : panel;
    for (int r = 0; r < m; r++)
      row(scratch.offsets, scratch.vals, scratch.starts[r], scratch.starts[r + 1], b + j0, c + (size_t)r * n + j0, cols);
  }
  return 1;
}
