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

/*
 * The control registers every CPU runs with, the boot CPU's: published
 * before the other CPUs start, on the page tables the boot began with,
 * and again when page_tables switches to its own.  A CPU loads them as
 * it enters C and catches up with a later publication before each job it
 * runs, so it never runs a job on tables the boot CPU has left.
 */
struct smp_boot_state {
	uint64_t cr0, cr3, cr4, efer;
};
extern struct smp_boot_state smp_boot_state;

/* The CPUs up and joined (smp_join), the boot CPU included. */
extern uint32_t smp_cpus_online;

/* How many CPUs smp=N / nosmp allow, the boot CPU included. */
uint32_t smp_cpus_allowed(void);

/* The per-CPU slots in use, the boot CPU's included: percpu[0] up to
 * this, each started, up, or given up on. */
uint32_t smp_cpus_started(void);

/* Whether the CPU of that slot is up and has been logged as such by
 * smp_join: only then is it handed jobs. */
bool smp_cpu_online(uint32_t index);

/* Publishes the running CPU's control registers as smp_boot_state: each
 * other CPU loads them before its next job, which also empties its TLB. */
void smp_save_boot_state(void);

/* The per-CPU data of the next CPU to start, marked CPU_STARTING, or NULL
 * when every slot is used. */
struct percpu *smp_next_cpu(uint32_t apic_id);

/* The top of a started CPU's kernel stack. */
uint64_t smp_stack_top(const struct percpu *cpu);

/* TSC cycles per millisecond: measured, or 3 GHz when still unknown. */
uint64_t smp_tsc_per_ms(void);

/* How long a started CPU has to reach C before the boot goes on without
 * it (W_SMP_CPU_NO_ANSWER), counted from when it was told to start. */
#define SMP_ANSWER_TIMEOUT_MS 500u
/* When smp_join first repeats a start command to a CPU still silent (a
 * SIPI that reaches a CPU still handling its INIT is dropped); each later
 * repeat waits twice as long as the one before. */
#define SMP_REPEAT_US 200u

/* What a start entry says before its first smp_join: how it starts CPUs
 * and how many the firmware lists, for the count line. */
void smp_starting(const char *how, uint32_t listed);

/* Records that cpu was told to start at since_tsc (taken before the
 * command that may start it at once).  The boot goes on without waiting;
 * until it answers, smp_join sends it repeat_icr again (a local APIC
 * command; 0: none), SMP_REPEAT_US later and then at doubling gaps. */
void smp_told_to_start(struct percpu *cpu, uint64_t since_tsc,
		       uint32_t repeat_icr);

/*
 * Boot CPU only.  Logs each CPU that answered since the last call
 * ("smp: CPU n (APIC ID a) up after T us"), which from then on takes
 * jobs.  With wait, first waits for every CPU still silent, each up to
 * SMP_ANSWER_TIMEOUT_MS from when it was told to start (a CPU that stays
 * silent is W_SMP_CPU_NO_ANSWER and is never used).  Once no CPU is left
 * to wait for, logs the count ("smp: N CPUs up (...)"), once.  The init
 * walk calls it without wait as it goes and with wait at its end; an
 * entry that needs every CPU calls it with wait first.
 */
void smp_join(bool wait);

/* Every started CPU's C entry (rdi = its per-CPU data). */
__attribute__((noreturn)) void smp_cpu_main(struct percpu *cpu);

/* Ends cpu's hlt (its wakeup interrupt). */
void smp_wake(const struct percpu *cpu);

/* Hands job to cpu if it is idle; false if it is busy or absent. */
bool smp_post(struct percpu *cpu, const struct smp_job *job, uint64_t argument);

/* Whether cpu has finished its last job and waits for another. */
bool smp_idle(const struct percpu *cpu);

/* A count of what other CPUs have done that the boot CPU may wait for:
 * each job finished, and the log's slow consoles written up to date. */
uint32_t smp_progress(void);

/*
 * Boot CPU only, with work under way on another CPU: halts until the
 * count is past seen (a smp_progress taken before looking at the work);
 * the CPU that makes progress wakes it.  A spinning boot CPU would hold a
 * host CPU that, in a virtual machine, the working CPU may need.  Needs
 * the boot CPU's local APIC enabled.
 */
void smp_wait_for_progress_since(uint32_t seen);

/* Counts one step of progress and wakes the boot CPU if it sleeps. */
void smp_report_progress(void);

static inline void cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

#endif
