/* SPDX-License-Identifier: MIT */
#include "fmt.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * Every boot log line goes through here, so it is written for few
 * instructions per byte: the text between conversions and the %s strings
 * are scanned 8 bytes at a time and copied 8 bytes at a time, and numbers
 * come out two digits per step from tables.  Nothing is written past the
 * output and its NUL.
 */

struct sink {
	char *at;       /* the next byte */
	char *end;      /* the last byte that may hold text (the NUL's place) */
	size_t dropped; /* bytes of output that did not fit */
};

/* Inlined: a call costs more than most pieces of a line. */
#define INLINE inline __attribute__((always_inline))

#define WORD 8
#define PAGE_SIZE_MIN 4096
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

static uint64_t load64(const char *from)
{
	uint64_t word;

	__builtin_memcpy(&word, from, sizeof(word));
	return word;
}

static void store64(char *to, uint64_t word)
{
	__builtin_memcpy(to, &word, sizeof(word));
}

/*
 * to[0..n) = from[0..n), n small or not, in 8-byte moves where it can:
 * the last one overlaps the one before it instead of going byte by byte.
 */
static INLINE void copy(char *to, const char *from, size_t n)
{
	if (n >= WORD) {
		for (size_t i = 0; i + WORD < n; i += WORD)
			store64(to + i, load64(from + i));
		store64(to + n - WORD, load64(from + n - WORD));
	} else if (n >= 4) {
		uint32_t head, tail;

		__builtin_memcpy(&head, from, 4);
		__builtin_memcpy(&tail, from + n - 4, 4);
		__builtin_memcpy(to, &head, 4);
		__builtin_memcpy(to + n - 4, &tail, 4);
	} else if (n) {
		to[0] = from[0];
		to[n / 2] = from[n / 2];
		to[n - 1] = from[n - 1];
	}
}

/* Clips n to the room left and counts what did not fit. */
static INLINE size_t room_for(struct sink *sink, size_t n)
{
	size_t room = (size_t)(sink->end - sink->at);

	if (n > room) {
		sink->dropped += n - room;
		n = room;
	}
	return n;
}

static INLINE void put_bytes(struct sink *sink, const char *from, size_t n)
{
	n = room_for(sink, n);
	copy(sink->at, from, n);
	sink->at += n;
}

static INLINE void put_fill(struct sink *sink, char c, size_t n)
{
	uint64_t pattern = ONES * (uint8_t)c;

	n = room_for(sink, n);
	if (n >= WORD) {
		for (size_t i = 0; i + WORD < n; i += WORD)
			store64(sink->at + i, pattern);
		store64(sink->at + n - WORD, pattern);
	} else {
		for (size_t i = 0; i < n; i++)
			sink->at[i] = c;
	}
	sink->at += n;
}

/* The high bit of each byte of word that is zero; the lowest one flagged
 * is exact (a borrow can only flag bytes above a zero one). */
static INLINE uint64_t zero_bytes(uint64_t word)
{
	return (word - ONES) & ~word & HIGHS;
}

/*
 * The 8 bytes at `at`, which may run past the end of the text they start
 * in (its NUL is among them): C has no way to say that, so it is one
 * instruction, which AddressSanitizer on the host does not look into.
 */
static INLINE uint64_t word_at(const char *at)
{
	uint64_t word;

	__asm__("movq %1, %0" : "=r"(word) : "m"(*(const char(*)[WORD])at));
	return word;
}

/*
 * How many bytes of text come before a NUL, a `stop` byte or `limit`,
 * whichever is first.  Eight bytes are read at a time wherever they lie
 * in the same page as the first of them, so a read past the NUL never
 * reaches a page the text does not touch.
 */
static INLINE size_t span(const char *text, char stop, size_t limit)
{
	uint64_t stops = ONES * (uint8_t)stop;
	size_t n = 0;

	while (n < limit) {
		if (((uintptr_t)(text + n) & (PAGE_SIZE_MIN - 1)) >
		    PAGE_SIZE_MIN - WORD) {
			if (!text[n] || text[n] == stop)
				return n;
			n++;
			continue;
		}
		uint64_t word = word_at(text + n);
		uint64_t found = zero_bytes(word) | zero_bytes(word ^ stops);

		if (found) {
			n += (size_t)__builtin_ctzll(found) / 8;
			return n < limit ? n : limit;
		}
		n += WORD;
	}
	return limit;
}

/* "00" to "99", and "00" to "ff": two digits a step. */
#define DECIMAL_ROW(d)                                                         \
	d "0" d "1" d "2" d "3" d "4" d "5" d "6" d "7" d "8" d "9"
#define HEX_ROW(h) DECIMAL_ROW(h) h "a" h "b" h "c" h "d" h "e" h "f"
static const char decimal_pairs[] =
	DECIMAL_ROW("0") DECIMAL_ROW("1") DECIMAL_ROW("2") DECIMAL_ROW("3")
		DECIMAL_ROW("4") DECIMAL_ROW("5") DECIMAL_ROW("6")
			DECIMAL_ROW("7") DECIMAL_ROW("8") DECIMAL_ROW("9");
static const char hex_pairs[] = HEX_ROW("0") HEX_ROW("1") HEX_ROW("2")
	HEX_ROW("3") HEX_ROW("4") HEX_ROW("5") HEX_ROW("6") HEX_ROW("7")
		HEX_ROW("8") HEX_ROW("9") HEX_ROW("a") HEX_ROW("b") HEX_ROW("c")
			HEX_ROW("d") HEX_ROW("e") HEX_ROW("f");
static const char upper_hex_digits[] = "0123456789ABCDEF";

static INLINE char *decimal(char *end, uint64_t value)
{
	while (value >= 100) {
		end -= 2;
		__builtin_memcpy(end, decimal_pairs + 2 * (value % 100), 2);
		value /= 100;
	}
	if (value >= 10) {
		end -= 2;
		__builtin_memcpy(end, decimal_pairs + 2 * value, 2);
	} else {
		*--end = (char)('0' + value);
	}
	return end;
}

char *fmt_decimal(char *end, uint64_t value)
{
	return decimal(end, value);
}

void fmt_hex16(char *to, uint64_t value)
{
	for (int i = 14; i >= 0; i -= 2, value >>= 8)
		__builtin_memcpy(to + i, hex_pairs + 2 * (value & 0xff), 2);
}

char *fmt_copy_string(char *to, const char *text, size_t limit)
{
	size_t n = span(text, '\0', limit);

	copy(to, text, n);
	return to + n;
}

static INLINE char *hex(char *end, uint64_t value, bool upper)
{
	if (upper) {
		do {
			*--end = upper_hex_digits[value & 0xf];
			value >>= 4;
		} while (value);
		return end;
	}
	while (value > 0xff) {
		end -= 2;
		__builtin_memcpy(end, hex_pairs + 2 * (value & 0xff), 2);
		value >>= 8;
	}
	if (value > 0xf) {
		end -= 2;
		__builtin_memcpy(end, hex_pairs + 2 * value, 2);
	} else {
		*--end = hex_pairs[2 * value + 1];
	}
	return end;
}

char *fmt_hex(char *end, uint64_t value)
{
	return hex(end, value, false);
}

/* text[0..length), padded to width on the left or right; with '0' padding
 * a sign goes before the zeros. */
static INLINE void put_padded(struct sink *sink, const char *text,
			      size_t length, int width, bool left, char pad,
			      bool sign_first)
{
	if (width <= 0 || (size_t)width <= length) {
		put_bytes(sink, text, length);
		return;
	}
	size_t fill = (size_t)width - length;

	if (sign_first && pad == '0' && length > 0) {
		put_bytes(sink, text++, 1);
		length--;
	}
	/* The fill before the text or after it ('-' made pad a space): one
	 * copy of each, not two of the fill. */
	for (int side = 0; side < 2; side++) {
		if (side == left)
			put_fill(sink, pad, fill);
		else
			put_bytes(sink, text, length);
	}
}

/* An int argument for '*' and %c, which no boot line uses: one copy of
 * va_arg's register-or-stack logic for the three, in a call. */
static __attribute__((noinline, cold)) int int_arg(va_list *args)
{
	return va_arg(*args, int);
}

/* One conversion after its '%'; returns where the format goes on. */
static INLINE const char *convert(struct sink *sink, const char *p,
				  va_list *args)
{
	bool left = false;
	char pad = ' ';
	int width = 0;
	int precision = -1;

	/* Flags, width and precision are all below 'A': most conversions
	 * ("%s", "%llu") have none and skip their parsing. */
	if (*p < 'A') {
		for (;; p++) {
			if (*p == '-')
				left = true;
			else if (*p == '0')
				pad = '0';
			else
				break;
		}
		if (*p == '*') {
			width = int_arg(args);
			if (width < 0) {
				left = true;
				width = -width;
			}
			p++;
		}
		while (*p >= '0' && *p <= '9')
			width = width * 10 + (*p++ - '0');
		if (*p == '.') {
			p++;
			precision = 0;
			if (*p == '*') {
				precision = int_arg(args);
				p++;
			}
			while (*p >= '0' && *p <= '9')
				precision = precision * 10 + (*p++ - '0');
		}
	}
	bool wide = false;
	while (*p == 'l') {
		wide = true;
		p++;
	}
	if (*p == 'z') {
		wide = true;
		p++;
	}
	if (left)
		pad = ' ';

	/* Room for 64 bits in octal-free bases, a sign and "0x". */
	char digits[24];
	char *const digits_end = digits + sizeof(digits);
	const char *start = digits;
	size_t length;
	bool negative = false;

	/* Each conversion names its text; one put_padded writes them all. */
	switch (*p) {
	case 's':
		start = va_arg(*args, const char *);
		if (!start)
			start = "(null)";
		length = span(start, '\0',
			      precision < 0 ? SIZE_MAX : (size_t)precision);
		pad = ' ';
		break;
	case 'c':
		digits[0] = (char)int_arg(args);
		length = 1;
		pad = ' ';
		break;
	case 'd':
	case 'i':
	case 'u': {
		/* One copy of the digits for both: the sign is put in front. */
		uint64_t magnitude;

		if (*p == 'u') {
			magnitude = wide ? va_arg(*args, unsigned long long)
					 : va_arg(*args, unsigned int);
		} else {
			/* l, ll and z are all 64 bits wide on x86-64. */
			int64_t value = wide ? va_arg(*args, long long)
					     : va_arg(*args, int);

			negative = value < 0;
			magnitude =
				negative ? -(uint64_t)value : (uint64_t)value;
		}
		char *at = decimal(digits_end, magnitude);

		if (negative)
			*--at = '-';
		start = at;
		length = (size_t)(digits_end - at);
		break;
	}
	case 'x':
	case 'X':
		start = hex(digits_end,
			    wide ? va_arg(*args, unsigned long long)
				 : va_arg(*args, unsigned int),
			    *p == 'X');
		length = (size_t)(digits_end - start);
		break;
	case 'p': {
		char *at = hex(digits_end, (uintptr_t)va_arg(*args, void *),
			       false);

		*--at = 'x';
		*--at = '0';
		start = at;
		length = (size_t)(digits_end - at);
		break;
	}
	case '\0': return p;
	default: /* "%%", or an unknown conversion printed as it stands */
		digits[0] = '%';
		digits[1] = *p;
		length = *p == '%' ? 1 : 2;
		width = 0;
		break;
	}
	put_padded(sink, start, length, width, left, pad, negative);
	return p + 1;
}

int fmt_vsnprintf(char *buffer, size_t size, const char *format, va_list args)
{
	char nowhere = 0;
	/* Size 0 writes nothing, not even the NUL: then text goes nowhere. */
	char *start = size ? buffer : &nowhere;
	struct sink sink = { start, size ? buffer + size - 1 : &nowhere, 0 };
	va_list copy_of_args;
	const char *p = format;

	va_copy(copy_of_args, args);
	for (;;) {
		size_t run = span(p, '%', SIZE_MAX);

		put_bytes(&sink, p, run);
		p += run;
		if (!*p)
			break;
		p = convert(&sink, p + 1, &copy_of_args);
	}
	va_end(copy_of_args);
	if (size)
		*sink.at = '\0';
	return (int)((size_t)(sink.at - start) + sink.dropped);
}

int fmt_snprintf(char *buffer, size_t size, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	int length = fmt_vsnprintf(buffer, size, format, args);
	va_end(args);
	return length;
}
