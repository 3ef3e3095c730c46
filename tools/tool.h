/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_TOOL_H
#define ONEPATH_TOOL_H
/*
 * What every host tool of onepath shares: messages prefixed with the
 * tool's name, and allocation that cannot return NULL (out of memory is
 * exit status 2, the tools' "could not do the job" code).
 */
#include <gelf.h>
#include <stddef.h>

#define TOOL_EXIT_OUT_OF_MEMORY 2

/* Set by main(): "inittab", "mismatch". */
extern const char *tool_name;

void error(const char *format, ...) __attribute__((format(printf, 1, 2)));
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *pointer, size_t size);
char *xstrdup(const char *text);

/*
 * Opens path as a 64-bit little-endian x86-64 ELF file of the given type
 * (ET_EXEC, ET_REL): sets *fd, *elf and *header and returns 0, or prints
 * what is wrong (naming `wanted`, e.g. "a relocatable x86-64 ELF object")
 * and returns -1.  The caller closes *fd and ends *elf either way.
 */
int open_x86_64_elf(const char *path, unsigned int type, const char *wanted,
		    int *fd, Elf **elf, GElf_Ehdr *header);

#endif
