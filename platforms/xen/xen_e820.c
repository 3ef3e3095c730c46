/* SPDX-License-Identifier: MIT */
#include "xen_e820.h"

#include "../../kernel/fmt.h"
#include "../../kernel/klib.h"

enum bootinfo_error xen_e820_import(struct boot_params *params,
				    const uint8_t *reply, size_t reply_size,
				    uint32_t count, struct bootinfo_diag *diag)
{
	struct memmap_reader reader = { 0 };
	enum bootinfo_error error;

	if (count == 0 || (size_t)count * XEN_E820_RECORD_SIZE > reply_size) {
		diag->error = BOOTINFO_BAD_SIZE;
		fmt_snprintf(diag->detail, sizeof(diag->detail),
			     "Xen memory map has %u entries; 1 to %zu fit",
			     count, reply_size / XEN_E820_RECORD_SIZE);
		return diag->error;
	}
	params->memmap_count = 0;
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *record =
			reply + (size_t)i * XEN_E820_RECORD_SIZE;
		uint64_t addr, size;
		uint32_t type;

		memcpy(&addr, record, 8);
		memcpy(&size, record + 8, 8);
		memcpy(&type, record + 16, 4);
		error = memmap_read_entry(params, &reader, addr, size, type,
					  diag);
		if (error)
			return error;
	}
	memmap_read_done(params, &reader);
	error = memmap_normalize(params->memmap, &params->memmap_count,
				 BOOT_MEMMAP_MAX, diag);
	if (error)
		return error;
	if (params->memmap_count == 0) {
		diag->error = BOOTINFO_NO_MEMMAP;
		fmt_snprintf(diag->detail, sizeof(diag->detail),
			     "Xen memory map is empty once normalised");
		return diag->error;
	}
	/* The strings and modules waited for this map (bootinfo_parse could
	 * not check them without one). */
	error = bootinfo_check_strings(params, &params->pending_places, diag);
	if (error)
		return error;
	return bootinfo_check_modules(params, diag);
}
