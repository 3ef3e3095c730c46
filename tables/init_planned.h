/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_INIT_PLANNED_H
#define ONEPATH_INIT_PLANNED_H
/*
 * The init table's plan, made at build time.  tools/inittab plans the
 * table of the kernel's first link with tables/init_plan.c, every check
 * included, and writes the plan as C (--plan-c); the final link adds it
 * (kernel/final_link.h), and tools/inittab checks that the final image's
 * plan is its table's (E_INIT_PLAN_STALE).  The kernel loads it instead
 * of planning again.
 */
#include <stdint.h>

#include "init.h"

/* init_planned_order[k]: the table index of the k-th entry to run;
 * init_planned_group_before[i]: entry i's group_before (init_plan.h). */
extern const uint32_t init_planned_count;
extern const uint32_t init_planned_order[];
extern const uint32_t init_planned_group_before[];

/*
 * state[k].order and state[i].group_before from the plan, for the count
 * entries of table.  Panics if the image carries no plan of them
 * (E_INIT_NOT_PLANNED), or one the walk cannot follow: not each entry
 * once, or an entry before a dependency or its group predecessor
 * (E_INIT_PLAN_INVALID).
 */
void init_plan_load(const struct init_entry *table, struct init_state *state,
		    uint32_t count);

#endif
