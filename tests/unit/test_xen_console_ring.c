/* SPDX-License-Identifier: MIT */
/*
 * The domU console ring (platforms/xen/console_ring.c) against a simulated
 * backend: every byte arrives in order, a full ring waits rather than
 * drops, and corrupt indexes or a dead backend end in a named status,
 * never in an endless loop.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "platforms/xen/console_ring.h"

static struct xencons_interface ring;
static char sink[16384];
static size_t sink_used;
static unsigned int notifies, waits, last_round;
/* What the simulated backend does on each wait. */
static enum { DRAIN, DRAIN_SOME, STUCK, CORRUPT_CONS, SWAYING } backend;
static unsigned int give_up_after; /* rounds; 0: never */

static void take(uint32_t limit)
{
	while (ring.out_cons != ring.out_prod && limit--) {
		assert_true(sink_used < sizeof(sink));
		sink[sink_used++] =
			ring.out[ring.out_cons & (XEN_CONSOLE_OUT_SIZE - 1)];
		ring.out_cons++;
	}
}

static void notify(void)
{
	notifies++;
	assert_true(notifies < 100000); /* no endless loop */
}

static bool wait(unsigned int round)
{
	waits++;
	last_round = round;
	assert_true(waits < 100000); /* the code under test must stop */
	switch (backend) {
	case DRAIN: take(UINT32_MAX); break;
	case DRAIN_SOME: take(100); break;
	case STUCK: break;
	case CORRUPT_CONS: ring.out_cons = ring.out_prod + 7; break;
	/* Its index moves on every wait, back and forth, and never ends. */
	case SWAYING: ring.out_cons = ring.out_prod - 2 - waits % 2; break;
	}
	return !give_up_after || round < give_up_after;
}

static int reset(void **state)
{
	(void)state;
	memset(&ring, 0, sizeof(ring));
	sink_used = 0;
	notifies = waits = last_round = 0;
	backend = DRAIN;
	give_up_after = 0;
	return 0;
}

static void layout_matches_xen(void **state)
{
	(void)state;
	assert_int_equal(offsetof(struct xencons_interface, out), 1024);
	assert_int_equal(offsetof(struct xencons_interface, in_cons), 3072);
	assert_int_equal(offsetof(struct xencons_interface, out_cons), 3080);
	assert_int_equal(offsetof(struct xencons_interface, out_prod), 3084);
}

static void short_write_is_published_and_signalled(void **state)
{
	struct xen_console_ring_diag diag;

	(void)state;
	assert_int_equal(xen_console_ring_write(&ring, "hello\n", 6, notify,
						wait, &diag),
			 XEN_CONSOLE_RING_OK);
	assert_memory_equal(ring.out, "hello\n", 6);
	assert_int_equal(ring.out_prod, 6);
	assert_int_equal(ring.out_cons, 0);
	assert_int_equal(notifies, 1);
	assert_int_equal(waits, 0);
}

static void indexes_wrap_at_two_to_the_32(void **state)
{
	struct xen_console_ring_diag diag;
	const char text[] = "across the wrap of both indexes";

	(void)state;
	ring.out_cons = ring.out_prod = UINT32_MAX - 9;
	assert_int_equal(xen_console_ring_write(&ring, text, sizeof(text) - 1,
						notify, wait, &diag),
			 XEN_CONSOLE_RING_OK);
	assert_int_equal(ring.out_prod,
			 (uint32_t)(UINT32_MAX - 9 + sizeof(text) - 1));
	take(UINT32_MAX);
	assert_int_equal(sink_used, sizeof(text) - 1);
	assert_memory_equal(sink, text, sizeof(text) - 1);
}

static void full_ring_waits_and_drops_nothing(void **state)
{
	struct xen_console_ring_diag diag;
	char text[10000];

	(void)state;
	for (size_t i = 0; i < sizeof(text); i++)
		text[i] = (char)('a' + i % 23);
	backend = DRAIN_SOME;
	assert_int_equal(xen_console_ring_write(&ring, text, sizeof(text),
						notify, wait, &diag),
			 XEN_CONSOLE_RING_OK);
	take(UINT32_MAX);
	assert_int_equal(sink_used, sizeof(text));
	assert_memory_equal(sink, text, sizeof(text));
	assert_true(waits > 0);
	/* Each wait freed space, so every stall was a first round. */
	assert_int_equal(last_round, 1);
}

static void dead_backend_is_stalled_not_endless(void **state)
{
	struct xen_console_ring_diag diag;
	char text[3000];

	(void)state;
	memset(text, 'x', sizeof(text));
	backend = STUCK;
	give_up_after = 5;
	assert_int_equal(xen_console_ring_write(&ring, text, sizeof(text),
						notify, wait, &diag),
			 XEN_CONSOLE_RING_STALLED);
	assert_int_equal(waits, 5);
	assert_int_equal(ring.out_prod, XEN_CONSOLE_OUT_SIZE);
	assert_int_equal(diag.out_prod - diag.out_cons, XEN_CONSOLE_OUT_SIZE);
	assert_string_equal(
		xen_console_ring_status_name(XEN_CONSOLE_RING_STALLED),
		"E_XEN_CONSOLE_RING_STALLED");
}

static void consumer_ahead_of_producer_is_corrupt(void **state)
{
	struct xen_console_ring_diag diag;

	(void)state;
	ring.out_prod = 100;
	ring.out_cons = 101;
	assert_int_equal(
		xen_console_ring_write(&ring, "x", 1, notify, wait, &diag),
		XEN_CONSOLE_RING_CORRUPT);
	assert_int_equal(diag.out_cons, 101);
	assert_int_equal(diag.out_prod, 100);
	assert_int_equal(ring.out_prod, 100); /* nothing written */
	assert_int_equal(notifies + waits, 0);
	assert_string_equal(
		xen_console_ring_status_name(XEN_CONSOLE_RING_CORRUPT),
		"E_XEN_CONSOLE_RING_CORRUPT");
}

static void producer_beyond_the_ring_is_corrupt(void **state)
{
	struct xen_console_ring_diag diag;

	(void)state;
	ring.out_prod = XEN_CONSOLE_OUT_SIZE + 1;
	assert_int_equal(
		xen_console_ring_write(&ring, "x", 1, notify, wait, &diag),
		XEN_CONSOLE_RING_CORRUPT);
	assert_int_equal(xen_console_ring_drain(&ring, wait, &diag),
			 XEN_CONSOLE_RING_CORRUPT);
	assert_int_equal(waits, 0);
}

static void corruption_while_waiting_stops_the_wait(void **state)
{
	struct xen_console_ring_diag diag;
	char text[3000];

	(void)state;
	memset(text, 'y', sizeof(text));
	backend = CORRUPT_CONS;
	assert_int_equal(xen_console_ring_write(&ring, text, sizeof(text),
						notify, wait, &diag),
			 XEN_CONSOLE_RING_CORRUPT);
	assert_int_equal(waits, 1);
	ring.out_cons = 0;
	ring.out_prod = 10;
	waits = 0;
	assert_int_equal(xen_console_ring_drain(&ring, wait, &diag),
			 XEN_CONSOLE_RING_CORRUPT);
	assert_int_equal(waits, 1);
}

static void drain_waits_for_the_last_byte(void **state)
{
	struct xen_console_ring_diag diag;

	(void)state;
	assert_int_equal(xen_console_ring_drain(&ring, wait, &diag),
			 XEN_CONSOLE_RING_OK);
	assert_int_equal(waits, 0); /* empty: nothing to wait for */
	ring.out_prod = 1000;
	backend = DRAIN_SOME;
	assert_int_equal(xen_console_ring_drain(&ring, wait, &diag),
			 XEN_CONSOLE_RING_OK);
	assert_int_equal(ring.out_cons, 1000);
	assert_int_equal(waits, 10);
	assert_int_equal(last_round, 1);
}

/* With 10 bytes produced and out_cons at cons, a backend that never takes
 * the last of them: drain gives up after give_up_after waits. */
static void assert_drain_gives_up(uint32_t cons)
{
	struct xen_console_ring_diag diag;

	ring.out_prod = 10;
	ring.out_cons = cons;
	give_up_after = 3;
	assert_int_equal(xen_console_ring_drain(&ring, wait, &diag),
			 XEN_CONSOLE_RING_STALLED);
	assert_int_equal(waits, 3);
}

static void drain_gives_up_on_a_dead_backend(void **state)
{
	(void)state;
	backend = STUCK;
	assert_drain_gives_up(0);
}

/* A backend whose index moves without ever taking the last bytes is as
 * dead as one that does not move: drain gives up just as soon. */
static void drain_gives_up_on_a_swaying_backend(void **state)
{
	(void)state;
	backend = SWAYING;
	assert_drain_gives_up(8);
}

static void parameters_must_name_a_usable_ring(void **state)
{
	(void)state;
	assert_true(xen_console_ring_given(0xfefff, 2));
	assert_false(xen_console_ring_given(0, 2));       /* no page */
	assert_false(xen_console_ring_given(0xfefff, 0)); /* no channel */
	assert_false(xen_console_ring_given(0xfefff, 1ull << 32));
	assert_true(xen_console_ring_given(0xfffff, 1));
	/* Above 4 GiB the boot's page tables do not map it. */
	assert_false(xen_console_ring_given(0x100000, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(layout_matches_xen, reset),
		cmocka_unit_test_setup(short_write_is_published_and_signalled,
				       reset),
		cmocka_unit_test_setup(indexes_wrap_at_two_to_the_32, reset),
		cmocka_unit_test_setup(full_ring_waits_and_drops_nothing,
				       reset),
		cmocka_unit_test_setup(dead_backend_is_stalled_not_endless,
				       reset),
		cmocka_unit_test_setup(consumer_ahead_of_producer_is_corrupt,
				       reset),
		cmocka_unit_test_setup(producer_beyond_the_ring_is_corrupt,
				       reset),
		cmocka_unit_test_setup(corruption_while_waiting_stops_the_wait,
				       reset),
		cmocka_unit_test_setup(drain_waits_for_the_last_byte, reset),
		cmocka_unit_test_setup(drain_gives_up_on_a_dead_backend, reset),
		cmocka_unit_test_setup(drain_gives_up_on_a_swaying_backend,
				       reset),
		cmocka_unit_test(parameters_must_name_a_usable_ring),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
