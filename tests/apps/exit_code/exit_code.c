/* SPDX-License-Identifier: MIT */
/*
 * A test app: app_exit(N) with N its first argument, from a function
 * below main, or a fault in the app (nullptr), or a bad free (double-free):
 * the boot tests check the exit code and the reports on every door.
 */
#include <onepath/app.h>

/* Volatile, so that neither the compiler nor the linters see the fault
 * coming: it is the point. */
static int *volatile nowhere;
static void *volatile block, *volatile same_block;

static int number(const char *text)
{
	int value = 0;

	while (*text >= '0' && *text <= '9')
		value = value * 10 + (*text++ - '0');
	return *text ? -1 : value;
}

__attribute__((noreturn)) static void leave(int code)
{
	app_printf("exit_code: app_exit(%d)\n", code);
	app_exit(code);
}

static int exit_code(int argc, char **argv)
{
	if (argc != 2) {
		app_printf("usage: -- N|nullptr|double-free\n");
		return 2;
	}
	if (!strcmp(argv[1], "nullptr"))
		return *nowhere;
	if (!strcmp(argv[1], "double-free")) {
		block = malloc(24);
		same_block = block;
		free(block);
		free(same_block);
	}
	leave(number(argv[1]));
}

APP_MAIN(exit_code);
