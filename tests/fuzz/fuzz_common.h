/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_FUZZ_COMMON_H
#define ONEPATH_FUZZ_COMMON_H
/*
 * What the libFuzzer targets share: how an input becomes physical memory,
 * and the invariants a successful parse must leave in struct boot_params.
 *
 * A protocol target's input is an 8-byte little-endian info offset, then
 * the bytes of physical memory from FUZZ_BASE on.  The window is exactly
 * those bytes of libFuzzer's own buffer, so AddressSanitizer catches any
 * read past its end.  FUZZ_BASE sits 2 KiB below 1 MiB so that an input
 * has memory on both sides of the line the RAM checks draw there.
 * tests/fuzz/make-seeds.py writes seeds in this format.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/bootinfo.h"

#define FUZZ_BASE 0xff800ull
#define FUZZ_HEADER 8

/* An invariant that does not hold is a crash libFuzzer keeps. */
#define CHECK(condition)                                                       \
	do {                                                                   \
		if (!(condition)) {                                            \
			fprintf(stderr, "%s:%d: invariant failed: %s\n",       \
				__FILE__, __LINE__, #condition);               \
			abort();                                               \
		}                                                              \
	} while (0)

/* FUZZ_VERBOSE=1 prints each parse's outcome: to see what a seed does. */
static inline bool fuzz_verbose(void)
{
	static int verbose = -1;

	if (verbose < 0)
		verbose = getenv("FUZZ_VERBOSE") != NULL;
	return verbose;
}

static inline uint64_t fuzz_u64(const uint8_t *bytes)
{
	uint64_t value;

	memcpy(&value, bytes, sizeof(value));
	return value;
}

static inline uint32_t fuzz_u32(const uint8_t *bytes)
{
	uint32_t value;

	memcpy(&value, bytes, sizeof(value));
	return value;
}

/* The input as memory; false if it is too short to hold the header. */
static inline bool fuzz_memory(const uint8_t *data, size_t size,
			       struct phys_window *window, uint64_t *info_addr)
{
	if (size < FUZZ_HEADER)
		return false;
	*info_addr = FUZZ_BASE + fuzz_u64(data); /* wraps: anywhere */
	*window = (struct phys_window){
		.bytes = data + FUZZ_HEADER,
		.start = FUZZ_BASE,
		.end = FUZZ_BASE + (size - FUZZ_HEADER),
	};
	return true;
}

static inline bool terminated(const char *buffer, size_t size)
{
	return memchr(buffer, '\0', size) != NULL;
}

/* A failure names a known error and says why, in a terminated detail. */
static inline void check_failure(enum bootinfo_error error,
				 const struct bootinfo_diag *diag)
{
	CHECK(error != BOOTINFO_OK);
	CHECK(diag->error == error);
	CHECK(terminated(diag->detail, sizeof(diag->detail)));
	CHECK(diag->detail[0] != '\0');
	CHECK(strcmp(bootinfo_error_name(error), "BOOTINFO_UNKNOWN_ERROR"));
}

/* Sorted, disjoint, merged, no wrap, below 2^52, usable in whole pages. */
static inline void check_memmap(const struct e820_entry *map, uint32_t count,
				uint32_t capacity)
{
	CHECK(count <= capacity);
	CHECK(count <= BOOT_MEMMAP_MAX);
	for (uint32_t i = 0; i < count; i++) {
		const struct e820_entry *entry = &map[i];

		CHECK(entry->size > 0);
		CHECK(entry->size <= UINT64_MAX - entry->addr);
		CHECK(entry->type >= E820_USABLE && entry->type <= E820_PMEM);
		if (entry->type == E820_USABLE) {
			CHECK(entry->addr % 4096 == 0);
			CHECK(entry->size % 4096 == 0);
		}
		if (i > 0) {
			const struct e820_entry *last = &map[i - 1];

			CHECK(last->addr + last->size <= entry->addr);
			CHECK(!(last->addr + last->size == entry->addr &&
				last->type == entry->type));
		}
	}
}

/* Whether [start, end) is usable, or listed below 1 MiB: brute force,
 * page by page, as a check on the parsers' own walk. */
static inline bool ram_like(const struct boot_params *params, uint64_t start,
			    uint64_t end)
{
	for (uint64_t at = start; at < end;) {
		bool found = false;

		for (uint32_t i = 0; i < params->memmap_count; i++) {
			const struct e820_entry *entry = &params->memmap[i];
			uint64_t stop = entry->addr + entry->size;

			if (entry->type != E820_USABLE && stop > 0x100000)
				stop = entry->addr < 0x100000 ? 0x100000
							      : entry->addr;
			if (entry->addr <= at && at < stop) {
				at = stop;
				found = true;
				break;
			}
		}
		if (!found)
			return false;
	}
	return true;
}

/*
 * After a successful parse: every field within its capacity, every string
 * terminated inside its buffer, the map normalised, and, once the map is
 * known, every module in RAM it lists and inside the window.
 */
static inline void check_params(const struct boot_params *params,
				const struct phys_window *window,
				bool map_known)
{
	CHECK(params->protocol != ENTRY_UNKNOWN);
	CHECK(terminated(params->loader, sizeof(params->loader)));
	CHECK(terminated(params->image, sizeof(params->image)));
	CHECK(terminated(params->cmdline, sizeof(params->cmdline)));
	CHECK(params->warning_count <= BOOT_WARNINGS_MAX);
	for (uint32_t i = 0; i < params->warning_count; i++) {
		CHECK(terminated(params->warnings[i], BOOT_WARNING_LEN));
		CHECK(params->warnings[i][0] != '\0');
	}
	CHECK(params->rsdp_copy_length == 0 || params->rsdp_copy_length == 20 ||
	      params->rsdp_copy_length == 36);
	CHECK(params->module_count <= BOOT_MODULES_MAX);
	for (uint32_t i = 0; i < params->module_count; i++) {
		const struct boot_module *module = &params->modules[i];

		CHECK(terminated(module->cmdline, sizeof(module->cmdline)));
		CHECK(module->start <= module->end);
		CHECK(phys_contains(window, module->start,
				    module->end - module->start));
		if (map_known)
			CHECK(ram_like(params, module->start, module->end));
	}
	check_memmap(params->memmap, params->memmap_count, BOOT_MEMMAP_MAX);
	if (map_known) {
		CHECK(params->memmap_count > 0);
		CHECK(!(params->flags & BOOT_FLAG_MEMMAP_PENDING) ||
		      params->memmap_count > 0);
		for (uint32_t i = 0; i < params->memmap_count; i++)
			CHECK(params->memmap[i].addr + params->memmap[i].size <=
			      BOOTINFO_PHYS_LIMIT);
	}
}

/*
 * The whole of a protocol target: parse the input as memory with magic,
 * check the outcome either way.  A trace is attached, as the kernel's
 * bootinfo.dump attaches one, so that its bookkeeping is fuzzed too.
 */
static inline void fuzz_protocol(uint32_t magic, const uint8_t *data,
				 size_t size)
{
	static struct boot_params params;
	struct bootinfo_diag diag;
	struct phys_trace trace;
	struct phys_window window;
	uint64_t info_addr;
	enum bootinfo_error error;

	if (!fuzz_memory(data, size, &window, &info_addr))
		return;
	memset(&params, 0, sizeof(params));
	memset(&diag, 0x55, sizeof(diag)); /* parsers must set what they say */
	memset(&trace, 0, sizeof(trace));
	window.trace = &trace;

	error = bootinfo_parse(&params, magic, info_addr, &window, &diag);
	if (fuzz_verbose())
		fprintf(stderr, "fuzz: %s: %s\n", bootinfo_error_name(error),
			error ? diag.detail : params.cmdline);
	/* What was read, merged when touching (phys.h): apart, in memory. */
	CHECK(trace.count <= PHYS_TRACE_RANGES);
	for (uint32_t i = 0; i < trace.count; i++) {
		CHECK(trace.ranges[i].start < trace.ranges[i].end);
		CHECK(phys_contains(&window, trace.ranges[i].start,
				    trace.ranges[i].end -
					    trace.ranges[i].start));
		for (uint32_t j = 0; j < i; j++)
			CHECK(trace.ranges[i].end < trace.ranges[j].start ||
			      trace.ranges[j].end < trace.ranges[i].start);
	}
	if (error) {
		check_failure(error, &diag);
		return;
	}
	check_params(&params, &window,
		     !(params.flags & BOOT_FLAG_MEMMAP_PENDING));
}

#endif
