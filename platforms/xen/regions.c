/* SPDX-License-Identifier: MIT */
/* XEN's private sections (linker.ld), unmapped after init elsewhere. */
#include "../../kernel/jettison.h"
#include "../../kernel/subarch.h"

extern const char text_xen_start[], text_xen_end[];
extern const char rodata_xen_start[], rodata_xen_end[];
extern const char data_xen_start[], data_xen_end[];
extern const char bss_xen_start[], bss_xen_end[];

PRIVATE_REGION(xen_text_region) = {
	.what = "XEN-only code",
	.subarchs = SUBARCH_XEN,
	.code = true,
	.start = text_xen_start,
	.end = text_xen_end,
};

PRIVATE_REGION(xen_rodata_region) = {
	.what = "XEN-only read-only data",
	.subarchs = SUBARCH_XEN,
	.start = rodata_xen_start,
	.end = rodata_xen_end,
};

PRIVATE_REGION(xen_data_region) = {
	.what = "XEN-only data",
	.subarchs = SUBARCH_XEN,
	.start = data_xen_start,
	.end = data_xen_end,
};

PRIVATE_REGION(xen_bss_region) = {
	.what = "XEN-only zeroed data",
	.subarchs = SUBARCH_XEN,
	.start = bss_xen_start,
	.end = bss_xen_end,
};
