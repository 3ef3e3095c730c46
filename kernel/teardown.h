/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_TEARDOWN_H
#define ONEPATH_TEARDOWN_H
/*
 * The teardown table: what an init entry set up and must be undone or
 * flushed before the machine stops (iPXE's startup/shutdown pairs,
 * Unikraft's init/term).  Each teardown names the init entry it undoes;
 * at an orderly exit (exit_orderly(): the app's return or app_exit, or
 * the end of an image without an app) the table runs in the reverse of
 * the order init ran, only for entries that ran, so only on their
 * subarchs.  A panic or fault report does not run it: the machine is in
 * no state to trust.
 *
 *     static void pc_uart_drain(const struct boot_params *params) { ... }
 *     TEARDOWN_ENTRY(pc_uart, SUBARCH_PC, pc_uart_drain);
 *
 * The subarch set must equal the init entry's, and an init entry has at
 * most one teardown: tools/inittab checks both in the linked image
 * (E_TEARDOWN_SUBARCH_MISMATCH, E_TEARDOWN_DUPLICATE), along with the
 * table's stride, and prints the teardown order it predicts
 * (inittab --teardown SUBARCH).  The boot log says
 * "teardown: <name>: ran" for each.
 *
 * The init table is unmapped after init (kernel/jettison.c), so a
 * teardown keeps its own name and subarchs, and points at its entry's
 * state, which stays: TEARDOWN_ENTRY goes after its INIT_ENTRY, in the
 * same file.
 */
#include <stdint.h>

#include "boot_params.h"
#include "../tables/init.h"

struct teardown_entry {
	const char *name; /* the init entry's */
	/* The init entry's state (tables/init.h): whether, and when, it ran. */
	const struct init_state *undoes;
	void (*teardown)(const struct boot_params *params);
	uint32_t subarchs;
};

#define TEARDOWN_TABLE TABLE(struct teardown_entry, "teardown")

/* clang-format off */
#define TEARDOWN_ENTRY(entry_, subarchs_, teardown_fn_)                        \
	_Static_assert((subarchs_) != 0 && ((subarchs_) & ~SUBARCH_ALL) == 0,  \
		       "teardown " #entry_ ": the subarch set must name "      \
		       "SUBARCH_PC and/or SUBARCH_XEN");                       \
	TABLE_ENTRY(TEARDOWN_TABLE, 50, teardown_entry_##entry_) = {           \
		.name = #entry_,                                               \
		.undoes = &init_state_##entry_,                                \
		.teardown = (teardown_fn_),                                    \
		.subarchs = (subarchs_),                                       \
	} /* clang-format on */

/* Runs the table for params->subarch, latest init entry first. */
void teardown_run(const struct boot_params *params);

#endif
