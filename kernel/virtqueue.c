/* SPDX-License-Identifier: MIT */
#include "virtqueue.h"

#include "klib.h"

/* The device reads what the driver wrote before the index that publishes
 * it, and the driver reads the used ring after its index: x86 keeps
 * stores in order and loads in order, so only the compiler must not
 * move them. */
#define ORDERED() __asm__ volatile("" ::: "memory")

const char *virtq_status_name(enum virtq_status status)
{
	switch (status) {
	case VIRTQ_OK: return "OK";
	case VIRTQ_CORRUPT: return "E_VIRTQ_CORRUPT";
	case VIRTQ_STALLED: return "E_VIRTQ_STALLED";
	}
	return "E_VIRTQ_UNKNOWN";
}

void virtq_init(struct virtq *queue, struct virtq_area *area,
		char (*buffers)[VIRTQ_BUFFER_SIZE])
{
	queue->area = area;
	queue->buffers = buffers;
	queue->used_seen = 0;
	queue->free_count = VIRTQ_SIZE;
	queue->free_mask = (uint32_t)((1ull << VIRTQ_SIZE) - 1);
	for (uint16_t i = 0; i < VIRTQ_SIZE; i++) {
		area->desc[i].addr = (uint64_t)(uintptr_t)buffers[i];
		queue->free[i] = (uint16_t)(VIRTQ_SIZE - 1 - i);
	}
	area->avail.flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
}

enum virtq_status virtq_reclaim(struct virtq *queue)
{
	volatile uint16_t *used_idx = &queue->area->used.idx;
	uint16_t used = *used_idx;
	uint16_t returned = (uint16_t)(used - queue->used_seen);

	ORDERED();
	if (returned > VIRTQ_SIZE - queue->free_count)
		return VIRTQ_CORRUPT;
	for (; queue->used_seen != used; queue->used_seen++) {
		uint32_t id =
			queue->area->used.ring[queue->used_seen % VIRTQ_SIZE]
				.id;

		if (id >= VIRTQ_SIZE || (queue->free_mask & (1u << id)))
			return VIRTQ_CORRUPT;
		queue->free_mask |= 1u << id;
		queue->free[queue->free_count++] = (uint16_t)id;
	}
	return VIRTQ_OK;
}

/* Makes one buffer of text available (not yet notified). */
static size_t put(struct virtq *queue, const char *text, size_t length)
{
	struct virtq_area *area = queue->area;
	uint16_t id = queue->free[--queue->free_count];
	size_t chunk = length < VIRTQ_BUFFER_SIZE ? length : VIRTQ_BUFFER_SIZE;

	queue->free_mask &= ~(1u << id);
	memcpy(queue->buffers[id], text, chunk);
	area->desc[id].len = (uint32_t)chunk;
	area->desc[id].flags = 0;
	area->avail.ring[area->avail.idx % VIRTQ_SIZE] = id;
	ORDERED();
	area->avail.idx++;
	return chunk;
}

/* Until a buffer is free: the device's used ring, then wait(). */
static enum virtq_status wait_for_buffer(struct virtq *queue, virtq_wait *wait)
{
	for (unsigned int round = 1;; round++) {
		enum virtq_status status = virtq_reclaim(queue);

		if (status != VIRTQ_OK || queue->free_count)
			return status;
		if (!wait(round))
			return VIRTQ_STALLED;
	}
}

enum virtq_status virtq_write(struct virtq *queue, const char *text,
			      size_t length, virtq_notify *notify,
			      virtq_wait *wait)
{
	enum virtq_status status = virtq_reclaim(queue);

	while (status == VIRTQ_OK && length) {
		size_t queued = 0;

		while (length && queue->free_count) {
			size_t chunk = put(queue, text, length);

			text += chunk;
			length -= chunk;
			queued += chunk;
		}
		if (queued) {
			ORDERED();
			notify();
		}
		if (length)
			status = wait_for_buffer(queue, wait);
	}
	return status;
}

enum virtq_status virtq_drain(struct virtq *queue, virtq_wait *wait)
{
	for (unsigned int round = 1;; round++) {
		enum virtq_status status = virtq_reclaim(queue);

		if (status != VIRTQ_OK || queue->free_count == VIRTQ_SIZE)
			return status;
		if (!wait(round))
			return VIRTQ_STALLED;
	}
}
