/* SPDX-License-Identifier: MIT */
#include "subarch_detect.h"

unsigned int subarch_detect(enum entry_protocol protocol)
{
	const struct subarch_detector *detector;

	TABLE_FOR_EACH(detector, SUBARCH_DETECTORS)
		if (detector->detect(protocol))
			return detector->subarch;
	return 0;
}
