/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_PAGING_H
#define ONEPATH_PAGING_H
/*
 * The x86-64 page and page-table entry format.  The asm reads these too
 * (tools/asm-constants.py), so they are written here only.
 */
#define PAGE_SIZE 4096ull

#define PTE_PRESENT (1ull << 0)
#define PTE_WRITABLE (1ull << 1)
#define PTE_HUGE (1ull << 7) /* a 2 MiB or 1 GiB page, not a table */
#define PTE_NX (1ull << 63)
#define PTE_ADDRESS 0x000ffffffffff000ull

/* The low 4 GiB are identity-mapped whatever the RAM by the early page
 * tables (boot/early_page_tables.asm), from the door until page_tables
 * switches to its own, which map only what the kernel may touch (the
 * memory map's RAM and firmware, the modules, declared device windows:
 * page_tables.h). */
#define IDENTITY_FLOOR (1ull << 32)
/* The lower half of the 4-level address space: all an identity map can
 * reach. */
#define IDENTITY_LIMIT (1ull << 47)

#endif
