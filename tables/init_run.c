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

/* Bench builds link synthetic tables of thousands of entries. */
#ifndef INIT_CAPACITY
#define INIT_CAPACITY 256
#endif
#define FINISHED_GROUPS_MAX 16

TABLE_EXPORT_BOUNDS(INIT_TABLE, init_table_bounds);

enum outcome {
	OUTCOME_PENDING = 0,
	OUTCOME_RAN,
	OUTCOME_FAILED,
	OUTCOME_SKIPPED,
};

static uint32_t order[INIT_CAPACITY];
static uint8_t plan_state[INIT_CAPACITY];
static uint32_t plan_stack[INIT_CAPACITY];
static uint32_t plan_cursor[INIT_CAPACITY];
static uint8_t outcome[INIT_CAPACITY];
static bool skip_requested[INIT_CAPACITY];
static bool fail_requested[INIT_CAPACITY];
static bool list_requested;

static struct {
	const char *group;
	const char *finisher;
} finished[FINISHED_GROUPS_MAX];
static uint32_t finished_count;

static const struct init_entry *table(void)
{
	return TABLE_START(INIT_TABLE);
}

static uint32_t table_count(void)
{
	return (uint32_t)TABLE_COUNT(INIT_TABLE);
}

static __init const char *finisher_of(const char *group)
{
	for (uint32_t i = 0; i < finished_count; i++)
		if (!strcmp(finished[i].group, group))
			return finished[i].finisher;
	return NULL;
}

static __init void record_finished_group(const struct init_entry *entry)
{
	if (finished_count == FINISHED_GROUPS_MAX)
		panic("E_INIT_TOO_MANY_GROUPS: more than %d groups finished",
		      FINISHED_GROUPS_MAX);
	finished[finished_count].group = entry->group;
	finished[finished_count].finisher = entry->name;
	finished_count++;
}

static __init void list_plan(unsigned int subarch, uint32_t count)
{
	uint32_t step = 0;

	for (uint32_t i = 0; i < count; i++) {
		const struct init_entry *entry = &table()[order[i]];

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

	if (skip_requested[index]) {
		fmt_snprintf(reason, size, "init.skip");
		return true;
	}
	if (entry->group && (finisher = finisher_of(entry->group))) {
		fmt_snprintf(reason, size, "group %s finished by %s",
			     entry->group, finisher);
		return true;
	}
	for (const struct init_entry *const *dep = entry->after; *dep; dep++) {
		uint32_t dep_index =
			(uint32_t)init_plan_index(table(), table_count(), *dep);

		if (outcome[dep_index] != OUTCOME_RAN) {
			fmt_snprintf(reason, size, "dependency %s %s",
				     (*dep)->name,
				     outcome[dep_index] == OUTCOME_FAILED
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
		outcome[index] = OUTCOME_SKIPPED;
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
		outcome[index] = OUTCOME_SKIPPED;
		summary->skipped++;
		return;
	}

	uint64_t start = rdtsc();
	int status =
		fail_requested[index] ? STATUS_EINJECTED : entry->init(params);
	uint64_t cycles = rdtsc() - start;

	summary->cycles += cycles;
	if (status == STATUS_OK) {
		log_info("init: %s: ran (%llu cycles)", entry->name,
			 (unsigned long long)cycles);
		outcome[index] = OUTCOME_RAN;
		summary->ran++;
		if (entry->flags & INIT_FINISH_GROUP)
			record_finished_group(entry);
		return;
	}
	log_err("init: %s: failed: %s", entry->name, status_name(status));
	outcome[index] = OUTCOME_FAILED;
	summary->failed++;
	if (entry->flags & INIT_CRITICAL)
		panic("E_INIT_CRITICAL_FAILED: critical init entry %s failed: "
		      "%s",
		      entry->name, status_name(status));
}

__init struct init_summary init_run(struct boot_params *params)
{
	struct init_plan_work work = {
		.capacity = INIT_CAPACITY,
		.state = plan_state,
		.stack = plan_stack,
		.cursor = plan_cursor,
	};
	struct init_plan_diag diag;
	struct init_summary summary = { 0 };
	uint32_t count = table_count();

	if (init_plan(table(), count, order, &work, &diag) != INIT_PLAN_OK)
		panic("%s", diag.message);
	for (uint32_t i = 0; i < count; i++) {
		run_entry(params, order[i], &summary);
		if (list_requested)
			list_plan(params->subarch, count);
	}
	return summary;
}

/*
 * init.skip=a,b and init.fail=a: names must exist and not have run yet.
 * A critical entry can be made to fail (its panic is what a test wants to
 * see) but not skipped: the boot would go on without what it provides.
 */
static __init int mark_entries(const char *value, size_t length, bool has_value,
			       bool *marks, const char *option,
			       bool refuse_critical)
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
		if (refuse_critical && (table()[i].flags & INIT_CRITICAL)) {
			log_err("cmdline: E_CMDLINE_SKIP_CRITICAL: %s: %s is "
				"a critical entry; it cannot be skipped",
				option, table()[i].name);
			return STATUS_EINVAL;
		}
		if (outcome[i] != OUTCOME_PENDING) {
			log_err("cmdline: E_CMDLINE_TOO_LATE: %s: %s has "
				"already run",
				option, table()[i].name);
			return STATUS_EINVAL;
		}
		marks[i] = true;
	}
	return STATUS_OK;
}

static __init int parse_init_skip(const char *value, size_t length,
				  bool has_value)
{
	return mark_entries(value, length, has_value, skip_requested,
			    "init.skip", true);
}

static __init int parse_init_fail(const char *value, size_t length,
				  bool has_value)
{
	return mark_entries(value, length, has_value, fail_requested,
			    "init.fail", false);
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
