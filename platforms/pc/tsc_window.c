/* SPDX-License-Identifier: MIT */
/*
 * The TSC frequency on a PC that no CPUID leaf or hypervisor tells: a
 * window between two readings of a counter of known rate, which costs the
 * boot no waiting.  tsc_freq_window opens it at the CONSOLE level (once
 * ACPI has named the HPET and the PM timer), the entries after it run
 * inside it, and tsc_freq_window_end closes
 * it as the CPU level ends, the point by which the frequency must be
 * known (the log's timestamps, the completion line).  It waits only if
 * the window is still shorter than WINDOW_MIN_US.
 *
 * Both ends are taken at a tick of the counter (read until it changes),
 * so the window holds a whole number of ticks, and its error is the time
 * one reading takes, not one tick: a short window on a slow counter is
 * precise too.  Counters are tried fastest first: HPET, PM timer, PIT.
 */
#include "../../kernel/cpu.h"
#include "../../kernel/log.h"
#include "../../kernel/status.h"
#include "../../kernel/tsc.h"
#include "../../tables/init.h"
#include "counters.h"

#define WINDOW_MIN_US 10u
#define EDGE_SPINS 1000000u

static struct pc_counter counter;
static uint64_t open_tsc;
static uint32_t open_ticks;

/* Reads until the counter ticks; the reading, and the TSC just after. */
static __init uint32_t at_tick(uint64_t *tsc)
{
	uint32_t first = pc_counter_read(&counter), now = first;

	for (uint32_t spin = 0; spin < EDGE_SPINS && now == first; spin++) {
		now = pc_counter_read(&counter);
		*tsc = rdtsc();
	}
	return now;
}

static __init bool counter_found(const struct boot_params *params)
{
	return hpet_counter_find(params, &counter) ||
	       pm_timer_counter_find(params, &counter) ||
	       pit_counter_find(&counter);
}

static __init void open_window(void)
{
	open_tsc = rdtsc();
	open_ticks = at_tick(&open_tsc);
}

static __init int tsc_freq_window_init(struct boot_params *params)
{
	(void)params;
	open_window();
	log_info("tsc: timing window opened on the %s (%llu Hz)", counter.name,
		 (unsigned long long)counter.hz);
	return STATUS_OK;
}

INIT_ENTRY(tsc_freq_window, CONSOLE, SUBARCH_PC, tsc_freq_window_init,
	   INIT_AFTER(acpi), .detect = counter_found, .group = "tsc_freq",
	   .priority = 2, .flags = INIT_FINISH_GROUP);

static __init uint32_t ticks_since_open(uint32_t now)
{
	return (now - open_ticks) & counter.mask;
}

static __init int tsc_freq_window_end_init(struct boot_params *params)
{
	uint64_t min_ticks = counter.hz * WINDOW_MIN_US / 1000000 + 1;
	uint64_t wait_start = rdtsc(), close_tsc = 0;
	bool reopened = false;

	(void)params;
	if (!pc_counter_intact(&counter)) {
		/* It ran past its range: time a short window now instead. */
		pit_counter_find(&counter);
		open_window();
		reopened = true;
	}
	for (uint32_t spin = 0;
	     ticks_since_open(pc_counter_read(&counter)) < min_ticks; spin++)
		if (spin == EDGE_SPINS)
			return STATUS_EIO; /* a counter that stopped */
	uint32_t ticks = ticks_since_open(at_tick(&close_tsc));

	if (!ticks || close_tsc <= open_tsc)
		return STATUS_EIO;
	/* Split so no product passes 2^64 (ticks < 2^32, hz < 2^27). */
	uint64_t cycles = close_tsc - open_tsc;

	tsc_khz = (cycles / ticks * counter.hz +
		   cycles % ticks * counter.hz / ticks) /
		  1000;
	log_info("tsc: %llu kHz over %u ticks of the %s (%llu us%s; waited "
		 "%llu cycles at its end)",
		 (unsigned long long)tsc_khz, ticks, counter.name,
		 (unsigned long long)((uint64_t)ticks * 1000000 / counter.hz),
		 reopened ? ", reopened: the first overran the counter" : "",
		 (unsigned long long)(close_tsc - wait_start));
	return STATUS_OK;
}

INIT_ENTRY(tsc_freq_window_end, CPU, SUBARCH_PC, tsc_freq_window_end_init,
	   INIT_AFTER(tsc_freq_window, cpu_features));
