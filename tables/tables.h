/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_TABLES_H
#define ONEPATH_TABLES_H
/*
 * Linker tables: arrays assembled by the linker from entries defined in any
 * number of files.  Nobody keeps a list; adding an entry is adding a file.
 *
 * Declare a table once, as a (type, name) pair, in a header:
 *
 *     #define CONSOLES TABLE(struct console, "consoles")
 *
 * Add an entry from any file, at an order level from 1 to 98 (a number or a
 * macro that expands to one); within a level, entries sort by object name:
 *
 *     TABLE_ENTRY(CONSOLES, 50, com1_console) = { .name = "com1", ... };
 *
 * Walk the table in level order, or count it:
 *
 *     const struct console *c;
 *     TABLE_FOR_EACH(c, CONSOLES) write_to(c);
 *     TABLE_FOR_EACH_REVERSE(c, CONSOLES) shut_down(c);
 *     size_t n = TABLE_COUNT(CONSOLES);
 *
 * Why it is built this way (docs/linker-table-pitfalls.md):
 *  - Each entry lands in section ".tbl.<name>.<LL>.<object>", LL being the
 *    level as exactly two digits (a compile-time check), and linker.ld keeps
 *    them with KEEP(*(SORT_BY_NAME(.tbl.*))).  Sorting names is then sorting
 *    levels, and within a level the object name, never link or source order.
 *  - Markers ".tbl.<name>.00" and ".tbl.<name>.99" are zero-sized arrays that
 *    bracket the entries.  Entries and markers are aligned to exactly
 *    __alignof__(type), so the stride is sizeof(type); the tests check it.
 *  - Entries are `used` (LTO and --gc-sections keep them) and have external
 *    linkage, so two entries with one name are a link error.
 *  - Tables are const.  Run-time state lives outside, in a state table
 *    (below) indexed by TABLE_INDEX(), so a table never shares a section
 *    with writable data.
 */
#include <stddef.h>

/* clang-format off: macro bodies are aligned by hand. */
#define TABLE(type, name) (type, name)
#define TABLE_TYPE(table) TABLE_TYPE_ table
#define TABLE_TYPE_(type, name) type
#define TABLE_NAME(table) TABLE_NAME_ table
#define TABLE_NAME_(type, name) name

/* Stringify after expansion, so a level given as a macro becomes digits. */
#define TABLE_STRING(x) TABLE_STRING_(x)
#define TABLE_STRING_(x) #x

#define TABLE_SECTION(table, key) ".tbl." TABLE_NAME(table) "." key

#define TABLE_ATTRS(table, key)                                                \
	__attribute__((used, section(TABLE_SECTION(table, key)),               \
		       aligned(__alignof__(TABLE_TYPE(table)))))

/* A level is valid if it is 1..98 and spelled with exactly two digits. */
#define TABLE_LEVEL_VALID(level)                                               \
	((level) >= 1 && (level) <= 98 && sizeof(TABLE_STRING(level)) == 3)

/*
 * TABLE_ENTRY(table, level, object): declares the const object `object` as
 * an entry of `table` at `level`; follow it with an initializer.
 */
#define TABLE_ENTRY(table, level, object)                                      \
	_Static_assert(TABLE_LEVEL_VALID(level),                               \
		       "table entry " #object ": level " #level                \
		       " must be written as two digits, 01 to 98");            \
	extern const TABLE_TYPE(table) object                                  \
		__attribute__((aligned(__alignof__(TABLE_TYPE(table)))));      \
	const TABLE_TYPE(table) object TABLE_ATTRS(                            \
		table, TABLE_STRING(level) "." #object)

/*
 * TABLE_DECLARE(table, object): a forward declaration of an entry defined
 * elsewhere, carrying the table's alignment (a plain extern would let the
 * compiler assume another one).
 */
#define TABLE_DECLARE(table, object)                                           \
	extern const TABLE_TYPE(table) object                                  \
		__attribute__((aligned(__alignof__(TABLE_TYPE(table)))))

/*
 * The markers; usable only inside functions (statement expressions).
 * A marker is a const array known to be empty, so from -O1 on gcc folds a
 * load like TABLE_START(t)[0].name to 0, and with LTO it does so across
 * files (init_plan() saw NULL names).  The empty asm hides where the
 * pointer came from: the compiler must load from memory.
 */
#define TABLE_MARKER_(table, key)                                              \
	({                                                                     \
		static const TABLE_TYPE(table)                                 \
			table_marker_[0] TABLE_ATTRS(table, key);              \
		const TABLE_TYPE(table) *table_marker_at_ = table_marker_;     \
		__asm__("" : "+r"(table_marker_at_));                          \
		table_marker_at_;                                              \
	})

#define TABLE_START(table) TABLE_MARKER_(table, "00")
#define TABLE_END(table) TABLE_MARKER_(table, "99")

#define TABLE_COUNT(table) ((size_t)(TABLE_END(table) - TABLE_START(table)))

/* Position of an entry in its table, for per-entry state kept elsewhere. */
#define TABLE_INDEX(table, entry) ((size_t)((entry)-TABLE_START(table)))

#define TABLE_FOR_EACH(pointer, table)                                         \
	for ((pointer) = TABLE_START(table); (pointer) < TABLE_END(table);     \
	     (pointer)++)

#define TABLE_FOR_EACH_REVERSE(pointer, table)                                 \
	for ((pointer) = TABLE_END(table) - 1;                                 \
	     (pointer) >= TABLE_START(table); (pointer)--)
/* clang-format on */

/*
 * Writable state per entry.  Entries are const, so what the kernel learns
 * about each one at run time lives in a state table: one object per
 * entry, declared by the same macro that declares the entry, in a .bss
 * section named ".bss" + the entry's own section name.  The linker sorts
 * both tables by the same key, so state i belongs to entry i, and the
 * state table is exactly as long as the table: no capacity to run out of.
 *
 *     #define CONSOLE_STATES TABLE_STATE(struct console_state, CONSOLES)
 *     (in CONSOLE_ENTRY:)
 *     TABLE_STATE_ENTRY(CONSOLE_STATES, level, object, object##_state);
 *     struct console_state *s = &TABLE_STATE_START(CONSOLE_STATES)[
 *             TABLE_INDEX(CONSOLES, console)];
 *
 * A table entry declared without its state makes the counts differ:
 * tools/inittab checks every pair exported with TABLE_EXPORT_BOUNDS and
 * TABLE_STATE_EXPORT_BOUNDS (E_TABLE_STATE_COUNT).
 */
/* clang-format off */
#define TABLE_STATE(type, table) (type, TABLE_NAME(table))
#define TABLE_STATE_SECTION(states, key) ".bss" TABLE_SECTION(states, key)
#define TABLE_STATE_ATTRS(states, key)                                         \
	__attribute__((used, section(TABLE_STATE_SECTION(states, key)),        \
		       aligned(__alignof__(TABLE_TYPE(states)))))

/*
 * The zero-initialised object `state`, the state of entry `object` at
 * `level`: pass `object` exactly as TABLE_ENTRY gets it, so that both
 * section names end alike.
 */
#define TABLE_STATE_ENTRY(states, level, object, state)                        \
	static TABLE_TYPE(states) state TABLE_STATE_ATTRS(                     \
		states, TABLE_STRING(level) "." #object)

#define TABLE_STATE_MARKER_(states, key)                                       \
	({                                                                     \
		static TABLE_TYPE(states) state_marker_[0]                     \
			TABLE_STATE_ATTRS(states, key);                        \
		TABLE_TYPE(states) *state_marker_at_ = state_marker_;          \
		__asm__("" : "+r"(state_marker_at_));                          \
		state_marker_at_;                                              \
	})

#define TABLE_STATE_START(states) TABLE_STATE_MARKER_(states, "00")
#define TABLE_STATE_END(states) TABLE_STATE_MARKER_(states, "99")
#define TABLE_STATE_COUNT(states)                                              \
	((size_t)(TABLE_STATE_END(states) - TABLE_STATE_START(states)))
/* clang-format on */

/*
 * The bounds of a table under a global symbol, so host tools can find the
 * table in the linked ELF and check its stride.  Nothing in the kernel
 * reads it, so it has a section of its own that linker.ld keeps.
 *
 *     TABLE_EXPORT_BOUNDS(INIT_TABLE, init_table_bounds);
 */
struct table_bounds {
	unsigned long start;
	unsigned long end;
	unsigned long entry_size;
	unsigned long entry_align;
};

/* clang-format off */
#define TABLE_EXPORT_BOUNDS(table, symbol)                                    \
	static const TABLE_TYPE(table) symbol##_start_[0]                     \
		TABLE_ATTRS(table, "00");                                     \
	static const TABLE_TYPE(table) symbol##_end_[0]                       \
		TABLE_ATTRS(table, "99");                                     \
	__attribute__((used, section(".tbl_bounds"))) const struct table_bounds symbol = {            \
		.start = (unsigned long)symbol##_start_,                      \
		.end = (unsigned long)symbol##_end_,                          \
		.entry_size = sizeof(TABLE_TYPE(table)),                      \
		.entry_align = __alignof__(TABLE_TYPE(table)),                \
	}

#define TABLE_STATE_EXPORT_BOUNDS(states, symbol)                             \
	static TABLE_TYPE(states) symbol##_start_[0]                          \
		TABLE_STATE_ATTRS(states, "00");                              \
	static TABLE_TYPE(states) symbol##_end_[0]                            \
		TABLE_STATE_ATTRS(states, "99");                              \
	__attribute__((used, section(".tbl_bounds"))) const struct table_bounds symbol = {            \
		.start = (unsigned long)symbol##_start_,                      \
		.end = (unsigned long)symbol##_end_,                          \
		.entry_size = sizeof(TABLE_TYPE(states)),                     \
		.entry_align = __alignof__(TABLE_TYPE(states)),               \
	}/* clang-format on */

#endif
