/* SPDX-License-Identifier: MIT */
/*
 * Port 0xe9: QEMU's debugcon, and Xen's console for HVM/PVH guests (its
 * lines appear as "(d0) ..." on Xen's console).  It needs no set-up, so it
 * carries the log from the first line on both subarchs.
 */
#include "console.h"
#include "cpu.h"
#include "subarch.h"

#define DEBUGCON_PORT 0xe9

static void debugcon_write(const char *text, size_t length)
{
	while (length--)
		outb(DEBUGCON_PORT, (uint8_t)*text++);
}

CONSOLE_ENTRY(debugcon_console, 10) = {
	.name = "debugcon",
	.subarchs = SUBARCH_ALL,
	.flags = CONSOLE_PANIC_SAFE,
	.write = debugcon_write,
};
