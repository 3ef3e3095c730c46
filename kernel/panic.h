/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_PANIC_H
#define ONEPATH_PANIC_H
/*
 * Stops the boot: prints "onepath: panic: <message>" on every console that
 * can take it (replaying the log to consoles not yet set up), then exits
 * with the failure code.  Messages start with a named error: "E_...: ...".
 */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *format,
							   ...);

#endif
