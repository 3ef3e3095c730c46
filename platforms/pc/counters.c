/* SPDX-License-Identifier: MIT */
#include "counters.h"
#include "fadt.h"

#include "../../kernel/acpi.h"
#include "../../kernel/cpu.h"
#include "../../kernel/klib.h"
#include "../../tables/init.h"

/* The ACPI HPET table: the register block's address (a GAS) at +40. */
#define HPET_TABLE_ADDRESS_SPACE 40
#define HPET_TABLE_ADDRESS 44
#define HPET_TABLE_LENGTH 56
#define GAS_MEMORY 0
/* HPET registers (IA-PC HPET specification 1.0a). */
#define HPET_CAPABILITIES 0x0
#define HPET_CONFIGURATION 0x10
#define HPET_MAIN_COUNTER 0xf0
#define HPET_ENABLE 1u
#define HPET_MAX_PERIOD_FS 100000000u /* 10 MHz at least */
#define FEMTOSECONDS 1000000000000000ull

/* The FADT's PM timer: port at +76, its length at +91, flags at +112. */
#define FADT_PM_TIMER_BLOCK 76
#define FADT_PM_TIMER_LENGTH 91
#define FADT_FLAGS_END 116
#define FADT_TIMER_32_BITS (1u << 8)
#define PM_TIMER_HZ 3579545u

/* The i8254: channel 0 in mode 0 counts down from 0xffff once, its
 * output going high at 0; a read-back gives status and count together. */
#define PIT_HZ 1193182u
#define PIT_CHANNEL0 0x40
#define PIT_COMMAND 0x43
#define PIT_CHANNEL0_MODE0 0x30 /* channel 0, low then high byte, mode 0 */
#define PIT_READ_BACK_STATUS 0xe2
#define PIT_READ_BACK_BOTH 0xc2
#define PIT_STATUS_SETTINGS 0x3f /* access and mode bits */
#define PIT_STATUS_OUTPUT 0x80

static __init uint64_t hpet_register(uint64_t base, uint32_t offset)
{
	return *(volatile const uint64_t *)(uintptr_t)(base + offset);
}

__init bool hpet_counter_find(const struct boot_params *params,
			      struct pc_counter *counter)
{
	struct phys_window table;
	uint64_t base;

	if (!acpi_find_table(params, "HPET", &table) ||
	    table.end - table.start < HPET_TABLE_LENGTH ||
	    table.bytes[HPET_TABLE_ADDRESS_SPACE] != GAS_MEMORY)
		return false;
	memcpy(&base, table.bytes + HPET_TABLE_ADDRESS, sizeof(base));
	if (!base || base >= (1ull << 32))
		return false;
	uint32_t period =
		(uint32_t)(hpet_register(base, HPET_CAPABILITIES) >> 32);

	if (!period || period > HPET_MAX_PERIOD_FS)
		return false;
	volatile uint64_t *configuration =
		(volatile uint64_t *)(uintptr_t)(base + HPET_CONFIGURATION);
	/* Firmware may leave it stopped; running, it harms nothing. */
	if (!(*configuration & HPET_ENABLE))
		*configuration |= HPET_ENABLE;
	*counter = (struct pc_counter){ .kind = COUNTER_HPET,
					.name = "HPET",
					.hz = FEMTOSECONDS / period,
					.mask = 0xffffffffu,
					.address = base };
	return true;
}

__init bool pm_timer_counter_find(const struct boot_params *params,
				  struct pc_counter *counter)
{
	struct phys_window fadt;
	uint32_t port, flags = 0;

	if (!acpi_find_table(params, "FACP", &fadt) ||
	    fadt.end - fadt.start <= FADT_PM_TIMER_LENGTH)
		return false;
	memcpy(&port, fadt.bytes + FADT_PM_TIMER_BLOCK, sizeof(port));
	if (fadt.end - fadt.start >= FADT_FLAGS_END)
		memcpy(&flags, fadt.bytes + FADT_FLAGS, sizeof(flags));
	if (!port || port > 0xffff || fadt.bytes[FADT_PM_TIMER_LENGTH] != 4 ||
	    (flags & FADT_HW_REDUCED_ACPI))
		return false;
	*counter = (struct pc_counter){ .kind = COUNTER_PM_TIMER,
					.name = "ACPI PM timer",
					.hz = PM_TIMER_HZ,
					.mask = flags & FADT_TIMER_32_BITS
							? 0xffffffffu
							: 0xffffffu,
					.address = port };
	return true;
}

static __init uint8_t pit_status(void)
{
	outb(PIT_COMMAND, PIT_READ_BACK_STATUS);
	return inb(PIT_CHANNEL0);
}

/*
 * Channel 0, not 2: its gate is always open, where channel 2's is port
 * 0x61, which microvm lacks.  No PIT at all reads 0xff: no valid status.
 */
__init bool pit_counter_find(struct pc_counter *counter)
{
	outb(PIT_COMMAND, PIT_CHANNEL0_MODE0);
	outb(PIT_CHANNEL0, 0xff);
	outb(PIT_CHANNEL0, 0xff);
	if ((pit_status() & PIT_STATUS_SETTINGS) != PIT_CHANNEL0_MODE0)
		return false;
	*counter = (struct pc_counter){ .kind = COUNTER_PIT,
					.name = "PIT",
					.hz = PIT_HZ,
					.mask = 0xffffu };
	return true;
}

static __init uint32_t pit_read(void)
{
	outb(PIT_COMMAND, PIT_READ_BACK_BOTH);
	(void)inb(PIT_CHANNEL0); /* the status comes first */
	uint32_t low = inb(PIT_CHANNEL0);
	uint32_t high = inb(PIT_CHANNEL0);

	return 0xffffu - (low | high << 8);
}

__init uint32_t pc_counter_read(const struct pc_counter *counter)
{
	switch (counter->kind) {
	case COUNTER_HPET:
		return (uint32_t)hpet_register(counter->address,
					       HPET_MAIN_COUNTER);
	case COUNTER_PM_TIMER:
		return inl((uint16_t)counter->address) & counter->mask;
	case COUNTER_PIT: return pit_read();
	}
	return 0;
}

__init bool pc_counter_intact(const struct pc_counter *counter)
{
	return counter->kind != COUNTER_PIT ||
	       !(pit_status() & PIT_STATUS_OUTPUT);
}
