/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_LOG_H
#define ONEPATH_LOG_H
/*
 * The boot log.  Every line is kept in a buffer (so late consoles and the
 * panic path can replay it) and written to the live consoles of the
 * current subarch if its level passes loglevel= (default LOG_INFO).
 */
#include <stdbool.h>
#include <stddef.h>

enum log_level {
	LOG_EMERG = 0,
	LOG_ERR = 3,
	LOG_WARN = 4,
	LOG_NOTICE = 5,
	LOG_INFO = 6,
	LOG_DEBUG = 7,
	/* The application's own output (app_printf): every console prints
	 * it whatever loglevel= says, but a warnings-only one. */
	LOG_APP = 8,
};

/* Makes the consoles of boot_params.subarch live that need no set-up. */
void log_start(void);
void log_printf(enum log_level level, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* Whether a line of this level reaches a console: a caller that formats
 * something only for such a line asks first. */
bool log_wants(enum log_level level);

#define log_err(...) log_printf(LOG_ERR, __VA_ARGS__)
#define log_warn(...) log_printf(LOG_WARN, __VA_ARGS__)
#define log_notice(...) log_printf(LOG_NOTICE, __VA_ARGS__)
#define log_info(...) log_printf(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_printf(LOG_DEBUG, __VA_ARGS__)

/* Makes every panic-safe console of the subarch live (replaying the log);
 * before log_start, of every subarch. */
void log_enter_panic(void);
/* Before the machine stops: every live console that takes lines later
 * than it is given them is waited for. */
void log_drain(void);

/*
 * Keeping one piece of work's lines together: between log_capture_begin and
 * log_capture_end, the running CPU's lines go to capture instead of the
 * log, and log_capture_emit later puts them in the log as one block (with
 * the times they were logged).  A panic on that CPU emits them first.  A
 * capture that fills up writes its further lines to the log at once.
 */
#define LOG_CAPTURE_SIZE 4096
struct log_capture {
	size_t used;
	char records[LOG_CAPTURE_SIZE];
};

void log_capture_begin(struct log_capture *capture);
void log_capture_end(void);
void log_capture_emit(const struct log_capture *capture);
/* Emits records[0..length) copied out of a capture, as one block. */
void log_emit_records(const char *records, size_t length);

#endif
