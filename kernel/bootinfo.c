/* SPDX-License-Identifier: MIT */
/*
 * The entry point of the boot-info parsers, and what they share: names for
 * errors and types, warnings, the raw memory map, strings and modules.
 * It is built -O2 for the memory map's entries, which every boot reads;
 * what only a failure, a warning or a module runs, and what a boot runs
 * once (the parse's steps and checks), is marked cold: built for size.
 */
#include "bootinfo.h"

#include <stdarg.h>

#include "bootinfo_parser.h"
#include "fmt.h"
#include "klib.h"

const char *bootinfo_error_name(enum bootinfo_error error)
{
	switch (error) {
	case BOOTINFO_OK: return "BOOTINFO_OK";
	case BOOTINFO_BAD_MAGIC: return "BOOTINFO_BAD_MAGIC";
	case BOOTINFO_OUT_OF_BOUNDS: return "BOOTINFO_OUT_OF_BOUNDS";
	case BOOTINFO_BAD_SIZE: return "BOOTINFO_BAD_SIZE";
	case BOOTINFO_BAD_ALIGNMENT: return "BOOTINFO_BAD_ALIGNMENT";
	case BOOTINFO_BAD_MEMMAP: return "BOOTINFO_BAD_MEMMAP";
	case BOOTINFO_NO_MEMMAP: return "BOOTINFO_NO_MEMMAP";
	case BOOTINFO_UNTERMINATED: return "BOOTINFO_UNTERMINATED";
	}
	return "BOOTINFO_UNKNOWN_ERROR";
}

enum entry_protocol entry_protocol_from_magic(uint32_t magic)
{
	switch (magic) {
	case MULTIBOOT1_BOOT_MAGIC: return ENTRY_MULTIBOOT1;
	case MULTIBOOT2_BOOT_MAGIC: return ENTRY_MULTIBOOT2;
	case PVH_BOOT_MAGIC: return ENTRY_PVH;
	}
	return ENTRY_UNKNOWN;
}

const char *entry_protocol_name(enum entry_protocol protocol)
{
	switch (protocol) {
	case ENTRY_MULTIBOOT1: return "multiboot1";
	case ENTRY_MULTIBOOT2: return "multiboot2";
	case ENTRY_PVH: return "pvh";
	case ENTRY_UNKNOWN: break;
	}
	return "unknown";
}

const char *e820_type_name(uint32_t type)
{
	/* Only for types no name covers; the boot log prints it at once. */
	static char unnamed[sizeof("type-4294967295")];

	switch (type) {
	case E820_USABLE: return "usable";
	case E820_RESERVED: return "reserved";
	case E820_ACPI: return "acpi";
	case E820_NVS: return "nvs";
	case E820_UNUSABLE: return "unusable";
	case E820_DISABLED: return "disabled";
	case E820_PMEM: return "pmem";
	}
	fmt_snprintf(unnamed, sizeof(unnamed), "type-%u", type);
	return unnamed;
}

__attribute__((cold)) void bootinfo_warn(struct boot_params *params,
					 const char *format, ...)
{
	va_list args;

	if (params->warning_count >= BOOT_WARNINGS_MAX) {
		/* The log must still show that something was lost. */
		fmt_snprintf(params->warnings[BOOT_WARNINGS_MAX - 1],
			     BOOT_WARNING_LEN, "further warnings dropped");
		return;
	}
	va_start(args, format);
	fmt_vsnprintf(params->warnings[params->warning_count++],
		      BOOT_WARNING_LEN, format, args);
	va_end(args);
}

__attribute__((cold)) enum bootinfo_error
bootinfo_fail(struct bootinfo_diag *diag, enum bootinfo_error error,
	      const char *format, ...)
{
	va_list args;

	if (!diag)
		return error;
	diag->error = error;
	va_start(args, format);
	fmt_vsnprintf(diag->detail, sizeof(diag->detail), format, args);
	va_end(args);
	return error;
}

static bool extends(const struct e820_entry *last, uint64_t addr, uint64_t size,
		    uint32_t type)
{
	/* Entries that wrap are left alone for memmap_normalize to reject. */
	return last->type == type && last->size <= UINT64_MAX - last->addr &&
	       size <= UINT64_MAX - addr && last->addr + last->size == addr;
}

enum bootinfo_error memmap_append(struct boot_params *params, uint64_t addr,
				  uint64_t size, uint32_t type,
				  struct bootinfo_diag *diag)
{
	struct e820_entry *map = params->memmap;

	if (size == 0)
		return BOOTINFO_OK;
	/*
	 * EFI maps list hundreds of touching ranges: join them as they come,
	 * and when the table is full anyway, normalise what is there to make
	 * room.  (That rounds USABLE ranges to pages early, which only loses
	 * memory if a loader splits one page between two entries.)
	 */
	if (params->memmap_count &&
	    extends(&map[params->memmap_count - 1], addr, size, type)) {
		map[params->memmap_count - 1].size += size;
		return BOOTINFO_OK;
	}
	if (params->memmap_count >= BOOT_MEMMAP_MAX) {
		enum bootinfo_error error = memmap_normalize(
			map, &params->memmap_count, BOOT_MEMMAP_MAX, diag);
		if (error)
			return error;
	}
	if (params->memmap_count >= BOOT_MEMMAP_MAX)
		return bootinfo_fail(diag, BOOTINFO_BAD_MEMMAP,
				     "memory map needs more than %u entries",
				     BOOT_MEMMAP_MAX);
	map[params->memmap_count++] = (struct e820_entry){
		.addr = addr,
		.size = size,
		.type = type,
	};
	return BOOTINFO_OK;
}

enum bootinfo_error memmap_read_entry(struct boot_params *params,
				      struct memmap_reader *reader,
				      uint64_t addr, uint64_t size,
				      uint32_t type, struct bootinfo_diag *diag)
{
	uint64_t index = reader->entries;

	if (index >= BOOTINFO_MEMMAP_RAW_MAX)
		return bootinfo_fail(diag, BOOTINFO_BAD_MEMMAP,
				     "memory map has more than %u entries",
				     BOOTINFO_MEMMAP_RAW_MAX);
	reader->entries++;
	if (size == 0) {
		reader->empty++;
		return BOOTINFO_OK;
	}
	/* As in memmap_normalize: an end of exactly 2^64 is refused too. */
	if (size > UINT64_MAX - addr)
		return bootinfo_fail(diag, BOOTINFO_BAD_MEMMAP,
				     "memory map entry %llu (0x%llx size "
				     "0x%llx) wraps around",
				     (unsigned long long)index,
				     (unsigned long long)addr,
				     (unsigned long long)size);
	/* Whatever its type, nothing can be there: a reserved range past
	 * the limit protects nothing, a usable one would be handed out. */
	if (addr + size > BOOTINFO_PHYS_LIMIT) {
		reader->clamped++;
		if (addr >= BOOTINFO_PHYS_LIMIT)
			return BOOTINFO_OK;
		size = BOOTINFO_PHYS_LIMIT - addr;
	}
	return memmap_append(params, addr, size, type, diag);
}

__attribute__((cold)) void memmap_read_done(struct boot_params *params,
					    const struct memmap_reader *reader)
{
	if (reader->empty)
		bootinfo_warn(params,
			      "memory map: entries of size 0 dropped: %llu",
			      (unsigned long long)reader->empty);
	if (reader->clamped)
		bootinfo_warn(params,
			      "memory map: entries past 2^52 (no x86-64 "
			      "address) clamped: %llu",
			      (unsigned long long)reader->clamped);
	/* memmap_append normalised to make room, which rounds USABLE
	 * ranges to pages before all pieces of a page were seen. */
	if (reader->entries > BOOT_MEMMAP_MAX)
		bootinfo_warn(params,
			      "memory map has %llu entries, more than the %u "
			      "the table holds: merged while read",
			      (unsigned long long)reader->entries,
			      BOOT_MEMMAP_MAX);
}

static void note_place(struct bootinfo_places *places, uint64_t start,
		       uint64_t end, const char *what)
{
	struct bootinfo_place *place;

	if (!places || places->count >= BOOTINFO_PLACES_MAX)
		return;
	place = &places->places[places->count++];
	place->start = start;
	place->end = end;
	fmt_snprintf(place->what, sizeof(place->what), "%s", what);
}

__attribute__((cold)) enum bootinfo_error
bootinfo_copy_string(struct boot_params *params,
		     const struct phys_window *strings, uint64_t addr,
		     char *out, size_t size, const char *what,
		     struct bootinfo_places *places, struct bootinfo_diag *diag)
{
	bool truncated;
	long length = phys_read_string(strings, addr, out, size, &truncated);

	if (length < 0) {
		if (!phys_contains(strings, addr, 1))
			return bootinfo_fail(diag, BOOTINFO_OUT_OF_BOUNDS,
					     "%s at 0x%llx is outside memory",
					     what, (unsigned long long)addr);
		return bootinfo_fail(diag, BOOTINFO_UNTERMINATED,
				     "%s at 0x%llx has no terminating NUL",
				     what, (unsigned long long)addr);
	}
	/* The window held it, NUL included: the end cannot wrap. */
	note_place(places, addr, addr + (uint64_t)length + 1, what);
	if (truncated)
		bootinfo_warn(params, "%s truncated to %zu bytes", what,
			      size - 1);
	return BOOTINFO_OK;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

bool bootinfo_loader_is_grub2(const char *loader)
{
	/* "GRUB 2.06-13+deb12u2"; GRUB legacy said "GNU GRUB 0.97". */
	return !strncmp(loader, "GRUB ", 5) && loader[5] != '0';
}

__attribute__((cold)) void bootinfo_split_image(struct boot_params *params)
{
	char *line = params->cmdline;
	size_t start = 0, end, rest;

	while (is_blank(line[start]))
		start++;
	end = start;
	while (line[end] && !is_blank(line[end]))
		end++;

	size_t length = end - start;
	if (length >= sizeof(params->image)) {
		length = sizeof(params->image) - 1;
		bootinfo_warn(params, "image path truncated to %zu bytes",
			      length);
	}
	memcpy(params->image, line + start, length);
	params->image[length] = '\0';

	rest = end;
	while (is_blank(line[rest]))
		rest++;
	memmove(line, line + rest, strlen(line + rest) + 1);
}

__attribute__((cold)) enum bootinfo_error
bootinfo_add_module(struct boot_params *params,
		    const struct phys_window *memory, uint64_t start,
		    uint64_t end, const struct phys_window *strings,
		    uint64_t cmdline_addr, struct bootinfo_places *places,
		    struct bootinfo_diag *diag)
{
	unsigned int index = params->module_count;
	struct boot_module *module = &params->modules[index];

	if (end < start)
		return bootinfo_fail(
			diag, BOOTINFO_OUT_OF_BOUNDS,
			"module %u ends at 0x%llx, before its start 0x%llx",
			index, (unsigned long long)end,
			(unsigned long long)start);
	if (!phys_contains(memory, start, end - start))
		return bootinfo_fail(
			diag, BOOTINFO_OUT_OF_BOUNDS,
			"module %u [0x%llx, 0x%llx) is outside memory", index,
			(unsigned long long)start, (unsigned long long)end);
	module->start = start;
	module->end = end;
	module->cmdline[0] = '\0';
	/* Nothing is loaded at physical 0 (the real-mode IVT): "none". */
	if (cmdline_addr) {
		char what[32];
		enum bootinfo_error error;

		fmt_snprintf(what, sizeof(what), "module %u cmdline", index);
		error = bootinfo_copy_string(
			params, strings, cmdline_addr, module->cmdline,
			sizeof(module->cmdline), what, places, diag);
		if (error)
			return error;
	}
	params->module_count++;
	return BOOTINFO_OK;
}

__attribute__((cold)) uint32_t
bootinfo_copy_rsdp(struct boot_params *params, const struct phys_window *window,
		   uint64_t addr)
{
	uint32_t length = RSDP_V1_LENGTH;

	if (!phys_read(window, addr, params->rsdp_copy, length))
		return length;
	if (params->rsdp_copy[RSDP_REVISION_OFFSET] >= 2) {
		length = RSDP_V2_LENGTH;
		if (!phys_read(window, addr, params->rsdp_copy, length))
			return length;
	}
	params->rsdp = addr;
	params->rsdp_copy_length = length;
	return 0;
}

__attribute__((cold)) void
bootinfo_warn_modules_dropped(struct boot_params *params, uint64_t total)
{
	bootinfo_warn(params, "only the first %u of %llu modules kept",
		      BOOT_MODULES_MAX, (unsigned long long)total);
}

__attribute__((cold)) enum bootinfo_error
bootinfo_synthesize_memmap(struct boot_params *params, uint32_t mem_lower_kib,
			   uint32_t mem_upper_kib, struct bootinfo_diag *diag)
{
	const uint64_t one_mib = (uint64_t)1024 * 1024;
	const uint32_t lower_max_kib = 640;
	enum bootinfo_error error;

	if (mem_lower_kib > lower_max_kib) {
		bootinfo_warn(params, "mem_lower %u KiB clamped to %u KiB",
			      mem_lower_kib, lower_max_kib);
		mem_lower_kib = lower_max_kib;
	}
	error = memmap_append(params, 0, (uint64_t)mem_lower_kib * 1024,
			      E820_USABLE, diag);
	if (error)
		return error;
	error = memmap_append(params, one_mib, (uint64_t)mem_upper_kib * 1024,
			      E820_USABLE, diag);
	if (error)
		return error;
	bootinfo_warn(params,
		      "memory map synthesized from mem_lower/mem_upper");
	return BOOTINFO_OK;
}

/*
 * What counts as RAM for what a loader hands over: usable memory, and
 * below 1 MiB anything the map lists, because loaders put their structures
 * in the BIOS areas there (QEMU's microvm puts hvm_start_info in reserved
 * memory at 0xf31e0 and the command line in NVS at 0xefc70).  A gap below
 * 1 MiB is not RAM: the VGA hole is MMIO.  Returns where the RAM-like part
 * of the entry ends, or its start if it has none.
 */
static uint64_t ram_like_end(const struct e820_entry *entry)
{
	uint64_t end = entry->addr + entry->size;

	if (entry->type == E820_USABLE)
		return end;
	if (entry->addr >= LOW_MEMORY_END)
		return entry->addr;
	return end < LOW_MEMORY_END ? end : LOW_MEMORY_END;
}

/*
 * The first address in [start, end) that is not RAM-like, or end if there
 * is none.  The map is normalised: sorted, disjoint, no wrap-around.
 */
static uint64_t ram_like_until(const struct boot_params *params, uint64_t start,
			       uint64_t end)
{
	uint64_t at = start;

	for (uint32_t i = 0; i < params->memmap_count && at < end; i++) {
		const struct e820_entry *entry = &params->memmap[i];
		uint64_t limit = ram_like_end(entry);

		if (entry->addr > at)
			break; /* a gap, or a range the map does not list */
		if (limit > at)
			at = limit;
	}
	return at < end ? at : end;
}

static bool overlaps_ram_like(const struct boot_params *params, uint64_t start,
			      uint64_t end)
{
	for (uint32_t i = 0; i < params->memmap_count; i++) {
		const struct e820_entry *entry = &params->memmap[i];
		uint64_t limit = ram_like_end(entry);

		if (entry->addr < end && start < limit && entry->addr < limit)
			return true;
	}
	return false;
}

__attribute__((cold)) enum bootinfo_error
bootinfo_check_strings(const struct boot_params *params,
		       const struct bootinfo_places *places,
		       struct bootinfo_diag *diag)
{
	for (uint32_t i = 0; i < places->count; i++) {
		const struct bootinfo_place *place = &places->places[i];

		if (ram_like_until(params, place->start, place->end) !=
		    place->end)
			return bootinfo_fail(diag, BOOTINFO_OUT_OF_BOUNDS,
					     "%s [0x%llx, 0x%llx) is not in "
					     "RAM the memory map lists",
					     place->what,
					     (unsigned long long)place->start,
					     (unsigned long long)place->end);
	}
	return BOOTINFO_OK;
}

__attribute__((cold)) enum bootinfo_error
bootinfo_check_modules(struct boot_params *params, struct bootinfo_diag *diag)
{
	uint32_t count = params->module_count < BOOT_MODULES_MAX
				 ? params->module_count
				 : BOOT_MODULES_MAX;

	for (uint32_t i = 0; i < count; i++) {
		const struct boot_module *module = &params->modules[i];
		uint64_t until;

		if (module->end < module->start)
			return bootinfo_fail(diag, BOOTINFO_OUT_OF_BOUNDS,
					     "module %u ends at 0x%llx, before "
					     "its start 0x%llx",
					     i, (unsigned long long)module->end,
					     (unsigned long long)module->start);
		/* An empty module holds no bytes: nothing to keep safe. */
		if (module->end == module->start)
			continue;
		until = ram_like_until(params, module->start, module->end);
		if (until == module->end)
			continue;
		if (!overlaps_ram_like(params, module->start, module->end))
			return bootinfo_fail(diag, BOOTINFO_OUT_OF_BOUNDS,
					     "module %u [0x%llx, 0x%llx) is in "
					     "no RAM the memory map lists",
					     i,
					     (unsigned long long)module->start,
					     (unsigned long long)module->end);
		return bootinfo_fail(
			diag, BOOTINFO_OUT_OF_BOUNDS,
			"module %u [0x%llx, 0x%llx) runs out of RAM at 0x%llx",
			i, (unsigned long long)module->start,
			(unsigned long long)module->end,
			(unsigned long long)until);
	}
	/*
	 * Loaders place modules apart; overlapping ones are a loader bug
	 * that leaves at least one of them corrupt, but reserving their
	 * memory stays safe, so this is a warning: one, naming the first
	 * pair, so that it cannot push the other warnings out.
	 */
	uint32_t pairs = 0, first_i = 0, first_j = 0;

	for (uint32_t i = 0; i < count; i++)
		for (uint32_t j = i + 1; j < count; j++) {
			const struct boot_module *a = &params->modules[i];
			const struct boot_module *b = &params->modules[j];

			if (!(a->start < b->end && b->start < a->end))
				continue;
			if (pairs++ == 0) {
				first_i = i;
				first_j = j;
			}
		}
	if (pairs == 1)
		bootinfo_warn(params, "modules %u and %u overlap", first_i,
			      first_j);
	else if (pairs > 1)
		bootinfo_warn(params,
			      "modules %u and %u overlap, and %u more pairs",
			      first_i, first_j, pairs - 1);
	return BOOTINFO_OK;
}

__attribute__((cold)) enum bootinfo_error
bootinfo_parse(struct boot_params *params, uint32_t magic, uint64_t info_addr,
	       const struct phys_window *memory, struct bootinfo_diag *diag)
{
	struct bootinfo_places places = { 0 };
	enum bootinfo_error error;

	if (diag) {
		diag->error = BOOTINFO_OK;
		diag->detail[0] = '\0';
	}
	enum entry_protocol protocol = entry_protocol_from_magic(magic);

	switch (protocol) {
	case ENTRY_MULTIBOOT1:
		error = bootinfo_parse_multiboot1(params, info_addr, memory,
						  &places, diag);
		break;
	case ENTRY_MULTIBOOT2:
		error = bootinfo_parse_multiboot2(params, info_addr, memory,
						  &places, diag);
		break;
	case ENTRY_PVH:
		error = bootinfo_parse_pvh(params, info_addr, memory, &places,
					   diag);
		break;
	case ENTRY_UNKNOWN:
	default:
		return bootinfo_fail(diag, BOOTINFO_BAD_MAGIC,
				     "unknown boot protocol magic 0x%x", magic);
	}
	if (error)
		return error;
	if (protocol != ENTRY_PVH && !bootinfo_loader_is_grub2(params->loader))
		bootinfo_split_image(params);

	/*
	 * Xen PVH v0: a platform entry fetches the map, normalises it and
	 * checks the strings (kept in pending_places) and the modules
	 * against it.
	 */
	if (params->memmap_count == 0 &&
	    (params->flags & BOOT_FLAG_MEMMAP_PENDING)) {
		params->pending_places = places;
		return BOOTINFO_OK;
	}
	error = memmap_normalize(params->memmap, &params->memmap_count,
				 BOOT_MEMMAP_MAX, diag);
	if (error)
		return error;
	if (params->memmap_count == 0)
		return bootinfo_fail(diag, BOOTINFO_NO_MEMMAP,
				     "memory map is empty once normalised");
	error = bootinfo_check_strings(params, &places, diag);
	if (error)
		return error;
	return bootinfo_check_modules(params, diag);
}
