/* SPDX-License-Identifier: MIT */
#include "hypervisor.h"

#include "cpu.h"
#include "klib.h"

#define FIRST_LEAF CPUID_HYPERVISOR_LEAVES
#define LAST_LEAF 0x40010000u
#define LEAF_STEP 0x100u

/*
 * Hypervisors stack their ranges from 0x40000000 up, each at the first
 * unused 0x100-aligned base (Xen's public cpuid.h: with Viridian on, Xen
 * is at 0x40000100), so the search ends at the first unused base instead
 * of asking all 256.  No hypervisor bit, no search.
 */
/* The base signed with signature (its leaf count in *leaves), or 0. */
static uint32_t search(const char *signature, uint32_t *leaves)
{
	if (!(cpuid_if_present(1, 0).ecx & CPUID_HYPERVISOR_PRESENT))
		return 0;
	for (uint32_t base = FIRST_LEAF; base < LAST_LEAF; base += LEAF_STEP) {
		struct cpuid_result r = cpuid(base, 0);
		char found[12];

		if (r.eax < base || r.eax - base >= CPUID_LEAVES_PER_BASE)
			return 0; /* unused: nothing stacked above it either */
		memcpy(found, &r.ebx, 4);
		memcpy(found + 4, &r.ecx, 4);
		memcpy(found + 8, &r.edx, 4);
		if (!memcmp(found, signature, sizeof(found))) {
			*leaves = r.eax - base;
			return base;
		}
	}
	return 0;
}

/* Each subarch detector asks; the machine's answer cannot change. */
uint32_t cpuid_hypervisor_base(const char *signature, uint32_t min_leaves)
{
	static const char *asked;
	static uint32_t base, leaves;

	if (signature != asked) {
		asked = signature;
		base = search(signature, &leaves);
	}
	return base && leaves >= min_leaves ? base : 0;
}
