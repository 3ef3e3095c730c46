/* SPDX-License-Identifier: MIT */
/*
 * mem.scrub: zero every free page below 4 GiB at boot, so no data of an
 * earlier boot or another guest survives into this one (Xen scrubs its heap
 * on every CPU at boot for the same reason).  The memory is cut into 2 MiB
 * chunks; the boot CPU and every CPU up take chunks from one counter until
 * none is left, so the work splits across them whatever their speed.  A
 * CPU still running another entry of the level joins once it is idle: the
 * boot CPU asks again after each chunk.
 */
#include "cmdline_option.h"
#include "cpu.h"
#include "fmt.h"
#include "log.h"
#include "page_alloc.h"
#include "percpu.h"
#include "smp.h"
#include "status.h"
#include "tsc.h"
#include "../tables/init.h"

#define CHUNK (2ull << 20)

static bool scrub_requested;
static uint64_t chunks_total, chunk_next;
static uint32_t helpers_running;
static uint64_t bytes_by_cpu[CPUS_MAX];

/* The address and length of chunk c, counting through the free ranges. */
static __init bool chunk_at(uint64_t c, uint64_t *start, uint64_t *length)
{
	uint64_t first, end;

	for (uint32_t i = 0; page_alloc_free_range(i, &first, &end); i++) {
		uint64_t chunks = (end - first + CHUNK - 1) / CHUNK;

		if (c < chunks) {
			*start = first + c * CHUNK;
			*length = end - *start < CHUNK ? end - *start : CHUNK;
			return true;
		}
		c -= chunks;
	}
	return false;
}

static __init void zero(uint64_t start, uint64_t length)
{
	uint64_t words = length / sizeof(uint64_t);
	void *at = (void *)(uintptr_t)start;

	__asm__ volatile("rep stosq"
			 : "+D"(at), "+c"(words)
			 : "a"(0ull)
			 : "memory");
}

/* Zeroes the next chunk on the calling CPU; false once none is left. */
static __init bool scrub_next_chunk(uint32_t cpu)
{
	uint64_t c = __atomic_fetch_add(&chunk_next, 1, __ATOMIC_RELAXED);
	uint64_t start, length;

	if (c >= chunks_total)
		return false;
	if (chunk_at(c, &start, &length)) {
		zero(start, length);
		bytes_by_cpu[cpu] += length;
	}
	return true;
}

static __init void scrub_job_run(uint64_t unused)
{
	uint32_t cpu = this_cpu()->index;

	(void)unused;
	while (scrub_next_chunk(cpu))
		;
	__atomic_fetch_sub(&helpers_running, 1, __ATOMIC_RELEASE);
}

static const struct smp_job scrub_job __initconst = {
	.name = "mem.scrub",
	.run = scrub_job_run,
};

/* Gives a share to each CPU up that has none yet and is idle now. */
static __init void enlist_idle_cpus(bool *enlisted)
{
	for (uint32_t cpu = 1; cpu < smp_cpus_started(); cpu++) {
		if (enlisted[cpu] || !smp_cpu_online(cpu) ||
		    !smp_idle(&percpu[cpu]))
			continue;
		__atomic_fetch_add(&helpers_running, 1, __ATOMIC_ACQUIRE);
		if (smp_post(&percpu[cpu], &scrub_job, 0))
			enlisted[cpu] = true;
		else
			__atomic_fetch_sub(&helpers_running, 1,
					   __ATOMIC_RELEASE);
	}
}

static __init bool scrub_wanted(const struct boot_params *params)
{
	(void)params;
	return scrub_requested;
}

static __init int mem_scrub_init(struct boot_params *params)
{
	uint64_t first, end, total = 0, start_tsc = rdtsc();
	uint32_t cpus = 0;
	bool enlisted[CPUS_MAX] = { false };
	char share[160];
	int used = 0;

	(void)params;
	smp_join(true); /* every CPU takes a share */
	/* An entry on another CPU that takes a page meanwhile waits: its page
	 * could lie in a chunk not zeroed yet, and the chunks are counted
	 * from where the free ranges start. */
	page_alloc_hold();
	for (uint32_t i = 0; page_alloc_free_range(i, &first, &end); i++) {
		chunks_total += (end - first + CHUNK - 1) / CHUNK;
		total += end - first;
	}
	do
		enlist_idle_cpus(enlisted);
	while (scrub_next_chunk(0));
	while (__atomic_load_n(&helpers_running, __ATOMIC_ACQUIRE))
		cpu_relax();
	page_alloc_release();

	uint64_t cycles = rdtsc() - start_tsc;
	/* The CPUs that zeroed a chunk: one enlisted last may find none. */
	for (uint32_t cpu = 0; cpu < smp_cpus_started(); cpu++)
		if (bytes_by_cpu[cpu] && ++cpus && used < (int)sizeof(share))
			used += fmt_snprintf(
				share + used, sizeof(share) - used,
				"%sCPU %u %llu MiB", used ? ", " : "", cpu,
				(unsigned long long)(bytes_by_cpu[cpu] >> 20));
	log_info("mem_scrub: %llu MiB zeroed on %u CPU%s in %llu us (%s)",
		 (unsigned long long)(total >> 20), cpus, cpus == 1 ? "" : "s",
		 (unsigned long long)(cycles * 1000 / smp_tsc_per_ms()), share);
	return STATUS_OK;
}

INIT_ENTRY(mem_scrub, LATE, SUBARCH_PC | SUBARCH_XEN, mem_scrub_init,
	   INIT_AFTER(page_tables), .detect = scrub_wanted,
	   .flags = INIT_BOOT_CPU);

static int parse_mem_scrub(const char *value, size_t length, bool has_value)
{
	(void)value;
	(void)length;
	if (has_value)
		return STATUS_EINVAL;
	scrub_requested = true;
	return STATUS_OK;
}

CMDLINE_OPTION(mem_scrub_option) = {
	.name = "mem.scrub",
	.usage = "mem.scrub",
	.help = "zero every free page below 4 GiB at boot, split across the "
		"CPUs",
	.parse = parse_mem_scrub,
};
