/* SPDX-License-Identifier: MIT */
/*
 * Port 0xe9 carries the log from the first line on every subarch
 * (kernel/debugcon.c), before anything could be asked.  On a PC with no
 * debug console behind the port (real hardware; QEMU without -debugcon),
 * every byte written there still costs an I/O cycle, and under KVM a VM
 * exit, for no reader: once the port is found empty, the log leaves it.
 * COM1 still gets every line, replayed from the first.  Under Xen the
 * port is Xen's console, which refuses reads, so this is PC-only.
 */
#include "../../kernel/console.h"
#include "../../kernel/cpu.h"
#include "../../kernel/debugcon.h"
#include "../../kernel/log.h"
#include "../../kernel/status.h"
#include "../../tables/init.h"

static uint8_t port_answer;

static bool debugcon_missing(const struct boot_params *params)
{
	(void)params;
	port_answer = inb(DEBUGCON_PORT);
	return port_answer != DEBUGCON_READBACK;
}

static int pc_debugcon_missing_init(struct boot_params *params)
{
	(void)params;
	console_remove(&debugcon_console);
	log_info("console: port 0xe9 reads 0x%02x: no debug console there, "
		 "the log leaves it",
		 port_answer);
	return STATUS_OK;
}

INIT_ENTRY(pc_debugcon_missing, EARLY, SUBARCH_PC, pc_debugcon_missing_init,
	   INIT_NO_DEPS, .detect = debugcon_missing);
