/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_HYPERVISOR_H
#define ONEPATH_HYPERVISOR_H
/*
 * Hypervisors sign CPUID leaves from 0x40000000 on; a signature names one.
 * Subarch detectors use this to tell PVH under Xen (XEN) from PVH under
 * QEMU/KVM (PC).
 */
#include <stdint.h>

#define XEN_CPUID_SIGNATURE "XenVMMXenVMM"

/*
 * The CPUID base leaf (0x40000000 + n * 0x100) signed with the 12-byte
 * signature and offering at least min_leaves leaves above it, or 0.
 */
uint32_t cpuid_hypervisor_base(const char *signature, uint32_t min_leaves);

#endif
