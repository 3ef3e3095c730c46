/* SPDX-License-Identifier: MIT */
/*
 * Multiboot 1 (GRUB legacy, QEMU -kernel): one flat structure of 32-bit
 * fields, each group valid only when its bit in flags is set.
 */
#include "bootinfo.h"

#include <stddef.h>

#include "bootinfo_parser.h"

#define MB1_FLAG_MEM (1u << 0)
#define MB1_FLAG_CMDLINE (1u << 2)
#define MB1_FLAG_MODS (1u << 3)
#define MB1_FLAG_MMAP (1u << 6)
#define MB1_FLAG_LOADER_NAME (1u << 9)

/*
 * The specification's layout up to boot_loader_name.  Every field is 32
 * bits, so C lays it out exactly as the specification does; the fields
 * after it (APM, VBE, framebuffer) are of no use here and are not read.
 */
struct mb1_info {
	uint32_t flags;
	uint32_t mem_lower; /* KiB */
	uint32_t mem_upper; /* KiB, from 1 MiB */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count;
	uint32_t mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length;
	uint32_t mmap_addr;
	uint32_t drives_length;
	uint32_t drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
};
_Static_assert(offsetof(struct mb1_info, mmap_length) == 44,
	       "multiboot1 info layout");
_Static_assert(offsetof(struct mb1_info, boot_loader_name) == 64,
	       "multiboot1 info layout");

struct mb1_module {
	uint32_t mod_start;
	uint32_t mod_end; /* exclusive */
	uint32_t string;
	uint32_t reserved;
};
_Static_assert(sizeof(struct mb1_module) == 16, "multiboot1 module layout");

/*
 * A map entry is a u32 size (of the rest of the entry) followed by this
 * 20-byte body; a larger size leaves room for fields to come.
 */
struct mb1_mmap_body {
	uint64_t base;
	uint64_t length;
	uint32_t type;
};
#define MB1_MMAP_BODY_SIZE 20
_Static_assert(offsetof(struct mb1_mmap_body, type) == 16,
	       "multiboot1 mmap entry layout");

static enum bootinfo_error parse_mmap(struct boot_params *params,
				      const struct mb1_info *info,
				      const struct phys_window *memory,
				      struct bootinfo_diag *diag)
{
	uint64_t base = info->mmap_addr;
	uint64_t length = info->mmap_length;
	uint64_t offset = 0;
	struct memmap_reader reader = { 0 };

	if (!phys_contains(memory, base, length))
		return bootinfo_fail(diag, BOOTINFO_OUT_OF_BOUNDS,
				     "multiboot1 mmap at 0x%llx (0x%llx bytes) "
				     "is outside memory",
				     (unsigned long long)base,
				     (unsigned long long)length);

	/* Every step is at least 24 bytes, and offset stays below length. */
	while (offset < length) {
		uint64_t entry = base + offset;
		struct mb1_mmap_body body = { 0 };
		uint32_t size;

		if (length - offset < sizeof(size) ||
		    !phys_read(memory, entry, &size, sizeof(size)))
			return bootinfo_fail(
				diag, BOOTINFO_BAD_SIZE,
				"multiboot1 mmap ends with %llu stray bytes",
				(unsigned long long)(length - offset));
		if (size < MB1_MMAP_BODY_SIZE)
			return bootinfo_fail(diag, BOOTINFO_BAD_SIZE,
					     "multiboot1 mmap entry at 0x%llx "
					     "has size %u (minimum %u)",
					     (unsigned long long)entry, size,
					     MB1_MMAP_BODY_SIZE);
		if (size > length - offset - sizeof(size) ||
		    !phys_read(memory, entry + sizeof(size), &body,
			       MB1_MMAP_BODY_SIZE))
			return bootinfo_fail(diag, BOOTINFO_BAD_SIZE,
					     "multiboot1 mmap entry at 0x%llx "
					     "runs past mmap_length 0x%llx",
					     (unsigned long long)entry,
					     (unsigned long long)length);

		enum bootinfo_error error =
			memmap_read_entry(params, &reader, body.base,
					  body.length, body.type, diag);
		if (error)
			return error;
		offset += sizeof(size) + (uint64_t)size;
	}
	memmap_read_done(params, &reader);
	return BOOTINFO_OK;
}

static enum bootinfo_error parse_modules(struct boot_params *params,
					 const struct mb1_info *info,
					 const struct phys_window *memory,
					 struct bootinfo_places *places,
					 struct bootinfo_diag *diag)
{
	uint32_t kept = info->mods_count < BOOT_MODULES_MAX ? info->mods_count
							    : BOOT_MODULES_MAX;

	for (uint32_t i = 0; i < kept; i++) {
		struct mb1_module module;
		uint64_t addr = info->mods_addr + (uint64_t)i * sizeof(module);
		enum bootinfo_error error;

		if (!phys_read(memory, addr, &module, sizeof(module)))
			return bootinfo_fail(diag, BOOTINFO_OUT_OF_BOUNDS,
					     "multiboot1 module %u at 0x%llx "
					     "is outside memory",
					     i, (unsigned long long)addr);
		error = bootinfo_add_module(params, memory, module.mod_start,
					    module.mod_end, memory,
					    module.string, places, diag);
		if (error)
			return error;
	}
	if (info->mods_count > kept)
		bootinfo_warn_modules_dropped(params, info->mods_count);
	return BOOTINFO_OK;
}

enum bootinfo_error bootinfo_parse_multiboot1(struct boot_params *params,
					      uint64_t info_addr,
					      const struct phys_window *memory,
					      struct bootinfo_places *places,
					      struct bootinfo_diag *diag)
{
	struct mb1_info info;
	enum bootinfo_error error;

	params->protocol = ENTRY_MULTIBOOT1;
	params->info_addr = info_addr;
	if (!phys_read(memory, info_addr, &info, sizeof(info)))
		return bootinfo_fail(
			diag, BOOTINFO_OUT_OF_BOUNDS,
			"multiboot1 info at 0x%llx is outside memory",
			(unsigned long long)info_addr);

	if (info.flags & MB1_FLAG_CMDLINE) {
		error = bootinfo_copy_string(
			params, memory, info.cmdline, params->cmdline,
			sizeof(params->cmdline), "cmdline", places, diag);
		if (error)
			return error;
	}
	if (info.flags & MB1_FLAG_LOADER_NAME) {
		error = bootinfo_copy_string(
			params, memory, info.boot_loader_name, params->loader,
			sizeof(params->loader), "loader name", places, diag);
		if (error)
			return error;
	}
	if (info.flags & MB1_FLAG_MODS) {
		error = parse_modules(params, &info, memory, places, diag);
		if (error)
			return error;
	}
	if (info.flags & MB1_FLAG_MMAP) {
		error = parse_mmap(params, &info, memory, diag);
		if (error)
			return error;
	}
	if (params->memmap_count == 0) {
		if (!(info.flags & MB1_FLAG_MEM))
			return bootinfo_fail(
				diag, BOOTINFO_NO_MEMMAP,
				"multiboot1 info has no memory map and no "
				"mem_lower/mem_upper (flags 0x%x)",
				info.flags);
		error = bootinfo_synthesize_memmap(params, info.mem_lower,
						   info.mem_upper, diag);
		if (error)
			return error;
	}
	return BOOTINFO_OK;
}
