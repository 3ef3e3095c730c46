/* SPDX-License-Identifier: MIT */
#include "jettison.h"

#include "cpu.h"
#include "image.h"
#include "log.h"
#include "page_alloc.h"

#define PTE_PRESENT (1ull << 0)
#define PTE_HUGE (1ull << 7)
#define PTE_ADDRESS 0x000ffffffffff000ull

extern const char init_text_start[], init_text_end[], text_common_end[];
extern const char init_rodata_start[], init_rodata_end[];

PRIVATE_REGION(init_text_region) = {
	.what = "init-only code",
	.subarchs = 0,
	.code = true,
	.start = init_text_start,
	.end = init_text_end,
};

PRIVATE_REGION(init_rodata_region) = {
	.what = "init-only data",
	.subarchs = 0,
	.code = false,
	.start = init_rodata_start,
	.end = init_rodata_end,
};

static uint32_t running_subarch;
static bool done;

static bool unmapped_here(const struct private_region *region)
{
	return done && !(region->subarchs & running_subarch);
}

/* The 4 KiB page-table entry mapping address (the image is mapped in
 * 4 KiB pages by page_tables), or NULL. */
static uint64_t *pte_of(uint64_t address)
{
	uint64_t *table = (uint64_t *)(uintptr_t)(read_cr3() & PTE_ADDRESS);

	for (int shift = 39; shift > 12; shift -= 9) {
		uint64_t entry = table[(address >> shift) & 511];

		if (!(entry & PTE_PRESENT) || (entry & PTE_HUGE))
			return NULL;
		table = (uint64_t *)(uintptr_t)(entry & PTE_ADDRESS);
	}
	return &table[(address >> 12) & 511];
}

static uint64_t unmap(const struct private_region *region)
{
	uint64_t start = (uintptr_t)region->start;
	uint64_t end = ((uintptr_t)region->end + PAGE_SIZE - 1) &
		       ~(uint64_t)(PAGE_SIZE - 1);

	for (uint64_t page = start; page < end; page += PAGE_SIZE) {
		uint64_t *pte = pte_of(page);

		if (pte)
			*pte &= ~PTE_PRESENT;
	}
	return (uintptr_t)region->end - (uintptr_t)region->start;
}

void jettison(const struct boot_params *params)
{
	const struct private_region *region;
	uint64_t code_unmapped = 0, data_unmapped = 0;
	/* Code bytes, not the alignment padding between the sections. */
	uint64_t image_code =
		(uintptr_t)text_common_end - (uintptr_t)image_text_start;

	running_subarch = params->subarch;
	TABLE_FOR_EACH(region, PRIVATE_REGIONS)
		if (region->code)
			image_code += (uintptr_t)region->end -
				      (uintptr_t)region->start;
	TABLE_FOR_EACH(region, PRIVATE_REGIONS) {
		if (region->subarchs & running_subarch)
			continue;
		uint64_t bytes = unmap(region);

		if (!bytes)
			continue;
		log_info("jettison: unmapped %s: %llu bytes at 0x%llx",
			 region->what, (unsigned long long)bytes,
			 (unsigned long long)(uintptr_t)region->start);
		*(region->code ? &code_unmapped : &data_unmapped) += bytes;
	}
	write_cr3(read_cr3()); /* drop the stale translations */
	done = true;
	log_info("jettison: %llu of %llu bytes of code can still run; %llu "
		 "bytes of code "
		 "and %llu of data unmapped",
		 (unsigned long long)(image_code - code_unmapped),
		 (unsigned long long)image_code,
		 (unsigned long long)code_unmapped,
		 (unsigned long long)data_unmapped);
}

const struct private_region *jettisoned_region(uint64_t address)
{
	const struct private_region *region;

	TABLE_FOR_EACH(region, PRIVATE_REGIONS)
		if (unmapped_here(region) &&
		    address >= (uintptr_t)region->start &&
		    address < (uintptr_t)region->end)
			return region;
	return NULL;
}
