/* SPDX-License-Identifier: MIT */
/*
 * The domU console ring (platforms/xen/console_ring.c) against a backend
 * that does what the input says: the ring's first indexes, the text, then
 * one move of the backend per wait (take bytes, move its index back, or
 * scribble on the producer index).  Whatever it does, a write and a drain
 * end, each wait's round counts the waits since the last progress (a byte
 * produced by the write; fewer bytes left than ever before in the drain),
 * so that a backend can only keep them waiting by taking bytes, and with
 * a backend that only ever takes bytes, every byte arrives in order.
 *
 * Input: out_cons (4 bytes), out_prod (4), the text's length (2, at most
 * the rest of the input), the text, then the backend's moves.
 */
#include "fuzz_common.h"
#include "platforms/xen/console_ring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define GIVE_UP_AFTER 4 /* waits without a byte taken */

static struct xencons_interface *ring;
static const uint8_t *moves, *moves_end;
static bool honest; /* no move but taking bytes so far */
static char taken[2 * 65536 + XEN_CONSOLE_OUT_SIZE];
static size_t taken_count;
/* The harness's own count of waits since progress, and what it needs. */
static bool draining;
static unsigned int since_progress;
static uint32_t prod_after_move, fewest_left;

static void take(uint32_t count)
{
	while (count-- && ring->out_prod - ring->out_cons &&
	       ring->out_prod - ring->out_cons <= XEN_CONSOLE_OUT_SIZE) {
		if (honest) {
			CHECK(taken_count < sizeof(taken));
			taken[taken_count++] =
				ring->out[ring->out_cons &
					  (XEN_CONSOLE_OUT_SIZE - 1)];
		}
		ring->out_cons++;
	}
}

static void notify(void)
{
}

static bool wait(unsigned int round)
{
	if (!draining && ring->out_prod != prod_after_move)
		since_progress = 0; /* the write produced */
	CHECK(round == ++since_progress);
	if (moves < moves_end) {
		uint8_t move = *moves++;
		uint32_t amount = move & 0x3f;

		switch (move >> 6) {
		case 0: take(amount ? amount * amount : 1); break;
		case 1:
			ring->out_cons -= amount;
			honest = false;
			break;
		case 2:
			ring->out_prod += amount - 32;
			honest = false;
			break;
		default: break; /* does nothing this time */
		}
	}
	prod_after_move = ring->out_prod;
	if (draining && ring->out_prod - ring->out_cons < fewest_left) {
		fewest_left = ring->out_prod - ring->out_cons;
		since_progress = 0;
	}
	return round < GIVE_UP_AFTER;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xen_console_ring_diag diag;
	enum xen_console_ring_status status;
	size_t length, already;

	if (size < 10)
		return 0;
	ring = calloc(1, sizeof(*ring)); /* exactly: ASan sees any overrun */
	CHECK(ring);
	ring->out_cons = fuzz_u32(data);
	ring->out_prod = fuzz_u32(data + 4);
	length = (size_t)(data[8] | data[9] << 8);
	if (length > size - 10)
		length = size - 10;
	moves = data + 10 + length;
	moves_end = data + size;
	honest = ring->out_prod - ring->out_cons <= XEN_CONSOLE_OUT_SIZE;
	already = honest ? ring->out_prod - ring->out_cons : 0;
	taken_count = 0;
	draining = false;
	since_progress = 0;
	prod_after_move = ring->out_prod;

	status = xen_console_ring_write(ring, (const char *)data + 10, length,
					notify, wait, &diag);
	if (status == XEN_CONSOLE_RING_OK) {
		draining = true;
		since_progress = 0;
		fewest_left = ring->out_prod - ring->out_cons;
		status = xen_console_ring_drain(ring, wait, &diag);
	}
	if (honest && status == XEN_CONSOLE_RING_OK) {
		/* What was in the ring, then the text, in order. */
		CHECK(taken_count == already + length);
		CHECK(!memcmp(taken + already, data + 10, length));
	}
	if (honest && status == XEN_CONSOLE_RING_CORRUPT)
		CHECK(!"a backend that only takes bytes is not corrupt");
	free(ring);
	return 0;
}
