/* SPDX-License-Identifier: MIT */
/*
 * Hypercalls by the CPU's own instruction, the op in rax: vmmcall where
 * Xen runs on SVM (AMD, Hygon), vmcall where it runs on VMX, as Linux
 * makes them since 6.12.  No hypercall page: Xen would fill a page of
 * the image's text with the same two instructions per op (4 KiB of the
 * text budget), and every call through it would cost a call more.
 * CPUID base+2 still says whether Xen takes hypercalls; the version
 * hypercall right after proves that they work.
 */
#include "../../kernel/cpu.h"
#include "../../kernel/log.h"
#include "../../kernel/panic.h"
#include "../../kernel/status.h"
#include "../../tables/init.h"
#include "xen.h"

/* CPUID leaf 0's vendor, its first four bytes (ebx). */
#define VENDOR_AMD 0x68747541   /* "Auth"enticAMD */
#define VENDOR_HYGON 0x6f677948 /* "Hygo"nGenuine */

bool xen_hypercalls_ready;
static bool by_vmmcall;

long xen_hypercall(unsigned int op, uint64_t a1, uint64_t a2, uint64_t a3)
{
	long result;

	if (!xen_hypercalls_ready)
		panic("E_XEN_HYPERCALL_TOO_EARLY: hypercall %u before the "
		      "xen_hypercalls entry ran (INIT_AFTER(xen_hypercalls))",
		      op);
	if (by_vmmcall)
		__asm__ volatile("vmmcall"
				 : "=a"(result), "+D"(a1), "+S"(a2), "+d"(a3)
				 : "0"((uint64_t)op)
				 : "rcx", "r8", "r10", "r11", "memory");
	else
		__asm__ volatile("vmcall"
				 : "=a"(result), "+D"(a1), "+S"(a2), "+d"(a3)
				 : "0"((uint64_t)op)
				 : "rcx", "r8", "r10", "r11", "memory");
	return result;
}

static int xen_hypercalls_init(struct boot_params *params)
{
	uint32_t base = xen_cpuid_base();

	if (!base || cpuid(base + XEN_CPUID_HYPERCALL_LEAF, 0).eax < 1)
		return STATUS_ENODEV;
	uint32_t vendor = cpuid(0, 0).ebx;

	by_vmmcall = vendor == VENDOR_AMD || vendor == VENDOR_HYGON;
	xen_hypercalls_ready = true;

	long version =
		xen_hypercall(HYPERVISOR_xen_version, XENVER_version, 0, 0);
	log_info("xen: hypervisor %ld.%ld, hypercalls by %s", version >> 16,
		 version & 0xffff, by_vmmcall ? "vmmcall" : "vmcall");
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

INIT_ENTRY(xen_hypercalls, EARLY, SUBARCH_XEN, xen_hypercalls_init,
	   INIT_NO_DEPS, .flags = INIT_CRITICAL);
