/* SPDX-License-Identifier: MIT */
/* The teardown walk: init's order, reversed, for the entries that ran. */
#include "teardown.h"

#include "log.h"
#include "../tables/init_run.h"

TABLE_EXPORT_BOUNDS(TEARDOWN_TABLE, teardown_table_bounds);

/* The teardown whose entry ran latest before position `before`. */
static const struct teardown_entry *
latest_before(long before, unsigned int subarch, long *position)
{
	const struct teardown_entry *entry, *latest = NULL;

	*position = -1;
	TABLE_FOR_EACH(entry, TEARDOWN_TABLE) {
		long ran_at = init_ran_position(entry->undoes);

		if ((entry->subarchs & subarch) && ran_at >= 0 &&
		    ran_at < before && ran_at > *position) {
			latest = entry;
			*position = ran_at;
		}
	}
	return latest;
}

void teardown_run(const struct boot_params *params)
{
	long position = INIT_RAN_NEVER_BEFORE;
	const struct teardown_entry *entry;

	while ((entry = latest_before(position, params->subarch, &position))) {
		log_info("teardown: %s", entry->name);
		entry->teardown(params);
	}
}
