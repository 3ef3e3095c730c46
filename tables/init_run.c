/* SPDX-License-Identifier: MIT */
/* The walk: the init table, planned, run for the current subarch. */
#include "init_run.h"

#include <stdbool.h>

#include "../kernel/cmdline.h"
#include "../kernel/cmdline_option.h"
#include "../kernel/cpu.h"
#include "../kernel/exit.h"
#include "../kernel/fmt.h"
#include "../kernel/klib.h"
#include "../kernel/log.h"
#include "../kernel/panic.h"
#include "../kernel/status.h"
#include "../kernel/subarch.h"
#include "init.h"
#include "init_plan.h"

TABLE_EXPORT_BOUNDS(INIT_TABLE, init_table_bounds);
TABLE_STATE_EXPORT_BOUNDS(INIT_STATES, init_state_bounds);

enum outcome {
	OUTCOME_PENDING = 0,
	OUTCOME_RAN,
	OUTCOME_FAILED,
	OUTCOME_SKIPPED,
};

static bool list_requested;

static const struct init_entry *table(void)
{
	return TABLE_START(INIT_TABLE);
}

static uint32_t table_count(void)
{
	return (uint32_t)TABLE_COUNT(INIT_TABLE);
}

static struct init_state *state(void)
{
	return TABLE_STATE_START(INIT_STATES);
}

/* The member of the entry's group, tried before it, that finished it. */
static __init const char *finisher_of(uint32_t index)
{
	for (uint32_t i = state()[index].group_before; i != INIT_PLAN_NO_ENTRY;
	     i = state()[i].group_before)
		if (state()[i].outcome == OUTCOME_RAN &&
		    (table()[i].flags & INIT_FINISH_GROUP))
			return table()[i].name;
	return NULL;
}

static __init void list_plan(unsigned int subarch, uint32_t count)
{
	uint32_t step = 0;

	for (uint32_t i = 0; i < count; i++) {
		const struct init_entry *entry = &table()[state()[i].order];

		if (entry->subarchs & subarch)
			log_info("init.list: %u %s %s", ++step,
				 init_level_name(entry->level), entry->name);
	}
	log_info("onepath: init.list done");
	machine_exit(EXIT_SUCCESS_CODE);
}

/* Whether an entry of this subarch must not run, and why (into reason). */
static __init bool skip_reason(const struct init_entry *entry, uint32_t index,
			       char *reason, size_t size)
{
	const char *finisher;

	if (state()[index].skip_requested) {
		fmt_snprintf(reason, size, "init.skip");
		return true;
	}
	if ((finisher = finisher_of(index))) {
		fmt_snprintf(reason, size, "group %s finished by %s",
			     entry->group, finisher);
		return true;
	}
	for (const struct init_entry *const *dep = entry->after; *dep; dep++) {
		uint32_t dep_index =
			(uint32_t)init_plan_index(table(), table_count(), *dep);

		if (state()[dep_index].outcome != OUTCOME_RAN) {
			fmt_snprintf(
				reason, size, "dependency %s %s", (*dep)->name,
				state()[dep_index].outcome == OUTCOME_FAILED
					? "failed"
					: "skipped");
			return true;
		}
	}
	return false;
}

static __init void run_entry(struct boot_params *params, uint32_t index,
			     struct init_summary *summary)
{
	const struct init_entry *entry = &table()[index];
	char reason[96];

	if (!(entry->subarchs & params->subarch)) {
		subarch_set_format(reason, sizeof(reason), entry->subarchs);
		log_info("init: %s: skipped: subarch (runs on %s)", entry->name,
			 reason);
		state()[index].outcome = OUTCOME_SKIPPED;
		summary->skipped++;
		return;
	}
	bool skip = skip_reason(entry, index, reason, sizeof(reason));

	if (!skip && entry->detect && !entry->detect(params)) {
		fmt_snprintf(reason, sizeof(reason), "not detected");
		skip = true;
	}
	if (skip) {
		log_info("init: %s: skipped: %s", entry->name, reason);
		state()[index].outcome = OUTCOME_SKIPPED;
		summary->skipped++;
		return;
	}

	uint64_t start = rdtsc();
	int status = state()[index].fail_requested ? STATUS_EINJECTED
						   : entry->init(params);
	uint64_t cycles = rdtsc() - start;

	summary->cycles += cycles;
	if (status == STATUS_OK) {
		log_info("init: %s: ran (%llu cycles)", entry->name,
			 (unsigned long long)cycles);
		state()[index].outcome = OUTCOME_RAN;
		summary->ran++;
		return;
	}
	log_err("init: %s: failed: %s", entry->name, status_name(status));
	state()[index].outcome = OUTCOME_FAILED;
	summary->failed++;
	if (entry->flags & INIT_CRITICAL)
		panic("E_INIT_CRITICAL_FAILED: critical init entry %s failed: "
		      "%s",
		      entry->name, status_name(status));
}

__init struct init_summary init_run(struct boot_params *params)
{
	struct init_plan_diag diag;
	struct init_summary summary = { 0 };
	uint32_t count = table_count();

	/* tools/inittab checks this at build time; an entry declared by
	 * hand without INIT_ENTRY would have no state. */
	if (TABLE_STATE_COUNT(INIT_STATES) != count)
		panic("E_TABLE_STATE_COUNT: %u init entries, %u states",
		      (unsigned)count,
		      (unsigned)TABLE_STATE_COUNT(INIT_STATES));
	if (init_plan(table(), state(), count, &diag) != INIT_PLAN_OK)
		panic("%s", diag.message);
	for (uint32_t i = 0; i < count; i++) {
		run_entry(params, state()[i].order, &summary);
		if (list_requested)
			list_plan(params->subarch, count);
	}
	return summary;
}

long init_ran_position(const struct init_state *entry_state)
{
	size_t count = TABLE_STATE_COUNT(INIT_STATES);
	size_t index = (size_t)(entry_state - state());

	if (index >= count || entry_state->outcome != OUTCOME_RAN)
		return -1;
	for (size_t position = 0; position < count; position++)
		if (state()[position].order == index)
			return (long)position;
	return -1;
}

/*
 * init.skip=a,b and init.fail=a: names must exist and not have run yet.
 * A critical entry can be made to fail (its panic is what a test wants to
 * see) but not skipped: the boot would go on without what it provides.
 */
static __init int mark_entries(const char *value, size_t length, bool has_value,
			       bool skip, const char *option)
{
	const char *cursor = value, *item;
	size_t item_length;

	if (!has_value || !length)
		return STATUS_EINVAL;
	while (cmdline_list_next(&cursor, value + length, &item,
				 &item_length)) {
		uint32_t i;

		for (i = 0; i < table_count(); i++)
			if (!strncmp(table()[i].name, item, item_length) &&
			    !table()[i].name[item_length])
				break;
		if (i == table_count()) {
			log_err("cmdline: E_CMDLINE_UNKNOWN_ENTRY: %s: no init "
				"entry named '%.*s'",
				option, (int)item_length, item);
			return STATUS_ENOENT;
		}
		if (skip && (table()[i].flags & INIT_CRITICAL)) {
			log_err("cmdline: E_CMDLINE_SKIP_CRITICAL: %s: %s is "
				"a critical entry; it cannot be skipped",
				option, table()[i].name);
			return STATUS_EINVAL;
		}
		if (state()[i].outcome != OUTCOME_PENDING) {
			log_err("cmdline: E_CMDLINE_TOO_LATE: %s: %s has "
				"already run",
				option, table()[i].name);
			return STATUS_EINVAL;
		}
		if (skip)
			state()[i].skip_requested = true;
		else
			state()[i].fail_requested = true;
	}
	return STATUS_OK;
}

static __init int parse_init_skip(const char *value, size_t length,
				  bool has_value)
{
	return mark_entries(value, length, has_value, true, "init.skip");
}

static __init int parse_init_fail(const char *value, size_t length,
				  bool has_value)
{
	return mark_entries(value, length, has_value, false, "init.fail");
}

static __init int parse_init_list(const char *value, size_t length,
				  bool has_value)
{
	(void)value;
	(void)length;
	if (has_value)
		return STATUS_EINVAL;
	list_requested = true;
	return STATUS_OK;
}

CMDLINE_OPTION(init_skip_option) = {
	.name = "init.skip",
	.usage = "init.skip=NAME[,NAME...]",
	.help = "skip these init entries (their dependents are skipped too)",
	.parse = parse_init_skip,
};

CMDLINE_OPTION(init_fail_option) = {
	.name = "init.fail",
	.usage = "init.fail=NAME[,NAME...]",
	.help = "make these init entries report failure without running "
		"(fault injection for tests)",
	.parse = parse_init_fail,
};

CMDLINE_OPTION(init_list_option) = {
	.name = "init.list",
	.usage = "init.list",
	.help = "print the planned init sequence for this subarch and stop",
	.parse = parse_init_list,
};
