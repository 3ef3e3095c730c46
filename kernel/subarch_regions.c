/* SPDX-License-Identifier: MIT */
/*
 * Every subarch's private sections (build/linker.ld, made from
 * linker.ld.in, gives their bounds), unmapped by kernel/jettison.c on
 * every other subarch.  One set per line of platforms/subarch_list.h.
 */
#include "jettison.h"
#include "subarch.h"

#define SUBARCH(name, folder)                                                  \
	extern const char text_##folder##_start[], text_##folder##_end[];      \
	extern const char rodata_##folder##_start[], rodata_##folder##_end[];  \
	extern const char data_##folder##_start[], data_##folder##_end[];      \
	extern const char bss_##folder##_start[], bss_##folder##_end[];        \
	PRIVATE_REGION(folder##_text_region) = {                               \
		.what = #name "-only code",                                    \
		.subarchs = SUBARCH_##name,                                    \
		.code = true,                                                  \
		.start = text_##folder##_start,                                \
		.end = text_##folder##_end,                                    \
	};                                                                     \
	PRIVATE_REGION(folder##_rodata_region) = {                             \
		.what = #name "-only read-only data",                          \
		.subarchs = SUBARCH_##name,                                    \
		.start = rodata_##folder##_start,                              \
		.end = rodata_##folder##_end,                                  \
	};                                                                     \
	PRIVATE_REGION(folder##_data_region) = {                               \
		.what = #name "-only data",                                    \
		.subarchs = SUBARCH_##name,                                    \
		.start = data_##folder##_start,                                \
		.end = data_##folder##_end,                                    \
	};                                                                     \
	PRIVATE_REGION(folder##_bss_region) = {                                \
		.what = #name "-only zeroed data",                             \
		.subarchs = SUBARCH_##name,                                    \
		.start = bss_##folder##_start,                                 \
		.end = bss_##folder##_end,                                     \
	};
#include "../platforms/subarch_list.h"
#undef SUBARCH
