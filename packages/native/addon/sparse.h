#ifndef RECTIFY_NATIVE_SPARSE_H
#define RECTIFY_NATIVE_SPARSE_H

// c[m, n] = op(a) b by the sparse kernel when op(a) is mostly zeros and b holds no infinity or NaN;
// returns 0 (nothing written) otherwise, for the caller's dense GEMM. With threads > 1 a big enough product
// is split between the calling thread and one helper (rows.h).
int sparse_gemm(const float *a, int trans_a, const float *b, float *c, int m, int n, int k, int threads);

#endif
