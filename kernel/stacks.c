/* SPDX-License-Identifier: MIT */
#include "stacks.h"

const struct stack *stack_guarded_at(uint64_t address)
{
	const struct stack *stack;

	TABLE_FOR_EACH(stack, STACKS)
		if (address >= (uintptr_t)stack->guard &&
		    address < (uintptr_t)stack->bottom)
			return stack;
	return NULL;
}
