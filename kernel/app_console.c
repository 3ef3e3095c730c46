/* SPDX-License-Identifier: MIT */
/*
 * The app's console output: gathered into lines, each one a line of the
 * boot log at level LOG_APP, which every console prints whatever
 * loglevel= says (kernel/log.h).
 */
#include <stdarg.h>

#include "app_console.h"
#include "log.h"
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

int app_printf(const char *format, ...)
{
	char text[512];
	va_list args;

	va_start(args, format);
	int length = fmt_vsnprintf(text, sizeof(text), format, args);
	va_end(args);
	if (length < 0)
		return length;
	app_write(text, (size_t)length < sizeof(text) ? (size_t)length
						      : sizeof(text) - 1);
	return length;
}
