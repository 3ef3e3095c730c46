/* SPDX-License-Identifier: MIT */
/* PC's private sections (linker.ld), unmapped after init elsewhere. */
#include "../../kernel/jettison.h"
#include "../../kernel/subarch.h"

extern const char text_pc_start[], text_pc_end[];
extern const char rodata_pc_start[], rodata_pc_end[];
extern const char data_pc_start[], data_pc_end[];
extern const char bss_pc_start[], bss_pc_end[];

PRIVATE_REGION(pc_text_region) = {
	.what = "PC-only code",
	.subarchs = SUBARCH_PC,
	.code = true,
	.start = text_pc_start,
	.end = text_pc_end,
};

PRIVATE_REGION(pc_rodata_region) = {
	.what = "PC-only read-only data",
	.subarchs = SUBARCH_PC,
	.start = rodata_pc_start,
	.end = rodata_pc_end,
};

PRIVATE_REGION(pc_data_region) = {
	.what = "PC-only data",
	.subarchs = SUBARCH_PC,
	.start = data_pc_start,
	.end = data_pc_end,
};

PRIVATE_REGION(pc_bss_region) = {
	.what = "PC-only zeroed data",
	.subarchs = SUBARCH_PC,
	.start = bss_pc_start,
	.end = bss_pc_end,
};
