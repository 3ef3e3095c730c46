/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_BOOTINFO_H
#define ONEPATH_BOOTINFO_H
/*
 * Boot-info parsers: from a loader's structures to struct boot_params.
 * They compile for the host too (unit tests, fuzzers), read memory only
 * through a struct phys_window, and report every rejection with a named
 * error and a one-line detail.
 */
#include "boot_params.h"
#include "phys.h"

enum bootinfo_error {
	BOOTINFO_OK = 0,
	BOOTINFO_BAD_MAGIC,      /* unknown protocol magic, or a bad header */
	BOOTINFO_OUT_OF_BOUNDS,  /* a structure or pointer outside memory */
	BOOTINFO_BAD_SIZE,       /* a size or count that cannot be right */
	BOOTINFO_BAD_ALIGNMENT,  /* a structure the protocol requires aligned */
	BOOTINFO_BAD_MEMMAP,     /* a memory map that cannot be normalised */
	BOOTINFO_NO_MEMMAP,      /* no memory map, and none can be fetched */
	BOOTINFO_UNTERMINATED,   /* a string with no NUL inside memory */
};

struct bootinfo_diag {
	enum bootinfo_error error;
	char detail[160];
};

const char *bootinfo_error_name(enum bootinfo_error error);

/*
 * Fills *params (which the caller zeroes) from the boot info the entry code
 * saved: the protocol magic decides the parser.  Returns BOOTINFO_OK or the
 * error, with diag->detail saying what was wrong.
 */
enum bootinfo_error bootinfo_parse(struct boot_params *params, uint32_t magic,
				   uint64_t info_addr,
				   const struct phys_window *memory,
				   struct bootinfo_diag *diag);

enum bootinfo_error bootinfo_parse_multiboot1(struct boot_params *params,
					      uint64_t info_addr,
					      const struct phys_window *memory,
					      struct bootinfo_diag *diag);
enum bootinfo_error bootinfo_parse_multiboot2(struct boot_params *params,
					      uint64_t info_addr,
					      const struct phys_window *memory,
					      struct bootinfo_diag *diag);
enum bootinfo_error bootinfo_parse_pvh(struct boot_params *params,
				       uint64_t info_addr,
				       const struct phys_window *memory,
				       struct bootinfo_diag *diag);

/*
 * Memory-map normaliser, shared by every parser and by the Xen hypercall
 * path: drops empty entries, rejects wrap-around, resolves overlaps (the
 * more restrictive type wins: anything beats USABLE), merges adjacent
 * entries of one type, sorts by address and shrinks USABLE ranges to whole
 * pages.  In place; *count is updated.
 */
enum bootinfo_error memmap_normalize(struct e820_entry *map, uint32_t *count,
				     uint32_t capacity,
				     struct bootinfo_diag *diag);

/* Appends one raw entry, as parsers do before normalising. */
enum bootinfo_error memmap_append(struct boot_params *params, uint64_t addr,
				  uint64_t size, uint32_t type,
				  struct bootinfo_diag *diag);

/* Records a warning (input clamped, not rejected) in params->warnings. */
void bootinfo_warn(struct boot_params *params, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

#endif
