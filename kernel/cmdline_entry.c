/* SPDX-License-Identifier: MIT */
/*
 * The command line, as the first init entry: every word before "--" must
 * be claimed by an option of the CMDLINE_OPTIONS table, or the boot stops;
 * the words after it are the application's argv (kernel/app.c).  Silently
 * ignoring a misspelt option would leave a test believing it ran a case
 * it did not.
 */
#include "app_args.h"
#include "cmdline.h"
#include "cmdline_option.h"
#include "klib.h"
#include "log.h"
#include "status.h"
#include "../tables/init.h"

/* Whether name is the key, compared up to the first byte that differs:
 * most options differ from a word in its first byte. */
static __init bool option_is(const char *name,
			     const struct cmdline_token *token)
{
	size_t i = 0;

	while (i < token->key_length && name[i] == token->key[i])
		i++;
	return i == token->key_length && !name[i];
}

static __init const struct cmdline_option *
find_option(const struct cmdline_token *token)
{
	const struct cmdline_option *option;

	TABLE_FOR_EACH(option, CMDLINE_OPTIONS)
		if (option_is(option->name, token))
			return option;
	return NULL;
}

static __init int cmdline_init(struct boot_params *params)
{
	const char *cursor = params->cmdline;
	struct cmdline_token token;

	while (cmdline_next(&cursor, &token)) {
		/* The rest of the line is the app's (kernel/app_args.h). */
		if (token.key_length == 2 && !memcmp(token.key, "--", 2) &&
		    !token.has_value) {
			app_args_line = cursor;
			break;
		}
		const struct cmdline_option *option = find_option(&token);

		if (!option) {
			log_err("cmdline: E_CMDLINE_UNKNOWN_OPTION: no option "
				"'%.*s' "
				"(docs/command-line.md lists them)",
				(int)token.key_length, token.key);
			return STATUS_EINVAL;
		}
		int status = option->parse(token.value, token.value_length,
					   token.has_value);
		if (status) {
			log_err("cmdline: E_CMDLINE_BAD_VALUE: %.*s: expected "
				"%s",
				(int)token.key_length, token.key,
				option->usage);
			return status;
		}
	}
	return STATUS_OK;
}

INIT_ENTRY(cmdline, CMDLINE, SUBARCH_ALL, cmdline_init, INIT_NO_DEPS,
	   .flags = INIT_CRITICAL);
