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
#define KVM_CPUID_SIGNATURE "KVMKVMKVM\0\0\0"

/* CPUID 1 ECX: running under a hypervisor; its leaves start here. */
#define CPUID_HYPERVISOR_PRESENT (1u << 31)
#define CPUID_HYPERVISOR_LEAVES 0x40000000u
/* Each hypervisor's range: at most this many leaves from its base. */
#define CPUID_LEAVES_PER_BASE 0x100u

/*
 * The CPUID base leaf (0x40000000 + n * 0x100) signed with the 12-byte
 * signature and offering at least min_leaves leaves above it, or 0.
 */
uint32_t cpuid_hypervisor_base(const char *signature, uint32_t min_leaves);

#endif
