/* SPDX-License-Identifier: MIT */
/*
 * Installs the hypercall page: CPUID base+2 names the MSR; writing the
 * page's physical address to it makes Xen fill the page.  The version
 * hypercall right after proves the page works.
 */
#include "../../kernel/cpu.h"
#include "../../kernel/log.h"
#include "../../kernel/status.h"
#include "../../tables/init.h"
#include "xen.h"

bool xen_hypercalls_ready;

static int xen_hypercall_page_init(struct boot_params *params)
{
	uint32_t base = xen_cpuid_base();

	if (!base)
		return STATUS_ENODEV;
	struct cpuid_result r = cpuid(base + XEN_CPUID_HYPERCALL_LEAF, 0);
	if (r.eax < 1)
		return STATUS_ENODEV;
	wrmsr(r.ebx, (uint64_t)(uintptr_t)xen_hypercall_page);
	xen_hypercalls_ready = true;

	long version =
		xen_hypercall(HYPERVISOR_xen_version, XENVER_version, 0, 0);
	log_info("xen: hypervisor %ld.%ld, hypercall page at %p", version >> 16,
		 version & 0xffff, (void *)xen_hypercall_page);
	/* hvm_start_info's SIF_INITDOMAIN: Xen booted us itself (dom0), or a
	 * toolstack created us from a config such as onepath.cfg (domU). */
	log_info("xen: running as %s",
		 params->flags & BOOT_FLAG_INITIAL_DOMAIN
			 ? (params->flags & BOOT_FLAG_PRIVILEGED
				    ? "dom0 (initial domain, privileged)"
				    : "dom0 (initial domain)")
			 : "a domU (not the initial domain)");
	return STATUS_OK;
}

INIT_ENTRY(xen_hypercall_page, EARLY, SUBARCH_XEN, xen_hypercall_page_init,
	   INIT_NO_DEPS, .flags = INIT_CRITICAL);
