/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_STATUS_H
#define ONEPATH_STATUS_H
/*
 * Status codes returned by init routines and kernel services: 0 is success,
 * a negative value names the failure.  status_name() gives the name printed
 * in the boot log ("ENODEV").
 */
enum status {
	STATUS_OK = 0,
	STATUS_ENODEV = -1, /* the hardware or hypervisor feature is absent */
	STATUS_ENOMEM = -2, /* out of memory */
	STATUS_EINVAL = -3, /* malformed input */
	STATUS_EIO = -4,    /* a device or hypercall reported an error */
	STATUS_ERANGE = -5, /* a value outside the accepted range */
	STATUS_ENOENT = -6, /* a name that does not exist */
	STATUS_EINJECTED = -7, /* failure injected with init.fail= */
};

const char *status_name(int status);

#endif
