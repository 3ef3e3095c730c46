/* SPDX-License-Identifier: MIT */
#include "status.h"

const char *status_name(int status)
{
	switch (status) {
	case STATUS_OK: return "OK";
	case STATUS_ENODEV: return "ENODEV";
	case STATUS_ENOMEM: return "ENOMEM";
	case STATUS_EINVAL: return "EINVAL";
	case STATUS_EIO: return "EIO";
	case STATUS_ERANGE: return "ERANGE";
	case STATUS_ENOENT: return "ENOENT";
	case STATUS_EINJECTED: return "EINJECTED";
	}
	return "EUNKNOWN";
}
