/* SPDX-License-Identifier: MIT */
/*
 * The second translation unit of test_tables: its entries interleave with
 * the first one's in the linked tables, by level and object name only.
 * Declared out of order on purpose (pitfall 2).
 */
#include "test_tables.h"

TABLE_ENTRY(ITEMS, 50, item_c) = { "item_c", 50 };
TABLE_ENTRY(ITEMS, 50, item_a) = { "item_a", 50 };
TABLE_ENTRY(ITEMS, 20, item_m) = { "item_m", 20 };

TABLE_ENTRY(MORE_ITEMS, 10, more_x) = { "more_x", 10 };

TABLE_ENTRY(WIDE, 10, wide_2) = { "wide_2", 2, 2, 2 };
TABLE_ENTRY(WIDE, 10, wide_0) = { "wide_0", 0, 0, 0 };

INIT_ENTRY(gamma, EARLY, SUBARCH_PC | SUBARCH_XEN, test_tables_init,
	   INIT_NO_DEPS);
INIT_ENTRY(delta, CPU, SUBARCH_PC, test_tables_init, INIT_AFTER(beta),
	   .flags = INIT_CRITICAL);
