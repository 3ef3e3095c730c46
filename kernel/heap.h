/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_HEAP_H
#define ONEPATH_HEAP_H
/*
 * The heap behind malloc, calloc, realloc and free (include/onepath/app.h
 * says what they promise).  Blocks carry a 16-byte header, so payloads
 * are 16-byte aligned.  Up to HEAP_SMALL_MAX bytes come from size
 * classes of 32 to 4096 bytes (header included), carved out of single
 * pages and kept on per-class free lists; larger ones are runs of
 * contiguous pages of their own, given back to the page allocator when
 * freed.  A bad free is a panic with a named error.
 *
 * It compiles for the host too: tests/unit/test_heap.c and
 * tests/fuzz/fuzz_heap.c supply pages_alloc, pages_free and panic.
 */
#include <stddef.h>
#include <stdint.h>

#define HEAP_ALIGN 16
#define HEAP_SMALL_MAX (4096 - HEAP_ALIGN)

void *heap_malloc(size_t size);
void *heap_calloc(size_t count, size_t size);
void *heap_realloc(void *pointer, size_t size);
void heap_free(void *pointer);

/* What the heap can hand out without a new page: for the tests. */
size_t heap_usable_size(const void *pointer);

#endif
