/* SPDX-License-Identifier: MIT */
/*
 * \_S5_ in AML from the firmware (kernel/acpi_s5.c): any bytes are read
 * within their length; a find means the name and a package are there; and
 * the search, which moves on several bytes at a time, finds the same one
 * wherever the AML starts (one byte later, behind a byte that is no
 * opcode or name character it looks for).
 */
#include "fuzz_common.h"
#include "kernel/acpi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool holds_name_and_package(const uint8_t *data, size_t size)
{
	for (size_t i = 0; i + 5 <= size; i++)
		if (!memcmp(data + i, "_S5_\x12", 5))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t a, b, later_a, later_b;
	uint8_t *later = malloc(size + 1);
	bool found = acpi_s5_sleep_types(data, size, &a, &b);

	if (found)
		CHECK(holds_name_and_package(data, size));
	CHECK(later);
	later[0] = 'X';
	memcpy(later + 1, data, size);
	CHECK(acpi_s5_sleep_types(later, size + 1, &later_a, &later_b) ==
	      found);
	if (found)
		CHECK(later_a == a && later_b == b);
	free(later);
	return 0;
}
