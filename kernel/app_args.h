/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_APP_ARGS_H
#define ONEPATH_APP_ARGS_H
/*
 * The application's argv, from the words after "--" on the command line.
 * Words are separated by spaces, tabs and newlines; a double quote starts
 * a quoted run that ends at the next double quote (or the end of the
 * line), and the quotes are not part of the word: -- a "b c" d="e f"
 * gives a, b c and d=e f, as values are quoted for kernel options.
 * Compiles for the host too (tests/unit/test_app_args.c).
 */
#include <stddef.h>

#include "boot_params.h"
#include "../include/onepath/app.h"

enum app_args_error {
	APP_ARGS_OK = 0,
	APP_ARGS_TOO_MANY, /* E_APP_ARGS_TOO_MANY */
	APP_ARGS_TOO_LONG, /* E_APP_ARG_TOO_LONG */
};

struct app_args {
	int argc;
	char *argv[APP_ARGS_MAX + 1]; /* argv[argc] is NULL */
	/* Every word with its NUL fits in the line's bytes plus one. */
	char storage[BOOT_CMDLINE_MAX + 1];
};

/*
 * Splits line (the text after "--"; NULL or "" for none) into args, with
 * argv[0] = name.  On an error, message holds the named error and what
 * was wrong ("E_APP_ARG_TOO_LONG: argument 2 is 300 bytes, more than
 * 255").
 */
enum app_args_error app_args_split(const char *line, const char *name,
				   struct app_args *args, char *message,
				   size_t message_size);

/* The text after the first "--" word of the command line, or NULL if there
 * is none: the cmdline init entry sets it and stops reading options there. */
extern const char *app_args_line;

#endif
