/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_ACPI_H
#define ONEPATH_ACPI_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot_params.h"
#include "phys.h"

struct __attribute__((packed)) acpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
};

/* The root tables the acpi entry found in a valid RSDP (0: absent). */
struct acpi_root {
	uint64_t rsdt;
	uint64_t xsdt;
};
extern struct acpi_root acpi_root;

/*
 * Firmware tables are read only where the memory map says they can be:
 * [addr, addr+length) inside entries of type usable, reserved, ACPI or
 * NVS that touch one another (those but usable taken as whole pages),
 * and below 4 GiB, which page_tables maps whatever the RAM.  Then *out is a
 * window on exactly those bytes (the identity map).  False, *out untouched,
 * anywhere else: a hole, MMIO, unusable memory, a length of 0, a range that
 * wraps.
 */
bool acpi_window(const struct boot_params *params, uint64_t addr,
		 uint64_t length, struct phys_window *out);

/* The byte sum of a table: 0 when its checksum is right. */
uint8_t acpi_checksum(const void *data, size_t length);

/*
 * The valid table with this signature ("APIC", "FACP") under the root
 * table, as a window on exactly its bytes; false if there is none.
 * acpi_table_placed checks less, for a table read only later (the DSDT
 * the FADT names, read at power-off): that the one at address lies where
 * the memory map allows, with a sane length and this signature; its
 * checksum is for its reader to check when it reads it.  Init only: they
 * live in .init.text.
 */
bool acpi_find_table(const struct boot_params *params, const char *signature,
		     struct phys_window *found);
bool acpi_table_placed(const struct boot_params *params, uint64_t address,
		       const char *signature, struct phys_window *table);

/*
 * Finds \_S5_, the sleep state "soft off", in AML (the DSDT's body): its
 * package's first two values are the SLP_TYP values for PM1a and PM1b.
 * False if the AML has no such package.  Host-tested (test_acpi_s5.c).
 */
bool acpi_s5_sleep_types(const uint8_t *aml, size_t length, uint8_t *pm1a,
			 uint8_t *pm1b);

#endif
