/* SPDX-License-Identifier: MIT */
/*
 * The kernel's page tables, replacing the early ones (the low 4 GiB, all
 * writable): identity maps of what the kernel may touch and nothing else,
 * so that any other access faults (E_UNMAPPED) instead of reading a hole
 * or a device by mistake.  That is the memory map's RAM, ACPI and NVS
 * ranges, its reserved ranges below 4 GiB (firmware's: the BIOS area, the
 * ACPI tables acpi_window hands out there, ROM), the boot modules, the
 * image, each rounded out to 2 MiB and mapped in the largest pages that
 * fit (1 GiB where the CPU has them, else 2 MiB), with 4 KiB pages only
 * where the image needs them: write-xor-execute (text r-x, rodata r--,
 * data and bss rw-), page 0 and the guard page under every stack left
 * unmapped (a NULL dereference or a stack overflow faults), and
 * jettison's unmapping of code that must not run.  And the device windows
 * init entries declare (page_tables_map_device), in 4 KiB pages: a
 * device's neighbours stay unmapped.
 */
#include <stdbool.h>

#include "control_registers.h"
#include "cpu.h"
#include "cpu_features.h"
#include "image.h"
#include "log.h"
#include "page_alloc.h"
#include "page_tables.h"
#include "paging.h"
#include "smp.h"
#include "spinlock.h"
#include "stacks.h"
#include "status.h"
#include "../tables/init.h"

#define HUGE_PAGE (2ull << 20)
#define GIGABYTE (1ull << 30)
#define DEVICE_WINDOWS_MAX 4
/* The memory map's ranges, the modules, the image. */
#define MAP_RANGES_MAX (BOOT_MEMMAP_MAX + BOOT_MODULES_MAX + 1)

struct range {
	uint64_t start, end;
};

struct device_window {
	const char *name;
	uint64_t start, end;
};

/* Declared before page_tables ran; mapped right after the ranges. */
static struct device_window device_windows[DEVICE_WINDOWS_MAX];
static uint32_t device_window_count;
/* The kernel's page tables, once page_tables has built them. */
static uint64_t *live_pml4;
/* Entries on other CPUs may declare or map device windows while
 * page_tables runs, or while another maps one. */
static struct spinlock windows_lock;

struct page_counts {
	uint64_t gigabyte, huge, small;
};

static uint64_t nx_bit;
static bool gigabyte_pages;

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

/*
 * count entries from *entry on: value, value + step, ... Stores only,
 * four a round: the loop's own add, compare and jump are paid once per
 * four entries (a 4 KiB-page region is 512 of them, and under kvm_pvm
 * every instruction is emulated).
 */
static __init void store_run(uint64_t *entry, uint64_t count, uint64_t value,
			     uint64_t step)
{
	for (; count % 4; count--, entry++, value += step)
		*entry = value;
	for (; count; count -= 4, entry += 4, value += 4 * step) {
		entry[0] = value;
		entry[1] = value + step;
		entry[2] = value + 2 * step;
		entry[3] = value + 3 * step;
	}
}

/*
 * Sets the entries of the pages of [from, to) that lie in the 2 MiB region
 * at `region`, whose page table is pt, to `flags` (0: not present);
 * returns how many pages that was.
 */
static __init uint64_t fill(uint64_t *pt, uint64_t region, uint64_t from,
			    uint64_t to, uint64_t flags)
{
	from = from > region ? from & ~(PAGE_SIZE - 1) : region;
	to = to < region + HUGE_PAGE ? (to + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)
				     : region + HUGE_PAGE;
	if (from >= to)
		return 0;
	store_run(&pt[(from - region) / PAGE_SIZE], (to - from) / PAGE_SIZE,
		  flags ? from | flags : 0, flags ? PAGE_SIZE : 0);
	return (to - from) / PAGE_SIZE;
}

/*
 * 4 KiB pages for the 2 MiB region at `region`: page 0, the image.  The
 * region is mapped rw- whole, then text r-x, rodata r--, and page 0 and
 * every stack's guard page (each copy of a per-CPU stack's) unmapped, one
 * range at a time: no page asks which range it is in.
 */
static __init int map_fine(uint64_t *pde, uint64_t region,
			   struct page_counts *counts)
{
	uint64_t *pt = next_table(pde);
	uint64_t rw = PTE_PRESENT | PTE_WRITABLE | nx_bit;
	uint64_t text = (uintptr_t)image_text_start;
	uint64_t rodata = (uintptr_t)image_rodata_start;
	uint64_t present = 512;
	const struct stack *stack;

	if (!pt)
		return STATUS_ENOMEM;
	fill(pt, region, region, region + HUGE_PAGE, rw);
	fill(pt, region, text, (uintptr_t)image_text_end, PTE_PRESENT);
	fill(pt, region, rodata, (uintptr_t)image_rodata_end,
	     PTE_PRESENT | nx_bit);
	present -= fill(pt, region, 0, PAGE_SIZE, 0);
	TABLE_FOR_EACH(stack, STACKS) {
		uint32_t copies = stack->copies ? stack->copies : 1;

		for (uint32_t i = 0; i < copies; i++) {
			uint64_t shift = (uint64_t)i * stack->stride;

			present -= fill(pt, region,
					(uintptr_t)stack->guard + shift,
					(uintptr_t)stack->bottom + shift, 0);
		}
	}
	counts->small += present;
	return STATUS_OK;
}

/*
 * The first 2 MiB region at or above `address`, below `limit`, that needs
 * 4 KiB pages (page 0's, the image's), or limit if none does.
 */
static __init uint64_t next_fine(uint64_t address, uint64_t limit)
{
	uint64_t image = (uintptr_t)image_start & ~(HUGE_PAGE - 1);

	if (address == 0)
		return 0;
	if (address >= (uintptr_t)image_end)
		return limit;
	image = image > address ? image : address;
	return image < limit ? image : limit;
}

/*
 * [start, end), 2 MiB aligned and apart from every other range mapped:
 * whole gigabytes in one PDPT entry where the CPU allows, the rest one
 * page directory per gigabyte, each run of 2 MiB pages between the
 * regions that need 4 KiB pages stored in one loop.  hot: the stores of
 * every range and region are here, and its one caller runs once a boot
 * (cold), which would make it built for size too.
 */
__attribute__((noinline, hot)) static __init int
map_range(uint64_t *pml4, uint64_t start, uint64_t end,
	  struct page_counts *counts)
{
	uint64_t huge = PTE_PRESENT | PTE_WRITABLE | PTE_HUGE | nx_bit;

	for (uint64_t address = start; address < end;) {
		uint64_t *pdpt = next_table(&pml4[(address >> 39) & 511]);

		if (!pdpt)
			return STATUS_ENOMEM;
		uint64_t *pdpte = &pdpt[(address >> 30) & 511];

		if (gigabyte_pages && !(address & (GIGABYTE - 1)) &&
		    end - address >= GIGABYTE &&
		    next_fine(address, address + GIGABYTE) ==
			    address + GIGABYTE) {
			*pdpte = address | huge;
			counts->gigabyte++;
			address += GIGABYTE;
			continue;
		}
		uint64_t *pd = next_table(pdpte);
		uint64_t limit = (address | (GIGABYTE - 1)) + 1;

		if (!pd)
			return STATUS_ENOMEM;
		limit = limit < end ? limit : end;
		while (address < limit) {
			uint64_t fine = next_fine(address, limit);

			store_run(&pd[(address >> 21) & 511],
				  (fine - address) / HUGE_PAGE, address | huge,
				  HUGE_PAGE);
			counts->huge += (fine - address) / HUGE_PAGE;
			address = fine;
			if (fine == limit)
				break;
			if (map_fine(&pd[(fine >> 21) & 511], fine, counts))
				return STATUS_ENOMEM;
			address += HUGE_PAGE;
		}
	}
	return STATUS_OK;
}

/*
 * Whether page_tables maps an entry of the memory map: RAM, ACPI and NVS
 * wherever they are; reserved ranges only below 4 GiB, where firmware
 * keeps its tables (acpi_window reads them there), since above they are
 * holes in the address space (QEMU reserves 12 GiB below 1 TiB on AMD
 * hosts) that would cost thousands of entries for nothing.
 */
static __init bool mapped_type(const struct e820_entry *e)
{
	return e->type == E820_USABLE || e->type == E820_ACPI ||
	       e->type == E820_NVS ||
	       (e->type == E820_RESERVED && e->addr < IDENTITY_FLOOR);
}

/*
 * What the kernel may touch (see the top of this file), rounded out to
 * 2 MiB, sorted and merged, so that no two ranges share a page directory
 * entry.
 */
static __init uint32_t ranges_to_map(const struct boot_params *params,
				     struct range *ranges)
{
	uint32_t count = 0;

	for (uint32_t i = 0; i < params->memmap_count; i++) {
		const struct e820_entry *e = &params->memmap[i];
		uint64_t end = e->addr + e->size;

		if (!mapped_type(e))
			continue;
		if (e->type == E820_RESERVED && end > IDENTITY_FLOOR)
			end = IDENTITY_FLOOR;
		ranges[count++] = (struct range){ e->addr, end };
	}
	for (uint32_t i = 0; i < params->module_count; i++)
		ranges[count++] = (struct range){ params->modules[i].start,
						  params->modules[i].end };
	ranges[count++] =
		(struct range){ (uintptr_t)image_start, (uintptr_t)image_end };
	for (uint32_t i = 0; i < count; i++) {
		uint64_t end = ranges[i].end < IDENTITY_LIMIT ? ranges[i].end
							      : IDENTITY_LIMIT;
		struct range r = { ranges[i].start & ~(HUGE_PAGE - 1),
				   (end + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1) };
		uint32_t j = i;

		for (; j > 0 && ranges[j - 1].start > r.start; j--)
			ranges[j] = ranges[j - 1];
		ranges[j] = r;
	}
	uint32_t merged = 0;

	for (uint32_t i = 0; i < count; i++) {
		if (ranges[i].start >= ranges[i].end)
			continue;
		if (merged && ranges[i].start <= ranges[merged - 1].end) {
			if (ranges[i].end > ranges[merged - 1].end)
				ranges[merged - 1].end = ranges[i].end;
			continue;
		}
		ranges[merged++] = ranges[i];
	}
	return merged;
}

/*
 * The 4 KiB pages of a device window that nothing maps yet; those in a
 * 2 MiB or 1 GiB page already mapped (a range of the memory map) keep it.
 * Going from not present to present needs no TLB flush.
 */
/* cold, as page_tables_map_device: once a device window (this file is
 * built -O2 for the entries every boot stores). */
__attribute__((cold)) static __init int
map_window(const struct device_window *window)
{
	uint64_t rw = PTE_PRESENT | PTE_WRITABLE | nx_bit;
	uint64_t added = 0, had = 0;

	for (uint64_t page = window->start & ~(PAGE_SIZE - 1);
	     page < window->end; page += PAGE_SIZE) {
		uint64_t *entry = &live_pml4[(page >> 39) & 511];

		for (int shift = 30; shift >= 12; shift -= 9) {
			uint64_t *table = next_table(entry);

			if (!table)
				return STATUS_ENOMEM;
			entry = &table[(page >> shift) & 511];
			if (*entry & PTE_HUGE)
				break;
		}
		if (*entry & PTE_PRESENT) {
			had++;
			continue;
		}
		*entry = page | rw;
		added++;
	}
	log_info("page_tables: device window %s 0x%llx-0x%llx: %llu x 4 KiB "
		 "new, %llu already mapped",
		 window->name, (unsigned long long)window->start,
		 (unsigned long long)window->end - 1, (unsigned long long)added,
		 (unsigned long long)had);
	return STATUS_OK;
}

/* Whether [start, end) holds page 0 or part of the image. */
static __init bool overlaps_image(uint64_t start, uint64_t end)
{
	return start < PAGE_SIZE ||
	       (start < (uintptr_t)image_end && end > (uintptr_t)image_start);
}

__attribute__((cold)) __init int
page_tables_map_device(const char *name, uint64_t start, uint64_t size)
{
	struct device_window window = { name, start, start + size };

	if (!size || start >= IDENTITY_LIMIT || size > IDENTITY_LIMIT - start ||
	    overlaps_image(start, start + size)) {
		log_err("page_tables: E_DEVICE_WINDOW_INVALID: %s at 0x%llx, "
			"%llu bytes: past the %llu TiB an identity map "
			"reaches, or on page 0 or the image",
			name, (unsigned long long)start,
			(unsigned long long)size,
			(unsigned long long)(IDENTITY_LIMIT >> 40));
		return STATUS_ERANGE;
	}
	int status = STATUS_OK;

	spin_lock(&windows_lock);
	if (live_pml4) {
		status = map_window(&window);
	} else if (device_window_count == DEVICE_WINDOWS_MAX) {
		log_err("page_tables: E_DEVICE_WINDOWS_FULL: no room for %s: "
			"%u windows at most before page_tables runs",
			name, DEVICE_WINDOWS_MAX);
		status = STATUS_ERANGE;
	} else {
		device_windows[device_window_count++] = window;
	}
	spin_unlock(&windows_lock);
	return status;
}

/* cold: once a boot; map_range does the stores (this file is built -O2
 * for them). */
__attribute__((cold)) static __init int
page_tables_init(struct boot_params *params)
{
	static struct range ranges[MAP_RANGES_MAX];
	uint64_t mapped = 0;
	uint64_t *root = (uint64_t *)(uintptr_t)page_alloc();
	uint32_t count = ranges_to_map(params, ranges);

	if (!root)
		return STATUS_ENOMEM;
	if (cpu_features.nx) {
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
		nx_bit = PTE_NX;
	}
	gigabyte_pages = cpu_features.pdpe1gb;
	for (uint32_t i = 0; i < count; i++) {
		struct page_counts counts = { 0 };
		int status = map_range(root, ranges[i].start, ranges[i].end,
				       &counts);

		if (status)
			return status;
		log_info("page_tables: 0x%016llx-0x%016llx: %llu x 1 GiB, "
			 "%llu x 2 MiB, %llu x 4 KiB",
			 (unsigned long long)ranges[i].start,
			 (unsigned long long)ranges[i].end - 1,
			 (unsigned long long)counts.gigabyte,
			 (unsigned long long)counts.huge,
			 (unsigned long long)counts.small);
		mapped += ranges[i].end - ranges[i].start;
	}
	spin_lock(&windows_lock);
	live_pml4 = root;
	for (uint32_t i = 0; i < device_window_count; i++) {
		int status = map_window(&device_windows[i]);

		if (status) {
			spin_unlock(&windows_lock);
			return status;
		}
	}
	spin_unlock(&windows_lock);
	write_cr3((uintptr_t)root);
	write_cr0(read_cr0() | CR0_WP);
	/* No page is a user page, so these only stop what must never happen:
	 * the kernel running or touching user memory.  One write: under a
	 * hypervisor each is an exit. */
	if (cpu_features.smep || cpu_features.smap)
		write_cr4(read_cr4() | (cpu_features.smep ? CR4_SMEP : 0) |
			  (cpu_features.smap ? CR4_SMAP : 0));
	/* CPUs started on the boot's tables follow before their next job. */
	smp_save_boot_state();
	log_info("page_tables: %llu MiB identity-mapped in %u ranges (memory "
		 "map, modules, image; 1 GiB pages %s), device windows apart; "
		 "text r-x, rodata r--, data rw-; page 0 and stack guards "
		 "unmapped; NX %s, WP on, SMEP %s, SMAP %s",
		 (unsigned long long)(mapped >> 20), count,
		 gigabyte_pages ? "on" : "unavailable",
		 nx_bit ? "on" : "unavailable",
		 cpu_features.smep ? "on" : "unavailable",
		 cpu_features.smap ? "on" : "unavailable");
	return STATUS_OK;
}

INIT_ENTRY(page_tables, MEMORY, SUBARCH_ALL, page_tables_init,
	   INIT_AFTER(page_alloc, cpu_features),
	   /* Its CR3 is the boot CPU's: the others copy it from there. */
	   .flags = INIT_CRITICAL | INIT_BOOT_CPU);
