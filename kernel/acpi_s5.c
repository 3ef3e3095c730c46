/* SPDX-License-Identifier: MIT */
/*
 * \_S5_ in AML, the form firmware writes it in (ACPI 6.5, 19.6.102 and
 * 20.2): NameOp, the name (maybe rooted), PackageOp, PkgLength,
 * NumElements, then integers as ZeroOp, OneOp, OnesOp or BytePrefix and
 * a byte.  Anything else (a method computing it) is not understood, and
 * the caller does without a power-off.
 */
#include <stdint.h>

#include "acpi.h"

#define AML_NAME_OP 0x08
#define AML_ROOT_CHAR '\\'
#define AML_PACKAGE_OP 0x12
#define AML_ZERO_OP 0x00
#define AML_ONE_OP 0x01
#define AML_BYTE_PREFIX 0x0a
#define AML_WORD_PREFIX 0x0b
#define AML_ONES_OP 0xff

/* One integer at *at, moving past it; false if it is not one we read. */
static bool aml_integer(const uint8_t *aml, size_t length, size_t *at,
			uint8_t *value)
{
	if (*at >= length)
		return false;
	switch (aml[(*at)++]) {
	case AML_ZERO_OP: *value = 0; return true;
	case AML_ONE_OP: *value = 1; return true;
	case AML_ONES_OP: *value = 0xff; return true;
	case AML_BYTE_PREFIX:
	case AML_WORD_PREFIX: /* SLP_TYP is 3 bits: the low byte holds it */
		if (*at >= length)
			return false;
		*value = aml[*at];
		*at += aml[*at - 1] == AML_WORD_PREFIX ? 2 : 1;
		return *at <= length;
	default: return false;
	}
}

/*
 * How far the search may move on, given the byte under the name's last
 * character (Horspool): past it, unless it is one of the name's own.
 */
static size_t s5_shift(uint8_t byte)
{
	switch (byte) {
	case '_': return 3;
	case 'S': return 2;
	case '5': return 1;
	default: return 4;
	}
}

bool acpi_s5_sleep_types(const uint8_t *aml, size_t length, uint8_t *pm1a,
			 uint8_t *pm1b)
{
	/* From 1: a name the AML can use is preceded by its NameOp. */
	for (size_t i = 1; i + 4 <= length; i += s5_shift(aml[i + 3])) {
		if (aml[i + 3] != '_' || aml[i] != '_' || aml[i + 1] != 'S' ||
		    aml[i + 2] != '5')
			continue;
		bool named = aml[i - 1] == AML_NAME_OP ||
			     (i >= 2 && aml[i - 1] == AML_ROOT_CHAR &&
			      aml[i - 2] == AML_NAME_OP);
		size_t at = i + 4;

		if (!named || at >= length || aml[at++] != AML_PACKAGE_OP ||
		    at >= length)
			continue;
		/* PkgLength: bits 7-6 of its lead byte count the bytes after.
		 */
		at += 1 + (aml[at] >> 6);
		at++; /* NumElements */
		if (aml_integer(aml, length, &at, pm1a) &&
		    aml_integer(aml, length, &at, pm1b))
			return true;
	}
	return false;
}
