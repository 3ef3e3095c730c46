/* SPDX-License-Identifier: MIT */
/*
 * The virtio console's transmit queue (kernel/virtqueue.c) against a device
 * that does what the input says on each notification and wait: take some
 * of the available buffers and return them through the used ring in any
 * order, or write ids and indexes of its own choosing.  Whatever it does,
 * a write and a drain end, the driver's free list stays a set of distinct
 * buffers its mask agrees with, and with a device that only ever returns
 * what it took, every byte arrives in order.
 *
 * Input: the text's length (2 bytes, at most the rest), the text, then the
 * device's moves.
 */
#include "fuzz_common.h"
#include "kernel/virtqueue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define GIVE_UP_AFTER 4

static struct virtq_area *area;
static char (*buffers)[VIRTQ_BUFFER_SIZE];
static const uint8_t *moves, *moves_end;
static bool honest;
static uint16_t taken_ids[VIRTQ_SIZE], taken_count, avail_seen;
static char sent[65536 + VIRTQ_BUFFER_SIZE];
static size_t sent_used;

/* Takes up to count available buffers, as a device reads them. */
static void take(unsigned int count)
{
	while (count-- && avail_seen != area->avail.idx &&
	       taken_count < VIRTQ_SIZE) {
		uint16_t id = area->avail.ring[avail_seen % VIRTQ_SIZE];

		CHECK(id < VIRTQ_SIZE);
		CHECK(area->desc[id].len <= VIRTQ_BUFFER_SIZE);
		CHECK(area->desc[id].addr == (uint64_t)(uintptr_t)buffers[id]);
		CHECK(sent_used + area->desc[id].len <= sizeof(sent));
		memcpy(sent + sent_used, buffers[id], area->desc[id].len);
		sent_used += area->desc[id].len;
		taken_ids[taken_count++] = id;
		avail_seen++;
	}
}

/* Returns the taken buffer at position `which` through the used ring. */
static void give_back(unsigned int which)
{
	if (!taken_count)
		return;
	which %= taken_count;
	area->used.ring[area->used.idx % VIRTQ_SIZE].id = taken_ids[which];
	area->used.idx++;
	taken_ids[which] = taken_ids[--taken_count];
}

static void device_moves(void)
{
	if (moves >= moves_end)
		return;
	uint8_t move = *moves++;
	unsigned int amount = move & 0x1f;

	switch (move >> 5) {
	case 0: take(amount + 1); break;
	case 1: give_back(amount); break;
	case 2:
		take(VIRTQ_SIZE);
		while (taken_count)
			give_back(0);
		break;
	case 3: /* an id of its own choosing */
		area->used.ring[area->used.idx % VIRTQ_SIZE].id =
			moves < moves_end ? *moves++ : amount;
		area->used.idx++;
		honest = false;
		break;
	case 4: /* an index jump */
		area->used.idx += amount;
		honest = false;
		break;
	default: break; /* does nothing this time */
	}
}

static void notify(void)
{
	device_moves();
}

static bool wait(unsigned int round)
{
	CHECK(round >= 1 && round <= GIVE_UP_AFTER);
	device_moves();
	return round < GIVE_UP_AFTER;
}

static void check_free_list(const struct virtq *queue)
{
	uint32_t seen = 0;

	CHECK(queue->free_count <= VIRTQ_SIZE);
	for (uint16_t i = 0; i < queue->free_count; i++) {
		CHECK(queue->free[i] < VIRTQ_SIZE);
		CHECK(!(seen & (1u << queue->free[i])));
		seen |= 1u << queue->free[i];
	}
	CHECK(seen == queue->free_mask);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct virtq queue;
	enum virtq_status status;
	size_t length;

	if (size < 2)
		return 0;
	length = (size_t)(data[0] | data[1] << 8);
	if (length > size - 2)
		length = size - 2;
	moves = data + 2 + length;
	moves_end = data + size;
	/* Exactly its size: AddressSanitizer sees any access past it. */
	CHECK(!posix_memalign((void **)&area, VIRTQ_ALIGN, sizeof(*area)));
	buffers = calloc(VIRTQ_SIZE, VIRTQ_BUFFER_SIZE);
	CHECK(buffers);
	memset(area, 0, sizeof(*area));
	honest = true;
	taken_count = avail_seen = 0;
	sent_used = 0;

	virtq_init(&queue, area, buffers);
	status = virtq_write(&queue, (const char *)data + 2, length, notify,
			     wait);
	if (status == VIRTQ_OK)
		status = virtq_drain(&queue, wait);
	if (status != VIRTQ_CORRUPT)
		check_free_list(&queue);
	if (honest) {
		CHECK(status != VIRTQ_CORRUPT);
		/* What the device took is the text's beginning, in order. */
		CHECK(sent_used <= length);
		CHECK(!memcmp(sent, data + 2, sent_used));
		if (status == VIRTQ_OK)
			CHECK(sent_used == length);
	}
	free(buffers);
	free(area);
	return 0;
}
