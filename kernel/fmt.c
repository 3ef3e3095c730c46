/* SPDX-License-Identifier: MIT */
#include "fmt.h"

#include <stdbool.h>
#include <stdint.h>

struct sink {
	char *buffer;
	size_t size;
	size_t length; /* of the whole output, even past size */
};

static void put(struct sink *sink, char c)
{
	if (sink->length + 1 < sink->size)
		sink->buffer[sink->length] = c;
	sink->length++;
}

static void put_padded(struct sink *sink, const char *text, size_t length,
		       int width, bool left, char pad, bool sign_first)
{
	size_t fill = width > 0 && (size_t)width > length
			      ? (size_t)width - length
			      : 0;

	if (sign_first && pad == '0' && length > 0) {
		put(sink, *text++);
		length--;
	}
	if (!left)
		while (fill--)
			put(sink, pad);
	while (length--)
		put(sink, *text++);
	if (left)
		while (fill--)
			put(sink, ' ');
}

static size_t format_unsigned(char *digits, uint64_t value, unsigned base,
			      bool upper)
{
	const char *alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char reversed[24];
	size_t n = 0;

	do {
		reversed[n++] = alphabet[value % base];
		value /= base;
	} while (value);
	for (size_t i = 0; i < n; i++)
		digits[i] = reversed[n - 1 - i];
	return n;
}

int fmt_vsnprintf(char *buffer, size_t size, const char *format, va_list args)
{
	struct sink sink = { buffer, size, 0 };

	for (const char *p = format; *p; p++) {
		if (*p != '%') {
			put(&sink, *p);
			continue;
		}
		p++;
		bool left = false;
		char pad = ' ';
		for (;; p++) {
			if (*p == '-')
				left = true;
			else if (*p == '0')
				pad = '0';
			else
				break;
		}
		int width = 0;
		if (*p == '*') {
			width = va_arg(args, int);
			if (width < 0) {
				left = true;
				width = -width;
			}
			p++;
		}
		while (*p >= '0' && *p <= '9')
			width = width * 10 + (*p++ - '0');
		int precision = -1;
		if (*p == '.') {
			p++;
			precision = 0;
			if (*p == '*') {
				precision = va_arg(args, int);
				p++;
			}
			while (*p >= '0' && *p <= '9')
				precision = precision * 10 + (*p++ - '0');
		}
		int longs = 0;
		bool size_modifier = false;
		while (*p == 'l') {
			longs++;
			p++;
		}
		if (*p == 'z') {
			size_modifier = true;
			p++;
		}
		if (left)
			pad = ' ';

		char digits[24];
		switch (*p) {
		case 's': {
			const char *text = va_arg(args, const char *);
			if (!text)
				text = "(null)";
			size_t length = 0;
			while (text[length] &&
			       (precision < 0 || length < (size_t)precision))
				length++;
			put_padded(&sink, text, length, width, left, ' ',
				   false);
			break;
		}
		case 'c': {
			char c = (char)va_arg(args, int);
			put_padded(&sink, &c, 1, width, left, ' ', false);
			break;
		}
		case 'd':
		case 'i': {
			/* l, ll and z are all 64 bits wide on x86-64. */
			int64_t value = size_modifier || longs
						? va_arg(args, long long)
						: va_arg(args, int);
			uint64_t magnitude =
				value < 0 ? -(uint64_t)value : (uint64_t)value;
			size_t n = 0;
			if (value < 0)
				digits[n++] = '-';
			n += format_unsigned(digits + n, magnitude, 10, false);
			put_padded(&sink, digits, n, width, left, pad,
				   value < 0);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'p': {
			uint64_t value;
			/* A pointer must be read as one: the branches only look
			 * alike because both types are 8 bytes here. */
			// NOLINTBEGIN(bugprone-branch-clone)
			if (*p == 'p')
				value = (uintptr_t)va_arg(args, void *);
			else if (size_modifier || longs)
				value = va_arg(args, unsigned long long);
			else
				value = va_arg(args, unsigned int);
			// NOLINTEND(bugprone-branch-clone)
			size_t n = 0;
			if (*p == 'p') {
				digits[n++] = '0';
				digits[n++] = 'x';
			}
			n += format_unsigned(digits + n, value,
					     *p == 'u' ? 10 : 16, *p == 'X');
			put_padded(&sink, digits, n, width, left, pad, false);
			break;
		}
		case '%': put(&sink, '%'); break;
		case '\0': p--; break;
		default:
			put(&sink, '%');
			put(&sink, *p);
			break;
		}
	}
	if (size)
		buffer[sink.length < size ? sink.length : size - 1] = '\0';
	return (int)sink.length;
}

int fmt_snprintf(char *buffer, size_t size, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	int length = fmt_vsnprintf(buffer, size, format, args);
	va_end(args);
	return length;
}
