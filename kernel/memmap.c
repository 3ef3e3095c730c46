/* SPDX-License-Identifier: MIT */
/*
 * memmap_normalize: from what a loader says about memory to a map the page
 * allocator can trust.
 *
 * It is a sweep over addresses: the map is cut at every entry's start and
 * end, and each piece between two consecutive cuts takes the most
 * restrictive type of the entries covering it.  Each step is two O(n)
 * scans (the next cut, the type at this one) and there are at most 2n
 * cuts, so the whole is O(n^2) for n <= capacity, with no sorting, no
 * recursion and no allocation: pieces come out sorted and disjoint.  A
 * map already sorted and disjoint, as loaders usually give it, is its own
 * set of pieces: one O(n) pass instead.
 * On failure the map has at most lost its empty entries and had unknown
 * types folded into RESERVED.
 */
#include "bootinfo.h"

#include "bootinfo_parser.h"
#include "klib.h"
#include "paging.h"

/*
 * Among known types the higher number is the more restrictive, and USABLE
 * (1) is the least: a range any entry calls something else must not be
 * handed out.  Unknown types are treated as reserved.
 */
static uint32_t known_type(uint32_t type)
{
	return type >= E820_USABLE && type <= E820_PMEM ? type : E820_RESERVED;
}

struct sweep_output {
	struct e820_entry *runs;
	uint32_t count;
	uint32_t limit;
	struct e820_entry pending; /* size 0: none yet */
};

/* Only whole pages are usable: a partial page may share a frame with
 * firmware data. */
static bool shrink_to_pages(struct e820_entry *run)
{
	uint64_t end = run->addr + run->size;
	uint64_t last = end & ~(PAGE_SIZE - 1);

	if (last <= run->addr)
		return false;
	run->addr = (run->addr + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	run->size = last - run->addr;
	return run->size != 0;
}

static enum bootinfo_error flush(struct sweep_output *out,
				 struct bootinfo_diag *diag)
{
	struct e820_entry run = out->pending;

	out->pending.size = 0;
	if (run.size == 0)
		return BOOTINFO_OK;
	if (run.type == E820_USABLE && !shrink_to_pages(&run))
		return BOOTINFO_OK;
	if (out->count == out->limit)
		return bootinfo_fail(diag, BOOTINFO_BAD_MEMMAP,
				     "memory map needs more than %u entries",
				     out->limit);
	out->runs[out->count++] = run;
	return BOOTINFO_OK;
}

static enum bootinfo_error emit(struct sweep_output *out, uint64_t addr,
				uint64_t end, uint32_t type,
				struct bootinfo_diag *diag)
{
	struct e820_entry *pending = &out->pending;

	/* Touching pieces of one type are one range. */
	if (pending->size && pending->type == type &&
	    pending->addr + pending->size == addr) {
		pending->size = end - pending->addr;
		return BOOTINFO_OK;
	}
	enum bootinfo_error error = flush(out, diag);
	if (error)
		return error;
	*pending = (struct e820_entry){
		.addr = addr,
		.size = end - addr,
		.type = type,
	};
	return BOOTINFO_OK;
}

/* Drops empty entries, rejects wrapping ones and folds unknown types. */
static enum bootinfo_error clean_entries(struct e820_entry *map,
					 uint32_t *count,
					 struct bootinfo_diag *diag)
{
	uint32_t kept = 0;

	for (uint32_t i = 0; i < *count; i++) {
		struct e820_entry entry = map[i];

		if (entry.size == 0)
			continue;
		/* An end of exactly 2^64 is refused too: it is not a
		 * physical address any x86-64 machine has. */
		if (entry.size > UINT64_MAX - entry.addr)
			return bootinfo_fail(diag, BOOTINFO_BAD_MEMMAP,
					     "memory map entry %u (0x%llx size "
					     "0x%llx) wraps around",
					     i, (unsigned long long)entry.addr,
					     (unsigned long long)entry.size);
		entry.type = known_type(entry.type);
		map[kept++] = entry;
	}
	*count = kept;
	return BOOTINFO_OK;
}

/*
 * One step of the sweep: the most restrictive type at cut (0 if no entry
 * covers it) and the next entry boundary after it.  False: none is left.
 */
static bool sweep_step(const struct e820_entry *map, uint32_t n, uint64_t cut,
		       uint64_t *next, uint32_t *type)
{
	bool found = false;

	*type = 0;
	*next = UINT64_MAX;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t start = map[i].addr;
		uint64_t end = start + map[i].size;

		if (start <= cut && cut < end && map[i].type > *type)
			*type = map[i].type;
		if (start > cut && (!found || start < *next)) {
			*next = start;
			found = true;
		}
		if (end > cut && (!found || end < *next)) {
			*next = end;
			found = true;
		}
	}
	return found;
}

/* Whether each entry starts at or after the end of the one before: then
 * the entries are the sweep's pieces, in its order (what loaders give). */
static bool sorted_apart(const struct e820_entry *map, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++)
		if (map[i].addr < map[i - 1].addr + map[i - 1].size)
			return false;
	return true;
}

enum bootinfo_error memmap_normalize(struct e820_entry *map, uint32_t *count,
				     uint32_t capacity,
				     struct bootinfo_diag *diag)
{
	/*
	 * The sweep reads every entry until it ends, so the pieces cannot be
	 * written over them: they go to this table (3 KiB of stack), which
	 * caps the result at BOOT_MEMMAP_MAX entries whatever the capacity.
	 */
	struct e820_entry runs[BOOT_MEMMAP_MAX];
	struct sweep_output out = {
		.runs = runs,
		.limit =
			capacity < BOOT_MEMMAP_MAX ? capacity : BOOT_MEMMAP_MAX,
	};
	enum bootinfo_error error;
	uint32_t n;
	uint64_t cut = UINT64_MAX;
	bool sorted;

	if (*count > capacity)
		return bootinfo_fail(
			diag, BOOTINFO_BAD_MEMMAP,
			"memory map has %u entries, more than its capacity %u",
			*count, capacity);
	error = clean_entries(map, count, diag);
	if (error)
		return error;
	n = *count;
	sorted = sorted_apart(map, n);

	for (uint32_t i = 0; i < n; i++)
		if (map[i].addr < cut)
			cut = map[i].addr;

	/* Each pass moves cut strictly forward to another entry boundary,
	 * so there are at most 2n passes; a sorted map takes one per entry. */
	for (uint64_t pass = 0; pass < 2 * (uint64_t)n; pass++) {
		uint32_t type;
		uint64_t next;

		if (sorted) {
			if (pass == n)
				break;
			cut = map[pass].addr;
			next = cut + map[pass].size;
			type = map[pass].type;
		} else if (!sweep_step(map, n, cut, &next, &type)) {
			break;
		}
		if (type) {
			error = emit(&out, cut, next, type, diag);
			if (error)
				return error;
		}
		cut = next;
	}
	error = flush(&out, diag);
	if (error)
		return error;

	memcpy(map, runs, out.count * sizeof(runs[0]));
	*count = out.count;
	return BOOTINFO_OK;
}
