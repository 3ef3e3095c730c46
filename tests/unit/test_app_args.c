/* SPDX-License-Identifier: MIT */
/* The app's argv from the words after "--": quotes, limits, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "kernel/app_args.h"

static struct app_args args;
static char message[128];

static void expect_words(const char *line, int argc, const char *const *want)
{
	assert_int_equal(
		app_args_split(line, "app", &args, message, sizeof(message)),
		APP_ARGS_OK);
	assert_string_equal(message, "");
	assert_int_equal(args.argc, argc);
	assert_string_equal(args.argv[0], "app");
	for (int i = 1; i < argc; i++)
		assert_string_equal(args.argv[i], want[i - 1]);
	assert_null(args.argv[argc]);
}

static void words_and_quotes(void **state)
{
	(void)state;
	expect_words(NULL, 1, NULL);
	expect_words("", 1, NULL);
	expect_words("  \t\n ", 1, NULL);
	expect_words(" a  \"b c\"\tx=\"e f\" ", 4,
		     (const char *const[]){ "a", "b c", "x=e f" });
	expect_words("\"\" \"a\"\"b\"", 3, (const char *const[]){ "", "ab" });
	/* An unclosed quote runs to the end, as for option values. */
	expect_words("a \"b c", 3, (const char *const[]){ "a", "b c" });
	expect_words("-- --x", 3, (const char *const[]){ "--", "--x" });
}

static void limits(void **state)
{
	char line[BOOT_CMDLINE_MAX + 8];
	size_t at = 0;

	(void)state;
	/* APP_ARGS_MAX - 1 words pass, one more is named. */
	for (int i = 0; i < APP_ARGS_MAX - 1; i++)
		at += (size_t)snprintf(line + at, sizeof(line) - at, "w%d ", i);
	assert_int_equal(
		app_args_split(line, "app", &args, message, sizeof(message)),
		APP_ARGS_OK);
	assert_int_equal(args.argc, APP_ARGS_MAX);
	snprintf(line + at, sizeof(line) - at, "one-more");
	assert_int_equal(
		app_args_split(line, "app", &args, message, sizeof(message)),
		APP_ARGS_TOO_MANY);
	assert_string_equal(message, "E_APP_ARGS_TOO_MANY: more than 63 "
				     "arguments after --");

	/* A word of APP_ARG_LENGTH_MAX bytes passes, one more byte is named,
	 * quotes not counted. */
	memset(line, 'x', APP_ARG_LENGTH_MAX);
	strcpy(line + APP_ARG_LENGTH_MAX, " \"y\"");
	assert_int_equal(
		app_args_split(line, "app", &args, message, sizeof(message)),
		APP_ARGS_OK);
	assert_int_equal(strlen(args.argv[1]), APP_ARG_LENGTH_MAX);
	line[0] = 'a';
	line[1] = ' ';
	memset(line + 2, 'x', APP_ARG_LENGTH_MAX + 1);
	line[APP_ARG_LENGTH_MAX + 3] = '\0';
	assert_int_equal(
		app_args_split(line, "app", &args, message, sizeof(message)),
		APP_ARGS_TOO_LONG);
	assert_string_equal(message, "E_APP_ARG_TOO_LONG: argument 2 is 256 "
				     "bytes, more than 255");

	/* Longer than any command line: refused before the storage runs out. */
	memset(line, ' ', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	assert_int_equal(
		app_args_split(line, "app", &args, message, sizeof(message)),
		APP_ARGS_TOO_LONG);
}

/* The worst case for the storage: a whole command line of one-byte words. */
static void storage_holds_a_full_line(void **state)
{
	char line[BOOT_CMDLINE_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(line) - 1; i++)
		line[i] = i % 2 ? ' ' : 'q';
	line[sizeof(line) - 1] = '\0';
	/* 2048 words: too many, but found so only after 63. */
	assert_int_equal(
		app_args_split(line, "app", &args, message, sizeof(message)),
		APP_ARGS_TOO_MANY);
	memset(line, 'q', sizeof(line) - 1);
	assert_int_equal(
		app_args_split(line, "app", &args, message, sizeof(message)),
		APP_ARGS_TOO_LONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words_and_quotes),
		cmocka_unit_test(limits),
		cmocka_unit_test(storage_holds_a_full_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
