/* SPDX-License-Identifier: MIT */
/*
 * PVH: the input is the offset of hvm_start_info, then memory holding it,
 * its module list, memory map and strings.
 * See fuzz_common.h for the format and the invariants checked.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_protocol(PVH_BOOT_MAGIC, data, size);
	return 0;
}
