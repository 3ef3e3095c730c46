/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_PAGE_ALLOC_H
#define ONEPATH_PAGE_ALLOC_H
/*
 * Physical pages from the usable RAM of the memory map, minus the first
 * MiB, the kernel image and the modules.  Pages come back zeroed.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "paging.h"

/* The physical (= virtual, identity-mapped) address of a zeroed page, or 0. */
uint64_t page_alloc(void);
/* Gives back a page page_alloc() gave (the app's pages, the heap's). */
void page_free(uint64_t page);

/* count contiguous zeroed pages (the first one's address), or 0. */
uint64_t pages_alloc(size_t count);
/* Gives back a run pages_alloc() gave. */
void pages_free(uint64_t first, size_t count);

/* Free range i, [*start, *end), of pages not handed out yet; false past
 * the last range.  Between page_alloc_hold() and page_alloc_release() the
 * ranges stay as they are: every other CPU's page_alloc waits. */
bool page_alloc_free_range(uint32_t i, uint64_t *start, uint64_t *end);
void page_alloc_hold(void);
void page_alloc_release(void);

#endif
