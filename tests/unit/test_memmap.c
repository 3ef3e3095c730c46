/* SPDX-License-Identifier: MIT */
/* memmap_normalize and memmap_append: overlaps, merges, pages, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "fake_memory.h"
#include "kernel/bootinfo.h"

#define KiB 1024ull
#define MiB (1024 * KiB)

struct map {
	struct e820_entry entries[BOOT_MEMMAP_MAX];
	uint32_t count;
	struct bootinfo_diag diag;
};

static void add(struct map *map, uint64_t addr, uint64_t size, uint32_t type)
{
	assert_true(map->count < BOOT_MEMMAP_MAX);
	map->entries[map->count++] = (struct e820_entry){ addr, size, type };
}

static enum bootinfo_error normalize(struct map *map, uint32_t capacity)
{
	return memmap_normalize(map->entries, &map->count, capacity,
				&map->diag);
}

static void expect(const struct map *map, uint32_t index, uint64_t addr,
		   uint64_t size, uint32_t type)
{
	assert_true(index < map->count);
	assert_int_equal(map->entries[index].addr, addr);
	assert_int_equal(map->entries[index].size, size);
	assert_int_equal(map->entries[index].type, type);
}

static void empty_map_stays_empty(void **state)
{
	struct map map = { 0 };

	(void)state;
	assert_int_equal(normalize(&map, BOOT_MEMMAP_MAX), BOOTINFO_OK);
	assert_int_equal(map.count, 0);
}

static void drops_empty_entries(void **state)
{
	struct map map = { 0 };

	(void)state;
	add(&map, 0x1000, 0, E820_RESERVED);
	add(&map, 0x2000, 0x1000, E820_USABLE);
	add(&map, UINT64_MAX, 0, E820_USABLE); /* empty: no wrap either */
	assert_int_equal(normalize(&map, BOOT_MEMMAP_MAX), BOOTINFO_OK);
	assert_int_equal(map.count, 1);
	expect(&map, 0, 0x2000, 0x1000, E820_USABLE);
}

/* A map already sorted and disjoint takes a one-pass path; the sweep,
 * given the same entries in another order, must agree with it. */
static void sorted_map_gives_what_the_sweep_gives(void **state)
{
	static const struct e820_entry sorted[] = {
		{ 0, 0x9f000, E820_USABLE },
		{ 0x9f000, 0x1000, E820_RESERVED },
		{ 0xe0000, 0x20000, 99 }, /* unknown: reserved */
		{ 0x100000, 0x800, E820_USABLE },
		{ 0x100800, 0x7f800, E820_USABLE }, /* touches: one range */
		{ 0x180000, 0x1234, E820_ACPI },    /* touches, other type */
		{ 0x200100, 0x3000, E820_USABLE },  /* partial pages */
		{ 0xfffc0000, 0x40000, E820_RESERVED },
	};
	const uint32_t n = sizeof(sorted) / sizeof(sorted[0]);
	struct map fast = { 0 }, swept = { 0 };

	(void)state;
	for (uint32_t i = 0; i < n; i++) {
		add(&fast, sorted[i].addr, sorted[i].size, sorted[i].type);
		add(&swept, sorted[n - 1 - i].addr, sorted[n - 1 - i].size,
		    sorted[n - 1 - i].type);
	}
	assert_int_equal(normalize(&fast, BOOT_MEMMAP_MAX), BOOTINFO_OK);
	assert_int_equal(normalize(&swept, BOOT_MEMMAP_MAX), BOOTINFO_OK);
	assert_int_equal(fast.count, 7);
	assert_int_equal(fast.count, swept.count);
	assert_memory_equal(fast.entries, swept.entries,
			    fast.count * sizeof(fast.entries[0]));
	expect(&fast, 2, 0xe0000, 0x20000, E820_RESERVED);
	expect(&fast, 3, 0x100000, 0x80000, E820_USABLE);
	expect(&fast, 5, 0x201000, 0x2000, E820_USABLE);
}

static void sorts_unsorted_entries(void **state)
{
	struct map map = { 0 };

	(void)state;
	add(&map, 0x100000, 0x100000, E820_USABLE);
	add(&map, 0xf0000, 0x10000, E820_RESERVED);
	add(&map, 0, 0x9f000, E820_USABLE);
	assert_int_equal(normalize(&map, BOOT_MEMMAP_MAX), BOOTINFO_OK);
	assert_int_equal(map.count, 3);
	expect(&map, 0, 0, 0x9f000, E820_USABLE);
	expect(&map, 1, 0xf0000, 0x10000, E820_RESERVED);
	expect(&map, 2, 0x100000, 0x100000, E820_USABLE);
}

static void merges_touching_and_overlapping_same_type(void **state)
{
	struct map map = { 0 };

	(void)state;
	add(&map, 0x3000, 0x2000, E820_USABLE);
	add(&map, 0x1000, 0x2000, E820_USABLE); /* touches the first */
	add(&map, 0x4000, 0x4000, E820_USABLE); /* overlaps it */
	add(&map, 0x10000, 0x1000, E820_ACPI);
	add(&map, 0x11000, 0x1000, E820_ACPI); /* touches */
	add(&map, 0x12000, 0x1000, E820_NVS);  /* touches, other type */
	assert_int_equal(normalize(&map, BOOT_MEMMAP_MAX), BOOTINFO_OK);
	assert_int_equal(map.count, 3);
	expect(&map, 0, 0x1000, 0x7000, E820_USABLE);
	expect(&map, 1, 0x10000, 0x2000, E820_ACPI);
	expect(&map, 2, 0x12000, 0x1000, E820_NVS);
}

static void reserved_inside_usable_splits_it(void **state)
{
	struct map map = { 0 };

	(void)state;
	add(&map, 0, 16 * MiB, E820_USABLE);
	add(&map, 4 * MiB, 1 * MiB, E820_RESERVED);
	assert_int_equal(normalize(&map, BOOT_MEMMAP_MAX), BOOTINFO_OK);
	assert_int_equal(map.count, 3);
	expect(&map, 0, 0, 4 * MiB, E820_USABLE);
	expect(&map, 1, 4 * MiB, 1 * MiB, E820_RESERVED);
	expect(&map, 2, 5 * MiB, 11 * MiB, E820_USABLE);
}

static void usable_inside_reserved_disappears(void **state)
{
	struct map map = { 0 };

	(void)state;
	add(&map, 0x2000, 0x1000, E820_USABLE);
	add(&map, 0, 0x10000, E820_RESERVED);
	assert_int_equal(normalize(&map, BOOT_MEMMAP_MAX), BOOTINFO_OK);
	assert_int_equal(map.count, 1);
	expect(&map, 0, 0, 0x10000, E820_RESERVED);
}

static void partial_overlap_goes_to_the_restrictive_type(void **state)
{
	struct map map = { 0 };

	(void)state;
	add(&map, 0, 0x8000, E820_USABLE);
	add(&map, 0x6000, 0x4000, E820_RESERVED);
	add(&map, 0x9000, 0x4000, E820_ACPI); /* beats reserved */
	add(&map, 0xc000, 0x2000, E820_NVS);  /* beats acpi */
	add(&map, 0xd000, 0x1000, E820_PMEM); /* beats everything */
	assert_int_equal(normalize(&map, BOOT_MEMMAP_MAX), BOOTINFO_OK);
	assert_int_equal(map.count, 5);
	expect(&map, 0, 0, 0x6000, E820_USABLE);
	expect(&map, 1, 0x6000, 0x3000, E820_RESERVED);
	expect(&map, 2, 0x9000, 0x3000, E820_ACPI);
	expect(&map, 3, 0xc000, 0x1000, E820_NVS);
	expect(&map, 4, 0xd000, 0x1000, E820_PMEM);
}

static void unknown_types_become_reserved(void **state)
{
	struct map map = { 0 };

	(void)state;
	add(&map, 0, 0x4000, E820_USABLE);
	add(&map, 0x1000, 0x1000, 0);
	add(&map, 0x2000, 0x1000, 0xf0000001); /* Xen's shared-info type */
	add(&map, 0x3000, 0x1000, 8);
	add(&map, 0x8000, 0x1000, E820_UNUSABLE);
	add(&map, 0x9000, 0x1000, 99);
	assert_int_equal(normalize(&map, BOOT_MEMMAP_MAX), BOOTINFO_OK);
	assert_int_equal(map.count, 4);
	expect(&map, 0, 0, 0x1000, E820_USABLE);
	expect(&map, 1, 0x1000, 0x3000, E820_RESERVED);
	expect(&map, 2, 0x8000, 0x1000, E820_UNUSABLE);
	expect(&map, 3, 0x9000, 0x1000, E820_RESERVED);
}

static void rejects_wrap_around(void **state)
{
	struct map map = { 0 };

	(void)state;
	add(&map, 0, 0x1000, E820_USABLE);
	add(&map, 0xfffffffffffff000ull, 0x2000, E820_RESERVED);
	assert_int_equal(normalize(&map, BOOT_MEMMAP_MAX), BOOTINFO_BAD_MEMMAP);
	assert_int_equal(map.diag.error, BOOTINFO_BAD_MEMMAP);
	assert_string_equal(map.diag.detail,
			    "memory map entry 1 (0xfffffffffffff000 size "
			    "0x2000) wraps around");
}

static void rejects_end_at_two_to_the_64(void **state)
{
	struct map map = { 0 };

	(void)state;
	add(&map, 0xfffffffffffff000ull, 0x1000, E820_RESERVED);
	assert_int_equal(normalize(&map, BOOT_MEMMAP_MAX), BOOTINFO_BAD_MEMMAP);

	map.count = 0;
	add(&map, 0xfffffffffffff000ull, 0xfff, E820_RESERVED);
	assert_int_equal(normalize(&map, BOOT_MEMMAP_MAX), BOOTINFO_OK);
	expect(&map, 0, 0xfffffffffffff000ull, 0xfff, E820_RESERVED);
}

static void usable_shrinks_to_whole_pages(void **state)
{
	struct map map = { 0 };

	(void)state;
	add(&map, 0, 0x9fc00, E820_USABLE);
	add(&map, 0x9fc00, 0x400, E820_RESERVED); /* not rounded */
	add(&map, 0x100001, 0x2ffe, E820_USABLE); /* one whole page inside */
	add(&map, 0x200800, 0x1000, E820_USABLE); /* no whole page: gone */
	add(&map, 0x300000, 0xfff, E820_USABLE);  /* gone */
	assert_int_equal(normalize(&map, BOOT_MEMMAP_MAX), BOOTINFO_OK);
	assert_int_equal(map.count, 3);
	expect(&map, 0, 0, 0x9f000, E820_USABLE);
	expect(&map, 1, 0x9fc00, 0x400, E820_RESERVED);
	expect(&map, 2, 0x101000, 0x1000, E820_USABLE);
}

static void pieces_of_one_page_merge_before_rounding(void **state)
{
	struct map map = { 0 };

	(void)state;
	add(&map, 0x1000, 0x800, E820_USABLE);
	add(&map, 0x1800, 0x800, E820_USABLE);
	assert_int_equal(normalize(&map, BOOT_MEMMAP_MAX), BOOTINFO_OK);
	assert_int_equal(map.count, 1);
	expect(&map, 0, 0x1000, 0x1000, E820_USABLE);
}

static void split_beyond_capacity_is_refused(void **state)
{
	struct map map = { 0 };

	(void)state;
	add(&map, 0, 0x10000, E820_USABLE);
	add(&map, 0x2000, 0x1000, E820_RESERVED);
	add(&map, 0x5000, 0x1000, E820_RESERVED);
	/* Five pieces do not fit in four. */
	assert_int_equal(normalize(&map, 4), BOOTINFO_BAD_MEMMAP);
	assert_string_equal(map.diag.detail,
			    "memory map needs more than 4 entries");

	/* ...but fit in five. */
	map.count = 0;
	add(&map, 0, 0x10000, E820_USABLE);
	add(&map, 0x2000, 0x1000, E820_RESERVED);
	add(&map, 0x5000, 0x1000, E820_RESERVED);
	assert_int_equal(normalize(&map, 5), BOOTINFO_OK);
	assert_int_equal(map.count, 5);
	expect(&map, 4, 0x6000, 0xa000, E820_USABLE);
}

static void count_above_capacity_is_refused(void **state)
{
	struct map map = { 0 };

	(void)state;
	add(&map, 0, 0x1000, E820_USABLE);
	add(&map, 0x2000, 0x1000, E820_USABLE);
	assert_int_equal(normalize(&map, 1), BOOTINFO_BAD_MEMMAP);
	assert_string_equal(
		map.diag.detail,
		"memory map has 2 entries, more than its capacity 1");
}

static void full_table_of_alternating_types(void **state)
{
	struct map map = { 0 };

	(void)state;
	/* One usable range cut by 63 reserved pages: exactly 127 pieces. */
	add(&map, 0, 128 * 0x2000, E820_USABLE);
	for (uint32_t i = 0; i < 63; i++)
		add(&map, (2 * i + 1) * 0x2000, 0x2000, E820_RESERVED);
	assert_int_equal(normalize(&map, BOOT_MEMMAP_MAX), BOOTINFO_OK);
	assert_int_equal(map.count, 127);
	expect(&map, 0, 0, 0x2000, E820_USABLE);
	expect(&map, 125, 125 * 0x2000, 0x2000, E820_RESERVED);
	expect(&map, 126, 126 * 0x2000, 2 * 0x2000, E820_USABLE);

	/* 64 reserved pages cutting it: 129 pieces, one too many. */
	map.count = 0;
	add(&map, 0, 130 * 0x2000, E820_USABLE);
	for (uint32_t i = 0; i < 64; i++)
		add(&map, (2 * i + 1) * 0x2000, 0x2000, E820_RESERVED);
	assert_int_equal(normalize(&map, BOOT_MEMMAP_MAX), BOOTINFO_BAD_MEMMAP);
	assert_string_equal(map.diag.detail,
			    "memory map needs more than 128 entries");
}

static void diag_may_be_null(void **state)
{
	struct e820_entry map[1] = { { 0xfffffffffffff000ull, 0x2000, 1 } };
	uint32_t count = 1;

	(void)state;
	assert_int_equal(memmap_normalize(map, &count, 1, NULL),
			 BOOTINFO_BAD_MEMMAP);
}

/*
 * Against a model: addresses in 256-byte cells over 64 KiB, each cell the
 * highest type covering it, USABLE only where its whole page is USABLE.
 */
#define CELL 0x100u
#define CELLS 256u
#define CELLS_PER_PAGE (4096u / CELL)

static uint32_t seed = 12345;

static uint32_t next_random(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

static void model_paint(uint32_t *cells, const struct map *map)
{
	memset(cells, 0, CELLS * sizeof(cells[0]));
	for (uint32_t i = 0; i < map->count; i++) {
		const struct e820_entry *e = &map->entries[i];
		uint32_t type = e->type >= 1 && e->type <= 7 ? e->type : 2;

		for (uint64_t c = e->addr / CELL;
		     c < (e->addr + e->size) / CELL; c++)
			if (type > cells[c])
				cells[c] = type;
	}
	for (uint32_t page = 0; page < CELLS / CELLS_PER_PAGE; page++) {
		bool whole = true;

		for (uint32_t c = 0; c < CELLS_PER_PAGE; c++)
			whole &=
				cells[page * CELLS_PER_PAGE + c] == E820_USABLE;
		for (uint32_t c = 0; c < CELLS_PER_PAGE && !whole; c++)
			if (cells[page * CELLS_PER_PAGE + c] == E820_USABLE)
				cells[page * CELLS_PER_PAGE + c] = 0;
	}
}

static void matches_model_on_random_maps(void **state)
{
	(void)state;
	for (int round = 0; round < 3000; round++) {
		struct map map = { 0 };
		uint32_t expected[CELLS], got[CELLS];
		uint32_t n = 1 + next_random() % 12;

		for (uint32_t i = 0; i < n; i++) {
			uint32_t start = next_random() % CELLS;
			uint32_t length = next_random() % (CELLS - start + 1);
			uint32_t type =
				next_random() % 9; /* 0 and 8: unknown */

			if (next_random() % 3)
				type = next_random() % 2 ? E820_USABLE : type;
			add(&map, (uint64_t)start * CELL,
			    (uint64_t)length * CELL, type);
		}
		model_paint(expected, &map);

		assert_int_equal(normalize(&map, BOOT_MEMMAP_MAX), BOOTINFO_OK);
		memset(got, 0, sizeof(got));
		for (uint32_t i = 0; i < map.count; i++) {
			const struct e820_entry *e = &map.entries[i];

			assert_true(e->size > 0);
			assert_true(e->type >= 1 && e->type <= 7);
			if (i > 0) {
				const struct e820_entry *p =
					&map.entries[i - 1];
				/* Sorted, disjoint, and no two touching
				 * entries of one type. */
				assert_true(p->addr + p->size <= e->addr);
				assert_false(p->addr + p->size == e->addr &&
					     p->type == e->type);
			}
			if (e->type == E820_USABLE) {
				assert_int_equal(e->addr % 4096, 0);
				assert_int_equal(e->size % 4096, 0);
			}
			for (uint64_t c = e->addr / CELL;
			     c < (e->addr + e->size) / CELL; c++)
				got[c] = e->type;
		}
		if (memcmp(expected, got, sizeof(got)) != 0) {
			print_error("round %d differs from the model\n", round);
			fail();
		}

		/* A normalised map is its own normal form. */
		struct map again = map;
		assert_int_equal(normalize(&again, BOOT_MEMMAP_MAX),
				 BOOTINFO_OK);
		assert_int_equal(again.count, map.count);
		assert_memory_equal(again.entries, map.entries,
				    map.count * sizeof(map.entries[0]));
	}
}

static void append_joins_touching_entries(void **state)
{
	struct boot_params *params = new_params();
	struct bootinfo_diag diag = { 0 };

	(void)state;
	/* An EFI-style map: 300 touching ranges of one type. */
	for (uint32_t i = 0; i < 300; i++)
		assert_int_equal(memmap_append(params, i * 0x1000ull, 0x1000,
					       E820_USABLE, &diag),
				 BOOTINFO_OK);
	assert_int_equal(params->memmap_count, 1);
	assert_entry(params, 0, 0, 300 * 0x1000ull, E820_USABLE);
	/* Empty ranges take no room. */
	assert_int_equal(
		memmap_append(params, 0x999000, 0, E820_RESERVED, &diag),
		BOOTINFO_OK);
	assert_int_equal(params->memmap_count, 1);
	free(params);
}

static void append_compacts_when_full(void **state)
{
	struct boot_params *params = new_params();
	struct bootinfo_diag diag = { 0 };

	(void)state;
	/* The same two ranges over and over: normalising makes room. */
	for (uint32_t i = 0; i < 400; i++)
		assert_int_equal(
			memmap_append(params, (i % 2) * 0x10000ull, 0x8000,
				      i % 2 ? E820_RESERVED : E820_USABLE,
				      &diag),
			BOOTINFO_OK);
	assert_int_equal(memmap_normalize(params->memmap, &params->memmap_count,
					  BOOT_MEMMAP_MAX, &diag),
			 BOOTINFO_OK);
	assert_int_equal(params->memmap_count, 2);
	assert_entry(params, 0, 0, 0x8000, E820_USABLE);
	assert_entry(params, 1, 0x10000, 0x8000, E820_RESERVED);
	free(params);
}

static void append_refuses_more_than_the_table(void **state)
{
	struct boot_params *params = new_params();
	struct bootinfo_diag diag = { 0 };
	uint32_t i;

	(void)state;
	/* 200 distinct ranges with gaps cannot be folded into 128. */
	for (i = 0; i < 200; i++)
		if (memmap_append(params, i * 0x2000ull, 0x1000, E820_USABLE,
				  &diag) != BOOTINFO_OK)
			break;
	assert_int_equal(i, BOOT_MEMMAP_MAX);
	assert_int_equal(diag.error, BOOTINFO_BAD_MEMMAP);
	assert_string_equal(diag.detail,
			    "memory map needs more than 128 entries");
	free(params);
}

/*
 * The raw reader every parser feeds its map through: what it counts over
 * a whole map, it reports once, at memmap_read_done().
 */
static void reader_drops_empty_entries_with_one_warning(void **state)
{
	struct boot_params *params = new_params();
	struct memmap_reader reader = { 0 };
	struct bootinfo_diag diag = { 0 };

	(void)state;
	assert_int_equal(memmap_read_entry(params, &reader, 0x1000, 0,
					   E820_USABLE, &diag),
			 BOOTINFO_OK);
	assert_int_equal(memmap_read_entry(params, &reader, 0x100000, 0x1000,
					   E820_USABLE, &diag),
			 BOOTINFO_OK);
	assert_int_equal(memmap_read_entry(params, &reader, UINT64_MAX, 0,
					   E820_RESERVED, &diag),
			 BOOTINFO_OK);
	memmap_read_done(params, &reader);
	assert_int_equal(params->memmap_count, 1);
	assert_entry(params, 0, 0x100000, 0x1000, E820_USABLE);
	assert_int_equal(params->warning_count, 1);
	assert_string_equal(params->warnings[0],
			    "memory map: entries of size 0 dropped: 2");
	free(params);
}

static void reader_clamps_entries_past_52_bits(void **state)
{
	struct boot_params *params = new_params();
	struct memmap_reader reader = { 0 };
	struct bootinfo_diag diag = { 0 };
	const uint64_t limit = 1ull << 52;

	(void)state;
	/* No x86-64 machine has an address at or past 2^52: an entry
	 * across it is cut there, one beyond it is dropped. */
	assert_int_equal(memmap_read_entry(params, &reader, 0, 0x100000,
					   E820_USABLE, &diag),
			 BOOTINFO_OK);
	assert_int_equal(memmap_read_entry(params, &reader, limit - 0x1000,
					   0x3000, E820_RESERVED, &diag),
			 BOOTINFO_OK);
	assert_int_equal(memmap_read_entry(params, &reader, limit, 0x1000,
					   E820_USABLE, &diag),
			 BOOTINFO_OK);
	assert_int_equal(memmap_read_entry(params, &reader,
					   0xffff000000000000ull, 0x1000,
					   E820_USABLE, &diag),
			 BOOTINFO_OK);
	memmap_read_done(params, &reader);
	assert_int_equal(params->memmap_count, 2);
	assert_entry(params, 0, 0, 0x100000, E820_USABLE);
	assert_entry(params, 1, limit - 0x1000, 0x1000, E820_RESERVED);
	assert_int_equal(params->warning_count, 1);
	assert_string_equal(
		params->warnings[0],
		"memory map: entries past 2^52 (no x86-64 address) clamped: 3");
	assert_int_equal(BOOTINFO_PHYS_LIMIT, limit);
	free(params);
}

static void reader_rejects_wrap_around(void **state)
{
	struct boot_params *params = new_params();
	struct memmap_reader reader = { 0 };
	struct bootinfo_diag diag = { 0 };

	(void)state;
	assert_int_equal(memmap_read_entry(params, &reader, 0, 0x1000,
					   E820_USABLE, &diag),
			 BOOTINFO_OK);
	assert_int_equal(memmap_read_entry(params, &reader,
					   0xfffffffffffff000ull, 0x2000,
					   E820_RESERVED, &diag),
			 BOOTINFO_BAD_MEMMAP);
	assert_int_equal(diag.error, BOOTINFO_BAD_MEMMAP);
	assert_string_equal(diag.detail,
			    "memory map entry 1 (0xfffffffffffff000 size "
			    "0x2000) wraps around");
	free(params);
}

static void reader_warns_of_more_entries_than_the_table(void **state)
{
	struct boot_params *params = new_params();
	struct memmap_reader reader = { 0 };
	struct bootinfo_diag diag = { 0 };

	(void)state;
	/* The same two ranges over and over: they fit once merged, but the
	 * table had to be normalised while they came, which rounds USABLE
	 * ranges early: say so. */
	for (uint32_t i = 0; i < 200; i++)
		assert_int_equal(
			memmap_read_entry(
				params, &reader, (i % 2) * 0x10000ull, 0x8000,
				i % 2 ? E820_RESERVED : E820_USABLE, &diag),
			BOOTINFO_OK);
	memmap_read_done(params, &reader);
	assert_int_equal(params->warning_count, 1);
	assert_string_equal(params->warnings[0],
			    "memory map has 200 entries, more than the 128 the "
			    "table holds: merged while read");
	free(params);
}

static void reader_refuses_more_than_the_raw_limit(void **state)
{
	struct boot_params *params = new_params();
	struct memmap_reader reader = { 0 };
	struct bootinfo_diag diag = { 0 };
	uint32_t i;

	(void)state;
	/* Touching pages merge into one entry, so the table never fills:
	 * only the count of raw entries bounds the work. */
	for (i = 0; i < BOOTINFO_MEMMAP_RAW_MAX + 10; i++)
		if (memmap_read_entry(params, &reader, i * 0x1000ull, 0x1000,
				      E820_USABLE, &diag) != BOOTINFO_OK)
			break;
	assert_int_equal(i, BOOTINFO_MEMMAP_RAW_MAX);
	assert_int_equal(diag.error, BOOTINFO_BAD_MEMMAP);
	assert_string_equal(diag.detail,
			    "memory map has more than 4096 entries");
	free(params);
}

static void reader_is_silent_on_a_clean_map(void **state)
{
	struct boot_params *params = new_params();
	struct memmap_reader reader = { 0 };
	struct bootinfo_diag diag = { 0 };

	(void)state;
	for (uint32_t i = 0; i < BOOT_MEMMAP_MAX; i++)
		assert_int_equal(memmap_read_entry(params, &reader,
						   i * 0x2000ull, 0x1000,
						   E820_RESERVED, &diag),
				 BOOTINFO_OK);
	memmap_read_done(params, &reader);
	assert_int_equal(params->memmap_count, BOOT_MEMMAP_MAX);
	assert_int_equal(params->warning_count, 0);
	free(params);
}

static void type_names(void **state)
{
	(void)state;
	assert_string_equal(e820_type_name(E820_USABLE), "usable");
	assert_string_equal(e820_type_name(E820_RESERVED), "reserved");
	assert_string_equal(e820_type_name(E820_ACPI), "acpi");
	assert_string_equal(e820_type_name(E820_NVS), "nvs");
	assert_string_equal(e820_type_name(E820_UNUSABLE), "unusable");
	assert_string_equal(e820_type_name(E820_DISABLED), "disabled");
	assert_string_equal(e820_type_name(E820_PMEM), "pmem");
	assert_string_equal(e820_type_name(0), "type-0");
	assert_string_equal(e820_type_name(12), "type-12");
	assert_string_equal(e820_type_name(0xf0000001), "type-4026531841");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_map_stays_empty),
		cmocka_unit_test(drops_empty_entries),
		cmocka_unit_test(sorts_unsorted_entries),
		cmocka_unit_test(sorted_map_gives_what_the_sweep_gives),
		cmocka_unit_test(merges_touching_and_overlapping_same_type),
		cmocka_unit_test(reserved_inside_usable_splits_it),
		cmocka_unit_test(usable_inside_reserved_disappears),
		cmocka_unit_test(partial_overlap_goes_to_the_restrictive_type),
		cmocka_unit_test(unknown_types_become_reserved),
		cmocka_unit_test(rejects_wrap_around),
		cmocka_unit_test(rejects_end_at_two_to_the_64),
		cmocka_unit_test(usable_shrinks_to_whole_pages),
		cmocka_unit_test(pieces_of_one_page_merge_before_rounding),
		cmocka_unit_test(split_beyond_capacity_is_refused),
		cmocka_unit_test(count_above_capacity_is_refused),
		cmocka_unit_test(full_table_of_alternating_types),
		cmocka_unit_test(diag_may_be_null),
		cmocka_unit_test(matches_model_on_random_maps),
		cmocka_unit_test(append_joins_touching_entries),
		cmocka_unit_test(append_compacts_when_full),
		cmocka_unit_test(append_refuses_more_than_the_table),
		cmocka_unit_test(reader_drops_empty_entries_with_one_warning),
		cmocka_unit_test(reader_clamps_entries_past_52_bits),
		cmocka_unit_test(reader_rejects_wrap_around),
		cmocka_unit_test(reader_warns_of_more_entries_than_the_table),
		cmocka_unit_test(reader_refuses_more_than_the_raw_limit),
		cmocka_unit_test(reader_is_silent_on_a_clean_map),
		cmocka_unit_test(type_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
