/* SPDX-License-Identifier: MIT */
/*
 * XEN is PVH under Xen: the PVH door and Xen's CPUID signature.  PVH under
 * QEMU/KVM has no signature and stays PC, as in Linux.
 */
#include "../../kernel/cpu.h"
#include "../../kernel/klib.h"
#include "../../kernel/subarch.h"
#include "../../kernel/subarch_detect.h"
#include "xen.h"

uint32_t xen_cpuid_base(void)
{
	for (uint32_t base = XEN_CPUID_FIRST; base < XEN_CPUID_LAST;
	     base += XEN_CPUID_STEP) {
		struct cpuid_result r = cpuid(base, 0);
		char signature[12];

		memcpy(signature, &r.ebx, 4);
		memcpy(signature + 4, &r.ecx, 4);
		memcpy(signature + 8, &r.edx, 4);
		if (!memcmp(signature, "XenVMMXenVMM", 12) &&
		    r.eax - base >= XEN_CPUID_TIME_LEAF)
			return base;
	}
	return 0;
}

static bool xen_detect(enum entry_protocol protocol)
{
	return protocol == ENTRY_PVH && xen_cpuid_base();
}

SUBARCH_DETECTOR(xen_detector, 10) = {
	.name = "xen",
	.subarch = SUBARCH_XEN,
	.detect = xen_detect,
};
