/* SPDX-License-Identifier: MIT */
/* The Multiboot 1 parser, on structures built in fake physical memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "fake_memory.h"
#include "kernel/bootinfo.h"

/* Offsets from the Multiboot 1 specification, section 3.3. */
#define FLAGS 0
#define MEM_LOWER 4
#define MEM_UPPER 8
#define CMDLINE 16
#define MODS_COUNT 20
#define MODS_ADDR 24
#define MMAP_LENGTH 44
#define MMAP_ADDR 48
#define BOOT_LOADER_NAME 64
#define INFO_SIZE 120 /* GRUB's, framebuffer fields included */

#define F_MEM (1u << 0)
#define F_CMDLINE (1u << 2)
#define F_MODS (1u << 3)
#define F_MMAP (1u << 6)
#define F_LOADER (1u << 9)

static struct fake_memory *memory;
static struct boot_params *params;
static struct bootinfo_diag diag;

static int setup(void **state)
{
	(void)state;
	memory = fake_memory_new(FAKE_SIZE);
	params = new_params();
	memset(&diag, 0, sizeof(diag));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_memory_free(memory);
	free(params);
	return 0;
}

static enum bootinfo_error parse(uint64_t info)
{
	return bootinfo_parse(params, MULTIBOOT1_BOOT_MAGIC, info,
			      &memory->window, &diag);
}

static void expect_error(uint64_t info, enum bootinfo_error error,
			 const char *detail)
{
	assert_int_equal(parse(info), error);
	assert_int_equal(diag.error, error);
	assert_string_equal(bootinfo_error_name(diag.error),
			    bootinfo_error_name(error));
	if (detail)
		assert_string_equal(diag.detail, detail);
}

static uint64_t new_info(uint32_t flags)
{
	uint64_t info = fake_alloc(memory, INFO_SIZE, 8);

	put_u32(memory, info + FLAGS, flags);
	return info;
}

static void set_flag(uint64_t info, uint32_t flag)
{
	uint32_t flags;

	memcpy(&flags, fake_at(memory, info + FLAGS, 4), 4);
	put_u32(memory, info + FLAGS, flags | flag);
}

static void set_cmdline(uint64_t info, const char *text)
{
	set_flag(info, F_CMDLINE);
	put_u32(memory, info + CMDLINE, (uint32_t)fake_string(memory, text));
}

static void set_loader(uint64_t info, const char *text)
{
	set_flag(info, F_LOADER);
	put_u32(memory, info + BOOT_LOADER_NAME,
		(uint32_t)fake_string(memory, text));
}

static void set_mem(uint64_t info, uint32_t lower_kib, uint32_t upper_kib)
{
	set_flag(info, F_MEM);
	put_u32(memory, info + MEM_LOWER, lower_kib);
	put_u32(memory, info + MEM_UPPER, upper_kib);
}

/* Writes one mmap entry at addr, with the given size field; returns the
 * address of the next. */
static uint64_t put_mmap_entry(uint64_t addr, uint32_t size, uint64_t base,
			       uint64_t length, uint32_t type)
{
	put_u32(memory, addr, size);
	put_u64(memory, addr + 4, base);
	put_u64(memory, addr + 12, length);
	put_u32(memory, addr + 20, type);
	return addr + 4 + size;
}

static void set_mmap(uint64_t info, uint64_t addr, uint32_t length)
{
	set_flag(info, F_MMAP);
	put_u32(memory, info + MMAP_ADDR, (uint32_t)addr);
	put_u32(memory, info + MMAP_LENGTH, length);
}

struct range {
	uint64_t base, length;
	uint32_t type;
};

static void set_mmap_ranges(uint64_t info, const struct range *ranges,
			    size_t count)
{
	uint64_t addr = fake_alloc(memory, count * 24, 4);
	uint64_t at = addr;

	for (size_t i = 0; i < count; i++)
		at = put_mmap_entry(at, 20, ranges[i].base, ranges[i].length,
				    ranges[i].type);
	set_mmap(info, addr, (uint32_t)(at - addr));
}

/* Usable RAM that holds the fake memory, as a real map holds the info. */
static void set_one_usable_range(uint64_t info)
{
	const struct range ranges[] = { { 0, 0x200000, E820_USABLE } };

	set_mmap_ranges(info, ranges, 1);
}

static void set_modules(uint64_t info, uint32_t count, uint64_t *list)
{
	*list = fake_alloc(memory, (uint64_t)count * 16, 4);
	set_flag(info, F_MODS);
	put_u32(memory, info + MODS_COUNT, count);
	put_u32(memory, info + MODS_ADDR, (uint32_t)*list);
}

static void put_module(uint64_t list, uint32_t index, uint32_t start,
		       uint32_t end, uint32_t string)
{
	put_u32(memory, list + index * 16, start);
	put_u32(memory, list + index * 16 + 4, end);
	put_u32(memory, list + index * 16 + 8, string);
}

static void qemu_shape(void **state)
{
	const struct range ranges[] = {
		{ 0, 0x9fc00, E820_USABLE },
		{ 0x9fc00, 0x400, E820_RESERVED },
		{ 0xf0000, 0x10000, E820_RESERVED },
		{ 0x100000, 0x1fee0000, E820_USABLE },
		{ 0x1ffe0000, 0x20000, E820_RESERVED },
		{ 0xfffc0000, 0x40000, E820_RESERVED },
	};
	uint64_t info = new_info(0);

	(void)state;
	set_mem(info, 639, 523136);
	set_cmdline(info, "/path/onepath.elf init.list");
	set_mmap_ranges(info, ranges, 6);
	set_loader(info, "qemu");

	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(diag.error, BOOTINFO_OK);
	assert_string_equal(diag.detail, "");
	assert_int_equal(params->protocol, ENTRY_MULTIBOOT1);
	assert_string_equal(entry_protocol_name(params->protocol),
			    "multiboot1");
	assert_int_equal(params->info_addr, info);
	assert_int_equal(params->info_version, 0);
	assert_int_equal(params->flags, 0);
	assert_string_equal(params->image, "/path/onepath.elf");
	assert_string_equal(params->cmdline, "init.list");
	assert_string_equal(params->loader, "qemu");
	assert_int_equal(params->module_count, 0);
	assert_int_equal(params->rsdp, 0);
	assert_int_equal(params->rsdp_copy_length, 0);
	assert_int_equal(params->warning_count, 0);
	assert_int_equal(params->memmap_count, 6);
	assert_entry(params, 0, 0, 0x9f000, E820_USABLE);
	assert_entry(params, 1, 0x9fc00, 0x400, E820_RESERVED);
	assert_entry(params, 2, 0xf0000, 0x10000, E820_RESERVED);
	assert_entry(params, 3, 0x100000, 0x1fee0000, E820_USABLE);
	assert_entry(params, 4, 0x1ffe0000, 0x20000, E820_RESERVED);
	assert_entry(params, 5, 0xfffc0000, 0x40000, E820_RESERVED);
}

static void mmap_entries_may_be_unaligned_and_larger(void **state)
{
	uint64_t info = new_info(0);
	uint64_t mmap = fake_alloc(memory, 128, 8) + 1; /* odd address */
	uint64_t at = mmap;

	(void)state;
	at = put_mmap_entry(at, 24, 0x200000, 0x100000, E820_USABLE);
	at = put_mmap_entry(at, 20, 0x100000, 0x100000, E820_USABLE);
	at = put_mmap_entry(at, 20, 0x300000, 0x1000, E820_ACPI);
	set_mmap(info, mmap, (uint32_t)(at - mmap));

	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->memmap_count, 2);
	assert_entry(params, 0, 0x100000, 0x200000, E820_USABLE);
	assert_entry(params, 1, 0x300000, 0x1000, E820_ACPI);
}

static void mmap_entry_smaller_than_20(void **state)
{
	uint64_t info = new_info(0);
	uint64_t mmap = fake_alloc(memory, 64, 4);
	uint64_t at = put_mmap_entry(mmap, 20, 0, 0x1000, E820_USABLE);

	(void)state;
	put_mmap_entry(at, 16, 0x100000, 0x1000, E820_USABLE);
	set_mmap(info, mmap, 48);
	expect_error(info, BOOTINFO_BAD_SIZE, NULL);
	char expected[96];
	snprintf(expected, sizeof(expected),
		 "multiboot1 mmap entry at 0x%llx has size 16 (minimum 20)",
		 (unsigned long long)at);
	assert_string_equal(diag.detail, expected);
}

static void mmap_entry_past_mmap_length(void **state)
{
	uint64_t info = new_info(0);
	uint64_t mmap = fake_alloc(memory, 64, 4);

	(void)state;
	put_mmap_entry(mmap, 20, 0, 0x1000, E820_USABLE);
	put_mmap_entry(mmap + 24, 20, 0x100000, 0x1000, E820_USABLE);
	set_mmap(info, mmap, 40); /* cuts the second entry */
	expect_error(info, BOOTINFO_BAD_SIZE, NULL);

	/* Two stray bytes after a whole entry are no entry at all. */
	set_mmap(info, mmap, 26);
	expect_error(info, BOOTINFO_BAD_SIZE,
		     "multiboot1 mmap ends with 2 stray bytes");
}

static void mmap_outside_memory(void **state)
{
	uint64_t info = new_info(0);

	(void)state;
	set_mmap(info, FAKE_BASE + FAKE_SIZE - 24, 48);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS, NULL);
	set_mmap(info, 0x1000, 24);
	expect_error(
		info, BOOTINFO_OUT_OF_BOUNDS,
		"multiboot1 mmap at 0x1000 (0x18 bytes) is outside memory");
}

static void mmap_with_a_huge_size_field(void **state)
{
	uint64_t info = new_info(0);
	uint64_t mmap = fake_alloc(memory, 24, 4);

	(void)state;
	put_mmap_entry(mmap, 0xffffffffu, 0, 0x1000, E820_USABLE);
	set_mmap(info, mmap, 24);
	expect_error(info, BOOTINFO_BAD_SIZE, NULL);
}

static void memory_fields_without_map_are_synthesized(void **state)
{
	uint64_t info = new_info(0);

	(void)state;
	set_mem(info, 639, 0x7fb80);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->memmap_count, 2);
	assert_entry(params, 0, 0, 0x9f000, E820_USABLE);
	assert_entry(params, 1, 0x100000, 0x7fb80ull * 1024, E820_USABLE);
	assert_int_equal(params->warning_count, 1);
	assert_string_equal(params->warnings[0],
			    "memory map synthesized from mem_lower/mem_upper");
}

static void empty_map_falls_back_to_memory_fields(void **state)
{
	uint64_t info = new_info(0);
	const struct range ranges[] = { { 0x100000, 0, E820_USABLE } };

	(void)state;
	set_mmap_ranges(info, ranges, 1);
	set_mem(info, 0, 1024);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->memmap_count, 1);
	assert_entry(params, 0, 0x100000, 0x100000, E820_USABLE);
	assert_int_equal(params->warning_count, 2);
	assert_string_equal(params->warnings[0],
			    "memory map: entries of size 0 dropped: 1");
	assert_string_equal(params->warnings[1],
			    "memory map synthesized from mem_lower/mem_upper");
}

static void no_memory_information(void **state)
{
	uint64_t info = new_info(F_CMDLINE);

	(void)state;
	set_cmdline(info, "/onepath");
	expect_error(info, BOOTINFO_NO_MEMMAP,
		     "multiboot1 info has no memory map and no "
		     "mem_lower/mem_upper (flags 0x4)");
}

static void map_without_a_whole_usable_page(void **state)
{
	uint64_t info = new_info(0);
	const struct range ranges[] = { { 0x1800, 0x800, E820_USABLE } };

	(void)state;
	/* Less than a page of usable memory: nothing is left. */
	set_mmap_ranges(info, ranges, 1);
	expect_error(info, BOOTINFO_NO_MEMMAP,
		     "memory map is empty once normalised");
}

static void info_outside_memory(void **state)
{
	(void)state;
	expect_error(FAKE_BASE + FAKE_SIZE - 60, BOOTINFO_OUT_OF_BOUNDS, NULL);
	expect_error(0x1000, BOOTINFO_OUT_OF_BOUNDS,
		     "multiboot1 info at 0x1000 is outside memory");
}

static void cmdline_unterminated_at_window_end(void **state)
{
	uint64_t info = new_info(F_CMDLINE);
	uint64_t end = FAKE_BASE + FAKE_SIZE;

	(void)state;
	set_one_usable_range(info);
	memset(fake_at(memory, end - 16, 16), 'x', 16);
	put_u32(memory, info + CMDLINE, (uint32_t)(end - 16));
	expect_error(info, BOOTINFO_UNTERMINATED, NULL);
	char expected[96];
	snprintf(expected, sizeof(expected),
		 "cmdline at 0x%llx has no terminating NUL",
		 (unsigned long long)(end - 16));
	assert_string_equal(diag.detail, expected);
}

static void cmdline_outside_memory(void **state)
{
	uint64_t info = new_info(F_CMDLINE);

	(void)state;
	set_one_usable_range(info);
	put_u32(memory, info + CMDLINE, 0x500);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS,
		     "cmdline at 0x500 is outside memory");
}

static void check_cmdline_length(size_t length, bool truncated)
{
	uint64_t info = new_info(0);
	char *line = long_string("/onepath.elf ", length);

	set_one_usable_range(info);
	set_cmdline(info, line);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_string_equal(params->image, "/onepath.elf");
	size_t kept = truncated ? BOOT_CMDLINE_MAX - 1 : length;
	assert_int_equal(strlen(params->cmdline), kept - 13);
	assert_memory_equal(params->cmdline, line + 13, kept - 13);
	if (truncated) {
		assert_int_equal(params->warning_count, 1);
		assert_string_equal(params->warnings[0],
				    "cmdline truncated to 4095 bytes");
	} else {
		assert_int_equal(params->warning_count, 0);
	}
	free(line);
}

static void cmdline_of_4095_bytes(void **state)
{
	(void)state;
	check_cmdline_length(4095, false);
}

static void cmdline_of_4096_bytes(void **state)
{
	(void)state;
	check_cmdline_length(4096, true);
}

static void cmdline_of_5000_bytes(void **state)
{
	(void)state;
	check_cmdline_length(5000, true);
}

static void cmdline_of_only_the_image(void **state)
{
	uint64_t info = new_info(0);

	(void)state;
	set_one_usable_range(info);
	set_cmdline(info, "/boot/onepath.elf");
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_string_equal(params->image, "/boot/onepath.elf");
	assert_string_equal(params->cmdline, "");
}

static void cmdline_blanks_around_the_image(void **state)
{
	uint64_t info = new_info(0);

	(void)state;
	set_one_usable_range(info);
	set_cmdline(info, "  /onepath \t  a=1  b ");
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_string_equal(params->image, "/onepath");
	assert_string_equal(params->cmdline, "a=1  b ");
}

static void empty_cmdline(void **state)
{
	uint64_t info = new_info(0);

	(void)state;
	set_one_usable_range(info);
	set_cmdline(info, "");
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_string_equal(params->image, "");
	assert_string_equal(params->cmdline, "");
}

static void image_path_too_long(void **state)
{
	uint64_t info = new_info(0);
	char *line = long_string("/", 200);

	(void)state;
	set_one_usable_range(info);
	set_cmdline(info, line);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(strlen(params->image), 127);
	assert_memory_equal(params->image, line, 127);
	assert_string_equal(params->cmdline, "");
	assert_int_equal(params->warning_count, 1);
	assert_string_equal(params->warnings[0],
			    "image path truncated to 127 bytes");
	free(line);
}

static void loader_name_too_long(void **state)
{
	uint64_t info = new_info(0);
	char *name = long_string("GRUB ", 100);

	(void)state;
	set_one_usable_range(info);
	set_loader(info, name);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(strlen(params->loader), 63);
	assert_string_equal(params->warnings[0],
			    "loader name truncated to 63 bytes");
	free(name);
}

static void modules(void **state)
{
	uint64_t info = new_info(0), list;
	uint64_t a = fake_alloc(memory, 0x1000, 0x1000);
	uint64_t b = fake_alloc(memory, 0x800, 0x1000);

	(void)state;
	set_one_usable_range(info);
	set_modules(info, 3, &list);
	put_module(list, 0, (uint32_t)a, (uint32_t)(a + 0x1000),
		   (uint32_t)fake_string(memory, "/initrd.img ro"));
	put_module(list, 1, (uint32_t)b, (uint32_t)(b + 0x800), 0);
	put_module(list, 2, (uint32_t)b, (uint32_t)b,
		   (uint32_t)fake_string(memory, ""));
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->module_count, 3);
	assert_int_equal(params->modules[0].start, a);
	assert_int_equal(params->modules[0].end, a + 0x1000);
	assert_string_equal(params->modules[0].cmdline, "/initrd.img ro");
	assert_int_equal(params->modules[1].start, b);
	assert_int_equal(params->modules[1].end, b + 0x800);
	assert_string_equal(params->modules[1].cmdline, "");
	assert_int_equal(params->modules[2].end, b);
	assert_int_equal(params->warning_count, 0);
}

static void too_many_modules(void **state)
{
	uint64_t info = new_info(0), list;
	uint64_t a = fake_alloc(memory, 20 * 0x20, 0x10);

	(void)state;
	set_one_usable_range(info);
	set_modules(info, 20, &list);
	/* Apart, as a loader places them: overlaps are warned about. */
	for (uint32_t i = 0; i < 20; i++)
		put_module(list, i, (uint32_t)(a + i * 0x20),
			   (uint32_t)(a + i * 0x20 + i), 0);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->module_count, BOOT_MODULES_MAX);
	assert_int_equal(params->modules[15].end, a + 15 * 0x20 + 15);
	assert_int_equal(params->warning_count, 1);
	assert_string_equal(params->warnings[0],
			    "only the first 16 of 20 modules kept");
}

static void huge_module_count_reads_no_more_than_kept(void **state)
{
	uint64_t info = new_info(0), list;

	(void)state;
	set_one_usable_range(info);
	/* The list holds 16 entries and ends at the window's end. */
	list = FAKE_BASE + FAKE_SIZE - 16 * 16;
	for (uint32_t i = 0; i < 16; i++)
		put_module(list, i, FAKE_BASE, FAKE_BASE, 0);
	set_flag(info, F_MODS);
	put_u32(memory, info + MODS_COUNT, 0xffffffffu);
	put_u32(memory, info + MODS_ADDR, (uint32_t)list);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->module_count, 16);
	assert_string_equal(params->warnings[0],
			    "only the first 16 of 4294967295 modules kept");
}

static void module_ending_before_its_start(void **state)
{
	uint64_t info = new_info(0), list;

	(void)state;
	set_one_usable_range(info);
	set_modules(info, 1, &list);
	put_module(list, 0, FAKE_BASE + 0x2000, FAKE_BASE + 0x1000, 0);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS,
		     "module 0 ends at 0x11000, before its start 0x12000");
}

static void module_outside_memory(void **state)
{
	uint64_t info = new_info(0), list;

	(void)state;
	set_one_usable_range(info);
	set_modules(info, 2, &list);
	put_module(list, 0, FAKE_BASE, FAKE_BASE + 0x10, 0);
	put_module(list, 1, FAKE_BASE + FAKE_SIZE - 0x10,
		   FAKE_BASE + FAKE_SIZE + 1, 0);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS,
		     "module 1 [0x2fff0, 0x30001) is outside memory");
}

static void module_list_outside_memory(void **state)
{
	uint64_t info = new_info(0);

	(void)state;
	set_one_usable_range(info);
	set_flag(info, F_MODS);
	put_u32(memory, info + MODS_COUNT, 2);
	put_u32(memory, info + MODS_ADDR, FAKE_BASE + FAKE_SIZE - 16);
	put_module(FAKE_BASE + FAKE_SIZE - 16, 0, FAKE_BASE, FAKE_BASE, 0);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS,
		     "multiboot1 module 1 at 0x30000 is outside memory");
}

static void module_cmdline_too_long(void **state)
{
	uint64_t info = new_info(0), list;
	char *line = long_string("", 200);

	(void)state;
	set_one_usable_range(info);
	set_modules(info, 1, &list);
	put_module(list, 0, FAKE_BASE, FAKE_BASE,
		   (uint32_t)fake_string(memory, line));
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(strlen(params->modules[0].cmdline), 127);
	assert_int_equal(params->warning_count, 1);
	assert_string_equal(params->warnings[0],
			    "module 0 cmdline truncated to 127 bytes");
	free(line);
}

static void module_cmdline_unterminated(void **state)
{
	uint64_t info = new_info(0), list;
	uint64_t end = FAKE_BASE + FAKE_SIZE;

	(void)state;
	set_one_usable_range(info);
	set_modules(info, 1, &list);
	memset(fake_at(memory, end - 4, 4), 'm', 4);
	put_module(list, 0, FAKE_BASE, FAKE_BASE, (uint32_t)(end - 4));
	expect_error(info, BOOTINFO_UNTERMINATED,
		     "module 0 cmdline at 0x2fffc has no terminating NUL");
}

/*
 * Once the map is known, what the loader handed over must lie in RAM it
 * lists: usable, or anything listed below 1 MiB, where loaders put their
 * structures.  The fake memory is [0x10000, 0x30000): these maps make its
 * first half usable and leave 0x20000 on a gap, unless they say otherwise.
 */
#define RAM_END 0x20000u
#define IN_GAP 0x28000u

static void set_low_ram(uint64_t info)
{
	const struct range ranges[] = { { 0, RAM_END, E820_USABLE } };

	set_mmap_ranges(info, ranges, 1);
}

static void expect_outside_ram(uint64_t info, const char *what, uint64_t start,
			       uint64_t end)
{
	char expected[160];

	snprintf(expected, sizeof(expected),
		 "%s [0x%llx, 0x%llx) is not in RAM the memory map lists", what,
		 (unsigned long long)start, (unsigned long long)end);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS, expected);
}

static void cmdline_outside_ram(void **state)
{
	uint64_t info = new_info(F_CMDLINE);

	(void)state;
	set_low_ram(info);
	put_string(memory, IN_GAP, "/onepath");
	put_u32(memory, info + CMDLINE, IN_GAP);
	expect_outside_ram(info, "cmdline", IN_GAP, IN_GAP + 9);
}

static void cmdline_running_out_of_ram(void **state)
{
	uint64_t info = new_info(F_CMDLINE);

	(void)state;
	set_low_ram(info);
	put_string(memory, RAM_END - 4, "/onepath");
	put_u32(memory, info + CMDLINE, RAM_END - 4);
	expect_outside_ram(info, "cmdline", RAM_END - 4, RAM_END + 5);
}

static void loader_name_outside_ram(void **state)
{
	uint64_t info = new_info(F_LOADER);

	(void)state;
	set_low_ram(info);
	put_string(memory, IN_GAP, "qemu");
	put_u32(memory, info + BOOT_LOADER_NAME, IN_GAP);
	expect_outside_ram(info, "loader name", IN_GAP, IN_GAP + 5);
}

static void module_cmdline_outside_ram(void **state)
{
	uint64_t info = new_info(0), list;

	(void)state;
	set_low_ram(info);
	set_modules(info, 2, &list);
	put_module(list, 0, 0x18000, 0x19000, 0);
	put_string(memory, IN_GAP, "ro");
	put_module(list, 1, 0x19000, 0x1a000, IN_GAP);
	expect_outside_ram(info, "module 1 cmdline", IN_GAP, IN_GAP + 3);
}

static void module_in_no_ram(void **state)
{
	uint64_t info = new_info(0), list;

	(void)state;
	set_low_ram(info);
	set_modules(info, 2, &list);
	put_module(list, 0, 0x18000, 0x19000, 0);
	put_module(list, 1, IN_GAP, IN_GAP + 0x1000, 0);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS,
		     "module 1 [0x28000, 0x29000) is in no RAM the memory map "
		     "lists");
}

static void module_running_out_of_ram(void **state)
{
	uint64_t info = new_info(0), list;

	(void)state;
	set_low_ram(info);
	set_modules(info, 1, &list);
	put_module(list, 0, RAM_END - 0x1000, RAM_END + 0x1000, 0);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS,
		     "module 0 [0x1f000, 0x21000) runs out of RAM at 0x20000");
}

static void empty_module_needs_no_ram(void **state)
{
	uint64_t info = new_info(0), list;

	(void)state;
	set_low_ram(info);
	set_modules(info, 1, &list);
	put_module(list, 0, IN_GAP, IN_GAP, 0);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->module_count, 1);
	assert_int_equal(params->warning_count, 0);
}

static void anything_listed_below_1mib_holds_structures(void **state)
{
	/* QEMU's microvm puts hvm_start_info in reserved memory at 0xf31e0
	 * and the command line in NVS at 0xefc70. */
	const struct range ranges[] = {
		{ 0, RAM_END, E820_USABLE },
		{ RAM_END, 0x8000, E820_NVS },
		{ IN_GAP, 0x8000, E820_RESERVED },
	};
	uint64_t info = new_info(F_CMDLINE | F_LOADER), list;

	(void)state;
	set_mmap_ranges(info, ranges, 3);
	put_string(memory, IN_GAP, "/onepath a");
	put_u32(memory, info + CMDLINE, IN_GAP);
	put_string(memory, RAM_END - 2, "qemu");
	put_u32(memory, info + BOOT_LOADER_NAME, RAM_END - 2);
	set_modules(info, 1, &list);
	put_module(list, 0, 0x1f000, IN_GAP + 0x1000, IN_GAP + 0x100);
	put_string(memory, IN_GAP + 0x100, "initrd");
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_string_equal(params->cmdline, "a");
	assert_string_equal(params->loader, "qemu");
	assert_string_equal(params->modules[0].cmdline, "initrd");
	assert_int_equal(params->warning_count, 0);
}

static void reserved_above_1mib_holds_nothing(void **state)
{
	const struct range ranges[] = {
		{ 0, 0x9fc00, E820_USABLE },
		{ 0x100000, 0x10000, E820_USABLE },
		{ 0x110000, 0x10000, E820_RESERVED },
	};
	uint64_t info, list;

	(void)state;
	fake_memory_free(memory);
	memory = fake_memory_new_at(0x100000, 0x20000);
	info = new_info(F_CMDLINE);
	set_mmap_ranges(info, ranges, 3);
	put_string(memory, 0x110000, "/onepath");
	put_u32(memory, info + CMDLINE, 0x110000);
	expect_outside_ram(info, "cmdline", 0x110000, 0x110009);

	memset(params, 0, sizeof(*params));
	put_u32(memory, info + FLAGS, F_MMAP);
	set_modules(info, 1, &list);
	put_module(list, 0, 0x10f000, 0x111000, 0);
	expect_error(
		info, BOOTINFO_OUT_OF_BOUNDS,
		"module 0 [0x10f000, 0x111000) runs out of RAM at 0x110000");
}

static void overlapping_modules_are_warned_about(void **state)
{
	uint64_t info = new_info(0), list;

	(void)state;
	set_one_usable_range(info);
	set_modules(info, 4, &list);
	put_module(list, 0, 0x20000, 0x22000, 0);
	put_module(list, 1, 0x23000, 0x24000, 0); /* touches 3: fine */
	put_module(list, 2, 0x21fff, 0x22001, 0); /* overlaps 0 */
	put_module(list, 3, 0x22000, 0x23000, 0);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->module_count, 4);
	assert_int_equal(params->warning_count, 1);
	assert_string_equal(params->warnings[0],
			    "modules 0 and 2 overlap, and 1 more pairs");
}

static void mem_lower_is_clamped_to_640_kib(void **state)
{
	uint64_t info = new_info(0);

	(void)state;
	/* Lower memory ends where the VGA hole begins, whatever it says. */
	set_mem(info, 0xffffffffu, 1024);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->memmap_count, 2);
	assert_entry(params, 0, 0, 0xa0000, E820_USABLE);
	assert_entry(params, 1, 0x100000, 0x100000, E820_USABLE);
	assert_int_equal(params->warning_count, 2);
	assert_string_equal(params->warnings[0],
			    "mem_lower 4294967295 KiB clamped to 640 KiB");
	assert_string_equal(params->warnings[1],
			    "memory map synthesized from mem_lower/mem_upper");
}

static void mmap_entries_empty_or_past_52_bits(void **state)
{
	const struct range ranges[] = {
		{ 0, 0x200000, E820_USABLE },
		{ 0x300000, 0, E820_RESERVED },
		{ 1ull << 52, 0x1000, E820_USABLE },
	};
	uint64_t info = new_info(0);

	(void)state;
	set_mmap_ranges(info, ranges, 3);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->memmap_count, 1);
	assert_int_equal(params->warning_count, 2);
	assert_string_equal(params->warnings[0],
			    "memory map: entries of size 0 dropped: 1");
	assert_string_equal(
		params->warnings[1],
		"memory map: entries past 2^52 (no x86-64 address) clamped: 1");
}

static void mmap_of_too_many_entries(void **state)
{
	uint64_t info = new_info(0);
	uint32_t count = BOOTINFO_MEMMAP_RAW_MAX + 1;
	uint64_t mmap;

	(void)state;
	fake_memory_free(memory);
	memory = fake_memory_new((uint64_t)count * 24 + 0x1000);
	info = new_info(0);
	mmap = fake_alloc(memory, (uint64_t)count * 24, 4);
	for (uint32_t i = 0; i < count; i++)
		put_mmap_entry(mmap + i * 24, 20, i * 0x1000ull, 0x1000,
			       E820_USABLE);
	set_mmap(info, mmap, count * 24);
	expect_error(info, BOOTINFO_BAD_MEMMAP,
		     "memory map has more than 4096 entries");
}

static void unknown_magic(void **state)
{
	(void)state;
	assert_int_equal(bootinfo_parse(params, 0xdeadbeef, FAKE_BASE,
					&memory->window, &diag),
			 BOOTINFO_BAD_MAGIC);
	assert_int_equal(diag.error, BOOTINFO_BAD_MAGIC);
	assert_string_equal(diag.detail,
			    "unknown boot protocol magic 0xdeadbeef");
}

static void names(void **state)
{
	(void)state;
	assert_string_equal(bootinfo_error_name(BOOTINFO_OK), "BOOTINFO_OK");
	assert_string_equal(bootinfo_error_name(BOOTINFO_BAD_MAGIC),
			    "BOOTINFO_BAD_MAGIC");
	assert_string_equal(bootinfo_error_name(BOOTINFO_OUT_OF_BOUNDS),
			    "BOOTINFO_OUT_OF_BOUNDS");
	assert_string_equal(bootinfo_error_name(BOOTINFO_BAD_SIZE),
			    "BOOTINFO_BAD_SIZE");
	assert_string_equal(bootinfo_error_name(BOOTINFO_BAD_ALIGNMENT),
			    "BOOTINFO_BAD_ALIGNMENT");
	assert_string_equal(bootinfo_error_name(BOOTINFO_BAD_MEMMAP),
			    "BOOTINFO_BAD_MEMMAP");
	assert_string_equal(bootinfo_error_name(BOOTINFO_NO_MEMMAP),
			    "BOOTINFO_NO_MEMMAP");
	assert_string_equal(bootinfo_error_name(BOOTINFO_UNTERMINATED),
			    "BOOTINFO_UNTERMINATED");
	assert_string_equal(entry_protocol_name(ENTRY_UNKNOWN), "unknown");
	assert_string_equal(entry_protocol_name(ENTRY_MULTIBOOT1),
			    "multiboot1");
	assert_string_equal(entry_protocol_name(ENTRY_MULTIBOOT2),
			    "multiboot2");
	assert_string_equal(entry_protocol_name(ENTRY_PVH), "pvh");
	assert_string_equal(entry_protocol_name((enum entry_protocol)42),
			    "unknown");
}

static void warnings_beyond_the_table(void **state)
{
	(void)state;
	for (int i = 0; i < BOOT_WARNINGS_MAX + 3; i++)
		bootinfo_warn(params, "warning %d", i);
	assert_int_equal(params->warning_count, BOOT_WARNINGS_MAX);
	assert_string_equal(params->warnings[0], "warning 0");
	assert_string_equal(params->warnings[BOOT_WARNINGS_MAX - 2],
			    "warning 6");
	assert_string_equal(params->warnings[BOOT_WARNINGS_MAX - 1],
			    "further warnings dropped");

	/* A long warning is cut at BOOT_WARNING_LEN. */
	memset(params, 0, sizeof(*params));
	char *text = long_string("", 300);
	bootinfo_warn(params, "%s", text);
	assert_int_equal(strlen(params->warnings[0]), BOOT_WARNING_LEN - 1);
	free(text);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(qemu_shape),
		TEST(mmap_entries_may_be_unaligned_and_larger),
		TEST(mmap_entry_smaller_than_20),
		TEST(mmap_entry_past_mmap_length),
		TEST(mmap_outside_memory),
		TEST(mmap_with_a_huge_size_field),
		TEST(memory_fields_without_map_are_synthesized),
		TEST(empty_map_falls_back_to_memory_fields),
		TEST(no_memory_information),
		TEST(map_without_a_whole_usable_page),
		TEST(info_outside_memory),
		TEST(cmdline_unterminated_at_window_end),
		TEST(cmdline_outside_memory),
		TEST(cmdline_of_4095_bytes),
		TEST(cmdline_of_4096_bytes),
		TEST(cmdline_of_5000_bytes),
		TEST(cmdline_of_only_the_image),
		TEST(cmdline_blanks_around_the_image),
		TEST(empty_cmdline),
		TEST(image_path_too_long),
		TEST(loader_name_too_long),
		TEST(modules),
		TEST(too_many_modules),
		TEST(huge_module_count_reads_no_more_than_kept),
		TEST(module_ending_before_its_start),
		TEST(module_outside_memory),
		TEST(module_list_outside_memory),
		TEST(module_cmdline_too_long),
		TEST(module_cmdline_unterminated),
		TEST(cmdline_outside_ram),
		TEST(cmdline_running_out_of_ram),
		TEST(loader_name_outside_ram),
		TEST(module_cmdline_outside_ram),
		TEST(module_in_no_ram),
		TEST(module_running_out_of_ram),
		TEST(empty_module_needs_no_ram),
		TEST(anything_listed_below_1mib_holds_structures),
		TEST(reserved_above_1mib_holds_nothing),
		TEST(overlapping_modules_are_warned_about),
		TEST(mem_lower_is_clamped_to_640_kib),
		TEST(mmap_entries_empty_or_past_52_bits),
		TEST(mmap_of_too_many_entries),
		TEST(unknown_magic),
		TEST(names),
		TEST(warnings_beyond_the_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
