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
	BOOTINFO_BAD_MAGIC,     /* unknown protocol magic, or a bad header */
	BOOTINFO_OUT_OF_BOUNDS, /* a structure or pointer outside memory */
	BOOTINFO_BAD_SIZE,      /* a size or count that cannot be right */
	BOOTINFO_BAD_ALIGNMENT, /* a structure the protocol requires aligned */
	BOOTINFO_BAD_MEMMAP,    /* a memory map that cannot be normalised */
	BOOTINFO_NO_MEMMAP,     /* no memory map, and none can be fetched */
	BOOTINFO_UNTERMINATED,  /* a string with no NUL inside memory */
};

struct bootinfo_diag {
	enum bootinfo_error error;
	char detail[160];
};

const char *bootinfo_error_name(enum bootinfo_error error);

/*
 * Fills *params (which the caller zeroes) from the boot info the entry code
 * saved: the protocol magic decides the parser.  Returns BOOTINFO_OK or the
 * error, with diag->detail saying what was wrong.  Once the map is
 * normalised, the strings the loader handed over (command lines, loader
 * name) and its modules must lie in RAM the map lists: usable, or anything
 * listed below 1 MiB, where loaders put their structures.
 */
enum bootinfo_error bootinfo_parse(struct boot_params *params, uint32_t magic,
				   uint64_t info_addr,
				   const struct phys_window *memory,
				   struct bootinfo_diag *diag);

/*
 * Once the memory map is known, every module must lie in RAM it lists
 * (usable, or anything listed below 1 MiB): one that does not, or only in
 * part, is BOOTINFO_OUT_OF_BOUNDS.  Modules that overlap are warned about.
 * bootinfo_parse does this; when the map comes later (Xen PVH v0), the
 * code that fetches it does.
 */
enum bootinfo_error bootinfo_check_modules(struct boot_params *params,
					   struct bootinfo_diag *diag);

/*
 * The same for the loader's strings (command line, loader name, module
 * command lines) at the places the parser noted: each must lie in RAM the
 * map lists.  For Xen PVH v0 they wait in params->pending_places.
 */
enum bootinfo_error bootinfo_check_strings(const struct boot_params *params,
					   const struct bootinfo_places *places,
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

/* x86-64 physical addresses have at most 52 bits: nothing lies past this. */
#define BOOTINFO_PHYS_LIMIT (1ull << 52)

/*
 * Real maps have tens of entries, EFI ones some hundreds.  Past this many
 * a map is garbage, and reading it (up to 4 GiB of it: a PVH count is 32
 * bits) would hold the boot for minutes, so it is refused.
 */
#define BOOTINFO_MEMMAP_RAW_MAX 4096

/*
 * A loader's map, read one raw entry at a time by every parser and by the
 * Xen hypercall path, so that raw entries get the same checks whatever
 * the door: more than BOOTINFO_MEMMAP_RAW_MAX is BOOTINFO_BAD_MEMMAP, and
 * so is an entry that wraps past 2^64; entries of size 0 are dropped and
 * entries past BOOTINFO_PHYS_LIMIT cut there, and memmap_read_done()
 * warns once for each kind of thing it dropped or clamped, and if there
 * were more entries than the table holds (memmap_append then normalised
 * them as they came).  Zero it before the first entry.
 */
struct memmap_reader {
	uint64_t entries; /* raw entries read */
	uint64_t empty;   /* of these, of size 0 */
	uint64_t clamped; /* of these, reaching past BOOTINFO_PHYS_LIMIT */
};

enum bootinfo_error memmap_read_entry(struct boot_params *params,
				      struct memmap_reader *reader,
				      uint64_t addr, uint64_t size,
				      uint32_t type,
				      struct bootinfo_diag *diag);
void memmap_read_done(struct boot_params *params,
		      const struct memmap_reader *reader);

/*
 * Copies the RSDP at addr into params->rsdp_copy through window, 20 bytes
 * or, from revision 2 on, 36, and notes addr in params->rsdp.  Returns
 * the number of bytes it needed and could not read (0 on success); the
 * signature and checksums are ACPI's to check.
 */
uint32_t bootinfo_copy_rsdp(struct boot_params *params,
			    const struct phys_window *window, uint64_t addr);

/* Records a warning (input clamped, not rejected) in params->warnings. */
void bootinfo_warn(struct boot_params *params, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

#endif
