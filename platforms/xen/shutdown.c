/* SPDX-License-Identifier: MIT */
/* SCHEDOP_shutdown: how a Xen guest powers off, or reports a crash. */
#include "../../kernel/exit.h"
#include "../../kernel/subarch.h"
#include "pv_console.h"
#include "xen.h"

/* Xen keeps no exit code: success is a poweroff, anything else a crash;
 * the code itself is in the log ("onepath: exit status N"). */
static void xen_power_off(int code)
{
	uint32_t reason = code ? SHUTDOWN_crash : SHUTDOWN_poweroff;

	if (!xen_hypercalls_ready)
		return;
	/* The toolstack may destroy the domain as soon as it shuts down. */
	xen_pv_console_drain();
	xen_hypercall(HYPERVISOR_sched_op, SCHEDOP_shutdown,
		      (uint64_t)(uintptr_t)&reason, 0);
}

POWER_OFF_ENTRY(xen_power_off_entry) = {
	.name = "xen-sched-op",
	.subarchs = SUBARCH_XEN,
	.power_off = xen_power_off,
};
