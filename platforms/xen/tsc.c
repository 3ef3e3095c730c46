/* SPDX-License-Identifier: MIT */
/* Xen tells its guests their TSC frequency: CPUID base+3, ECX in kHz. */
#include "../../kernel/cpu.h"
#include "../../kernel/log.h"
#include "../../kernel/status.h"
#include "../../kernel/tsc.h"
#include "../../tables/init.h"
#include "xen.h"

static uint64_t xen_tsc_khz(void)
{
	uint32_t base = xen_cpuid_base();

	return base ? cpuid(base + XEN_CPUID_TIME_LEAF, 0).ecx : 0;
}

static bool xen_frequency_known(const struct boot_params *params)
{
	(void)params;
	return xen_tsc_khz() != 0;
}

static int tsc_freq_xen_init(struct boot_params *params)
{
	(void)params;
	tsc_khz = xen_tsc_khz();
	log_info("tsc: %llu kHz from Xen's CPUID leaf",
		 (unsigned long long)tsc_khz);
	return STATUS_OK;
}

INIT_ENTRY(tsc_freq_xen, CONSOLE, SUBARCH_XEN, tsc_freq_xen_init, INIT_NO_DEPS,
	   .detect = xen_frequency_known, .group = "tsc_freq", .priority = 7,
	   .flags = INIT_FINISH_GROUP);
