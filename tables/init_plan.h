/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_INIT_PLAN_H
#define ONEPATH_INIT_PLAN_H
/*
 * The init planner: from the init table to the order the entries run in.
 * tools/inittab runs it on the kernel's first link and the final link
 * carries the plan, which the kernel runs (init_planned.h): the build-time
 * prediction and the boot cannot differ.
 *
 * Order: entries in table order (level, then name, as the linker sorted
 * them), each preceded by what it must come after, depth first: its
 * not-yet-placed dependencies, then the member of its group with the next
 * higher priority.  Names only break ties between entries nothing orders.
 * That is a stable topological order, deterministic, O(n + e) plus a scan
 * of the grouped entries, with no recursion (an explicit stack).
 *
 * Every check is made, with a named error and a message naming the entries:
 *   INIT_PLAN_CYCLE              a cycle of any length; the message lists it
 *   INIT_PLAN_LEVEL_INVERSION    a dependency at a later level
 *   INIT_PLAN_SUBARCH_MISMATCH   a dependency that does not run on every
 *                                subarch its dependent runs on
 *   INIT_PLAN_MISSING_DEPENDENCY a dependency that is not an entry of the
 *                                table (outside it, or between entries)
 *   INIT_PLAN_NO_SUBARCH         an empty or unknown subarch set
 *   INIT_PLAN_MALFORMED          no name, init routine or dependency list
 *                                (NULL: INIT_NO_DEPS is the empty list), an
 *                                unknown level or flag, INIT_FINISH_GROUP
 *                                with no group
 *   INIT_PLAN_GROUP_PRIORITY     two members of a group with one priority:
 *                                only their names would order them
 *   INIT_PLAN_GROUP_LEVEL        members of one group at different levels
 * Duplicate names are checked by the host tool only (the kernel's linker
 * already refuses two entries of one name).
 */
#include <stdint.h>

#include "init.h"

enum init_plan_error {
	INIT_PLAN_OK = 0,
	INIT_PLAN_CYCLE,
	INIT_PLAN_LEVEL_INVERSION,
	INIT_PLAN_SUBARCH_MISMATCH,
	INIT_PLAN_MISSING_DEPENDENCY,
	INIT_PLAN_NO_SUBARCH,
	INIT_PLAN_MALFORMED,
	INIT_PLAN_GROUP_PRIORITY,
	INIT_PLAN_GROUP_LEVEL,
	INIT_PLAN_DUPLICATE_NAME, /* reported by tools/inittab */
};

/* "E_INIT_CYCLE", "E_INIT_LEVEL_INVERSION", ... as printed in messages. */
const char *init_plan_error_name(enum init_plan_error error);

struct init_plan_diag {
	enum init_plan_error error;
	uint32_t entry;      /* index of the entry at fault */
	uint32_t dependency; /* index of the dependency involved, if any */
	char message[512];   /* "E_INIT_CYCLE: dependency cycle: a -> b -> a" */
};

/*
 * Plans table[0..count), using state[0..count) as its scratch memory (the
 * kernel's state table, or the host tool's copy): writes the run order,
 * as table indices, to state[k].order for k in 0..count, and each grouped
 * entry's predecessor in its group to state[i].group_before (NO_ENTRY for
 * the first).  The order covers every entry, for every subarch; the walk
 * skips those not for the current one, which cannot change the order of
 * the rest because no entry may depend on one that does not run on all of
 * its subarchs.  Returns INIT_PLAN_OK or the first error found, with
 * *diag filled in.
 */
enum init_plan_error init_plan(const struct init_entry *table,
			       struct init_state *state, uint32_t count,
			       struct init_plan_diag *diag);

/* state[i].group_before of an entry tried first in its group, or in none. */
#define INIT_PLAN_NO_ENTRY UINT32_MAX

/* Index of dependency `dep` in table[0..count), or -1 if not an entry. */
long init_plan_index(const struct init_entry *table, uint32_t count,
		     const struct init_entry *dep);

#endif
