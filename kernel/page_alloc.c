/* SPDX-License-Identifier: MIT */
#include "page_alloc.h"

#include "boot_params.h"
#include "image.h"
#include "klib.h"
#include "log.h"
#include "spinlock.h"
#include "status.h"
#include "../tables/init.h"

#define RANGES_MAX (BOOT_MEMMAP_MAX + BOOT_MODULES_MAX + 2)

struct range {
	uint64_t start, end;
};

static struct range free_ranges[RANGES_MAX];
static uint32_t range_count;
static uint32_t current_range;
static uint64_t freed_list; /* singly linked through the freed pages */
static uint64_t free_pages;
/* Entries on several CPUs may take pages at once; mem.scrub holds it
 * while it zeroes the free ranges. */
static struct spinlock lock;

uint64_t page_alloc(void)
{
	uint64_t page = 0;

	spin_lock(&lock);
	if (freed_list) {
		page = freed_list;
		freed_list = *(uint64_t *)(uintptr_t)page;
	} else {
		while (current_range < range_count &&
		       free_ranges[current_range].start >=
			       free_ranges[current_range].end)
			current_range++;
		if (current_range < range_count) {
			page = free_ranges[current_range].start;
			free_ranges[current_range].start += PAGE_SIZE;
		}
	}
	if (page)
		free_pages--;
	spin_unlock(&lock);
	if (page)
		memset((void *)(uintptr_t)page, 0, PAGE_SIZE);
	return page;
}

void page_free(uint64_t page)
{
	spin_lock(&lock);
	*(uint64_t *)(uintptr_t)page = freed_list;
	freed_list = page;
	free_pages++;
	spin_unlock(&lock);
}

uint64_t pages_alloc(size_t count)
{
	uint64_t first = 0;

	if (count == 1)
		return page_alloc();
	spin_lock(&lock);
	for (uint32_t i = current_range;
	     count && count <= free_pages && i < range_count; i++) {
		struct range *r = &free_ranges[i];

		if ((r->end - r->start) / PAGE_SIZE < count)
			continue;
		first = r->start;
		r->start += count * PAGE_SIZE;
		free_pages -= count;
		break;
	}
	spin_unlock(&lock);
	if (first)
		memset((void *)(uintptr_t)first, 0, count * PAGE_SIZE);
	return first;
}

void page_alloc_hold(void)
{
	spin_lock(&lock);
}

void page_alloc_release(void)
{
	spin_unlock(&lock);
}

void pages_free(uint64_t first, size_t count)
{
	for (size_t i = 0; i < count; i++)
		page_free(first + i * PAGE_SIZE);
}

bool page_alloc_free_range(uint32_t i, uint64_t *start, uint64_t *end)
{
	if (i >= range_count)
		return false;
	*start = free_ranges[i].start;
	*end = free_ranges[i].end > free_ranges[i].start ? free_ranges[i].end
							 : free_ranges[i].start;
	return true;
}

/* Removes [start, end) from every free range, splitting one if needed. */
static __init void reserve(uint64_t start, uint64_t end)
{
	start &= ~(uint64_t)(PAGE_SIZE - 1);
	end = (end + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	for (uint32_t i = 0; i < range_count; i++) {
		struct range *r = &free_ranges[i];

		if (end <= r->start || start >= r->end)
			continue;
		if (start > r->start && end < r->end &&
		    range_count < RANGES_MAX) {
			memmove(r + 2, r + 1,
				(range_count - i - 1) * sizeof(*r));
			r[1] = (struct range){ end, r->end };
			r->end = start;
			range_count++;
			i++;
		} else if (start > r->start) {
			r->end = start;
		} else {
			r->start = end < r->end ? end : r->end;
		}
	}
}

static __init int page_alloc_init(struct boot_params *params)
{
	for (uint32_t i = 0;
	     i < params->memmap_count && range_count < RANGES_MAX; i++) {
		const struct e820_entry *e = &params->memmap[i];
		uint64_t end = e->addr + e->size;

		if (e->type != E820_USABLE || e->addr >= IDENTITY_FLOOR)
			continue;
		free_ranges[range_count++] = (struct range){
			e->addr, end < IDENTITY_FLOOR ? end : IDENTITY_FLOOR
		};
	}
	reserve(0, LOW_MEMORY_END);
	reserve((uint64_t)(uintptr_t)image_start,
		(uint64_t)(uintptr_t)image_end);
	for (uint32_t i = 0; i < params->module_count; i++)
		reserve(params->modules[i].start, params->modules[i].end);

	for (uint32_t i = 0; i < range_count; i++)
		if (free_ranges[i].end > free_ranges[i].start)
			free_pages +=
				(free_ranges[i].end - free_ranges[i].start) /
				PAGE_SIZE;
	/* "page_alloc: %llu KiB free below 4 GiB in %u ranges", built in
	 * place. */
	if (log_wants(LOG_INFO)) {
		struct log_line line;

		log_line_start(&line);
		log_line_put_literal(&line, "page_alloc: ");
		log_line_put_decimal_call(&line, free_pages * PAGE_SIZE / 1024);
		log_line_put_literal(&line, " KiB free below 4 GiB in ");
		log_line_put_decimal_call(&line, range_count);
		log_line_put_literal(&line, " ranges");
		log_line_write(LOG_INFO, &line);
	}
	return free_pages ? STATUS_OK : STATUS_ENOMEM;
}

INIT_ENTRY(page_alloc, MEMORY, SUBARCH_ALL, page_alloc_init, INIT_AFTER(memmap),
	   .flags = INIT_CRITICAL);
