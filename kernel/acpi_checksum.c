/* SPDX-License-Identifier: MIT */
/*
 * The byte sum of an ACPI table, 8 bytes a step: the even and the odd
 * bytes of each word are added into four 16-bit lanes, which cannot
 * overflow within a block of 128 words (128 x 2 x 255 < 65,536); each
 * block's lanes are then added up.  Only the sum modulo 256 matters, and
 * the low byte of a sum depends only on the low bytes of what is added.
 * A DSDT of several KiB costs a third of the byte-by-byte loop's
 * instructions.
 */
#include "acpi.h"

#include <stdint.h>

#define LANE_BYTES 0x00ff00ff00ff00ffull
#define BLOCK_WORDS 128

uint8_t acpi_checksum(const void *data, size_t length)
{
	const uint8_t *bytes = data;
	uint8_t sum = 0;

	while (length >= sizeof(uint64_t)) {
		size_t words = length / sizeof(uint64_t);
		uint64_t lanes = 0;

		if (words > BLOCK_WORDS)
			words = BLOCK_WORDS;
		length -= words * sizeof(uint64_t);
		while (words--) {
			uint64_t word;

			__builtin_memcpy(&word, bytes, sizeof(word));
			lanes += (word & LANE_BYTES) +
				 ((word >> 8) & LANE_BYTES);
			bytes += sizeof(word);
		}
		sum += (uint8_t)(lanes + (lanes >> 16) + (lanes >> 32) +
				 (lanes >> 48));
	}
	while (length--)
		sum += *bytes++;
	return sum;
}
