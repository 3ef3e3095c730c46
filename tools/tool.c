/* SPDX-License-Identifier: MIT */
#include "tool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *tool_name = "tool";

void error(const char *format, ...)
{
	va_list args;

	fprintf(stderr, "%s: ", tool_name);
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fputc('\n', stderr);
}

static void *or_exit(void *pointer)
{
	if (!pointer) {
		error("out of memory");
		exit(TOOL_EXIT_OUT_OF_MEMORY);
	}
	return pointer;
}

void *xcalloc(size_t count, size_t size)
{
	return or_exit(calloc(count ? count : 1, size ? size : 1));
}

void *xrealloc(void *pointer, size_t size)
{
	return or_exit(realloc(pointer, size ? size : 1));
}

char *xstrdup(const char *text)
{
	return or_exit(strdup(text));
}

int open_x86_64_elf(const char *path, unsigned int type, const char *wanted,
		    int *fd, Elf **elf, GElf_Ehdr *header)
{
	*elf = NULL;
	*fd = open(path, O_RDONLY);
	if (*fd < 0) {
		error("%s: %s", path, strerror(errno));
		return -1;
	}
	*elf = elf_begin(*fd, ELF_C_READ, NULL);
	if (!*elf || elf_kind(*elf) != ELF_K_ELF ||
	    !gelf_getehdr(*elf, header)) {
		error("%s: not an ELF file", path);
		return -1;
	}
	if (header->e_ident[EI_CLASS] != ELFCLASS64 ||
	    header->e_ident[EI_DATA] != ELFDATA2LSB ||
	    header->e_machine != EM_X86_64 || header->e_type != type) {
		error("%s: not %s (ELF type %u)", path, wanted,
		      (unsigned)header->e_type);
		return -1;
	}
	return 0;
}
