/* SPDX-License-Identifier: MIT */
#include "subarch.h"

#include <stddef.h>

#include "fmt.h"

static const struct {
	unsigned int bit;
	const char *name;
} subarch_names[] = {
	{ SUBARCH_PC, "PC" },
	{ SUBARCH_XEN, "XEN" },
};
#define SUBARCH_NAME_COUNT (sizeof(subarch_names) / sizeof(subarch_names[0]))

void subarch_set_format(char *buffer, unsigned long size, unsigned int set)
{
	char text[sizeof("PC|XEN|0xffffffff")];
	size_t used = 0;

	if (set == 0) {
		fmt_snprintf(buffer, size, "none");
		return;
	}
	for (size_t i = 0; i < SUBARCH_NAME_COUNT; i++) {
		if (!(set & subarch_names[i].bit))
			continue;
		set &= ~subarch_names[i].bit;
		used += fmt_snprintf(text + used, sizeof(text) - used, "%s%s",
				     used ? "|" : "", subarch_names[i].name);
	}
	/* A bit nobody named is a bug to show, not to hide. */
	if (set)
		fmt_snprintf(text + used, sizeof(text) - used, "%s0x%x",
			     used ? "|" : "", set);
	fmt_snprintf(buffer, size, "%s", text);
}
