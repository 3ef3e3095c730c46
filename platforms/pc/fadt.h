/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_PC_FADT_H
#define ONEPATH_PC_FADT_H
/* The FADT's fields that more than one PC reader needs (ACPI 6.5, 5.2.9). */
#define FADT_FLAGS 112
#define FADT_HW_REDUCED_ACPI (1u << 20)
#endif
