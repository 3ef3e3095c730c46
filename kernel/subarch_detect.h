/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_SUBARCH_DETECT_H
#define ONEPATH_SUBARCH_DETECT_H
/*
 * How the subarch is decided, once, before anything else runs: each
 * platform adds a detector to this table; in level order, the first that
 * claims the machine wins.  PC claims every machine, at the last level.
 */
#include <stdbool.h>
#include <stdint.h>

#include "../tables/tables.h"
#include "boot_params.h"

struct subarch_detector {
	const char *name;
	uint32_t subarch;
	bool (*detect)(enum entry_protocol protocol);
};

#define SUBARCH_DETECTORS TABLE(struct subarch_detector, "subarch_detectors")
#define SUBARCH_DETECTOR(object, level)                                        \
	TABLE_ENTRY(SUBARCH_DETECTORS, level, object)

unsigned int subarch_detect(enum entry_protocol protocol);

#endif
