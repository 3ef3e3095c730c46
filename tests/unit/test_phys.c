/* SPDX-License-Identifier: MIT */
/* The physical-memory window: every read bounded, nothing wraps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fake_memory.h"
#include "kernel/phys.h"

#define SIZE 64u

static struct fake_memory *memory;

static int setup(void **state)
{
	(void)state;
	memory = fake_memory_new(SIZE);
	for (unsigned i = 0; i < SIZE; i++)
		memory->bytes[i] = (uint8_t)(i + 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_memory_free(memory);
	return 0;
}

static void contains_checks_both_ends(void **state)
{
	const struct phys_window *w = &memory->window;

	(void)state;
	assert_true(phys_contains(w, FAKE_BASE, SIZE));
	assert_true(phys_contains(w, FAKE_BASE + SIZE - 1, 1));
	assert_true(phys_contains(w, FAKE_BASE + SIZE, 0));
	assert_false(phys_contains(w, FAKE_BASE + SIZE, 1));
	assert_false(phys_contains(w, FAKE_BASE + SIZE + 1, 0));
	assert_false(phys_contains(w, FAKE_BASE, SIZE + 1));
	assert_false(phys_contains(w, FAKE_BASE - 1, 1));
	assert_false(phys_contains(w, 0, 1));
}

static void contains_refuses_wrap_around(void **state)
{
	const struct phys_window *w = &memory->window;

	(void)state;
	assert_false(phys_contains(w, FAKE_BASE + 8, UINT64_MAX));
	assert_false(phys_contains(w, FAKE_BASE + 8, UINT64_MAX - 7));
	assert_false(phys_contains(w, UINT64_MAX, 2));

	struct phys_window top = { memory->bytes, UINT64_MAX - 15, UINT64_MAX,
				   NULL };
	assert_true(phys_contains(&top, UINT64_MAX - 15, 15));
	assert_false(phys_contains(&top, UINT64_MAX - 15, 16));
	assert_false(phys_contains(&top, UINT64_MAX - 1, UINT64_MAX));
}

static void contains_refuses_inverted_window(void **state)
{
	struct phys_window inverted = { memory->bytes, 100, 50, NULL };

	(void)state;
	assert_false(phys_contains(&inverted, 60, 0));
	assert_false(phys_contains(&inverted, 100, 0));
}

static void read_copies_unaligned_bytes(void **state)
{
	uint32_t value = 0;
	uint8_t last[3] = { 0 };

	(void)state;
	assert_true(phys_read(&memory->window, FAKE_BASE + 3, &value, 4));
	assert_int_equal(value, 0x07060504);
	assert_true(phys_read(&memory->window, FAKE_BASE + SIZE - 3, last, 3));
	assert_int_equal(last[0], SIZE - 2);
	assert_int_equal(last[2], SIZE);
}

static void read_outside_leaves_output_alone(void **state)
{
	uint64_t value = 0x1122334455667788ull;

	(void)state;
	assert_false(
		phys_read(&memory->window, FAKE_BASE + SIZE - 4, &value, 8));
	assert_false(phys_read(&memory->window, FAKE_BASE - 4, &value, 8));
	assert_false(phys_read(&memory->window, UINT64_MAX - 3, &value, 8));
	assert_int_equal(value, 0x1122334455667788ull);
}

static void read_string_copies_and_reports_length(void **state)
{
	char out[16];
	bool truncated = true;

	(void)state;
	put_string(memory, FAKE_BASE + 10, "hello");
	assert_int_equal(phys_read_string(&memory->window, FAKE_BASE + 10, out,
					  sizeof(out), &truncated),
			 5);
	assert_string_equal(out, "hello");
	assert_false(truncated);

	/* Exactly fits: five characters and the NUL in six bytes. */
	assert_int_equal(phys_read_string(&memory->window, FAKE_BASE + 10, out,
					  6, &truncated),
			 5);
	assert_string_equal(out, "hello");
	assert_false(truncated);

	put_string(memory, FAKE_BASE + 20, "");
	assert_int_equal(phys_read_string(&memory->window, FAKE_BASE + 20, out,
					  sizeof(out), NULL),
			 0);
	assert_string_equal(out, "");
}

static void read_string_truncates(void **state)
{
	char out[4];
	bool truncated = false;

	(void)state;
	put_string(memory, FAKE_BASE, "abcdefgh");
	assert_int_equal(phys_read_string(&memory->window, FAKE_BASE, out,
					  sizeof(out), &truncated),
			 8);
	assert_string_equal(out, "abc");
	assert_true(truncated);

	/* Nothing fits in no bytes, and nothing is written. */
	truncated = false;
	assert_int_equal(phys_read_string(&memory->window, FAKE_BASE, out, 0,
					  &truncated),
			 8);
	assert_true(truncated);
}

static void read_string_unterminated_at_window_end(void **state)
{
	char out[128];
	bool truncated;

	(void)state;
	/* Every byte is non-zero from setup(): no NUL before the end. */
	assert_int_equal(phys_read_string(&memory->window, FAKE_BASE + 40, out,
					  sizeof(out), &truncated),
			 -1);
	assert_string_equal(out, "");
	assert_int_equal(phys_read_string(&memory->window, FAKE_BASE + SIZE - 1,
					  out, sizeof(out), &truncated),
			 -1);
	/* A NUL as the window's very last byte is found. */
	put_u8(memory, FAKE_BASE + SIZE - 1, 0);
	assert_int_equal(phys_read_string(&memory->window, FAKE_BASE + SIZE - 3,
					  out, sizeof(out), &truncated),
			 2);
}

/* A corrupt pointer into a large window costs a bounded scan. */
static void read_string_scan_is_bounded(void **state)
{
	static uint8_t big[2 * PHYS_STRING_MAX];
	struct phys_window window = { big, 0x100000, 0x100000 + sizeof(big),
				      NULL };
	char out[16];

	(void)state;
	memset(big, 'a', sizeof(big));
	big[PHYS_STRING_MAX] = 0;
	assert_int_equal(
		phys_read_string(&window, 0x100000, out, sizeof(out), NULL),
		-1);
	assert_int_equal(
		phys_read_string(&window, 0x100001, out, sizeof(out), NULL),
		PHYS_STRING_MAX - 1);
}

/* The trace keeps what was read, merged, through narrowed windows too. */
static void trace_records_reads(void **state)
{
	static uint8_t bytes[256];
	struct phys_trace trace = { 0 };
	struct phys_window window = { bytes, 0x1000, 0x1100, &trace }, part;
	uint8_t out[8];
	char text[8];

	(void)state;
	memcpy(bytes + 0x80, "ab", 3);
	assert_true(phys_read(&window, 0x1010, out, 8));
	assert_true(phys_read(&window, 0x1018, out, 4));
	assert_false(phys_read(&window, 0x10fc, out, 8));
	assert_int_equal(
		phys_read_string(&window, 0x1080, text, sizeof(text), NULL), 2);
	assert_true(phys_narrow(&window, 0x10c0, 0x20, &part));
	assert_true(phys_read(&part, 0x10c4, out, 2));
	assert_int_equal(trace.count, 3);
	assert_int_equal(trace.ranges[0].start, 0x1010);
	assert_int_equal(trace.ranges[0].end, 0x101c);
	assert_int_equal(trace.ranges[1].start, 0x1080);
	assert_int_equal(trace.ranges[1].end, 0x1083);
	assert_int_equal(trace.ranges[2].start, 0x10c4);
	assert_int_equal(trace.ranges[2].end, 0x10c6);
	assert_false(trace.overflowed);
}

/*
 * A read that bridges ranges joins them all: the trace keeps its ranges
 * apart, as phys.h says, so a capture has no byte twice and the trace
 * does not fill up with pieces of one structure.  (Found by fuzz_pvh.)
 */
static void trace_joins_ranges_a_read_bridges(void **state)
{
	static uint8_t bytes[256];
	struct phys_trace trace = { 0 };
	struct phys_window window = { bytes, 0x1000, 0x1100, &trace };
	uint8_t out[32];

	(void)state;
	assert_true(phys_read(&window, 0x1000, out, 8));
	assert_true(phys_read(&window, 0x1010, out, 8));
	assert_true(phys_read(&window, 0x1020, out, 8));
	assert_int_equal(trace.count, 3);
	/* Touches the first and the second. */
	assert_true(phys_read(&window, 0x1008, out, 8));
	assert_int_equal(trace.count, 2);
	assert_int_equal(trace.ranges[0].start, 0x1000);
	assert_int_equal(trace.ranges[0].end, 0x1018);
	assert_int_equal(trace.ranges[1].start, 0x1020);
	assert_int_equal(trace.ranges[1].end, 0x1028);
	/* Overlaps both that are left, from the middle of one. */
	assert_true(phys_read(&window, 0x1014, out, 0x10));
	assert_int_equal(trace.count, 1);
	assert_int_equal(trace.ranges[0].start, 0x1000);
	assert_int_equal(trace.ranges[0].end, 0x1028);
	assert_false(trace.overflowed);
}

static void read_string_outside_window(void **state)
{
	char out[8] = "xxxxxxx";

	(void)state;
	assert_int_equal(phys_read_string(&memory->window, FAKE_BASE + SIZE,
					  out, sizeof(out), NULL),
			 -1);
	assert_int_equal(
		phys_read_string(&memory->window, 0, out, sizeof(out), NULL),
		-1);
	assert_string_equal(out, "");
}

static void narrow_limits_reads(void **state)
{
	struct phys_window part;
	uint32_t value;
	char out[16];

	(void)state;
	assert_true(phys_narrow(&memory->window, FAKE_BASE + 8, 8, &part));
	assert_int_equal(part.start, FAKE_BASE + 8);
	assert_int_equal(part.end, FAKE_BASE + 16);
	assert_true(phys_read(&part, FAKE_BASE + 12, &value, 4));
	assert_int_equal(value, 0x100f0e0d);
	assert_false(phys_read(&part, FAKE_BASE + 13, &value, 4));
	assert_false(phys_read(&part, FAKE_BASE + 4, &value, 4));
	/* The string goes on past the part: unterminated inside it. */
	assert_int_equal(
		phys_read_string(&part, FAKE_BASE + 8, out, sizeof(out), NULL),
		-1);
}

static void narrow_outside_leaves_output_alone(void **state)
{
	struct phys_window part = { NULL, 1, 2, NULL };

	(void)state;
	assert_false(phys_narrow(&memory->window, FAKE_BASE + 60, 8, &part));
	assert_false(
		phys_narrow(&memory->window, FAKE_BASE + 8, UINT64_MAX, &part));
	assert_null(part.bytes);
	assert_int_equal(part.start, 1);
	assert_int_equal(part.end, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(contains_checks_both_ends,
						setup, teardown),
		cmocka_unit_test_setup_teardown(contains_refuses_wrap_around,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			contains_refuses_inverted_window, setup, teardown),
		cmocka_unit_test_setup_teardown(read_copies_unaligned_bytes,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			read_outside_leaves_output_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(
			read_string_copies_and_reports_length, setup, teardown),
		cmocka_unit_test_setup_teardown(read_string_truncates, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			read_string_unterminated_at_window_end, setup,
			teardown),
		cmocka_unit_test(read_string_scan_is_bounded),
		cmocka_unit_test(trace_records_reads),
		cmocka_unit_test(trace_joins_ranges_a_read_bridges),
		cmocka_unit_test_setup_teardown(read_string_outside_window,
						setup, teardown),
		cmocka_unit_test_setup_teardown(narrow_limits_reads, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			narrow_outside_leaves_output_alone, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
