/* SPDX-License-Identifier: MIT */
/*
 * PVH start info version 0 (what Xen gives a PVH dom0) has no memory map:
 * ask Xen for it.  The reply is packed 20-byte e820 records; they go
 * through the same validation and normaliser as every loader's map.
 */
#include "../../kernel/bootinfo.h"
#include "../../kernel/bootinfo_dump.h"
#include "../../kernel/log.h"
#include "../../kernel/status.h"
#include "../../tables/init.h"
#include "xen.h"
#include "xen_e820.h"

static uint8_t e820_reply[XEN_E820_MAX_ENTRIES * XEN_E820_RECORD_SIZE];

static bool memmap_pending(const struct boot_params *params)
{
	return params->flags & BOOT_FLAG_MEMMAP_PENDING;
}

static int xen_memmap_init(struct boot_params *params)
{
	struct {
		uint32_t nr_entries;
		uint32_t pad;
		uint64_t buffer;
	} request = { XEN_E820_MAX_ENTRIES, 0,
		      (uint64_t)(uintptr_t)e820_reply };
	struct bootinfo_diag diag = { 0 };

	long result = xen_hypercall(HYPERVISOR_memory_op, XENMEM_memory_map,
				    (uint64_t)(uintptr_t)&request, 0);
	if (result) {
		log_err("xen: XENMEM_memory_map failed: %ld", result);
		return STATUS_EIO;
	}
	bootinfo_dump_extra("xen-e820", request.nr_entries, e820_reply,
			    (size_t)request.nr_entries * XEN_E820_RECORD_SIZE);
	if (xen_e820_import(params, e820_reply, sizeof(e820_reply),
			    request.nr_entries, &diag)) {
		log_err("xen: %s: %s", bootinfo_error_name(diag.error),
			diag.detail);
		return STATUS_EINVAL;
	}
	params->flags &= ~BOOT_FLAG_MEMMAP_PENDING;
	return STATUS_OK;
}

INIT_ENTRY(xen_memmap, EARLY, SUBARCH_XEN, xen_memmap_init,
	   INIT_AFTER(xen_hypercalls), .detect = memmap_pending,
	   .flags = INIT_CRITICAL);
