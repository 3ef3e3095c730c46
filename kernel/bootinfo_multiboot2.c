/* SPDX-License-Identifier: MIT */
/*
 * Multiboot 2 (GRUB 2): a u32 total_size, a u32 reserved, then tags, each
 * a u32 type and a u32 size followed by its fields, at 8-byte boundaries,
 * up to an end tag (type 0, size 8).
 *
 * Every tag is read through a window narrowed to its own bytes, so a field
 * or a string can never run into the next tag.  The memory map and the RSDP
 * depend on which tags exist, so those are noted during the walk and used
 * after it.
 */
#include "bootinfo.h"

#include <stddef.h>

#include "bootinfo_parser.h"
#include "klib.h"

#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MODULE 3
#define MB2_TAG_BASIC_MEMINFO 4
#define MB2_TAG_MMAP 6
#define MB2_TAG_EFI32 11
#define MB2_TAG_EFI64 12
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15
#define MB2_TAG_EFI_MMAP 17

#define MB2_INFO_HEADER_SIZE 8 /* total_size, reserved */
#define MB2_TAG_HEADER_SIZE 8  /* type, size */
#define MB2_TAG_ALIGN 8
#define EFI_PAGE_SIZE 4096ull

struct mb2_mmap_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type;
	uint32_t reserved;
};
_Static_assert(sizeof(struct mb2_mmap_entry) == 24, "multiboot2 mmap layout");

/* The UEFI EFI_MEMORY_DESCRIPTOR, version 1. */
struct efi_memory_descriptor {
	uint32_t type;
	uint32_t pad;
	uint64_t phys_start;
	uint64_t virt_start;
	uint64_t num_pages;
	uint64_t attribute;
};
_Static_assert(offsetof(struct efi_memory_descriptor, phys_start) == 8,
	       "EFI memory descriptor layout");
_Static_assert(sizeof(struct efi_memory_descriptor) == 40,
	       "EFI memory descriptor layout");

/* The tags used once the walk has seen them all. */
struct mb2_tags {
	struct phys_window mmap;
	struct phys_window efi_mmap;
	struct phys_window meminfo;
	struct phys_window acpi_old;
	struct phys_window acpi_new;
	bool has_mmap, has_efi_mmap, has_meminfo, has_acpi_old, has_acpi_new;
	uint64_t modules_seen;
};

/* The smallest size each tag can have and still hold its fields. */
static uint32_t tag_minimum_size(uint32_t type)
{
	switch (type) {
	case MB2_TAG_CMDLINE:
	case MB2_TAG_LOADER_NAME: return 9; /* at least the NUL */
	case MB2_TAG_MODULE: return 17;
	case MB2_TAG_BASIC_MEMINFO:
	case MB2_TAG_MMAP:
	case MB2_TAG_EFI64:
	case MB2_TAG_EFI_MMAP: return 16;
	case MB2_TAG_EFI32: return 12;
	case MB2_TAG_ACPI_OLD: return MB2_TAG_HEADER_SIZE + RSDP_V1_LENGTH;
	case MB2_TAG_ACPI_NEW: return MB2_TAG_HEADER_SIZE + RSDP_V2_LENGTH;
	}
	return MB2_TAG_HEADER_SIZE;
}

/* Fields are read after tag_minimum_size() was checked: cannot fail. */
static uint32_t tag_u32(const struct phys_window *tag, uint32_t offset)
{
	uint32_t value = 0;

	phys_read(tag, tag->start + offset, &value, sizeof(value));
	return value;
}

static uint64_t tag_u64(const struct phys_window *tag, uint32_t offset)
{
	uint64_t value = 0;

	phys_read(tag, tag->start + offset, &value, sizeof(value));
	return value;
}

static uint32_t e820_type_from_efi(uint32_t efi_type)
{
	switch (efi_type) {
	case 1: /* EfiLoaderCode */
	case 2: /* EfiLoaderData */
	case 3: /* EfiBootServicesCode */
	case 4: /* EfiBootServicesData */
	case 7: /* EfiConventionalMemory */ return E820_USABLE;
	case 9: /* EfiACPIReclaimMemory */ return E820_ACPI;
	case 10: /* EfiACPIMemoryNVS */ return E820_NVS;
	}
	return E820_RESERVED;
}

static enum bootinfo_error parse_mmap(struct boot_params *params,
				      const struct phys_window *tag,
				      struct bootinfo_diag *diag)
{
	uint32_t entry_size = tag_u32(tag, 8);
	uint64_t first = tag->start + 16;

	if (entry_size < sizeof(struct mb2_mmap_entry) || entry_size % 8 != 0)
		return bootinfo_fail(diag, BOOTINFO_BAD_SIZE,
				     "multiboot2 mmap entry_size %u (needs a "
				     "multiple of 8, at least 24)",
				     entry_size);

	struct memmap_reader reader = { 0 };
	uint64_t count = (tag->end - first) / entry_size;
	for (uint64_t i = 0; i < count; i++) {
		struct mb2_mmap_entry entry = { 0 };
		enum bootinfo_error error;

		phys_read(tag, first + i * entry_size, &entry, sizeof(entry));
		error = memmap_read_entry(params, &reader, entry.base,
					  entry.length, entry.type, diag);
		if (error)
			return error;
	}
	memmap_read_done(params, &reader);
	return BOOTINFO_OK;
}

static enum bootinfo_error parse_efi_mmap(struct boot_params *params,
					  const struct phys_window *tag,
					  struct bootinfo_diag *diag)
{
	uint32_t descriptor_size = tag_u32(tag, 8);
	uint64_t first = tag->start + 16;

	/* Firmware may use descriptors larger than version 1's. */
	if (descriptor_size < sizeof(struct efi_memory_descriptor))
		return bootinfo_fail(diag, BOOTINFO_BAD_SIZE,
				     "multiboot2 EFI memory map "
				     "descriptor_size %u (minimum %zu)",
				     descriptor_size,
				     sizeof(struct efi_memory_descriptor));

	struct memmap_reader reader = { 0 };
	uint64_t count = (tag->end - first) / descriptor_size;
	for (uint64_t i = 0; i < count; i++) {
		struct efi_memory_descriptor descriptor = { 0 };
		enum bootinfo_error error;

		phys_read(tag, first + i * descriptor_size, &descriptor,
			  sizeof(descriptor));
		if (descriptor.num_pages > UINT64_MAX / EFI_PAGE_SIZE)
			return bootinfo_fail(
				diag, BOOTINFO_BAD_MEMMAP,
				"EFI memory descriptor %llu has 0x%llx pages, "
				"more than memory can hold",
				(unsigned long long)i,
				(unsigned long long)descriptor.num_pages);
		error = memmap_read_entry(
			params, &reader, descriptor.phys_start,
			descriptor.num_pages * EFI_PAGE_SIZE,
			e820_type_from_efi(descriptor.type), diag);
		if (error)
			return error;
	}
	memmap_read_done(params, &reader);
	return BOOTINFO_OK;
}

static enum bootinfo_error
parse_module(struct boot_params *params, const struct phys_window *tag,
	     const struct phys_window *memory, struct mb2_tags *tags,
	     struct bootinfo_places *places, struct bootinfo_diag *diag)
{
	tags->modules_seen++;
	if (params->module_count >= BOOT_MODULES_MAX)
		return BOOTINFO_OK;
	return bootinfo_add_module(params, memory, tag_u32(tag, 8),
				   tag_u32(tag, 12), tag, tag->start + 16,
				   places, diag);
}

static enum bootinfo_error parse_tag(struct boot_params *params, uint32_t type,
				     const struct phys_window *tag,
				     const struct phys_window *memory,
				     struct mb2_tags *tags,
				     struct bootinfo_places *places,
				     struct bootinfo_diag *diag)
{
	uint64_t payload = tag->start + MB2_TAG_HEADER_SIZE;

	switch (type) {
	case MB2_TAG_CMDLINE: {
		enum bootinfo_error error = bootinfo_copy_string(
			params, tag, payload, params->cmdline,
			sizeof(params->cmdline), "cmdline", places, diag);
		if (error)
			return error;
		return BOOTINFO_OK;
	}
	case MB2_TAG_LOADER_NAME:
		return bootinfo_copy_string(
			params, tag, payload, params->loader,
			sizeof(params->loader), "loader name", places, diag);
	case MB2_TAG_MODULE:
		return parse_module(params, tag, memory, tags, places, diag);
	case MB2_TAG_BASIC_MEMINFO:
		tags->meminfo = *tag;
		tags->has_meminfo = true;
		return BOOTINFO_OK;
	case MB2_TAG_MMAP:
		tags->mmap = *tag;
		tags->has_mmap = true;
		return BOOTINFO_OK;
	case MB2_TAG_EFI32:
		params->efi_system_table = tag_u32(tag, 8);
		return BOOTINFO_OK;
	case MB2_TAG_EFI64:
		params->efi_system_table = tag_u64(tag, 8);
		return BOOTINFO_OK;
	case MB2_TAG_ACPI_OLD:
		tags->acpi_old = *tag;
		tags->has_acpi_old = true;
		return BOOTINFO_OK;
	case MB2_TAG_ACPI_NEW:
		tags->acpi_new = *tag;
		tags->has_acpi_new = true;
		return BOOTINFO_OK;
	case MB2_TAG_EFI_MMAP:
		tags->efi_mmap = *tag;
		tags->has_efi_mmap = true;
		return BOOTINFO_OK;
	}
	return BOOTINFO_OK; /* tags we do not use */
}

static enum bootinfo_error
walk_tags(struct boot_params *params, const struct phys_window *info,
	  const struct phys_window *memory, struct mb2_tags *tags,
	  struct bootinfo_places *places, struct bootinfo_diag *diag)
{
	uint64_t total = info->end - info->start;
	uint64_t offset = MB2_INFO_HEADER_SIZE;

	/* Each tag is at least 8 bytes: at most total / 8 steps. */
	while (offset <= total && total - offset >= MB2_TAG_HEADER_SIZE) {
		uint64_t addr = info->start + offset;
		struct phys_window tag;
		uint32_t header[2] = { 0 };
		enum bootinfo_error error;

		phys_read(info, addr, header, sizeof(header));
		uint32_t type = header[0], size = header[1];

		if (size < tag_minimum_size(type))
			return bootinfo_fail(diag, BOOTINFO_BAD_SIZE,
					     "multiboot2 tag %u at 0x%llx has "
					     "size %u (minimum %u)",
					     type, (unsigned long long)addr,
					     size, tag_minimum_size(type));
		if (!phys_narrow(info, addr, size, &tag))
			return bootinfo_fail(
				diag, BOOTINFO_BAD_SIZE,
				"multiboot2 tag %u at 0x%llx (size %u) runs "
				"past total_size 0x%llx",
				type, (unsigned long long)addr, size,
				(unsigned long long)total);
		if (type == MB2_TAG_END) {
			if (size != MB2_TAG_HEADER_SIZE)
				return bootinfo_fail(
					diag, BOOTINFO_BAD_SIZE,
					"multiboot2 end tag at 0x%llx has size "
					"%u (expected 8)",
					(unsigned long long)addr, size);
			return BOOTINFO_OK;
		}
		error = parse_tag(params, type, &tag, memory, tags, places,
				  diag);
		if (error)
			return error;
		offset += ((uint64_t)size + MB2_TAG_ALIGN - 1) &
			  ~(uint64_t)(MB2_TAG_ALIGN - 1);
	}
	return bootinfo_fail(
		diag, BOOTINFO_BAD_SIZE,
		"multiboot2 info has no end tag within its total_size 0x%llx",
		(unsigned long long)total);
}

static enum bootinfo_error use_memory_tags(struct boot_params *params,
					   const struct mb2_tags *tags,
					   struct bootinfo_diag *diag)
{
	if (tags->has_mmap)
		return parse_mmap(params, &tags->mmap, diag);
	if (tags->has_efi_mmap)
		return parse_efi_mmap(params, &tags->efi_mmap, diag);
	if (tags->has_meminfo)
		return bootinfo_synthesize_memmap(
			params, tag_u32(&tags->meminfo, 8),
			tag_u32(&tags->meminfo, 12), diag);
	return bootinfo_fail(
		diag, BOOTINFO_NO_MEMMAP,
		"multiboot2 info has no mmap, EFI mmap or basic meminfo tag");
}

static void copy_rsdp(struct boot_params *params, const struct mb2_tags *tags)
{
	const struct phys_window *tag;
	uint32_t length;

	if (tags->has_acpi_new) {
		tag = &tags->acpi_new;
		length = RSDP_V2_LENGTH;
	} else if (tags->has_acpi_old) {
		tag = &tags->acpi_old;
		length = RSDP_V1_LENGTH;
	} else {
		return;
	}
	phys_read(tag, tag->start + MB2_TAG_HEADER_SIZE, params->rsdp_copy,
		  length);
	params->rsdp_copy_length = length;
}

enum bootinfo_error bootinfo_parse_multiboot2(struct boot_params *params,
					      uint64_t info_addr,
					      const struct phys_window *memory,
					      struct bootinfo_places *places,
					      struct bootinfo_diag *diag)
{
	struct mb2_tags tags = { 0 };
	struct phys_window info;
	uint32_t header[2] = { 0 };
	enum bootinfo_error error;

	params->protocol = ENTRY_MULTIBOOT2;
	params->info_addr = info_addr;
	if (info_addr % 8 != 0)
		return bootinfo_fail(
			diag, BOOTINFO_BAD_ALIGNMENT,
			"multiboot2 info at 0x%llx is not 8-byte aligned",
			(unsigned long long)info_addr);
	if (!phys_read(memory, info_addr, header, sizeof(header)))
		return bootinfo_fail(
			diag, BOOTINFO_OUT_OF_BOUNDS,
			"multiboot2 info at 0x%llx is outside memory",
			(unsigned long long)info_addr);

	uint32_t total_size = header[0];
	if (total_size < MB2_INFO_HEADER_SIZE + MB2_TAG_HEADER_SIZE)
		return bootinfo_fail(
			diag, BOOTINFO_BAD_SIZE,
			"multiboot2 total_size %u is too small (minimum 16)",
			total_size);
	if (!phys_narrow(memory, info_addr, total_size, &info))
		return bootinfo_fail(diag, BOOTINFO_OUT_OF_BOUNDS,
				     "multiboot2 info at 0x%llx (total_size "
				     "0x%x) runs past the end of memory",
				     (unsigned long long)info_addr, total_size);

	error = walk_tags(params, &info, memory, &tags, places, diag);
	if (error)
		return error;
	if (tags.modules_seen > BOOT_MODULES_MAX)
		bootinfo_warn_modules_dropped(params, tags.modules_seen);
	copy_rsdp(params, &tags);
	return use_memory_tags(params, &tags, diag);
}
