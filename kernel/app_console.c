/* SPDX-License-Identifier: MIT */
/*
 * The app's console output: gathered into lines, each one a line of the
 * boot log at level LOG_APP, which every console prints whatever
 * loglevel= says (kernel/log.h).
 */
#include <stdarg.h>

#include "app_console.h"
#include "log.h"
#include "panic.h"
#include "../include/onepath/app.h"

/* A log line holds LOG_LINE_MAX - 2 bytes of text; keep clear of it. */
#define APP_LINE_MAX 250

static char line[APP_LINE_MAX];
static size_t line_length;

void app_console_flush(void)
{
	if (!line_length)
		return;
	log_printf(LOG_APP, "%.*s", (int)line_length, line);
	line_length = 0;
}

void app_write(const char *text, size_t length)
{
	for (size_t i = 0; i < length; i++) {
		if (text[i] == '\n') {
			log_printf(LOG_APP, "%.*s", (int)line_length, line);
			line_length = 0;
			continue;
		}
		if (line_length == APP_LINE_MAX)
			app_console_flush();
		line[line_length++] = text[i];
	}
}

/* Most lines fit the stack; a longer one is formatted again on the heap,
 * so that no output is cut short. */
int app_printf(const char *format, ...)
{
	char text[512], *longer = NULL;
	va_list args, again;

	va_start(args, format);
	va_copy(again, args);
	int length = fmt_vsnprintf(text, sizeof(text), format, args);

	if (length >= (int)sizeof(text)) {
		longer = malloc((size_t)length + 1);
		if (!longer)
			panic("E_APP_PRINTF_NO_MEMORY: no heap for a line of "
			      "%d bytes",
			      length);
		fmt_vsnprintf(longer, (size_t)length + 1, format, again);
	}
	va_end(again);
	va_end(args);
	if (length > 0)
		app_write(longer ? longer : text, (size_t)length);
	free(longer);
	return length;
}
