/* SPDX-License-Identifier: MIT */
/* The app's clock: the TSC, at the frequency the tsc_freq group found. */
#include "cpu.h"
#include "tsc.h"
#include "../include/onepath/app.h"

#define NS_PER_MS 1000000ull

int64_t app_clock_ns(void)
{
	if (!tsc_khz)
		return -1;
	uint64_t cycles = rdtsc() - boot_entry_tsc;

	/* In two steps, so that cycles * 10^6 cannot overflow. */
	return (int64_t)(cycles / tsc_khz * NS_PER_MS +
			 cycles % tsc_khz * NS_PER_MS / tsc_khz);
}

bool app_delay_ns(uint64_t ns)
{
	int64_t start = app_clock_ns();

	if (start < 0)
		return false;
	while ((uint64_t)(app_clock_ns() - start) < ns)
		__asm__ volatile("pause");
	return true;
}
