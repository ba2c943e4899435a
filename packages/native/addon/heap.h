#ifndef RECTIFY_NATIVE_HEAP_H
#define RECTIFY_NATIVE_HEAP_H

// Tunes the C allocator of the process for large, short-lived arrays (see heap.c). Once; idempotent.
void keep_heap_pages(void);

// Whether keep_heap_pages changed glibc's allocator settings (0 off glibc, when the user set them, or with
// RECTIFY_NATIVE_KEEP_HEAP=0).
int heap_pages_kept(void);
#endif
