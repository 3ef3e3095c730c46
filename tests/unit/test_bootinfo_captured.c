/* SPDX-License-Identifier: MIT */
/*
 * Real boot information, captured from real loaders with bootinfo.dump
 * (tools/capture-bootinfo.py): QEMU's multiboot1 and PVH loaders, GRUB's
 * multiboot2, Xen's PVH dom0 builder and xl creating a PVH domU.  Each
 * capture holds the bytes the kernel's parser read and what the kernel
 * made of them; parsing the same bytes here must give the same result.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "kernel/bootinfo.h"
#include "platforms/xen/xen_e820.h"

/* QEMU puts the command line at 0x130000, the info at 0x9500; Xen puts
 * a dom0's RSDP 465 MiB above the info, and xl a domU's just below 4 GiB.
 * The span is mapped sparsely: only the captured pages take memory. */
#define MAX_BYTES (1ull << 32)

struct capture {
	uint32_t magic;
	uint64_t info;
	uint64_t low, high; /* span of the captured ranges */
	uint8_t *memory;    /* bytes for [low, high) */
	uint8_t e820[XEN_E820_MAX_ENTRIES * XEN_E820_RECORD_SIZE];
	size_t e820_length;
	long e820_count; /* -1: no Xen reply captured */
	char expect_protocol[32], expect_loader[64], expect_cmdline[256];
	unsigned expect_version, expect_flags, expect_memmap;
};

static void hex_into(uint8_t *out, const char *hex)
{
	for (size_t i = 0; hex[2 * i] && hex[2 * i + 1]; i++) {
		unsigned byte;
		sscanf(hex + 2 * i, "%2x", &byte);
		out[i] = (uint8_t)byte;
	}
}

/* Two passes: the span of the ranges first, then their bytes. */
static void load(const char *path, struct capture *c)
{
	char line[512], kind[32], hex[256];
	unsigned long long address;
	FILE *file = fopen(path, "r");

	assert_non_null(file);
	memset(c, 0, sizeof(*c));
	c->low = UINT64_MAX;
	c->e820_count = -1;
	while (fgets(line, sizeof(line), file))
		if (sscanf(line, "range %llx %255s", &address, hex) == 2) {
			if (address < c->low)
				c->low = address;
			if (address + strlen(hex) / 2 > c->high)
				c->high = address + strlen(hex) / 2;
		}
	assert_true(c->high > c->low && c->high - c->low <= MAX_BYTES);
	c->memory = mmap(NULL, c->high - c->low, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	assert_true(c->memory != MAP_FAILED);
	rewind(file);
	while (fgets(line, sizeof(line), file)) {
		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "magic %x", &c->magic) == 1 ||
		    sscanf(line, "info %llx", (unsigned long long *)&c->info) ==
			    1 ||
		    sscanf(line, "xen-e820-count %ld", &c->e820_count) == 1)
			continue;
		if (sscanf(line, "%31s %llx %255s", kind, &address, hex) == 3) {
			if (!strcmp(kind, "range"))
				hex_into(c->memory + (address - c->low), hex);
			else if (!strcmp(kind, "xen-e820") &&
				 address + strlen(hex) / 2 <= sizeof(c->e820)) {
				hex_into(c->e820 + address, hex);
				if (address + strlen(hex) / 2 > c->e820_length)
					c->e820_length =
						address + strlen(hex) / 2;
			}
		}
		if (!strncmp(line, "expect protocol ", 16))
			snprintf(c->expect_protocol, sizeof(c->expect_protocol),
				 "%.31s", line + 16);
		else if (!strncmp(line, "expect loader ", 14))
			snprintf(c->expect_loader, sizeof(c->expect_loader),
				 "%.63s", line + 14);
		else if (!strcmp(line, "expect loader"))
			c->expect_loader[0] = '\0';
		else if (!strncmp(line, "expect cmdline ", 15))
			snprintf(c->expect_cmdline, sizeof(c->expect_cmdline),
				 "%.255s", line + 15);
		else
			(void)(sscanf(line, "expect version %u",
				      &c->expect_version) ||
			       sscanf(line, "expect flags %x",
				      &c->expect_flags) ||
			       sscanf(line, "expect memmap %u",
				      &c->expect_memmap));
	}
	fclose(file);
}

static void replay(const char *name)
{
	char path[512];
	struct capture *c = calloc(1, sizeof(*c));
	struct boot_params *params = calloc(1, sizeof(*params));
	struct bootinfo_diag diag = { 0 };

	snprintf(path, sizeof(path), "%s/tests/captures/%s.txt",
		 ONEPATH_SOURCE_DIR, name);
	load(path, c);
	struct phys_window window = { c->memory, c->low, c->high, NULL };

	assert_int_equal(
		bootinfo_parse(params, c->magic, c->info, &window, &diag),
		BOOTINFO_OK);
	assert_string_equal(entry_protocol_name(params->protocol),
			    c->expect_protocol);
	assert_string_equal(params->loader, c->expect_loader);
	assert_string_equal(params->cmdline, c->expect_cmdline);
	assert_int_equal(params->info_version, c->expect_version);
	assert_int_equal(params->flags, c->expect_flags);
	if (c->e820_count >= 0) {
		assert_true(params->flags & BOOT_FLAG_MEMMAP_PENDING);
		assert_int_equal(
			xen_e820_import(params, c->e820, c->e820_length,
					(uint32_t)c->e820_count, &diag),
			BOOTINFO_OK);
	}
	assert_int_equal(params->memmap_count, c->expect_memmap);
	munmap(c->memory, c->high - c->low);
	free(c);
	free(params);
}

static void multiboot1_qemu(void **state)
{
	(void)state;
	replay("multiboot1-qemu");
}
static void multiboot2_grub(void **state)
{
	(void)state;
	replay("multiboot2-grub");
}
static void pvh_qemu(void **state)
{
	(void)state;
	replay("pvh-qemu");
}
static void pvh_microvm(void **state)
{
	(void)state;
	replay("pvh-microvm");
}
static void pvh_xen(void **state)
{
	(void)state;
	replay("pvh-xen");
}
/* A domU xl created: version 1 with its own memory map, not the initial
 * domain (flags 0). */
static void pvh_xen_domu(void **state)
{
	(void)state;
	replay("pvh-xen-domu");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(multiboot1_qemu),
		cmocka_unit_test(multiboot2_grub),
		cmocka_unit_test(pvh_qemu),
		cmocka_unit_test(pvh_microvm),
		cmocka_unit_test(pvh_xen),
		cmocka_unit_test(pvh_xen_domu),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
