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
 *
 * A per-CPU stack is one entry for all its copies: copy i (for CPU
 * first_cpu + i) is the first one moved up by i * stride bytes.
 */
#include <stdint.h>

#include "../tables/tables.h"

struct stack {
	const char *name;
	const char *guard; /* one page, just below bottom */
	const char *bottom;
	const char *top;
	uint32_t copies; /* 0: a single stack, not per CPU */
	uint32_t stride;
	uint32_t first_cpu;
};

#define STACKS TABLE(struct stack, "stacks")
#define STACK_ENTRY(object) TABLE_ENTRY(STACKS, 50, object)

/*
 * The stack whose guard page holds address, or NULL; *cpu is the CPU whose
 * copy it is (per-CPU stacks), else -1.  cpu may be NULL.
 */
const struct stack *stack_guarded_at(uint64_t address, int *cpu);

/* The top of copy `cpu` of a per-CPU stack. */
uint64_t stack_top_of(const struct stack *stack, uint32_t cpu);

#endif
