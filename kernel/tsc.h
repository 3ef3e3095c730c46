/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_TSC_H
#define ONEPATH_TSC_H
/*
 * The TSC frequency, from the first source of the "tsc_freq" init group
 * that knows it: CPUID leaves 0x15/0x16, the hypervisor's leaves, or, on a
 * PC with neither, a short PIT window.  0 until then.
 */
#include <stdint.h>

extern uint64_t tsc_khz;
extern const char *tsc_source;

#endif
