/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_JETTISON_H
#define ONEPATH_JETTISON_H
/*
 * What cannot run after init is unmapped: the private sections of every
 * subarch the kernel is not running on, and the init-only code and data.
 * Each platform declares its own regions in this table (linker.ld gives
 * their bounds); the common code knows no platform by name.
 *
 *     PRIVATE_REGION(pc_text) = {
 *             .what = "PC-only code", .subarchs = SUBARCH_PC, .code = true,
 *             .start = text_pc_start, .end = text_pc_end,
 *     };
 */
#include <stdbool.h>
#include <stdint.h>

#include "boot_params.h"
#include "../tables/tables.h"

struct private_region {
	/* Inline, not a pointer: a XEN-only file's string literals are
	 * XEN-only data, unmapped on PC, where reports must still read it. */
	char what[32];
	uint32_t subarchs; /* runs only there; 0: init only, unmapped on all */
	bool code;
	const char *start, *end; /* linker.ld symbols; page-aligned sections */
};

#define PRIVATE_REGIONS TABLE(struct private_region, "private_regions")
#define PRIVATE_REGION(object) TABLE_ENTRY(PRIVATE_REGIONS, 50, object)

/* Unmaps every region not for params->subarch; logs what it removed. */
void jettison(const struct boot_params *params);

/* The unmapped region holding address, or NULL. */
const struct private_region *jettisoned_region(uint64_t address);

#endif
