/* SPDX-License-Identifier: MIT */
/* The PVH parser: hvm_start_info as Xen and QEMU lay it out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fake_memory.h"
#include "kernel/bootinfo.h"
#include "platforms/xen/xen_e820.h"

/* Offsets from Xen's public arch-x86/hvm/start_info.h. */
#define MAGIC 0
#define VERSION 4
#define FLAGS 8
#define NR_MODULES 12
#define MODLIST_PADDR 16
#define CMDLINE_PADDR 24
#define RSDP_PADDR 32
#define MEMMAP_PADDR 40
#define MEMMAP_ENTRIES 48
#define V0_SIZE 40
#define V1_SIZE 56

#define XEN_HVM_START_MAGIC 0x336ec578u
#define SIF_PRIVILEGED (1u << 0)
#define SIF_INITDOMAIN (1u << 1)

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
	return bootinfo_parse(params, PVH_BOOT_MAGIC, info, &memory->window,
			      &diag);
}

static void expect_error(uint64_t info, enum bootinfo_error error,
			 const char *detail)
{
	assert_int_equal(parse(info), error);
	assert_int_equal(diag.error, error);
	if (detail)
		assert_string_equal(diag.detail, detail);
}

static uint64_t new_info_at(uint64_t addr, uint32_t version)
{
	memset(fake_at(memory, addr, version ? V1_SIZE : V0_SIZE), 0,
	       version ? V1_SIZE : V0_SIZE);
	put_u32(memory, addr + MAGIC, XEN_HVM_START_MAGIC);
	put_u32(memory, addr + VERSION, version);
	return addr;
}

/* Xen aligns hvm_start_info to 4 bytes only: so do we, never to 8. */
static uint64_t new_info(uint32_t version)
{
	return new_info_at(fake_alloc(memory, V1_SIZE + 8, 8) + 4, version);
}

struct range {
	uint64_t addr, size;
	uint32_t type;
};

static void set_memmap(uint64_t info, const struct range *ranges,
		       uint32_t count)
{
	uint64_t map = fake_alloc(memory, (uint64_t)count * 24 + 4, 8) + 4;

	for (uint32_t i = 0; i < count; i++) {
		put_u64(memory, map + i * 24, ranges[i].addr);
		put_u64(memory, map + i * 24 + 8, ranges[i].size);
		put_u32(memory, map + i * 24 + 16, ranges[i].type);
		put_u32(memory, map + i * 24 + 20, 0);
	}
	put_u64(memory, info + MEMMAP_PADDR, map);
	put_u32(memory, info + MEMMAP_ENTRIES, count);
}

/* Usable RAM that holds the fake memory, as a real map holds the info. */
static void set_usable_memmap(uint64_t info)
{
	const struct range ranges[] = { { 0, 0x200000, E820_USABLE } };

	set_memmap(info, ranges, 1);
}

/* An RSDP as firmware lays it out: 20 bytes for revision 0, 36 from 2. */
static const uint8_t rsdp_v1[20] = "RSD PTR \x42OEMID \x00\x10\x0f\x00";
static const uint8_t rsdp_v2[36] =
	"RSD PTR \x42OEMID \x02\x10\x0f\x00\x24\x00\x00\x00"
	"\x00\xe0\x0f\x00\x00\x00\x00\x00\x99\x00\x00";

static uint64_t set_rsdp(uint64_t info, const uint8_t *rsdp, size_t length)
{
	uint64_t addr = fake_alloc(memory, length, 4);

	put_bytes(memory, addr, rsdp, length);
	put_u64(memory, info + RSDP_PADDR, addr);
	return addr;
}

static void set_cmdline(uint64_t info, const char *text)
{
	put_u64(memory, info + CMDLINE_PADDR, fake_string(memory, text));
}

static uint64_t set_modules(uint64_t info, uint32_t count)
{
	uint64_t list = fake_alloc(memory, (uint64_t)count * 32, 8);

	put_u32(memory, info + NR_MODULES, count);
	put_u64(memory, info + MODLIST_PADDR, list);
	return list;
}

static void put_module(uint64_t list, uint32_t index, uint64_t paddr,
		       uint64_t size, uint64_t cmdline)
{
	put_u64(memory, list + index * 32, paddr);
	put_u64(memory, list + index * 32 + 8, size);
	put_u64(memory, list + index * 32 + 16, cmdline);
	put_u64(memory, list + index * 32 + 24, 0);
}

static void xen_shape(void **state)
{
	/* Xen 4.17 dom0-style: v0, 4-byte aligned, no map, both flags. */
	uint64_t info = new_info(0);

	(void)state;
	assert_int_equal(info % 8, 4);
	put_u32(memory, info + FLAGS, SIF_PRIVILEGED | SIF_INITDOMAIN);
	uint64_t rsdp = set_rsdp(info, rsdp_v2, sizeof(rsdp_v2));
	set_cmdline(info, "console=hvc0 init.list");

	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(diag.error, BOOTINFO_OK);
	assert_int_equal(params->protocol, ENTRY_PVH);
	assert_string_equal(entry_protocol_name(params->protocol), "pvh");
	assert_int_equal(params->info_addr, info);
	assert_int_equal(params->info_version, 0);
	assert_int_equal(params->flags, BOOT_FLAG_PRIVILEGED |
						BOOT_FLAG_INITIAL_DOMAIN |
						BOOT_FLAG_MEMMAP_PENDING);
	assert_int_equal(params->memmap_count, 0);
	/* Copied now, as multiboot 2 hands it over: ACPI never follows the
	 * loader's pointer. */
	assert_int_equal(params->rsdp, rsdp);
	assert_int_equal(params->rsdp_copy_length, 36);
	assert_memory_equal(params->rsdp_copy, rsdp_v2, 36);
	/* PVH has no image word: the whole line is arguments. */
	assert_string_equal(params->cmdline, "console=hvc0 init.list");
	assert_string_equal(params->image, "");
	assert_string_equal(params->loader, "");
	assert_int_equal(params->module_count, 0);
	assert_int_equal(params->warning_count, 0);
}

static void flags_map_one_by_one(void **state)
{
	uint64_t info = new_info(0);

	(void)state;
	put_u32(memory, info + FLAGS, SIF_PRIVILEGED);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->flags,
			 BOOT_FLAG_PRIVILEGED | BOOT_FLAG_MEMMAP_PENDING);

	memset(params, 0, sizeof(*params));
	put_u32(memory, info + FLAGS, SIF_INITDOMAIN | 0xf0);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->flags,
			 BOOT_FLAG_INITIAL_DOMAIN | BOOT_FLAG_MEMMAP_PENDING);
}

static void v0_at_the_very_end_of_memory(void **state)
{
	/* A v0 structure is 40 bytes: nothing after it may be read. */
	uint64_t info = new_info_at(FAKE_BASE + FAKE_SIZE - V0_SIZE, 0);

	(void)state;
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->flags, BOOT_FLAG_MEMMAP_PENDING);
}

static void v1_cut_by_the_end_of_memory(void **state)
{
	uint64_t info = new_info_at(FAKE_BASE + FAKE_SIZE - V0_SIZE - 4, 0);

	(void)state;
	put_u32(memory, info + VERSION, 1);
	expect_error(
		info, BOOTINFO_OUT_OF_BOUNDS,
		"hvm_start_info v1 at 0x2ffd4 runs past the end of memory");
}

static void qemu_shape(void **state)
{
	const struct range ranges[] = {
		{ 0, 0x9fc00, E820_USABLE },
		{ 0x9fc00, 0x400, E820_RESERVED },
		{ 0xf0000, 0x10000, E820_RESERVED },
		{ 0x100000, 0x7fee0000, E820_USABLE },
		{ 0x7ffe0000, 0x20000, E820_RESERVED },
		{ 0xfeffc000, 0x4000, E820_RESERVED },
		{ 0xfffc0000, 0x40000, E820_RESERVED },
	};
	uint64_t info = new_info(1);
	uint64_t initrd = fake_alloc(memory, 0x2000, 0x1000);
	uint64_t list, rsdp;

	(void)state;
	set_memmap(info, ranges, 7);
	set_cmdline(info, "init.list init.skip=a,b");
	rsdp = set_rsdp(info, rsdp_v1, sizeof(rsdp_v1));
	list = set_modules(info, 1);
	put_module(list, 0, initrd, 0x1234, fake_string(memory, "initrd"));

	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->protocol, ENTRY_PVH);
	assert_int_equal(params->info_version, 1);
	assert_int_equal(params->flags, 0);
	assert_int_equal(params->rsdp, rsdp);
	assert_int_equal(params->rsdp_copy_length, 20);
	assert_memory_equal(params->rsdp_copy, rsdp_v1, 20);
	assert_string_equal(params->cmdline, "init.list init.skip=a,b");
	assert_string_equal(params->image, "");
	assert_int_equal(params->module_count, 1);
	assert_int_equal(params->modules[0].start, initrd);
	assert_int_equal(params->modules[0].end, initrd + 0x1234);
	assert_string_equal(params->modules[0].cmdline, "initrd");
	assert_int_equal(params->memmap_count, 7);
	assert_entry(params, 0, 0, 0x9f000, E820_USABLE);
	assert_entry(params, 1, 0x9fc00, 0x400, E820_RESERVED);
	assert_entry(params, 2, 0xf0000, 0x10000, E820_RESERVED);
	assert_entry(params, 3, 0x100000, 0x7fee0000, E820_USABLE);
	assert_entry(params, 4, 0x7ffe0000, 0x20000, E820_RESERVED);
	assert_entry(params, 5, 0xfeffc000, 0x4000, E820_RESERVED);
	assert_entry(params, 6, 0xfffc0000, 0x40000, E820_RESERVED);
	assert_int_equal(params->warning_count, 0);
}

static void v1_without_entries_is_pending(void **state)
{
	uint64_t info = new_info(1);

	(void)state;
	put_u64(memory, info + MEMMAP_PADDR, FAKE_BASE);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->info_version, 1);
	assert_int_equal(params->flags, BOOT_FLAG_MEMMAP_PENDING);
	assert_int_equal(params->memmap_count, 0);
}

static void v1_without_map_address_is_pending(void **state)
{
	uint64_t info = new_info(1);

	(void)state;
	put_u32(memory, info + MEMMAP_ENTRIES, 5);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->flags, BOOT_FLAG_MEMMAP_PENDING);
}

static void v0_ignores_what_follows_it(void **state)
{
	uint64_t info = new_info(0);

	(void)state;
	/* v1 fields with garbage: a v0 structure does not have them. */
	put_u64(memory, info + MEMMAP_PADDR, 0xdead0000);
	put_u32(memory, info + MEMMAP_ENTRIES, 99);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->flags, BOOT_FLAG_MEMMAP_PENDING);
}

static void later_versions_read_as_v1(void **state)
{
	uint64_t info = new_info(1);

	(void)state;
	put_u32(memory, info + VERSION, 2);
	set_usable_memmap(info);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->info_version, 2);
	assert_int_equal(params->memmap_count, 1);
	assert_int_equal(params->flags, 0);
}

static void bad_magic(void **state)
{
	uint64_t info = new_info(1);

	(void)state;
	put_u32(memory, info + MAGIC, 0x12345678);
	expect_error(info, BOOTINFO_BAD_MAGIC,
		     "hvm_start_info magic 0x12345678 (expected 0x336ec578)");
}

static void info_outside_memory(void **state)
{
	(void)state;
	expect_error(0x1004, BOOTINFO_OUT_OF_BOUNDS,
		     "hvm_start_info at 0x1004 is outside memory");
	expect_error(FAKE_BASE + FAKE_SIZE - 36, BOOTINFO_OUT_OF_BOUNDS, NULL);
}

/* A hostile rsdp_paddr is a named boot-info error, never a page fault
 * when ACPI would have followed it. */
static void rsdp_outside_memory(void **state)
{
	uint64_t info = new_info(0);

	(void)state;
	put_u64(memory, info + RSDP_PADDR, 0xdead00000000ull);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS,
		     "hvm_start_info rsdp_paddr 0xdead00000000: the RSDP's "
		     "20 bytes are outside memory");
	put_u64(memory, info + RSDP_PADDR, UINT64_MAX - 7);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS, NULL);
}

static void rsdp_cut_by_the_end_of_memory(void **state)
{
	uint64_t info = new_info(0);
	uint64_t end = FAKE_BASE + FAKE_SIZE;

	(void)state;
	put_u64(memory, info + RSDP_PADDR, end - 19);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS, NULL);
	/* Revision 2 asks for 36 bytes: the first 20 fit, the rest not. */
	put_bytes(memory, end - 20, rsdp_v2, 20);
	put_u64(memory, info + RSDP_PADDR, end - 20);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS,
		     "hvm_start_info rsdp_paddr 0x2ffec: the RSDP's 36 bytes "
		     "are outside memory");
}

static void rsdp_absent(void **state)
{
	uint64_t info = new_info(0);

	(void)state;
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->rsdp, 0);
	assert_int_equal(params->rsdp_copy_length, 0);
}

static void memmap_outside_memory(void **state)
{
	uint64_t info = new_info(1);

	(void)state;
	put_u64(memory, info + MEMMAP_PADDR, FAKE_BASE + FAKE_SIZE - 24);
	put_u32(memory, info + MEMMAP_ENTRIES, 2);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS,
		     "hvm memory map at 0x2ffe8 (2 entries) is outside memory");
}

static void memmap_with_a_huge_count(void **state)
{
	uint64_t info = new_info(1);

	(void)state;
	set_usable_memmap(info);
	put_u32(memory, info + MEMMAP_ENTRIES, 0xffffffffu);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS, NULL);
}

static void memmap_with_xen_types(void **state)
{
	const struct range ranges[] = {
		{ 0, 0x100000, E820_USABLE },
		{ 0xfc000000, 0x1000, 0xf0000001 },  /* shared info */
		{ 0xfc001000, 0x20000, 0xf0000002 }, /* grant table */
	};
	uint64_t info = new_info(1);

	(void)state;
	set_memmap(info, ranges, 3);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->memmap_count, 2);
	assert_entry(params, 1, 0xfc000000, 0x21000, E820_RESERVED);
}

static void memmap_beyond_the_table(void **state)
{
	struct range ranges[200];
	uint64_t info = new_info(1);

	(void)state;
	for (int i = 0; i < 200; i++)
		ranges[i] =
			(struct range){ i * 0x2000ull, 0x1000,
					i % 2 ? E820_USABLE : E820_RESERVED };
	set_memmap(info, ranges, 200);
	expect_error(info, BOOTINFO_BAD_MEMMAP,
		     "memory map needs more than 128 entries");
}

static void memmap_that_wraps(void **state)
{
	const struct range ranges[] = {
		{ 0, 0x100000, E820_USABLE },
		{ 0xffffffff00000000ull, 0x100000000ull, E820_RESERVED },
	};
	uint64_t info = new_info(1);

	(void)state;
	set_memmap(info, ranges, 2);
	expect_error(info, BOOTINFO_BAD_MEMMAP,
		     "memory map entry 1 (0xffffffff00000000 size 0x100000000) "
		     "wraps around");
}

static void check_cmdline_length(size_t length, bool truncated)
{
	uint64_t info = new_info(1);
	char *line = long_string("x=", length);

	set_usable_memmap(info);
	set_cmdline(info, line);
	assert_int_equal(parse(info), BOOTINFO_OK);
	size_t kept = truncated ? BOOT_CMDLINE_MAX - 1 : length;
	assert_int_equal(strlen(params->cmdline), kept);
	assert_memory_equal(params->cmdline, line, kept);
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

static void cmdline_unterminated_at_window_end(void **state)
{
	uint64_t info = new_info(0);
	uint64_t end = FAKE_BASE + FAKE_SIZE;

	(void)state;
	memset(fake_at(memory, end - 3, 3), 'c', 3);
	put_u64(memory, info + CMDLINE_PADDR, end - 3);
	expect_error(info, BOOTINFO_UNTERMINATED,
		     "cmdline at 0x2fffd has no terminating NUL");
}

static void cmdline_outside_memory(void **state)
{
	uint64_t info = new_info(0);

	(void)state;
	put_u64(memory, info + CMDLINE_PADDR, 0x100000000ull);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS,
		     "cmdline at 0x100000000 is outside memory");
}

static void too_many_modules(void **state)
{
	uint64_t info = new_info(0);
	uint64_t list = set_modules(info, 17);

	(void)state;
	for (uint32_t i = 0; i < 17; i++)
		put_module(list, i, FAKE_BASE + i, 1, 0);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->module_count, 16);
	assert_int_equal(params->modules[15].start, FAKE_BASE + 15);
	assert_string_equal(params->warnings[0],
			    "only the first 16 of 17 modules kept");
}

static void module_that_wraps(void **state)
{
	uint64_t info = new_info(0);
	uint64_t list = set_modules(info, 1);

	(void)state;
	put_module(list, 0, FAKE_BASE, UINT64_MAX, 0);
	expect_error(
		info, BOOTINFO_OUT_OF_BOUNDS,
		"hvm module 0 (0x10000 size 0xffffffffffffffff) wraps around");
}

static void module_outside_memory(void **state)
{
	uint64_t info = new_info(0);
	uint64_t list = set_modules(info, 1);

	(void)state;
	put_module(list, 0, FAKE_BASE + FAKE_SIZE - 0x10, 0x11, 0);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS,
		     "module 0 [0x2fff0, 0x30001) is outside memory");
}

static void module_list_outside_memory(void **state)
{
	uint64_t info = new_info(0);

	(void)state;
	put_u32(memory, info + NR_MODULES, 1);
	put_u64(memory, info + MODLIST_PADDR, FAKE_BASE + FAKE_SIZE - 16);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS,
		     "hvm module 0 at 0x2fff0 is outside memory");
}

static void modules_without_a_list(void **state)
{
	uint64_t info = new_info(0);

	(void)state;
	put_u32(memory, info + NR_MODULES, 3);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->module_count, 0);
	assert_string_equal(params->warnings[0],
			    "hvm_start_info has 3 modules but no module list");
}

static void module_cmdline_unterminated(void **state)
{
	uint64_t info = new_info(0);
	uint64_t list = set_modules(info, 1);
	uint64_t end = FAKE_BASE + FAKE_SIZE;

	(void)state;
	memset(fake_at(memory, end - 1, 1), 'z', 1);
	put_module(list, 0, FAKE_BASE, 0, end - 1);
	expect_error(info, BOOTINFO_UNTERMINATED,
		     "module 0 cmdline at 0x2ffff has no terminating NUL");
}

/*
 * Once the map is known, strings and modules must lie in RAM it lists.
 * The fake memory is [0x10000, 0x30000).
 */
static void cmdline_outside_ram(void **state)
{
	const struct range ranges[] = { { 0x100000, 0x100000, E820_USABLE } };
	uint64_t info = new_info(1);

	(void)state;
	set_memmap(info, ranges, 1);
	put_string(memory, 0x28000, "console=hvc0");
	put_u64(memory, info + CMDLINE_PADDR, 0x28000);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS,
		     "cmdline [0x28000, 0x2800d) is not in RAM the memory map "
		     "lists");
}

static void module_in_no_ram(void **state)
{
	const struct range ranges[] = { { 0, 0x20000, E820_USABLE } };
	uint64_t info = new_info(1);
	uint64_t list = set_modules(info, 1);

	(void)state;
	set_memmap(info, ranges, 1);
	put_module(list, 0, 0x28000, 0x1000, 0);
	expect_error(info, BOOTINFO_OUT_OF_BOUNDS,
		     "module 0 [0x28000, 0x29000) is in no RAM the memory map "
		     "lists");
}

static void memmap_entries_empty_or_past_52_bits(void **state)
{
	const struct range ranges[] = {
		{ 0, 0x200000, E820_USABLE },
		{ 0x400000, 0, E820_RESERVED },
		{ 1ull << 60, 0x1000, E820_RESERVED },
	};
	uint64_t info = new_info(1);

	(void)state;
	set_memmap(info, ranges, 3);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->memmap_count, 1);
	assert_int_equal(params->warning_count, 2);
	assert_string_equal(params->warnings[0],
			    "memory map: entries of size 0 dropped: 1");
	assert_string_equal(
		params->warnings[1],
		"memory map: entries past 2^52 (no x86-64 address) clamped: 1");
}

static void memmap_of_too_many_entries(void **state)
{
	uint32_t count = BOOTINFO_MEMMAP_RAW_MAX + 1;
	uint64_t info, map;

	(void)state;
	fake_memory_free(memory);
	memory = fake_memory_new((uint64_t)count * 24 + 0x1000);
	info = new_info(1);
	map = fake_alloc(memory, (uint64_t)count * 24, 8);
	for (uint32_t i = 0; i < count; i++) {
		put_u64(memory, map + i * 24, i * 0x1000ull);
		put_u64(memory, map + i * 24 + 8, 0x1000);
		put_u32(memory, map + i * 24 + 16, E820_USABLE);
	}
	put_u64(memory, info + MEMMAP_PADDR, map);
	put_u32(memory, info + MEMMAP_ENTRIES, count);
	expect_error(info, BOOTINFO_BAD_MEMMAP,
		     "memory map has more than 4096 entries");
}

/* Xen's reply, as XENMEM_memory_map packs it: 20-byte records. */
static size_t put_e820(uint8_t *reply, size_t index, uint64_t addr,
		       uint64_t size, uint32_t type)
{
	memcpy(reply + index * XEN_E820_RECORD_SIZE, &addr, 8);
	memcpy(reply + index * XEN_E820_RECORD_SIZE + 8, &size, 8);
	memcpy(reply + index * XEN_E820_RECORD_SIZE + 16, &type, 4);
	return index + 1;
}

static void xen_map_checks_the_modules(void **state)
{
	uint8_t reply[4 * XEN_E820_RECORD_SIZE] = { 0 };
	uint64_t info = new_info(0);
	uint64_t list = set_modules(info, 1);

	(void)state;
	/* v0: the modules wait for the map Xen gives by hypercall. */
	put_module(list, 0, 0x28000, 0x1000, 0);
	assert_int_equal(parse(info), BOOTINFO_OK);
	assert_int_equal(params->flags & BOOT_FLAG_MEMMAP_PENDING,
			 BOOT_FLAG_MEMMAP_PENDING);
	put_e820(reply, 0, 0, 0x20000, E820_USABLE);
	put_e820(reply, 1, 0x100000, 0x100000, E820_USABLE);
	assert_int_equal(
		xen_e820_import(params, reply, sizeof(reply), 2, &diag),
		BOOTINFO_OUT_OF_BOUNDS);
	assert_string_equal(diag.detail, "module 0 [0x28000, 0x29000) is in no "
					 "RAM the memory map lists");

	/* In RAM, it passes. */
	memset(&diag, 0, sizeof(diag));
	put_e820(reply, 0, 0, 0x30000, E820_USABLE);
	assert_int_equal(
		xen_e820_import(params, reply, sizeof(reply), 2, &diag),
		BOOTINFO_OK);
	assert_int_equal(params->memmap_count, 2);
}

static void xen_map_checks_the_strings(void **state)
{
	uint8_t reply[4 * XEN_E820_RECORD_SIZE] = { 0 };
	uint64_t info = new_info(0);

	(void)state;
	/* v0: the command line, too, must wait for the hypercall's map. */
	set_cmdline(info, "loglevel=6");
	assert_int_equal(parse(info), BOOTINFO_OK);
	put_e820(reply, 0, 0x100000, 0x100000, E820_USABLE);
	assert_int_equal(
		xen_e820_import(params, reply, sizeof(reply), 1, &diag),
		BOOTINFO_OUT_OF_BOUNDS);
	assert_non_null(strstr(diag.detail, "cmdline ["));
	assert_non_null(
		strstr(diag.detail, "is not in RAM the memory map lists"));

	/* Once the map covers it, it passes. */
	memset(&diag, 0, sizeof(diag));
	put_e820(reply, 0, 0, 0x200000, E820_USABLE);
	assert_int_equal(
		xen_e820_import(params, reply, sizeof(reply), 1, &diag),
		BOOTINFO_OK);
}

static void xen_map_entries_empty_or_past_52_bits(void **state)
{
	uint8_t reply[4 * XEN_E820_RECORD_SIZE] = { 0 };
	size_t n = 0;

	(void)state;
	n = put_e820(reply, n, 0, 0x9f000, E820_USABLE);
	n = put_e820(reply, n, 0x100000, 0, E820_USABLE);
	n = put_e820(reply, n, 1ull << 52, 0x1000, E820_USABLE);
	n = put_e820(reply, n, 0xfffffffffffff000ull, 0x1000, E820_RESERVED);
	assert_int_equal(xen_e820_import(params, reply, sizeof(reply),
					 (uint32_t)n, &diag),
			 BOOTINFO_BAD_MEMMAP);
	assert_string_equal(diag.detail,
			    "memory map entry 3 (0xfffffffffffff000 size "
			    "0x1000) wraps around");

	memset(params, 0, sizeof(*params));
	assert_int_equal(
		xen_e820_import(params, reply, sizeof(reply), 3, &diag),
		BOOTINFO_OK);
	assert_int_equal(params->memmap_count, 1);
	assert_int_equal(params->warning_count, 2);
	assert_string_equal(params->warnings[0],
			    "memory map: entries of size 0 dropped: 1");
	assert_string_equal(
		params->warnings[1],
		"memory map: entries past 2^52 (no x86-64 address) clamped: 1");
}

static void xen_map_empty_once_normalised(void **state)
{
	uint8_t reply[2 * XEN_E820_RECORD_SIZE] = { 0 };

	(void)state;
	/* Less than a page of usable memory, and an empty entry. */
	put_e820(reply, 0, 0x1800, 0x800, E820_USABLE);
	put_e820(reply, 1, 0x100000, 0, E820_USABLE);
	assert_int_equal(
		xen_e820_import(params, reply, sizeof(reply), 2, &diag),
		BOOTINFO_NO_MEMMAP);
	assert_string_equal(diag.detail,
			    "Xen memory map is empty once normalised");
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(xen_shape),
		TEST(flags_map_one_by_one),
		TEST(v0_at_the_very_end_of_memory),
		TEST(v1_cut_by_the_end_of_memory),
		TEST(qemu_shape),
		TEST(v1_without_entries_is_pending),
		TEST(v1_without_map_address_is_pending),
		TEST(v0_ignores_what_follows_it),
		TEST(later_versions_read_as_v1),
		TEST(bad_magic),
		TEST(info_outside_memory),
		TEST(rsdp_outside_memory),
		TEST(rsdp_cut_by_the_end_of_memory),
		TEST(rsdp_absent),
		TEST(memmap_outside_memory),
		TEST(memmap_with_a_huge_count),
		TEST(memmap_with_xen_types),
		TEST(memmap_beyond_the_table),
		TEST(memmap_that_wraps),
		TEST(cmdline_of_4095_bytes),
		TEST(cmdline_of_4096_bytes),
		TEST(cmdline_of_5000_bytes),
		TEST(cmdline_unterminated_at_window_end),
		TEST(cmdline_outside_memory),
		TEST(too_many_modules),
		TEST(module_that_wraps),
		TEST(module_outside_memory),
		TEST(module_list_outside_memory),
		TEST(modules_without_a_list),
		TEST(module_cmdline_unterminated),
		TEST(cmdline_outside_ram),
		TEST(module_in_no_ram),
		TEST(memmap_entries_empty_or_past_52_bits),
		TEST(memmap_of_too_many_entries),
		TEST(xen_map_checks_the_strings),
		TEST(xen_map_checks_the_modules),
		TEST(xen_map_entries_empty_or_past_52_bits),
		TEST(xen_map_empty_once_normalised),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
