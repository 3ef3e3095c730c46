/* SPDX-License-Identifier: MIT */
/* The C library's names for the heap (kernel/heap.h), for apps. */
#include "heap.h"
#include "../include/onepath/app.h"

void *malloc(size_t size)
{
	return heap_malloc(size);
}

void *calloc(size_t count, size_t size)
{
	return heap_calloc(count, size);
}

void *realloc(void *pointer, size_t size)
{
	return heap_realloc(pointer, size);
}

void free(void *pointer)
{
	heap_free(pointer);
}
