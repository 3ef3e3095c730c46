/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_SUBARCH_H
#define ONEPATH_SUBARCH_H
/*
 * Hardware subarchitectures, as bits so that an init entry can name a set.
 * The entry protocol (how we were booted) is a different thing: PVH under
 * QEMU is SUBARCH_PC, PVH under Xen is SUBARCH_XEN.
 */
#define SUBARCH_PC (1u << 0)
#define SUBARCH_XEN (1u << 1)
#define SUBARCH_ALL (SUBARCH_PC | SUBARCH_XEN)

/* "PC", "XEN", "PC|XEN"; "none" for 0.  Writes at most size bytes. */
void subarch_set_format(char *buffer, unsigned long size, unsigned int set);

#endif
