/* SPDX-License-Identifier: MIT */
/*
 * The command-line tokenizer and the list splitter.  The input is a
 * command line: the tokenizer gets it NUL-terminated, as boot_params
 * holds it, and every token's value goes through the list splitter.  The
 * splitter also gets the raw input, which has no NUL: it must stop at the
 * end it is given, and libFuzzer's buffer ends exactly there.
 */
#include "fuzz_common.h"
#include "kernel/cmdline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool within(const char *p, const char *start, const char *end)
{
	return p >= start && p <= end;
}

/* Items lie in [start, end), are not empty and hold no comma. */
static void split(const char *start, const char *end)
{
	const char *cursor = start, *item, *last = start;
	size_t length, items = 0;

	while (cmdline_list_next(&cursor, end, &item, &length)) {
		CHECK(within(item, last, end) && length >= 1);
		CHECK(length <= (size_t)(end - item));
		CHECK(!memchr(item, ',', length));
		CHECK(item == start || item[-1] == ',');
		CHECK(item + length == end || item[length] == ',');
		CHECK(cursor == item + length);
		last = cursor;
		CHECK(++items <= (size_t)(end - start));
	}
	CHECK(cursor == end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	const char *cursor, *end;
	struct cmdline_token token;
	size_t tokens = 0;

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	end = line + strlen(line);

	cursor = line;
	while (cmdline_next(&cursor, &token)) {
		const char *before = token.key;

		CHECK(within(token.key, line, end));
		CHECK(token.key_length <= (size_t)(end - token.key));
		CHECK(!memchr(token.key, '=', token.key_length));
		CHECK(!memchr(token.key, ' ', token.key_length));
		if (token.has_value) {
			CHECK(within(token.value, line, end));
			CHECK(token.value_length <=
			      (size_t)(end - token.value));
			CHECK(token.value > token.key + token.key_length);
			split(token.value, token.value + token.value_length);
		} else {
			CHECK(token.value_length == 0);
			CHECK(token.value && token.value[0] == '\0');
		}
		CHECK(within(cursor, line, end) && cursor > before);
		CHECK(++tokens <= size);
	}
	CHECK(cursor == end);
	free(line);

	split((const char *)data, (const char *)data + size);
	return 0;
}
