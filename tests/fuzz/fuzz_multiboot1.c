/* SPDX-License-Identifier: MIT */
/*
 * Multiboot 1: the input is the info offset, then memory holding the info,
 * its memory map, module list and strings.
 * See fuzz_common.h for the format and the invariants checked.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_protocol(MULTIBOOT1_BOOT_MAGIC, data, size);
	return 0;
}
