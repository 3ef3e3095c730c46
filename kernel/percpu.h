/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_PERCPU_H
#define ONEPATH_PERCPU_H
/*
 * Per-CPU data, found without a lock: each CPU's GS base points at its own
 * struct percpu, whose first field points at itself, so `mov %gs:0` gives
 * the running CPU's structure in one instruction on any CPU.  The boot CPU
 * sets it first thing in onepath_main, every other CPU first thing in
 * smp_cpu_main.
 */
#include <stdbool.h>
#include <stdint.h>

#include "percpu_limits.h"

struct log_capture;
struct smp_job;

enum cpu_state {
	CPU_ABSENT = 0, /* not started, or did not answer */
	CPU_STARTING,   /* told to start: its entry code runs */
	CPU_IDLE,       /* up, waiting for a job */
	CPU_CLAIMED,    /* a job is being handed to it */
	CPU_BUSY,       /* running a job */
};

struct percpu {
	struct percpu *self; /* %gs:0 */
	uint32_t index;      /* 0: the boot CPU */
	uint32_t apic_id;
	volatile uint32_t state; /* enum cpu_state */
	bool online; /* up and logged as such (smp_join): takes jobs */
	/* The job handed over while CLAIMED, run while BUSY. */
	const struct smp_job *job;
	uint64_t job_argument;
	/* Log lines of the init entry it runs, kept together (kernel/log.c). */
	struct log_capture *capture;
	uint64_t started_tsc; /* when it entered C */
	/* The smp_boot_state publication its control registers hold. */
	uint32_t boot_state_generation;
};

extern struct percpu percpu[CPUS_MAX];

#define MSR_GS_BASE 0xc0000101u

static inline struct percpu *this_cpu(void)
{
	struct percpu *cpu;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(cpu));
	return cpu;
}

/* Makes cpu the running CPU's per-CPU data (its GS base). */
void percpu_enter(struct percpu *cpu);

#endif
