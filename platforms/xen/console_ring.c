/* SPDX-License-Identifier: MIT */
#include "console_ring.h"

_Static_assert(sizeof(struct xencons_interface) == 3088,
	       "struct xencons_interface must match Xen's io/console.h");
_Static_assert((XEN_CONSOLE_OUT_SIZE & (XEN_CONSOLE_OUT_SIZE - 1)) == 0,
	       "the indexes are masked: the size must be a power of two");

const char *xen_console_ring_status_name(enum xen_console_ring_status status)
{
	switch (status) {
	case XEN_CONSOLE_RING_OK: return "OK";
	case XEN_CONSOLE_RING_CORRUPT: return "E_XEN_CONSOLE_RING_CORRUPT";
	case XEN_CONSOLE_RING_STALLED: return "E_XEN_CONSOLE_RING_STALLED";
	}
	return "E_XEN_CONSOLE_RING_UNKNOWN";
}

bool xen_console_ring_given(uint64_t pfn, uint64_t port)
{
	return pfn && pfn < IDENTITY_FLOOR / PAGE_SIZE && port &&
	       port <= UINT32_MAX;
}

/* The backend's index, read once: it may change under us at any time. */
static bool read_indexes(struct xencons_interface *ring, uint32_t *cons,
			 uint32_t *prod, struct xen_console_ring_diag *diag)
{
	*cons = __atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE);
	*prod = __atomic_load_n(&ring->out_prod, __ATOMIC_RELAXED);
	diag->out_cons = *cons;
	diag->out_prod = *prod;
	return *prod - *cons <= XEN_CONSOLE_OUT_SIZE;
}

enum xen_console_ring_status
xen_console_ring_write(struct xencons_interface *ring, const char *text,
		       size_t length, void (*notify)(void),
		       xen_console_ring_wait *wait,
		       struct xen_console_ring_diag *diag)
{
	unsigned int round = 0;

	while (length) {
		uint32_t cons, prod;

		if (!read_indexes(ring, &cons, &prod, diag))
			return XEN_CONSOLE_RING_CORRUPT;
		if (prod - cons == XEN_CONSOLE_OUT_SIZE) {
			if (!wait(++round))
				return XEN_CONSOLE_RING_STALLED;
			continue;
		}
		round = 0;
		while (length && prod - cons < XEN_CONSOLE_OUT_SIZE) {
			ring->out[prod & (XEN_CONSOLE_OUT_SIZE - 1)] = *text++;
			prod++;
			length--;
		}
		/* The bytes before the index that publishes them. */
		__atomic_store_n(&ring->out_prod, prod, __ATOMIC_RELEASE);
		diag->out_prod = prod;
		notify();
	}
	return XEN_CONSOLE_RING_OK;
}

enum xen_console_ring_status
xen_console_ring_drain(struct xencons_interface *ring,
		       xen_console_ring_wait *wait,
		       struct xen_console_ring_diag *diag)
{
	unsigned int round = 0;
	uint32_t cons, prod, fewest_left;

	if (!read_indexes(ring, &cons, &prod, diag))
		return XEN_CONSOLE_RING_CORRUPT;
	fewest_left = prod - cons;
	while (cons != prod) {
		if (!wait(++round))
			return XEN_CONSOLE_RING_STALLED;
		if (!read_indexes(ring, &cons, &prod, diag))
			return XEN_CONSOLE_RING_CORRUPT;
		/* Only taking bytes it never took before is progress: an index
		 * that sways back and forth would keep the wait going for ever.
		 */
		if (prod - cons < fewest_left) {
			fewest_left = prod - cons;
			round = 0;
		}
	}
	return XEN_CONSOLE_RING_OK;
}
