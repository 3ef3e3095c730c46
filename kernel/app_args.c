/* SPDX-License-Identifier: MIT */
#include "app_args.h"

#include <stdbool.h>

#include "fmt.h"
#include "klib.h"

const char *app_args_line;

static bool is_separator(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

enum app_args_error app_args_split(const char *line, const char *name,
				   struct app_args *args, char *message,
				   size_t message_size)
{
	char *out = args->storage;
	const char *p = line ? line : "";

	args->argc = 1;
	args->argv[0] = (char *)name;
	message[0] = '\0';
	/* The storage bound holds for any line a command line can hold. */
	if (strlen(p) >= BOOT_CMDLINE_MAX) {
		fmt_snprintf(message, message_size,
			     "E_APP_ARG_TOO_LONG: the arguments are %zu bytes, "
			     "more than a command line holds (%d)",
			     strlen(p), BOOT_CMDLINE_MAX - 1);
		return APP_ARGS_TOO_LONG;
	}
	for (;;) {
		while (is_separator(*p))
			p++;
		if (!*p)
			break;
		if (args->argc == APP_ARGS_MAX) {
			fmt_snprintf(message, message_size,
				     "E_APP_ARGS_TOO_MANY: more than %d "
				     "arguments after --",
				     APP_ARGS_MAX - 1);
			return APP_ARGS_TOO_MANY;
		}
		char *word = out;
		bool quoted = false;

		for (; *p && (quoted || !is_separator(*p)); p++)
			if (*p == '"')
				quoted = !quoted;
			else
				*out++ = *p;
		*out++ = '\0';
		size_t length = (size_t)(out - 1 - word);

		if (length > APP_ARG_LENGTH_MAX) {
			fmt_snprintf(message, message_size,
				     "E_APP_ARG_TOO_LONG: argument %d is %zu "
				     "bytes, more than %d",
				     args->argc, length, APP_ARG_LENGTH_MAX);
			return APP_ARGS_TOO_LONG;
		}
		args->argv[args->argc++] = word;
	}
	args->argv[args->argc] = NULL;
	return APP_ARGS_OK;
}
