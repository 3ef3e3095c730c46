/* SPDX-License-Identifier: MIT */
/* tool.h first: libelf's headers name a parameter __ref, which
 * tables/init.h defines. */
#include "tool.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../kernel/subarch.h"
#include "../tables/init_plan.h"
#include "makespan.h"

#define CPU_COUNTS 4
static const uint32_t cpu_counts[CPU_COUNTS] = { 1, 2, 4, 8 };
#define CPUS_MODELLED 8

struct model {
	const struct init_entry *entries;
	uint32_t count;
	const uint32_t *order;
	uint64_t *cost;   /* per table index */
	uint64_t *finish; /* per table index, within the level */
	bool *placed;     /* per table index */
};

/* "init: NAME: ran (N cycles)" anywhere in a line: a boot log will do. */
static int read_costs(struct model *m, const char *path)
{
	FILE *file = fopen(path, "r");
	char line[512];

	if (!file) {
		error("cannot read costs from %s", path);
		return -1;
	}
	while (fgets(line, sizeof(line), file)) {
		static const char ran[] = ": ran (";
		const char *name = strstr(line, "init: ");
		const char *verb = name ? strstr(name, ran) : NULL;
		char *end;

		if (!verb)
			continue;
		name += strlen("init: ");
		uint64_t cycles = strtoull(verb + strlen(ran), &end, 10);
		if (strncmp(end, " cycles)", strlen(" cycles)")))
			continue;
		for (uint32_t i = 0; i < m->count; i++)
			if (strlen(m->entries[i].name) ==
				    (size_t)(verb - name) &&
			    !strncmp(m->entries[i].name, name,
				     (size_t)(verb - name)))
				m->cost[i] = cycles;
	}
	fclose(file);
	return 0;
}

static uint32_t index_of(const struct model *m, const struct init_entry *dep)
{
	return (uint32_t)init_plan_index(m->entries, m->count, dep);
}

/* The longest chain ending at entry i inside [first, end) of the order. */
static uint64_t chain(const struct model *m, uint32_t i, uint32_t level,
		      uint64_t *longest, uint32_t *via)
{
	uint64_t best = 0;

	via[i] = UINT32_MAX;
	for (const struct init_entry *const *dep = m->entries[i].after; *dep;
	     dep++) {
		uint32_t d = index_of(m, *dep);

		if (m->entries[d].level == level && longest[d] > best) {
			best = longest[d];
			via[i] = d;
		}
	}
	return best + m->cost[i];
}

/* Whether entry at position p of the order may start at `now`. */
static bool ready(const struct model *m, uint32_t first, uint32_t p,
		  uint64_t now)
{
	const struct init_entry *e = &m->entries[m->order[p]];

	for (const struct init_entry *const *dep = e->after; *dep; dep++) {
		uint32_t d = index_of(m, *dep);

		if (m->entries[d].level == e->level &&
		    (!m->placed[d] || m->finish[d] > now))
			return false;
	}
	if (e->group)
		for (uint32_t q = first; q < p; q++) {
			const struct init_entry *o = &m->entries[m->order[q]];

			if (o->group && !strcmp(o->group, e->group) &&
			    (!m->placed[m->order[q]] ||
			     m->finish[m->order[q]] > now))
				return false;
		}
	return true;
}

/*
 * As the walk does (tables/init_run.c): the boot CPU (0), when free, keeps
 * one ready entry for itself, the first INIT_BOOT_CPU one or else the first
 * in plan order; the other ready entries go to free other CPUs, and an
 * INIT_BOOT_CPU entry to CPU 0 alone.  Returns cpus when no fitting CPU is
 * free at now.
 */
static uint32_t pick_cpu(const uint64_t *free_at, uint32_t cpus, uint64_t now,
			 bool boot_cpu_only, bool kept_by_boot_cpu)
{
	if (kept_by_boot_cpu)
		return free_at[0] <= now ? 0 : cpus;
	if (!boot_cpu_only)
		for (uint32_t cpu = 1; cpu < cpus; cpu++)
			if (free_at[cpu] <= now)
				return cpu;
	return cpus;
}

/* The entry the boot CPU keeps at now: as boot_cpu_pick in the walk. */
static uint32_t boot_cpu_keeps(struct model *m, uint32_t first, uint32_t end,
			       uint64_t now)
{
	uint32_t kept = UINT32_MAX;

	for (uint32_t p = first; p < end; p++) {
		uint32_t i = m->order[p];

		if (m->placed[i] || !ready(m, first, p, now))
			continue;
		if (m->entries[i].flags & INIT_BOOT_CPU)
			return i;
		if (kept == UINT32_MAX)
			kept = i;
	}
	return kept;
}

/* The greedy list schedule of one level on cpus CPUs: its length. */
static uint64_t schedule_level(struct model *m, uint32_t first, uint32_t end,
			       uint32_t cpus)
{
	uint64_t free_at[CPUS_MODELLED] = { 0 }, now = 0, span = 0;
	uint32_t left = end - first;

	for (uint32_t p = first; p < end; p++)
		m->placed[m->order[p]] = false;
	while (left) {
		bool progress = false;
		uint32_t kept = free_at[0] <= now
					? boot_cpu_keeps(m, first, end, now)
					: UINT32_MAX;

		for (uint32_t p = first; p < end; p++) {
			uint32_t i = m->order[p], cpu;

			if (m->placed[i] || !ready(m, first, p, now))
				continue;
			cpu = pick_cpu(free_at, cpus, now,
				       m->entries[i].flags & INIT_BOOT_CPU,
				       i == kept);
			if (cpu == cpus)
				continue;
			m->placed[i] = true;
			m->finish[i] = now + m->cost[i];
			free_at[cpu] = m->finish[i];
			if (m->finish[i] > span)
				span = m->finish[i];
			left--;
			progress = true;
		}
		if (progress)
			continue;
		/* Nothing could start: wait for the next CPU to finish. */
		uint64_t next = UINT64_MAX;
		for (uint32_t cpu = 0; cpu < cpus; cpu++)
			if (free_at[cpu] > now && free_at[cpu] < next)
				next = free_at[cpu];
		now = next;
	}
	return span;
}

int makespan_report(FILE *out, const struct init_entry *entries, uint32_t count,
		    const uint32_t *order, uint32_t subarch,
		    const char *costs_path)
{
	struct model m = {
		.entries = entries,
		.count = count,
		.order = order,
		.cost = xcalloc(count, sizeof(uint64_t)),
		.finish = xcalloc(count, sizeof(uint64_t)),
		.placed = xcalloc(count, sizeof(bool)),
	};
	uint64_t *longest = xcalloc(count, sizeof(uint64_t));
	uint32_t *via = xcalloc(count, sizeof(uint32_t));
	uint64_t serial = 0, critical = 0, makespan[CPU_COUNTS] = { 0 };
	uint32_t starter_level = UINT32_MAX; /* the CPUs are up after it */
	char name[16], path[4096];
	size_t path_length = 0;
	int status = read_costs(&m, costs_path);

	if (status)
		goto out;
	for (uint32_t i = 0; i < count; i++)
		if (!(entries[i].subarchs & subarch))
			m.cost[i] = 0;
		else if ((entries[i].flags & INIT_STARTS_CPUS) &&
			 entries[i].level < starter_level)
			starter_level = entries[i].level;
	path[0] = '\0';
	for (uint32_t first = 0, end; first < count; first = end) {
		uint32_t level = entries[order[first]].level, tail = UINT32_MAX;
		uint64_t level_serial = 0, level_chain = 0;

		for (end = first;
		     end < count && entries[order[end]].level == level; end++) {
			uint32_t i = order[end];

			level_serial += m.cost[i];
			longest[i] = chain(&m, i, level, longest, via);
			if (longest[i] > level_chain || tail == UINT32_MAX) {
				level_chain = longest[i];
				tail = i;
			}
		}
		if (level <= starter_level) {
			serial += level_serial;
			for (uint32_t k = 0; k < CPU_COUNTS; k++)
				makespan[k] += level_serial;
			continue;
		}
		critical += level_chain;
		for (uint32_t k = 0; k < CPU_COUNTS; k++)
			makespan[k] +=
				schedule_level(&m, first, end, cpu_counts[k]);
		/* The level's chain, first entry first. */
		uint32_t chain_entries[64], n = 0;
		for (uint32_t i = tail; i != UINT32_MAX && n < 64; i = via[i])
			chain_entries[n++] = i;
		while (n-- && path_length < sizeof(path) - 1)
			path_length += (size_t)snprintf(
				path + path_length, sizeof(path) - path_length,
				"%s%s (%llu)", path_length ? " > " : "",
				entries[chain_entries[n]].name,
				(unsigned long long)m.cost[chain_entries[n]]);
	}
	subarch_set_format(name, sizeof(name), subarch);
	fprintf(out,
		"# %s: parallel init from per-entry costs in %s (cycles)\n",
		name, costs_path);
	if (starter_level == UINT32_MAX) {
		fprintf(out,
			"no INIT_STARTS_CPUS entry runs on %s: every level "
			"is serial, %llu cycles\n",
			name, (unsigned long long)serial);
		goto out;
	}
	uint64_t total = serial + critical;

	fprintf(out, "serial levels (up to %s, where the CPUs start): %llu\n",
		init_level_name(starter_level), (unsigned long long)serial);
	fprintf(out,
		"critical path: %llu (serial levels %llu + the longest "
		"chain of each later level %llu): %s\n",
		(unsigned long long)total, (unsigned long long)serial,
		(unsigned long long)critical, path[0] ? path : "-");
	for (uint32_t k = 0; k < CPU_COUNTS; k++)
		fprintf(out, "makespan on %u CPU%s: %llu (%.2fx)\n",
			cpu_counts[k], cpu_counts[k] == 1 ? "" : "s",
			(unsigned long long)makespan[k],
			makespan[k] ? (double)makespan[0] / (double)makespan[k]
				    : 1.0);
out:
	free(m.cost);
	free(m.finish);
	free(m.placed);
	free(longest);
	free(via);
	return status;
}
