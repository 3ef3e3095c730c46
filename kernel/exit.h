/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_EXIT_H
#define ONEPATH_EXIT_H
/*
 * Ending a boot with a plain exit code: 0 is success on every door, 1 to
 * EXIT_APP_CODE_MAX are an application's own codes (app_exit), and
 * EXIT_FAILURE_CODE is the kernel's own failure (a panic, a fault report).
 *
 * The code goes to QEMU's isa-debug-exit device (port 0xf4) as the byte
 * code + 1, because QEMU exits with (byte << 1) | 1 and a status of 1
 * would be QEMU's own error; tests/qemu_exit.py turns the status back
 * into the code, for `make run` and the tests alike.  Then the platform's
 * power-off table runs (Xen's SCHEDOP_shutdown: poweroff for 0, crash
 * otherwise; ACPI's sleep state S5 on a PC), then the CPU halts.
 * exit=platform on the command line skips the test device.
 */
#include <stdbool.h>
#include <stdint.h>

#include "../tables/tables.h"

/* QEMU's isa-debug-exit device, as the Makefile and tests/boot.py add it. */
#define ISA_DEBUG_EXIT_PORT 0xf4
#define EXIT_SUCCESS_CODE 0
#define EXIT_APP_CODE_MAX 125
#define EXIT_FAILURE_CODE 126
/* What the test device gets: the code + 1 (the entry's failure too). */
#define EXIT_FAILURE_BYTE (EXIT_FAILURE_CODE + 1)

struct power_off {
	const char *name;
	uint32_t subarchs;
	void (*power_off)(int code);
};

#define POWER_OFFS TABLE(struct power_off, "power_off")
#define POWER_OFF_ENTRY(object) TABLE_ENTRY(POWER_OFFS, 50, object)

/* Ends the boot at once, with no teardown: the panic and fault path. */
__attribute__((noreturn)) void machine_exit(int code);

/*
 * Ends the boot in order: logs "onepath: exit status N", runs the teardown
 * table (kernel/teardown.h), then machine_exit().  A code outside 0 to
 * EXIT_APP_CODE_MAX is a panic naming it (E_APP_EXIT_CODE_RANGE).
 */
__attribute__((noreturn)) void exit_orderly(int code);

#endif
