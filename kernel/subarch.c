/* SPDX-License-Identifier: MIT */
#include "subarch.h"

#include <stddef.h>

#include "fmt.h"

const struct subarch_name subarch_names[SUBARCH_COUNT] = {
#define SUBARCH(name, folder) { SUBARCH_##name, #name, #folder },
#include "../platforms/subarch_list.h"
#undef SUBARCH
};

/* The longest text: every name, each with its '|', then unnamed bits. */
#define SUBARCH(name, folder) #name "|"
enum {
	LONGEST_SET = sizeof(
#include "../platforms/subarch_list.h"
		"0xffffffff"),
};
#undef SUBARCH

void subarch_set_format(char *buffer, unsigned long size, unsigned int set)
{
	char text[LONGEST_SET];
	size_t used = 0;

	if (set == 0) {
		fmt_snprintf(buffer, size, "none");
		return;
	}
	/* One name (every skip line of another subarch's entry) needs no
	 * joining. */
	for (size_t i = 0; i < SUBARCH_COUNT; i++)
		if (set == subarch_names[i].bit) {
			fmt_snprintf(buffer, size, "%s", subarch_names[i].name);
			return;
		}
	for (size_t i = 0; i < SUBARCH_COUNT; i++) {
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
