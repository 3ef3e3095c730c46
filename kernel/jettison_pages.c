/* SPDX-License-Identifier: MIT */
#include "jettison_pages.h"

#include <stddef.h>

enum walk {
	WALK_ABSENT, /* some level is not present */
	WALK_COARSE, /* a 2 MiB or 1 GiB page maps it */
	WALK_FINE,   /* *pte is its present 4 KiB entry */
};

static enum walk walk(uint64_t root, uint64_t address, uint64_t **pte)
{
	uint64_t *table = (uint64_t *)(uintptr_t)(root & PTE_ADDRESS);

	for (int shift = 39; shift > 12; shift -= 9) {
		uint64_t entry = table[(address >> shift) & 511];

		if (!(entry & PTE_PRESENT))
			return WALK_ABSENT;
		if (entry & PTE_HUGE)
			return WALK_COARSE;
		table = (uint64_t *)(uintptr_t)(entry & PTE_ADDRESS);
	}
	*pte = &table[(address >> 12) & 511];
	return **pte & PTE_PRESENT ? WALK_FINE : WALK_ABSENT;
}

struct jettison_pages jettison_unmap_pages(uint64_t root, uint64_t start,
					   uint64_t end)
{
	struct jettison_pages done = { 0 };
	uint64_t page = start & ~(PAGE_SIZE - 1);

	if (end <= start)
		return done;
	if (page != start) {
		done.shared = true;
		page += PAGE_SIZE;
	}
	for (; page < end; page += PAGE_SIZE) {
		uint64_t *pte = NULL;
		uint64_t last = page + PAGE_SIZE < end ? page + PAGE_SIZE : end;

		switch (walk(root, page, &pte)) {
		case WALK_ABSENT: done.absent++; break;
		case WALK_COARSE: done.coarse++; break;
		case WALK_FINE:
			*pte &= ~PTE_PRESENT;
			done.pages++;
			done.bytes += last - page;
			break;
		}
	}
	return done;
}

bool jettison_page_absent(uint64_t root, uint64_t address)
{
	uint64_t *pte = NULL;

	return walk(root, address, &pte) == WALK_ABSENT;
}
