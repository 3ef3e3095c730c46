/* SPDX-License-Identifier: MIT */
/*
 * The ACPI MADT from the firmware (kernel/madt.c): any bytes are read
 * within their length, and what the parse reports adds up: every entry
 * listed is a CPU kept, a duplicate or one past CPUS_MAX; the CPUs kept
 * have distinct APIC IDs; a truncated table names an entry inside it.
 */
#include "fuzz_common.h"
#include "kernel/madt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct madt_cpus cpus;
	uint32_t bad_offset,
		length = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
	enum madt_error error = madt_parse(data, length, &cpus, &bad_offset);

	CHECK(error == MADT_OK || error == MADT_TRUNCATED);
	if (error == MADT_TRUNCATED && bad_offset)
		CHECK(bad_offset < length);
	CHECK(cpus.count <= CPUS_MAX);
	CHECK(cpus.listed == cpus.count + cpus.duplicates + cpus.beyond_limit);
	CHECK(!cpus.beyond_limit || cpus.count == CPUS_MAX);
	for (uint32_t i = 0; i < cpus.count; i++)
		for (uint32_t j = i + 1; j < cpus.count; j++)
			CHECK(cpus.cpu[i].apic_id != cpus.cpu[j].apic_id);
	if (cpus.duplicates) {
		bool kept = false;

		for (uint32_t i = 0; i < cpus.count; i++)
			kept |= cpus.cpu[i].apic_id == cpus.first_duplicate;
		CHECK(kept);
	}
	return 0;
}
