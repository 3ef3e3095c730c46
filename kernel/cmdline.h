/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_CMDLINE_H
#define ONEPATH_CMDLINE_H
/*
 * The command-line tokenizer.  It knows the syntax only; what a key means
 * is for the tables that use it.
 *
 * Words are separated by spaces, tabs and newlines; a word is `key` or
 * `key=value`.  A value that starts with a double quote runs to the next
 * double quote (or the end of the line if there is none) and the quotes
 * are not part of it: init.list="a b" has the value `a b`.  Tokens point
 * into the line, which is not modified.
 */
#include <stdbool.h>
#include <stddef.h>

struct cmdline_token {
	const char *key;
	size_t key_length;
	const char *value; /* "" (length 0) when there is no '=' */
	size_t value_length;
	bool has_value; /* "key=" has an empty value; "key" has none */
};

/*
 * Reads the word at *cursor into *token and moves *cursor past it.  False
 * at the end of the line.
 *
 *     const char *cursor = params->cmdline;
 *     struct cmdline_token token;
 *     while (cmdline_next(&cursor, &token))
 *             use(token.key, token.key_length, token.value, ...);
 */
bool cmdline_next(const char **cursor, struct cmdline_token *token);

/*
 * Walks the comma-separated items of [*cursor, end), typically a token's
 * value (init.skip=a,b): each call gives the next item that is not empty.
 * False when there are no more.
 */
bool cmdline_list_next(const char **cursor, const char *end, const char **item,
		       size_t *item_length);

#endif
