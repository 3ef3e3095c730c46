/* SPDX-License-Identifier: MIT */
#include <stdint.h>

#include "../kernel/fmt.h"
#include "init.h"

const char *init_level_name(uint32_t level)
{
	/*
	 * Only reached for a malformed entry, which the planner reports
	 * once before anything else runs, so one buffer is enough.
	 */
	static char unknown[24];

	switch (level) {
	case INIT_LEVEL_CMDLINE: return "CMDLINE";
	case INIT_LEVEL_EARLY: return "EARLY";
	case INIT_LEVEL_CONSOLE: return "CONSOLE";
	case INIT_LEVEL_CPU: return "CPU";
	case INIT_LEVEL_MEMORY: return "MEMORY";
	case INIT_LEVEL_PLATFORM: return "PLATFORM";
	case INIT_LEVEL_DEVICES: return "DEVICES";
	case INIT_LEVEL_LATE: return "LATE";
	}
	fmt_snprintf(unknown, sizeof(unknown), "LEVEL-%02u", (unsigned)level);
	return unknown;
}
