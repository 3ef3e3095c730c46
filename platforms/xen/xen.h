/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_XEN_H
#define ONEPATH_XEN_H
/*
 * The Xen hypervisor interface onepath uses.  Numbers are from Xen's public
 * headers (xen.h, memory.h, sched.h, version.h, event_channel.h, vcpu.h,
 * hvm/hvm_op.h, hvm/params.h, hvm/hvm_vcpu.h, arch-x86/cpuid.h).
 */
#include <stdbool.h>
#include <stdint.h>

#define XEN_CPUID_HYPERCALL_LEAF 2 /* base + 2: pages, MSR */
#define XEN_CPUID_TIME_LEAF 3      /* base + 3: TSC frequency */

#define HYPERVISOR_memory_op 12
#define HYPERVISOR_xen_version 17
#define HYPERVISOR_console_io 18
#define HYPERVISOR_vcpu_op 24
#define HYPERVISOR_sched_op 29
#define HYPERVISOR_event_channel_op 32
#define HYPERVISOR_hvm_op 34

#define XENMEM_add_to_physmap 7
#define XENMEM_memory_map 9
#define XENMAPSPACE_shared_info 0
#define DOMID_SELF 0x7ff0
#define XENVER_version 0
#define VCPUOP_initialise 0
#define VCPUOP_up 1
#define CONSOLEIO_write 0
#define SCHEDOP_yield 0
#define SCHEDOP_shutdown 2
#define EVTCHNOP_send 4
#define HVMOP_get_param 1
#define HVM_PARAM_CONSOLE_PFN 17
#define HVM_PARAM_CONSOLE_EVTCHN 18
#define SHUTDOWN_poweroff 0
#define SHUTDOWN_crash 3

/* The CPUID leaf base where Xen signs "XenVMMXenVMM", or 0 if none. */
uint32_t xen_cpuid_base(void);

/* Set by the xen_hypercalls init entry; hypercalls need it. */
extern bool xen_hypercalls_ready;

/* Hypercall op, up to 3 args; a named panic before xen_hypercalls ran. */
long xen_hypercall(unsigned int op, uint64_t a1, uint64_t a2, uint64_t a3);

#endif
