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
#include "log.h"
#include "subarch.h"

static void debugcon_write(const char *text, size_t length)
{
	outsb(DEBUGCON_PORT, text, length);
}

/*
 * On a PC with no debug console behind the port (real hardware; QEMU
 * without -debugcon) every byte written there would still cost an I/O
 * cycle, and under KVM a VM exit, for no reader: asked before the first
 * byte, the port reads 0xff instead of DEBUGCON_READBACK and the log
 * leaves it (COM1 or a virtio console, enabled later, replay every line).
 * Xen's port 0xe9 refuses reads, so it is asked on PC only.
 */
static bool debugcon_answers(void)
{
	uint8_t answer = inb(DEBUGCON_PORT);

	if (answer == DEBUGCON_READBACK)
		return true;
	log_info("console: port 0xe9 reads 0x%02x: no debug console there, "
		 "the log leaves it",
		 answer);
	return false;
}

CONSOLE_ENTRY(debugcon_console, 10) = {
	.name = "debugcon",
	.subarchs = SUBARCH_ALL,
	.flags = CONSOLE_PANIC_SAFE | CONSOLE_DEFERRED,
	.write = debugcon_write,
	.present = debugcon_answers,
	.probed_on = SUBARCH_PC,
};
