/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_INIT_RUN_H
#define ONEPATH_INIT_RUN_H
#include <stdint.h>

#include "../kernel/boot_params.h"
#include "init.h"

struct init_summary {
	uint32_t ran;
	uint32_t skipped;
	uint32_t failed;
	uint64_t cycles; /* spent in init routines, TSC */
};

/*
 * Plans the init table (tables/init_plan.h; a planning error is a panic
 * naming it) and runs it for params->subarch, logging one line per entry:
 *   init: <name>: ran (<cycles> cycles)
 *   init: <name>: skipped: subarch (runs on <set>)
 *   init: <name>: skipped: init.skip
 *   init: <name>: skipped: not detected
 *   init: <name>: skipped: dependency <dep> failed|skipped
 *   init: <name>: skipped: group <group> finished by <entry>
 *   init: <name>: failed: <STATUS>
 * A critical entry that fails is a panic (E_INIT_CRITICAL_FAILED).
 */
struct init_summary init_run(struct boot_params *params);

/*
 * Where the entry of this state ran in the planned order, or -1 if it did
 * not run: the teardown table runs latest first.  It reads states only,
 * which stay mapped after init.
 */
long init_ran_position(const struct init_state *entry_state);
#define INIT_RAN_NEVER_BEFORE 0x7fffffffl /* above every position */

#endif
