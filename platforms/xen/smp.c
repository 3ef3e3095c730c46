/* SPDX-License-Identifier: MIT */
/*
 * Starts a PVH guest's other vCPUs the way Xen 4.17 offers an HVM guest
 * (public/vcpu.h, public/hvm/hvm_vcpu.h): VCPUOP_initialise with a
 * vcpu_hvm_context in 64-bit mode, which puts the vCPU straight into long
 * mode on the page tables the boot began with (it follows the boot CPU to
 * the final ones: smp_boot_state), at smp_cpu_main with its per-CPU data in rdi
 * and its own stack; then VCPUOP_up.  No trampoline, no assembly.  The
 * vCPUs are the MADT's processors, vCPU i being the i-th listed.  The boot
 * goes on without waiting for them: smp_join takes them in as they
 * answer.
 */
#include "../../kernel/cpu.h"
#include "../../kernel/lapic.h"
#include "../../kernel/log.h"
#include "../../kernel/madt.h"
#include "../../kernel/smp.h"
#include "../../kernel/status.h"
#include "../../tables/init.h"
#include "xen.h"

#define VCPU_HVM_MODE_64B 1
#define RFLAGS_RESERVED_ONE 0x2u

struct vcpu_hvm_x86_64 {
	uint64_t rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi;
	uint64_t rip, rflags;
	uint64_t cr0, cr3, cr4, efer;
};

/* Xen reads the whole union: its 32-bit member is the larger one. */
#define VCPU_HVM_REGISTERS_SIZE 120

struct vcpu_hvm_context {
	uint32_t mode;
	uint32_t pad;
	union {
		struct vcpu_hvm_x86_64 x86_64;
		uint8_t size[VCPU_HVM_REGISTERS_SIZE];
	} registers;
};

_Static_assert(sizeof(struct vcpu_hvm_context) == 128,
	       "vcpu_hvm_context must have Xen's layout");

static bool start_vcpu(struct percpu *cpu, uint32_t vcpu)
{
	/* smp_cpu_main is entered as if called: a zero return address on
	 * top of its stack ends backtraces there. */
	uint64_t stack = smp_stack_top(cpu) - sizeof(uint64_t);
	struct vcpu_hvm_context context = {
		.mode = VCPU_HVM_MODE_64B,
		.registers.x86_64 = {
			.rip = (uint64_t)(uintptr_t)smp_cpu_main,
			.rsp = stack,
			.rdi = (uint64_t)(uintptr_t)cpu,
			.rflags = RFLAGS_RESERVED_ONE,
			.cr0 = smp_boot_state.cr0,
			.cr3 = smp_boot_state.cr3,
			.cr4 = smp_boot_state.cr4,
			.efer = smp_boot_state.efer,
		},
	};
	uint64_t since = rdtsc();
	long status;

	*(uint64_t *)(uintptr_t)stack = 0;
	status = xen_hypercall(HYPERVISOR_vcpu_op, VCPUOP_initialise, vcpu,
			       (uint64_t)(uintptr_t)&context);
	if (!status)
		status = xen_hypercall(HYPERVISOR_vcpu_op, VCPUOP_up, vcpu, 0);
	if (status) {
		log_warn("smp: W_SMP_CPU_NO_ANSWER: Xen refused to start vCPU "
			 "%u for CPU %u: error %ld",
			 vcpu, cpu->index, status);
		__atomic_store_n(&cpu->state, CPU_ABSENT, __ATOMIC_RELEASE);
		return false;
	}
	smp_told_to_start(cpu, since, 0);
	return true;
}

static __init int xen_smp_init(struct boot_params *params)
{
	uint32_t cpus = 1; /* the boot CPU, and each vCPU Xen started */
	int status = lapic_map_registers();

	(void)params;
	if (status)
		return status;
	smp_starting("VCPUOP_initialise, VCPUOP_up", madt_cpus.count);
	percpu[0].apic_id = madt_cpus.count ? madt_cpus.cpu[0].apic_id : 0;
	smp_save_boot_state();
	lapic_enable(); /* the boot CPU too: jobs done wake it */
	for (uint32_t vcpu = 1;
	     vcpu < madt_cpus.count && cpus < smp_cpus_allowed(); vcpu++) {
		struct percpu *cpu = smp_next_cpu(madt_cpus.cpu[vcpu].apic_id);

		if (!cpu)
			break;
		if (start_vcpu(cpu, vcpu))
			cpus++;
	}
	smp_join(false);
	return STATUS_OK;
}

INIT_ENTRY(xen_smp, CPU, SUBARCH_XEN, xen_smp_init,
	   INIT_AFTER(acpi_madt, xen_hypercalls),
	   .flags = INIT_BOOT_CPU | INIT_STARTS_CPUS);
