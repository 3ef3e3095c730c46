/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_XEN_E820_H
#define ONEPATH_XEN_E820_H
/* Host-compilable: the fuzzers and unit tests feed it hostile replies. */
#include <stddef.h>
#include <stdint.h>

#include "../../kernel/bootinfo.h"

#define XEN_E820_RECORD_SIZE 20
#define XEN_E820_MAX_ENTRIES BOOT_MEMMAP_MAX

/*
 * Imports XENMEM_memory_map's reply (count packed records in reply, which
 * holds reply_size bytes) into params->memmap and normalises it, with the
 * raw-entry checks of memmap_read_entry().  A map with nothing left once
 * normalised is BOOTINFO_NO_MEMMAP.  Then the modules bootinfo_parse left
 * unchecked must lie in RAM the map lists (bootinfo_check_modules).
 */
enum bootinfo_error xen_e820_import(struct boot_params *params,
				    const uint8_t *reply, size_t reply_size,
				    uint32_t count, struct bootinfo_diag *diag);

#endif
