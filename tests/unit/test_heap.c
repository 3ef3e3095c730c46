/* SPDX-License-Identifier: MIT */
/*
 * The heap (kernel/heap.c) on host pages: random allocation sequences
 * whose every block carries a pattern checked before it is freed (an
 * overlap or a lost copy breaks one), sizes, alignment, realloc, calloc,
 * exhaustion and the named panics of a bad free.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/heap.h"
#include "kernel/page_alloc.h"

/* --- what the kernel gives the heap, on the host ----------------------- */

#define RUNS_MAX 4096
static struct {
	uint64_t first;
	size_t count;
} runs[RUNS_MAX];
static size_t pages_out;     /* pages handed out and not given back */
static long pages_left = -1; /* -1: no limit */

uint64_t pages_alloc(size_t count)
{
	if (pages_left >= 0 && (long)count > pages_left)
		return 0;
	void *first = aligned_alloc(PAGE_SIZE, count * PAGE_SIZE);

	assert_non_null(first);
	memset(first, 0, count * PAGE_SIZE);
	for (size_t i = 0; i < RUNS_MAX; i++)
		if (!runs[i].first) {
			runs[i].first = (uint64_t)(uintptr_t)first;
			runs[i].count = count;
			pages_out += count;
			if (pages_left >= 0)
				pages_left -= (long)count;
			return runs[i].first;
		}
	fail_msg("more than %d page runs", RUNS_MAX);
	return 0;
}

void pages_free(uint64_t first, size_t count)
{
	for (size_t i = 0; i < RUNS_MAX; i++)
		if (runs[i].first == first) {
			assert_int_equal(runs[i].count, count);
			runs[i].first = 0;
			pages_out -= count;
			free((void *)(uintptr_t)first);
			return;
		}
	fail_msg("pages_free(0x%llx, %zu): not a run pages_alloc gave",
		 (unsigned long long)first, count);
}

static jmp_buf panicked;
static char panic_message[256];

void panic(const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vsnprintf(panic_message, sizeof(panic_message), format, args);
	va_end(args);
	longjmp(panicked, 1);
}

/* --- helpers ------------------------------------------------------------ */

/* The byte at offset i of block id: an overlap or a lost byte shows. */
static uint8_t pattern(unsigned int id, size_t i)
{
	return (uint8_t)(id * 131 + i * 7 + (i >> 8));
}

static void fill(uint8_t *block, unsigned int id, size_t size)
{
	for (size_t i = 0; i < size; i++)
		block[i] = pattern(id, i);
}

static void check(const uint8_t *block, unsigned int id, size_t size)
{
	for (size_t i = 0; i < size; i++)
		if (block[i] != pattern(id, i))
			fail_msg("block %u: byte %zu of %zu changed", id, i,
				 size);
}

/* xorshift: the same sequence on every run, for every seed. */
static uint64_t next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* Mostly small, sometimes a page or more, now and then 0. */
static size_t random_size(uint64_t *state)
{
	uint64_t r = next_random(state);

	switch (r % 8) {
	case 0: return (r >> 8) % 70000;
	case 1: return 0;
	default: return (r >> 8) % 600;
	}
}

/* --- tests ---------------------------------------------------------------- */

static void sizes_and_alignment(void **state)
{
	(void)state;
	for (size_t size = 0; size < 9000; size += size < 64 ? 1 : 61) {
		uint8_t *block = heap_malloc(size);

		assert_non_null(block);
		assert_int_equal((uintptr_t)block % HEAP_ALIGN, 0);
		assert_true(heap_usable_size(block) >= size);
		fill(block, 1, size);
		check(block, 1, size);
		heap_free(block);
	}
	assert_int_equal(heap_malloc(SIZE_MAX), NULL);
	assert_int_equal(heap_malloc(SIZE_MAX / 2 + 1), NULL);
	heap_free(NULL);
}

#define LIVE_MAX 512
#define STEPS 20000

static void random_sequences(void **state)
{
	static const uint64_t seeds[] = { 1, 0x9e3779b97f4a7c15ull, 42,
					  0xdeadbeef, 7777 };

	(void)state;
	for (size_t s = 0; s < sizeof(seeds) / sizeof(seeds[0]); s++) {
		static uint8_t *block[LIVE_MAX];
		static size_t size[LIVE_MAX];
		static unsigned int id[LIVE_MAX];
		uint64_t random = seeds[s];
		unsigned int ids = 0;
		size_t large_before = pages_out;

		memset(block, 0, sizeof(block));
		for (int step = 0; step < STEPS; step++) {
			size_t k = next_random(&random) % LIVE_MAX;
			uint64_t what = next_random(&random) % 3;

			if (!block[k]) {
				size[k] = random_size(&random);
				block[k] = heap_malloc(size[k]);
				assert_non_null(block[k]);
				id[k] = ++ids;
				fill(block[k], id[k], size[k]);
			} else if (what == 0) {
				check(block[k], id[k], size[k]);
				heap_free(block[k]);
				block[k] = NULL;
			} else {
				size_t grown = random_size(&random);
				size_t kept = grown < size[k] ? grown : size[k];

				check(block[k], id[k], size[k]);
				uint8_t *moved = heap_realloc(block[k], grown);

				if (!grown) {
					assert_null(moved);
					block[k] = NULL;
					continue;
				}
				assert_non_null(moved);
				assert_int_equal((uintptr_t)moved % HEAP_ALIGN,
						 0);
				check(moved, id[k], kept);
				block[k] = moved;
				size[k] = grown;
				fill(moved, id[k], grown);
			}
		}
		for (size_t k = 0; k < LIVE_MAX; k++)
			if (block[k]) {
				check(block[k], id[k], size[k]);
				heap_free(block[k]);
			}
		/* Large blocks went back; small pages stay for reuse, a
		 * bounded number of them. */
		assert_true(pages_out <= large_before + 8 * 64);
	}
}

static void calloc_zeroes_reused_blocks(void **state)
{
	(void)state;
	uint8_t *block = heap_malloc(100);

	memset(block, 0xff, 100);
	heap_free(block);
	uint8_t *zeroed = heap_calloc(25, 4);

	assert_ptr_equal(zeroed, block); /* the same block, reused */
	for (int i = 0; i < 100; i++)
		assert_int_equal(zeroed[i], 0);
	heap_free(zeroed);
	assert_null(heap_calloc(SIZE_MAX / 2, 4));
	assert_null(heap_calloc(4, SIZE_MAX / 2));
	void *empty = heap_calloc(0, 8);

	assert_non_null(empty);
	heap_free(empty);
}

static void realloc_keeps_contents(void **state)
{
	(void)state;
	uint8_t *block = heap_realloc(NULL, 10);

	fill(block, 5, 10);
	block = heap_realloc(block, 20000); /* small to large */
	check(block, 5, 10);
	fill(block, 6, 20000);
	block = heap_realloc(block, 30); /* large to small */
	check(block, 6, 30);
	assert_null(heap_realloc(block, 0)); /* frees it */
	assert_null(heap_realloc(heap_malloc(8), SIZE_MAX));
}

static void exhaustion_returns_null(void **state)
{
	(void)state;
	pages_left = 0;
	assert_null(heap_malloc(5000));
	assert_null(heap_malloc(70000));
	pages_left = -1;
	void *block = heap_malloc(3000);

	assert_non_null(block);
	heap_free(block);
}

static void expect_panic(void (*bad)(void), const char *named)
{
	panic_message[0] = '\0';
	if (!setjmp(panicked)) {
		bad();
		fail_msg("no panic, expected %s", named);
	}
	if (!strstr(panic_message, named))
		fail_msg("panic \"%s\", expected %s", panic_message, named);
}

static void double_free(void)
{
	void *block = heap_malloc(40);

	heap_free(block);
	heap_free(block);
}

static void foreign_pointer(void)
{
	static uint64_t not_a_block[8] __attribute__((aligned(16)));

	heap_free(&not_a_block[2]);
}

static void misaligned_pointer(void)
{
	uint8_t *block = heap_malloc(64);

	heap_free(block + 8);
}

static void realloc_freed(void)
{
	void *block = heap_malloc(16);

	heap_free(block);
	heap_realloc(block, 32);
}

static void bad_frees_are_named(void **state)
{
	(void)state;
	expect_panic(double_free, "E_HEAP_DOUBLE_FREE: free(");
	expect_panic(foreign_pointer, "E_HEAP_BAD_POINTER: free(");
	expect_panic(misaligned_pointer, "E_HEAP_BAD_POINTER: free(");
	expect_panic(realloc_freed, "E_HEAP_DOUBLE_FREE: realloc(");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sizes_and_alignment),
		cmocka_unit_test(random_sequences),
		cmocka_unit_test(calloc_zeroes_reused_blocks),
		cmocka_unit_test(realloc_keeps_contents),
		cmocka_unit_test(exhaustion_returns_null),
		cmocka_unit_test(bad_frees_are_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
