/* SPDX-License-Identifier: MIT */
/*
 * A test app: app_exit(N) with N its first argument, from a function
 * below main; the clock (clock) and the heap and pages (heap) as an app
 * sees them; a fault in the app (nullptr) or a bad free (double-free).
 * The boot tests check the exit code, the output and the reports.
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

/* The clock: a delay of 1 ms takes at least 1 ms, and time goes on. */
static int clock_check(void)
{
	int64_t before = app_clock_ns();

	if (before < 0) {
		app_printf("exit_code: clock unknown\n");
		return 0;
	}
	if (!app_delay_ns(1000000))
		return 3;
	int64_t after = app_clock_ns();

	app_printf("exit_code: clock: a 1 ms delay took %lld ns\n",
		   (long long)(after - before));
	return after - before >= 1000000 ? 0 : 3;
}

/* The heap and pages from an app: blocks keep their bytes until freed. */
static int heap_check(void)
{
	enum { BLOCKS = 40 };
	uint8_t *blocks[BLOCKS];
	size_t sizes[BLOCKS];

	for (size_t i = 0; i < BLOCKS; i++) {
		sizes[i] = (i * 977) % 9000;
		blocks[i] = i % 3 ? malloc(sizes[i]) : calloc(1, sizes[i]);
		if (!blocks[i])
			return 4;
		memset(blocks[i], (int)i, sizes[i]);
	}
	for (size_t i = 0; i < BLOCKS; i += 2) {
		sizes[i] += 5000;
		blocks[i] = realloc(blocks[i], sizes[i]);
		if (!blocks[i])
			return 4;
		memset(blocks[i], (int)i, sizes[i]);
	}
	for (size_t i = 0; i < BLOCKS; i++) {
		for (size_t j = 0; j < sizes[i]; j++)
			if (blocks[i][j] != (uint8_t)i)
				return 5;
		free(blocks[i]);
	}
	uint8_t *page = app_page_alloc();

	if (!page || page[0] || page[APP_PAGE_SIZE - 1])
		return 6;
	app_page_free(page);
	app_printf("exit_code: heap: %d blocks kept their bytes\n", BLOCKS);
	return 0;
}

__attribute__((noreturn)) static void leave(int code)
{
	app_printf("exit_code: app_exit(%d)\n", code);
	app_exit(code);
}

static int exit_code(int argc, char **argv)
{
	if (argc != 2) {
		app_printf("usage: -- N|clock|heap|nullptr|double-free\n");
		return 2;
	}
	if (!strcmp(argv[1], "clock"))
		return clock_check();
	if (!strcmp(argv[1], "heap"))
		return heap_check();
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
