/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_ACPI_H
#define ONEPATH_ACPI_H
#include <stddef.h>
#include <stdint.h>

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

/* The bytes the RSDP's first checksum covers (ACPI 1.0). */
#define RSDP_V1_LENGTH 20

/* The byte sum of a table: 0 when its checksum is right. */
uint8_t acpi_checksum(const void *data, size_t length);

#endif
