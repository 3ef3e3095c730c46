/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_JETTISON_PAGES_H
#define ONEPATH_JETTISON_PAGES_H
/*
 * Unmapping one region's pages in x86-64 page tables, and saying exactly
 * what that did.  Page-table entries hold physical addresses and the
 * tables are reached through the identity map; on the host (unit tests)
 * the tables live in ordinary aligned memory, whose addresses serve as
 * their physical ones.
 */
#include <stdbool.h>
#include <stdint.h>

#include "paging.h"

struct jettison_pages {
	uint64_t pages;  /* 4 KiB entries this call took from present */
	uint64_t bytes;  /* bytes of [start, end) in those pages */
	uint64_t absent; /* pages already not mapped (a stack guard) */
	uint64_t coarse; /* pages mapped by a 2 MiB or 1 GiB entry: kept */
	bool shared;     /* start is inside a page holding what comes
			    before it: that page was kept */
};

/*
 * Unmaps the 4 KiB pages holding [start, end) in the tables at root (a
 * CR3 value), except a first page shared with what comes before start.
 * The bytes between end and its page's end are the region's padding:
 * linker.ld starts the next section on a new page, and the build checks
 * it (tools/private_regions.py).  The caller flushes the TLB.
 */
struct jettison_pages jettison_unmap_pages(uint64_t root, uint64_t start,
					   uint64_t end);

/* True if address is not mapped in the tables at root. */
bool jettison_page_absent(uint64_t root, uint64_t address);

#endif
