/* SPDX-License-Identifier: MIT */
/*
 * PVH (Xen, and QEMU/Firecracker's PVH boot): struct hvm_start_info, as
 * laid out in Xen's public arch-x86/hvm/start_info.h.  Xen places it on a
 * 4-byte boundary only, which is one reason every field is copied out with
 * phys_read rather than read in place.  An address field of 0 means the
 * thing is absent: Xen loads nothing at physical 0.
 */
#include "bootinfo.h"

#include <stddef.h>

#include "bootinfo_parser.h"

#define SIF_PRIVILEGED (1u << 0)
#define SIF_INITDOMAIN (1u << 1)

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags; /* SIF_* */
	uint32_t nr_modules;
	uint64_t modlist_paddr; /* struct hvm_modlist_entry[nr_modules] */
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	/* Version 1 and later. */
	uint64_t memmap_paddr; /* struct hvm_memmap_entry[memmap_entries] */
	uint32_t memmap_entries;
	uint32_t reserved;
};
/* Version 0 ends where the memory map fields begin. */
#define HVM_START_INFO_V0_SIZE offsetof(struct hvm_start_info, memmap_paddr)
_Static_assert(HVM_START_INFO_V0_SIZE == 40, "hvm_start_info layout");
_Static_assert(sizeof(struct hvm_start_info) == 56, "hvm_start_info layout");

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};
_Static_assert(sizeof(struct hvm_modlist_entry) == 32, "hvm_modlist layout");

struct hvm_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type; /* e820 numbering; Xen's own types are 0xf000000x */
	uint32_t reserved;
};
_Static_assert(sizeof(struct hvm_memmap_entry) == 24, "hvm_memmap layout");

static enum bootinfo_error parse_modules(struct boot_params *params,
					 const struct hvm_start_info *info,
					 const struct phys_window *memory,
					 struct bootinfo_places *places,
					 struct bootinfo_diag *diag)
{
	uint32_t kept = info->nr_modules < BOOT_MODULES_MAX ? info->nr_modules
							    : BOOT_MODULES_MAX;

	if (info->nr_modules && !info->modlist_paddr) {
		bootinfo_warn(
			params,
			"hvm_start_info has %u modules but no module list",
			info->nr_modules);
		return BOOTINFO_OK;
	}
	for (uint32_t i = 0; i < kept; i++) {
		uint64_t addr = info->modlist_paddr +
				(uint64_t)i * sizeof(struct hvm_modlist_entry);
		struct hvm_modlist_entry module;
		enum bootinfo_error error;

		if (addr < info->modlist_paddr ||
		    !phys_read(memory, addr, &module, sizeof(module)))
			return bootinfo_fail(
				diag, BOOTINFO_OUT_OF_BOUNDS,
				"hvm module %u at 0x%llx is outside memory", i,
				(unsigned long long)addr);
		if (module.size > UINT64_MAX - module.paddr)
			return bootinfo_fail(diag, BOOTINFO_OUT_OF_BOUNDS,
					     "hvm module %u (0x%llx size "
					     "0x%llx) wraps around",
					     i,
					     (unsigned long long)module.paddr,
					     (unsigned long long)module.size);
		error = bootinfo_add_module(params, memory, module.paddr,
					    module.paddr + module.size, memory,
					    module.cmdline_paddr, places, diag);
		if (error)
			return error;
	}
	if (info->nr_modules > kept)
		bootinfo_warn_modules_dropped(params, info->nr_modules);
	return BOOTINFO_OK;
}

static enum bootinfo_error parse_memmap(struct boot_params *params,
					const struct hvm_start_info *info,
					const struct phys_window *memory,
					struct bootinfo_diag *diag)
{
	uint64_t bytes = (uint64_t)info->memmap_entries *
			 sizeof(struct hvm_memmap_entry);
	struct memmap_reader reader = { 0 };

	/* Checked whole first, so the count is bounded by the window. */
	if (!phys_contains(memory, info->memmap_paddr, bytes))
		return bootinfo_fail(diag, BOOTINFO_OUT_OF_BOUNDS,
				     "hvm memory map at 0x%llx (%u entries) is "
				     "outside memory",
				     (unsigned long long)info->memmap_paddr,
				     info->memmap_entries);
	for (uint32_t i = 0; i < info->memmap_entries; i++) {
		struct hvm_memmap_entry entry = { 0 };
		uint64_t addr =
			info->memmap_paddr + (uint64_t)i * sizeof(entry);
		enum bootinfo_error error;

		phys_read(memory, addr, &entry, sizeof(entry));
		error = memmap_read_entry(params, &reader, entry.addr,
					  entry.size, entry.type, diag);
		if (error)
			return error;
	}
	memmap_read_done(params, &reader);
	return BOOTINFO_OK;
}

enum bootinfo_error bootinfo_parse_pvh(struct boot_params *params,
				       uint64_t info_addr,
				       const struct phys_window *memory,
				       struct bootinfo_places *places,
				       struct bootinfo_diag *diag)
{
	struct hvm_start_info info = { 0 };
	enum bootinfo_error error;

	params->protocol = ENTRY_PVH;
	params->info_addr = info_addr;
	params->loader[0] = '\0';
	if (!phys_read(memory, info_addr, &info, HVM_START_INFO_V0_SIZE))
		return bootinfo_fail(
			diag, BOOTINFO_OUT_OF_BOUNDS,
			"hvm_start_info at 0x%llx is outside memory",
			(unsigned long long)info_addr);
	if (info.magic != PVH_BOOT_MAGIC)
		return bootinfo_fail(
			diag, BOOTINFO_BAD_MAGIC,
			"hvm_start_info magic 0x%x (expected 0x%x)", info.magic,
			PVH_BOOT_MAGIC);
	params->info_version = info.version;
	if (info.version >= 1 &&
	    !phys_read(memory, info_addr, &info, sizeof(info)))
		return bootinfo_fail(diag, BOOTINFO_OUT_OF_BOUNDS,
				     "hvm_start_info v%u at 0x%llx runs past "
				     "the end of memory",
				     info.version,
				     (unsigned long long)info_addr);

	if (info.flags & SIF_PRIVILEGED)
		params->flags |= BOOT_FLAG_PRIVILEGED;
	if (info.flags & SIF_INITDOMAIN)
		params->flags |= BOOT_FLAG_INITIAL_DOMAIN;
	if (info.rsdp_paddr) {
		uint32_t missing =
			bootinfo_copy_rsdp(params, memory, info.rsdp_paddr);

		if (missing)
			return bootinfo_fail(
				diag, BOOTINFO_OUT_OF_BOUNDS,
				"hvm_start_info rsdp_paddr 0x%llx: the RSDP's "
				"%u bytes are outside memory",
				(unsigned long long)info.rsdp_paddr, missing);
	}

	if (info.cmdline_paddr) {
		error = bootinfo_copy_string(
			params, memory, info.cmdline_paddr, params->cmdline,
			sizeof(params->cmdline), "cmdline", places, diag);
		if (error)
			return error;
	}
	error = parse_modules(params, &info, memory, places, diag);
	if (error)
		return error;

	/* No map here (Xen may give none): the Xen platform entry fetches
	 * it by hypercall, so the rest of boot must wait for it. */
	if (info.version < 1 || !info.memmap_entries || !info.memmap_paddr) {
		params->flags |= BOOT_FLAG_MEMMAP_PENDING;
		return BOOTINFO_OK;
	}
	return parse_memmap(params, &info, memory, diag);
}
