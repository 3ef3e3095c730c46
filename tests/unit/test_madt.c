/* SPDX-License-Identifier: MIT */
/* madt_parse: which processors an MADT lists, and what it does with bad
 * ones (duplicates, too many, truncated entries). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kernel/madt.h"

#define HEADER 44

struct table {
	uint8_t bytes[4096];
	uint32_t length;
};

static void begin(struct table *t)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->bytes, "APIC", 4);
	t->length = HEADER;
}

static void local_apic(struct table *t, uint8_t apic_id, uint32_t flags)
{
	uint8_t *e = t->bytes + t->length;

	e[0] = 0;
	e[1] = 8;
	e[2] = apic_id; /* processor UID */
	e[3] = apic_id;
	memcpy(e + 4, &flags, 4);
	t->length += 8;
}

static void x2apic(struct table *t, uint32_t apic_id, uint32_t flags)
{
	uint8_t *e = t->bytes + t->length;

	e[0] = 9;
	e[1] = 16;
	memcpy(e + 4, &apic_id, 4);
	memcpy(e + 8, &flags, 4);
	memcpy(e + 12, &apic_id, 4);
	t->length += 16;
}

static void io_apic(struct table *t)
{
	uint8_t *e = t->bytes + t->length;

	e[0] = 1;
	e[1] = 12;
	t->length += 12;
}

static enum madt_error parse(const struct table *t, struct madt_cpus *cpus)
{
	uint32_t bad;

	return madt_parse(t->bytes, t->length, cpus, &bad);
}

static void enabled_and_online_capable_count(void **state)
{
	struct table t;
	struct madt_cpus cpus;

	(void)state;
	begin(&t);
	local_apic(&t, 0, 1);
	local_apic(&t, 2, 1);
	local_apic(&t, 4, 0); /* absent: neither enabled nor online-capable */
	local_apic(&t, 6, 2); /* online-capable */
	io_apic(&t);
	assert_int_equal(parse(&t, &cpus), MADT_OK);
	assert_int_equal(cpus.count, 3);
	assert_int_equal(cpus.cpu[0].apic_id, 0);
	assert_int_equal(cpus.cpu[1].apic_id, 2);
	assert_int_equal(cpus.cpu[2].apic_id, 6);
	assert_false(cpus.cpu[1].online_capable);
	assert_true(cpus.cpu[2].online_capable);
	assert_int_equal(cpus.io_apics, 1);
	assert_int_equal(cpus.duplicates, 0);
	assert_int_equal(cpus.beyond_limit, 0);
}

static void x2apic_entries_are_processors(void **state)
{
	struct table t;
	struct madt_cpus cpus;

	(void)state;
	begin(&t);
	local_apic(&t, 0, 1);
	x2apic(&t, 300, 1);
	x2apic(&t, 301, 0);
	assert_int_equal(parse(&t, &cpus), MADT_OK);
	assert_int_equal(cpus.count, 2);
	assert_int_equal(cpus.cpu[1].apic_id, 300);
	assert_true(cpus.cpu[1].x2apic);
	assert_false(cpus.cpu[0].x2apic);
}

static void duplicate_ids_are_counted_once(void **state)
{
	struct table t;
	struct madt_cpus cpus;

	(void)state;
	begin(&t);
	local_apic(&t, 0, 1);
	local_apic(&t, 1, 1);
	local_apic(&t, 1, 1);
	x2apic(&t, 0, 1); /* the same CPU again, as an x2APIC entry */
	assert_int_equal(parse(&t, &cpus), MADT_OK);
	assert_int_equal(cpus.count, 2);
	assert_int_equal(cpus.listed, 4);
	assert_int_equal(cpus.duplicates, 2);
	assert_int_equal(cpus.first_duplicate, 1);
}

static void more_than_supported_are_cut(void **state)
{
	struct table t;
	struct madt_cpus cpus;

	(void)state;
	begin(&t);
	for (int i = 0; i < CPUS_MAX + 5; i++)
		local_apic(&t, (uint8_t)i, 1);
	assert_int_equal(parse(&t, &cpus), MADT_OK);
	assert_int_equal(cpus.count, CPUS_MAX);
	assert_int_equal(cpus.beyond_limit, 5);
	assert_int_equal(cpus.cpu[CPUS_MAX - 1].apic_id, CPUS_MAX - 1);
}

static void truncated_entries_are_refused(void **state)
{
	struct table t;
	struct madt_cpus cpus;
	uint32_t bad;

	(void)state;
	begin(&t);
	local_apic(&t, 0, 1);
	local_apic(&t, 1, 1);
	/* The second entry claims more bytes than the table holds. */
	assert_int_equal(madt_parse(t.bytes, t.length - 1, &cpus, &bad),
			 MADT_TRUNCATED);
	assert_int_equal(bad, HEADER + 8);
	t.bytes[HEADER + 1] = 0; /* a zero-length entry would loop forever */
	assert_int_equal(madt_parse(t.bytes, t.length, &cpus, &bad),
			 MADT_TRUNCATED);
	assert_int_equal(bad, HEADER);
	t.bytes[HEADER + 1] = 8;
	t.bytes[t.length++] = 0; /* one byte: no room for a length */
	assert_int_equal(madt_parse(t.bytes, t.length, &cpus, &bad),
			 MADT_TRUNCATED);
	assert_int_equal(madt_parse(t.bytes, HEADER - 1, &cpus, &bad),
			 MADT_TRUNCATED);
}

static void short_entries_are_skipped(void **state)
{
	struct table t;
	struct madt_cpus cpus;

	(void)state;
	begin(&t);
	t.bytes[t.length] = 0; /* a local APIC entry too short to hold flags */
	t.bytes[t.length + 1] = 4;
	t.length += 4;
	local_apic(&t, 3, 1);
	assert_int_equal(parse(&t, &cpus), MADT_OK);
	assert_int_equal(cpus.count, 1);
	assert_int_equal(cpus.cpu[0].apic_id, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(enabled_and_online_capable_count),
		cmocka_unit_test(x2apic_entries_are_processors),
		cmocka_unit_test(duplicate_ids_are_counted_once),
		cmocka_unit_test(more_than_supported_are_cut),
		cmocka_unit_test(truncated_entries_are_refused),
		cmocka_unit_test(short_entries_are_skipped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
