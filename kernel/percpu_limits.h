/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_PERCPU_LIMITS_H
#define ONEPATH_PERCPU_LIMITS_H
/*
 * How many CPUs onepath runs on at most: every per-CPU structure (stacks,
 * descriptor tables, log capture) is sized by it at build time, and the
 * MADT parser stops there with a named warning.
 */
#define CPUS_MAX 16

#endif
