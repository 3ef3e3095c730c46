/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_BOOTINFO_DUMP_H
#define ONEPATH_BOOTINFO_DUMP_H
/*
 * bootinfo.dump: prints, as hex lines, exactly the bytes the boot-info
 * parser read (and any later boot-info source, such as Xen's memory-map
 * reply), so that tools/capture-bootinfo.py can turn a real boot into a
 * test fixture and a fuzzing seed.
 */
#include <stddef.h>
#include <stdint.h>

#include "phys.h"

struct boot_capture {
	uint32_t magic;
	uint64_t info_addr;
	struct phys_trace trace;
};

/* Filled by onepath_main() while it parses the boot info. */
extern struct boot_capture boot_capture;

/* With bootinfo.dump given, prints `bytes` under the label; else nothing. */
void bootinfo_dump_extra(const char *label, uint32_t count, const void *bytes,
			 size_t length);

#endif
