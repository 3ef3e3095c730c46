/* SPDX-License-Identifier: MIT */
/*
 * The init planner (see init_plan.h).  tools/inittab runs it on the
 * kernel's first link, and the final link carries its plan
 * (init_planned.h); the kernel itself only uses init_plan_index.  It stays
 * freestanding (no C library beyond the freestanding headers, no
 * allocation, no recursion: a cycle of 10,000 entries or a chain as long
 * must not overflow a stack) so that it builds for both.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../kernel/fmt.h"
#include "../kernel/subarch.h"
#include "init_plan.h"

enum visit {
	UNVISITED = 0,
	ON_PATH, /* on the depth-first stack: meeting it again is a cycle */
	PLACED,
};

/* diag->entry and diag->dependency when there is no such entry. */
#define NO_INDEX INIT_PLAN_NO_ENTRY

/* In a path slot's cursor: the edge to its group predecessor is taken. */
#define CURSOR_GROUP_DONE (1u << 31)

const char *init_plan_error_name(enum init_plan_error error)
{
	switch (error) {
	case INIT_PLAN_OK: return "OK";
	case INIT_PLAN_CYCLE: return "E_INIT_CYCLE";
	case INIT_PLAN_LEVEL_INVERSION: return "E_INIT_LEVEL_INVERSION";
	case INIT_PLAN_SUBARCH_MISMATCH: return "E_INIT_SUBARCH_MISMATCH";
	case INIT_PLAN_MISSING_DEPENDENCY: return "E_INIT_MISSING_DEPENDENCY";
	case INIT_PLAN_NO_SUBARCH: return "E_INIT_NO_SUBARCH";
	case INIT_PLAN_MALFORMED: return "E_INIT_MALFORMED";
	case INIT_PLAN_GROUP_PRIORITY: return "E_INIT_GROUP_PRIORITY";
	case INIT_PLAN_GROUP_LEVEL: return "E_INIT_GROUP_LEVEL";
	case INIT_PLAN_DUPLICATE_NAME: return "E_INIT_DUPLICATE_NAME";
	}
	return "E_INIT_UNKNOWN";
}

long init_plan_index(const struct init_entry *table, uint32_t count,
		     const struct init_entry *dep)
{
	/*
	 * Compared as integers: the pointer may belong to another object
	 * altogether, where pointer comparison is undefined.
	 */
	uintptr_t base = (uintptr_t)table;
	uintptr_t at = (uintptr_t)dep;

	if (!table || at < base)
		return -1;
	uintptr_t offset = at - base;
	if (offset % sizeof(*table) != 0 || offset / sizeof(*table) >= count)
		return -1;
	return (long)(offset / sizeof(*table));
}

/*
 * The diagnostic message, appended to piece by piece.  Once it is full the
 * rest is dropped and "..." marks the cut, so a long cycle still shows the
 * error name and its first entries.
 */
struct message {
	char *text;
	size_t size;
	size_t length;
};

static void message_advance(struct message *m, int written)
{
	if (written <= 0)
		return;
	m->length += (size_t)written;
	if (m->length < m->size)
		return;
	m->length = m->size - 1;
	for (size_t i = 1; i <= 3 && i <= m->length; i++)
		m->text[m->length - i] = '.';
}

#define MESSAGE_ADD(m, ...)                                                    \
	message_advance((m),                                                   \
			fmt_snprintf((m)->text + (m)->length,                  \
				     (m)->size - (m)->length, __VA_ARGS__))

static const char *file_of(const struct init_entry *entry)
{
	return entry->file ? entry->file : "?";
}

/* "; a at a.c:10" for the first entry named, ", b at b.c:20" after it. */
static void message_where(struct message *m, const struct init_entry *entry,
			  bool first)
{
	MESSAGE_ADD(m, "%s%s at %s:%u", first ? "; " : ", ", entry->name,
		    file_of(entry), (unsigned)entry->line);
}

static enum init_plan_error fail(struct init_plan_diag *diag, struct message *m,
				 enum init_plan_error error, uint32_t entry,
				 uint32_t dependency)
{
	diag->error = error;
	diag->entry = entry;
	diag->dependency = dependency;
	MESSAGE_ADD(m, "%s: ", init_plan_error_name(error));
	return error;
}

static bool level_known(uint32_t level)
{
	switch (level) {
	case INIT_LEVEL_CMDLINE:
	case INIT_LEVEL_EARLY:
	case INIT_LEVEL_CONSOLE:
	case INIT_LEVEL_CPU:
	case INIT_LEVEL_MEMORY:
	case INIT_LEVEL_PLATFORM:
	case INIT_LEVEL_DEVICES:
	case INIT_LEVEL_LATE: return true;
	}
	return false;
}

/* The checks on one entry's own fields, made before any name is trusted. */
static enum init_plan_error check_entry(const struct init_entry *table,
					uint32_t i, struct init_plan_diag *diag,
					struct message *m)
{
	const struct init_entry *e = &table[i];
	enum init_plan_error error;

	if (!e->name) {
		fail(diag, m, INIT_PLAN_MALFORMED, i, NO_INDEX);
		MESSAGE_ADD(m,
			    "entry #%u of the init table has no name; "
			    "it is at %s:%u",
			    (unsigned)i, file_of(e), (unsigned)e->line);
		return INIT_PLAN_MALFORMED;
	}
	if (!e->init) {
		error = fail(diag, m, INIT_PLAN_MALFORMED, i, NO_INDEX);
		MESSAGE_ADD(m, "%s has no init routine", e->name);
	} else if (!e->after) {
		/* The walk reads the list without asking: INIT_NO_DEPS is
		 * the empty list, a NULL one is a mistake. */
		error = fail(diag, m, INIT_PLAN_MALFORMED, i, NO_INDEX);
		MESSAGE_ADD(m,
			    "%s has no dependency list (NULL, not "
			    "INIT_NO_DEPS)",
			    e->name);
	} else if (!level_known(e->level)) {
		error = fail(diag, m, INIT_PLAN_MALFORMED, i, NO_INDEX);
		MESSAGE_ADD(m, "%s has an unknown level %u", e->name,
			    (unsigned)e->level);
	} else if (e->flags & ~INIT_FLAGS_ALL) {
		error = fail(diag, m, INIT_PLAN_MALFORMED, i, NO_INDEX);
		MESSAGE_ADD(m, "%s has unknown flag bits 0x%x", e->name,
			    (unsigned)(e->flags & ~INIT_FLAGS_ALL));
	} else if ((e->flags & INIT_STARTS_CPUS) &&
		   !(e->flags & INIT_BOOT_CPU)) {
		error = fail(diag, m, INIT_PLAN_MALFORMED, i, NO_INDEX);
		MESSAGE_ADD(m, "%s has INIT_STARTS_CPUS but not INIT_BOOT_CPU",
			    e->name);
	} else if ((e->flags & INIT_FINISH_GROUP) && !e->group) {
		error = fail(diag, m, INIT_PLAN_MALFORMED, i, NO_INDEX);
		MESSAGE_ADD(m, "%s has INIT_FINISH_GROUP but no .group",
			    e->name);
	} else if (!e->subarchs) {
		error = fail(diag, m, INIT_PLAN_NO_SUBARCH, i, NO_INDEX);
		MESSAGE_ADD(m, "%s has no subarch", e->name);
	} else if (e->subarchs & ~SUBARCH_ALL) {
		error = fail(diag, m, INIT_PLAN_NO_SUBARCH, i, NO_INDEX);
		MESSAGE_ADD(m, "%s has unknown subarch bits 0x%x", e->name,
			    (unsigned)(e->subarchs & ~SUBARCH_ALL));
	} else {
		return INIT_PLAN_OK;
	}
	message_where(m, e, true);
	return error;
}

/* The checks on each dependency edge of entry i, all fields now valid. */
static enum init_plan_error check_after(const struct init_entry *table,
					uint32_t count, uint32_t i,
					struct init_plan_diag *diag,
					struct message *m)
{
	const struct init_entry *e = &table[i];

	for (uint32_t k = 0; e->after[k]; k++) {
		long index = init_plan_index(table, count, e->after[k]);

		if (index < 0) {
			fail(diag, m, INIT_PLAN_MISSING_DEPENDENCY, i,
			     NO_INDEX);
			MESSAGE_ADD(m,
				    "%s depends on an entry that is not in "
				    "the init table (its dependency #%u)",
				    e->name, (unsigned)k + 1);
			message_where(m, e, true);
			return INIT_PLAN_MISSING_DEPENDENCY;
		}
		const struct init_entry *d = &table[index];
		if (d->level > e->level) {
			fail(diag, m, INIT_PLAN_LEVEL_INVERSION, i,
			     (uint32_t)index);
			MESSAGE_ADD(m,
				    "%s (level %s) depends on %s "
				    "(level %s), a later level",
				    e->name, init_level_name(e->level), d->name,
				    init_level_name(d->level));
		} else if (e->subarchs & ~d->subarchs) {
			char runs[24], dep_runs[24], without[24];

			subarch_set_format(runs, sizeof(runs), e->subarchs);
			subarch_set_format(dep_runs, sizeof(dep_runs),
					   d->subarchs);
			subarch_set_format(without, sizeof(without),
					   e->subarchs & ~d->subarchs);
			fail(diag, m, INIT_PLAN_SUBARCH_MISMATCH, i,
			     (uint32_t)index);
			MESSAGE_ADD(m,
				    "%s runs on %s but depends on %s, which "
				    "runs on %s only: on %s, %s would run "
				    "without it",
				    e->name, runs, d->name, dep_runs, without,
				    e->name);
		} else {
			continue;
		}
		message_where(m, e, true);
		message_where(m, d, false);
		return diag->error;
	}
	return INIT_PLAN_OK;
}

/* Names compared only where the pointers differ: one literal is often
 * shared by every member the linker merged. */
static bool same_group(const char *x, const char *y)
{
	if (x == y)
		return true;
	for (; *x && *x == *y; x++)
		y++;
	return *x == *y;
}

/* a and b, of one group and two priorities: the higher may be the one
 * tried just before the lower, if no member seen so far is closer. */
static void consider_pair(const struct init_entry *table,
			  struct init_state *state, uint32_t a, uint32_t b)
{
	uint32_t higher = table[a].priority > table[b].priority ? a : b;
	uint32_t lower = higher == a ? b : a;
	uint32_t before = state[lower].group_before;

	if (before == NO_INDEX ||
	    table[higher].priority < table[before].priority)
		state[lower].group_before = higher;
}

/*
 * Each grouped entry's predecessor: the member of its group with the
 * lowest priority above its own.  Two members with one priority, or at
 * two levels, would leave names to order them: refused, the pair that
 * comes first in table order named first.  Group names are compared once
 * per entry, with the first member of each group seen so far (its
 * leader); the pairs then compare leaders.  Scratch: path[0..grouped) the
 * grouped entries in table order, cursor[i] the leader of entry i.
 */
static enum init_plan_error
link_groups(const struct init_entry *table, struct init_state *state,
	    uint32_t count, struct init_plan_diag *diag, struct message *m)
{
	uint32_t grouped = 0;

	for (uint32_t i = 0; i < count; i++) {
		state[i].group_before = NO_INDEX;
		if (!table[i].group)
			continue;
		state[i].cursor = i;
		for (uint32_t k = 0; k < grouped; k++) {
			uint32_t g = state[k].path;

			if (state[g].cursor == g &&
			    same_group(table[g].group, table[i].group)) {
				state[i].cursor = g;
				break;
			}
		}
		state[grouped++].path = i;
	}
	for (uint32_t a = 0; a < grouped; a++) {
		uint32_t i = state[a].path;
		const struct init_entry *e = &table[i];

		for (uint32_t b = a + 1; b < grouped; b++) {
			uint32_t j = state[b].path;
			const struct init_entry *o = &table[j];

			if (state[j].cursor != state[i].cursor)
				continue;
			if (o->level != e->level) {
				fail(diag, m, INIT_PLAN_GROUP_LEVEL, i, j);
				MESSAGE_ADD(m,
					    "group %s: %s is at level %s, %s "
					    "at %s; members of a group share "
					    "one level",
					    e->group, e->name,
					    init_level_name(e->level), o->name,
					    init_level_name(o->level));
			} else if (o->priority == e->priority) {
				fail(diag, m, INIT_PLAN_GROUP_PRIORITY, i, j);
				MESSAGE_ADD(m,
					    "group %s: %s and %s both have "
					    "priority %u; only their names "
					    "would decide which is tried first",
					    e->group, e->name, o->name,
					    (unsigned)e->priority);
			} else {
				consider_pair(table, state, i, j);
				continue;
			}
			message_where(m, e, true);
			message_where(m, o, false);
			return diag->error;
		}
	}
	return INIT_PLAN_OK;
}

/*
 * stack[0..depth) is the depth-first path, each entry depending on the
 * next, and its last entry depends on `again`, which is on the path: the
 * cycle is the path from `again` on.  The edge that closed it is reported
 * as entry -> dependency.
 */
static enum init_plan_error report_cycle(const struct init_entry *table,
					 const struct init_state *state,
					 uint32_t depth, uint32_t again,
					 struct init_plan_diag *diag,
					 struct message *m)
{
	uint32_t from = depth - 1;

	while (state[from].path != again)
		from--;
	fail(diag, m, INIT_PLAN_CYCLE, state[depth - 1].path, again);
	MESSAGE_ADD(m, "dependency cycle: ");
	for (uint32_t k = from; k < depth; k++) {
		const struct init_entry *e = &table[state[k].path];

		/* The group edge is the last one a slot takes. */
		if (state[k].cursor & CURSOR_GROUP_DONE)
			MESSAGE_ADD(m, "%s -(group %s)-> ", e->name, e->group);
		else
			MESSAGE_ADD(m, "%s -> ", e->name);
	}
	MESSAGE_ADD(m, "%s", table[again].name);
	for (uint32_t k = from; k < depth; k++)
		message_where(m, &table[state[k].path], k == from);
	return INIT_PLAN_CYCLE;
}

/*
 * The next entry `top` must come after: its dependencies in declared
 * order, then its group predecessor; NO_INDEX when there is none left.
 */
static uint32_t next_before(const struct init_entry *table,
			    const struct init_state *state, uint32_t count,
			    uint32_t top, uint32_t *cursor)
{
	const struct init_entry *dep =
		table[top].after[*cursor & ~CURSOR_GROUP_DONE];

	if (dep) {
		(*cursor)++;
		return (uint32_t)init_plan_index(table, count, dep);
	}
	if (*cursor & CURSOR_GROUP_DONE)
		return NO_INDEX;
	*cursor |= CURSOR_GROUP_DONE;
	return state[top].group_before;
}

enum init_plan_error init_plan(const struct init_entry *table,
			       struct init_state *state, uint32_t count,
			       struct init_plan_diag *diag)
{
	struct message m = { diag->message, sizeof(diag->message), 0 };
	enum init_plan_error error;

	diag->error = INIT_PLAN_OK;
	diag->entry = NO_INDEX;
	diag->dependency = NO_INDEX;
	diag->message[0] = '\0';

	for (uint32_t i = 0; i < count; i++) {
		error = check_entry(table, i, diag, &m);
		if (error)
			return error;
	}
	for (uint32_t i = 0; i < count; i++) {
		error = check_after(table, count, i, diag, &m);
		if (error)
			return error;
	}
	error = link_groups(table, state, count, diag, &m);
	if (error)
		return error;

	/*
	 * Depth first from each entry in table order, an entry placed after
	 * all it must follow (post-order).  Each entry is pushed once and
	 * each edge followed once: O(n + e), and the path never holds more
	 * than count entries, the number of states.
	 */
	uint32_t placed = 0;

	for (uint32_t i = 0; i < count; i++)
		state[i].visit = UNVISITED;
	for (uint32_t first = 0; first < count; first++) {
		if (state[first].visit != UNVISITED)
			continue;
		uint32_t depth = 1;
		state[0].path = first;
		state[0].cursor = 0;
		state[first].visit = ON_PATH;
		while (depth) {
			uint32_t top = state[depth - 1].path;
			uint32_t next = next_before(table, state, count, top,
						    &state[depth - 1].cursor);

			if (next == NO_INDEX) {
				depth--;
				state[top].visit = PLACED;
				state[placed++].order = top;
				continue;
			}
			if (state[next].visit == PLACED)
				continue;
			if (state[next].visit == ON_PATH)
				return report_cycle(table, state, depth, next,
						    diag, &m);
			state[next].visit = ON_PATH;
			state[depth].path = next;
			state[depth].cursor = 0;
			depth++;
		}
	}
	return INIT_PLAN_OK;
}
