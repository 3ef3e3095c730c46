/* SPDX-License-Identifier: MIT */
/*
 * A domU's console: the PV console ring its toolstack set up, which
 * xenconsoled serves and `xl console` shows.  The ring page and its event
 * channel are HVM parameters.  dom0 has no ring and keeps console_io
 * (console.c).  Without a ring page or event channel, or once the ring
 * fails, the log stays on port 0xe9 (Xen's own log, `xl dmesg`).
 */
#include "../../kernel/console.h"
#include "../../kernel/cpu.h"
#include "../../kernel/log.h"
#include "../../kernel/page_tables.h"
#include "../../kernel/status.h"
#include "../../kernel/tsc.h"
#include "../../tables/init.h"
#include "console_ring.h"
#include "pv_console.h"
#include "xen.h"

/* How long the backend may take nothing before the ring is given up.  It
 * attaches to a new domain late: seconds under emulation. */
#define STALL_SECONDS 20

static struct xencons_interface *ring;
static uint32_t ring_port;

static void ring_notify(void)
{
	struct {
		uint32_t port;
	} send = { ring_port };

	xen_hypercall(HYPERVISOR_event_channel_op, EVTCHNOP_send,
		      (uint64_t)(uintptr_t)&send, 0);
}

static bool ring_wait(unsigned int round)
{
	static uint64_t deadline;

	if (round == 1)
		deadline = tsc_deadline(STALL_SECONDS);
	xen_hypercall(HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0);
	return rdtsc() < deadline;
}

/* The ring is given up before the report, which the log then writes to
 * every other console (port 0xe9), not back into the broken ring. */
static void ring_failed(enum xen_console_ring_status status,
			const struct xen_console_ring_diag *diag)
{
	ring = NULL;
	log_err("xen: %s: out_cons 0x%x, out_prod 0x%x; the log stays on port "
		"0xe9",
		xen_console_ring_status_name(status), diag->out_cons,
		diag->out_prod);
}

static void xen_pv_console_write(const char *text, size_t length)
{
	struct xen_console_ring_diag diag;

	if (!ring)
		return;
	enum xen_console_ring_status status = xen_console_ring_write(
		ring, text, length, ring_notify, ring_wait, &diag);
	if (status != XEN_CONSOLE_RING_OK)
		ring_failed(status, &diag);
}

void xen_pv_console_drain(void)
{
	struct xen_console_ring_diag diag;

	if (!ring)
		return;
	enum xen_console_ring_status status =
		xen_console_ring_drain(ring, ring_wait, &diag);
	if (status != XEN_CONSOLE_RING_OK)
		ring_failed(status, &diag);
}

CONSOLE_ENTRY(xen_pv_console, 50) = {
	.name = "xen-pv-console",
	.subarchs = SUBARCH_XEN,
	.flags = CONSOLE_NEEDS_ENABLE,
	.write = xen_pv_console_write,
};

static int get_param(uint32_t index, uint64_t *value)
{
	struct {
		uint16_t domid;
		uint16_t pad;
		uint32_t index;
		uint64_t value;
	} param = { .domid = DOMID_SELF, .index = index };
	long result = xen_hypercall(HYPERVISOR_hvm_op, HVMOP_get_param,
				    (uint64_t)(uintptr_t)&param, 0);

	*value = result ? 0 : param.value;
	return (int)result;
}

static bool is_domu(const struct boot_params *params)
{
	return !(params->flags & BOOT_FLAG_INITIAL_DOMAIN);
}

static __init int xen_pv_console_init(struct boot_params *params)
{
	uint64_t pfn, port;
	int pfn_result = get_param(HVM_PARAM_CONSOLE_PFN, &pfn);
	int port_result = get_param(HVM_PARAM_CONSOLE_EVTCHN, &port);

	(void)params;
	if (!xen_console_ring_given(pfn, port)) {
		log_warn(
			"xen: E_XEN_CONSOLE_MISSING: no console ring (page pfn "
			"0x%llx, result %d; event channel %llu, result %d); "
			"the log stays on port 0xe9",
			(unsigned long long)pfn, pfn_result,
			(unsigned long long)port, port_result);
		return STATUS_ENODEV;
	}
	/* Xen's special pages lie outside the memory map it gives. */
	int status = page_tables_map_device("console ring", pfn * PAGE_SIZE,
					    PAGE_SIZE);

	if (status)
		return status;
	ring = (struct xencons_interface *)(uintptr_t)(pfn * PAGE_SIZE);
	ring_port = (uint32_t)port;
	log_info("xen: console ring at 0x%llx, event channel %u",
		 (unsigned long long)(pfn * PAGE_SIZE), ring_port);
	console_enable(&xen_pv_console);
	return STATUS_OK;
}

INIT_ENTRY(xen_pv_console, CONSOLE, SUBARCH_XEN, xen_pv_console_init,
	   INIT_AFTER(xen_hypercalls), .detect = is_domu);
