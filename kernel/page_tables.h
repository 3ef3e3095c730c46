/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_PAGE_TABLES_H
#define ONEPATH_PAGE_TABLES_H
/*
 * page_tables maps the memory map, the modules and the image, and nothing
 * else: an init entry that will touch physical memory outside them after
 * the switch (a device's registers, a page a hypervisor hands over)
 * declares it here.  The window is mapped in 4 KiB pages, so what lies
 * beside it stays unmapped: right after the memory map if declared before
 * page_tables runs, else at once; each window gets a log line.  Init
 * only, and one CPU at a time (page_alloc's rule): an entry of a level
 * that runs on several CPUs must not race another with it.  Once init is
 * over nothing more is mapped, and an access outside is E_UNMAPPED.
 */
#include <stdint.h>

/* STATUS_ERANGE for a window an identity map cannot reach, one on page 0
 * or the image, or one too many before page_tables; STATUS_ENOMEM for no
 * page for a table. */
int page_tables_map_device(const char *name, uint64_t start, uint64_t size);

#endif
