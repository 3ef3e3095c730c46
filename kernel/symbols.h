/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_SYMBOLS_H
#define ONEPATH_SYMBOLS_H
/*
 * The kernel's own code symbols, linked into the image (tools/ksyms.py
 * writes them from a first link; the final link adds only read-only data,
 * so no code moves, which the build checks), for reports that name code:
 * "rip 0x10345a (page_tables_init+0x2a)".
 */
#include <stdint.h>

struct kernel_symbol {
	uint64_t address;
	uint32_t name; /* offset in kernel_symbol_names */
};

/* The symbol at or before address (offset set), or NULL if none. */
const char *symbol_name(uint64_t address, uint64_t *offset);

/* The address of the named code symbol, or 0. */
uint64_t symbol_address(const char *name);

#endif
