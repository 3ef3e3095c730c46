/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_DESCRIPTOR_TABLES_H
#define ONEPATH_DESCRIPTOR_TABLES_H
#include <stdint.h>

/* CPU cpu's own GDT, TSS (the double fault on its own IST stack) and IDT:
 * from this call on, every exception on that CPU ends in its named report
 * (kernel/exception.c).  The first thing C does on each CPU. */
void descriptor_tables_load(uint32_t cpu);

#endif
