/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_SMP_H
#define ONEPATH_SMP_H
/*
 * The CPUs other than the boot CPU: what every subarch's start entry
 * shares (platforms/pc/smp.c sends INIT-SIPI-SIPI, platforms/xen/smp.c
 * asks Xen with VCPUOP_initialise and VCPUOP_up), and the jobs a started
 * CPU runs.  A started CPU enters smp_cpu_main on its own stack, loads its
 * own descriptor tables and waits for jobs; it never returns.
 */
#include <stdbool.h>
#include <stdint.h>

#include "percpu.h"

/* Work for another CPU: a const description, so no hook is writable. */
struct smp_job {
	const char *name;
	void (*run)(uint64_t argument);
};

/* What every CPU copies from the boot CPU before it runs C. */
struct smp_boot_state {
	uint64_t cr0, cr3, cr4, efer;
};
extern struct smp_boot_state smp_boot_state;

/* The CPUs up, the boot CPU included (1 until a start entry ran). */
extern uint32_t smp_cpus_online;

/* How many CPUs smp=N / nosmp allow, the boot CPU included. */
uint32_t smp_cpus_allowed(void);

/* The boot CPU's control registers, for the CPUs about to start. */
void smp_save_boot_state(void);

/* The per-CPU data of the next CPU to start, marked CPU_STARTING, or NULL
 * when every slot is used. */
struct percpu *smp_next_cpu(uint32_t apic_id);

/* The top of a started CPU's kernel stack. */
uint64_t smp_stack_top(const struct percpu *cpu);

/* TSC cycles per millisecond: measured, or 3 GHz when still unknown. */
uint64_t smp_tsc_per_ms(void);

/* How long a started CPU has to reach C before the boot goes on without
 * it (W_SMP_CPU_NO_ANSWER). */
#define SMP_ANSWER_TIMEOUT_MS 500u

/* Waits until cpu runs C, at most timeout_ms; logs the outcome (a CPU that
 * does not answer is W_SMP_CPU_NO_ANSWER).  True if it came up. */
bool smp_wait_started(struct percpu *cpu, uint64_t since_tsc,
		      uint32_t timeout_ms);

/* The last line of a start entry: how many CPUs are up, and why. */
void smp_report(const char *how, uint32_t listed);

/* Every started CPU's C entry (rdi = its per-CPU data). */
__attribute__((noreturn)) void smp_cpu_main(struct percpu *cpu);

/* Hands job to cpu if it is idle; false if it is busy or absent. */
bool smp_post(struct percpu *cpu, const struct smp_job *job, uint64_t argument);

/* Whether cpu has finished its last job and waits for another. */
bool smp_idle(const struct percpu *cpu);

static inline void cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

#endif
