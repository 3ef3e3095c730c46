/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_XEN_CONSOLE_RING_H
#define ONEPATH_XEN_CONSOLE_RING_H
/*
 * The output half of a Xen PV console ring, the page a domU shares with
 * its console backend (xenconsoled).  Layout from Xen's public
 * io/console.h.  Host-compilable: the unit tests play the backend.
 *
 * The guest produces into out[] and advances out_prod; the backend
 * consumes and advances out_cons.  Both indexes run freely and wrap at
 * 2^32; only their low bits index the ring, and they are never more than
 * the ring's size apart, unless the page is corrupt.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../kernel/page_alloc.h"

#define XEN_CONSOLE_IN_SIZE 1024
#define XEN_CONSOLE_OUT_SIZE 2048

struct xencons_interface {
	char in[XEN_CONSOLE_IN_SIZE];
	char out[XEN_CONSOLE_OUT_SIZE];
	uint32_t in_cons, in_prod;
	uint32_t out_cons, out_prod;
};

enum xen_console_ring_status {
	XEN_CONSOLE_RING_OK = 0,
	/* out_prod - out_cons is more than the ring holds */
	XEN_CONSOLE_RING_CORRUPT,
	/* the backend took nothing for as long as wait() would wait */
	XEN_CONSOLE_RING_STALLED,
};

/* What the ring held when it failed, for the report. */
struct xen_console_ring_diag {
	uint32_t out_cons, out_prod;
};

/*
 * Whether HVM_PARAM_CONSOLE_PFN and HVM_PARAM_CONSOLE_EVTCHN name a ring
 * onepath can use: a page frame other than 0 whose page lies below
 * IDENTITY_FLOOR (the console starts before the kernel's own page tables,
 * so only what the early ones map will do), and an event channel other than 0
 * (never a bound port) that fits a 32-bit port number.
 */
bool xen_console_ring_given(uint64_t pfn, uint64_t port);

/* "E_XEN_CONSOLE_RING_CORRUPT"... */
const char *xen_console_ring_status_name(enum xen_console_ring_status status);

/*
 * wait(round) lets the backend run (a yield); round counts the waits since
 * the backend last took a byte, from 1.  It returns false once the stall
 * has lasted too long.
 */
typedef bool xen_console_ring_wait(unsigned int round);

/*
 * Writes all length bytes of text into the ring.  After producing it calls
 * notify() (the event channel); when the ring is full it calls wait() and
 * tries again, so no byte is dropped.  Stops with CORRUPT as soon as the
 * indexes are out of range, and with STALLED when wait() gives up.
 */
enum xen_console_ring_status
xen_console_ring_write(struct xencons_interface *ring, const char *text,
		       size_t length, void (*notify)(void),
		       xen_console_ring_wait *wait,
		       struct xen_console_ring_diag *diag);

/* Waits until the backend has taken every byte, within the same limits:
 * rounds count from the last time fewer bytes were left than ever before,
 * so an index that moves back and forth is a stall too. */
enum xen_console_ring_status
xen_console_ring_drain(struct xencons_interface *ring,
		       xen_console_ring_wait *wait,
		       struct xen_console_ring_diag *diag);

#endif
