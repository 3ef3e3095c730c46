/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_DESCRIPTOR_TABLES_H
#define ONEPATH_DESCRIPTOR_TABLES_H

/* The kernel's GDT, TSS and IDT: from this call on, every exception ends
 * in its named report (kernel/exception.c).  The first thing C does. */
void descriptor_tables_load(void);

#endif
