/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_TSC_H
#define ONEPATH_TSC_H
/*
 * The TSC frequency, from the first source of the "tsc_freq" init group
 * that knows it, all at CONSOLE (after ACPI's root), by priority: first
 * those that tell it at once (Xen's time leaf, CPUID leaves 0x15/0x16,
 * the KVM clock, the hypervisor timing leaf 0x40000010); then, on a PC
 * with none of them, a timing window on the HPET, the ACPI PM timer or
 * the PIT opens, and closes as the CPU level ends
 * (platforms/pc/tsc_window.c): other entries run inside it.
 * Where nothing answers, tsc_freq_none says what was looked for.  0 until
 * known.  COM1 comes up after the CPU level, so its replay of the log has
 * every line's time.
 */
#include <stdint.h>

extern uint64_t tsc_khz;

/* The TSC when the entry code started (boot/entry.asm). */
extern const uint64_t boot_entry_tsc;

/* Microseconds from entry to tsc, or -1 while the frequency is unknown. */
int64_t tsc_us_since_entry(uint64_t tsc);

/* The TSC `seconds` from now, for a bounded wait; while the frequency is
 * unknown, counted at 1 GHz, which only keeps the bound finite. */
uint64_t tsc_deadline(unsigned int seconds);

#endif
