/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_JETTISON_H
#define ONEPATH_JETTISON_H
/*
 * What cannot run after init is unmapped: the private sections of every
 * subarch the kernel is not running on, and the init-only code and data.
 * Each subarch's regions are made from platforms/subarch_list.h
 * (kernel/subarch_regions.c), with bounds from build/linker.ld; the init
 * regions are jettison's own:
 *
 *     PRIVATE_REGION(pc_text) = {
 *             .what = "PC-only code", .subarchs = SUBARCH_PC, .code = true,
 *             .start = text_pc_start, .end = text_pc_end,
 *     };
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot_params.h"
#include "../tables/tables.h"

struct private_region {
	/* Inline, not a pointer: a XEN-only file's string literals are
	 * XEN-only data, unmapped on PC, where reports must still read it. */
	char what[32];
	uint32_t subarchs; /* runs only there; 0: init only, unmapped on all */
	bool code;
	const char *start, *end; /* page-aligned sections (linker script) */
};

/* tools/private_regions.py reads the table in the linked image. */
_Static_assert(sizeof(struct private_region) == 56 &&
		       offsetof(struct private_region, what) == 0 &&
		       offsetof(struct private_region, start) == 40 &&
		       offsetof(struct private_region, end) == 48,
	       "struct private_region: tools/private_regions.py's layout");

#define PRIVATE_REGIONS TABLE(struct private_region, "private_regions")
#define PRIVATE_REGION(object) TABLE_ENTRY(PRIVATE_REGIONS, 50, object)

/*
 * Unmaps every region not for params->subarch.  Logs only what it took
 * out of the page tables, and warns (W_JETTISON_*) about what it had to
 * leave mapped: a first page shared with what comes before the region,
 * pages mapped by large pages.  linker.ld gives every region pages of its
 * own, and the build checks it (tools/private_regions.py).
 */
void jettison(const struct boot_params *params);

/* After jettison, the region holding address if its page is unmapped;
 * otherwise NULL. */
const struct private_region *jettisoned_region(uint64_t address);

#endif
