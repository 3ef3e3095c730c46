/* SPDX-License-Identifier: MIT */
/*
 * The transmit virtqueue of the virtio console (kernel/virtqueue.c)
 * against a simulated device: every byte arrives in order, one
 * notification per batch, a full queue waits rather than drops, buffers
 * may come back in any order, and a used ring that lies or a device that
 * never answers ends in a named status, never in an endless loop.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "kernel/virtqueue.h"

static struct virtq_area area __attribute__((aligned(VIRTQ_ALIGN)));
static char buffers[VIRTQ_SIZE][VIRTQ_BUFFER_SIZE];
static struct virtq queue;
static char sink[65536];
static size_t sink_used;
static uint16_t device_avail_seen;
static unsigned int notifies, waits;
/* What the simulated device does on each notification and wait. */
static enum { CONSUME, CONSUME_ON_WAIT, REVERSE_ON_WAIT, STUCK } device;
static unsigned int give_up_after; /* rounds; 0: never */

/* The device: takes every available buffer, in order, returning each in
 * the used ring (reversed: last taken returned first). */
static void consume(bool reversed)
{
	uint16_t ids[VIRTQ_SIZE];
	unsigned int count = 0;

	while (device_avail_seen != area.avail.idx) {
		uint16_t id = area.avail.ring[device_avail_seen % VIRTQ_SIZE];
		const struct virtq_desc *d = &area.desc[id];

		assert_true(id < VIRTQ_SIZE);
		assert_ptr_equal((void *)(uintptr_t)d->addr, buffers[id]);
		assert_true(d->len <= VIRTQ_BUFFER_SIZE);
		assert_true(sink_used + d->len <= sizeof(sink));
		memcpy(sink + sink_used, (void *)(uintptr_t)d->addr, d->len);
		sink_used += d->len;
		ids[count++] = id;
		device_avail_seen++;
	}
	for (unsigned int i = 0; i < count; i++) {
		uint16_t id = ids[reversed ? count - 1 - i : i];

		area.used.ring[area.used.idx % VIRTQ_SIZE].id = id;
		area.used.ring[area.used.idx % VIRTQ_SIZE].len = 0;
		area.used.idx++;
	}
}

static void notify(void)
{
	notifies++;
	assert_true(notifies < 100000);
	if (device == CONSUME)
		consume(false);
}

static bool wait(unsigned int round)
{
	waits++;
	assert_true(waits < 100000); /* the code under test must stop */
	if (device == CONSUME_ON_WAIT)
		consume(false);
	if (device == REVERSE_ON_WAIT)
		consume(true);
	return !give_up_after || round < give_up_after;
}

static int reset(void **state)
{
	(void)state;
	memset(&area, 0, sizeof(area));
	memset(buffers, 0, sizeof(buffers));
	virtq_init(&queue, &area, buffers);
	sink_used = 0;
	device_avail_seen = 0;
	notifies = waits = 0;
	device = CONSUME;
	give_up_after = 0;
	return 0;
}

static void fill(char *text, size_t length, unsigned int seed)
{
	for (size_t i = 0; i < length; i++)
		text[i] = (char)('a' + (i * 7 + seed) % 26);
}

static void test_layout_is_the_legacy_one(void **state)
{
	(void)state;
	/* The used ring at the first VIRTQ_ALIGN boundary after the
	 * available ring, as a legacy device computes it from QueueNum. */
	assert_int_equal(offsetof(struct virtq_area, avail), 16 * VIRTQ_SIZE);
	assert_int_equal(offsetof(struct virtq_area, used), VIRTQ_ALIGN);
	assert_int_equal(sizeof(struct virtq_desc), 16);
	assert_int_equal(area.avail.flags, VIRTQ_AVAIL_F_NO_INTERRUPT);
}

static void test_one_line_is_one_notification(void **state)
{
	const char line[] = "[     0.001234] init: cmdline: ran\n";

	(void)state;
	assert_int_equal(
		virtq_write(&queue, line, sizeof(line) - 1, notify, wait),
		VIRTQ_OK);
	assert_int_equal(notifies, 1);
	assert_int_equal(waits, 0);
	assert_int_equal(sink_used, sizeof(line) - 1);
	assert_memory_equal(sink, line, sizeof(line) - 1);
}

static void test_many_lines_reuse_buffers_in_order(void **state)
{
	static char text[40000];

	(void)state;
	fill(text, sizeof(text), 3);
	for (size_t at = 0; at < sizeof(text); at += 100)
		assert_int_equal(
			virtq_write(&queue, text + at, 100, notify, wait),
			VIRTQ_OK);
	assert_int_equal(notifies, sizeof(text) / 100);
	assert_int_equal(sink_used, sizeof(text));
	assert_memory_equal(sink, text, sizeof(text));
}

static void test_long_write_is_split_into_buffers(void **state)
{
	static char text[3 * VIRTQ_BUFFER_SIZE + 17];

	(void)state;
	fill(text, sizeof(text), 5);
	assert_int_equal(virtq_write(&queue, text, sizeof(text), notify, wait),
			 VIRTQ_OK);
	assert_int_equal(notifies, 1); /* four buffers, one batch */
	assert_int_equal(sink_used, sizeof(text));
	assert_memory_equal(sink, text, sizeof(text));
}

static void test_full_queue_waits_for_the_device(void **state)
{
	static char text[VIRTQ_SIZE * VIRTQ_BUFFER_SIZE * 3 + 5];

	(void)state;
	device = CONSUME_ON_WAIT; /* as a device served by another thread */
	fill(text, sizeof(text), 11);
	assert_int_equal(virtq_write(&queue, text, sizeof(text), notify, wait),
			 VIRTQ_OK);
	assert_true(waits >= 3);
	assert_int_equal(virtq_drain(&queue, wait), VIRTQ_OK);
	assert_int_equal(sink_used, sizeof(text));
	assert_memory_equal(sink, text, sizeof(text));
	assert_int_equal(queue.free_count, VIRTQ_SIZE);
}

static void test_buffers_returned_out_of_order(void **state)
{
	static char text[VIRTQ_SIZE * VIRTQ_BUFFER_SIZE * 4];

	(void)state;
	device = REVERSE_ON_WAIT;
	fill(text, sizeof(text), 13);
	assert_int_equal(virtq_write(&queue, text, sizeof(text), notify, wait),
			 VIRTQ_OK);
	assert_int_equal(virtq_drain(&queue, wait), VIRTQ_OK);
	assert_int_equal(sink_used, sizeof(text));
	assert_memory_equal(sink, text, sizeof(text));
}

static void test_stuck_device_is_stalled_not_a_hang(void **state)
{
	static char text[VIRTQ_SIZE * VIRTQ_BUFFER_SIZE + 1];

	(void)state;
	device = STUCK;
	give_up_after = 50;
	fill(text, sizeof(text), 17);
	assert_int_equal(virtq_write(&queue, text, sizeof(text), notify, wait),
			 VIRTQ_STALLED);
	assert_int_equal(waits, 50);
	assert_string_equal(virtq_status_name(VIRTQ_STALLED),
			    "E_VIRTQ_STALLED");
}

static void test_drain_of_stuck_device_is_stalled(void **state)
{
	(void)state;
	device = STUCK;
	give_up_after = 7;
	assert_int_equal(virtq_write(&queue, "x", 1, notify, wait), VIRTQ_OK);
	assert_int_equal(virtq_drain(&queue, wait), VIRTQ_STALLED);
	assert_int_equal(waits, 7);
}

static void test_used_index_past_what_was_out_is_corrupt(void **state)
{
	(void)state;
	device = STUCK;
	assert_int_equal(virtq_write(&queue, "ab", 2, notify, wait), VIRTQ_OK);
	area.used.idx = 2; /* one buffer out, two returned */
	assert_int_equal(virtq_write(&queue, "c", 1, notify, wait),
			 VIRTQ_CORRUPT);
	assert_string_equal(virtq_status_name(VIRTQ_CORRUPT),
			    "E_VIRTQ_CORRUPT");
}

static void test_used_id_not_out_is_corrupt(void **state)
{
	(void)state;
	device = STUCK;
	assert_int_equal(virtq_write(&queue, "ab", 2, notify, wait), VIRTQ_OK);
	area.used.ring[0].id = VIRTQ_SIZE + 3; /* no such buffer */
	area.used.idx = 1;
	assert_int_equal(virtq_reclaim(&queue), VIRTQ_CORRUPT);
	reset(NULL);
	device = STUCK;
	assert_int_equal(virtq_write(&queue, "ab", 2, notify, wait), VIRTQ_OK);
	/* a buffer that is free, not out */
	area.used.ring[0].id = queue.free[0];
	area.used.idx = 1;
	assert_int_equal(virtq_reclaim(&queue), VIRTQ_CORRUPT);
}

static void test_indexes_wrap_at_2_16(void **state)
{
	(void)state;
	area.avail.idx = 65530;
	area.used.idx = 65530;
	device_avail_seen = 65530;
	queue.used_seen = 65530;
	for (int i = 0; i < 20; i++)
		assert_int_equal(
			virtq_write(&queue, "0123456789", 10, notify, wait),
			VIRTQ_OK);
	assert_int_equal(area.avail.idx, (uint16_t)(65530 + 20));
	assert_int_equal(sink_used, 200);
	assert_int_equal(virtq_drain(&queue, wait), VIRTQ_OK);
	assert_int_equal(queue.free_count, VIRTQ_SIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_layout_is_the_legacy_one, reset),
		cmocka_unit_test_setup(test_one_line_is_one_notification,
				       reset),
		cmocka_unit_test_setup(test_many_lines_reuse_buffers_in_order,
				       reset),
		cmocka_unit_test_setup(test_long_write_is_split_into_buffers,
				       reset),
		cmocka_unit_test_setup(test_full_queue_waits_for_the_device,
				       reset),
		cmocka_unit_test_setup(test_buffers_returned_out_of_order,
				       reset),
		cmocka_unit_test_setup(test_stuck_device_is_stalled_not_a_hang,
				       reset),
		cmocka_unit_test_setup(test_drain_of_stuck_device_is_stalled,
				       reset),
		cmocka_unit_test_setup(
			test_used_index_past_what_was_out_is_corrupt, reset),
		cmocka_unit_test_setup(test_used_id_not_out_is_corrupt, reset),
		cmocka_unit_test_setup(test_indexes_wrap_at_2_16, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
