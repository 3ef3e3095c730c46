/* SPDX-License-Identifier: MIT */
/*
 * xen_e820_import, on what XENMEM_memory_map could reply.  The input is a
 * u32 entry count, a byte giving how many modules the PVH v0 parse left
 * waiting for the map (at most BOOT_MODULES_MAX), 16 bytes for each (u64
 * start, u64 end), then the reply.  The reply is exactly the rest of
 * libFuzzer's buffer, so a read past it is caught.
 */
#include "fuzz_common.h"
#include "platforms/xen/xen_e820.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct boot_params params;
	struct bootinfo_diag diag;
	struct phys_window everything = { .start = 0, .end = UINT64_MAX };
	uint32_t count, modules;
	size_t at = 5;
	enum bootinfo_error error;

	if (size < at)
		return 0;
	count = fuzz_u32(data);
	modules = data[4] % (BOOT_MODULES_MAX + 1);
	if (size - at < (size_t)modules * 16)
		return 0;
	memset(&params, 0, sizeof(params));
	params.protocol = ENTRY_PVH;
	params.flags = BOOT_FLAG_MEMMAP_PENDING;
	for (uint32_t i = 0; i < modules; i++, at += 16) {
		uint64_t start = fuzz_u64(data + at);
		uint64_t end = fuzz_u64(data + at + 8);

		/* The PVH parser lets through no module that wraps. */
		if (end < start)
			end = start;
		params.modules[params.module_count++] =
			(struct boot_module){ .start = start, .end = end };
	}

	error = xen_e820_import(&params, data + at, size - at, count, &diag);
	if (fuzz_verbose())
		fprintf(stderr, "fuzz: %s: %s\n", bootinfo_error_name(error),
			error ? diag.detail : "");
	if (error) {
		check_failure(error, &diag);
		return 0;
	}
	CHECK(count >= 1 && (size_t)count * XEN_E820_RECORD_SIZE <= size - at);
	/* Modules need not be in a window here: any address will do. */
	check_params(&params, &everything, true);
	return 0;
}
