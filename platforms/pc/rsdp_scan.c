/* SPDX-License-Identifier: MIT */
/*
 * A PC's firmware leaves the ACPI RSDP on a 16-byte boundary in the first
 * KiB of the EBDA or in 0xe0000-0xfffff.  Multiboot 1 gives no pointer, so
 * look there; early, while page 0 (with the EBDA pointer) is still mapped.
 * The BIOS area is searched from its last 64 KiB, the system BIOS's own
 * segment, where SeaBIOS (QEMU's) keeps it, as firmware does in practice,
 * and only then from 0xe0000: a scan that starts at 0xe0000 walks 64 KiB
 * of option ROMs and holes first (about 12,000 instructions on QEMU).
 */
#include "../../kernel/acpi.h"
#include "../../kernel/boot_params.h"
#include "../../kernel/bootinfo.h"
#include "../../kernel/klib.h"
#include "../../kernel/phys.h"
#include "../../kernel/status.h"
#include "../../tables/init.h"

#define BDA_EBDA_SEGMENT 0x40e
#define EBDA_LOW 0x80000
#define EBDA_HIGH 0xa0000
#define EBDA_SCANNED 1024
#define BIOS_AREA_START 0xe0000
#define BIOS_SEGMENT_START 0xf0000
#define RSDP_ALIGN 16

/* "RSD PTR " as one little-endian load: one compare per candidate. */
#define RSDP_SIGNATURE 0x2052545020445352ull

/*
 * The BIOS data area, the EBDA and the BIOS ROM: what the PC defines in
 * the first MiB, whether or not the memory map lists it (QEMU's does not
 * list 0xe0000-0xeffff).  Every read goes through this window.
 */
static const struct phys_window first_mib = {
	.bytes = (const uint8_t *)BDA_EBDA_SEGMENT,
	.start = BDA_EBDA_SEGMENT,
	.end = LOW_MEMORY_END,
};

/* address, if an RSDP that ends by `end` starts there; else 0. */
static uint64_t candidate_at(uint64_t address, uint64_t end)
{
	uint8_t candidate[RSDP_V1_LENGTH];

	return address + RSDP_V1_LENGTH <= end &&
			       phys_read(&first_mib, address, candidate,
					 sizeof(candidate)) &&
			       !acpi_checksum(candidate, RSDP_V1_LENGTH)
		       ? address
		       : 0;
}

/*
 * The range is checked against the window once; then eight candidates a
 * round, so the loop's own compare and jump are paid once per 128 bytes
 * instead of once per 16 (the BIOS area alone is 8,192 candidates, and
 * the RSDP sits 23 KiB into its last segment under SeaBIOS).  Every
 * range scanned is a multiple of ROUND bytes long, so the rounds cover it
 * exactly.
 */
#define ROUND 128

static uint64_t scan(uint64_t start, uint64_t end)
{
	if (!phys_contains(&first_mib, start, end - start))
		return 0;
	for (uint64_t address = start; address + ROUND <= end;
	     address += ROUND) {
		/* The window is the identity map: bytes at their address. */
		const uint64_t *words = (const uint64_t *)(uintptr_t)address;

		if (words[0] != RSDP_SIGNATURE && words[2] != RSDP_SIGNATURE &&
		    words[4] != RSDP_SIGNATURE && words[6] != RSDP_SIGNATURE &&
		    words[8] != RSDP_SIGNATURE && words[10] != RSDP_SIGNATURE &&
		    words[12] != RSDP_SIGNATURE && words[14] != RSDP_SIGNATURE)
			continue;
		for (uint64_t at = address; at < address + ROUND;
		     at += RSDP_ALIGN)
			if (candidate_at(at, end))
				return at;
	}
	return 0;
}

static bool rsdp_not_given(const struct boot_params *params)
{
	return !params->rsdp && !params->rsdp_copy_length;
}

static int pc_rsdp_scan_init(struct boot_params *params)
{
	uint16_t segment = 0;

	phys_read(&first_mib, BDA_EBDA_SEGMENT, &segment, sizeof(segment));
	uint64_t ebda = (uint64_t)segment << 4;
	uint64_t found = ebda >= EBDA_LOW && ebda < EBDA_HIGH
				 ? scan(ebda, ebda + EBDA_SCANNED)
				 : 0;

	if (!found)
		found = scan(BIOS_SEGMENT_START, LOW_MEMORY_END);
	if (!found)
		found = scan(BIOS_AREA_START, BIOS_SEGMENT_START);
	if (!found || bootinfo_copy_rsdp(params, &first_mib, found))
		return STATUS_ENODEV;
	return STATUS_OK;
}

INIT_ENTRY(pc_rsdp_scan, EARLY, SUBARCH_PC, pc_rsdp_scan_init, INIT_NO_DEPS,
	   .detect = rsdp_not_given);
