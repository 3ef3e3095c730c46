/* SPDX-License-Identifier: MIT */
/* The walk: the init table, planned, run for the current subarch. */
#include "init_run.h"

#include <stdbool.h>

#include "../kernel/cmdline.h"
#include "../kernel/cmdline_option.h"
#include "../kernel/cpu.h"
#include "../kernel/exit.h"
#include "../kernel/jitter.h"
#include "../kernel/klib.h"
#include "../kernel/log.h"
#include "../kernel/panic.h"
#include "../kernel/percpu.h"
#include "../kernel/smp.h"
#include "../kernel/status.h"
#include "../kernel/subarch.h"
#include "init.h"
#include "init_plan.h"
#include "init_planned.h"

TABLE_EXPORT_BOUNDS(INIT_TABLE, init_table_bounds);
TABLE_STATE_EXPORT_BOUNDS(INIT_STATES, init_state_bounds);

enum outcome {
	OUTCOME_PENDING = 0,
	OUTCOME_RAN,
	OUTCOME_FAILED,
	OUTCOME_SKIPPED,
};

static bool list_requested;
static bool serial_requested;

static __init const struct init_entry *table(void)
{
	return TABLE_START(INIT_TABLE);
}

static __init uint32_t table_count(void)
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

/*
 * Why an entry was skipped, in up to four pieces of its line, "init: NAME:
 * skipped: <why> [CPU n]", the last followed by NULL unless it is the
 * fourth: run_entry writes that line and the "ran" one in one place.
 */
#define SKIP_PIECES 4
struct skip_reason {
	const char *pieces[SKIP_PIECES];
	char runs_on[96];
};

/*
 * Whether an entry must not run; if so, why.  The subarch's names are
 * put together only where loglevel= keeps info lines.
 */
static __init bool skipped(const struct boot_params *params,
			   const struct init_entry *entry, uint32_t index,
			   struct skip_reason *why)
{
	const char *finisher;

	if (!(entry->subarchs & params->subarch)) {
		why->pieces[0] = "subarch (runs on ";
		why->pieces[1] = NULL;
		if (log_wants(LOG_INFO)) {
			subarch_set_format(why->runs_on, sizeof(why->runs_on),
					   entry->subarchs);
			why->pieces[1] = why->runs_on;
			why->pieces[2] = ")";
			why->pieces[3] = NULL;
		}
		return true;
	}
	if (state()[index].skip_requested) {
		why->pieces[0] = "init.skip";
		why->pieces[1] = NULL;
		return true;
	}
	if ((finisher = finisher_of(index))) {
		why->pieces[0] = "group ";
		why->pieces[1] = entry->group;
		why->pieces[2] = " finished by ";
		why->pieces[3] = finisher;
		return true;
	}
	for (const struct init_entry *const *dep = entry->after; *dep; dep++) {
		uint32_t dep_index =
			(uint32_t)init_plan_index(table(), table_count(), *dep);

		if (state()[dep_index].outcome != OUTCOME_RAN) {
			why->pieces[0] = "dependency ";
			why->pieces[1] = (*dep)->name;
			why->pieces[2] =
				state()[dep_index].outcome == OUTCOME_FAILED
					? " failed"
					: " skipped";
			why->pieces[3] = NULL;
			return true;
		}
	}
	if (entry->detect && !entry->detect(params)) {
		why->pieces[0] = "not detected";
		why->pieces[1] = NULL;
		return true;
	}
	return false;
}

/*
 * The walk's line for an entry that ran or was skipped, "init: NAME: ...
 * [CPU n]": built in place rather than formatted (a format string costs
 * several times more), and only where loglevel= lets info lines through.
 */
__init LOG_LINE_INLINE void log_entry_line(const struct init_entry *entry,
					   uint32_t cpu, enum outcome result,
					   uint64_t cycles,
					   const struct skip_reason *why)
{
	struct log_line line;

	if (!log_wants(LOG_INFO))
		return;
	log_line_start(&line);
	log_line_put_literal(&line, "init: ");
	log_line_put(&line, entry->name);
	if (result == OUTCOME_RAN) {
		log_line_put_literal(&line, ": ran (");
		log_line_put_decimal(&line, cycles);
		log_line_put_literal(&line, " cycles)");
	} else {
		log_line_put_literal(&line, ": skipped: ");
		for (int i = 0; i < SKIP_PIECES && why->pieces[i]; i++)
			log_line_put(&line, why->pieces[i]);
	}
	log_line_put_literal(&line, " [CPU ");
	log_line_put_decimal(&line, cpu);
	log_line_put_literal(&line, "]");
	log_line_write(LOG_INFO, &line);
}

/*
 * Decides and runs one entry on the CPU it was given to, and logs its
 * line, naming that CPU.  Returns its outcome; the boot CPU records it
 * (record_outcome).  A critical failure is a panic right here.
 */
static __init enum outcome run_entry(struct boot_params *params, uint32_t index,
				     uint64_t *cycles_spent)
{
	const struct init_entry *entry = &table()[index];
	uint32_t cpu = this_cpu()->index;
	struct skip_reason why;

	enum outcome result = OUTCOME_SKIPPED;
	uint64_t cycles = 0;

	if (!skipped(params, entry, index, &why)) {
		jitter_delay();
		uint64_t start = rdtsc();
		int status = state()[index].fail_requested
				     ? STATUS_EINJECTED
				     : entry->init(params);
		cycles = rdtsc() - start;
		jitter_delay();

		if (status != STATUS_OK) {
			*cycles_spent = cycles;
			log_err("init: %s: failed: %s [CPU %u]", entry->name,
				status_name(status), cpu);
			if (entry->flags & INIT_CRITICAL)
				panic("E_INIT_CRITICAL_FAILED: critical init "
				      "entry %s failed: %s",
				      entry->name, status_name(status));
			return OUTCOME_FAILED;
		}
		result = OUTCOME_RAN;
	}
	*cycles_spent = cycles;
	/* One copy of the line, for both. */
	log_entry_line(entry, cpu, result, cycles, &why);
	return result;
}

/* The boot CPU's bookkeeping once an entry is done: only it writes. */
static __init void record_outcome(uint32_t index, enum outcome result,
				  uint64_t cycles, struct init_summary *summary)
{
	summary->cycles += cycles;
	if (result == OUTCOME_RAN)
		summary->ran++;
	else if (result == OUTCOME_FAILED)
		summary->failed++;
	else
		summary->skipped++;
	__atomic_store_n(&state()[index].outcome, (uint8_t)result,
			 __ATOMIC_RELEASE);
}

/*
 * The parallel walk of one level.  An entry is ready once its dependencies
 * and the member of its group tried before it have outcomes (so a group
 * is tried in its declared order, as in the serial walk).  The boot CPU
 * keeps one ready entry for itself (boot_cpu_pick) and hands the others
 * to idle CPUs; what finds no idle CPU waits for the next round.  CPUs
 * still starting join as they answer (smp_join).  Each entry's lines are
 * captured on its CPU and put in the log in plan order, so the log reads
 * as the serial walk's, with CPU numbers.
 */
static struct boot_params *walk_params;
static struct {
	enum outcome result;
	uint64_t cycles;
	struct log_capture capture;
} on_cpu[CPUS_MAX];
#define NOTHING UINT32_MAX
static uint32_t running_entry[CPUS_MAX];

static __init void run_entry_job(uint64_t index)
{
	uint32_t cpu = this_cpu()->index;

	log_capture_begin(&on_cpu[cpu].capture);
	on_cpu[cpu].result =
		run_entry(walk_params, (uint32_t)index, &on_cpu[cpu].cycles);
	log_capture_end();
}

static const struct smp_job init_entry_job __initconst = {
	.name = "init entry",
	.run = run_entry_job,
};

/* Lines of finished entries, waiting for their turn in the log. */
#define LEVEL_LOG_SIZE (64u * 1024)
static char level_log[LEVEL_LOG_SIZE];
static uint32_t level_log_used;

static __init bool ready(uint32_t index)
{
	const struct init_entry *entry = &table()[index];
	uint32_t before = state()[index].group_before;

	for (const struct init_entry *const *dep = entry->after; *dep; dep++) {
		uint32_t d =
			(uint32_t)init_plan_index(table(), table_count(), *dep);

		if (__atomic_load_n(&state()[d].outcome, __ATOMIC_ACQUIRE) ==
		    OUTCOME_PENDING)
			return false;
	}
	return before == INIT_PLAN_NO_ENTRY ||
	       __atomic_load_n(&state()[before].outcome, __ATOMIC_ACQUIRE) !=
		       OUTCOME_PENDING;
}

/* Takes a finished entry's lines off its CPU and records its outcome. */
static __init void collect(uint32_t cpu, struct init_summary *summary)
{
	uint32_t index = running_entry[cpu];
	struct init_state *entry = &state()[index];
	const struct log_capture *capture = &on_cpu[cpu].capture;

	entry->log_offset = level_log_used;
	entry->log_length = 0;
	if (level_log_used + capture->used <= sizeof(level_log)) {
		memcpy(level_log + level_log_used, capture->records,
		       capture->used);
		entry->log_length = (uint32_t)capture->used;
		level_log_used += (uint32_t)capture->used;
	} else {
		log_capture_emit(capture); /* no room to wait: now */
	}
	record_outcome(index, on_cpu[cpu].result, on_cpu[cpu].cycles, summary);
	entry->done = true;
	running_entry[cpu] = NOTHING;
}

static __init void run_on_boot_cpu(uint32_t index)
{
	running_entry[0] = index;
	run_entry_job(index);
}

/* An entry the boot CPU runs itself: INIT_BOOT_CPU, or another
 * subarch's, whose line is not worth a job. */
static __init bool boot_cpu_only(uint32_t index)
{
	const struct init_entry *entry = &table()[index];

	return (entry->flags & INIT_BOOT_CPU) ||
	       !(entry->subarchs & walk_params->subarch);
}

/*
 * The ready entry the boot CPU keeps for itself, NOTHING if none is
 * ready: the first that must run there, else the first in plan order,
 * which comes before what depends on it (the chain the level waits for
 * stays on the CPU that never waits for a job).  The others go to idle
 * CPUs: one ready entry alone is no job for another CPU while the boot
 * CPU would only wait for it.
 */
static __init uint32_t boot_cpu_pick(uint32_t from, uint32_t end)
{
	uint32_t first = NOTHING;

	for (uint32_t p = from; p < end; p++) {
		uint32_t index = state()[p].order;

		if (state()[index].started || !ready(index))
			continue;
		if (boot_cpu_only(index))
			return index;
		if (first == NOTHING)
			first = index;
	}
	return first;
}

/* Hands a ready entry to an idle CPU that is up, if there is one. */
static __init void post_to_idle_cpu(uint32_t index, uint32_t cpus)
{
	for (uint32_t cpu = 1; cpu < cpus; cpu++)
		if (running_entry[cpu] == NOTHING && smp_cpu_online(cpu) &&
		    smp_post(&percpu[cpu], &init_entry_job, index)) {
			state()[index].started = true;
			running_entry[cpu] = index;
			return;
		}
}

static __init void walk_level_parallel(uint32_t first, uint32_t end,
				       struct init_summary *summary)
{
	uint32_t cpus = smp_cpus_started(), next_to_log = first;
	uint32_t first_unstarted = first;

	level_log_used = 0;
	for (uint32_t cpu = 0; cpu < cpus; cpu++)
		running_entry[cpu] = NOTHING;
	while (next_to_log < end) {
		uint32_t progress_seen = smp_progress();
		bool jobs_running = false;

		smp_join(false); /* CPUs that answered meanwhile take jobs */
		for (uint32_t cpu = 1; cpu < cpus; cpu++)
			if (running_entry[cpu] != NOTHING &&
			    smp_idle(&percpu[cpu]))
				collect(cpu, summary);
			else
				jobs_running |= running_entry[cpu] != NOTHING;
		while (next_to_log < end &&
		       state()[state()[next_to_log].order].done) {
			const struct init_state *entry =
				&state()[state()[next_to_log++].order];

			log_emit_records(level_log + entry->log_offset,
					 entry->log_length);
		}
		while (first_unstarted < end &&
		       state()[state()[first_unstarted].order].started)
			first_unstarted++;
		uint32_t mine = boot_cpu_pick(first_unstarted, end);
		/* A skip line first, alone: then the boot CPU picks again. */
		bool just_a_line = mine != NOTHING && !(table()[mine].subarchs &
							walk_params->subarch);

		for (uint32_t p = first_unstarted;
		     p < end && mine != NOTHING && !just_a_line; p++) {
			uint32_t index = state()[p].order;

			if (index != mine && !state()[index].started &&
			    ready(index) && !boot_cpu_only(index))
				post_to_idle_cpu(index, cpus);
		}
		if (mine != NOTHING) {
			state()[mine].started = true;
			run_on_boot_cpu(mine);
			collect(0, summary);
			continue; /* others may have finished meanwhile */
		}
		if (jobs_running)
			smp_wait_for_progress_since(progress_seen);
		else
			cpu_relax();
	}
}

static __init void walk_level_serial(struct boot_params *params, uint32_t first,
				     uint32_t end, struct init_summary *summary)
{
	for (uint32_t p = first; p < end; p++) {
		uint64_t cycles;
		uint32_t index = state()[p].order;
		enum outcome result = run_entry(params, index, &cycles);

		record_outcome(index, result, cycles, summary);
		if (list_requested)
			list_plan(params->subarch, table_count());
	}
}

__init struct init_summary init_run(struct boot_params *params)
{
	struct init_summary summary = { 0 };
	uint32_t count = table_count();

	/* tools/inittab checks this at build time; an entry declared by
	 * hand without INIT_ENTRY would have no state. */
	if (TABLE_STATE_COUNT(INIT_STATES) != count)
		panic("E_TABLE_STATE_COUNT: %u init entries, %u states",
		      (unsigned)count,
		      (unsigned)TABLE_STATE_COUNT(INIT_STATES));
	init_plan_load(table(), state(), count);
	walk_params = params;
	/* Level by level: a level is a barrier.  Once other CPUs are up, a
	 * level runs in parallel (unless init.serial). */
	for (uint32_t first = 0, end; first < count; first = end) {
		uint32_t level = table()[state()[first].order].level;

		for (end = first;
		     end < count && table()[state()[end].order].level == level;
		     end++)
			;
		if (smp_cpus_started() > 1 && !serial_requested)
			walk_level_parallel(first, end, &summary);
		else
			walk_level_serial(params, first, end, &summary);
	}
	/* Init ends with every CPU told to start up or given up on: the
	 * count belongs to the init log, and none may come up while
	 * jettison unmaps code. */
	smp_join(true);
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

static __init int parse_init_serial(const char *value, size_t length,
				    bool has_value)
{
	(void)value;
	(void)length;
	if (has_value)
		return STATUS_EINVAL;
	serial_requested = true;
	return STATUS_OK;
}

CMDLINE_OPTION(init_serial_option) = {
	.name = "init.serial",
	.usage = "init.serial",
	.help = "run the init table on the boot CPU only, one entry at a "
		"time, even when other CPUs are up",
	.parse = parse_init_serial,
};

CMDLINE_OPTION(init_list_option) = {
	.name = "init.list",
	.usage = "init.list",
	.help = "print the planned init sequence for this subarch and stop",
	.parse = parse_init_list,
};
