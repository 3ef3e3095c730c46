/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_CMDLINE_OPTION_H
#define ONEPATH_CMDLINE_OPTION_H
/*
 * Kernel command-line options: a linker table, each option declared next
 * to the code it configures.  The cmdline init entry looks every word up
 * here; a word no entry claims stops the boot with a named error.
 * docs/command-line.md documents exactly this table (a test compares them).
 *
 *     CMDLINE_OPTION(loglevel_option) = {
 *             .name = "loglevel", .usage = "loglevel=N",
 *             .help = "print log lines of level N and more urgent",
 *             .parse = parse_loglevel,
 *     };
 */
#include <stdbool.h>
#include <stddef.h>

#include "../tables/tables.h"

struct cmdline_option {
	const char *name;
	const char *usage;
	const char *help;
	/* value is not NUL-terminated; returns 0 or a negative status */
	int (*parse)(const char *value, size_t length, bool has_value);
};

#define CMDLINE_OPTIONS TABLE(struct cmdline_option, "cmdline_options")
#define CMDLINE_OPTION(object) TABLE_ENTRY(CMDLINE_OPTIONS, 50, object)

#endif
