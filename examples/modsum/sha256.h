/* SPDX-License-Identifier: MIT */
#ifndef MODSUM_SHA256_H
#define MODSUM_SHA256_H
/* SHA-256 (FIPS 180-4) of a buffer in memory. */
#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32

void sha256(const uint8_t *data, size_t size,
	    uint8_t digest[SHA256_DIGEST_SIZE]);

#endif
