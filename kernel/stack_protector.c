/* SPDX-License-Identifier: MIT */
#include "stack_protector.h"

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "panic.h"
#include "symbols.h"

#define CPUID_RDRAND (1u << 30)
#define RDRAND_TRIES 10

/* `used`: the compiler adds the references after LTO's symbol resolution,
 * which would otherwise drop these two as unreferenced. */
__attribute__((used)) uintptr_t __stack_chk_guard;

static STACK_PROTECTOR_OFF bool rdrand64(uint64_t *value)
{
	for (int i = 0; i < RDRAND_TRIES; i++) {
		uint8_t ok;

		__asm__ volatile("rdrand %0; setc %1"
				 : "=r"(*value), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

/* RDRAND when the CPU has it; else the TSC, scrambled (64-bit mix), which
 * at least differs from boot to boot. */
STACK_PROTECTOR_OFF void stack_protector_seed(void)
{
	uint64_t seed;

	if (!(cpuid_if_present(1, 0).ecx & CPUID_RDRAND) || !rdrand64(&seed)) {
		seed = rdtsc();
		seed ^= seed >> 33;
		seed *= 0xff51afd7ed558ccdull;
		seed ^= seed >> 33;
	}
	/* A zero byte first stops string overflows from copying past it. */
	__stack_chk_guard = seed & ~(uint64_t)0xff;
}

__attribute__((used, noreturn)) void __stack_chk_fail(void)
{
	uint64_t offset = 0;
	uint64_t caller = (uintptr_t)__builtin_return_address(0);
	const char *name = symbol_name(caller, &offset);

	panic("E_STACK_SMASHED: the stack protector found a corrupted canary "
	      "in %s+0x%llx",
	      name ? name : "?", (unsigned long long)offset);
}
