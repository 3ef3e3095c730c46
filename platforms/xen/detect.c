/* SPDX-License-Identifier: MIT */
/*
 * XEN is PVH under Xen: the PVH door and Xen's CPUID signature.  PVH under
 * QEMU/KVM has no signature and stays PC, as in Linux.
 */
#include "../../kernel/hypervisor.h"
#include "../../kernel/subarch.h"
#include "../../kernel/subarch_detect.h"
#include "xen.h"

uint32_t xen_cpuid_base(void)
{
	return cpuid_hypervisor_base(XEN_CPUID_SIGNATURE, XEN_CPUID_TIME_LEAF);
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
