/* SPDX-License-Identifier: MIT */
/*
 * Maps Xen's shared_info page (XENMEM_add_to_physmap) over a page of our
 * own RAM and reads what it says: the wallclock and vCPU 0's time scale,
 * from which the TSC frequency follows; logged beside the CPUID figure so
 * the two sources check each other.
 */
#include "../../kernel/klib.h"
#include "../../kernel/log.h"
#include "../../kernel/page_alloc.h"
#include "../../kernel/status.h"
#include "../../tables/init.h"
#include "xen.h"

/* Offsets in the x86-64 layout of Xen's public xen.h. */
#define VCPU0_TIME_SYSTEM_TIME 48
#define VCPU0_TIME_TSC_TO_SYSTEM_MUL 56
#define VCPU0_TIME_TSC_SHIFT 60
#define WALLCLOCK_VERSION 3072
#define WALLCLOCK_SECONDS 3076

struct xen_add_to_physmap {
	uint16_t domid;
	uint16_t size;
	uint32_t space;
	uint64_t idx;
	uint64_t gpfn;
};

const volatile uint8_t *xen_shared_info;

static uint64_t read_u64(unsigned int offset)
{
	uint64_t value;

	memcpy(&value, (const void *)(xen_shared_info + offset), sizeof(value));
	return value;
}

static uint32_t read_u32(unsigned int offset)
{
	uint32_t value;

	memcpy(&value, (const void *)(xen_shared_info + offset), sizeof(value));
	return value;
}

static int xen_shared_info_init(struct boot_params *params)
{
	uint64_t page = page_alloc();

	(void)params;
	if (!page)
		return STATUS_ENOMEM;
	struct xen_add_to_physmap request = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_shared_info,
		.idx = 0,
		.gpfn = page / PAGE_SIZE,
	};
	long result = xen_hypercall(HYPERVISOR_memory_op, XENMEM_add_to_physmap,
				    (uint64_t)(uintptr_t)&request, 0);
	if (result) {
		log_err("xen: XENMEM_add_to_physmap(shared_info) failed: %ld",
			result);
		return STATUS_EIO;
	}
	xen_shared_info = (const volatile uint8_t *)(uintptr_t)page;

	uint32_t multiplier = read_u32(VCPU0_TIME_TSC_TO_SYSTEM_MUL);
	int8_t shift = (int8_t)xen_shared_info[VCPU0_TIME_TSC_SHIFT];
	uint64_t tsc_khz = 0;
	if (multiplier) {
		/* ns = ((tsc << shift) * multiplier) >> 32, so: */
		tsc_khz = (1000000ull << 32) / multiplier;
		tsc_khz = shift >= 0 ? tsc_khz >> shift : tsc_khz << -shift;
	}
	log_info("xen: shared_info at 0x%llx: wallclock %u s (version %u), "
		 "system time %llu ns, TSC %llu kHz by the time scale",
		 (unsigned long long)page, read_u32(WALLCLOCK_SECONDS),
		 read_u32(WALLCLOCK_VERSION),
		 (unsigned long long)read_u64(VCPU0_TIME_SYSTEM_TIME),
		 (unsigned long long)tsc_khz);
	return STATUS_OK;
}

INIT_ENTRY(xen_shared_info, PLATFORM, SUBARCH_XEN, xen_shared_info_init,
	   INIT_AFTER(page_alloc, xen_hypercalls));
