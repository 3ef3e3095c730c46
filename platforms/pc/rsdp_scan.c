/* SPDX-License-Identifier: MIT */
/*
 * A PC's firmware leaves the ACPI RSDP on a 16-byte boundary in the first
 * KiB of the EBDA or in 0xe0000-0xfffff.  Multiboot 1 gives no pointer, so
 * look there; early, while page 0 (with the EBDA pointer) is still mapped.
 */
#include "../../kernel/acpi.h"
#include "../../kernel/boot_params.h"
#include "../../kernel/klib.h"
#include "../../kernel/status.h"
#include "../../tables/init.h"

#define BDA_EBDA_SEGMENT 0x40e
#define BIOS_AREA_START 0xe0000
#define BIOS_AREA_END 0x100000

/* "RSD PTR " as one little-endian load: one compare per candidate. */
#define RSDP_SIGNATURE 0x2052545020445352ull

static uint64_t scan(uint64_t start, uint64_t end)
{
	for (uint64_t address = start; address + RSDP_V1_LENGTH <= end;
	     address += 16) {
		const void *candidate = (const void *)(uintptr_t)address;

		if (*(const uint64_t *)candidate == RSDP_SIGNATURE &&
		    !acpi_checksum(candidate, RSDP_V1_LENGTH))
			return address;
	}
	return 0;
}

static bool rsdp_not_given(const struct boot_params *params)
{
	return !params->rsdp && !params->rsdp_copy_length;
}

static int pc_rsdp_scan_init(struct boot_params *params)
{
	uint16_t segment;

	memcpy(&segment, (const void *)(uintptr_t)BDA_EBDA_SEGMENT,
	       sizeof(segment));
	uint64_t ebda = (uint64_t)segment << 4;
	uint64_t found =
		ebda >= 0x80000 && ebda < 0xa0000 ? scan(ebda, ebda + 1024) : 0;

	if (!found)
		found = scan(BIOS_AREA_START, BIOS_AREA_END);
	if (!found)
		return STATUS_ENODEV;
	params->rsdp = found;
	return STATUS_OK;
}

INIT_ENTRY(pc_rsdp_scan, EARLY, SUBARCH_PC, pc_rsdp_scan_init, INIT_NO_DEPS,
	   .detect = rsdp_not_given);
