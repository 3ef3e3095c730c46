/* SPDX-License-Identifier: MIT */
/* The command-line tokenizer: words, values, quotes, lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kernel/cmdline.h"

static void expect_token(const char **cursor, const char *key,
			 const char *value)
{
	struct cmdline_token token;

	assert_true(cmdline_next(cursor, &token));
	assert_int_equal(token.key_length, strlen(key));
	assert_memory_equal(token.key, key, strlen(key));
	if (!value) {
		assert_false(token.has_value);
		assert_int_equal(token.value_length, 0);
		assert_non_null(token.value);
		return;
	}
	assert_true(token.has_value);
	assert_int_equal(token.value_length, strlen(value));
	assert_memory_equal(token.value, value, strlen(value));
}

static void expect_end(const char **cursor)
{
	struct cmdline_token token;

	assert_false(cmdline_next(cursor, &token));
	assert_int_equal(**cursor, '\0');
	/* And stays at the end. */
	assert_false(cmdline_next(cursor, &token));
}

static void empty_lines_have_no_tokens(void **state)
{
	const char *cursor = "";

	(void)state;
	expect_end(&cursor);
	cursor = " \t\n  ";
	expect_end(&cursor);
}

static void keys_and_values(void **state)
{
	const char *cursor = "init.list console=com1 loglevel=7";

	(void)state;
	expect_token(&cursor, "init.list", NULL);
	expect_token(&cursor, "console", "com1");
	expect_token(&cursor, "loglevel", "7");
	expect_end(&cursor);
}

static void separators_are_spaces_tabs_and_newlines(void **state)
{
	const char *cursor = "\t a=1\t\tb\n\nc=3 \n";

	(void)state;
	expect_token(&cursor, "a", "1");
	expect_token(&cursor, "b", NULL);
	expect_token(&cursor, "c", "3");
	expect_end(&cursor);
}

static void empty_value_is_a_value(void **state)
{
	const char *cursor = "a= b";

	(void)state;
	expect_token(&cursor, "a", "");
	expect_token(&cursor, "b", NULL);
	expect_end(&cursor);
}

static void value_keeps_later_equals_signs(void **state)
{
	const char *cursor = "a=b=c =d";

	(void)state;
	expect_token(&cursor, "a", "b=c");
	/* A word starting with '=' has an empty key. */
	expect_token(&cursor, "", "d");
	expect_end(&cursor);
}

static void quoted_values(void **state)
{
	const char *cursor = "a=\"x y\" b=\"\" c=\"k=v, w\"";

	(void)state;
	expect_token(&cursor, "a", "x y");
	expect_token(&cursor, "b", "");
	expect_token(&cursor, "c", "k=v, w");
	expect_end(&cursor);
}

static void text_after_a_closing_quote_is_the_next_word(void **state)
{
	const char *cursor = "a=\"x\"y z";

	(void)state;
	expect_token(&cursor, "a", "x");
	expect_token(&cursor, "y", NULL);
	expect_token(&cursor, "z", NULL);
	expect_end(&cursor);
}

static void unterminated_quote_runs_to_the_end(void **state)
{
	const char *cursor = "a=1 b=\"two words c=3";

	(void)state;
	expect_token(&cursor, "a", "1");
	expect_token(&cursor, "b", "two words c=3");
	expect_end(&cursor);
}

static void quotes_inside_a_plain_value_are_kept(void **state)
{
	const char *cursor = "a=x\"y b";

	(void)state;
	expect_token(&cursor, "a", "x\"y");
	expect_token(&cursor, "b", NULL);
	expect_end(&cursor);
}

static void collect_list(const char *value, size_t length, char *out)
{
	const char *cursor = value, *item;
	size_t item_length;

	out[0] = '\0';
	while (cmdline_list_next(&cursor, value + length, &item,
				 &item_length)) {
		assert_true(item_length > 0);
		strcat(out, "[");
		strncat(out, item, item_length);
		strcat(out, "]");
	}
	assert_ptr_equal(cursor, value + length);
}

static void list_items(void **state)
{
	char out[64];

	(void)state;
	collect_list("a,b,c", 5, out);
	assert_string_equal(out, "[a][b][c]");
	collect_list("single", 6, out);
	assert_string_equal(out, "[single]");
}

static void list_skips_empty_items(void **state)
{
	char out[64];

	(void)state;
	collect_list(",,a,,b,", 7, out);
	assert_string_equal(out, "[a][b]");
	collect_list(",,,", 3, out);
	assert_string_equal(out, "");
	collect_list("", 0, out);
	assert_string_equal(out, "");
}

static void list_stops_at_its_end(void **state)
{
	char out[64];
	/* A token's value is not NUL-terminated: the list ends at end. */
	const char *line = "init.skip=a,b other=c,d";
	const char *cursor = line;
	struct cmdline_token token;

	(void)state;
	assert_true(cmdline_next(&cursor, &token));
	collect_list(token.value, token.value_length, out);
	assert_string_equal(out, "[a][b]");
	collect_list("abc,def", 5, out);
	assert_string_equal(out, "[abc][d]");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_lines_have_no_tokens),
		cmocka_unit_test(keys_and_values),
		cmocka_unit_test(separators_are_spaces_tabs_and_newlines),
		cmocka_unit_test(empty_value_is_a_value),
		cmocka_unit_test(value_keeps_later_equals_signs),
		cmocka_unit_test(quoted_values),
		cmocka_unit_test(text_after_a_closing_quote_is_the_next_word),
		cmocka_unit_test(unterminated_quote_runs_to_the_end),
		cmocka_unit_test(quotes_inside_a_plain_value_are_kept),
		cmocka_unit_test(list_items),
		cmocka_unit_test(list_skips_empty_items),
		cmocka_unit_test(list_stops_at_its_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
