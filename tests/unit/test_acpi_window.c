/* SPDX-License-Identifier: MIT */
/* ACPI tables are read only where the memory map says firmware tables
 * can be: inside entries of a readable type, below 4 GiB. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fake_memory.h"
#include "kernel/acpi.h"

static struct boot_params *params;

static void add(uint64_t addr, uint64_t size, uint32_t type)
{
	params->memmap[params->memmap_count++] =
		(struct e820_entry){ addr, size, type };
}

/* QEMU's PC map, and Xen's dom0 one around its ACPI tables. */
static int setup(void **state)
{
	(void)state;
	params = new_params();
	add(0, 0x9f000, E820_USABLE);
	add(0xf0000, 0x10000, E820_RESERVED);
	add(0x100000, 0xfee0000, E820_USABLE);
	add(0xffe0000, 0x20000, E820_RESERVED);
	add(0x1d219f26, 0x7a, E820_ACPI);
	add(0x1d21a000, 0x1000, E820_UNUSABLE);
	add(0x1d21b000, 0x1000, E820_NVS);
	add(0xfd00000000, 0x300000000, E820_RESERVED);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(params);
	return 0;
}

static bool readable(uint64_t addr, uint64_t length)
{
	struct phys_window window = { 0 };
	bool ok = acpi_window(params, addr, length, &window);

	if (ok) {
		assert_int_equal(window.start, addr);
		assert_int_equal(window.end, addr + length);
		assert_ptr_equal(window.bytes,
				 (const uint8_t *)(uintptr_t)addr);
	}
	return ok;
}

static void inside_one_entry(void **state)
{
	(void)state;
	assert_true(readable(0xffe1ad8, 0x34));
	assert_true(readable(0xf5a90, 20));
	assert_true(readable(0x1d219f4a, 0x3c));
	assert_true(readable(0x1d219f26, 0x7a));
}

static void across_touching_entries(void **state)
{
	(void)state;
	/* Usable RAM up to 0xffe0000, then reserved: one run. */
	assert_true(readable(0xffdfff0, 0x20));
}

/* Xen 4.17's dom0 map: the MADT runs past the E820_ACPI entry, which
 * does not end on a page; the rest of that page is the firmware's. */
static void firmware_entries_own_their_pages(void **state)
{
	(void)state;
	assert_true(readable(0x1d219f86, 0x40));
	assert_true(readable(0x1d219000, 0x1000));
	assert_false(readable(0x1d219ff0, 0x20)); /* into unusable memory */
	assert_false(readable(0x1d218ff0, 0x20)); /* from a hole before it */
}

static void outside_the_map(void **state)
{
	(void)state;
	assert_false(readable(0xe0000, 20));      /* a hole */
	assert_false(readable(0xfee00000, 0x40)); /* the local APIC */
	assert_false(readable(0x1d21c000, 1));    /* just past an entry */
	assert_false(readable(0x1d21bff0, 0x20)); /* running past it */
	assert_false(readable(0xefff0, 0x20));    /* starting before it */
}

static void not_in_unusable_memory(void **state)
{
	(void)state;
	assert_false(readable(0x1d21a000, 0x24));
	assert_true(readable(0x1d21b000, 0x24));
}

static void not_above_4_gib(void **state)
{
	(void)state;
	/* In the map, but the page tables map only RAM above 4 GiB. */
	assert_false(readable(0xfd00000000, 0x24));
	assert_false(readable(0xfffffff0, 0x20));
}

static void empty_or_wrapping(void **state)
{
	(void)state;
	assert_false(readable(0xffe1ad8, 0));
	assert_false(readable(0xffe1ad8, UINT64_MAX));
	assert_false(readable(UINT64_MAX - 3, 8));
	assert_false(readable(0, 0x24)); /* address 0 is never a table */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		TEST(inside_one_entry),
		TEST(across_touching_entries),
		TEST(firmware_entries_own_their_pages),
		TEST(outside_the_map),
		TEST(not_in_unusable_memory),
		TEST(not_above_4_gib),
		TEST(empty_or_wrapping),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
