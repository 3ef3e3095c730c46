/* SPDX-License-Identifier: MIT */
/*
 * Port 0xe9: QEMU's debugcon, and Xen's console for HVM/PVH guests (its
 * lines appear as "(d0) ..." on Xen's console).  It needs no set-up, so it
 * carries the log from the first line on both subarchs.  A line goes out
 * in one string instruction: under KVM each port operation is a VM exit,
 * and `rep outsb` is one exit per line instead of one per byte.
 */
#include "debugcon.h"

#include "console.h"
#include "cpu.h"
#include "subarch.h"

static void debugcon_write(const char *text, size_t length)
{
	outsb(DEBUGCON_PORT, text, length);
}

CONSOLE_ENTRY(debugcon_console, 10) = {
	.name = "debugcon",
	.subarchs = SUBARCH_ALL,
	.flags = CONSOLE_PANIC_SAFE | CONSOLE_DEFERRED,
	.write = debugcon_write,
};
