/* SPDX-License-Identifier: MIT */
#include "log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "cmdline_option.h"
#include "console.h"
#include "fmt.h"
#include "klib.h"
#include "status.h"

/*
 * Lines are kept as records "<level byte><text>\n" so that a replay to a
 * late console applies the same level filter as the live write did.
 */
#define LOG_BUFFER_SIZE (64 * 1024)
#define LOG_LINE_MAX 256
#define CONSOLES_MAX 32

static char log_buffer[LOG_BUFFER_SIZE];
static size_t log_used;
static bool log_overflowed;
static unsigned int log_subarch;
static enum log_level console_level = LOG_INFO;
static uint32_t live_consoles; /* bit i: console i of the table is live */

static bool console_runs_here(const struct console *console)
{
	return console->subarchs & log_subarch;
}

void log_start(unsigned int subarch)
{
	const struct console *console;

	log_subarch = subarch;
	TABLE_FOR_EACH(console, CONSOLES) {
		size_t index = TABLE_INDEX(CONSOLES, console);

		if (index < CONSOLES_MAX && console_runs_here(console) &&
		    !(console->flags & CONSOLE_NEEDS_ENABLE))
			live_consoles |= 1u << index;
	}
}

static void write_record(const struct console *console, const char *record,
			 size_t length)
{
	enum log_level limit = console_level;

	if ((console->flags & CONSOLE_WARNINGS_ONLY) && limit > LOG_WARN)
		limit = LOG_WARN;
	if ((enum log_level)record[0] <= limit)
		console->write(record + 1, length - 1);
}

static void replay(const struct console *console)
{
	size_t start = 0;

	for (size_t i = 0; i < log_used; i++) {
		if (log_buffer[i] == '\n') {
			write_record(console, log_buffer + start, i + 1 - start);
			start = i + 1;
		}
	}
	if (log_overflowed)
		console->write("log: buffer full, later lines not replayed\n", 43);
}

void console_enable(const struct console *console)
{
	size_t index = TABLE_INDEX(CONSOLES, console);

	if (index >= CONSOLES_MAX || (live_consoles & (1u << index)))
		return;
	replay(console);
	live_consoles |= 1u << index;
}

void log_enter_panic(void)
{
	const struct console *console;

	TABLE_FOR_EACH(console, CONSOLES)
		if (console_runs_here(console) &&
		    (console->flags & CONSOLE_PANIC_SAFE))
			console_enable(console);
}

static void emit(const char *record, size_t length)
{
	const struct console *console;

	if (log_used + length <= LOG_BUFFER_SIZE) {
		memcpy(log_buffer + log_used, record, length);
		log_used += length;
	} else {
		log_overflowed = true;
	}
	TABLE_FOR_EACH(console, CONSOLES) {
		size_t index = TABLE_INDEX(CONSOLES, console);

		if (index < CONSOLES_MAX && (live_consoles & (1u << index)))
			write_record(console, record, length);
	}
}

void log_printf(enum log_level level, const char *format, ...)
{
	char record[LOG_LINE_MAX];
	va_list args;

	record[0] = (char)level;
	va_start(args, format);
	int length = fmt_vsnprintf(record + 1, sizeof(record) - 2, format, args);
	va_end(args);
	size_t used = 1 + ((size_t)length < sizeof(record) - 2
				   ? (size_t)length
				   : sizeof(record) - 3);
	record[used++] = '\n';
	emit(record, used);
}

static int parse_loglevel(const char *value, size_t length, bool has_value)
{
	if (!has_value || length != 1 || value[0] < '0' || value[0] > '7')
		return STATUS_EINVAL;
	console_level = (enum log_level)(value[0] - '0');
	return STATUS_OK;
}

CMDLINE_OPTION(loglevel_option) = {
	.name = "loglevel",
	.usage = "loglevel=N",
	.help = "print log lines of level N and more urgent (0-7; default 6)",
	.parse = parse_loglevel,
};
