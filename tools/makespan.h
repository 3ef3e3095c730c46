/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_MAKESPAN_H
#define ONEPATH_MAKESPAN_H
/*
 * inittab --makespan: what the parallel walk (tables/init_run.c) can gain.
 * From per-entry costs (the cycles a boot log reports for each entry that
 * ran; a bench run writes one), for one subarch: the levels that run
 * serially (up to the one with the INIT_STARTS_CPUS entry), the critical
 * path of the rest (levels are barriers, so it is the longest dependency
 * chain of each parallel level, end to end), and the makespan of a greedy
 * list schedule on k CPUs, the walk's own rule: an entry whose
 * dependencies and earlier group members are done goes to an idle CPU,
 * an INIT_BOOT_CPU entry to CPU 0 only.
 */
#include <stdint.h>
#include <stdio.h>

#include "../tables/init.h"

/* Returns 0, or -1 (with a message) if the costs file cannot be read. */
int makespan_report(FILE *out, const struct init_entry *entries, uint32_t count,
		    const uint32_t *order, uint32_t subarch,
		    const char *costs_path);

#endif
