/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor timing leaf, CPUID 0x40000010 (VMware's, which QEMU/KVM
 * also give with invtsc and a known TSC rate): EAX is the TSC in kHz.  It
 * exists only where the hypervisor's leaf range at 0x40000000 reaches it.
 */
#include "../../kernel/cpu.h"
#include "../../kernel/hypervisor.h"
#include "../../kernel/log.h"
#include "../../kernel/status.h"
#include "../../kernel/tsc.h"
#include "../../tables/init.h"

#define TIMING_LEAF (CPUID_HYPERVISOR_LEAVES + 0x10)

static uint32_t timing_leaf_khz(void)
{
	if (!(cpuid(1, 0).ecx & CPUID_HYPERVISOR_PRESENT))
		return 0;
	uint32_t last = cpuid(CPUID_HYPERVISOR_LEAVES, 0).eax;

	if (last < TIMING_LEAF ||
	    last >= CPUID_HYPERVISOR_LEAVES + CPUID_LEAVES_PER_BASE)
		return 0;
	return cpuid(TIMING_LEAF, 0).eax;
}

static bool timing_leaf_given(const struct boot_params *params)
{
	(void)params;
	return timing_leaf_khz() != 0;
}

static int tsc_freq_timing_leaf_init(struct boot_params *params)
{
	(void)params;
	tsc_khz = timing_leaf_khz();
	log_info("tsc: %llu kHz from the hypervisor timing leaf 0x%x",
		 (unsigned long long)tsc_khz, TIMING_LEAF);
	return STATUS_OK;
}

INIT_ENTRY(tsc_freq_timing_leaf, CONSOLE, SUBARCH_PC, tsc_freq_timing_leaf_init,
	   INIT_NO_DEPS, .detect = timing_leaf_given, .group = "tsc_freq",
	   .priority = 4, .flags = INIT_FINISH_GROUP);
