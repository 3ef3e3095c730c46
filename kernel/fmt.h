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

/* The hex digits of value (lower case, no zeros in front), written
 * backwards to end just before `end` (at most 16 of them); returns where
 * they start. */
char *fmt_hex(char *end, uint64_t value);

/* The 16 hex digits of value, zeros in front, at to[0..16). */
void fmt_hex16(char *to, uint64_t value);

/* Copies text up to its NUL or limit bytes of it, whichever is shorter, to
 * `to`; returns the end of the copy. */
char *fmt_copy_string(char *to, const char *text, size_t limit);

int fmt_vsnprintf(char *buffer, size_t size, const char *format, va_list args);
int fmt_snprintf(char *buffer, size_t size, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

#endif
