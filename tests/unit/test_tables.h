/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_TEST_TABLES_H
#define ONEPATH_TEST_TABLES_H
/* The tables test_tables.c and tables_other.c both add entries to. */
#include <stdint.h>

#include "tables/init.h"

struct item {
	const char *name; /* the object's own name, to check the order */
	int level;
};

#define ITEMS TABLE(struct item, "t")
/* Shares ITEMS' name as a prefix: the two must not mix. */
#define MORE_ITEMS TABLE(struct item, "t_more")

/* 40 bytes, 8-aligned: the size gcc would pad to a 64-byte stride. */
struct wide {
	char name[16];
	uint64_t a, b, c;
};

#define WIDE TABLE(struct wide, "wide")

#define ITEM_LEVEL_MACRO 30

int test_tables_init(struct boot_params *params);

#endif
