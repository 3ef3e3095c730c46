/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_TEST_FAULT_H
#define ONEPATH_TEST_FAULT_H
/* Does what test.fault= asked for, if anything; returns only if it did
 * not fault (which the caller treats as a failure). */
void test_fault_trigger(void);
#endif
