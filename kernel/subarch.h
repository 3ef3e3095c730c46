/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_SUBARCH_H
#define ONEPATH_SUBARCH_H
/*
 * Hardware subarchitectures, as bits so that an init entry can name a set.
 * The entry protocol (how we were booted) is a different thing: PVH under
 * QEMU is SUBARCH_PC, PVH under Xen is SUBARCH_XEN.  The list itself is
 * platforms/subarch_list.h; everything here is derived from it.
 */
#include <stdint.h>

enum subarch_index {
#define SUBARCH(name, folder) SUBARCH_INDEX_##name,
#include "../platforms/subarch_list.h"
#undef SUBARCH
	SUBARCH_COUNT
};

enum subarch_bit {
#define SUBARCH(name, folder) SUBARCH_##name = 1u << SUBARCH_INDEX_##name,
#include "../platforms/subarch_list.h"
#undef SUBARCH
	SUBARCH_ALL = (1u << SUBARCH_COUNT) - 1,
};

_Static_assert(SUBARCH_COUNT <= 31, "subarch sets are 32-bit masks");

struct subarch_name {
	uint32_t bit;
	const char *name;   /* "PC", as logs and tools/inittab print it */
	const char *folder; /* "pc": platforms/pc/ holds its private code */
};

/* In platforms/subarch_list.h's order. */
extern const struct subarch_name subarch_names[SUBARCH_COUNT];

/* "PC", "XEN", "PC|XEN"; "none" for 0.  Writes at most size bytes. */
void subarch_set_format(char *buffer, unsigned long size, unsigned int set);

#endif
