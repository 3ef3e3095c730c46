/* SPDX-License-Identifier: MIT */
#include "tsc.h"

#include "cpu.h"
#include "cpu_features.h"
#include "log.h"
#include "status.h"
#include "../tables/init.h"

#define LEAF_TSC_CRYSTAL 0x15
#define LEAF_FREQUENCY 0x16

uint64_t tsc_khz;

int64_t tsc_us_since_entry(uint64_t tsc)
{
	if (!tsc_khz)
		return -1;
	return (int64_t)((tsc - boot_entry_tsc) * 1000 / tsc_khz);
}

/* Leaf 0x15 gives TSC/crystal ratio and the crystal; 0x16 the base MHz. */
static __init uint64_t cpuid_tsc_khz(void)
{
	struct cpuid_result r = cpuid_if_present(LEAF_TSC_CRYSTAL, 0);

	if (r.eax && r.ebx && r.ecx)
		return (uint64_t)r.ecx * r.ebx / r.eax / 1000;
	r = cpuid_if_present(LEAF_FREQUENCY, 0);
	if (r.eax & 0xffff)
		return (uint64_t)(r.eax & 0xffff) * 1000;
	return 0;
}

static __init bool cpuid_frequency_known(const struct boot_params *params)
{
	(void)params;
	return cpuid_tsc_khz() != 0;
}

static __init int tsc_freq_cpuid_init(struct boot_params *params)
{
	(void)params;
	tsc_khz = cpuid_tsc_khz();
	log_info("tsc: %llu kHz from CPUID", (unsigned long long)tsc_khz);
	return STATUS_OK;
}

INIT_ENTRY(tsc_freq_cpuid, EARLY, SUBARCH_ALL, tsc_freq_cpuid_init,
	   INIT_NO_DEPS, .detect = cpuid_frequency_known, .group = "tsc_freq",
	   .priority = 2, .flags = INIT_FINISH_GROUP);
