/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_XEN_PV_CONSOLE_H
#define ONEPATH_XEN_PV_CONSOLE_H
/*
 * Waits until the domU's console backend has taken every byte of the log,
 * so that a domain about to shut down leaves nothing unread in its ring.
 * Does nothing where the ring console is not live (dom0, fallback).
 */
void xen_pv_console_drain(void);

#endif
