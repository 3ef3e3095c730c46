/* SPDX-License-Identifier: MIT */
/*
 * The memory map, once every platform entry that fills it has run (Xen's
 * comes by hypercall at EARLY): it must now exist and hold usable RAM.
 */
#include "bootinfo.h"
#include "log.h"
#include "status.h"
#include "../tables/init.h"

static __init int memmap_init(struct boot_params *params)
{
	uint64_t usable = 0;

	if (params->memmap_count == 0) {
		log_err("memmap: E_MEMMAP_EMPTY: no memory map from the loader "
			"or platform");
		return STATUS_ENODEV;
	}
	log_info("memmap: %u entries", params->memmap_count);
	for (uint32_t i = 0; i < params->memmap_count; i++) {
		const struct e820_entry *entry = &params->memmap[i];

		struct log_line line;

		/* "memmap:   0x%016llx-0x%016llx %s", built in place: the
		 * map can be long, and each line is the same few pieces. */
		if (log_wants(LOG_INFO)) {
			log_line_start(&line);
			log_line_put_literal(&line, "memmap:   0x");
			log_line_put_hex16(&line, entry->addr);
			log_line_put_literal(&line, "-0x");
			log_line_put_hex16(&line,
					   entry->addr + entry->size - 1);
			log_line_put_literal(&line, " ");
			log_line_put(&line, e820_type_name(entry->type));
			log_line_write(LOG_INFO, &line);
		}
		if (entry->type == E820_USABLE)
			usable += entry->size;
	}
	log_info("memmap: %llu KiB usable", (unsigned long long)(usable >> 10));
	if (!usable) {
		log_err("memmap: E_MEMMAP_NO_RAM: the map has no usable RAM");
		return STATUS_ENOMEM;
	}
	return STATUS_OK;
}

INIT_ENTRY(memmap, MEMORY, SUBARCH_ALL, memmap_init, INIT_NO_DEPS,
	   .flags = INIT_CRITICAL);
