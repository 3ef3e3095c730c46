/* SPDX-License-Identifier: MIT */
#include "cmdline.h"

#include "klib.h"

static bool is_separator(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

bool cmdline_next(const char **cursor, struct cmdline_token *token)
{
	const char *p = *cursor;

	while (is_separator(*p))
		p++;
	if (!*p) {
		*cursor = p;
		return false;
	}

	token->key = p;
	while (*p && *p != '=' && !is_separator(*p))
		p++;
	token->key_length = (size_t)(p - token->key);
	token->value = "";
	token->value_length = 0;
	token->has_value = *p == '=';

	if (token->has_value) {
		p++;
		if (*p == '"') {
			token->value = ++p;
			while (*p && *p != '"')
				p++;
			token->value_length = (size_t)(p - token->value);
			if (*p == '"')
				p++;
		} else {
			token->value = p;
			while (*p && !is_separator(*p))
				p++;
			token->value_length = (size_t)(p - token->value);
		}
	}
	*cursor = p;
	return true;
}

bool cmdline_list_next(const char **cursor, const char *end, const char **item,
		       size_t *item_length)
{
	const char *p = *cursor;

	while (p < end && *p == ',')
		p++;
	if (p >= end) {
		*cursor = end;
		return false;
	}
	*item = p;
	while (p < end && *p != ',')
		p++;
	*item_length = (size_t)(p - *item);
	*cursor = p;
	return true;
}
