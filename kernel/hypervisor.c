/* SPDX-License-Identifier: MIT */
#include "hypervisor.h"

#include "cpu.h"
#include "klib.h"

#define FIRST_LEAF 0x40000000u
#define LAST_LEAF 0x40010000u
#define LEAF_STEP 0x100u

uint32_t cpuid_hypervisor_base(const char *signature, uint32_t min_leaves)
{
	for (uint32_t base = FIRST_LEAF; base < LAST_LEAF; base += LEAF_STEP) {
		struct cpuid_result r = cpuid(base, 0);
		char found[12];

		memcpy(found, &r.ebx, 4);
		memcpy(found + 4, &r.ecx, 4);
		memcpy(found + 8, &r.edx, 4);
		if (!memcmp(found, signature, sizeof(found)) && r.eax - base >= min_leaves)
			return base;
	}
	return 0;
}
