/* SPDX-License-Identifier: MIT */
/*
 * The ACPI RSDP: given by the loader (PVH's rsdp_paddr, a copy in a
 * Multiboot 2 tag) or found by the PC's BIOS-area scan at EARLY, and
 * copied into boot_params either way.  Here the copy is validated
 * (signature, checksums) and its root table reported, at CONSOLE, so
 * that the TSC's timing counters (HPET, ACPI PM timer) can be found
 * through ACPI before the CPU level ends.
 */
#include "acpi.h"
#include "boot_params.h"
#include "klib.h"
#include "log.h"
#include "status.h"
#include "../tables/init.h"

struct __attribute__((packed)) rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
	uint8_t extended_checksum;
	uint8_t reserved[3];
};

struct acpi_root acpi_root;

static __init int acpi_init(struct boot_params *params)
{
	struct rsdp rsdp = { 0 };
	/* Multiboot 2 gives a copy and no address. */
	const char *source =
		params->rsdp ? "loader or BIOS scan" : "multiboot2 tag";

	if (params->rsdp_copy_length < RSDP_V1_LENGTH) {
		log_info("acpi: no RSDP");
		return STATUS_ENODEV;
	}
	memcpy(&rsdp, params->rsdp_copy,
	       params->rsdp_copy_length < sizeof(rsdp)
		       ? params->rsdp_copy_length
		       : sizeof(rsdp));
	if (memcmp(rsdp.signature, "RSD PTR ", 8) ||
	    acpi_checksum(&rsdp, RSDP_V1_LENGTH)) {
		log_err("acpi: E_ACPI_BAD_RSDP: bad signature or checksum "
			"(from %s)",
			source);
		return STATUS_EINVAL;
	}
	if (rsdp.revision >= 2 && (rsdp.length < RSDP_V2_LENGTH ||
				   acpi_checksum(&rsdp, RSDP_V2_LENGTH))) {
		log_err("acpi: E_ACPI_BAD_RSDP: bad extended checksum (from "
			"%s)",
			source);
		return STATUS_EINVAL;
	}
	acpi_root.rsdt = rsdp.rsdt;
	acpi_root.xsdt = rsdp.revision >= 2 ? rsdp.xsdt : 0;
	log_info("acpi: RSDP revision %u, OEM \"%.6s\", RSDT 0x%x, XSDT 0x%llx "
		 "(from %s)",
		 rsdp.revision, rsdp.oem_id, rsdp.rsdt,
		 (unsigned long long)(rsdp.revision >= 2 ? rsdp.xsdt : 0),
		 source);
	return STATUS_OK;
}

INIT_ENTRY(acpi, CONSOLE, SUBARCH_ALL, acpi_init, INIT_NO_DEPS);
