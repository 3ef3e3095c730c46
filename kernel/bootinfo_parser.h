/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_BOOTINFO_PARSER_H
#define ONEPATH_BOOTINFO_PARSER_H
/*
 * What the protocol parsers share, so that a command line, a module or a
 * rejection is handled the same whichever door the kernel came in by.
 * Private to bootinfo*.c; everyone else uses bootinfo.h.
 */
#include <stddef.h>
#include <stdint.h>

#include "bootinfo.h"

/* Records error and its detail in *diag (if any) and returns error. */
enum bootinfo_error bootinfo_fail(struct bootinfo_diag *diag,
				  enum bootinfo_error error, const char *format,
				  ...) __attribute__((format(printf, 3, 4)));

/* The protocol parsers, which bootinfo_parse chooses by magic. */
enum bootinfo_error bootinfo_parse_multiboot1(struct boot_params *params,
					      uint64_t info_addr,
					      const struct phys_window *memory,
					      struct bootinfo_places *places,
					      struct bootinfo_diag *diag);
enum bootinfo_error bootinfo_parse_multiboot2(struct boot_params *params,
					      uint64_t info_addr,
					      const struct phys_window *memory,
					      struct bootinfo_places *places,
					      struct bootinfo_diag *diag);
enum bootinfo_error bootinfo_parse_pvh(struct boot_params *params,
				       uint64_t info_addr,
				       const struct phys_window *memory,
				       struct bootinfo_places *places,
				       struct bootinfo_diag *diag);

/*
 * Copies the string at addr into out (size bytes) and notes where it was
 * in places.  No NUL inside strings is BOOTINFO_UNTERMINATED; a string
 * too long for out is cut and warned about as "<what> truncated to
 * <size-1> bytes".
 */
enum bootinfo_error bootinfo_copy_string(struct boot_params *params,
					 const struct phys_window *strings,
					 uint64_t addr, char *out, size_t size,
					 const char *what,
					 struct bootinfo_places *places,
					 struct bootinfo_diag *diag);

/*
 * Multiboot loaders other than GRUB 2 (QEMU, GRUB legacy, iPXE) put the
 * image path first on the command line; GRUB 2 passes only the arguments.
 * Xen's cmdline_cook() makes the same distinction by loader name.
 * bootinfo_split_image() moves that first word to params->image and leaves
 * the arguments in params->cmdline.
 */
bool bootinfo_loader_is_grub2(const char *loader);
void bootinfo_split_image(struct boot_params *params);

/*
 * Appends a module [start, end) that must lie inside memory.  Its command
 * line is read from strings at cmdline_addr; 0 means it has none.  The
 * caller checks that there is room (module_count < BOOT_MODULES_MAX).
 */
enum bootinfo_error bootinfo_add_module(struct boot_params *params,
					const struct phys_window *memory,
					uint64_t start, uint64_t end,
					const struct phys_window *strings,
					uint64_t cmdline_addr,
					struct bootinfo_places *places,
					struct bootinfo_diag *diag);

/* Warns that only the first BOOT_MODULES_MAX of total modules were kept. */
void bootinfo_warn_modules_dropped(struct boot_params *params, uint64_t total);

/*
 * The multiboot fallback when there is no map: usable [0, lower KiB) and
 * [1 MiB, 1 MiB + upper KiB), with a warning that the map was synthesized.
 * Lower memory ends at 640 KiB, where the VGA hole begins: a larger
 * mem_lower is clamped to that, with a warning.
 */
enum bootinfo_error bootinfo_synthesize_memmap(struct boot_params *params,
					       uint32_t mem_lower_kib,
					       uint32_t mem_upper_kib,
					       struct bootinfo_diag *diag);

#endif
