/* SPDX-License-Identifier: MIT */
/* \_S5_ in AML, as firmware writes it, and what is not it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/acpi.h"

#define FIND(aml, a, b) acpi_s5_sleep_types(aml, sizeof(aml), a, b)

static void forms_firmware_writes(void **state)
{
	/* SeaBIOS/QEMU pc: Name (_S5, Package (4) { Zero, Zero, Zero, Zero })
	 */
	static const uint8_t qemu[] = { 0x10, 0x08, 0x5f, 0x53, 0x35,
					0x5f, 0x12, 0x06, 0x04, 0x00,
					0x00, 0x00, 0x00 };
	/* Rooted, BytePrefix values: Name (\_S5, Package () { 5, 7 }) */
	static const uint8_t rooted[] = { 0x08, 0x5c, 0x5f, 0x53, 0x35,
					  0x5f, 0x12, 0x07, 0x02, 0x0a,
					  0x05, 0x0a, 0x07 };
	/* A two-byte PkgLength, One and a WordPrefix value. */
	static const uint8_t wide[] = { 0x08, 0x5f, 0x53, 0x35, 0x5f,
					0x12, 0x40, 0x01, 0x02, 0x01,
					0x0b, 0x03, 0x00 };
	uint8_t a = 9, b = 9;

	(void)state;
	assert_true(FIND(qemu, &a, &b));
	assert_int_equal(a, 0);
	assert_int_equal(b, 0);
	assert_true(FIND(rooted, &a, &b));
	assert_int_equal(a, 5);
	assert_int_equal(b, 7);
	assert_true(FIND(wide, &a, &b));
	assert_int_equal(a, 1);
	assert_int_equal(b, 3);
}

static void what_is_not_it(void **state)
{
	/* A method named _S5_, a name with no package, a cut package. */
	static const uint8_t method[] = { 0x14, 0x08, 0x5f, 0x53, 0x35,
					  0x5f, 0x00, 0xa4, 0x00 };
	static const uint8_t not_package[] = { 0x08, 0x5f, 0x53, 0x35,
					       0x5f, 0x0a, 0x05 };
	static const uint8_t cut[] = { 0x08, 0x5f, 0x53, 0x35, 0x5f,
				       0x12, 0x06, 0x04, 0x0a };
	static const uint8_t at_start[] = { 0x5f, 0x53, 0x35, 0x5f, 0x12 };
	static const uint8_t unknown_op[] = { 0x08, 0x5f, 0x53, 0x35, 0x5f,
					      0x12, 0x06, 0x02, 0x70, 0x00 };
	uint8_t a, b;

	(void)state;
	assert_false(FIND(method, &a, &b));
	assert_false(FIND(not_package, &a, &b));
	assert_false(FIND(cut, &a, &b));
	assert_false(FIND(at_start, &a, &b));
	assert_false(FIND(unknown_op, &a, &b));
	assert_false(acpi_s5_sleep_types(method, 0, &a, &b));
}

/*
 * The search moves on by up to four bytes at a time: the package is found
 * at every offset, the buffer ending right after it or not, among bytes
 * that look like its name but are not a NameOp's (in an exact-size
 * allocation, so a read past the end is the sanitizer's error).
 */
static void found_wherever_it_lies(void **state)
{
	static const char decoys[] = "_S5_S__5_S55__S_S5S5__5S_S_";
	static const uint8_t plain[] = { 0x08, 0x5f, 0x53, 0x35, 0x5f, 0x12,
					 0x06, 0x02, 0x0a, 0x05, 0x0a, 0x06 };
	static const uint8_t rooted[] = { 0x08, 0x5c, 0x5f, 0x53, 0x35,
					  0x5f, 0x12, 0x06, 0x02, 0x0a,
					  0x05, 0x0a, 0x06 };
	const struct {
		const uint8_t *bytes;
		size_t size;
	} forms[] = { { plain, sizeof(plain) }, { rooted, sizeof(rooted) } };

	(void)state;
	for (size_t form = 0; form < 2; form++)
		for (size_t offset = 0; offset < sizeof(decoys); offset++)
			for (size_t tail = 0; tail < 5; tail++) {
				size_t size = offset + forms[form].size + tail;
				uint8_t *aml = malloc(size);
				uint8_t a = 9, b = 9;

				assert_non_null(aml);
				for (size_t i = 0; i < size; i++)
					aml[i] = (uint8_t)
						decoys[i %
						       (sizeof(decoys) - 1)];
				memcpy(aml + offset, forms[form].bytes,
				       forms[form].size);
				assert_true(
					acpi_s5_sleep_types(aml, size, &a, &b));
				assert_int_equal(a, 5);
				assert_int_equal(b, 6);
				free(aml);
			}
}

/* A name that only ends or starts like \_S5_, or _S5_ that is no Name,
 * comes before the real one: the real one is found. */
static void the_real_one_after_lookalikes(void **state)
{
	static const uint8_t aml[] = {
		0x08, 0x5f, 0x5f, 0x53, 0x35, 0x5f, 0x12,
		0x04, 0x02, 0x01, 0x01,                   /* Name (__S5) _ */
		0x10, 0x5f, 0x53, 0x35, 0x5f, 0x12, 0x04, /* a Scope */
		0x02, 0x01, 0x01, 0x08, 0x5f, 0x53, 0x35,
		0x35, 0x12, 0x04, 0x02, 0x01, 0x01, /* Name (_S55) */
		0x08, 0x5f, 0x53, 0x35, 0x5f, 0x12, 0x05,
		0x02, 0x0a, 0x07, 0x00, /* the real one */
	};
	uint8_t a = 9, b = 9;

	(void)state;
	assert_true(FIND(aml, &a, &b));
	assert_int_equal(a, 7);
	assert_int_equal(b, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(forms_firmware_writes),
		cmocka_unit_test(what_is_not_it),
		cmocka_unit_test(found_wherever_it_lies),
		cmocka_unit_test(the_real_one_after_lookalikes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
