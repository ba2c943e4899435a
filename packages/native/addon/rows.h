#ifndef RECTIFY_NATIVE_ROWS_H
#define RECTIFY_NATIVE_ROWS_H

// A range of rows [r0, r1) of some job; ctx is the job's own data.
typedef void (*RowsFn)(void *ctx, int r0, int r1);

// Runs fn over rows [0, rows) in chunks of `chunk` claimed by the calling thread and one helper thread,
// and returns once every chunk is done. Each row is computed by exactly one thread, as it would be on
// one, so results do not depend on the split. Runs everything on the calling thread when the helper
// could not start or another thread is splitting a job at the same time.
void split_rows(RowsFn fn, void *ctx, int rows, int chunk);

// How many jobs split_rows has split since the add-on loaded, and in how many the helper took chunks.
void split_rows_counts(long long *jobs, long long *joined);

#endif
