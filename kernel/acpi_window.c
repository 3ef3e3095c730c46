/* SPDX-License-Identifier: MIT */
#include "acpi.h"

#include "paging.h"

static bool readable_type(uint32_t type)
{
	return type == E820_USABLE || type == E820_RESERVED ||
	       type == E820_ACPI || type == E820_NVS;
}

bool acpi_window(const struct boot_params *params, uint64_t addr,
		 uint64_t length, struct phys_window *out)
{
	uint64_t cursor = addr;

	if (!addr || !length || addr >= IDENTITY_FLOOR ||
	    length > IDENTITY_FLOOR - addr)
		return false;
	/* The map is sorted and disjoint: walk the entries the range
	 * crosses, each starting where the last one ended. */
	for (uint32_t i = 0; i < params->memmap_count; i++) {
		const struct e820_entry *entry = &params->memmap[i];
		uint64_t start = entry->addr, end = entry->addr + entry->size;

		/* Firmware's entries own their pages: Xen 4.17's dom0 MADT
		 * runs past its E820_ACPI entry into the rest of its page. */
		if (entry->type != E820_USABLE) {
			start &= ~(PAGE_SIZE - 1);
			end = (end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		}
		if (end <= cursor)
			continue;
		if (start > cursor || !readable_type(entry->type))
			return false;
		cursor = end;
		if (cursor >= addr + length) {
			out->bytes = (const uint8_t *)(uintptr_t)addr;
			out->start = addr;
			out->end = addr + length;
			out->trace = NULL;
			return true;
		}
	}
	return false;
}
