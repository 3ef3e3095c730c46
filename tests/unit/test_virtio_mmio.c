/* SPDX-License-Identifier: MIT */
/*
 * virtio_mmio.device= (kernel/virtio_mmio_param.c): what QEMU's microvm
 * and Firecracker write, Linux's other spellings, and every malformed or
 * out-of-reach window refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "kernel/virtio_mmio.h"

static bool parse(const char *text, struct virtio_mmio_window *window)
{
	return virtio_mmio_parse(text, strlen(text), window);
}

static void test_what_microvm_writes(void **state)
{
	struct virtio_mmio_window w;

	(void)state;
	assert_true(parse("512@0xfeb00e00:12", &w));
	assert_int_equal(w.base, 0xfeb00e00);
	assert_int_equal(w.size, 512);
	assert_int_equal(w.irq, 12);
}

static void test_suffixes_and_id(void **state)
{
	struct virtio_mmio_window w;

	(void)state;
	assert_true(parse("4K@0xd0000000:5:2", &w)); /* Firecracker's */
	assert_int_equal(w.size, 4096);
	assert_int_equal(w.base, 0xd0000000);
	assert_int_equal(w.irq, 5);
	assert_true(parse("1k@3G:7", &w));
	assert_int_equal(w.size, 1024);
	assert_int_equal(w.base, 3ull << 30);
	assert_true(parse("0x200@0XFEB00000:0", &w));
	assert_int_equal(w.base, 0xfeb00000);
}

static void test_malformed_refused(void **state)
{
	static const char *const bad[] = {
		"",
		"512",
		"512@",
		"512@0xfeb00e00",
		"512@0xfeb00e00:",
		"@0xfeb00e00:12",
		"512@0xfeb00e00:12:",
		"512@0xfeb00e00:12:3:4",
		"512@0xfeb00e00:12x",
		"0x@0xfeb00e00:12",
		"512#0xfeb00e00:12",
		"512@0xfeb00e00:99999999999",
		"99999999999999999999@0:1",
		"16777216G@0:1",
	};
	struct virtio_mmio_window w;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(parse(bad[i], &w));
}

static void test_window_out_of_reach_refused(void **state)
{
	struct virtio_mmio_window w;

	(void)state;
	assert_false(parse("255@0xfeb00e00:12", &w));  /* registers cut */
	assert_false(parse("512@0x100000000:12", &w)); /* above 4 GiB */
	assert_false(parse("512@0xffffff00:12", &w));  /* runs past it */
	assert_true(parse("256@0xffffff00:12", &w));   /* ends right at it */
}

static void test_length_bounds_the_value(void **state)
{
	struct virtio_mmio_window w;
	const char text[] = "512@0xfeb00e00:12 loglevel=3";

	(void)state;
	assert_true(virtio_mmio_parse(text, 17, &w));
	assert_int_equal(w.irq, 12);
	assert_false(virtio_mmio_parse(text, 16, &w) && w.irq == 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_what_microvm_writes),
		cmocka_unit_test(test_suffixes_and_id),
		cmocka_unit_test(test_malformed_refused),
		cmocka_unit_test(test_window_out_of_reach_refused),
		cmocka_unit_test(test_length_bounds_the_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
