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
 * The first 8-byte word from `from` on, below `end`, that reads
 * "RSD PTR ", or 0.  One `repne scasq`: under KVM without VMX or SVM
 * (kvm_pvm) every kernel instruction is emulated, and the emulator runs a
 * string instruction's iterations without fetching and decoding it again,
 * where a loop of compares costs two emulated instructions a candidate
 * (the BIOS area alone is 8,192 candidates, all of them read when no
 * firmware left an RSDP, as on microvm without ACPI).
 */
static uint64_t next_signature(uint64_t from, uint64_t end)
{
	const uint64_t *after = (const uint64_t *)(uintptr_t)from;
	uint64_t left = (end - from) / sizeof(uint64_t);
	bool matched;

	if (!left)
		return 0; /* with RCX 0 the flags would say nothing */
	/* It reads the words it passes: "memory", not an operand. */
	__asm__ volatile("repne scasq"
			 : "+D"(after), "+c"(left), "=@ccz"(matched)
			 : "a"(RSDP_SIGNATURE)
			 : "memory");
	return matched ? (uint64_t)(uintptr_t)(after - 1) : 0;
}

/* The window is the identity map: bytes at their address.  A signature
 * off the 16-byte grid, or one without a valid checksum, is passed over. */
static uint64_t scan(uint64_t start, uint64_t end)
{
	if (!phys_contains(&first_mib, start, end - start))
		return 0;
	for (uint64_t at = next_signature(start, end); at;
	     at = next_signature(at + sizeof(uint64_t), end))
		if (!(at % RSDP_ALIGN) && candidate_at(at, end))
			return at;
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
