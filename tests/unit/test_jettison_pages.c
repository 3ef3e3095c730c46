/* SPDX-License-Identifier: MIT */
/* Jettison reports only what it unmapped: each page it counts had a
 * present 4 KiB entry and has none now; nothing else is touched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "kernel/jettison_pages.h"

#define PRESENT 1ull
#define HUGE (1ull << 7)
#define PAGE PAGE_SIZE
/* The image's neighbourhood: 1 MiB up, in the first 2 MiB. */
#define BASE 0x100000ull

struct tables {
	uint64_t *pml4, *pdpt, *pd, *pt;
};

static struct tables tables;

static uint64_t *new_table(void)
{
	uint64_t *table = aligned_alloc(PAGE, PAGE);

	assert_non_null(table);
	for (int i = 0; i < 512; i++)
		table[i] = 0;
	return table;
}

static uint64_t entry(const uint64_t *table)
{
	return (uint64_t)(uintptr_t)table | PRESENT;
}

/* The first 2 MiB in 4 KiB pages, all present; 2-4 MiB one 2 MiB page. */
static int setup(void **state)
{
	(void)state;
	tables.pml4 = new_table();
	tables.pdpt = new_table();
	tables.pd = new_table();
	tables.pt = new_table();
	tables.pml4[0] = entry(tables.pdpt);
	tables.pdpt[0] = entry(tables.pd);
	tables.pd[0] = entry(tables.pt);
	tables.pd[1] = (2ull << 20) | PRESENT | HUGE;
	for (uint64_t i = 0; i < 512; i++)
		tables.pt[i] = (i * PAGE) | PRESENT;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(tables.pt);
	free(tables.pd);
	free(tables.pdpt);
	free(tables.pml4);
	return 0;
}

static uint64_t root(void)
{
	return (uint64_t)(uintptr_t)tables.pml4;
}

static bool present(uint64_t address)
{
	return tables.pt[(address >> 12) & 511] & PRESENT;
}

static void aligned_region_unmapped_with_its_padding(void **state)
{
	(void)state;
	/* 6704 bytes: two pages, the second one partly padding. */
	struct jettison_pages done = jettison_unmap_pages(
		root(), BASE + 2 * PAGE, BASE + 2 * PAGE + 6704);

	assert_int_equal(done.pages, 2);
	assert_int_equal(done.bytes, 6704);
	assert_int_equal(done.absent + done.coarse, 0);
	assert_false(done.shared);
	assert_true(present(BASE + PAGE));
	assert_false(present(BASE + 2 * PAGE));
	assert_false(present(BASE + 3 * PAGE));
	assert_true(present(BASE + 4 * PAGE));
	assert_true(jettison_page_absent(root(), BASE + 3 * PAGE + 100));
	assert_false(jettison_page_absent(root(), BASE + 4 * PAGE));
}

static void empty_region_touches_nothing(void **state)
{
	(void)state;
	struct jettison_pages done =
		jettison_unmap_pages(root(), BASE + PAGE, BASE + PAGE);

	assert_int_equal(done.pages + done.bytes + done.absent + done.coarse,
			 0);
	assert_true(present(BASE + PAGE));
}

static void first_page_shared_with_what_comes_before_is_kept(void **state)
{
	(void)state;
	struct jettison_pages done =
		jettison_unmap_pages(root(), BASE + 100, BASE + 2 * PAGE);

	assert_true(done.shared);
	assert_int_equal(done.pages, 1);
	assert_int_equal(done.bytes, PAGE);
	assert_true(present(BASE));
	assert_false(present(BASE + PAGE));
}

static void pages_already_absent_are_not_counted(void **state)
{
	(void)state;
	tables.pt[(BASE >> 12) + 1] &= ~PRESENT; /* a stack guard page */

	struct jettison_pages done =
		jettison_unmap_pages(root(), BASE, BASE + 3 * PAGE);

	assert_int_equal(done.pages, 2);
	assert_int_equal(done.bytes, 2 * PAGE);
	assert_int_equal(done.absent, 1);
}

static void coarse_pages_are_kept_and_said_so(void **state)
{
	(void)state;
	uint64_t pd1 = tables.pd[1];
	struct jettison_pages done = jettison_unmap_pages(
		root(), (2ull << 20) + PAGE, (2ull << 20) + 3 * PAGE);

	assert_int_equal(done.pages, 0);
	assert_int_equal(done.bytes, 0);
	assert_int_equal(done.coarse, 2);
	assert_int_equal(tables.pd[1], pd1);
	assert_false(jettison_page_absent(root(), (2ull << 20) + PAGE));
}

static void unmapping_twice_counts_once(void **state)
{
	(void)state;
	jettison_unmap_pages(root(), BASE, BASE + PAGE);

	struct jettison_pages again =
		jettison_unmap_pages(root(), BASE, BASE + PAGE);

	assert_int_equal(again.pages, 0);
	assert_int_equal(again.bytes, 0);
	assert_int_equal(again.absent, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			aligned_region_unmapped_with_its_padding, setup,
			teardown),
		cmocka_unit_test_setup_teardown(empty_region_touches_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			first_page_shared_with_what_comes_before_is_kept, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			pages_already_absent_are_not_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(
			coarse_pages_are_kept_and_said_so, setup, teardown),
		cmocka_unit_test_setup_teardown(unmapping_twice_counts_once,
						setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
