/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_FMT_H
#define ONEPATH_FMT_H
/*
 * A small snprintf for the kernel and its host-compiled parts: %s %c %d %i
 * %u %x %X %p %%, with the l, ll and z modifiers, a field width, '0' padding
 * and '-' left alignment.  Always NUL-terminates (size > 0) and returns the
 * length the full output would have had, as snprintf does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* The decimal digits of value, written backwards to end just before `end`
 * (at most 20 of them); returns where they start. */
char *fmt_decimal(char *end, uint64_t value);

int fmt_vsnprintf(char *buffer, size_t size, const char *format, va_list args);
int fmt_snprintf(char *buffer, size_t size, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

#endif
