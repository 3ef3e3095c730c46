/* SPDX-License-Identifier: MIT */
/*
 * The heap (kernel/heap.c) driven by the input: each 4 bytes are one
 * operation (malloc, calloc, realloc or free) on one of 64 slots with a
 * size, on a page pool that can run dry.  Every live block carries a
 * pattern checked before it moves or is freed, so an overlap, a lost
 * copy or a block handed out twice is a crash; a panic is one too, since
 * the operations never free a block twice.
 */
#include "fuzz_common.h"
#include "kernel/heap.h"
#include "kernel/page_alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SLOTS 64
#define POOL_PAGES 64

static size_t pages_left;

uint64_t pages_alloc(size_t count)
{
	if (count > pages_left)
		return 0;
	void *first = aligned_alloc(PAGE_SIZE, count * PAGE_SIZE);

	CHECK(first);
	memset(first, 0, count * PAGE_SIZE);
	pages_left -= count;
	return (uint64_t)(uintptr_t)first;
}

void pages_free(uint64_t first, size_t count)
{
	free((void *)(uintptr_t)first);
	pages_left += count;
}

void panic(const char *format, ...)
{
	fprintf(stderr, "invariant failed: the heap panicked: %s\n", format);
	abort();
}

static uint8_t pattern(unsigned int id, size_t i)
{
	return (uint8_t)(id * 29 + i);
}

static void fill(uint8_t *block, unsigned int id, size_t size)
{
	for (size_t i = 0; i < size; i++)
		block[i] = pattern(id, i);
}

static void check(const uint8_t *block, unsigned int id, size_t size)
{
	for (size_t i = 0; i < size; i++)
		CHECK(block[i] == pattern(id, i));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The heap keeps its small pages between inputs: so does the pool. */
	static bool started;
	static uint8_t *block[SLOTS];
	static size_t length[SLOTS];
	static unsigned int id[SLOTS], ids;

	if (!started) {
		pages_left = POOL_PAGES;
		started = true;
	}
	for (size_t at = 0; at + 4 <= size; at += 4) {
		unsigned int op = data[at] & 3, k = (data[at] >> 2) % SLOTS;
		/* Up to 64 KiB: a page run of up to 17 pages. */
		size_t n = ((size_t)data[at + 1] | (size_t)data[at + 2] << 8) *
			   (data[at + 3] & 1 ? 1 : 1 + data[at + 3] % 5) %
			   65536;

		if (block[k] && op != 2) {
			check(block[k], id[k], length[k]);
			heap_free(block[k]);
			block[k] = NULL;
			continue;
		}
		if (op == 2 && block[k]) {
			size_t kept = n < length[k] ? n : length[k];

			check(block[k], id[k], length[k]);
			uint8_t *moved = heap_realloc(block[k], n);

			if (!n) {
				CHECK(!moved);
				block[k] = NULL;
				continue;
			}
			if (!moved)
				continue; /* out of pages: the old one stays */
			check(moved, id[k], kept);
			block[k] = moved;
		} else {
			block[k] = op == 1 ? heap_calloc(1, n) : heap_malloc(n);
			if (!block[k])
				continue;
			if (op == 1)
				for (size_t i = 0; i < n; i++)
					CHECK(block[k][i] == 0);
			id[k] = ++ids;
		}
		CHECK((uintptr_t)block[k] % HEAP_ALIGN == 0);
		CHECK(heap_usable_size(block[k]) >= n);
		length[k] = n;
		fill(block[k], id[k], n);
	}
	return 0;
}
