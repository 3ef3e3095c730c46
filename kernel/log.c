/* SPDX-License-Identifier: MIT */
#include "log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "boot_params.h"
#include "cmdline_option.h"
#include "console.h"
#include "cpu.h"
#include "fmt.h"
#include "klib.h"
#include "status.h"
#include "tsc.h"

/*
 * Lines are kept as records: a header (level, TSC, text length) and the
 * text with its '\n', so that a replay to a late console applies the same
 * level filter as the live write did and prints the time the line was
 * logged, not the time of the replay.
 */
#define LOG_BUFFER_SIZE ((size_t)64 * 1024)
#define LOG_LINE_MAX 256
struct record_header {
	uint8_t level;
	uint16_t length; /* of the text, '\n' included */
	uint64_t tsc;
} __attribute__((packed));

static char log_buffer[LOG_BUFFER_SIZE];
static size_t log_used;
static bool log_overflowed;
static enum log_level console_level = LOG_INFO;
TABLE_EXPORT_BOUNDS(CONSOLES, consoles_table_bounds);
TABLE_STATE_EXPORT_BOUNDS(CONSOLE_STATES, consoles_state_bounds);

static struct console_state *state_of(const struct console *console)
{
	return &TABLE_STATE_START(
		CONSOLE_STATES)[TABLE_INDEX(CONSOLES, console)];
}

/* Before the subarch is known (or when none claimed the machine), every
 * console is tried: those that need no set-up can still say why the boot
 * stops. */
static bool console_runs_here(const struct console *console)
{
	return !boot_params.subarch ||
	       (console->subarchs & boot_params.subarch);
}

void log_start(void)
{
	const struct console *console;

	TABLE_FOR_EACH(console, CONSOLES)
		if (console_runs_here(console) &&
		    !(console->flags & CONSOLE_NEEDS_ENABLE))
			state_of(console)->live = true;
}

/* "[    0.001234] ": seconds since entry, like Linux; "?" before the
 * TSC frequency is known (only port 0xe9 writes that early). */
static size_t format_timestamp(char *out, size_t size, uint64_t tsc)
{
	int64_t us = tsc_us_since_entry(tsc);

	if (us < 0) {
		static const char unknown[] = "[     ?.??????] ";

		memcpy(out, unknown, sizeof(unknown));
		return sizeof(unknown) - 1;
	}
	return (size_t)fmt_snprintf(out, size, "[%6llu.%06llu] ",
				    (unsigned long long)(us / 1000000),
				    (unsigned long long)(us % 1000000));
}

static void write_record(const struct console *console,
			 const struct record_header *header, const char *text)
{
	enum log_level limit = console_level;
	char stamp[24];

	if ((console->flags & CONSOLE_WARNINGS_ONLY) && limit > LOG_WARN)
		limit = LOG_WARN;
	if ((enum log_level)header->level == LOG_APP) {
		if (console->flags & CONSOLE_WARNINGS_ONLY)
			return;
	} else if ((enum log_level)header->level > limit) {
		return;
	}
	console->write(stamp,
		       format_timestamp(stamp, sizeof(stamp), header->tsc));
	console->write(text, header->length);
}

static void replay(const struct console *console)
{
	struct record_header header;

	for (size_t at = 0; at < log_used;
	     at += sizeof(header) + header.length) {
		memcpy(&header, log_buffer + at, sizeof(header));
		write_record(console, &header,
			     log_buffer + at + sizeof(header));
	}
	if (log_overflowed) {
		static const char lost[] =
			"log: buffer full, later lines not replayed\n";

		console->write(lost, sizeof(lost) - 1);
	}
}

void console_enable(const struct console *console)
{
	if (state_of(console)->live)
		return;
	replay(console);
	state_of(console)->live = true;
}

void log_enter_panic(void)
{
	const struct console *console;

	TABLE_FOR_EACH(console, CONSOLES)
		if (console_runs_here(console) &&
		    (console->flags & CONSOLE_PANIC_SAFE))
			console_enable(console);
}

static void emit(const struct record_header *header, const char *text)
{
	const struct console *console;

	if (log_used + sizeof(*header) + header->length <= LOG_BUFFER_SIZE) {
		memcpy(log_buffer + log_used, header, sizeof(*header));
		memcpy(log_buffer + log_used + sizeof(*header), text,
		       header->length);
		log_used += sizeof(*header) + header->length;
	} else {
		log_overflowed = true;
	}
	TABLE_FOR_EACH(console, CONSOLES)
		if (state_of(console)->live)
			write_record(console, header, text);
}

void log_printf(enum log_level level, const char *format, ...)
{
	struct record_header header = { .level = (uint8_t)level,
					.tsc = rdtsc() };
	char text[LOG_LINE_MAX];
	va_list args;

	va_start(args, format);
	/* One byte is kept for the '\n'. */
	int length = fmt_vsnprintf(text, sizeof(text) - 1, format, args);
	va_end(args);
	if (length < 0)
		length = 0;
	if ((size_t)length > sizeof(text) - 2)
		length = sizeof(text) - 2;
	text[length] = '\n';
	header.length = (uint16_t)(length + 1);
	emit(&header, text);
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
