/* SPDX-License-Identifier: MIT */
/* What the loader gave, for the app: read-only. */
#include "page_alloc.h"
#include "../include/onepath/app.h"

extern struct boot_params boot_params;

const struct boot_params *app_boot_params(void)
{
	return &boot_params;
}

/* Modules lie in RAM the loader reported, which page_tables maps
 * one-to-one; the page allocator never hands out their pages. */
const uint8_t *app_module(uint32_t index, size_t *size)
{
	if (index >= boot_params.module_count)
		return NULL;
	*size = (size_t)(boot_params.modules[index].end -
			 boot_params.modules[index].start);
	return (const uint8_t *)(uintptr_t)boot_params.modules[index].start;
}

void *app_page_alloc(void)
{
	return (void *)(uintptr_t)page_alloc();
}

void app_page_free(void *page)
{
	page_free((uint64_t)(uintptr_t)page);
}
