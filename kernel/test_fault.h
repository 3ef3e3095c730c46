/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_TEST_FAULT_H
#define ONEPATH_TEST_FAULT_H
/*
 * test.fault=KIND: after init, and after jettison, fault on purpose; the
 * boot tests check that each report is named and ends the boot with the
 * failure code.  Each kind is an entry of this table, so the test image
 * (build/onepath-test.elf) adds kinds the shipped image must not have,
 * such as call:SYMBOL, from files of its own (tests/kernel/).
 *
 *     TEST_FAULT_KIND(ud2_fault) = { .name = "ud2", .trigger = ud2 };
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../tables/tables.h"

struct test_fault_kind {
	/* The whole value, or with .argument its prefix ("call:"). */
	const char *name;
	bool argument;
	/* At parse time: 0, or a negative status rejecting the argument
	 * (the rest of the value after name), or a kind this image cannot
	 * trigger.  NULL: nothing to check. */
	int (*prepare)(const char *argument, size_t length);
	/* Faults; if it returns, the fault did not happen. */
	void (*trigger)(void);
};

#define TEST_FAULT_KINDS TABLE(struct test_fault_kind, "test_fault_kinds")
#define TEST_FAULT_KIND(object) TABLE_ENTRY(TEST_FAULT_KINDS, 50, object)

/*
 * Calls the code at address, named symbol (from the image's symbol
 * table): a stray call, as a forgotten pv_ops hook would make.  Logs the
 * call first.
 */
void test_fault_call(const char *symbol, uint64_t address);

/* Does what test.fault= asked for, if anything.  Returns only if nothing
 * was asked; a fault that does not fault is a panic
 * (E_TEST_FAULT_SURVIVED). */
void test_fault_trigger(void);

#endif
