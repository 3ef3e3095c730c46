/* SPDX-License-Identifier: MIT */
/*
 * The MADT, found through the RSDT or XSDT the acpi entry validated
 * (acpi_find_table): the processors the firmware describes (kernel/madt.c
 * parses them), which the smp entries of each subarch bring up.  Every
 * length is checked against its table before anything inside is read.
 */
#include "acpi.h"
#include "klib.h"
#include "log.h"
#include "madt.h"
#include "status.h"
#include "../tables/init.h"

struct madt_cpus madt_cpus;

static __init int acpi_madt_init(struct boot_params *params)
{
	struct phys_window madt;
	uint32_t bad_offset;

	if (!acpi_find_table(params, "APIC", &madt)) {
		log_info("acpi: no valid MADT");
		return STATUS_ENODEV;
	}
	if (madt_parse(madt.bytes, (uint32_t)(madt.end - madt.start),
		       &madt_cpus, &bad_offset) != MADT_OK) {
		log_err("acpi: E_ACPI_BAD_MADT: the entry at +%u runs past the "
			"table",
			bad_offset);
		return STATUS_EINVAL;
	}
	log_info("acpi: MADT at 0x%llx: %u processors, %u I/O APICs",
		 (unsigned long long)madt.start, madt_cpus.count,
		 madt_cpus.io_apics);
	if (madt_cpus.duplicates)
		log_warn("acpi: W_MADT_DUPLICATE_APIC_ID: %u entries name an "
			 "APIC ID listed before (first: %u); each is used once",
			 madt_cpus.duplicates, madt_cpus.first_duplicate);
	if (madt_cpus.beyond_limit)
		log_warn(
			"acpi: W_MADT_TOO_MANY_CPUS: %u more processors than "
			"onepath supports (CPUS_MAX %u); the first %u are used",
			madt_cpus.beyond_limit, CPUS_MAX, CPUS_MAX);
	return STATUS_OK;
}

INIT_ENTRY(acpi_madt, CPU, SUBARCH_ALL, acpi_madt_init, INIT_AFTER(acpi));
