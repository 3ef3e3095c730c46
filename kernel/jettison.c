/* SPDX-License-Identifier: MIT */
#include "jettison.h"

#include "cpu.h"
#include "image.h"
#include "log.h"
#include "jettison_pages.h"
#include "smp.h"

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

TABLE_EXPORT_BOUNDS(PRIVATE_REGIONS, private_regions_bounds);

static bool done;

static uint64_t region_bytes(const struct private_region *region)
{
	return (uintptr_t)region->end - (uintptr_t)region->start;
}

/* The TLB may still hold the region's pages: drop them one by one (a
 * CR3 reload would drop every other translation too). */
static void drop_translations(const struct private_region *region)
{
	for (uint64_t page = (uintptr_t)region->start & ~(PAGE_SIZE - 1);
	     page < (uintptr_t)region->end; page += PAGE_SIZE)
		invlpg(page);
}

/* Says what unmapping region did, and what it could not do. */
static void report(const struct private_region *region,
		   const struct jettison_pages *unmapped)
{
	struct log_line line;

	/* "jettison: unmapped %s: %llu bytes in %llu page%s at 0x%llx", one
	 * per region, built in place. */
	if (unmapped->pages && log_wants(LOG_INFO)) {
		log_line_start(&line);
		log_line_put_literal(&line, "jettison: unmapped ");
		log_line_put(&line, region->what);
		log_line_put_literal(&line, ": ");
		log_line_put_decimal_call(&line, unmapped->bytes);
		log_line_put_literal(&line, " bytes in ");
		log_line_put_decimal_call(&line, unmapped->pages);
		if (unmapped->pages == 1)
			log_line_put_literal(&line, " page at 0x");
		else
			log_line_put_literal(&line, " pages at 0x");
		log_line_put_hex_call(&line, (uintptr_t)region->start);
		log_line_write(LOG_INFO, &line);
	}
	if (unmapped->shared)
		log_warn("jettison: W_JETTISON_SHARED_PAGE: %s at 0x%llx "
			 "starts inside a page that also holds what comes "
			 "before it; that page stays mapped",
			 region->what,
			 (unsigned long long)(uintptr_t)region->start);
	if (unmapped->coarse)
		log_warn("jettison: W_JETTISON_COARSE: %s: %llu pages are "
			 "mapped by large pages, not 4 KiB ones; they stay "
			 "mapped",
			 region->what, (unsigned long long)unmapped->coarse);
}

void jettison(const struct boot_params *params)
{
	const struct private_region *region;
	uint64_t code_unmapped = 0, data_unmapped = 0;
	/* Code bytes, not the alignment padding between the sections. */
	uint64_t image_code =
		(uintptr_t)text_common_end - (uintptr_t)image_text_start;

	TABLE_FOR_EACH(region, PRIVATE_REGIONS)
		if (region->code)
			image_code += region_bytes(region);
	TABLE_FOR_EACH(region, PRIVATE_REGIONS) {
		if (region->subarchs & params->subarch)
			continue;
		struct jettison_pages unmapped = jettison_unmap_pages(
			read_cr3(), (uintptr_t)region->start,
			(uintptr_t)region->end);

		drop_translations(region);
		report(region, &unmapped);
		*(region->code ? &code_unmapped : &data_unmapped) +=
			unmapped.bytes;
	}
	/* Other CPUs may still hold translations of what went.  A new
	 * publication of the boot CPU's state has each reload CR3, which
	 * drops them (onepath maps nothing global), before its next job:
	 * until then they run only common code, and nobody waits. */
	smp_save_boot_state();
	done = true;
	/* "jettison: %llu of %llu bytes of code can still run; %llu bytes of
	 * code and %llu of data unmapped", built in place. */
	if (log_wants(LOG_INFO)) {
		struct log_line line;

		log_line_start(&line);
		log_line_put_literal(&line, "jettison: ");
		log_line_put_decimal_call(&line, image_code - code_unmapped);
		log_line_put_literal(&line, " of ");
		log_line_put_decimal_call(&line, image_code);
		log_line_put_literal(&line, " bytes of code can still run; ");
		log_line_put_decimal_call(&line, code_unmapped);
		log_line_put_literal(&line, " bytes of code and ");
		log_line_put_decimal_call(&line, data_unmapped);
		log_line_put_literal(&line, " of data unmapped");
		log_line_write(LOG_INFO, &line);
	}
}

const struct private_region *jettisoned_region(uint64_t address)
{
	const struct private_region *region;

	TABLE_FOR_EACH(region, PRIVATE_REGIONS)
		if (done && !(region->subarchs & boot_params.subarch) &&
		    address >= (uintptr_t)region->start &&
		    address < (uintptr_t)region->end &&
		    jettison_page_absent(read_cr3(), address))
			return region;
	return NULL;
}
