/* SPDX-License-Identifier: MIT */
#include "heap.h"

#include <stdbool.h>

#include "klib.h"
#include "page_alloc.h"
#include "panic.h"

#define CLASS_COUNT 8 /* blocks of 32, 64, ... 4096 bytes */
#define CLASS_SMALLEST 32
#define LARGE_CLASS 0xff
/* Beyond this no page run can exist; it also keeps the sums of sizes and
 * headers from overflowing. */
#define SIZE_LIMIT (SIZE_MAX >> 1)

/* The tag tells a live block from a freed one and from anything else. */
#define TAG_LIVE 0x6f6e65706c697665ull /* "onepalive" */
#define TAG_FREE 0x6f6e657066726565ull /* "onepfree" */

struct header {
	uint64_t tag;
	uint32_t size;  /* bytes asked for (small blocks) */
	uint16_t class; /* 0 to CLASS_COUNT - 1, or LARGE_CLASS */
} __attribute__((aligned(HEAP_ALIGN)));

_Static_assert(sizeof(struct header) == HEAP_ALIGN,
	       "the header keeps payloads 16-byte aligned");

/* A large block's size may not fit 32 bits: it keeps it in front. */
struct large_header {
	uint64_t size;
	uint64_t pages;
	struct header header;
};

struct free_block {
	struct header header;
	struct free_block *next;
};

static struct free_block *free_lists[CLASS_COUNT];

static size_t class_bytes(unsigned int class)
{
	return (size_t)CLASS_SMALLEST << class;
}

static unsigned int class_for(size_t size)
{
	unsigned int class = 0;

	while (class_bytes(class) - sizeof(struct header) < size)
		class ++;
	return class;
}

/* Carves a fresh page into blocks of one class. */
static bool refill(unsigned int class)
{
	uint8_t *page = (uint8_t *)(uintptr_t)pages_alloc(1);

	if (!page)
		return false;
	for (size_t at = 0; at + class_bytes(class) <= PAGE_SIZE;
	     at += class_bytes(class)) {
		struct free_block *block = (struct free_block *)(page + at);

		block->header.tag = TAG_FREE;
		block->header.class = (uint16_t) class;
		block->next = free_lists[class];
		free_lists[class] = block;
	}
	return true;
}

static void *small_alloc(size_t size)
{
	unsigned int class = class_for(size);

	if (!free_lists[class] && !refill(class))
		return NULL;
	struct free_block *block = free_lists[class];

	free_lists[class] = block->next;
	block->header.tag = TAG_LIVE;
	block->header.size = (uint32_t)size;
	return &block->header + 1;
}

static size_t pages_for(size_t size)
{
	return (size + sizeof(struct large_header) + PAGE_SIZE - 1) / PAGE_SIZE;
}

static void *large_alloc(size_t size)
{
	size_t pages = pages_for(size);
	struct large_header *large =
		(struct large_header *)(uintptr_t)pages_alloc(pages);

	if (!large)
		return NULL;
	large->size = size;
	large->pages = pages;
	large->header.tag = TAG_LIVE;
	large->header.class = LARGE_CLASS;
	return &large->header + 1;
}

void *heap_malloc(size_t size)
{
	if (size > SIZE_LIMIT)
		return NULL;
	return size <= HEAP_SMALL_MAX ? small_alloc(size) : large_alloc(size);
}

/* The header of a block the heap gave out, or a panic naming the fault. */
static struct header *live_header(const void *pointer, const char *caller)
{
	struct header *header = (struct header *)pointer - 1;

	if ((uintptr_t)pointer % HEAP_ALIGN)
		panic("E_HEAP_BAD_POINTER: %s(%p): not a pointer the heap "
		      "gave (misaligned)",
		      caller, pointer);
	if (header->tag == TAG_FREE)
		panic("E_HEAP_DOUBLE_FREE: %s(%p): the block was already "
		      "freed",
		      caller, pointer);
	if (header->tag != TAG_LIVE ||
	    (header->class >= CLASS_COUNT && header->class != LARGE_CLASS))
		panic("E_HEAP_BAD_POINTER: %s(%p): not a pointer the heap "
		      "gave",
		      caller, pointer);
	return header;
}

static struct large_header *large_of(struct header *header)
{
	return (struct large_header *)((uint8_t *)header -
				       offsetof(struct large_header, header));
}

static size_t block_size(struct header *header)
{
	return header->class == LARGE_CLASS ? large_of(header)->size
					    : header->size;
}

static size_t capacity(struct header *header)
{
	if (header->class == LARGE_CLASS)
		return large_of(header)->pages * PAGE_SIZE -
		       sizeof(struct large_header);
	return class_bytes(header->class) - sizeof(struct header);
}

void heap_free(void *pointer)
{
	if (!pointer)
		return;
	struct header *header = live_header(pointer, "free");

	if (header->class == LARGE_CLASS) {
		struct large_header *large = large_of(header);

		header->tag = TAG_FREE;
		pages_free((uint64_t)(uintptr_t)large, large->pages);
		return;
	}
	struct free_block *block = (struct free_block *)header;

	header->tag = TAG_FREE;
	block->next = free_lists[header->class];
	free_lists[header->class] = block;
}

void *heap_calloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		return NULL;
	void *pointer = heap_malloc(count * size);

	if (pointer)
		memset(pointer, 0, count * size);
	return pointer;
}

void *heap_realloc(void *pointer, size_t size)
{
	if (!pointer)
		return heap_malloc(size);
	if (!size) {
		heap_free(pointer);
		return NULL;
	}
	struct header *header = live_header(pointer, "realloc");

	if (size > SIZE_LIMIT)
		return NULL;
	size_t old = block_size(header);

	/* The block stays where the new size would get one like it. */
	if (header->class == LARGE_CLASS && size > HEAP_SMALL_MAX &&
	    pages_for(size) == large_of(header)->pages) {
		large_of(header)->size = size;
		return pointer;
	}
	if (header->class != LARGE_CLASS && size <= HEAP_SMALL_MAX &&
	    class_for(size) == header->class) {
		header->size = (uint32_t)size;
		return pointer;
	}
	void *moved = heap_malloc(size);

	if (!moved)
		return NULL;
	memcpy(moved, pointer, old < size ? old : size);
	heap_free(pointer);
	return moved;
}

size_t heap_usable_size(const void *pointer)
{
	return capacity(live_header(pointer, "heap_usable_size"));
}
