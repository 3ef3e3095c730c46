/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_INIT_PLAN_H
#define ONEPATH_INIT_PLAN_H
/*
 * The init planner: from the init table to the order the entries run in.
 * The same code runs in the kernel before the walk and in tools/inittab on
 * the linked ELF, so the build-time prediction and the boot cannot differ.
 *
 * Order: entries in table order (level, then name, as the linker sorted
 * them), each preceded by its not-yet-placed dependencies, depth first.
 * That is a stable topological order, deterministic, O(n + e), with no
 * recursion (an explicit stack) so it is safe in the kernel.
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
 *   INIT_PLAN_TOO_MANY           more entries than the caller's capacity
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
	INIT_PLAN_TOO_MANY,
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

/* Scratch memory the caller provides: each array holds capacity items. */
struct init_plan_work {
	uint32_t capacity;
	uint8_t *state;   /* per entry: unvisited, on the stack, placed */
	uint32_t *stack;  /* entry indices on the depth-first path */
	uint32_t *cursor; /* per stack slot: next dependency to look at */
};

/*
 * Plans table[0..count): writes the run order, as table indices, to
 * order[0..count).  The order covers every entry, for every subarch; the
 * walk skips those not for the current one, which cannot change the order
 * of the rest because no entry may depend on one that does not run on all
 * of its subarchs.  Returns INIT_PLAN_OK or the first error found, with
 * *diag filled in.
 */
enum init_plan_error init_plan(const struct init_entry *table, uint32_t count,
			       uint32_t *order, struct init_plan_work *work,
			       struct init_plan_diag *diag);

/* Index of dependency `dep` in table[0..count), or -1 if not an entry. */
long init_plan_index(const struct init_entry *table, uint32_t count,
		     const struct init_entry *dep);

#endif
