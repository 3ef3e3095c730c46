/* SPDX-License-Identifier: MIT */
/*
 * The kernel's memcpy and memset, renamed so the host's stay in charge
 * here, inlined with constant sizes the way LTO inlines them in the
 * kernel: a size whose 8-byte count equals its remainder (9: one word,
 * one byte) must not lose its tail.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define memcpy klib_memcpy
#define memmove klib_memmove
#define memset klib_memset
#define memcmp klib_memcmp
#define strlen klib_strlen
#define strcmp klib_strcmp
#define strncmp klib_strncmp
#include "kernel/klib.c"
#undef memcpy
#undef memset

static const char source[] = "0123456789abcdefghij";

#define COPY_OF(n)                                                             \
	__attribute__((flatten, noinline)) static void copy_##n(char *to)      \
	{                                                                      \
		klib_memcpy(to, source, n);                                    \
	}                                                                      \
	__attribute__((flatten, noinline)) static void fill_##n(char *to)      \
	{                                                                      \
		klib_memset(to, 'x', n);                                       \
	}
COPY_OF(1)
COPY_OF(9)
COPY_OF(18)
COPY_OF(19)

static void check(void (*copy)(char *), void (*fill)(char *), size_t n)
{
	char got[32], want[32];

	memset(got, '-', sizeof(got));
	memset(want, '-', sizeof(want));
	memcpy(want, source, n);
	copy(got);
	assert_memory_equal(got, want, sizeof(got));
	memset(want, 'x', n);
	fill(got);
	assert_memory_equal(got, want, sizeof(got));
}

static void constant_sizes_keep_their_tail(void **state)
{
	(void)state;
	check(copy_1, fill_1, 1);
	check(copy_9, fill_9, 9);
	check(copy_18, fill_18, 18);
	check(copy_19, fill_19, 19);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(constant_sizes_keep_their_tail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
