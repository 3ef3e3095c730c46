/* SPDX-License-Identifier: MIT */
/*
 * PC is what a machine is when no other platform claims it, except PVH
 * under Xen, which is never a PC: an image built without XEN
 * (make SUBARCHES=pc) must refuse it rather than run PC init under Xen.
 */
#include "../../kernel/hypervisor.h"
#include "../../kernel/subarch.h"
#include "../../kernel/subarch_detect.h"

static bool pc_detect(enum entry_protocol protocol)
{
	return protocol != ENTRY_PVH ||
	       !cpuid_hypervisor_base(XEN_CPUID_SIGNATURE, 0);
}

SUBARCH_DETECTOR(pc_detector, 90) = {
	.name = "pc",
	.subarch = SUBARCH_PC,
	.detect = pc_detect,
};
