/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_STACKS_H
#define ONEPATH_STACKS_H
/*
 * Every kernel stack, with the guard page below it: page_tables leaves the
 * guard unmapped, so an overflow faults there (and, with no stack left to
 * report on, becomes a double fault on its own IST stack) and the report
 * can name the stack that overflowed.
 *
 *     STACK_ENTRY(boot_stack) = { .name = "boot", .guard = boot_stack_guard,
 *                                 .bottom = boot_stack_bottom, .top =
 * boot_stack_top };
 */
#include <stdint.h>

#include "../tables/tables.h"

struct stack {
	const char *name;
	const char *guard; /* one page, just below bottom */
	const char *bottom;
	const char *top;
};

#define STACKS TABLE(struct stack, "stacks")
#define STACK_ENTRY(object) TABLE_ENTRY(STACKS, 50, object)

/* The stack whose guard page holds address, or NULL. */
const struct stack *stack_guarded_at(uint64_t address);

#endif
