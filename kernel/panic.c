/* SPDX-License-Identifier: MIT */
#include "panic.h"

#include <stdarg.h>

#include "exit.h"
#include "fmt.h"
#include "log.h"

void panic(const char *format, ...)
{
	char message[200];
	va_list args;

	va_start(args, format);
	fmt_vsnprintf(message, sizeof(message), format, args);
	va_end(args);
	log_enter_panic();
	log_printf(LOG_EMERG, "onepath: panic: %s", message);
	machine_exit(EXIT_FAILURE_CODE);
}
