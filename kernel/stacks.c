/* SPDX-License-Identifier: MIT */
#include "stacks.h"

const struct stack *stack_guarded_at(uint64_t address, int *cpu)
{
	const struct stack *stack;

	TABLE_FOR_EACH(stack, STACKS) {
		uint32_t copies = stack->copies ? stack->copies : 1;

		for (uint32_t i = 0; i < copies; i++) {
			uint64_t shift = (uint64_t)i * stack->stride;

			if (address >= (uintptr_t)stack->guard + shift &&
			    address < (uintptr_t)stack->bottom + shift) {
				if (cpu)
					*cpu = stack->copies
						       ? (int)(stack->first_cpu +
							       i)
						       : -1;
				return stack;
			}
		}
	}
	return NULL;
}

uint64_t stack_top_of(const struct stack *stack, uint32_t cpu)
{
	return (uintptr_t)stack->top +
	       (uint64_t)(cpu - stack->first_cpu) * stack->stride;
}
