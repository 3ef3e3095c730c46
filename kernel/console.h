/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_CONSOLE_H
#define ONEPATH_CONSOLE_H
/*
 * Console backends: a linker table, each entry naming the subarchs it
 * writes on.  The log writes every line to each backend of the current
 * subarch that is live.  A backend that needs set-up first (a UART to
 * program, Xen's hypercalls to set up) is flagged CONSOLE_NEEDS_ENABLE;
 * its init entry calls console_enable(), which replays the log so far, so
 * no line is lost to a late console.  One found missing (port 0xe9 with
 * no debug console behind it, asked through .present when the log
 * starts) is taken out: no byte is written for nobody, and a panic does
 * not bring it back.  A slow
 * one (CONSOLE_DEFERRED: a port write per byte) is written by an idle CPU
 * while other CPUs are up during init (kernel/log.c).
 *
 *     CONSOLE_ENTRY(com1_console, 50) = {
 *             .name = "com1", .subarchs = SUBARCH_PC,
 *             .flags = CONSOLE_NEEDS_ENABLE | CONSOLE_PANIC_SAFE |
 *                      CONSOLE_DEFERRED,
 *             .write = com1_write,
 *     };
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../tables/tables.h"

struct console {
	const char *name;
	uint32_t subarchs;
	uint32_t flags;
	void (*write)(const char *text, size_t length);
	/* NULL, or waits (bounded) until the device has taken every line
	 * written: the machine stops only after (log_drain). */
	void (*drain)(void);
	/* NULL, or asked once as the log starts, on the subarchs in
	 * probed_on only: whether anything reads what is written there.  A
	 * console that answers no is removed before its first byte; a
	 * panic does not bring it back. */
	bool (*present)(void);
	uint32_t probed_on;
	/* 64 bytes, not 48: the log finds a console's state by its index in
	 * the table, and a power-of-two size makes that a shift in every
	 * loop over the consoles, not a multiply. */
} __attribute__((aligned(64)));

#define CONSOLE_NEEDS_ENABLE (1u << 0)
/* Writable even if never enabled, so a panic before set-up is seen. */
#define CONSOLE_PANIC_SAFE (1u << 1)
/* Only LOG_WARN and more urgent: a second console that would otherwise
 * repeat every line next to the first on one screen (Xen's). */
#define CONSOLE_WARNINGS_ONLY (1u << 2)
/* Slow (a port write per byte): once other CPUs are up, an idle one writes
 * its lines while the CPU that logs them goes on (kernel/log.c). */
#define CONSOLE_DEFERRED (1u << 3)

/* Whether the log writes to it: one per console, in a state table. */
struct console_state {
	bool live;
	bool removed;
	bool enabling; /* claimed by the CPU that replays the log to it */
	/* CONSOLE_DEFERRED: lines kept but not yet written to it, from the
	 * record at log offset sent on. */
	bool behind;
	bool in_flight; /* its writer writes a line to it outside the lock */
	/* The index plus one of the CPU that writes it while behind; 0:
	 * none. */
	uint32_t writer;
	size_t sent;
};

#define CONSOLES TABLE(struct console, "consoles")
#define CONSOLE_STATES TABLE_STATE(struct console_state, CONSOLES)
#define CONSOLE_ENTRY(object, level)                                           \
	TABLE_STATE_ENTRY(CONSOLE_STATES, level, object, object##_state);      \
	TABLE_ENTRY(CONSOLES, level, object)

void console_enable(const struct console *console);

#endif
