/* SPDX-License-Identifier: MIT */
#include "tool.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *tool_name = "tool";

void error(const char *format, ...)
{
	va_list args;

	fprintf(stderr, "%s: ", tool_name);
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fputc('\n', stderr);
}

static void *or_exit(void *pointer)
{
	if (!pointer) {
		error("out of memory");
		exit(TOOL_EXIT_OUT_OF_MEMORY);
	}
	return pointer;
}

void *xcalloc(size_t count, size_t size)
{
	return or_exit(calloc(count ? count : 1, size ? size : 1));
}

void *xrealloc(void *pointer, size_t size)
{
	return or_exit(realloc(pointer, size ? size : 1));
}

char *xstrdup(const char *text)
{
	return or_exit(strdup(text));
}
