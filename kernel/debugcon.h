/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_DEBUGCON_H
#define ONEPATH_DEBUGCON_H
/*
 * Port 0xe9, the debug console of QEMU and Bochs (and Xen's console for
 * HVM and PVH guests).  On a PC, a debug console answers a read of its
 * port with DEBUGCON_READBACK; an empty port reads 0xff.
 */
#include "console.h"

#define DEBUGCON_PORT 0xe9
#define DEBUGCON_READBACK 0xe9

extern const struct console debugcon_console;

#endif
