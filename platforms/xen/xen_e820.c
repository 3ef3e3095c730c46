/* SPDX-License-Identifier: MIT */
#include "xen_e820.h"

#include "../../kernel/fmt.h"
#include "../../kernel/klib.h"

enum bootinfo_error xen_e820_import(struct boot_params *params,
				    const uint8_t *reply, size_t reply_size,
				    uint32_t count, struct bootinfo_diag *diag)
{
	if (count == 0 || (size_t)count * XEN_E820_RECORD_SIZE > reply_size) {
		diag->error = BOOTINFO_BAD_SIZE;
		fmt_snprintf(diag->detail, sizeof(diag->detail),
			     "Xen memory map has %u entries; 1 to %zu fit",
			     count, reply_size / XEN_E820_RECORD_SIZE);
		return diag->error;
	}
	params->memmap_count = 0;
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *record = reply + (size_t)i * XEN_E820_RECORD_SIZE;
		uint64_t addr, size;
		uint32_t type;

		memcpy(&addr, record, 8);
		memcpy(&size, record + 8, 8);
		memcpy(&type, record + 16, 4);
		if (memmap_append(params, addr, size, type, diag))
			return diag->error;
	}
	return memmap_normalize(params->memmap, &params->memmap_count,
				BOOT_MEMMAP_MAX, diag);
}
