/* SPDX-License-Identifier: MIT */
/*
 * The kernel's page tables, replacing the early all-writable ones: the low
 * 4 GiB and all RAM identity-mapped, with write-xor-execute on the image
 * (text r-x, rodata r--, data and bss rw-), everything else rw- and not
 * executable; page 0 and the guard page under every stack are left
 * unmapped, so a NULL dereference or a stack overflow faults.
 */
#include <stdbool.h>

#include "control_registers.h"
#include "cpu.h"
#include "cpu_features.h"
#include "image.h"
#include "log.h"
#include "page_alloc.h"
#include "paging.h"
#include "stacks.h"
#include "status.h"
#include "../tables/init.h"

#define HUGE_PAGE (2ull << 20)
#define GIGABYTE (1ull << 30)

static uint64_t nx_bit;

static __init uint64_t *table_at(uint64_t entry)
{
	return (uint64_t *)(uintptr_t)(entry & PTE_ADDRESS);
}

/* The next-level table behind *entry, allocated on first use. */
static __init uint64_t *next_table(uint64_t *entry)
{
	if (!(*entry & PTE_PRESENT)) {
		uint64_t page = page_alloc();

		if (!page)
			return NULL;
		*entry = page | PTE_PRESENT | PTE_WRITABLE;
	}
	return table_at(*entry);
}

static __init uint64_t image_page_flags(uint64_t address)
{
	uintptr_t a = (uintptr_t)address;

	if (stack_guarded_at(address))
		return 0;

	if (a >= (uintptr_t)image_text_start && a < (uintptr_t)image_text_end)
		return PTE_PRESENT;
	if (a >= (uintptr_t)image_rodata_start &&
	    a < (uintptr_t)image_rodata_end)
		return PTE_PRESENT | nx_bit;
	return PTE_PRESENT | PTE_WRITABLE | nx_bit;
}

/* 4 KiB pages for the 2 MiB region at `region`: page 0, the image. */
static __init int map_fine(uint64_t *pde, uint64_t region)
{
	uint64_t *pt = next_table(pde);

	if (!pt)
		return STATUS_ENOMEM;
	for (uint64_t page = region == 0 ? 1 : 0; page < 512; page++) {
		uint64_t address = region + page * PAGE_SIZE;
		bool in_image = address >= (uintptr_t)image_start &&
				address < (uintptr_t)image_end;

		pt[page] = address |
			   (in_image ? image_page_flags(address)
				     : PTE_PRESENT | PTE_WRITABLE | nx_bit);
	}
	return STATUS_OK;
}

/*
 * One GiB: its page directory filled in one pass (the walk down from the
 * PML4 happens once per GiB, not once per 2 MiB), 2 MiB pages except
 * where page 0 or the image needs 4 KiB ones.
 */
static __init int map_gigabyte(uint64_t *pml4, uint64_t gigabyte, uint64_t top)
{
	uint64_t *pdpt = next_table(&pml4[(gigabyte >> 39) & 511]);
	uint64_t *pd = pdpt ? next_table(&pdpt[(gigabyte >> 30) & 511]) : NULL;
	uint64_t huge = PTE_PRESENT | PTE_WRITABLE | PTE_HUGE | nx_bit;

	if (!pd)
		return STATUS_ENOMEM;
	for (uint64_t i = 0, region = gigabyte; i < 512 && region < top;
	     i++, region += HUGE_PAGE) {
		bool fine = region == 0 ||
			    (region < (uintptr_t)image_end &&
			     region + HUGE_PAGE > (uintptr_t)image_start);

		if (!fine)
			pd[i] = region | huge;
		else if (map_fine(&pd[i], region))
			return STATUS_ENOMEM;
	}
	return STATUS_OK;
}

static __init int page_tables_init(struct boot_params *params)
{
	uint64_t top = IDENTITY_FLOOR;
	uint64_t pml4 = page_alloc();

	if (!pml4)
		return STATUS_ENOMEM;
	for (uint32_t i = 0; i < params->memmap_count; i++) {
		uint64_t end = params->memmap[i].addr + params->memmap[i].size;

		if (params->memmap[i].type == E820_USABLE && end > top)
			top = end;
	}
	if (cpu_features.nx) {
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
		nx_bit = PTE_NX;
	}
	for (uint64_t gigabyte = 0; gigabyte < top; gigabyte += GIGABYTE) {
		int status = map_gigabyte((uint64_t *)(uintptr_t)pml4, gigabyte,
					  top);

		if (status)
			return status;
	}
	write_cr3(pml4);
	write_cr0(read_cr0() | CR0_WP);
	/* No page is a user page, so these only stop what must never happen:
	 * the kernel running or touching user memory. */
	if (cpu_features.smep)
		write_cr4(read_cr4() | CR4_SMEP);
	if (cpu_features.smap)
		write_cr4(read_cr4() | CR4_SMAP);
	log_info("page_tables: %llu MiB identity-mapped; text r-x, rodata r--, "
		 "data rw-; "
		 "page 0 and stack guards unmapped; NX %s, WP on, SMEP %s, "
		 "SMAP %s",
		 (unsigned long long)(top >> 20), nx_bit ? "on" : "unavailable",
		 cpu_features.smep ? "on" : "unavailable",
		 cpu_features.smap ? "on" : "unavailable");
	return STATUS_OK;
}

INIT_ENTRY(page_tables, MEMORY, SUBARCH_ALL, page_tables_init,
	   INIT_AFTER(page_alloc, cpu_features), .flags = INIT_CRITICAL);
