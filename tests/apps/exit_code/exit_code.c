/* SPDX-License-Identifier: MIT */
/*
 * A test app: app_exit(N) with N its first argument, from a function
 * below main; the clock (clock) and the heap and pages (heap) as an app
 * sees them; a line longer than any buffer (long-line); a fault in the app
 * (nullptr) or a bad free (double-free).
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
	uint8_t *blocks[BLOCKS] = { 0 };
	size_t sizes[BLOCKS];
	int status = 0;

	for (size_t i = 0; i < BLOCKS && !status; i++) {
		sizes[i] = 1 + (i * 977) % 9000;
		blocks[i] = i % 3 ? malloc(sizes[i]) : calloc(1, sizes[i]);
		if (blocks[i])
			memset(blocks[i], (int)i, sizes[i]);
		else
			status = 4;
	}
	for (size_t i = 0; i < BLOCKS && !status; i += 2) {
		uint8_t *grown = realloc(blocks[i], sizes[i] + 5000);

		if (!grown) {
			status = 4;
			break;
		}
		blocks[i] = grown;
		sizes[i] += 5000;
		memset(blocks[i], (int)i, sizes[i]);
	}
	for (size_t i = 0; i < BLOCKS; i++) {
		for (size_t j = 0; blocks[i] && !status && j < sizes[i]; j++)
			if (blocks[i][j] != (uint8_t)i)
				status = 5;
		free(blocks[i]);
	}
	uint8_t *page = app_page_alloc();

	if (!page || page[0] || page[APP_PAGE_SIZE - 1])
		status = status ? status : 6;
	if (page)
		app_page_free(page);
	if (!status)
		app_printf("exit_code: heap: %d blocks kept their bytes\n",
			   BLOCKS);
	return status;
}

/* One app_printf of a 1,000-character line: every character reaches the
 * console (split into log lines), and the length is what it returns. */
static int long_line(void)
{
	enum { LENGTH = 1000 };
	static char text[LENGTH + 1];

	for (size_t i = 0; i < LENGTH; i++)
		text[i] = (char)('a' + i % 26);
	int written = app_printf("%s\n", text);

	app_printf("exit_code: long line: app_printf returned %d\n", written);
	return written == LENGTH + 1 ? 0 : 8;
}

__attribute__((noreturn)) static void leave(int code)
{
	app_printf("exit_code: app_exit(%d)\n", code);
	app_exit(code);
}

static int exit_code(int argc, char **argv)
{
	if (argc != 2) {
		app_printf("usage: -- N|clock|heap|long-line|nullptr|"
			   "double-free\n");
		return 2;
	}
	if (!strcmp(argv[1], "clock"))
		return clock_check();
	if (!strcmp(argv[1], "heap"))
		return heap_check();
	if (!strcmp(argv[1], "long-line"))
		return long_line();
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
