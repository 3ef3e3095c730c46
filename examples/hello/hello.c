/* SPDX-License-Identifier: MIT */
/*
 * The smallest application: prints its arguments and exits with success.
 *
 *     make run APP=examples/hello CMDLINE='loglevel=4 -- a "b c"'
 */
#include <onepath/app.h>

static int hello(int argc, char **argv)
{
	app_printf("argc=%d\n", argc);
	for (int i = 0; i < argc; i++)
		app_printf("argv[%d]=%s\n", i, argv[i]);
	return 0;
}

APP_MAIN(hello);
