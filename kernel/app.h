/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_KERNEL_APP_H
#define ONEPATH_KERNEL_APP_H

/*
 * Runs the image's APP_MAIN, if it has one, and ends the boot with its
 * code; without one, ends the boot with success.  Called once init is
 * complete.
 */
__attribute__((noreturn)) void app_run(void);

#endif
