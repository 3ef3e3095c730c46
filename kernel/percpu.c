/* SPDX-License-Identifier: MIT */
#include "percpu.h"

#include "cpu.h"

struct percpu percpu[CPUS_MAX];

void percpu_enter(struct percpu *cpu)
{
	cpu->self = cpu;
	cpu->index = (uint32_t)(cpu - percpu);
	wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)cpu);
}
