/* SPDX-License-Identifier: MIT */
/* acpi_checksum against the byte-by-byte sum, over lengths and offsets
 * that cover the 8-byte steps, the tails and several 128-word blocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "kernel/acpi.h"

static uint8_t byte_sum(const uint8_t *bytes, size_t length)
{
	uint8_t sum = 0;

	while (length--)
		sum += *bytes++;
	return sum;
}

static void same_as_the_byte_sum(void **state)
{
	static uint8_t table[5000];

	(void)state;
	srand(11);
	for (size_t i = 0; i < sizeof(table); i++)
		table[i] = (uint8_t)rand();
	for (size_t offset = 0; offset < 8; offset++)
		for (size_t length = 0; length + offset <= sizeof(table);
		     length += length < 64 ? 1 : 61)
			assert_int_equal(acpi_checksum(table + offset, length),
					 byte_sum(table + offset, length));
}

/* Every byte 0xff: the lanes' largest sums, where an overflow would
 * show. */
static void all_ones(void **state)
{
	static uint8_t table[4096 + 7];

	(void)state;
	for (size_t i = 0; i < sizeof(table); i++)
		table[i] = 0xff;
	for (size_t length = 1000; length <= sizeof(table); length++)
		assert_int_equal(acpi_checksum(table, length),
				 byte_sum(table, length));
}

/* A table whose checksum byte is right sums to 0. */
static void a_valid_table_sums_to_zero(void **state)
{
	uint8_t table[36] = "APIC";

	(void)state;
	table[9] = (uint8_t)(0x100 - byte_sum(table, sizeof(table)));
	assert_int_equal(acpi_checksum(table, sizeof(table)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_as_the_byte_sum),
		cmocka_unit_test(all_ones),
		cmocka_unit_test(a_valid_table_sums_to_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
