/* SPDX-License-Identifier: MIT */
/*
 * The MADT, found through the RSDT or XSDT the acpi entry validated
 * (acpi_find_table): counts the processors and I/O APICs the firmware
 * describes.  Every length is checked against its table before anything
 * inside is read.
 */
#include "acpi.h"
#include "klib.h"
#include "log.h"
#include "status.h"
#include "../tables/init.h"

#define MADT_LOCAL_APIC 0
#define MADT_IO_APIC 1
#define MADT_LOCAL_X2APIC 9
#define MADT_HEADER_LENGTH 44
#define ENTRY_ENABLED 1u

static __init int acpi_madt_init(struct boot_params *params)
{
	uint32_t cpus = 0, io_apics = 0;
	struct phys_window madt;

	if (!acpi_find_table(params, "APIC", &madt)) {
		log_info("acpi: no valid MADT");
		return STATUS_ENODEV;
	}
	const uint8_t *table = madt.bytes;
	uint32_t length = (uint32_t)(madt.end - madt.start);
	for (uint32_t offset = MADT_HEADER_LENGTH; offset + 2 <= length;) {
		uint8_t type = table[offset], entry_length = table[offset + 1];
		uint32_t flags;

		if (entry_length < 2 || offset + entry_length > length) {
			log_err("acpi: E_ACPI_BAD_MADT: entry at +%u has "
				"length %u",
				offset, entry_length);
			return STATUS_EINVAL;
		}
		if (type == MADT_LOCAL_APIC && entry_length >= 8) {
			memcpy(&flags, table + offset + 4, 4);
			cpus += flags & ENTRY_ENABLED;
		} else if (type == MADT_LOCAL_X2APIC && entry_length >= 16) {
			memcpy(&flags, table + offset + 8, 4);
			cpus += flags & ENTRY_ENABLED;
		} else if (type == MADT_IO_APIC) {
			io_apics++;
		}
		offset += entry_length;
	}
	log_info("acpi: MADT at 0x%llx: %u processors, %u I/O APICs",
		 (unsigned long long)madt.start, cpus, io_apics);
	return STATUS_OK;
}

INIT_ENTRY(acpi_madt, DEVICES, SUBARCH_ALL, acpi_madt_init, INIT_AFTER(acpi));
