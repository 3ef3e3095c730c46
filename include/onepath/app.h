/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_APP_H
#define ONEPATH_APP_H
/*
 * Everything an application on onepath uses, in one header
 * (docs/writing-an-application.md walks through it):
 *
 *     #include <onepath/app.h>
 *
 *     static int hello(int argc, char **argv)
 *     {
 *             for (int i = 0; i < argc; i++)
 *                     app_printf("argv[%d]=%s\n", i, argv[i]);
 *             return 0;
 *     }
 *     APP_MAIN(hello);
 *
 * The app runs after init, after jettison (code that cannot run on this
 * machine is unmapped) and after the "onepath: init complete" line, on the
 * boot CPU, with interrupts off.  Its argv are the words after "--" on the
 * kernel command line; argv[0] is the app's name.  Its return value, or
 * app_exit(code) from anywhere, ends the boot with that code: 0 is success
 * on every door, 1 to 125 its own failure codes.  A fault in the app is
 * reported by name like any other and ends the boot with the kernel's
 * failure code, 126.
 *
 * The image holds at most one APP_MAIN: tools/inittab fails the build with
 * E_APP_MAIN_DUPLICATE otherwise.  An image without one ends after init.
 *
 * Builds are freestanding: no C library headers.  This header brings the
 * few library functions there are (memcpy, memset, memmove, memcmp,
 * strlen, strcmp, strncmp; fmt_snprintf and fmt_vsnprintf), the boot
 * parameters (kernel/boot_params.h) and the table macros, so an app can
 * add its own init entries (tables/init.h) and command-line options
 * (kernel/cmdline_option.h) as kernel code does.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../kernel/boot_params.h"
#include "../../kernel/fmt.h"
#include "../../kernel/klib.h"
#include "../../tables/tables.h"

/* ---- the entry point ---------------------------------------------------- */

struct app_main {
	const char *name; /* argv[0] */
	int (*main)(int argc, char **argv);
};

#define APP_MAINS TABLE(struct app_main, "app_main")

/* `make APP=dir` names the app after its directory. */
#ifdef ONEPATH_APP_NAME
#define APP_NAME_(fn) ONEPATH_APP_NAME
#else
#define APP_NAME_(fn) #fn
#endif

/* int fn(int argc, char **argv): the application's main. */
#define APP_MAIN(fn)                                                           \
	TABLE_ENTRY(APP_MAINS, 50, app_main_##fn) = {                          \
		.name = APP_NAME_(fn),                                         \
		.main = (fn),                                                  \
	}

/* Limits of argv, checked at boot (E_APP_ARGS_TOO_MANY, E_APP_ARG_TOO_LONG). */
#define APP_ARGS_MAX 64        /* argv[0] included */
#define APP_ARG_LENGTH_MAX 255 /* bytes of one argument */

/* Ends the boot with code (0 to 125; anything else is a panic naming it). */
__attribute__((noreturn)) void app_exit(int code);

/* ---- what the loader gave ------------------------------------------------ */

/* Read-only: the memory map, the command line, the modules. */
const struct boot_params *app_boot_params(void);

/*
 * Module index's bytes, mapped and readable, and their count in *size;
 * NULL if there is no such module.
 */
const uint8_t *app_module(uint32_t index, size_t *size);

/* ---- memory ---------------------------------------------------------------
 */

#define APP_PAGE_SIZE 4096u

/* A zeroed 4 KiB page, or NULL when memory is exhausted. */
void *app_page_alloc(void);
void app_page_free(void *page);

/*
 * The heap, on the page allocator: blocks are 16-byte aligned; free(NULL)
 * does nothing; realloc(p, 0) frees p and returns NULL.  Freeing a pointer
 * twice or one the heap never gave is a panic (E_HEAP_DOUBLE_FREE,
 * E_HEAP_BAD_POINTER), not silent corruption.
 */
void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void *realloc(void *pointer, size_t size);
void free(void *pointer);

/* ---- time ------------------------------------------------------------------
 */

/* Nanoseconds since the kernel's entry, monotonic; -1 while the CPU's
 * timestamp frequency is unknown (no source found one, see the boot log). */
int64_t app_clock_ns(void);

/* Waits ns nanoseconds (busy); false, at once, if the clock is unknown. */
bool app_delay_ns(uint64_t ns);

/* ---- the console ------------------------------------------------------------
 */

/*
 * Formatted output (the format of fmt_snprintf: %s %c %d %i %u %x %X %p
 * %%, l/ll/z, width, '0', '-'), line by line into the boot log and onto
 * every console, whatever loglevel= says.  A line longer than 250 bytes
 * is split, never cut: app_printf formats one of over 511 bytes on the heap
 * (no heap left for it is the panic E_APP_PRINTF_NO_MEMORY).  An unfinished
 * last line is written when the app ends.
 */
int app_printf(const char *format, ...) __attribute__((format(printf, 1, 2)));
void app_write(const char *text, size_t length);

#endif
