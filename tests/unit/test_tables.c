/* SPDX-License-Identifier: MIT */
/*
 * The generic table macros on real linker sections: linked with
 * host-tables.ld, which sorts .tbl.* as the kernel's linker.ld does, and
 * built both plain and with -O2 -flto --gc-sections (run-tables-lto.sh),
 * since the pitfalls these tests guard against appear with optimisation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tables/init_plan.h"
#include "test_tables.h"

/*
 * Out of order on purpose: neither source order nor link order (this
 * unit links first) may show through.  item_z is referenced by nothing
 * but the table, which LTO and --gc-sections must not drop.
 */
TABLE_ENTRY(ITEMS, 50, item_b) = { "item_b", 50 };
TABLE_ENTRY(ITEMS, 98, item_last) = { "item_last", 98 };
TABLE_ENTRY(ITEMS, ITEM_LEVEL_MACRO, item_macro) = { "item_macro", 30 };
TABLE_ENTRY(ITEMS, 05, item_z) = { "item_z", 5 };
TABLE_ENTRY(ITEMS, 10, item_y) = { "item_y", 10 };

TABLE_ENTRY(MORE_ITEMS, 05, more_y) = { "more_y", 5 };

TABLE_ENTRY(WIDE, 10, wide_1) = { "wide_1", 1, 1, 1 };
TABLE_ENTRY(WIDE, 20, wide_3) = { "wide_3", 3, 3, 3 };

TABLE_EXPORT_BOUNDS(WIDE, wide_bounds);

TABLE_DECLARE(ITEMS, item_c);
TABLE_DECLARE(WIDE, wide_0);

int test_tables_init(struct boot_params *params)
{
	(void)params;
	return 0;
}

INIT_ENTRY(beta, EARLY, SUBARCH_PC, test_tables_init, INIT_AFTER(alpha, gamma));
INIT_ENTRY(alpha, EARLY, SUBARCH_ALL, test_tables_init, INIT_NO_DEPS,
	   .group = "greek");

static const char *const item_order[] = {
	"item_z", "item_y", "item_m", "item_macro",
	"item_a", "item_b", "item_c", "item_last",
};

#define ITEM_COUNT (sizeof(item_order) / sizeof(item_order[0]))

static void test_sorted_by_level_then_name(void **state)
{
	(void)state;
	const struct item *item;
	size_t n = 0;

	TABLE_FOR_EACH(item, ITEMS) {
		assert_true(n < ITEM_COUNT);
		assert_string_equal(item->name, item_order[n]);
		n++;
	}
	assert_int_equal(n, ITEM_COUNT);
}

static void test_level_macro(void **state)
{
	(void)state;
	assert_string_equal(item_macro.name, "item_macro");
	assert_ptr_equal(&item_macro, TABLE_START(ITEMS) + 3);
}

/*
 * A load at a constant index from a marker: gcc folded it to 0 at -O1 and
 * above while the markers were visibly empty const arrays.
 */
static void test_marker_loads(void **state)
{
	(void)state;
	assert_string_equal(TABLE_START(ITEMS)[0].name, "item_z");
	assert_string_equal(TABLE_END(ITEMS)[-1].name, "item_last");
	assert_int_equal(TABLE_START(WIDE)[1].a, 1);
}

static void test_count(void **state)
{
	(void)state;
	assert_int_equal(TABLE_COUNT(ITEMS), ITEM_COUNT);
	assert_int_equal(TABLE_COUNT(MORE_ITEMS), 2);
	assert_int_equal(TABLE_COUNT(WIDE), 4);
	assert_int_equal(TABLE_COUNT(INIT_TABLE), 4);
}

static void test_reverse(void **state)
{
	(void)state;
	const struct item *item;
	size_t n = ITEM_COUNT;

	TABLE_FOR_EACH_REVERSE(item, ITEMS) {
		assert_true(n > 0);
		n--;
		assert_string_equal(item->name, item_order[n]);
	}
	assert_int_equal(n, 0);
}

/*
 * Pitfall 3: a 40-byte entry must sit exactly 40 bytes after the one
 * before; a compiler that raised its alignment would leave a gap and the
 * walk would read padding as an entry.
 */
static void test_stride_not_power_of_two(void **state)
{
	(void)state;
	const struct wide *w;
	const char *start = (const char *)TABLE_START(WIDE);
	uint64_t n = 0;

	assert_int_equal(sizeof(struct wide), 40);
	assert_int_equal((const char *)TABLE_END(WIDE) - start,
			 4 * sizeof(struct wide));
	TABLE_FOR_EACH(w, WIDE) {
		char name[16];

		snprintf(name, sizeof(name), "wide_%u", (unsigned)n);
		assert_string_equal(w->name, name);
		assert_int_equal(w->a, n);
		assert_int_equal(w->c, n);
		assert_int_equal((const char *)w - start,
				 n * sizeof(struct wide));
		n++;
	}
	assert_int_equal(n, 4);
	assert_int_equal(wide_bounds.start, (unsigned long)start);
	assert_int_equal(wide_bounds.end, (unsigned long)TABLE_END(WIDE));
	assert_int_equal(wide_bounds.entry_size, 40);
	assert_int_equal(wide_bounds.entry_align, 8);
}

static void test_index(void **state)
{
	(void)state;
	assert_int_equal(TABLE_INDEX(ITEMS, &item_z), 0);
	assert_int_equal(TABLE_INDEX(ITEMS, &item_c), 6);
	assert_int_equal(TABLE_INDEX(ITEMS, &item_last), ITEM_COUNT - 1);
	assert_int_equal(TABLE_INDEX(WIDE, &wide_0), 0);
	assert_int_equal(TABLE_INDEX(WIDE, &wide_3), 3);
}

static void test_shared_prefix_tables_apart(void **state)
{
	(void)state;
	const struct item *item;
	const char *names[2] = { 0 };
	size_t n = 0;

	TABLE_FOR_EACH(item, MORE_ITEMS) {
		assert_true(n < 2);
		names[n++] = item->name;
	}
	assert_string_equal(names[0], "more_y");
	assert_string_equal(names[1], "more_x");
	TABLE_FOR_EACH(item, ITEMS)
		assert_int_not_equal(strncmp(item->name, "more_", 5), 0);
	assert_ptr_equal(TABLE_END(ITEMS), &item_last + 1);
}

/*
 * Pitfall 5: a const table must land in memory nobody can write.  Only in
 * a non-PIE build like the kernel's: a PIE relocates the pointers in the
 * entries at load time, so their sections are writable there by design.
 */
static void test_tables_read_only(void **state)
{
	(void)state;
#ifdef __PIE__
	print_message("built as PIE: tables are relocated, hence writable; "
		      "build with -fno-pie -no-pie to check\n");
	skip();
#endif
	uintptr_t at = (uintptr_t)TABLE_START(ITEMS);
	FILE *maps = fopen("/proc/self/maps", "r");
	char line[512];
	bool found = false;

	assert_non_null(maps);
	while (fgets(line, sizeof(line), maps)) {
		unsigned long low, high;
		char perms[8];

		if (sscanf(line, "%lx-%lx %7s", &low, &high, perms) != 3)
			continue;
		if (at < low || at >= high)
			continue;
		assert_int_equal(perms[1], '-');
		found = true;
	}
	fclose(maps);
	assert_true(found);
}

static void test_init_entries(void **state)
{
	(void)state;
	const struct init_entry *start = TABLE_START(INIT_TABLE);
	const struct init_entry *e;
	const char *expected[] = { "alpha", "beta", "gamma", "delta" };
	size_t n = 0;

	TABLE_FOR_EACH(e, INIT_TABLE)
		assert_string_equal(e->name, expected[n++]);
	assert_int_equal(n, 4);

	assert_ptr_equal(init_entry_beta.after[0], &init_entry_alpha);
	assert_ptr_equal(init_entry_beta.after[1], &init_entry_gamma);
	assert_null(init_entry_beta.after[2]);
	assert_null(init_entry_alpha.after[0]);
	assert_int_equal(init_entry_beta.level, INIT_LEVEL_EARLY);
	assert_int_equal(init_entry_beta.subarchs, SUBARCH_PC);
	assert_ptr_equal(init_entry_beta.init, test_tables_init);
	assert_null(init_entry_beta.detect);
	assert_string_equal(init_entry_alpha.group, "greek");
	assert_non_null(strstr(init_entry_beta.file, "test_tables.c"));
	assert_true(init_entry_beta.line > 0);

	/* The dependencies are the table's own entries: the planner's view. */
	assert_int_equal(init_plan_index(start, n, init_entry_beta.after[1]),
			 2);

	/* INIT_ENTRY gave each entry its state, sorted alike: state i is
	 * entry i's, and the planner's scratch is the state table. */
	struct init_state *states = TABLE_STATE_START(INIT_STATES);
	struct init_plan_diag diag;

	assert_int_equal(TABLE_STATE_COUNT(INIT_STATES), n);
	assert_ptr_equal(&states[TABLE_INDEX(INIT_TABLE, &init_entry_alpha)],
			 &init_state_alpha);
	assert_ptr_equal(&states[TABLE_INDEX(INIT_TABLE, &init_entry_beta)],
			 &init_state_beta);
	assert_int_equal(init_plan(start, states, 4, &diag), INIT_PLAN_OK);
	assert_string_equal(start[states[0].order].name, "alpha");
	assert_string_equal(start[states[1].order].name, "gamma");
	assert_string_equal(start[states[2].order].name, "beta");
	assert_string_equal(start[states[3].order].name, "delta");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_by_level_then_name),
		cmocka_unit_test(test_level_macro),
		cmocka_unit_test(test_marker_loads),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_reverse),
		cmocka_unit_test(test_stride_not_power_of_two),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_shared_prefix_tables_apart),
		cmocka_unit_test(test_tables_read_only),
		cmocka_unit_test(test_init_entries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
