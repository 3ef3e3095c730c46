/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_CPU_H
#define ONEPATH_CPU_H
/* The instructions C cannot spell, one inline each. */
#include <stdint.h>

struct cpuid_result {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_result cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_result r;

	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

/*
 * A basic (0x0...) or extended (0x8000...) leaf, or all zeroes where the
 * CPU does not have it: past its range's maximum a CPU answers with
 * another leaf's bits (Intel repeats the highest basic leaf), and a
 * feature read from those is a lie.
 */
static inline struct cpuid_result cpuid_if_present(uint32_t leaf,
						   uint32_t subleaf)
{
	uint32_t range = leaf & 0x80000000u;

	if (cpuid(range, 0).eax < leaf)
		return (struct cpuid_result){ 0 };
	return cpuid(leaf, subleaf);
}

static inline void outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

/* The whole buffer in one instruction: one VM exit where each outb costs
 * one. */
static inline void outsb(uint16_t port, const void *buffer, uint64_t length)
{
	__asm__ volatile("rep outsb"
			 : "+S"(buffer), "+c"(length)
			 : "d"(port)
			 : "memory");
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t value;

	__asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t value;

	__asm__ volatile("inl %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static inline uint64_t rdtsc(void)
{
	uint32_t low, high;

	__asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
	return ((uint64_t)high << 32) | low;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t low, high;

	__asm__ volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(msr));
	return ((uint64_t)high << 32) | low;
}

static inline void wrmsr(uint32_t msr, uint64_t value)
{
	__asm__ volatile("wrmsr"
			 :
			 : "c"(msr), "a"((uint32_t)value),
			   "d"((uint32_t)(value >> 32))
			 : "memory");
}

/* clang-format off: macro bodies are aligned by hand. */
#define CPU_READ_CR(n)                                                         \
	static inline uint64_t read_cr##n(void)                                \
	{                                                                      \
		uint64_t value;                                                \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(value));          \
		return value;                                                  \
	}                                                                      \
	static inline void write_cr##n(uint64_t value)                         \
	{                                                                      \
		__asm__ volatile("mov %0, %%cr" #n : : "r"(value) : "memory"); \
	}
CPU_READ_CR(0)
CPU_READ_CR(2)
CPU_READ_CR(3)
CPU_READ_CR(4)
#undef CPU_READ_CR
/* clang-format on */

/* Drops the TLB's translation of one page: unlike a CR3 reload, the rest
 * of the TLB stays. */
static inline void invlpg(uint64_t address)
{
	__asm__ volatile("invlpg (%0)" : : "r"(address) : "memory");
}

static inline __attribute__((noreturn)) void halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

#endif
