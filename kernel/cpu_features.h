/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_CPU_FEATURES_H
#define ONEPATH_CPU_FEATURES_H
#include <stdbool.h>
#include <stdint.h>

struct cpu_features {
	char vendor[13];
	uint32_t family, model, stepping;
	bool nx, smep, smap, rdrand, invariant_tsc, hypervisor, pdpe1gb;
};

/* Filled by the cpu_features init entry (CPU level). */
extern struct cpu_features cpu_features;

#endif
