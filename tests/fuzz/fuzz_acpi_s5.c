/* SPDX-License-Identifier: MIT */
/*
 * \_S5_ in AML from the firmware (kernel/acpi_s5.c): any bytes are read
 * within their length; a find means the name and a package are there.
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
	uint8_t a, b;

	if (acpi_s5_sleep_types(data, size, &a, &b))
		CHECK(holds_name_and_package(data, size));
	return 0;
}
