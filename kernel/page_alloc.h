/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_PAGE_ALLOC_H
#define ONEPATH_PAGE_ALLOC_H
/*
 * Physical pages from the usable RAM of the memory map, minus the first
 * MiB, the kernel image and the modules.  Pages come back zeroed.
 */
#include <stdint.h>

#include "paging.h"

/* The physical (= virtual, identity-mapped) address of a zeroed page, or 0. */
uint64_t page_alloc(void);

#endif
