/* SPDX-License-Identifier: MIT */
#include "smp.h"

#include "cmdline_option.h"
#include "control_registers.h"
#include "cpu.h"
#include "descriptor_tables.h"
#include "lapic.h"
#include "log.h"
#include "page_alloc.h"
#include "stacks.h"
#include "status.h"
#include "tsc.h"

#define CPU_STACK_SIZE (16ull * 1024)
#define ASSUMED_TSC_KHZ 3000000u /* for waits before the TSC is measured */

struct smp_boot_state smp_boot_state;
/* Odd while smp_boot_state is being written; 0: never published. */
static uint32_t boot_state_generation;
uint32_t smp_cpus_online = 1;
static uint32_t cpus_allowed = CPUS_MAX;
static uint32_t cpus_started = 1;

/* What smp_join needs, the boot CPU's alone: the start entry's method,
 * and per CPU told to start, when, and when its start command is due
 * again, until it answers or is given up on. */
static const char *start_method;
static uint32_t cpus_listed, repeat_command, cpus_silent;
static uint64_t told_tsc[CPUS_MAX], repeat_due[CPUS_MAX], repeat_gap[CPUS_MAX];
static bool silent[CPUS_MAX];
static bool count_logged;

/* Jobs finished and other work other CPUs have done that the boot CPU
 * may wait for, and whether it sleeps until there is more
 * (smp_wait_for_progress_since). */
static uint32_t progress;
static bool boot_cpu_sleeps;

/* One stack per CPU but the boot CPU (it keeps the boot stack), each above
 * a guard page that page_tables leaves unmapped. */
static uint8_t cpu_stacks[CPUS_MAX - 1][PAGE_SIZE + CPU_STACK_SIZE]
	__attribute__((aligned(PAGE_SIZE)));

STACK_ENTRY(cpu_stack_entry) = {
	.name = "kernel",
	.guard = (const char *)cpu_stacks[0],
	.bottom = (const char *)cpu_stacks[0] + PAGE_SIZE,
	.top = (const char *)cpu_stacks[0] + sizeof(cpu_stacks[0]),
	.copies = CPUS_MAX - 1,
	.stride = sizeof(cpu_stacks[0]),
	.first_cpu = 1,
};

uint32_t smp_cpus_allowed(void)
{
	return cpus_allowed;
}

uint32_t smp_cpus_started(void)
{
	return cpus_started;
}

bool smp_cpu_online(uint32_t index)
{
	return !index || (index < cpus_started && percpu[index].online);
}

void smp_save_boot_state(void)
{
	struct smp_boot_state now = {
		.cr0 = read_cr0(),
		.cr3 = read_cr3(),
		.cr4 = read_cr4(),
		.efer = rdmsr(MSR_EFER),
	};
	uint32_t generation = boot_state_generation;

	/* A sequence lock: a reader that saw an odd or changed generation
	 * reads again.  Only the boot CPU writes. */
	__atomic_store_n(&boot_state_generation, generation + 1,
			 __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&smp_boot_state.cr0, now.cr0, __ATOMIC_RELAXED);
	__atomic_store_n(&smp_boot_state.cr3, now.cr3, __ATOMIC_RELAXED);
	__atomic_store_n(&smp_boot_state.cr4, now.cr4, __ATOMIC_RELAXED);
	__atomic_store_n(&smp_boot_state.efer, now.efer, __ATOMIC_RELAXED);
	__atomic_store_n(&boot_state_generation, generation + 2,
			 __ATOMIC_RELEASE);
}

/* Loads the latest smp_boot_state unless this CPU holds it already:
 * EFER first (NXE before tables that use NX), CR3 last. */
static void catch_up_with_boot_state(struct percpu *cpu)
{
	struct smp_boot_state state;
	uint32_t generation;

	if (__atomic_load_n(&boot_state_generation, __ATOMIC_ACQUIRE) ==
	    cpu->boot_state_generation)
		return;
	do {
		generation = __atomic_load_n(&boot_state_generation,
					     __ATOMIC_ACQUIRE);
		state.cr0 =
			__atomic_load_n(&smp_boot_state.cr0, __ATOMIC_RELAXED);
		state.cr3 =
			__atomic_load_n(&smp_boot_state.cr3, __ATOMIC_RELAXED);
		state.cr4 =
			__atomic_load_n(&smp_boot_state.cr4, __ATOMIC_RELAXED);
		state.efer =
			__atomic_load_n(&smp_boot_state.efer, __ATOMIC_RELAXED);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((generation & 1) ||
		 generation != __atomic_load_n(&boot_state_generation,
					       __ATOMIC_RELAXED));
	wrmsr(MSR_EFER, state.efer);
	write_cr4(state.cr4);
	write_cr0(state.cr0);
	write_cr3(state.cr3);
	cpu->boot_state_generation = generation;
}

struct percpu *smp_next_cpu(uint32_t apic_id)
{
	struct percpu *cpu;

	if (cpus_started == CPUS_MAX)
		return NULL;
	cpu = &percpu[cpus_started++];
	cpu->self = cpu;
	cpu->index = (uint32_t)(cpu - percpu);
	cpu->apic_id = apic_id;
	__atomic_store_n(&cpu->state, CPU_STARTING, __ATOMIC_RELEASE);
	return cpu;
}

uint64_t smp_stack_top(const struct percpu *cpu)
{
	return stack_top_of(&cpu_stack_entry, cpu->index);
}

uint64_t smp_tsc_per_ms(void)
{
	return tsc_khz ? tsc_khz : ASSUMED_TSC_KHZ;
}

void smp_starting(const char *how, uint32_t listed)
{
	start_method = how;
	cpus_listed = listed;
}

void smp_told_to_start(struct percpu *cpu, uint64_t since_tsc,
		       uint32_t repeat_icr)
{
	told_tsc[cpu->index] = since_tsc;
	repeat_gap[cpu->index] = SMP_REPEAT_US * smp_tsc_per_ms() / 1000;
	repeat_due[cpu->index] = since_tsc + repeat_gap[cpu->index];
	repeat_command = repeat_icr;
	silent[cpu->index] = true;
	cpus_silent++;
}

/* One look at a CPU still silent: up, given up on, or still waited for
 * (its start command repeated when due). */
static void check_silent(struct percpu *cpu, uint64_t now)
{
	uint32_t index = cpu->index, starting = CPU_STARTING;
	uint64_t since = told_tsc[index];

	if (__atomic_load_n(&cpu->state, __ATOMIC_ACQUIRE) == CPU_STARTING) {
		if (now - since < SMP_ANSWER_TIMEOUT_MS * smp_tsc_per_ms()) {
			/* Each gap twice the last: a CPU that is not
			 * there costs a dozen commands, not thousands. */
			if (repeat_command && now >= repeat_due[index]) {
				lapic_send(cpu->apic_id, repeat_command);
				repeat_gap[index] *= 2;
				repeat_due[index] = now + repeat_gap[index];
			}
			return;
		}
		/* Give up on it for good: should it answer later, it finds
		 * itself no longer expected and halts (smp_cpu_main). */
		if (__atomic_compare_exchange_n(
			    &cpu->state, &starting, CPU_ABSENT, false,
			    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			log_warn("smp: W_SMP_CPU_NO_ANSWER: CPU %u (APIC ID "
				 "%u) did not answer within %u ms; the boot "
				 "goes on without it",
				 index, cpu->apic_id, SMP_ANSWER_TIMEOUT_MS);
			silent[index] = false;
			cpus_silent--;
			return;
		}
	}
	silent[index] = false;
	cpus_silent--;
	cpu->online = true;
	smp_cpus_online++;
	/* Its TSC may lag the boot CPU's a little: no negative times. */
	log_info("smp: CPU %u (APIC ID %u) up after %llu us", index,
		 cpu->apic_id,
		 (unsigned long long)(cpu->started_tsc > since
					      ? (cpu->started_tsc - since) *
							1000 / smp_tsc_per_ms()
					      : 0));
}

void smp_join(bool wait)
{
	if (!start_method || count_logged)
		return;
	for (;;) {
		uint64_t now = rdtsc();

		for (uint32_t i = 1; i < cpus_started && cpus_silent; i++)
			if (silent[i])
				check_silent(&percpu[i], now);
		if (!cpus_silent || !wait)
			break;
		cpu_relax();
	}
	if (cpus_silent)
		return;
	count_logged = true;
	log_info("smp: %u CPU%s up (%u listed, smp= allows %u; %s)",
		 smp_cpus_online, smp_cpus_online == 1 ? "" : "s", cpus_listed,
		 cpus_allowed, start_method);
}

bool smp_post(struct percpu *cpu, const struct smp_job *job, uint64_t argument)
{
	uint32_t idle = CPU_IDLE;

	if (!__atomic_compare_exchange_n(&cpu->state, &idle, CPU_CLAIMED, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return false;
	cpu->job = job;
	cpu->job_argument = argument;
	__atomic_store_n(&cpu->state, CPU_BUSY, __ATOMIC_RELEASE);
	smp_wake(cpu);
	return true;
}

void smp_wake(const struct percpu *cpu)
{
	lapic_send(cpu->apic_id, LAPIC_ICR_FIXED | LAPIC_WAKEUP_VECTOR);
}

uint32_t smp_progress(void)
{
	return __atomic_load_n(&progress, __ATOMIC_SEQ_CST);
}

void smp_wait_for_progress_since(uint32_t seen)
{
	/* Each side stores, then loads what the other stored (sequentially
	 * consistent): either this CPU sees the progress, or the CPU that
	 * made it sees it asleep and wakes it.  A wakeup that comes before
	 * the hlt is held until "sti; hlt" takes it. */
	__atomic_store_n(&boot_cpu_sleeps, true, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&progress, __ATOMIC_SEQ_CST) == seen)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	__atomic_store_n(&boot_cpu_sleeps, false, __ATOMIC_RELAXED);
}

void smp_report_progress(void)
{
	__atomic_fetch_add(&progress, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&boot_cpu_sleeps, __ATOMIC_SEQ_CST))
		smp_wake(&percpu[0]);
}

bool smp_idle(const struct percpu *cpu)
{
	return __atomic_load_n(&cpu->state, __ATOMIC_ACQUIRE) == CPU_IDLE;
}

void smp_cpu_main(struct percpu *cpu)
{
	uint32_t starting = CPU_STARTING;

	percpu_enter(cpu);
	catch_up_with_boot_state(cpu);
	descriptor_tables_load(cpu->index);
	lapic_enable();
	cpu->started_tsc = rdtsc();
	if (!__atomic_compare_exchange_n(&cpu->state, &starting, CPU_IDLE,
					 false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		halt_forever(); /* too late: the boot went on without it */
	/* Idle in hlt, not in a loop that would take a virtual machine's
	 * host CPU from the others: smp_post's wakeup interrupt ends it, as
	 * does the log's when it makes this CPU the slow consoles' writer.
	 * Interrupts are only on inside "sti; hlt", whose interrupt shadow
	 * keeps a wakeup sent after the test from being missed. */
	for (;;) {
		log_write_deferred();
		while (__atomic_load_n(&cpu->state, __ATOMIC_ACQUIRE) !=
		       CPU_BUSY) {
			__asm__ volatile("sti; hlt; cli" ::: "memory");
			log_write_deferred();
		}
		catch_up_with_boot_state(cpu);
		cpu->job->run(cpu->job_argument);
		__atomic_store_n(&cpu->state, CPU_IDLE, __ATOMIC_RELEASE);
		smp_report_progress();
	}
}

static int parse_smp(const char *value, size_t length, bool has_value)
{
	uint32_t count = 0;

	if (!has_value || !length || length > 4)
		return STATUS_EINVAL;
	for (size_t i = 0; i < length; i++) {
		if (value[i] < '0' || value[i] > '9')
			return STATUS_EINVAL;
		count = count * 10 + (uint32_t)(value[i] - '0');
	}
	if (!count)
		return STATUS_EINVAL;
	cpus_allowed = count < CPUS_MAX ? count : CPUS_MAX;
	return STATUS_OK;
}

static int parse_nosmp(const char *value, size_t length, bool has_value)
{
	(void)value;
	(void)length;
	if (has_value)
		return STATUS_EINVAL;
	cpus_allowed = 1;
	return STATUS_OK;
}

CMDLINE_OPTION(smp_option) = {
	.name = "smp",
	.usage = "smp=N",
	.help = "use at most N CPUs, the boot CPU included (1 or more)",
	.parse = parse_smp,
};

CMDLINE_OPTION(nosmp_option) = {
	.name = "nosmp",
	.usage = "nosmp",
	.help = "use the boot CPU only (as smp=1)",
	.parse = parse_nosmp,
};
