/* SPDX-License-Identifier: MIT */
#include "virtio_mmio.h"

/* A number as Linux's memparse reads one: decimal, or hex after 0x, then
 * an optional K, M or G.  Advances *at past it; false if no digit. */
static bool parse_number(const char **at, const char *end, uint64_t *out)
{
	const char *p = *at;
	unsigned int base = 10;
	uint64_t value = 0;
	bool digits = false;

	if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (; p < end; p++) {
		unsigned int digit;

		if (*p >= '0' && *p <= '9')
			digit = (unsigned int)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			digit = (unsigned int)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			digit = (unsigned int)(*p - 'A' + 10);
		else
			break;
		if (value > (UINT64_MAX - digit) / base)
			return false;
		value = value * base + digit;
		digits = true;
	}
	if (!digits)
		return false;
	unsigned int shift = 0;

	if (p < end && (*p == 'K' || *p == 'k'))
		shift = 10;
	else if (p < end && (*p == 'M' || *p == 'm'))
		shift = 20;
	else if (p < end && (*p == 'G' || *p == 'g'))
		shift = 30;
	if (shift) {
		if (value > UINT64_MAX >> shift)
			return false;
		value <<= shift;
		p++;
	}
	*at = p;
	*out = value;
	return true;
}

bool virtio_mmio_parse(const char *value, size_t length,
		       struct virtio_mmio_window *out)
{
	const char *at = value, *end = value + length;
	uint64_t size, base, irq, id;

	if (!parse_number(&at, end, &size) || at == end || *at++ != '@' ||
	    !parse_number(&at, end, &base) || at == end || *at++ != ':' ||
	    !parse_number(&at, end, &irq))
		return false;
	/* The optional platform device id: Linux's, of no use here. */
	if (at != end && (*at++ != ':' || !parse_number(&at, end, &id)))
		return false;
	if (at != end || irq > UINT32_MAX ||
	    size < VIRTIO_MMIO_REGISTERS_SIZE || base >= VIRTIO_MMIO_LIMIT ||
	    size > VIRTIO_MMIO_LIMIT - base)
		return false;
	out->base = base;
	out->size = size;
	out->irq = (uint32_t)irq;
	return true;
}
