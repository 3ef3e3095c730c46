/* SPDX-License-Identifier: MIT */
/* subarch_set_format: the names the boot log prints for a subarch set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kernel/subarch.h"

static void names_each_set(void **state)
{
	char text[32];

	(void)state;
	subarch_set_format(text, sizeof(text), 0);
	assert_string_equal(text, "none");
	subarch_set_format(text, sizeof(text), SUBARCH_PC);
	assert_string_equal(text, "PC");
	subarch_set_format(text, sizeof(text), SUBARCH_XEN);
	assert_string_equal(text, "XEN");
	subarch_set_format(text, sizeof(text), SUBARCH_ALL);
	assert_string_equal(text, "PC|XEN");
}

static void shows_unnamed_bits(void **state)
{
	char text[32];

	(void)state;
	subarch_set_format(text, sizeof(text), SUBARCH_XEN | 0x10);
	assert_string_equal(text, "XEN|0x10");
	subarch_set_format(text, sizeof(text), 0xfffffffcu);
	assert_string_equal(text, "0xfffffffc");
	subarch_set_format(text, sizeof(text), 0xffffffffu);
	assert_string_equal(text, "PC|XEN|0xfffffffc");
}

static void stays_inside_the_buffer(void **state)
{
	char text[8];

	(void)state;
	memset(text, '#', sizeof(text));
	subarch_set_format(text, 4, SUBARCH_ALL);
	assert_string_equal(text, "PC|");
	assert_int_equal(text[4], '#');
	subarch_set_format(text, 1, SUBARCH_PC);
	assert_string_equal(text, "");
	memset(text, '#', sizeof(text));
	subarch_set_format(text, 0, SUBARCH_PC);
	assert_int_equal(text[0], '#');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_each_set),
		cmocka_unit_test(shows_unnamed_bits),
		cmocka_unit_test(stays_inside_the_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
