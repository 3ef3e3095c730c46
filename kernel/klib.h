/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_KLIB_H
#define ONEPATH_KLIB_H
/*
 * The few C library functions the kernel and its host-compiled parts use.
 * The prototypes are the standard ones: in the kernel klib.c defines them,
 * on the host the C library does, and code including this header compiles
 * unchanged in both.
 */
#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#endif
