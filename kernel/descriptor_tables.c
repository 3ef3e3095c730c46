/* SPDX-License-Identifier: MIT */
/*
 * The kernel's own GDT (with a TSS, so the double fault gets a stack of its
 * own on IST1: a fault on a broken stack must still be reported) and the
 * IDT with all 32 exception vectors.  Loaded by the first line of C, before
 * the boot info is parsed and before any init entry runs, so that no fault
 * from there on ends in a silent triple fault.  Nothing here may fault: it
 * only writes the image's own data and loads it.
 */
#include <stdint.h>

#include "descriptor_tables.h"
#include "paging.h"
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

/* Its own stack, above a guard page, for the double fault (IST1). */
static uint8_t double_fault_stack[2][PAGE_SIZE]
	__attribute__((aligned(PAGE_SIZE)));

STACK_ENTRY(double_fault_stack_entry) = {
	.name = "double-fault",
	.guard = (const char *)double_fault_stack[0],
	.bottom = (const char *)double_fault_stack[1],
	.top = (const char *)double_fault_stack[1] +
	       sizeof(double_fault_stack[1]),
};
static struct tss tss;
/* The TSS descriptor takes two slots, filled at run time. */
static uint64_t gdt[5] __attribute__((aligned(16))) = {
	[SELECTOR_CODE / 8] = 0x00af9a000000ffffull, /* 64-bit code */
	[SELECTOR_DATA / 8] = 0x00cf92000000ffffull,
};
static struct idt_gate idt[EXCEPTION_VECTORS] __attribute__((aligned(16)));

static void set_tss_descriptor(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&tss;
	uint64_t limit = sizeof(tss) - 1;

	gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		 (0x89ull << 40) | /* present, 64-bit available TSS */
		 (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[4] = base >> 32;
}

/* The boot GDT of boot/entry.asm has its code at another selector: the
 * IDT's gates name this GDT's, so it is loaded first. */
static void gdt_load(void)
{
	struct descriptor_pointer pointer = { sizeof(gdt) - 1,
					      (uint64_t)(uintptr_t)gdt };

	tss.ist[IST_DOUBLE_FAULT - 1] =
		(uint64_t)(uintptr_t)double_fault_stack_entry.top;
	tss.io_map_base = sizeof(tss);
	set_tss_descriptor();
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

static void idt_load(void)
{
	struct descriptor_pointer pointer = { sizeof(idt) - 1,
					      (uint64_t)(uintptr_t)idt };

	for (int vector = 0; vector < EXCEPTION_VECTORS; vector++) {
		uint64_t handler = exception_stubs[vector];

		idt[vector] = (struct idt_gate){
			.offset_low = handler & 0xffff,
			.selector = SELECTOR_CODE,
			.ist = vector == VECTOR_DOUBLE_FAULT ? IST_DOUBLE_FAULT
							     : 0,
			.type = GATE_INTERRUPT_PRESENT,
			.offset_mid = (handler >> 16) & 0xffff,
			.offset_high = handler >> 32,
		};
	}
	__asm__ volatile("lidt %0" : : "m"(pointer) : "memory");
}

void descriptor_tables_load(void)
{
	gdt_load();
	idt_load();
}
