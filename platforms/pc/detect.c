/* SPDX-License-Identifier: MIT */
/* PC is what a machine is when no other platform claims it. */
#include "../../kernel/subarch.h"
#include "../../kernel/subarch_detect.h"

static bool pc_detect(enum entry_protocol protocol)
{
	(void)protocol;
	return true;
}

SUBARCH_DETECTOR(pc_detector, 90) = {
	.name = "pc",
	.subarch = SUBARCH_PC,
	.detect = pc_detect,
};
