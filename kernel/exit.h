/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_EXIT_H
#define ONEPATH_EXIT_H
/*
 * Ending a boot.  The code goes to QEMU's isa-debug-exit device (port 0xf4;
 * QEMU then exits with status code*2+1: 33 for success, 35 for failure),
 * then to the platform's power-off (a table: Xen's SCHEDOP_shutdown), then
 * the CPU halts.  exit=platform on the command line skips the test device.
 */
#include <stdbool.h>
#include <stdint.h>

#include "../tables/tables.h"

/* QEMU's isa-debug-exit device, as the Makefile and tests/boot.py add it. */
#define ISA_DEBUG_EXIT_PORT 0xf4
#define EXIT_SUCCESS_CODE 0x10
#define EXIT_FAILURE_CODE 0x11

struct power_off {
	const char *name;
	uint32_t subarchs;
	void (*power_off)(bool failure);
};

#define POWER_OFFS TABLE(struct power_off, "power_off")
#define POWER_OFF_ENTRY(object) TABLE_ENTRY(POWER_OFFS, 50, object)

__attribute__((noreturn)) void machine_exit(int code);

#endif
