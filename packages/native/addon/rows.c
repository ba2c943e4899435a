// One helper thread for the kernels the add-on runs itself (OpenBLAS threads its own GEMMs). The caller
// and the helper claim chunks of rows from one counter, so a helper that starts late (asleep, or
// descheduled) costs nothing: the caller claims every chunk itself and never waits on one unclaimed.
// After a job the helper spins a short while for the next (a training step posts several within
// microseconds), then sleeps on a condition variable.
#include "rows.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define relax() _mm_pause()
#else
#define relax() ((void)0)
#endif

#define SPIN_NS 200000L  // how long the helper waits for the next job awake

// The job's number and its state in one word, so the helper takes a job or the caller withdraws it
// in one compare-and-swap: job * 4 + OPEN (posted), TAKEN (the helper is claiming chunks), DONE, or
// CLOSED (the caller claimed every chunk before the helper came).
enum { OPEN, TAKEN, DONE, CLOSED };
static _Atomic int64_t state = CLOSED;
static _Atomic long long jobs_split, jobs_joined;
static _Atomic int next_row;
static RowsFn job_fn;
static void *job_ctx;
static int job_rows, job_chunk;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t caller = PTHREAD_MUTEX_INITIALIZER;  // one job at a time (worker threads share the add-on)
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int helper_running;

static void claim(void) {
  for (;;) {
    int r0 = atomic_fetch_add(&next_row, job_chunk);
    if (r0 >= job_rows) return;
    job_fn(job_ctx, r0, r0 + job_chunk < job_rows ? r0 + job_chunk : job_rows);
  }
}

static int64_t elapsed_ns(const struct timespec *since) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)(t.tv_sec - since->tv_sec) * 1000000000 + (t.tv_nsec - since->tv_nsec);
}

static void *helper(void *unused) {
  (void)unused;
  int64_t handled = 0;  // the last job number seen
  for (;;) {
    struct timespec since;
    clock_gettime(CLOCK_MONOTONIC, &since);
    int64_t s;
    for (unsigned spins = 1; (s = atomic_load_explicit(&state, memory_order_acquire)) / 4 == handled; spins++) {
      if ((spins & 1023) == 0 && elapsed_ns(&since) > SPIN_NS) {
        pthread_mutex_lock(&lock);  // the caller posts under this lock: no wake-up is missed
        while ((s = atomic_load_explicit(&state, memory_order_acquire)) / 4 == handled) pthread_cond_wait(&wake, &lock);
        pthread_mutex_unlock(&lock);
        break;
      }
      relax();
    }
    handled = s / 4;
    if (s % 4 == OPEN && atomic_compare_exchange_strong(&state, &s, handled * 4 + TAKEN)) {
      atomic_fetch_add(&jobs_joined, 1);
      claim();
      atomic_store_explicit(&state, handled * 4 + DONE, memory_order_release);
    }
  }
  return NULL;
}

// A forked child has no helper (threads do not survive fork) and may have copied a lock mid-use.
static void after_fork_in_child(void) {
  helper_running = 0;
  pthread_mutex_init(&lock, NULL);
  pthread_mutex_init(&caller, NULL);
  pthread_cond_init(&wake, NULL);
}

static void start(void) {
  pthread_t thread;
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return;
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  helper_running = pthread_create(&thread, &attr, helper, NULL) == 0;
  pthread_attr_destroy(&attr);
  if (helper_running) pthread_atfork(NULL, NULL, after_fork_in_child);
}

void split_rows(RowsFn fn, void *ctx, int rows, int chunk) {
  pthread_once(&once, start);
  if (chunk < 1) chunk = rows;
  if (!helper_running || rows <= chunk || pthread_mutex_trylock(&caller) != 0) {
    if (rows > 0) fn(ctx, 0, rows);
    return;
  }
  atomic_fetch_add(&jobs_split, 1);
  job_fn = fn, job_ctx = ctx, job_rows = rows, job_chunk = chunk;
  atomic_store(&next_row, 0);
  pthread_mutex_lock(&lock);
  int64_t job = atomic_load(&state) / 4 + 1;
  atomic_store_explicit(&state, job * 4 + OPEN, memory_order_release);
  pthread_cond_signal(&wake);
  pthread_mutex_unlock(&lock);
  claim();
  int64_t open = job * 4 + OPEN;
  if (!atomic_compare_exchange_strong(&state, &open, job * 4 + CLOSED))  // taken: wait for its last chunk
    while (atomic_load_explicit(&state, memory_order_acquire) != job * 4 + DONE) relax();
  pthread_mutex_unlock(&caller);
}

void split_rows_counts(long long *jobs, long long *joined) {
  *jobs = atomic_load(&jobs_split);
  *joined = atomic_load(&jobs_joined);
}
