/* SPDX-License-Identifier: MIT */
/*
 * The kernel's own GDT (with a TSS, so the double fault gets a stack of its
 * own on IST1: a fault on a broken stack must still be reported) and the
 * IDT with all 32 exception vectors and the wakeup of an idle CPU, one set
 * per CPU.  The boot CPU's are loaded by the first line of C, before the
 * boot info is parsed and before any init entry runs, every other CPU's
 * first thing in smp_cpu_main, so that no fault from there on ends in a
 * silent triple fault.  Nothing here may fault: it only writes the image's
 * own data and loads it.
 */
#include <stdint.h>

#include "descriptor_tables.h"
#include "lapic.h"
#include "paging.h"
#include "percpu_limits.h"
#include "stacks.h"
#include "vectors.h"

#define SELECTOR_CODE 0x08
#define SELECTOR_DATA 0x10
#define SELECTOR_TSS 0x18
#define IST_DOUBLE_FAULT 1
#define GATE_INTERRUPT_PRESENT 0x8e
#define EXCEPTION_VECTORS 32

struct __attribute__((packed)) tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t io_map_base;
};

struct __attribute__((packed)) idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
};

struct __attribute__((packed)) descriptor_pointer {
	uint16_t limit;
	uint64_t base;
};

extern const uint64_t exception_stubs[EXCEPTION_VECTORS];

/* Each CPU's own stack, above a guard page, for the double fault (IST1). */
static uint8_t double_fault_stacks[CPUS_MAX][2][PAGE_SIZE]
	__attribute__((aligned(PAGE_SIZE)));

STACK_ENTRY(double_fault_stack_entry) = {
	.name = "double-fault",
	.guard = (const char *)double_fault_stacks[0][0],
	.bottom = (const char *)double_fault_stacks[0][1],
	.top = (const char *)double_fault_stacks[0][1] +
	       sizeof(double_fault_stacks[0][1]),
	.copies = CPUS_MAX,
	.stride = sizeof(double_fault_stacks[0]),
};
static struct tss tss[CPUS_MAX];
/* The TSS descriptor takes two slots, filled at run time. */
#define GDT_SLOTS 5
static uint64_t gdt[CPUS_MAX][GDT_SLOTS] __attribute__((aligned(16)));
static struct idt_gate idt[CPUS_MAX][LAPIC_VECTORS]
	__attribute__((aligned(16)));

static void set_tss_descriptor(uint32_t cpu)
{
	uint64_t base = (uint64_t)(uintptr_t)&tss[cpu];
	uint64_t limit = sizeof(tss[cpu]) - 1;

	gdt[cpu][3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		      (0x89ull << 40) | /* present, 64-bit available TSS */
		      (((limit >> 16) & 0xf) << 48) |
		      (((base >> 24) & 0xff) << 56);
	gdt[cpu][4] = base >> 32;
}

/* The boot GDT of boot/entry.asm has its code at another selector: the
 * IDT's gates name this GDT's, so it is loaded first. */
static void gdt_load(uint32_t cpu)
{
	struct descriptor_pointer pointer = { sizeof(gdt[cpu]) - 1,
					      (uint64_t)(uintptr_t)gdt[cpu] };

	gdt[cpu][SELECTOR_CODE / 8] = 0x00af9a000000ffffull; /* 64-bit code */
	gdt[cpu][SELECTOR_DATA / 8] = 0x00cf92000000ffffull;
	tss[cpu].ist[IST_DOUBLE_FAULT - 1] =
		stack_top_of(&double_fault_stack_entry, cpu);
	tss[cpu].io_map_base = sizeof(tss[cpu]);
	set_tss_descriptor(cpu);
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movl %2, %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%ss\n\t"
			 "ltr %w3"
			 :
			 : "m"(pointer), "i"(SELECTOR_CODE), "i"(SELECTOR_DATA),
			   "r"((uint16_t)SELECTOR_TSS)
			 : "rax", "memory");
}

static struct idt_gate gate(uint64_t handler, uint8_t ist)
{
	return (struct idt_gate){
		.offset_low = handler & 0xffff,
		.selector = SELECTOR_CODE,
		.ist = ist,
		.type = GATE_INTERRUPT_PRESENT,
		.offset_mid = (handler >> 16) & 0xffff,
		.offset_high = handler >> 32,
	};
}

static void idt_load(uint32_t cpu)
{
	struct descriptor_pointer pointer = { sizeof(idt[cpu]) - 1,
					      (uint64_t)(uintptr_t)idt[cpu] };

	for (int vector = 0; vector < EXCEPTION_VECTORS; vector++)
		idt[cpu][vector] = gate(
			exception_stubs[vector],
			vector == VECTOR_DOUBLE_FAULT ? IST_DOUBLE_FAULT : 0);
	/* What wakes an idle CPU for a job (kernel/smp.c); the vectors in
	 * between stay not present. */
	idt[cpu][LAPIC_WAKEUP_VECTOR] =
		gate((uint64_t)(uintptr_t)lapic_wakeup_interrupt, 0);
	idt[cpu][LAPIC_SPURIOUS_VECTOR] =
		gate((uint64_t)(uintptr_t)lapic_spurious_interrupt, 0);
	__asm__ volatile("lidt %0" : : "m"(pointer) : "memory");
}

void descriptor_tables_load(uint32_t cpu)
{
	gdt_load(cpu);
	idt_load(cpu);
}
