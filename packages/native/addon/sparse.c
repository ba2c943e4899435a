// Products whose left operand is mostly zeros (MNIST's pixels are ~80% zeros, and so are the patches of
// its convolutions), as the wasm backend's assembly/spmm.ts: op(a) is compressed to its nonzeros row by
// row, then each row of c sums just the rows of b they pick, in registers. A dense GEMM does every
// product, zeros included, so at 80% zeros this does a fifth of the work. AVX2 + FMA when the CPU has
// them (64 columns in eight registers), else plain C.
#include "sparse.h"

#include "rows.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// Fraction of zeros from which the sparse kernel pays (the wasm backend's wasmLimits.sparseRows).
#define SPARSE_FROM 0.7
// Multiply-adds each of two threads must get, or the product stays on one (the wasm backend's sparseThreadWork).
#define SPLIT_WORK (1 << 20)

// Scratch kept between calls (a fresh buffer per product would page-fault), one per use.
enum { STARTS, OFFSETS, VALS, DEPTH_STARTS, COLUMNS, COLUMN_VALS, CURSORS, BUFFERS };
static _Thread_local struct {
  void *data;
  size_t bytes;
} scratch[BUFFERS];

static void *buffer(int which, size_t bytes) {
  if (bytes > scratch[which].bytes) {
    void *grown = realloc(scratch[which].data, bytes);
    if (!grown) return NULL;
    scratch[which].data = grown;
    scratch[which].bytes = bytes;
  }
  return scratch[which].data;
}

// Whether most of a sample of x is zero (the wasm backend's zeroFraction).
static int mostly_zeros(const float *x, size_t n) {
  size_t step = n / 1024 > 1 ? n / 1024 : 1, zeros = 0, seen = 0;
  for (size_t i = 0; i < n; i += step, seen++) zeros += x[i] == 0;
  return seen > 0 && zeros >= SPARSE_FROM * seen;
}

static int all_finite(const float *x, size_t n) {
  // an infinity or NaN has every exponent bit set; OR-ing the tests has no dependency chain to wait on
  const uint32_t *bits = (const uint32_t *)x;
  uint32_t bad = 0;
  for (size_t i = 0; i < n; i++) bad |= (bits[i] & 0x7f800000u) == 0x7f800000u;
  return !bad;
}

// The nonzeros of a [rows, cols] row-major: row r's are [starts[r], starts[r + 1]) of offsets (the column
// times `stride`) and vals, in increasing column. offsets and vals need rows * cols + 8 slots (the vector
// version stores 8 at a time). Returns the count.
static size_t compress_rows_generic(const float *a, int rows, int cols, int stride, int *starts, int *offsets, float *vals) {
  size_t nz = 0;
  for (int r = 0; r < rows; r++) {
    starts[r] = (int)nz;
    const float *row = a + (size_t)r * cols;
    for (int p = 0; p < cols; p++) {
      // written always, kept only when nonzero (NaN included): no branch to mispredict
      offsets[nz] = p * stride;
      vals[nz] = row[p];
      nz += row[p] != 0;
    }
  }
  starts[rows] = (int)nz;
  return nz;
}

static size_t (*compress_rows)(const float *, int, int, int, int *, int *, float *) = compress_rows_generic;

// c[0, cols) = the sum over nonzeros [s, e) of vals[q] * b[offsets[q] + j], plain C
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

// lanes[mask]: the indices of mask's set bits first, to pack a vector's nonzeros to the front
static int lanes[256][8];

static void init_lanes(void) {
  for (int mask = 0; mask < 256; mask++) {
    int n = 0;
    for (int i = 0; i < 8; i++)
      if (mask & (1 << i)) lanes[mask][n++] = i;
    while (n < 8) lanes[mask][n++] = 0;
  }
}

__attribute__((target("avx2"))) static size_t compress_rows_avx2(const float *a, int rows, int cols, int stride, int *starts, int *offsets,
                                                                float *vals) {
  size_t nz = 0;
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i step = _mm256_set1_epi32(stride);
  for (int r = 0; r < rows; r++) {
    starts[r] = (int)nz;
    const float *row = a + (size_t)r * cols;
    int p = 0;
    for (; p + 8 <= cols; p += 8) {
      const __m256 v = _mm256_loadu_ps(row + p);
      // not-equal, unordered: NaN counts as nonzero, -0 as zero
      const int mask = _mm256_movemask_ps(_mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_NEQ_UQ));
      if (!mask) continue;
      const __m256i pack = _mm256_loadu_si256((const __m256i *)lanes[mask]);
      const __m256i columns = _mm256_mullo_epi32(_mm256_add_epi32(_mm256_set1_epi32(p), lane), step);
      _mm256_storeu_ps(vals + nz, _mm256_permutevar8x32_ps(v, pack));
      _mm256_storeu_si256((__m256i *)(offsets + nz), _mm256_permutevar8x32_epi32(columns, pack));
      nz += (size_t)__builtin_popcount(mask);
    }
    for (; p < cols; p++) {
      offsets[nz] = p * stride;
      vals[nz] = row[p];
      nz += row[p] != 0;
    }
  }
  starts[rows] = (int)nz;
  return nz;
}

__attribute__((target("avx2,fma"))) static void row_avx2(const int *offsets, const float *vals, int s, int e, const float *b, float *c, int cols) {
  int j = 0;
  for (; j + 64 <= cols; j += 64) {
    __m256 acc[8];
    for (int i = 0; i < 8; i++) acc[i] = _mm256_setzero_ps();
    for (int q = s; q < e; q++) {
      const float *bp = b + offsets[q] + j;
      const __m256 v = _mm256_broadcast_ss(vals + q);
      for (int i = 0; i < 8; i++) acc[i] = _mm256_fmadd_ps(v, _mm256_loadu_ps(bp + 8 * i), acc[i]);
    }
    for (int i = 0; i < 8; i++) _mm256_storeu_ps(c + j + 8 * i, acc[i]);
  }
  for (; j + 8 <= cols; j += 8) {
    __m256 acc = _mm256_setzero_ps();
    for (int q = s; q < e; q++) acc = _mm256_fmadd_ps(_mm256_broadcast_ss(vals + q), _mm256_loadu_ps(b + offsets[q] + j), acc);
    _mm256_storeu_ps(c + j, acc);
  }
  if (j < cols) row_generic(offsets, vals, s, e, b + j, c + j, cols - j);
}
#endif

static void (*row_kernel)(const int *, const float *, int, int, const float *, float *, int) = row_generic;

static void choose_kernels(void) {
#ifdef HAVE_AVX2_PATH
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    init_lanes();
    compress_rows = compress_rows_avx2;
    row_kernel = row_avx2;
  }
#endif
}

// op(a)'s nonzeros by row into starts (m + 1), offsets and vals (the column times `stride`), as compress_rows.
// For a^T (stored [k, m]), the stored rows are compressed first, then their nonzeros bucketed by column:
// work in proportion to the nonzeros rather than a second pass over every value.
static int compress(const float *a, int trans_a, int m, int k, int stride, int *starts, int *offsets, float *vals) {
  if (!trans_a) {
    compress_rows(a, m, k, stride, starts, offsets, vals);
    return 1;
  }
  int *depth_starts = buffer(DEPTH_STARTS, sizeof(int) * ((size_t)k + 1));
  int *columns = buffer(COLUMNS, sizeof(int) * ((size_t)m * k + 8));
  float *column_vals = buffer(COLUMN_VALS, sizeof(float) * ((size_t)m * k + 8));
  int *cursors = buffer(CURSORS, sizeof(int) * (size_t)m);
  if (!depth_starts || !columns || !column_vals || !cursors) return 0;
  size_t nz = compress_rows(a, k, m, 1, depth_starts, columns, column_vals);
  memset(starts, 0, sizeof(int) * ((size_t)m + 1));
  for (size_t q = 0; q < nz; q++) starts[columns[q] + 1]++;
  for (int r = 0; r < m; r++) starts[r + 1] += starts[r];
  memcpy(cursors, starts, sizeof(int) * (size_t)m);
  for (int p = 0; p < k; p++)
    for (int q = depth_starts[p]; q < depth_starts[p + 1]; q++) {
      int slot = cursors[columns[q]]++;
      offsets[slot] = p * stride;
      vals[slot] = column_vals[q];
    }
  return 1;
}

// Rows r0..r1 of the product, `panel` columns of b at a time.
typedef struct {
  const int *starts, *offsets;
  const float *vals, *b;
  float *c;
  int n, panel;
} Rows;

static void product_rows(void *job, int r0, int r1) {
  const Rows *j = job;
  for (int j0 = 0; j0 < j->n; j0 += j->panel) {
    int cols = j->n - j0 < j->panel ? j->n - j0 : j->panel;
    for (int r = r0; r < r1; r++) row_kernel(j->offsets, j->vals, j->starts[r], j->starts[r + 1], j->b + j0, j->c + (size_t)r * j->n + j0, cols);
  }
}

int sparse_gemm(const float *a, int trans_a, const float *b, float *c, int m, int n, int k, int threads) {
  static int chosen = 0;
  if (!chosen) choose_kernels(), chosen = 1;  // repeated by a racing thread: same choices, same table
  if (m == 0 || n == 0 || k == 0 || !mostly_zeros(a, (size_t)m * k) || !all_finite(b, (size_t)k * n)) return 0;
  int *starts = buffer(STARTS, sizeof(int) * ((size_t)m + 1));
  int *offsets = buffer(OFFSETS, sizeof(int) * ((size_t)m * k + 8));
  float *vals = buffer(VALS, sizeof(float) * ((size_t)m * k + 8));
  if (!starts || !offsets || !vals || !compress(a, trans_a, m, k, n, starts, offsets, vals)) return 0;
  // columns of b per pass over the rows: a k x panel slice of 256 KiB stays in L2 while every row reads it
  int panel = (size_t)k * n <= 65536 ? n : (int)(65536 / k / 64 * 64);
  if (panel < 64) panel = 64;
  Rows job = {starts, offsets, vals, b, c, n, panel};
  // two threads from SPLIT_WORK multiply-adds each (the nonzeros times b's columns), in chunks of whole
  // 4-row steps, about four per thread so the shares even out, at most 64 rows
  if (threads > 1 && (double)starts[m] * n >= 2.0 * SPLIT_WORK) {
    int chunk = (m + 31) / 32 * 4;
    split_rows(product_rows, &job, m, chunk < 4 ? 4 : chunk > 64 ? 64 : chunk);
  } else {
    product_rows(&job, 0, m);
  }
  return 1;
}
