/* SPDX-License-Identifier: MIT */
#include "lapic.h"

#include "cpu.h"
#include "page_tables.h"
#include "paging.h"
#include "../tables/init.h"

#define MSR_APIC_BASE 0x1bu
#define APIC_BASE_X2APIC (1ull << 10)
#define APIC_BASE_ENABLE (1ull << 11)
#define CPUID_X2APIC (1u << 21)
#define APIC_BASE_ADDRESS 0xfffff000ull
#define MSR_X2APIC_FIRST 0x800u /* register r is MSR 0x800 + r / 16 */
#define REG_ID 0x20
#define REG_EOI 0xb0
#define REG_SPURIOUS 0xf0
#define REG_ICR_LOW 0x300
#define REG_ICR_HIGH 0x310
#define REG_LVT_LINT0 0x350
#define SPURIOUS_ENABLE (1u << 8)
#define LVT_MASKED (1u << 16)
#define ICR_PENDING (1u << 12)

void lapic_prefer_x2apic(void)
{
	if (cpuid(1, 0).ecx & CPUID_X2APIC)
		wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE |
					     APIC_BASE_X2APIC);
}

__init int lapic_map_registers(void)
{
	return page_tables_map_device("local APIC",
				      rdmsr(MSR_APIC_BASE) & APIC_BASE_ADDRESS,
				      PAGE_SIZE);
}

int lapic_x2apic_mode(void)
{
	return (rdmsr(MSR_APIC_BASE) & APIC_BASE_X2APIC) != 0;
}

static volatile uint32_t *xapic_register(uint32_t offset)
{
	return (volatile uint32_t *)(uintptr_t)((rdmsr(MSR_APIC_BASE) &
						 APIC_BASE_ADDRESS) +
						offset);
}

static uint32_t lapic_read(uint32_t offset)
{
	if (lapic_x2apic_mode())
		return (uint32_t)rdmsr(MSR_X2APIC_FIRST + offset / 16);
	return *xapic_register(offset);
}

static void lapic_write(uint32_t offset, uint32_t value)
{
	if (lapic_x2apic_mode())
		wrmsr(MSR_X2APIC_FIRST + offset / 16, value);
	else
		*xapic_register(offset) = value;
}

uint32_t lapic_id(void)
{
	uint32_t id = lapic_read(REG_ID);

	return lapic_x2apic_mode() ? id : id >> 24;
}

void lapic_send(uint32_t apic_id, uint32_t command)
{
	if (lapic_x2apic_mode()) {
		/* A write to an x2APIC MSR is not serializing: the stores the
		 * target is to read (its slot, its job) go out first. */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		wrmsr(MSR_X2APIC_FIRST + REG_ICR_LOW / 16,
		      (uint64_t)apic_id << 32 | command);
		return;
	}
	*xapic_register(REG_ICR_HIGH) = apic_id << 24;
	*xapic_register(REG_ICR_LOW) = command;
	while (*xapic_register(REG_ICR_LOW) & ICR_PENDING)
		__asm__ volatile("pause");
}

/*
 * LINT0 masked first: on the boot CPU the firmware leaves it wired to the
 * 8259 PIC (ExtINT), whose timer then arrives as vector 8, the #DF vector,
 * whenever the CPU sleeps with interrupts on.  onepath takes no legacy
 * interrupts.
 */
void lapic_enable(void)
{
	lapic_write(REG_LVT_LINT0, LVT_MASKED);
	lapic_write(REG_SPURIOUS, SPURIOUS_ENABLE | LAPIC_SPURIOUS_VECTOR);
}

/* The wakeup's only work is to end a hlt: acknowledge it and return. */
__attribute__((interrupt)) void lapic_wakeup_interrupt(void *frame)
{
	(void)frame;
	lapic_write(REG_EOI, 0);
}

/* A spurious interrupt is not acknowledged (no EOI). */
__attribute__((interrupt)) void lapic_spurious_interrupt(void *frame)
{
	(void)frame;
}
