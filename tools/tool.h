/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_TOOL_H
#define ONEPATH_TOOL_H
/*
 * What every host tool of onepath shares: messages prefixed with the
 * tool's name, and allocation that cannot return NULL (out of memory is
 * exit status 2, the tools' "could not do the job" code).
 */
#include <stddef.h>

#define TOOL_EXIT_OUT_OF_MEMORY 2

/* Set by main(): "inittab", "mismatch". */
extern const char *tool_name;

void error(const char *format, ...) __attribute__((format(printf, 1, 2)));
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *pointer, size_t size);
char *xstrdup(const char *text);

#endif
