/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_LOG_H
#define ONEPATH_LOG_H
/*
 * The boot log.  Every line is kept in a buffer (so late consoles and the
 * panic path can replay it) and written to the live consoles of the
 * current subarch if its level passes loglevel= (default LOG_INFO).
 */
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

#define log_err(...) log_printf(LOG_ERR, __VA_ARGS__)
#define log_warn(...) log_printf(LOG_WARN, __VA_ARGS__)
#define log_notice(...) log_printf(LOG_NOTICE, __VA_ARGS__)
#define log_info(...) log_printf(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_printf(LOG_DEBUG, __VA_ARGS__)

/* Makes every panic-safe console of the subarch live (replaying the log);
 * before log_start, of every subarch. */
void log_enter_panic(void);

#endif
