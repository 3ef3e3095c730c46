/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_APP_CONSOLE_H
#define ONEPATH_APP_CONSOLE_H

/* Writes the app's unfinished last line, if any (at its exit). */
void app_console_flush(void);

#endif
