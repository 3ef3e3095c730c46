/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_PC_COUNTERS_H
#define ONEPATH_PC_COUNTERS_H
/*
 * The PC's free-running counters of a known rate, which time the TSC
 * where no CPUID leaf or hypervisor tells its frequency: the HPET and the
 * ACPI PM timer (both found through ACPI) and the PIT's channel 0.
 */
#include <stdbool.h>
#include <stdint.h>

#include "../../kernel/boot_params.h"

enum pc_counter_kind {
	COUNTER_HPET,
	COUNTER_PM_TIMER,
	COUNTER_PIT,
};

struct pc_counter {
	enum pc_counter_kind kind;
	const char *name;
	uint64_t hz;
	uint32_t mask;    /* readings wrap at mask + 1 */
	uint64_t address; /* HPET registers (memory) or PM timer (port) */
};

/* Each finds its counter, starts it if it needs starting, and fills in
 * *counter; false if the machine has none. */
bool hpet_counter_find(const struct boot_params *params,
		       struct pc_counter *counter);
bool pm_timer_counter_find(const struct boot_params *params,
			   struct pc_counter *counter);
bool pit_counter_find(struct pc_counter *counter);

/* Ticks since some point, increasing, modulo mask + 1. */
uint32_t pc_counter_read(const struct pc_counter *counter);

/* False once the counter may have wrapped since it was found (the PIT
 * says so; the others wrap after seconds). */
bool pc_counter_intact(const struct pc_counter *counter);

#endif
