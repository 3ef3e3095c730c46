/* SPDX-License-Identifier: MIT */
#include "symbols.h"

#include <stddef.h>

#include "final_link.h"
#include "klib.h"

/* Weak: the first link has no table yet (kernel/final_link.h). */
extern const struct kernel_symbol kernel_symbols[] __attribute__((weak));
extern const uint32_t kernel_symbol_count __attribute__((weak));
extern const char kernel_symbol_names[] __attribute__((weak));

static uint32_t symbol_count(void)
{
	const uint32_t *count = final_link_data(&kernel_symbol_count);

	return count ? *count : 0;
}

const char *symbol_name(uint64_t address, uint64_t *offset)
{
	const struct kernel_symbol *symbols = final_link_data(kernel_symbols);
	const char *names = final_link_data(kernel_symbol_names);
	uint32_t low = 0, high = symbol_count();

	/* The last symbol whose address is <= address; sorted by address. */
	while (low < high) {
		uint32_t middle = low + (high - low) / 2;

		if (symbols[middle].address <= address)
			low = middle + 1;
		else
			high = middle;
	}
	if (low == 0)
		return NULL;
	*offset = address - symbols[low - 1].address;
	return names + symbols[low - 1].name;
}

uint64_t symbol_address(const char *name)
{
	const struct kernel_symbol *symbols = final_link_data(kernel_symbols);
	const char *names = final_link_data(kernel_symbol_names);

	for (uint32_t i = 0; i < symbol_count(); i++)
		if (!strcmp(names + symbols[i].name, name))
			return symbols[i].address;
	return 0;
}
