/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_MADT_H
#define ONEPATH_MADT_H
/*
 * The processors an ACPI MADT lists: local APIC (type 0) and x2APIC
 * (type 9) entries that are enabled or online-capable, in table order,
 * each APIC ID once.  Compiled for the host too (tests/unit/test_madt.c).
 * What cannot be used is counted, not fatal: the init entry turns the
 * counts into named warnings and the boot goes on with what is left.
 */
#include <stdbool.h>
#include <stdint.h>

#include "percpu_limits.h"

struct madt_cpu {
	uint32_t apic_id;
	bool x2apic;         /* listed by an x2APIC entry */
	bool online_capable; /* not enabled, but may be brought up */
};

struct madt_cpus {
	uint32_t count; /* usable entries in cpu[] */
	struct madt_cpu cpu[CPUS_MAX];
	uint32_t listed;          /* enabled or online-capable entries */
	uint32_t duplicates;      /* entries naming an APIC ID again */
	uint32_t first_duplicate; /* the first such APIC ID */
	uint32_t beyond_limit;    /* usable entries past CPUS_MAX */
	uint32_t io_apics;
};

enum madt_error {
	MADT_OK = 0,
	MADT_TRUNCATED, /* the header or an entry runs past the table */
};

/* The MADT's processors, as the acpi_madt init entry found them. */
extern struct madt_cpus madt_cpus;

/* Reads table[0..length): the whole MADT, header included. */
enum madt_error madt_parse(const uint8_t *table, uint32_t length,
			   struct madt_cpus *cpus, uint32_t *bad_offset);

#endif
