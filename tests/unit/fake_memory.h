/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_TEST_FAKE_MEMORY_H
#define ONEPATH_TEST_FAKE_MEMORY_H
/*
 * Physical memory for the parser tests: a heap buffer standing for
 * [FAKE_BASE, FAKE_BASE + size).  The buffer is exactly the window, so
 * AddressSanitizer catches any read a parser makes past its end.  Include
 * after <cmocka.h>.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/bootinfo.h"

#define FAKE_BASE 0x10000u
#define FAKE_SIZE 0x20000u

struct fake_memory {
	uint8_t *bytes;
	struct phys_window window;
	uint64_t next; /* fake_alloc's bump pointer */
};

/* Memory at base: where a test needs it above 1 MiB, say. */
static inline struct fake_memory *fake_memory_new_at(uint64_t base,
						     uint64_t size)
{
	struct fake_memory *memory = calloc(1, sizeof(*memory));

	assert_non_null(memory);
	memory->bytes = calloc(1, size);
	assert_non_null(memory->bytes);
	memory->window = (struct phys_window){
		.bytes = memory->bytes,
		.start = base,
		.end = base + size,
	};
	memory->next = base;
	return memory;
}

static inline struct fake_memory *fake_memory_new(uint64_t size)
{
	return fake_memory_new_at(FAKE_BASE, size);
}

static inline void fake_memory_free(struct fake_memory *memory)
{
	free(memory->bytes);
	free(memory);
}

static inline uint8_t *fake_at(struct fake_memory *memory, uint64_t addr,
			       uint64_t len)
{
	assert_true(addr >= memory->window.start);
	assert_true(addr + len <= memory->window.end);
	return memory->bytes + (addr - memory->window.start);
}

static inline void put_bytes(struct fake_memory *memory, uint64_t addr,
			     const void *data, uint64_t len)
{
	memcpy(fake_at(memory, addr, len), data, len);
}

static inline void put_u8(struct fake_memory *memory, uint64_t addr,
			  uint8_t value)
{
	put_bytes(memory, addr, &value, 1);
}

static inline void put_u32(struct fake_memory *memory, uint64_t addr,
			   uint32_t value)
{
	put_bytes(memory, addr, &value, 4);
}

static inline void put_u64(struct fake_memory *memory, uint64_t addr,
			   uint64_t value)
{
	put_bytes(memory, addr, &value, 8);
}

/* Writes the string and its NUL. */
static inline void put_string(struct fake_memory *memory, uint64_t addr,
			      const char *text)
{
	put_bytes(memory, addr, text, strlen(text) + 1);
}

/* Reserves len bytes at the given alignment, zeroed. */
static inline uint64_t fake_alloc(struct fake_memory *memory, uint64_t len,
				  uint64_t align)
{
	uint64_t addr = (memory->next + align - 1) & ~(align - 1);

	memset(fake_at(memory, addr, len), 0, len);
	memory->next = addr + len;
	return addr;
}

static inline uint64_t fake_string(struct fake_memory *memory, const char *text)
{
	uint64_t addr = fake_alloc(memory, strlen(text) + 1, 1);

	put_string(memory, addr, text);
	return addr;
}

/* A string of length bytes: the first `prefix`, then 'a's. */
static inline char *long_string(const char *prefix, size_t length)
{
	char *text = malloc(length + 1);

	assert_non_null(text);
	memset(text, 'a', length);
	memcpy(text, prefix, strlen(prefix));
	text[length] = '\0';
	return text;
}

static inline struct boot_params *new_params(void)
{
	struct boot_params *params = calloc(1, sizeof(*params));

	assert_non_null(params);
	return params;
}

static inline void assert_entry(const struct boot_params *params,
				uint32_t index, uint64_t addr, uint64_t size,
				uint32_t type)
{
	assert_true(index < params->memmap_count);
	assert_int_equal(params->memmap[index].addr, addr);
	assert_int_equal(params->memmap[index].size, size);
	assert_int_equal(params->memmap[index].type, type);
}

#endif
