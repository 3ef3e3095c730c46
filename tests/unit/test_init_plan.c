/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the init planner on hand-built tables: no linker sections,
 * so each test states exactly the table it plans.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tables/init_plan.h"

#define MAX_DEPS 8

/* A table under construction: entries plus room for their dependencies. */
struct table {
	uint32_t count;
	struct init_entry *entries;
	const struct init_entry **deps; /* count rows of MAX_DEPS + 1 */
	uint32_t *ndeps;
	char (*names)[16];
};

/* The result of one init_plan() call. */
struct plan {
	enum init_plan_error error;
	uint32_t *order;
	uint32_t *group_before;
	struct init_plan_diag diag;
};

static int test_init(struct boot_params *params)
{
	(void)params;
	return 0;
}

static struct table *table_new(uint32_t count)
{
	struct table *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->count = count;
	t->entries = calloc(count + 1, sizeof(*t->entries));
	t->deps =
		calloc((size_t)(count + 1) * (MAX_DEPS + 1), sizeof(*t->deps));
	t->ndeps = calloc(count + 1, sizeof(*t->ndeps));
	t->names = calloc(count + 1, sizeof(*t->names));
	assert_true(t->entries && t->deps && t->ndeps && t->names);
	for (uint32_t i = 0; i < count; i++) {
		snprintf(t->names[i], sizeof(t->names[i]), "e%u", i);
		t->entries[i] = (struct init_entry){
			.name = t->names[i],
			.file = "test.c",
			.line = 100 + i,
			.level = INIT_LEVEL_CPU,
			.subarchs = SUBARCH_ALL,
			.init = test_init,
			.after = &t->deps[(size_t)i * (MAX_DEPS + 1)],
		};
	}
	return t;
}

static void table_free(struct table *t)
{
	free(t->entries);
	free(t->deps);
	free(t->ndeps);
	free(t->names);
	free(t);
}

static void set(struct table *t, uint32_t i, const char *name, uint32_t level,
		uint32_t subarchs)
{
	snprintf(t->names[i], sizeof(t->names[i]), "%s", name);
	t->entries[i].level = level;
	t->entries[i].subarchs = subarchs;
}

/* Entry i runs after `dep`, which may point anywhere (missing deps). */
static void after_ptr(struct table *t, uint32_t i, const struct init_entry *dep)
{
	assert_true(t->ndeps[i] < MAX_DEPS);
	t->deps[(size_t)i * (MAX_DEPS + 1) + t->ndeps[i]++] = dep;
}

static void after(struct table *t, uint32_t i, uint32_t j)
{
	after_ptr(t, i, &t->entries[j]);
}

static struct plan *plan(const struct table *t)
{
	struct plan *p = calloc(1, sizeof(*p));
	struct init_state *state = calloc(t->count + 1, sizeof(*state));

	assert_true(p && state);
	p->order = calloc(t->count + 1, sizeof(uint32_t));
	p->group_before = calloc(t->count + 1, sizeof(uint32_t));
	assert_true(p->order && p->group_before);
	p->error = init_plan(t->count ? t->entries : NULL, state, t->count,
			     &p->diag);
	assert_int_equal(p->diag.error, p->error);
	for (uint32_t k = 0; k < t->count; k++) {
		p->order[k] = state[k].order;
		p->group_before[k] = state[k].group_before;
	}
	free(state);
	return p;
}

static void plan_free(struct plan *p)
{
	free(p->order);
	free(p->group_before);
	free(p);
}

/* The planned order, by name, must be exactly the NULL-terminated list. */
static void expect_order(const struct table *t, const struct plan *p, ...)
{
	va_list names;
	uint32_t n = 0;
	const char *name;

	assert_int_equal(p->error, INIT_PLAN_OK);
	assert_string_equal(p->diag.message, "");
	va_start(names, p);
	while ((name = va_arg(names, const char *))) {
		assert_true(n < t->count);
		assert_string_equal(t->entries[p->order[n]].name, name);
		n++;
	}
	va_end(names);
	assert_int_equal(n, t->count);
}

/* The error, its name first in the message, then the exact message. */
static void expect_error(const struct plan *p, enum init_plan_error error,
			 const char *message)
{
	char prefix[64];

	assert_int_equal(p->error, error);
	snprintf(prefix, sizeof(prefix), "%s: ", init_plan_error_name(error));
	assert_int_equal(strncmp(p->diag.message, prefix, strlen(prefix)), 0);
	assert_string_equal(p->diag.message, message);
}

static void test_empty(void **state)
{
	(void)state;
	struct table *t = table_new(0);
	struct plan *p = plan(t);

	expect_order(t, p, NULL);
	assert_int_equal(p->diag.entry, UINT32_MAX);
	plan_free(p);
	table_free(t);
}

static void test_no_deps_keeps_table_order(void **state)
{
	(void)state;
	struct table *t = table_new(5);

	set(t, 0, "cmdline", INIT_LEVEL_EARLY, SUBARCH_ALL);
	set(t, 1, "xen_hyp", INIT_LEVEL_EARLY, SUBARCH_XEN);
	set(t, 2, "uart", INIT_LEVEL_CONSOLE, SUBARCH_PC);
	set(t, 3, "gdt", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 4, "acpi", INIT_LEVEL_LATE, SUBARCH_PC);
	struct plan *p = plan(t);
	expect_order(t, p, "cmdline", "xen_hyp", "uart", "gdt", "acpi", NULL);
	plan_free(p);
	table_free(t);
}

static void test_deps_inside_level_reorder(void **state)
{
	(void)state;
	struct table *t = table_new(4);

	set(t, 0, "a", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 1, "b", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 2, "c", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 3, "d", INIT_LEVEL_CPU, SUBARCH_ALL);
	after(t, 0, 3); /* a after d */
	after(t, 0, 2); /* a after c */
	after(t, 2, 3); /* c after d */
	struct plan *p = plan(t);
	/* d first (a's first dependency), then c, then a; b keeps its place. */
	expect_order(t, p, "d", "c", "a", "b", NULL);
	plan_free(p);
	table_free(t);
}

static void test_diamond(void **state)
{
	(void)state;
	struct table *t = table_new(4);

	set(t, 0, "top", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 1, "left", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 2, "right", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 3, "base", INIT_LEVEL_CPU, SUBARCH_ALL);
	after(t, 0, 1);
	after(t, 0, 2);
	after(t, 1, 3);
	after(t, 2, 3);
	struct plan *p = plan(t);
	expect_order(t, p, "base", "left", "right", "top", NULL);
	plan_free(p);
	table_free(t);
}

static void test_cross_level_deps(void **state)
{
	(void)state;
	struct table *t = table_new(4);

	set(t, 0, "cmdline", INIT_LEVEL_EARLY, SUBARCH_ALL);
	set(t, 1, "uart", INIT_LEVEL_CONSOLE, SUBARCH_PC);
	set(t, 2, "pages", INIT_LEVEL_MEMORY, SUBARCH_ALL);
	set(t, 3, "e820", INIT_LEVEL_MEMORY, SUBARCH_PC);
	after(t, 1, 0);
	after(t, 2, 0);
	after(t, 3, 1);
	after(t, 3, 2);
	struct plan *p = plan(t);
	/* Earlier levels are placed already: table order stands. */
	expect_order(t, p, "cmdline", "uart", "pages", "e820", NULL);
	plan_free(p);
	table_free(t);
}

static void test_cycle_2(void **state)
{
	(void)state;
	struct table *t = table_new(3);

	set(t, 0, "free", INIT_LEVEL_MEMORY, SUBARCH_ALL);
	set(t, 1, "a", INIT_LEVEL_MEMORY, SUBARCH_ALL);
	set(t, 2, "b", INIT_LEVEL_MEMORY, SUBARCH_ALL);
	after(t, 1, 2);
	after(t, 2, 1);
	struct plan *p = plan(t);
	expect_error(p, INIT_PLAN_CYCLE,
		     "E_INIT_CYCLE: dependency cycle: a -> b -> a; "
		     "a at test.c:101, b at test.c:102");
	/* The edge that closed the cycle: b -> a. */
	assert_int_equal(p->diag.entry, 2);
	assert_int_equal(p->diag.dependency, 1);
	plan_free(p);
	table_free(t);
}

static void test_cycle_3(void **state)
{
	(void)state;
	struct table *t = table_new(4);

	/* tail leads into the cycle but is not part of it. */
	set(t, 0, "tail", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 1, "a", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 2, "b", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 3, "c", INIT_LEVEL_CPU, SUBARCH_ALL);
	after(t, 0, 1);
	after(t, 1, 2);
	after(t, 2, 3);
	after(t, 3, 1);
	struct plan *p = plan(t);
	expect_error(p, INIT_PLAN_CYCLE,
		     "E_INIT_CYCLE: dependency cycle: a -> b -> c -> a; "
		     "a at test.c:101, b at test.c:102, c at test.c:103");
	plan_free(p);
	table_free(t);
}

static void test_cycle_self(void **state)
{
	(void)state;
	struct table *t = table_new(2);

	set(t, 0, "ok", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 1, "me", INIT_LEVEL_CPU, SUBARCH_ALL);
	after(t, 1, 0);
	after(t, 1, 1);
	struct plan *p = plan(t);
	expect_error(p, INIT_PLAN_CYCLE,
		     "E_INIT_CYCLE: dependency cycle: me -> me; "
		     "me at test.c:101");
	assert_int_equal(p->diag.entry, 1);
	assert_int_equal(p->diag.dependency, 1);
	plan_free(p);
	table_free(t);
}

/* A cycle too long for the message: cut with "...", still named. */
static void test_cycle_long_message(void **state)
{
	(void)state;
	const uint32_t n = 1000;
	struct table *t = table_new(n);

	for (uint32_t i = 0; i < n; i++)
		after(t, i, (i + 1) % n);
	struct plan *p = plan(t);
	assert_int_equal(p->error, INIT_PLAN_CYCLE);
	assert_int_equal(strncmp(p->diag.message,
				 "E_INIT_CYCLE: dependency cycle: e0 -> e1 -> ",
				 44),
			 0);
	size_t length = strlen(p->diag.message);
	assert_int_equal(length, sizeof(p->diag.message) - 1);
	assert_string_equal(p->diag.message + length - 3, "...");
	plan_free(p);
	table_free(t);
}

/* Entry i depends on entry i + 1: the deepest path a table can have. */
static struct table *chain(uint32_t n)
{
	struct table *t = table_new(n);

	for (uint32_t i = 0; i + 1 < n; i++)
		after(t, i, i + 1);
	return t;
}

static void expect_reverse(const struct table *t, const struct plan *p)
{
	assert_int_equal(p->error, INIT_PLAN_OK);
	for (uint32_t i = 0; i < t->count; i++)
		assert_int_equal(p->order[i], t->count - 1 - i);
}

static void test_chain_10000(void **state)
{
	(void)state;
	struct table *t = chain(10000);
	struct plan *p = plan(t);

	expect_reverse(t, p);
	plan_free(p);
	table_free(t);
}

struct thread_plan {
	const struct table *t;
	struct plan *p;
};

static void *plan_thread(void *arg)
{
	struct thread_plan *tp = arg;

	tp->p = plan(tp->t);
	return NULL;
}

/*
 * 200,000 deep on a 256 KiB stack: a recursive planner would need a frame
 * per level and overflow; this one must not care how deep the path is.
 */
static void test_chain_small_stack(void **state)
{
	(void)state;
	struct thread_plan tp = { .t = chain(200000) };
	pthread_attr_t attr;
	pthread_t thread;

	assert_int_equal(pthread_attr_init(&attr), 0);
	assert_int_equal(pthread_attr_setstacksize(&attr, 256 * 1024), 0);
	assert_int_equal(pthread_create(&thread, &attr, plan_thread, &tp), 0);
	assert_int_equal(pthread_join(thread, NULL), 0);
	pthread_attr_destroy(&attr);
	expect_reverse(tp.t, tp.p);
	plan_free(tp.p);
	table_free((struct table *)tp.t);
}

static void test_level_inversion(void **state)
{
	(void)state;
	struct table *t = table_new(2);

	set(t, 0, "x", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 1, "y", INIT_LEVEL_MEMORY, SUBARCH_ALL);
	after(t, 0, 1);
	struct plan *p = plan(t);
	expect_error(p, INIT_PLAN_LEVEL_INVERSION,
		     "E_INIT_LEVEL_INVERSION: x (level CPU) depends on y "
		     "(level MEMORY), a later level; x at test.c:100, "
		     "y at test.c:101");
	assert_int_equal(p->diag.entry, 0);
	assert_int_equal(p->diag.dependency, 1);
	plan_free(p);
	table_free(t);
}

static void test_subarch_mismatch(void **state)
{
	(void)state;
	struct table *t = table_new(2);

	set(t, 0, "cr4_shadow", INIT_LEVEL_CPU, SUBARCH_PC);
	set(t, 1, "fpu", INIT_LEVEL_CPU, SUBARCH_PC | SUBARCH_XEN);
	after(t, 1, 0);
	struct plan *p = plan(t);
	expect_error(p, INIT_PLAN_SUBARCH_MISMATCH,
		     "E_INIT_SUBARCH_MISMATCH: fpu runs on PC|XEN but depends "
		     "on cr4_shadow, which runs on PC only: on XEN, fpu would "
		     "run without it; fpu at test.c:101, "
		     "cr4_shadow at test.c:100");
	assert_int_equal(p->diag.entry, 1);
	assert_int_equal(p->diag.dependency, 0);
	plan_free(p);
	table_free(t);
}

static void test_subarch_narrower_dependent_ok(void **state)
{
	(void)state;
	struct table *t = table_new(3);

	set(t, 0, "pc_uart", INIT_LEVEL_CONSOLE, SUBARCH_PC);
	set(t, 1, "cmdline", INIT_LEVEL_EARLY, SUBARCH_ALL);
	set(t, 2, "xen_con", INIT_LEVEL_CONSOLE, SUBARCH_XEN);
	after(t, 0, 1);
	after(t, 2, 1);
	struct plan *p = plan(t);
	expect_order(t, p, "cmdline", "pc_uart", "xen_con", NULL);
	plan_free(p);
	table_free(t);
}

static void test_missing_other_array(void **state)
{
	(void)state;
	struct table *t = table_new(2);
	struct table *other = table_new(2);

	set(t, 1, "needy", INIT_LEVEL_CPU, SUBARCH_ALL);
	after(t, 1, 0);
	after_ptr(t, 1, &other->entries[0]);
	struct plan *p = plan(t);
	expect_error(p, INIT_PLAN_MISSING_DEPENDENCY,
		     "E_INIT_MISSING_DEPENDENCY: needy depends on an entry "
		     "that is not in the init table (its dependency #2); "
		     "needy at test.c:101");
	assert_int_equal(p->diag.entry, 1);
	plan_free(p);
	table_free(other);
	table_free(t);
}

static void test_missing_mid_entry(void **state)
{
	(void)state;
	struct table *t = table_new(3);
	const char *base = (const char *)&t->entries[1];

	set(t, 2, "needy", INIT_LEVEL_CPU, SUBARCH_ALL);
	after_ptr(t, 2, (const struct init_entry *)(base + 8));
	struct plan *p = plan(t);
	expect_error(p, INIT_PLAN_MISSING_DEPENDENCY,
		     "E_INIT_MISSING_DEPENDENCY: needy depends on an entry "
		     "that is not in the init table (its dependency #1); "
		     "needy at test.c:102");
	plan_free(p);
	table_free(t);
}

static void test_index(void **state)
{
	(void)state;
	struct table *t = table_new(3);
	const struct init_entry *e = t->entries;
	const char *bytes = (const char *)e;

	assert_int_equal(init_plan_index(e, 3, &e[0]), 0);
	assert_int_equal(init_plan_index(e, 3, &e[2]), 2);
	assert_int_equal(init_plan_index(e, 3, &e[3]), -1);
	assert_int_equal(init_plan_index(e, 2, &e[2]), -1);
	assert_int_equal(init_plan_index(e, 3, NULL), -1);
	assert_int_equal(init_plan_index(NULL, 0, &e[0]), -1);
	assert_int_equal(init_plan_index(&e[1], 2, &e[0]), -1);
	assert_int_equal(init_plan_index(e, 3, (const void *)(bytes + 1)), -1);
	assert_int_equal(
		init_plan_index(e, 3, (const void *)(bytes + sizeof(*e) - 8)),
		-1);
	table_free(t);
}

static void test_null_name(void **state)
{
	(void)state;
	struct table *t = table_new(3);

	t->entries[1].name = NULL;
	struct plan *p = plan(t);
	expect_error(p, INIT_PLAN_MALFORMED,
		     "E_INIT_MALFORMED: entry #1 of the init table has no "
		     "name; it is at test.c:101");
	assert_int_equal(p->diag.entry, 1);
	plan_free(p);
	table_free(t);
}

static void test_null_init(void **state)
{
	(void)state;
	struct table *t = table_new(2);

	set(t, 1, "lazy", INIT_LEVEL_CPU, SUBARCH_ALL);
	t->entries[1].init = NULL;
	struct plan *p = plan(t);
	expect_error(p, INIT_PLAN_MALFORMED,
		     "E_INIT_MALFORMED: lazy has no init routine; "
		     "lazy at test.c:101");
	plan_free(p);
	table_free(t);
}

static void test_unknown_level(void **state)
{
	(void)state;
	struct table *t = table_new(1);

	set(t, 0, "odd", 35, SUBARCH_ALL);
	struct plan *p = plan(t);
	expect_error(p, INIT_PLAN_MALFORMED,
		     "E_INIT_MALFORMED: odd has an unknown level 35; "
		     "odd at test.c:100");
	plan_free(p);
	set(t, 0, "zero", 0, SUBARCH_ALL);
	p = plan(t);
	expect_error(p, INIT_PLAN_MALFORMED,
		     "E_INIT_MALFORMED: zero has an unknown level 0; "
		     "zero at test.c:100");
	plan_free(p);
	table_free(t);
}

static void test_unknown_flags(void **state)
{
	(void)state;
	struct table *t = table_new(1);

	set(t, 0, "flaggy", INIT_LEVEL_CPU, SUBARCH_ALL);
	t->entries[0].flags = INIT_CRITICAL | (1u << 5);
	struct plan *p = plan(t);
	expect_error(p, INIT_PLAN_MALFORMED,
		     "E_INIT_MALFORMED: flaggy has unknown flag bits 0x20; "
		     "flaggy at test.c:100");
	plan_free(p);
	table_free(t);
}

static void test_finish_group_without_group(void **state)
{
	(void)state;
	struct table *t = table_new(2);

	set(t, 0, "grouped", INIT_LEVEL_CONSOLE, SUBARCH_ALL);
	t->entries[0].flags = INIT_FINISH_GROUP;
	t->entries[0].group = "console";
	set(t, 1, "loner", INIT_LEVEL_CONSOLE, SUBARCH_ALL);
	t->entries[1].flags = INIT_FINISH_GROUP | INIT_CRITICAL;
	struct plan *p = plan(t);
	expect_error(p, INIT_PLAN_MALFORMED,
		     "E_INIT_MALFORMED: loner has INIT_FINISH_GROUP but no "
		     ".group; loner at test.c:101");
	plan_free(p);
	table_free(t);
}

static void test_starts_cpus_off_the_boot_cpu(void **state)
{
	(void)state;
	struct table *t = table_new(2);

	set(t, 0, "starter", INIT_LEVEL_PLATFORM, SUBARCH_ALL);
	t->entries[0].flags = INIT_STARTS_CPUS | INIT_BOOT_CPU;
	set(t, 1, "wanderer", INIT_LEVEL_PLATFORM, SUBARCH_ALL);
	t->entries[1].flags = INIT_STARTS_CPUS;
	struct plan *p = plan(t);
	expect_error(p, INIT_PLAN_MALFORMED,
		     "E_INIT_MALFORMED: wanderer has INIT_STARTS_CPUS but not "
		     "INIT_BOOT_CPU; wanderer at test.c:101");
	plan_free(p);
	table_free(t);
}

static void test_no_subarch(void **state)
{
	(void)state;
	struct table *t = table_new(1);

	set(t, 0, "nowhere", INIT_LEVEL_CPU, 0);
	struct plan *p = plan(t);
	expect_error(p, INIT_PLAN_NO_SUBARCH,
		     "E_INIT_NO_SUBARCH: nowhere has no subarch; "
		     "nowhere at test.c:100");
	plan_free(p);
	set(t, 0, "elsewhere", INIT_LEVEL_CPU, SUBARCH_PC | 4);
	p = plan(t);
	expect_error(p, INIT_PLAN_NO_SUBARCH,
		     "E_INIT_NO_SUBARCH: elsewhere has unknown subarch bits "
		     "0x4; elsewhere at test.c:100");
	plan_free(p);
	table_free(t);
}

/* Members of a group: tried by priority, whatever their names say. */
static void group(struct table *t, uint32_t i, const char *name,
		  uint32_t priority)
{
	t->entries[i].group = name;
	t->entries[i].priority = priority;
	t->entries[i].flags |= INIT_FINISH_GROUP;
}

static void test_group_priority_orders(void **state)
{
	(void)state;
	struct table *t = table_new(4);

	set(t, 0, "a_last", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 1, "b_first", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 2, "c_other", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 3, "d_middle", INIT_LEVEL_CPU, SUBARCH_PC);
	group(t, 0, "clock", 1);
	group(t, 1, "clock", 30);
	group(t, 3, "clock", 20);
	struct plan *p = plan(t);
	expect_order(t, p, "b_first", "d_middle", "a_last", "c_other", NULL);
	assert_int_equal(p->group_before[1], INIT_PLAN_NO_ENTRY);
	assert_int_equal(p->group_before[3], 1);
	assert_int_equal(p->group_before[0], 3);
	assert_int_equal(p->group_before[2], INIT_PLAN_NO_ENTRY);
	plan_free(p);

	/* Renamed so that names sort the other way: the same order. */
	set(t, 0, "z_last", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 1, "y_first", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 3, "x_middle", INIT_LEVEL_CPU, SUBARCH_PC);
	struct init_entry swapped[4] = { t->entries[3], t->entries[2],
					 t->entries[1], t->entries[0] };
	memcpy(t->entries, swapped, sizeof(swapped));
	p = plan(t);
	expect_order(t, p, "y_first", "x_middle", "c_other", "z_last", NULL);
	plan_free(p);
	table_free(t);
}

/* Two groups, their members interleaved, one name given as two copies of
 * its text: members are matched by name, not by pointer, and priorities
 * only need to differ inside a group. */
static void test_two_groups_interleaved(void **state)
{
	(void)state;
	static char clock_copy[] = "clock";
	struct table *t = table_new(5);

	set(t, 0, "pit", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 1, "vga", INIT_LEVEL_CONSOLE, SUBARCH_ALL);
	set(t, 2, "hpet", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 3, "uart", INIT_LEVEL_CONSOLE, SUBARCH_ALL);
	set(t, 4, "kvmclock", INIT_LEVEL_CPU, SUBARCH_ALL);
	group(t, 0, "clock", 1);
	group(t, 1, "console", 1);
	group(t, 2, clock_copy, 2);
	group(t, 3, "console", 2);
	group(t, 4, "clock", 3);
	struct plan *p = plan(t);
	assert_int_equal(p->error, INIT_PLAN_OK);
	assert_int_equal(p->group_before[4], INIT_PLAN_NO_ENTRY);
	assert_int_equal(p->group_before[2], 4);
	assert_int_equal(p->group_before[0], 2);
	assert_int_equal(p->group_before[3], INIT_PLAN_NO_ENTRY);
	assert_int_equal(p->group_before[1], 3);
	plan_free(p);

	group(t, 3, "console", 1);
	p = plan(t);
	expect_error(p, INIT_PLAN_GROUP_PRIORITY,
		     "E_INIT_GROUP_PRIORITY: group console: vga and uart both "
		     "have priority 1; only their names would decide which "
		     "is tried first; vga at test.c:101, uart at test.c:103");
	plan_free(p);
	table_free(t);
}

static void test_group_same_priority(void **state)
{
	(void)state;
	struct table *t = table_new(3);

	set(t, 0, "pit", INIT_LEVEL_CPU, SUBARCH_PC);
	set(t, 1, "hpet", INIT_LEVEL_CPU, SUBARCH_PC);
	group(t, 0, "clock", 5);
	group(t, 1, "clock", 5);
	struct plan *p = plan(t);
	expect_error(p, INIT_PLAN_GROUP_PRIORITY,
		     "E_INIT_GROUP_PRIORITY: group clock: pit and hpet both "
		     "have priority 5; only their names would decide which is "
		     "tried first; pit at test.c:100, hpet at test.c:101");
	plan_free(p);
	table_free(t);
}

static void test_group_two_levels(void **state)
{
	(void)state;
	struct table *t = table_new(2);

	set(t, 0, "early", INIT_LEVEL_EARLY, SUBARCH_ALL);
	set(t, 1, "late", INIT_LEVEL_LATE, SUBARCH_ALL);
	group(t, 0, "clock", 1);
	group(t, 1, "clock", 2);
	struct plan *p = plan(t);
	expect_error(p, INIT_PLAN_GROUP_LEVEL,
		     "E_INIT_GROUP_LEVEL: group clock: early is at level "
		     "EARLY, late at LATE; members of a group share one level; "
		     "early at test.c:100, late at test.c:101");
	plan_free(p);
	table_free(t);
}

/* A dependency against the group's order: a cycle, its group edge named. */
static void test_group_cycle(void **state)
{
	(void)state;
	struct table *t = table_new(2);

	set(t, 0, "first", INIT_LEVEL_CPU, SUBARCH_ALL);
	set(t, 1, "second", INIT_LEVEL_CPU, SUBARCH_ALL);
	group(t, 0, "clock", 2);
	group(t, 1, "clock", 1);
	after(t, 0, 1);
	struct plan *p = plan(t);
	expect_error(p, INIT_PLAN_CYCLE,
		     "E_INIT_CYCLE: dependency cycle: first -> second "
		     "-(group clock)-> first; first at test.c:100, second at "
		     "test.c:101");
	plan_free(p);
	table_free(t);
}

/* A pseudo-random DAG: each entry depends on some later ones. */
static struct table *random_dag(uint32_t n, uint32_t seed)
{
	struct table *t = table_new(n);

	for (uint32_t i = 0; i < n; i++) {
		uint32_t deps = (seed = seed * 1103515245u + 12345u) % 4;
		for (uint32_t k = 0; k < deps && i + 1 < n; k++) {
			seed = seed * 1103515245u + 12345u;
			after(t, i, i + 1 + (seed >> 8) % (n - i - 1));
		}
	}
	return t;
}

static void test_deterministic_topological(void **state)
{
	(void)state;
	const uint32_t n = 2000;
	struct table *t = random_dag(n, 42);
	struct plan *first = plan(t);
	struct plan *second = plan(t);
	uint32_t *position = calloc(n, sizeof(*position));
	uint8_t *seen = calloc(n, 1);

	assert_int_equal(first->error, INIT_PLAN_OK);
	assert_int_equal(second->error, INIT_PLAN_OK);
	assert_memory_equal(first->order, second->order, n * sizeof(uint32_t));
	for (uint32_t k = 0; k < n; k++) {
		assert_false(seen[first->order[k]]);
		seen[first->order[k]] = 1;
		position[first->order[k]] = k;
	}
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t k = 0; k < t->ndeps[i]; k++)
			assert_true(
				position[t->entries[i].after[k] - t->entries] <
				position[i]);
	free(position);
	free(seen);
	plan_free(first);
	plan_free(second);
	table_free(t);
}

/* INIT_NO_DEPS is an empty list; a NULL list is a mistake the walk
 * would read through, so the planner refuses it. */
static void test_null_after_is_malformed(void **state)
{
	(void)state;
	struct table *t = table_new(2);

	set(t, 0, "no_list", INIT_LEVEL_CPU, SUBARCH_ALL);
	t->entries[0].after = NULL;
	after(t, 1, 0);
	struct plan *p = plan(t);
	expect_error(p, INIT_PLAN_MALFORMED,
		     "E_INIT_MALFORMED: no_list has no dependency list (NULL, "
		     "not INIT_NO_DEPS); no_list at test.c:100");
	assert_int_equal(p->diag.entry, 0);
	plan_free(p);
	table_free(t);
}

static void test_error_names(void **state)
{
	(void)state;
	assert_string_equal(init_plan_error_name(INIT_PLAN_OK), "OK");
	assert_string_equal(init_plan_error_name(INIT_PLAN_CYCLE),
			    "E_INIT_CYCLE");
	assert_string_equal(init_plan_error_name(INIT_PLAN_LEVEL_INVERSION),
			    "E_INIT_LEVEL_INVERSION");
	assert_string_equal(init_plan_error_name(INIT_PLAN_SUBARCH_MISMATCH),
			    "E_INIT_SUBARCH_MISMATCH");
	assert_string_equal(init_plan_error_name(INIT_PLAN_MISSING_DEPENDENCY),
			    "E_INIT_MISSING_DEPENDENCY");
	assert_string_equal(init_plan_error_name(INIT_PLAN_NO_SUBARCH),
			    "E_INIT_NO_SUBARCH");
	assert_string_equal(init_plan_error_name(INIT_PLAN_MALFORMED),
			    "E_INIT_MALFORMED");
	assert_string_equal(init_plan_error_name(INIT_PLAN_GROUP_PRIORITY),
			    "E_INIT_GROUP_PRIORITY");
	assert_string_equal(init_plan_error_name(INIT_PLAN_GROUP_LEVEL),
			    "E_INIT_GROUP_LEVEL");
	assert_string_equal(init_plan_error_name(INIT_PLAN_DUPLICATE_NAME),
			    "E_INIT_DUPLICATE_NAME");
}

static void test_level_names(void **state)
{
	(void)state;
	assert_string_equal(init_level_name(INIT_LEVEL_CMDLINE), "CMDLINE");
	assert_string_equal(init_level_name(INIT_LEVEL_EARLY), "EARLY");
	assert_string_equal(init_level_name(INIT_LEVEL_CONSOLE), "CONSOLE");
	assert_string_equal(init_level_name(INIT_LEVEL_CPU), "CPU");
	assert_string_equal(init_level_name(INIT_LEVEL_MEMORY), "MEMORY");
	assert_string_equal(init_level_name(INIT_LEVEL_PLATFORM), "PLATFORM");
	assert_string_equal(init_level_name(INIT_LEVEL_DEVICES), "DEVICES");
	assert_string_equal(init_level_name(INIT_LEVEL_LATE), "LATE");
	assert_string_equal(init_level_name(35), "LEVEL-35");
	assert_string_equal(init_level_name(6), "LEVEL-06");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_no_deps_keeps_table_order),
		cmocka_unit_test(test_deps_inside_level_reorder),
		cmocka_unit_test(test_diamond),
		cmocka_unit_test(test_cross_level_deps),
		cmocka_unit_test(test_cycle_2),
		cmocka_unit_test(test_cycle_3),
		cmocka_unit_test(test_cycle_self),
		cmocka_unit_test(test_cycle_long_message),
		cmocka_unit_test(test_chain_10000),
		cmocka_unit_test(test_chain_small_stack),
		cmocka_unit_test(test_level_inversion),
		cmocka_unit_test(test_subarch_mismatch),
		cmocka_unit_test(test_subarch_narrower_dependent_ok),
		cmocka_unit_test(test_missing_other_array),
		cmocka_unit_test(test_missing_mid_entry),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_null_name),
		cmocka_unit_test(test_null_init),
		cmocka_unit_test(test_unknown_level),
		cmocka_unit_test(test_unknown_flags),
		cmocka_unit_test(test_finish_group_without_group),
		cmocka_unit_test(test_starts_cpus_off_the_boot_cpu),
		cmocka_unit_test(test_no_subarch),
		cmocka_unit_test(test_group_priority_orders),
		cmocka_unit_test(test_two_groups_interleaved),
		cmocka_unit_test(test_group_same_priority),
		cmocka_unit_test(test_group_two_levels),
		cmocka_unit_test(test_group_cycle),
		cmocka_unit_test(test_deterministic_topological),
		cmocka_unit_test(test_null_after_is_malformed),
		cmocka_unit_test(test_error_names),
		cmocka_unit_test(test_level_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
