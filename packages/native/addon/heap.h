#pragma once

// Tunes the C allocator of the process for large, short-lived arrays (see heap.c). Once; idempotent.
void keep_heap_pages(void);

// Whether keep_heap_pages changed the allocator's settings (0 off glibc, or when the user set them).
int heap_pages_kept(void);
