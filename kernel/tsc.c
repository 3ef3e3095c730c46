/* SPDX-License-Identifier: MIT */
#include "tsc.h"

#include "cpu.h"
#include "cpu_features.h"
#include "fmt.h"
#include "klib.h"
#include "log.h"
#include "status.h"
#include "../tables/init.h"

#define LEAF_TSC_CRYSTAL 0x15
#define LEAF_FREQUENCY 0x16

uint64_t tsc_khz;

#define UNKNOWN_TSC_KHZ 1000000

uint64_t tsc_deadline(unsigned int seconds)
{
	uint64_t khz = tsc_khz ? tsc_khz : UNKNOWN_TSC_KHZ;

	return rdtsc() + khz * 1000 * seconds;
}

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

INIT_ENTRY(tsc_freq_cpuid, CONSOLE, SUBARCH_ALL, tsc_freq_cpuid_init,
	   INIT_NO_DEPS, .detect = cpuid_frequency_known, .group = "tsc_freq",
	   .priority = 6, .flags = INIT_FINISH_GROUP);

/*
 * The last of the group: it runs only where no source answered, and names
 * the ones looked for.
 */
static __init int tsc_freq_none_init(struct boot_params *params)
{
	const struct init_entry *entry;
	char names[256];
	size_t used = 0;

	names[0] = '\0';
	TABLE_FOR_EACH(entry, INIT_TABLE)
		if (entry->group && !strcmp(entry->group, "tsc_freq") &&
		    (entry->subarchs & params->subarch) &&
		    entry->init != tsc_freq_none_init && used < sizeof(names))
			used += (size_t)fmt_snprintf(
				names + used, sizeof(names) - used, "%s%s",
				used ? ", " : "", entry->name);
	log_warn("tsc: W_TSC_FREQUENCY_UNKNOWN: no source answered (looked "
		 "for %s); timestamps stay unknown",
		 names);
	return STATUS_OK;
}

INIT_ENTRY(tsc_freq_none, CONSOLE, SUBARCH_ALL, tsc_freq_none_init,
	   INIT_NO_DEPS, .group = "tsc_freq", .priority = 1,
	   .flags = INIT_FINISH_GROUP);
