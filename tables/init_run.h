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
 * naming it) and runs it for params->subarch, level by level, logging one
 * line per entry that names the CPU it ran on:
 *   init: <name>: ran (<cycles> cycles) [CPU <n>]
 *   init: <name>: skipped: subarch (runs on <set>) [CPU <n>]
 *   init: <name>: skipped: init.skip [CPU <n>]
 *   init: <name>: skipped: not detected [CPU <n>]
 *   init: <name>: skipped: dependency <dep> failed|skipped [CPU <n>]
 *   init: <name>: skipped: group <group> finished by <entry> [CPU <n>]
 *   init: <name>: failed: <STATUS> [CPU <n>]
 * A critical entry that fails is a panic (E_INIT_CRITICAL_FAILED).
 *
 * A level that begins with other CPUs up (kernel/smp.h) runs in parallel,
 * unless init.serial: an entry runs, on any idle CPU, once its
 * dependencies and the earlier entries of its group have outcomes, so the
 * outcomes are those of the serial walk.  INIT_BOOT_CPU entries run on the
 * boot CPU.  Each entry's lines are kept together and logged in plan
 * order, so the log reads as the serial walk's but for the CPU numbers.
 * summary.cycles adds up the cycles of every CPU.
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
