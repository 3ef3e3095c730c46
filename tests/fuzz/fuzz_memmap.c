/* SPDX-License-Identifier: MIT */
/*
 * memmap_normalize on arbitrary entries, and the raw reader every parser
 * feeds its map through.  The input is one byte choosing the capacity,
 * then 20-byte entries: u64 addr, u64 size, u32 type.
 *
 * Besides the shape of the result (fuzz_common.h), its types are checked
 * against the input: wherever the input says something other than USABLE,
 * the result must say exactly that (the most restrictive type wins), and
 * every point of the result must have, in the input, the type it has.
 */
#include "fuzz_common.h"

#define RECORD 20
#define MAX_ENTRIES (2 * BOOT_MEMMAP_MAX)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t known_type(uint32_t type)
{
	return type >= E820_USABLE && type <= E820_PMEM ? type : E820_RESERVED;
}

/* The most restrictive type the input gives addr; 0 if none covers it. */
static uint32_t input_type(const struct e820_entry *input, uint32_t count,
			   uint64_t addr)
{
	uint32_t type = 0;

	for (uint32_t i = 0; i < count; i++) {
		const struct e820_entry *entry = &input[i];

		if (entry->size == 0 || entry->size > UINT64_MAX - entry->addr)
			continue;
		if (entry->addr <= addr && addr < entry->addr + entry->size &&
		    known_type(entry->type) > type)
			type = known_type(entry->type);
	}
	return type;
}

static uint32_t output_type(const struct e820_entry *map, uint32_t count,
			    uint64_t addr)
{
	for (uint32_t i = 0; i < count; i++)
		if (map[i].addr <= addr && addr - map[i].addr < map[i].size)
			return map[i].type;
	return 0;
}

/* Points past limit are not checked: the reader cuts entries there. */
static void check_against_input(const struct e820_entry *input,
				uint32_t input_count,
				const struct e820_entry *map, uint32_t count,
				uint64_t limit)
{
	for (uint32_t i = 0; i < count; i++) {
		uint64_t last = map[i].addr + map[i].size - 1;

		CHECK(input_type(input, input_count, map[i].addr) ==
		      map[i].type);
		CHECK(input_type(input, input_count, last) == map[i].type);
	}
	for (uint32_t i = 0; i < input_count; i++) {
		const struct e820_entry *entry = &input[i];
		uint64_t points[2] = { entry->addr,
				       entry->addr + entry->size - 1 };

		if (entry->size == 0 || entry->size > UINT64_MAX - entry->addr)
			continue;
		for (int p = 0; p < 2; p++) {
			uint32_t want =
				input_type(input, input_count, points[p]);
			uint32_t got = output_type(map, count, points[p]);

			if (points[p] >= limit)
				continue;
			/* USABLE may have gone with a partial page. */
			if (want == E820_USABLE)
				CHECK(got == E820_USABLE || got == 0);
			else
				CHECK(got == want);
		}
	}
}

static void fuzz_normalize(const struct e820_entry *input, uint32_t count,
			   uint32_t capacity)
{
	static struct e820_entry map[MAX_ENTRIES], again[MAX_ENTRIES];
	struct bootinfo_diag diag;
	uint32_t n = count, m;
	enum bootinfo_error error;

	memcpy(map, input, count * sizeof(map[0]));
	error = memmap_normalize(map, &n, capacity, &diag);
	if (count > capacity)
		CHECK(error == BOOTINFO_BAD_MEMMAP);
	if (error) {
		check_failure(error, &diag);
		return;
	}
	check_memmap(map, n, capacity);
	check_against_input(input, count, map, n, UINT64_MAX);

	/* A normalised map is its own normal form. */
	memcpy(again, map, n * sizeof(map[0]));
	m = n;
	CHECK(memmap_normalize(again, &m, capacity, &diag) == BOOTINFO_OK);
	CHECK(m == n && !memcmp(again, map, n * sizeof(map[0])));
}

static void fuzz_reader(const struct e820_entry *input, uint32_t count)
{
	static struct boot_params params;
	struct memmap_reader reader = { 0 };
	struct bootinfo_diag diag;
	enum bootinfo_error error = BOOTINFO_OK;

	memset(&params, 0, sizeof(params));
	for (uint32_t i = 0; i < count && !error; i++)
		error = memmap_read_entry(&params, &reader, input[i].addr,
					  input[i].size, input[i].type, &diag);
	if (!error) {
		memmap_read_done(&params, &reader);
		error = memmap_normalize(params.memmap, &params.memmap_count,
					 BOOT_MEMMAP_MAX, &diag);
	}
	if (error) {
		check_failure(error, &diag);
		return;
	}
	check_memmap(params.memmap, params.memmap_count, BOOT_MEMMAP_MAX);
	for (uint32_t i = 0; i < params.memmap_count; i++)
		CHECK(params.memmap[i].addr + params.memmap[i].size <=
		      BOOTINFO_PHYS_LIMIT);
	check_against_input(input, count, params.memmap, params.memmap_count,
			    BOOTINFO_PHYS_LIMIT);
	CHECK(params.warning_count <= BOOT_WARNINGS_MAX);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct e820_entry input[MAX_ENTRIES];
	uint32_t capacity, count = 0;

	if (size < 1)
		return 0;
	capacity = 1 + data[0] % BOOT_MEMMAP_MAX;
	for (size_t at = 1; at + RECORD <= size && count < MAX_ENTRIES;
	     at += RECORD, count++)
		input[count] = (struct e820_entry){
			.addr = fuzz_u64(data + at),
			.size = fuzz_u64(data + at + 8),
			.type = fuzz_u32(data + at + 16),
		};
	fuzz_normalize(input, count, capacity);
	fuzz_reader(input, count);
	return 0;
}
