/* SPDX-License-Identifier: MIT */
#include "madt.h"

#include "klib.h"

#define MADT_HEADER_LENGTH 44
#define MADT_LOCAL_APIC 0
#define MADT_IO_APIC 1
#define MADT_LOCAL_X2APIC 9
#define LOCAL_APIC_LENGTH 8
#define LOCAL_X2APIC_LENGTH 16
#define ENTRY_ENABLED (1u << 0)
#define ENTRY_ONLINE_CAPABLE (1u << 1)

static uint32_t read32(const uint8_t *bytes)
{
	uint32_t value;

	memcpy(&value, bytes, sizeof(value));
	return value;
}

static void record(struct madt_cpus *cpus, uint32_t apic_id, uint32_t flags,
		   bool x2apic)
{
	if (!(flags & (ENTRY_ENABLED | ENTRY_ONLINE_CAPABLE)))
		return;
	cpus->listed++;
	for (uint32_t i = 0; i < cpus->count; i++) {
		if (cpus->cpu[i].apic_id == apic_id) {
			if (!cpus->duplicates++)
				cpus->first_duplicate = apic_id;
			return;
		}
	}
	if (cpus->count == CPUS_MAX) {
		cpus->beyond_limit++;
		return;
	}
	cpus->cpu[cpus->count++] = (struct madt_cpu){
		.apic_id = apic_id,
		.x2apic = x2apic,
		.online_capable = !(flags & ENTRY_ENABLED),
	};
}

enum madt_error madt_parse(const uint8_t *table, uint32_t length,
			   struct madt_cpus *cpus, uint32_t *bad_offset)
{
	memset(cpus, 0, sizeof(*cpus));
	*bad_offset = 0;
	if (length < MADT_HEADER_LENGTH)
		return MADT_TRUNCATED;
	for (uint32_t offset = MADT_HEADER_LENGTH; offset < length;) {
		uint8_t type = table[offset];
		uint8_t entry_length =
			length - offset >= 2 ? table[offset + 1] : 0;

		if (entry_length < 2 || entry_length > length - offset) {
			*bad_offset = offset;
			return MADT_TRUNCATED;
		}
		if (type == MADT_LOCAL_APIC &&
		    entry_length >= LOCAL_APIC_LENGTH)
			record(cpus, table[offset + 3],
			       read32(table + offset + 4), false);
		else if (type == MADT_LOCAL_X2APIC &&
			 entry_length >= LOCAL_X2APIC_LENGTH)
			record(cpus, read32(table + offset + 4),
			       read32(table + offset + 8), true);
		else if (type == MADT_IO_APIC)
			cpus->io_apics++;
		offset += entry_length;
	}
	return MADT_OK;
}
