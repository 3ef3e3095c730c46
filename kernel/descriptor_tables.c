/* SPDX-License-Identifier: MIT */
/*
 * The kernel's own GDT (with a TSS, so the double fault gets a stack of its
 * own on IST1: a fault on a broken stack must still be reported), one per
 * CPU, and the IDT with all 32 exception vectors and the wakeup of an idle
 * CPU, one for all: its gates name no CPU's own data.  The boot CPU's are
 * loaded by the first line of C, before the boot info is parsed and before
 * any init entry runs, every other CPU's first thing in smp_cpu_main, so
 * that no fault from there on ends in a silent triple fault.  Nothing here
 * may fault: it only writes the image's own data and loads it.
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

struct __attribute__((packed)) tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t io_map_base;
};

/* A gate as two words: offset bits 0-15, selector, IST, type and offset
 * bits 16-31 in the first, offset bits 32-63 in the second. */
struct idt_gate {
	uint64_t low;
	uint64_t high;
};

struct __attribute__((packed)) descriptor_pointer {
	uint16_t limit;
	uint64_t base;
};

/* The first of the stubs, EXCEPTION_STUB_SIZE bytes apart. */
extern const char exception_stubs[];

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
static struct idt_gate idt[LAPIC_VECTORS] __attribute__((aligned(16)));

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

static struct idt_gate gate(uint64_t handler, uint64_t ist)
{
	return (struct idt_gate){
		.low = (handler & 0xffff) | (uint64_t)SELECTOR_CODE << 16 |
		       ist << 32 | (uint64_t)GATE_INTERRUPT_PRESENT << 40 |
		       (handler & 0xffff0000) << 32,
		.high = handler >> 32,
	};
}

/* Built once, by the boot CPU, before any other CPU starts. */
static void idt_build(void)
{
	uint64_t stub = (uint64_t)(uintptr_t)exception_stubs;

	for (int vector = 0; vector < EXCEPTION_VECTORS; vector++) {
		idt[vector] = gate(stub, 0);
		stub += EXCEPTION_STUB_SIZE;
	}
	idt[VECTOR_DOUBLE_FAULT].low |= (uint64_t)IST_DOUBLE_FAULT << 32;
	/* What wakes an idle CPU for a job (kernel/smp.c); the vectors in
	 * between stay not present. */
	idt[LAPIC_WAKEUP_VECTOR] =
		gate((uint64_t)(uintptr_t)lapic_wakeup_interrupt, 0);
	idt[LAPIC_SPURIOUS_VECTOR] =
		gate((uint64_t)(uintptr_t)lapic_spurious_interrupt, 0);
}

static void idt_load(void)
{
	struct descriptor_pointer pointer = { sizeof(idt) - 1,
					      (uint64_t)(uintptr_t)idt };

	__asm__ volatile("lidt %0" : : "m"(pointer) : "memory");
}

void descriptor_tables_load(uint32_t cpu)
{
	gdt_load(cpu);
	if (cpu == 0)
		idt_build();
	idt_load();
}
