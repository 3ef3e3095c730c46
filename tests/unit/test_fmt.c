/* SPDX-License-Identifier: MIT */
/* fmt_snprintf against the C library's snprintf, format by format. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kernel/fmt.h"

/* The C library's, out of sight of -Wformat-truncation: cutting the
 * output short is the point. */
static int reference(char *buffer, size_t size, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

static int reference(char *buffer, size_t size, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	int length = vsnprintf(buffer, size, format, args);
	va_end(args);
	return length;
}

/*
 * Formats with both, into buffers of every size from 0 to 40 (so every
 * truncation point is seen), and compares text, return value, and that
 * nothing is written past the size.
 */
#define SAME(...)                                                              \
	do {                                                                   \
		char expected[64], got[64];                                    \
		int expected_length =                                          \
			reference(expected, sizeof(expected), __VA_ARGS__);    \
		int got_length = fmt_snprintf(got, sizeof(got), __VA_ARGS__);  \
		assert_string_equal(got, expected);                            \
		assert_int_equal(got_length, expected_length);                 \
		for (size_t size = 0; size <= 40; size++) {                    \
			memset(expected, '#', sizeof(expected));               \
			memset(got, '#', sizeof(got));                         \
			expected_length =                                      \
				reference(expected, size, __VA_ARGS__);        \
			got_length = fmt_snprintf(got, size, __VA_ARGS__);     \
			assert_int_equal(got_length, expected_length);         \
			assert_memory_equal(got, expected, sizeof(got));       \
		}                                                              \
	} while (0)

static void plain_text(void **state)
{
	(void)state;
	SAME("%s", "");
	SAME("hello, world");
	SAME("100%% sure");
	SAME("%%");
}

static void strings_and_characters(void **state)
{
	(void)state;
	SAME("%s", "text");
	SAME("[%s|%s]", "a", "bc");
	SAME("[%8s]", "right");
	SAME("[%-8s]", "left");
	SAME("[%2s]", "longer than width");
	SAME("[%.3s]", "abcdef");
	SAME("[%.*s]", 2, "abcdef");
	SAME("[%.*s]", 10, "abc");
	SAME("[%-6.2s]", "abcdef");
	SAME("[%c%c%c]", 'x', 'y', 'z');
	SAME("[%3c]", 'c');
	SAME("[%-3c]", 'c');
}

static void signed_decimals(void **state)
{
	(void)state;
	SAME("%d", 0);
	SAME("%d %i", 42, -42);
	SAME("%d", INT_MAX);
	SAME("%d", INT_MIN);
	SAME("[%5d]", -42);
	SAME("[%-5d]", -42);
	SAME("[%05d]", 42);
	SAME("[%05d]", -42);
	SAME("[%1d]", 12345);
	SAME("%ld", LONG_MIN);
	SAME("%ld", LONG_MAX);
	SAME("%lld", LLONG_MIN);
	SAME("%lli", LLONG_MAX);
	SAME("%zd", (ssize_t)-7);
	SAME("[%*d]", 6, 31);
	SAME("[%*d]", -6, 31);
}

static void unsigned_and_hex(void **state)
{
	(void)state;
	SAME("%u", 0u);
	SAME("%u", UINT_MAX);
	SAME("%lu", ULONG_MAX);
	SAME("%llu", ULLONG_MAX);
	SAME("%zu", SIZE_MAX);
	SAME("%zu", sizeof(long));
	SAME("%x %X", 0xdeadbeefu, 0xdeadbeefu);
	SAME("%x", 0u);
	SAME("0x%08x", 0x1234u);
	SAME("0x%016llx", 0xfffffffffffff000ull);
	SAME("[%-10x]", 0xabcu);
	SAME("%llX", 0x0123456789abcdefull);
	SAME("%lx", 0x8000000000000000ul);
	SAME("%zx", (size_t)0x1000);
}

static void pointers(void **state)
{
	int local;

	(void)state;
	/* Non-NULL only: glibc prints "(nil)" where we print 0x0. */
	SAME("%p", (void *)&local);
	SAME("%p", (void *)0x1000);
	SAME("[%20p]", (void *)0xb8000);
}

static void mixed(void **state)
{
	(void)state;
	SAME("%s: %u entries at 0x%llx (%d%%)", "memmap", 7u, 0x100000ull, 99);
	SAME("module %u [0x%llx, 0x%llx) is outside memory", 3u, 0x200000ull,
	     0x1ffffffffull);
	SAME("%c%s%c", '<', "", '>');
}

/*
 * Text and strings are read 8 bytes at a time: every length around a
 * multiple of 8, every offset from an 8-byte boundary, '%' and the NUL at
 * every place in a word.
 */
static void every_length_and_offset(void **state)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";
	char format[48];

	(void)state;
	for (size_t offset = 0; offset < 8; offset++)
		for (size_t length = 0; length + offset < 26; length++) {
			SAME("%.*s|", (int)length, letters + offset);
			SAME("[%s]", letters + sizeof(letters) - 1 - length);
			memcpy(format, letters + offset, length);
			strcpy(format + length, "%d<");
			SAME(format, (int)length);
		}
}

/*
 * A format and a string that end where the next page is unreadable: the
 * reads 8 bytes at a time must not go past the page of their last byte.
 */
static void text_at_the_end_of_a_page(void **state)
{
	long page = sysconf(_SC_PAGESIZE);
	char *pages = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char got[64];

	(void)state;
	assert_true(pages != MAP_FAILED);
	assert_int_equal(mprotect(pages + page, (size_t)page, PROT_NONE), 0);
	for (size_t length = 1; length <= 12; length++) {
		char *text = pages + page - length;

		memset(text, 'x', length - 1);
		text[length - 1] = '\0';
		assert_int_equal(fmt_snprintf(got, sizeof(got), "<%s>", text),
				 (int)length + 1);
		assert_int_equal(fmt_snprintf(got, sizeof(got), text),
				 (int)length - 1);
		text[length - 1] = 'y'; /* no NUL: the precision stops it */
		assert_int_equal(fmt_snprintf(got, sizeof(got), "%.*s",
					      (int)length, text),
				 (int)length);
		assert_int_equal(got[length - 1], 'y');
	}
	munmap(pages, 2 * (size_t)page);
}

static void null_string(void **state)
{
	char got[16];
	const char *volatile none = NULL; /* unseen by -Wformat-overflow */

	(void)state;
	assert_int_equal(fmt_snprintf(got, sizeof(got), "%s", none), 6);
	assert_string_equal(got, "(null)");
}

static void zero_size_writes_nothing(void **state)
{
	char got[4] = "abc";

	(void)state;
	assert_int_equal(fmt_snprintf(got, 0, "%d", 12345), 5);
	assert_string_equal(got, "abc");
	assert_int_equal(fmt_snprintf(NULL, 0, "%s", "xyz"), 3);
}

/* The pieces built lines are made of (log_line_put_*), against the
 * conversions they stand for. */
static void pieces(void **state)
{
	static const uint64_t values[] = { 0,         1,
					   9,         10,
					   99,        100,
					   0xf,       0x10,
					   0xff,      0x100,
					   0x9efff,   1000000,
					   0xffe1a00, UINT64_MAX / 3,
					   UINT64_MAX };
	static const char *const texts[] = { "", "a", "init-only code",
					     "xen_hypercall_page" };
	char expected[64], got[64];

	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		char *end = got + 32, *start;
		unsigned long long value = values[i];

		snprintf(expected, sizeof(expected), "%llu", value);
		start = fmt_decimal(end, values[i]);
		assert_memory_equal(start, expected, (size_t)(end - start));
		assert_int_equal(end - start, strlen(expected));
		snprintf(expected, sizeof(expected), "%llx", value);
		start = fmt_hex(end, values[i]);
		assert_memory_equal(start, expected, (size_t)(end - start));
		assert_int_equal(end - start, strlen(expected));
		snprintf(expected, sizeof(expected), "%016llx", value);
		memset(got, '#', sizeof(got));
		fmt_hex16(got, values[i]);
		assert_memory_equal(got, expected, 16);
		assert_int_equal(got[16], '#');
	}
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		for (size_t limit = 0; limit <= 20; limit++) {
			size_t length = strlen(texts[i]);
			size_t n = length < limit ? length : limit;

			memset(got, '#', sizeof(got));
			assert_ptr_equal(fmt_copy_string(got, texts[i], limit),
					 got + n);
			assert_memory_equal(got, texts[i], n);
			assert_int_equal(got[n], '#');
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_text),
		cmocka_unit_test(strings_and_characters),
		cmocka_unit_test(signed_decimals),
		cmocka_unit_test(unsigned_and_hex),
		cmocka_unit_test(pointers),
		cmocka_unit_test(mixed),
		cmocka_unit_test(every_length_and_offset),
		cmocka_unit_test(text_at_the_end_of_a_page),
		cmocka_unit_test(null_string),
		cmocka_unit_test(zero_size_writes_nothing),
		cmocka_unit_test(pieces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
