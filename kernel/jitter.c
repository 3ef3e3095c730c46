/* SPDX-License-Identifier: MIT */
#include "jitter.h"

#include <stdbool.h>
#include <stdint.h>

#include "cmdline_option.h"
#include "cpu.h"
#include "percpu.h"
#include "smp.h"
#include "status.h"

#define DIGITS_MAX 19 /* below 2^64 */
#define SEED_SPREAD 0x9e3779b97f4a7c15ull

static bool jitter_on;
static uint64_t jitter_seed;
static uint64_t jitter_state[CPUS_MAX];

void jitter_delay(void)
{
	if (!jitter_on)
		return;
	uint32_t cpu = this_cpu()->index;
	uint64_t *state = &jitter_state[cpu];

	if (!*state)
		*state = (jitter_seed + cpu + 1) * SEED_SPREAD | 1;
	/* xorshift64: per CPU, so no CPU waits on another's draw */
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	uint64_t end =
		rdtsc() + (*state % JITTER_MAX_US) * smp_tsc_per_ms() / 1000;
	while (rdtsc() < end)
		cpu_relax();
}

static int parse_init_jitter(const char *value, size_t length, bool has_value)
{
	uint64_t seed = 0;

	if (!has_value || !length || length > DIGITS_MAX)
		return STATUS_EINVAL;
	for (size_t i = 0; i < length; i++) {
		if (value[i] < '0' || value[i] > '9')
			return STATUS_EINVAL;
		seed = seed * 10 + (uint64_t)(value[i] - '0');
	}
	jitter_seed = seed;
	jitter_on = true;
	return STATUS_OK;
}

CMDLINE_OPTION(init_jitter_option) = {
	.name = "init.jitter",
	.usage = "init.jitter=SEED",
	.help = "random delays inside init entries and between log lines, "
		"drawn from SEED (a stress test of the parallel walk)",
	.parse = parse_init_jitter,
};
