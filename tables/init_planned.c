/* SPDX-License-Identifier: MIT */
/* Loading the plan the build made (init_planned.h). */
#include "init_planned.h"

#include "../kernel/final_link.h"
#include "../kernel/panic.h"
#include "init_plan.h"

/* Weak: the first link has none (kernel/final_link.h). */
extern const uint32_t init_planned_count __attribute__((weak));
extern const uint32_t init_planned_order[] __attribute__((weak));
extern const uint32_t init_planned_group_before[] __attribute__((weak));

/* Whether entry i would run before b, by their positions in path[]. */
static __init bool runs_before(const struct init_state *state, uint32_t b,
			       uint32_t i)
{
	return b < INIT_PLAN_NO_ENTRY && state[b].path < state[i].path;
}

__init void init_plan_load(const struct init_entry *table,
			   struct init_state *state, uint32_t count)
{
	const uint32_t *planned = final_link_data(&init_planned_count);
	const uint32_t *order = final_link_data(init_planned_order);
	const uint32_t *before = final_link_data(init_planned_group_before);

	if (!planned || *planned != count)
		panic("E_INIT_NOT_PLANNED: the image carries no plan of its "
		      "%u init entries (the build makes one with "
		      "tools/inittab --plan-c)",
		      (unsigned)count);
	/* path[i]: entry i's position in the order (count: none yet). */
	for (uint32_t i = 0; i < count; i++)
		state[i].path = count;
	for (uint32_t k = 0; k < count; k++) {
		uint32_t i = order[k];

		if (i >= count || state[i].path != count)
			panic("E_INIT_PLAN_INVALID: the plan's position %u "
			      "names entry %u, not an entry not yet placed",
			      (unsigned)k, (unsigned)i);
		state[i].path = k;
		state[k].order = i;
	}
	for (uint32_t i = 0; i < count; i++) {
		const struct init_entry *const *dep = table[i].after;
		uint32_t g = before[i];

		for (; *dep; dep++)
			if (!runs_before(state,
					 (uint32_t)init_plan_index(table, count,
								   *dep),
					 i))
				break;
		if (*dep || (g != INIT_PLAN_NO_ENTRY &&
			     (g >= count || !runs_before(state, g, i))))
			panic("E_INIT_PLAN_INVALID: the plan runs %s before "
			      "%s, which it must follow",
			      table[i].name,
			      *dep        ? (*dep)->name
			      : g < count ? table[g].name
					  : "?");
		state[i].group_before = g;
	}
}
