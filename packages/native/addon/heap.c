// Every op result is a fresh typed array, and Node allocates large ones with calloc. glibc's defaults give
// such blocks fresh mappings and hand freed memory at the top of its heaps back to the system, so the
// pages of the next result fault in again on first write: a 1024 x 1024 product's 4 MiB result cost ~1,000
// page faults each time, about a sixth of the product (measured: 7.4-7.8 ms against 5.9-6.6 ms, page faults 400K
// -> 70K over the run). With blocks up to 32 MiB served from the heap and up to TRIM_BYTES of free memory
// kept at the top of each heap (arena), freed blocks are reused with their pages mapped. The price is
// memory the process keeps after a peak, as a caching allocator keeps it (per arena, and free memory
// below a live block is kept anyway). Settings the user made win: GLIBC_TUNABLES with glibc.malloc.*,
// MALLOC_MMAP_THRESHOLD_ or MALLOC_TRIM_THRESHOLD_, and RECTIFY_NATIVE_KEEP_HEAP=0 turns it off.
#include "heap.h"

#include <stdlib.h>
#include <string.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

// Blocks up to this size come from the heap (glibc's largest accepted mmap threshold on 64-bit).
#define MMAP_FROM_BYTES (32 * 1024 * 1024)
// Free memory at the top of the heap kept mapped instead of returned to the system.
#define TRIM_BYTES (256 * 1024 * 1024)

static int kept = 0;

static int user_tuned(void) {
  const char *tunables = getenv("GLIBC_TUNABLES");
  const char *keep = getenv("RECTIFY_NATIVE_KEEP_HEAP");
  return (tunables && strstr(tunables, "glibc.malloc.")) || getenv("MALLOC_MMAP_THRESHOLD_") || getenv("MALLOC_TRIM_THRESHOLD_") ||
         (keep && strcmp(keep, "0") == 0);
}

void keep_heap_pages(void) {
#ifdef __GLIBC__
  if (kept || user_tuned()) return;
  kept = mallopt(M_MMAP_THRESHOLD, MMAP_FROM_BYTES) == 1 && mallopt(M_TRIM_THRESHOLD, TRIM_BYTES) == 1;
#endif
}

int heap_pages_kept(void) { return kept; }
