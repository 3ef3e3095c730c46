/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_TSC_H
#define ONEPATH_TSC_H
/*
 * The TSC frequency, from the first source of the "tsc_freq" init group
 * that knows it: CPUID leaves 0x15/0x16, the hypervisor's leaves, or, on a
 * PC with neither, a short PIT window.  0 until then.  The group runs at
 * EARLY, before the consoles, so that the log's timestamps are known by
 * the time late consoles replay it.
 */
#include <stdint.h>

extern uint64_t tsc_khz;

/* The TSC when the entry code started (boot/entry.asm). */
extern const uint64_t boot_entry_tsc;

/* Microseconds from entry to tsc, or -1 while the frequency is unknown. */
int64_t tsc_us_since_entry(uint64_t tsc);

#endif
