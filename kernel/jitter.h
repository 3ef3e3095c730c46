/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_JITTER_H
#define ONEPATH_JITTER_H
/*
 * init.jitter=SEED: random delays (up to JITTER_MAX_US) inside init entries
 * and between log lines, drawn per CPU from SEED, so that a stress test can
 * shake the order in which parallel entries finish and check that nothing
 * the boot reports changes.  Without the option a delay costs one test.
 */
#define JITTER_MAX_US 300u

void jitter_delay(void);

#endif
