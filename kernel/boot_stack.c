/* SPDX-License-Identifier: MIT */
/* The boot stack (boot/entry.asm), for the guard and the reports. */
#include "stacks.h"

extern const char boot_stack_guard[], boot_stack_bottom[], boot_stack_top[];

STACK_ENTRY(boot_stack_entry) = {
	.name = "boot",
	.guard = boot_stack_guard,
	.bottom = boot_stack_bottom,
	.top = boot_stack_top,
};
