/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_LAPIC_H
#define ONEPATH_LAPIC_H
/*
 * The running CPU's local APIC, in the mode that CPU has it in (xAPIC
 * registers in memory, or x2APIC MSRs): the only piece of it onepath uses
 * is the interrupt command register, to start CPUs (PC) and to wake an
 * idle CPU for a job (every subarch: Xen emulates the local APIC for PVH
 * guests too).
 */
#include <stdint.h>

#define LAPIC_WAKEUP_VECTOR 0x20   /* the first vector after exceptions */
#define LAPIC_SPURIOUS_VECTOR 0x2f /* low four bits set, as P6 wants */
#define LAPIC_VECTORS 0x30         /* the IDT covers up to here */

#define LAPIC_ICR_INIT 0x00004500u    /* INIT, level assert */
#define LAPIC_ICR_STARTUP 0x00004600u /* start-up, level assert, | page */
#define LAPIC_ICR_FIXED 0x00004000u   /* fixed, level assert, | vector */

/* Switches the running CPU's local APIC to x2APIC mode if the CPU has
 * it (IDs past 255, no register page to map). */
void lapic_prefer_x2apic(void);
/* Declares the register page to page_tables (page_tables.h): an xAPIC
 * reads and writes it, and a CPU started later begins in xAPIC mode even
 * where the boot CPU switched to x2APIC.  Init only. */
int lapic_map_registers(void);
/* Whether the running CPU's local APIC is in x2APIC mode. */
int lapic_x2apic_mode(void);
uint32_t lapic_id(void);
void lapic_send(uint32_t apic_id, uint32_t command);
/* Software-enables the local APIC, so fixed IPIs reach this CPU. */
void lapic_enable(void);
/* The wakeup interrupt's handler, for the IDT. */
void lapic_wakeup_interrupt(void *frame);
void lapic_spurious_interrupt(void *frame);

#endif
