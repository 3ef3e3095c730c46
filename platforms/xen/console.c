/* SPDX-License-Identifier: MIT */
/*
 * Xen's console_io hypercall: the hypervisor's own console.  Port 0xe9
 * already puts the whole log there as "(d0)" lines, so this one carries
 * only warnings and errors, which then stand out in Xen's log.  Only dom0
 * may use it (a release build of Xen refuses a domU); a domU writes to
 * its console ring instead (pv_console.c).
 */
#include "../../kernel/console.h"
#include "../../kernel/status.h"
#include "../../tables/init.h"
#include "xen.h"

static void xen_console_write(const char *text, size_t length)
{
	xen_hypercall(HYPERVISOR_console_io, CONSOLEIO_write, length,
		      (uint64_t)(uintptr_t)text);
}

CONSOLE_ENTRY(xen_console_io, 50) = {
	.name = "xen-console-io",
	.subarchs = SUBARCH_XEN,
	.flags = CONSOLE_NEEDS_ENABLE | CONSOLE_WARNINGS_ONLY,
	.write = xen_console_write,
};

static int xen_console_init(struct boot_params *params)
{
	(void)params;
	console_enable(&xen_console_io);
	return STATUS_OK;
}

static bool is_initial_domain(const struct boot_params *params)
{
	return params->flags & BOOT_FLAG_INITIAL_DOMAIN;
}

INIT_ENTRY(xen_console, CONSOLE, SUBARCH_XEN, xen_console_init,
	   INIT_AFTER(xen_hypercalls), .detect = is_initial_domain);
