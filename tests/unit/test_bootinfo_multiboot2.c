/* SPDX-License-Identifier: MIT */
/* The Multiboot 2 parser, on tag lists built in fake physical memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "fake_memory.h"
#include "kernel/bootinfo.h"

/* Tag types from the Multiboot 2 specification, section 3.6. */
#define T_END 0
#define T_CMDLINE 1
#define T_LOADER 2
#define T_MODULE 3
#define T_MEMINFO 4
#define T_BOOTDEV 5
#define T_MMAP 6
#define T_FRAMEBUFFER 8
#define T_EFI32 11
#define T_EFI64 12
#define T_ACPI_OLD 14
#define T_ACPI_NEW 15
#define T_EFI_MMAP 17

#define INFO (FAKE_BASE + 0x1000)
#define MODULES (FAKE_BASE + 0x10000)

static struct fake_memory *memory;
static struct boot_params *params;
static struct bootinfo_diag diag;
static uint64_t info;   /* the structure being built */
static uint64_t cursor; /* where its next tag goes */

static int setup(void **state)
{
	(void)state;
	memory = fake_memory_new(FAKE_SIZE);
	params = new_params();
	memset(&diag, 0, sizeof(diag));
	info = INFO;
	cursor = info + 8;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_memory_free(memory);
	free(params);
	return 0;
}

/* Starts a tag; returns where its fields go. */
static uint64_t tag_open(uint32_t type)
{
	put_u32(memory, cursor, type);
	return cursor + 8;
}

/* Ends a tag whose fields took length bytes, with the size field saying
 * size_delta more or less than that. */
static void tag_close_sized(uint64_t fields, uint32_t length, int size_delta)
{
	put_u32(memory, fields - 4, (uint32_t)((int)(8 + length) + size_delta));
	cursor = (fields + length + 7) & ~7ull;
}

static void tag_close(uint64_t fields, uint32_t length)
{
	tag_close_sized(fields, length, 0);
}

static void add_string_tag(uint32_t type, const char *text)
{
	uint64_t fields = tag_open(type);

	put_string(memory, fields, text);
	tag_close(fields, (uint32_t)strlen(text) + 1);
}

static void add_module(uint32_t start, uint32_t end, const char *text)
{
	uint64_t fields = tag_open(T_MODULE);

	put_u32(memory, fields, start);
	put_u32(memory, fields + 4, end);
	put_string(memory, fields + 8, text);
	tag_close(fields, 8 + (uint32_t)strlen(text) + 1);
}

static void add_meminfo(uint32_t lower_kib, uint32_t upper_kib)
{
	uint64_t fields = tag_open(T_MEMINFO);

	put_u32(memory, fields, lower_kib);
	put_u32(memory, fields + 4, upper_kib);
	tag_close(fields, 8);
}

struct range {
	uint64_t base, length;
	uint32_t type;
};

static void add_mmap_sized(const struct range *ranges, size_t count,
			   uint32_t entry_size)
{
	uint64_t fields = tag_open(T_MMAP);

	put_u32(memory, fields, entry_size);
	put_u32(memory, fields + 4, 0);
	for (size_t i = 0; i < count; i++) {
		uint64_t entry = fields + 8 + i * entry_size;

		memset(fake_at(memory, entry, entry_size), 0xee, entry_size);
		put_u64(memory, entry, ranges[i].base);
		put_u64(memory, entry + 8, ranges[i].length);
		put_u32(memory, entry + 16, ranges[i].type);
		put_u32(memory, entry + 20, 0);
	}
	tag_close(fields, 8 + (uint32_t)(count * entry_size));
}

static void add_mmap(const struct range *ranges, size_t count)
{
	add_mmap_sized(ranges, count, 24);
}

/* Usable RAM that holds the fake memory, as a real map holds the info. */
static void add_usable_mmap(void)
{
	const struct range ranges[] = { { 0, 0x200000, E820_USABLE } };

	add_mmap(ranges, 1);
}

struct efi_range {
	uint32_t type;
	uint64_t start, pages;
};

static void add_efi_mmap(const struct efi_range *ranges, size_t count,
			 uint32_t descriptor_size)
{
	uint64_t fields = tag_open(T_EFI_MMAP);

	put_u32(memory, fields, descriptor_size);
	put_u32(memory, fields + 4, 1);
	for (size_t i = 0; i < count; i++) {
		uint64_t d = fields + 8 + i * descriptor_size;

		put_u32(memory, d, ranges[i].type);
		put_u64(memory, d + 8, ranges[i].start);
		put_u64(memory, d + 16, 0xffff800000000000ull); /* virt */
		put_u64(memory, d + 24, ranges[i].pages);
		put_u64(memory, d + 32, 0xf);
	}
	tag_close(fields, 8 + (uint32_t)(count * descriptor_size));
}

static void add_bytes_tag(uint32_t type, const void *bytes, uint32_t length)
{
	uint64_t fields = tag_open(type);

	put_bytes(memory, fields, bytes, length);
	tag_close(fields, length);
}

static void add_end_sized(uint32_t size)
{
	put_u32(memory, cursor, T_END);
	put_u32(memory, cursor + 4, size);
	cursor += 8;
	put_u32(memory, info, (uint32_t)(cursor - info));
	put_u32(memory, info + 4, 0);
}

static void add_end(void)
{
	add_end_sized(8);
}

static enum bootinfo_error parse(void)
{
	return bootinfo_parse(params, MULTIBOOT2_BOOT_MAGIC, info,
			      &memory->window, &diag);
}

static void expect_error(enum bootinfo_error error, const char *detail)
{
	assert_int_equal(parse(), error);
	assert_int_equal(diag.error, error);
	if (detail)
		assert_string_equal(diag.detail, detail);
}

static const uint8_t rsdp_v1[20] = "RSD PTR \x42OEMID \x00\x10\x0f\x00";
static const uint8_t rsdp_v2[36] =
	"RSD PTR \x17OEMID \x02\x00\xf0\x0f\x00"
	"\x24\x00\x00\x00\x00\xe0\x0f\x00\x00\x00\x00\x00"
	"\x99\x00\x00\x00";

/* Any loader but GRUB 2 puts the image path first, as QEMU does. */
static void other_loader_prepends_the_image_path(void **state)
{
	const struct range ranges[] = { { 0, 0x1000000, E820_USABLE } };

	(void)state;
	add_string_tag(T_CMDLINE, "/boot/onepath.elf init.list");
	add_string_tag(T_LOADER, "GNU GRUB 0.97");
	add_mmap(ranges, 1);
	add_end();
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_string_equal(params->image, "/boot/onepath.elf");
	assert_string_equal(params->cmdline, "init.list");
}

static void grub_shape(void **state)
{
	const struct range ranges[] = {
		{ 0, 0x9fc00, E820_USABLE },
		{ 0x9fc00, 0x400, E820_RESERVED },
		{ 0xf0000, 0x10000, E820_RESERVED },
		{ 0x100000, 0x1fee0000, E820_USABLE },
		{ 0x1ffe0000, 0x20000, E820_RESERVED },
		{ 0xfffc0000, 0x40000, E820_RESERVED },
	};
	const uint8_t bootdev[12] = { 0x80, 0xff, 0xff, 0xff, 1,    0,
				      0,    0,    0xff, 0xff, 0xff, 0xff };
	const uint8_t framebuffer[13] = { 0 }; /* odd size: next tag padded */

	(void)state;
	/* GRUB 2 passes the arguments only, not the image path (seen in
	 * tests/captures/multiboot2-grub.txt). */
	add_string_tag(T_CMDLINE, "init.list a=\"b c\"");
	add_string_tag(T_LOADER, "GRUB 2.06");
	add_module(MODULES, MODULES + 0x3000, "/boot/initrd fast");
	add_meminfo(639, 523136);
	add_bytes_tag(T_BOOTDEV, bootdev, sizeof(bootdev));
	add_mmap(ranges, 6);
	add_bytes_tag(T_FRAMEBUFFER, framebuffer, sizeof(framebuffer));
	add_bytes_tag(T_ACPI_OLD, rsdp_v1, sizeof(rsdp_v1));
	add_bytes_tag(T_ACPI_NEW, rsdp_v2, sizeof(rsdp_v2));
	add_end();

	assert_int_equal(parse(), BOOTINFO_OK);
	assert_int_equal(diag.error, BOOTINFO_OK);
	assert_int_equal(params->protocol, ENTRY_MULTIBOOT2);
	assert_int_equal(params->info_addr, INFO);
	assert_int_equal(params->flags, 0);
	assert_string_equal(params->image, "");
	assert_string_equal(params->cmdline, "init.list a=\"b c\"");
	assert_string_equal(params->loader, "GRUB 2.06");
	assert_int_equal(params->module_count, 1);
	assert_int_equal(params->modules[0].start, MODULES);
	assert_int_equal(params->modules[0].end, MODULES + 0x3000);
	assert_string_equal(params->modules[0].cmdline, "/boot/initrd fast");
	assert_int_equal(params->rsdp, 0);
	assert_int_equal(params->rsdp_copy_length, 36);
	assert_memory_equal(params->rsdp_copy, rsdp_v2, 36);
	assert_int_equal(params->efi_system_table, 0);
	assert_int_equal(params->warning_count, 0);
	/* The mmap tag, not basic meminfo. */
	assert_int_equal(params->memmap_count, 6);
	assert_entry(params, 0, 0, 0x9f000, E820_USABLE);
	assert_entry(params, 1, 0x9fc00, 0x400, E820_RESERVED);
	assert_entry(params, 2, 0xf0000, 0x10000, E820_RESERVED);
	assert_entry(params, 3, 0x100000, 0x1fee0000, E820_USABLE);
	assert_entry(params, 4, 0x1ffe0000, 0x20000, E820_RESERVED);
	assert_entry(params, 5, 0xfffc0000, 0x40000, E820_RESERVED);
}

static void old_rsdp_alone(void **state)
{
	(void)state;
	add_usable_mmap();
	add_bytes_tag(T_ACPI_OLD, rsdp_v1, sizeof(rsdp_v1));
	add_end();
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_int_equal(params->rsdp_copy_length, 20);
	assert_memory_equal(params->rsdp_copy, rsdp_v1, 20);
}

static void new_rsdp_wins_in_either_order(void **state)
{
	(void)state;
	add_bytes_tag(T_ACPI_NEW, rsdp_v2, sizeof(rsdp_v2));
	add_bytes_tag(T_ACPI_OLD, rsdp_v1, sizeof(rsdp_v1));
	add_usable_mmap();
	add_end();
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_int_equal(params->rsdp_copy_length, 36);
	assert_memory_equal(params->rsdp_copy, rsdp_v2, 36);
}

static void rsdp_tag_too_small(void **state)
{
	(void)state;
	add_usable_mmap();
	add_bytes_tag(T_ACPI_NEW, rsdp_v1, sizeof(rsdp_v1));
	add_end();
	expect_error(BOOTINFO_BAD_SIZE, NULL);
	char expected[96];
	snprintf(expected, sizeof(expected),
		 "multiboot2 tag 15 at 0x%llx has size 28 (minimum 44)",
		 (unsigned long long)(INFO + 8 + 40));
	assert_string_equal(diag.detail, expected);
}

static void efi_system_table(void **state)
{
	uint8_t pointer64[8] = { 0x18, 0xee, 0x7f, 0xbf, 0, 0, 0, 0 };
	uint8_t pointer32[4] = { 0x18, 0xee, 0x7f, 0x3f };

	(void)state;
	add_usable_mmap();
	add_bytes_tag(T_EFI64, pointer64, sizeof(pointer64));
	add_end();
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_int_equal(params->efi_system_table, 0xbf7fee18);

	memset(params, 0, sizeof(*params));
	cursor = info + 8;
	add_usable_mmap();
	add_bytes_tag(T_EFI32, pointer32, sizeof(pointer32));
	add_end();
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_int_equal(params->efi_system_table, 0x3f7fee18);
}

static void efi_memory_map_converted(void **state)
{
	const struct efi_range ranges[] = {
		{ 3, 0x0, 1 },          /* BootServicesCode */
		{ 7, 0x1000, 0x9e },    /* Conventional */
		{ 0, 0x9f000, 1 },      /* Reserved */
		{ 6, 0xa0000, 0x20 },   /* RuntimeServicesData */
		{ 1, 0x100000, 0x100 }, /* LoaderCode */
		{ 2, 0x200000, 0x100 }, /* LoaderData */
		{ 4, 0x300000, 0x100 }, /* BootServicesData */
		{ 9, 0x400000, 0x10 },  /* ACPIReclaim */
		{ 10, 0x410000, 0x10 }, /* ACPINVS */
		{ 8, 0x420000, 0x10 },  /* Unusable */
		{ 11, 0xfec00000, 1 },  /* MMIO */
		{ 14, 0x500000, 0x10 }, /* Persistent */
	};

	(void)state;
	add_meminfo(639, 1024); /* ignored: the EFI map is better */
	add_efi_mmap(ranges, sizeof(ranges) / sizeof(ranges[0]), 48);
	add_end();
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_int_equal(params->warning_count, 0);
	assert_int_equal(params->memmap_count, 8);
	assert_entry(params, 0, 0, 0x9f000, E820_USABLE);
	assert_entry(params, 1, 0x9f000, 0x21000, E820_RESERVED);
	assert_entry(params, 2, 0x100000, 0x300000, E820_USABLE);
	assert_entry(params, 3, 0x400000, 0x10000, E820_ACPI);
	assert_entry(params, 4, 0x410000, 0x10000, E820_NVS);
	assert_entry(params, 5, 0x420000, 0x10000, E820_RESERVED);
	assert_entry(params, 6, 0x500000, 0x10000, E820_RESERVED);
	assert_entry(params, 7, 0xfec00000, 0x1000, E820_RESERVED);
}

static void efi_memory_map_of_many_descriptors(void **state)
{
	struct efi_range ranges[300];

	(void)state;
	/* Real firmware lists hundreds: more than the table holds. */
	for (int i = 0; i < 300; i++)
		ranges[i] = (struct efi_range){ i % 3 ? 7 : 4,
						0x100000 + i * 0x1000ull, 1 };
	add_efi_mmap(ranges, 300, 40);
	add_end();
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_int_equal(params->memmap_count, 1);
	assert_entry(params, 0, 0x100000, 300 * 0x1000, E820_USABLE);
}

static void efi_memory_map_bad_descriptor_size(void **state)
{
	const struct efi_range ranges[] = { { 7, 0x100000, 1 } };

	(void)state;
	add_efi_mmap(ranges, 1, 32);
	add_end();
	expect_error(
		BOOTINFO_BAD_SIZE,
		"multiboot2 EFI memory map descriptor_size 32 (minimum 40)");
}

static void efi_memory_map_page_count_overflow(void **state)
{
	const struct efi_range ranges[] = { { 7, 0x100000, 1ull << 52 } };

	(void)state;
	add_efi_mmap(ranges, 1, 48);
	add_end();
	expect_error(BOOTINFO_BAD_MEMMAP,
		     "EFI memory descriptor 0 has 0x10000000000000 pages, more "
		     "than memory can hold");
}

static void mmap_tag_preferred_to_efi_map(void **state)
{
	const struct efi_range efi[] = { { 7, 0x800000, 0x100 } };

	(void)state;
	add_efi_mmap(efi, 1, 48);
	add_usable_mmap();
	add_end();
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_int_equal(params->memmap_count, 1);
	assert_entry(params, 0, 0, 0x200000, E820_USABLE);
}

static void meminfo_alone_is_synthesized(void **state)
{
	(void)state;
	add_meminfo(639, 2048);
	add_end();
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_int_equal(params->memmap_count, 2);
	assert_entry(params, 0, 0, 0x9f000, E820_USABLE);
	assert_entry(params, 1, 0x100000, 0x200000, E820_USABLE);
	assert_int_equal(params->warning_count, 1);
	assert_string_equal(params->warnings[0],
			    "memory map synthesized from mem_lower/mem_upper");
}

static void no_memory_tags(void **state)
{
	(void)state;
	add_string_tag(T_CMDLINE, "/onepath");
	add_end();
	expect_error(
		BOOTINFO_NO_MEMMAP,
		"multiboot2 info has no mmap, EFI mmap or basic meminfo tag");
}

static void mmap_entry_size_too_small(void **state)
{
	const struct range ranges[] = { { 0x100000, 0x100000, E820_USABLE } };

	(void)state;
	add_mmap_sized(ranges, 1, 20);
	add_end();
	expect_error(BOOTINFO_BAD_SIZE, "multiboot2 mmap entry_size 20 (needs "
					"a multiple of 8, at least 24)");
}

static void mmap_entry_size_not_multiple_of_8(void **state)
{
	const struct range ranges[] = { { 0x100000, 0x100000, E820_USABLE } };

	(void)state;
	add_mmap_sized(ranges, 1, 28);
	add_end();
	expect_error(BOOTINFO_BAD_SIZE, "multiboot2 mmap entry_size 28 (needs "
					"a multiple of 8, at least 24)");
}

static void mmap_entries_larger_than_24(void **state)
{
	const struct range ranges[] = {
		{ 0x100000, 0x100000, E820_USABLE },
		{ 0x200000, 0x1000, E820_NVS },
	};

	(void)state;
	add_mmap_sized(ranges, 2, 32);
	add_end();
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_int_equal(params->memmap_count, 2);
	assert_entry(params, 1, 0x200000, 0x1000, E820_NVS);
}

static void unaligned_info(void **state)
{
	(void)state;
	add_usable_mmap();
	add_end();
	info = INFO + 4;
	expect_error(BOOTINFO_BAD_ALIGNMENT,
		     "multiboot2 info at 0x11004 is not 8-byte aligned");
}

static void total_size_too_small(void **state)
{
	(void)state;
	add_end();
	put_u32(memory, info, 8);
	expect_error(BOOTINFO_BAD_SIZE,
		     "multiboot2 total_size 8 is too small (minimum 16)");
}

static void total_size_past_memory(void **state)
{
	(void)state;
	add_usable_mmap();
	add_end();
	put_u32(memory, info, FAKE_SIZE);
	expect_error(BOOTINFO_OUT_OF_BOUNDS,
		     "multiboot2 info at 0x11000 (total_size 0x20000) runs "
		     "past the end of memory");
}

static void info_outside_memory(void **state)
{
	(void)state;
	info = 0x1000;
	expect_error(BOOTINFO_OUT_OF_BOUNDS,
		     "multiboot2 info at 0x1000 is outside memory");
	info = FAKE_BASE + FAKE_SIZE;
	expect_error(BOOTINFO_OUT_OF_BOUNDS,
		     "multiboot2 info at 0x30000 is outside memory");
}

static void tag_past_total_size(void **state)
{
	(void)state;
	add_usable_mmap();
	add_string_tag(T_CMDLINE, "/onepath with a long command line");
	add_end();
	/* total_size ends inside the cmdline tag. */
	put_u32(memory, info, 8 + 48 + 16);
	expect_error(BOOTINFO_BAD_SIZE, "multiboot2 tag 1 at 0x11030 (size 42) "
					"runs past total_size 0x48");
}

static void tag_smaller_than_its_header(void **state)
{
	uint64_t fields;

	(void)state;
	add_usable_mmap();
	fields = tag_open(99);
	tag_close_sized(fields, 0, -4);
	add_end();
	expect_error(BOOTINFO_BAD_SIZE,
		     "multiboot2 tag 99 at 0x11030 has size 4 (minimum 8)");
}

static void zero_size_tag(void **state)
{
	uint64_t fields;

	(void)state;
	fields = tag_open(T_CMDLINE);
	tag_close_sized(fields, 0, -8);
	add_end();
	expect_error(BOOTINFO_BAD_SIZE,
		     "multiboot2 tag 1 at 0x11008 has size 0 (minimum 9)");
}

static void module_tag_too_small(void **state)
{
	uint64_t fields;

	(void)state;
	fields = tag_open(T_MODULE);
	put_u32(memory, fields, MODULES);
	put_u32(memory, fields + 4, MODULES);
	tag_close(fields, 8); /* no string, not even its NUL */
	add_usable_mmap();
	add_end();
	expect_error(BOOTINFO_BAD_SIZE,
		     "multiboot2 tag 3 at 0x11008 has size 16 (minimum 17)");
}

static void missing_end_tag(void **state)
{
	(void)state;
	add_usable_mmap();
	add_end();
	put_u32(memory, info, (uint32_t)(cursor - info - 8)); /* drop it */
	expect_error(
		BOOTINFO_BAD_SIZE,
		"multiboot2 info has no end tag within its total_size 0x30");
}

static void end_tag_of_wrong_size(void **state)
{
	(void)state;
	add_usable_mmap();
	add_end_sized(16);
	put_u32(memory, info, (uint32_t)(cursor - info + 8));
	expect_error(BOOTINFO_BAD_SIZE,
		     "multiboot2 end tag at 0x11030 has size 16 (expected 8)");
}

static void tags_after_the_end_tag_are_ignored(void **state)
{
	(void)state;
	add_usable_mmap();
	add_end();
	uint32_t total = (uint32_t)(cursor - info);
	add_string_tag(T_CMDLINE, "/never read");
	put_u32(memory, info, total + 24);
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_string_equal(params->cmdline, "");
	assert_string_equal(params->image, "");
}

static void unknown_tags_are_skipped(void **state)
{
	const uint8_t odd[5] = { 1, 2, 3, 4, 5 };

	(void)state;
	add_bytes_tag(99, odd, sizeof(odd));
	add_bytes_tag(0x7fffffff, odd, 1);
	add_string_tag(T_CMDLINE, "/k a");
	add_usable_mmap();
	add_end();
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_string_equal(params->cmdline, "a");
}

static void cmdline_without_nul_inside_its_tag(void **state)
{
	uint64_t fields;

	(void)state;
	fields = tag_open(T_CMDLINE);
	put_bytes(memory, fields, "/onepath", 8); /* no NUL */
	tag_close(fields, 8);
	put_u32(memory, cursor, 0); /* the next tag starts with zeroes */
	add_usable_mmap();
	add_end();
	expect_error(BOOTINFO_UNTERMINATED,
		     "cmdline at 0x11010 has no terminating NUL");
}

static void structure_at_window_end(void **state)
{
	uint64_t fields;

	(void)state;
	/* The last tag, a name with no NUL, ends where memory ends. */
	info = FAKE_BASE + FAKE_SIZE - 8 - 40 - 16;
	cursor = info + 8;
	add_usable_mmap();
	fields = tag_open(T_LOADER);
	memset(fake_at(memory, fields, 8), 'g', 8);
	tag_close(fields, 8);
	assert_int_equal(cursor, FAKE_BASE + FAKE_SIZE);
	put_u32(memory, info, (uint32_t)(cursor - info));
	expect_error(BOOTINFO_UNTERMINATED,
		     "loader name at 0x2fff8 has no terminating NUL");
}

static void check_cmdline_length(size_t length, bool truncated)
{
	char *line = long_string("/k ", length);

	add_string_tag(T_CMDLINE, line);
	add_usable_mmap();
	add_end();
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_string_equal(params->image, "/k");
	size_t kept = truncated ? BOOT_CMDLINE_MAX - 1 : length;
	assert_int_equal(strlen(params->cmdline), kept - 3);
	assert_int_equal(params->warning_count, truncated ? 1 : 0);
	if (truncated)
		assert_string_equal(params->warnings[0],
				    "cmdline truncated to 4095 bytes");
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

static void too_many_modules(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < 20; i++)
		add_module(MODULES + i * 0x100, MODULES + i * 0x100 + 0x80,
			   "m");
	add_usable_mmap();
	add_end();
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_int_equal(params->module_count, BOOT_MODULES_MAX);
	assert_int_equal(params->modules[15].start, MODULES + 15 * 0x100);
	assert_int_equal(params->warning_count, 1);
	assert_string_equal(params->warnings[0],
			    "only the first 16 of 20 modules kept");
}

static void module_ending_before_its_start(void **state)
{
	(void)state;
	add_module(MODULES + 0x1000, MODULES, "");
	add_usable_mmap();
	add_end();
	expect_error(BOOTINFO_OUT_OF_BOUNDS,
		     "module 0 ends at 0x20000, before its start 0x21000");
}

static void module_outside_memory(void **state)
{
	(void)state;
	add_module(0x100000, 0x200000, "");
	add_usable_mmap();
	add_end();
	expect_error(BOOTINFO_OUT_OF_BOUNDS,
		     "module 0 [0x100000, 0x200000) is outside memory");
}

static void module_cmdline_too_long(void **state)
{
	char *text = long_string("", 300);

	(void)state;
	add_module(MODULES, MODULES, text);
	add_usable_mmap();
	add_end();
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_int_equal(strlen(params->modules[0].cmdline), 127);
	assert_string_equal(params->warnings[0],
			    "module 0 cmdline truncated to 127 bytes");
	free(text);
}

/*
 * Once the map is known, strings and modules must lie in RAM it lists.
 * The info is at 0x11000, in the fake memory [0x10000, 0x30000).
 */
static void cmdline_outside_ram(void **state)
{
	const struct range ranges[] = { { 0x100000, 0x100000, E820_USABLE } };

	(void)state;
	add_string_tag(T_CMDLINE, "/onepath");
	add_mmap(ranges, 1);
	add_end();
	expect_error(BOOTINFO_OUT_OF_BOUNDS, "cmdline [0x11010, 0x11019) is "
					     "not in RAM the memory map lists");
}

static void module_in_no_ram(void **state)
{
	const struct range ranges[] = { { 0, 0x20000, E820_USABLE } };

	(void)state;
	add_module(0x18000, 0x19000, "a");
	add_module(0x28000, 0x29000, "b");
	add_mmap(ranges, 1);
	add_end();
	expect_error(BOOTINFO_OUT_OF_BOUNDS, "module 1 [0x28000, 0x29000) is "
					     "in no RAM the memory map lists");
}

static void overlapping_modules_are_warned_about(void **state)
{
	(void)state;
	add_module(MODULES, MODULES + 0x2000, "a");
	add_module(MODULES + 0x1000, MODULES + 0x3000, "b");
	add_usable_mmap();
	add_end();
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_int_equal(params->warning_count, 1);
	assert_string_equal(params->warnings[0], "modules 0 and 1 overlap");
}

static void mmap_entries_empty_or_past_52_bits(void **state)
{
	const struct range ranges[] = {
		{ 0, 0x200000, E820_USABLE },
		{ 0x300000, 0, E820_USABLE },
		{ (1ull << 52) - 0x1000, 0x2000, E820_RESERVED },
	};

	(void)state;
	add_mmap(ranges, 3);
	add_end();
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_int_equal(params->memmap_count, 2);
	assert_entry(params, 1, (1ull << 52) - 0x1000, 0x1000, E820_RESERVED);
	assert_int_equal(params->warning_count, 2);
	assert_string_equal(params->warnings[0],
			    "memory map: entries of size 0 dropped: 1");
	assert_string_equal(
		params->warnings[1],
		"memory map: entries past 2^52 (no x86-64 address) clamped: 1");
}

static void efi_memory_map_past_52_bits(void **state)
{
	const struct efi_range ranges[] = {
		{ 7, 0, 0x200 },
		{ 7, 1ull << 52, 1 },
		{ 7, 0x300000, 0 },
	};

	(void)state;
	add_efi_mmap(ranges, 3, 48);
	add_end();
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_int_equal(params->memmap_count, 1);
	assert_entry(params, 0, 0, 0x200000, E820_USABLE);
	assert_int_equal(params->warning_count, 2);
	assert_string_equal(
		params->warnings[1],
		"memory map: entries past 2^52 (no x86-64 address) clamped: 1");
}

static void efi_memory_map_that_wraps(void **state)
{
	const struct efi_range ranges[] = {
		{ 7, 0, 0x200 },
		{ 0, 0xfffffffffffff000ull, 2 },
	};

	(void)state;
	add_efi_mmap(ranges, 2, 48);
	add_end();
	expect_error(BOOTINFO_BAD_MEMMAP,
		     "memory map entry 1 (0xfffffffffffff000 size 0x2000) "
		     "wraps around");
}

static void meminfo_mem_lower_is_clamped(void **state)
{
	(void)state;
	add_meminfo(641, 1024);
	add_end();
	assert_int_equal(parse(), BOOTINFO_OK);
	assert_entry(params, 0, 0, 0xa0000, E820_USABLE);
	assert_string_equal(params->warnings[0],
			    "mem_lower 641 KiB clamped to 640 KiB");
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(grub_shape),
		TEST(old_rsdp_alone),
		TEST(new_rsdp_wins_in_either_order),
		TEST(rsdp_tag_too_small),
		TEST(efi_system_table),
		TEST(efi_memory_map_converted),
		TEST(efi_memory_map_of_many_descriptors),
		TEST(efi_memory_map_bad_descriptor_size),
		TEST(efi_memory_map_page_count_overflow),
		TEST(mmap_tag_preferred_to_efi_map),
		TEST(meminfo_alone_is_synthesized),
		TEST(no_memory_tags),
		TEST(mmap_entry_size_too_small),
		TEST(mmap_entry_size_not_multiple_of_8),
		TEST(mmap_entries_larger_than_24),
		TEST(unaligned_info),
		TEST(total_size_too_small),
		TEST(total_size_past_memory),
		TEST(info_outside_memory),
		TEST(tag_past_total_size),
		TEST(tag_smaller_than_its_header),
		TEST(zero_size_tag),
		TEST(module_tag_too_small),
		TEST(missing_end_tag),
		TEST(end_tag_of_wrong_size),
		TEST(tags_after_the_end_tag_are_ignored),
		TEST(unknown_tags_are_skipped),
		TEST(cmdline_without_nul_inside_its_tag),
		TEST(structure_at_window_end),
		TEST(other_loader_prepends_the_image_path),
		TEST(cmdline_of_4095_bytes),
		TEST(cmdline_of_4096_bytes),
		TEST(cmdline_of_5000_bytes),
		TEST(too_many_modules),
		TEST(module_ending_before_its_start),
		TEST(module_outside_memory),
		TEST(module_cmdline_too_long),
		TEST(cmdline_outside_ram),
		TEST(module_in_no_ram),
		TEST(overlapping_modules_are_warned_about),
		TEST(mmap_entries_empty_or_past_52_bits),
		TEST(efi_memory_map_past_52_bits),
		TEST(efi_memory_map_that_wraps),
		TEST(meminfo_mem_lower_is_clamped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
