/* SPDX-License-Identifier: MIT */
/*
 * Multiboot 2: the input is the info offset, then memory holding the tag
 * list (and whatever its modules point at).
 * See fuzz_common.h for the format and the invariants checked.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_protocol(MULTIBOOT2_BOOT_MAGIC, data, size);
	return 0;
}
