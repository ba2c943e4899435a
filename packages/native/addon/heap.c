// Every op result is a fresh typed array, and Node allocates large ones with calloc. glibc serves blocks
// over its mmap threshold (128 KiB at start) with fresh mappings: each first write to one of their pages
// faults, and freeing one unmaps it. A 1024 x 1024 product's 4 MiB result then costs ~1,000 page faults
// each time, about a sixth of the product (measured: 7.6 ms against 6.0 ms into memory already mapped).
// Served from the heap instead, freed blocks are reused with their pages already mapped. The price is
// memory the process keeps after a peak (up to TRIM_BYTES free at the top of the heap), as a caching
// allocator keeps it. Settings the user made (GLIBC_TUNABLES, MALLOC_*_ environment variables) win.
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
  return (tunables && strstr(tunables, "glibc.malloc.")) || getenv("MALLOC_MMAP_THRESHOLD_") || getenv("MALLOC_TRIM_THRESHOLD_");
}

void keep_heap_pages(void) {
#ifdef __GLIBC__
  if (kept || user_tuned()) return;
  kept = mallopt(M_MMAP_THRESHOLD, MMAP_FROM_BYTES) == 1 && mallopt(M_TRIM_THRESHOLD, TRIM_BYTES) == 1;
#endif
}

int heap_pages_kept(void) { return kept; }
