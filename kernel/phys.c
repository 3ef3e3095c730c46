/* SPDX-License-Identifier: MIT */
#include "phys.h"

#include "klib.h"

bool phys_contains(const struct phys_window *window, uint64_t addr,
		   uint64_t len)
{
	/* Written as subtractions so that no sum can wrap past 2^64. */
	if (window->end < window->start)
		return false;
	if (addr < window->start || addr > window->end)
		return false;
	return len <= window->end - addr;
}

static bool touches(const struct phys_trace *trace, uint32_t i, uint64_t start,
		    uint64_t end)
{
	return start <= trace->ranges[i].end && end >= trace->ranges[i].start;
}

/*
 * Merges [start, end) into the trace: into the first range it touches, or
 * anew.  A read may bridge that range and later ones, so those are joined
 * to it too and taken out, the rest keeping their order: the ranges stay
 * apart and in the order they were first read.
 */
static void trace_read(struct phys_trace *trace, uint64_t start, uint64_t end)
{
	if (!trace || start == end)
		return;
	for (uint32_t i = 0; i < trace->count; i++) {
		if (!touches(trace, i, start, end))
			continue;
		for (uint32_t j = i; j < trace->count;) {
			if (!touches(trace, j, start, end)) {
				j++;
				continue;
			}
			if (trace->ranges[j].start < start)
				start = trace->ranges[j].start;
			if (trace->ranges[j].end > end)
				end = trace->ranges[j].end;
			if (j > i) {
				for (uint32_t k = j; k + 1 < trace->count; k++)
					trace->ranges[k] = trace->ranges[k + 1];
				trace->count--;
				j = i; /* the range grew: look again */
			} else {
				j++;
			}
		}
		trace->ranges[i].start = start;
		trace->ranges[i].end = end;
		return;
	}
	if (trace->count == PHYS_TRACE_RANGES) {
		trace->overflowed = true;
		return;
	}
	trace->ranges[trace->count].start = start;
	trace->ranges[trace->count].end = end;
	trace->count++;
}

bool phys_read(const struct phys_window *window, uint64_t addr, void *out,
	       size_t len)
{
	if (!phys_contains(window, addr, len))
		return false;
	memcpy(out, window->bytes + (addr - window->start), len);
	trace_read(window->trace, addr, addr + len);
	return true;
}

long phys_read_string(const struct phys_window *window, uint64_t addr,
		      char *out, size_t size, bool *truncated)
{
	if (truncated)
		*truncated = false;
	if (size)
		out[0] = '\0';
	if (!phys_contains(window, addr, 1))
		return -1;

	const uint8_t *text = window->bytes + (addr - window->start);
	uint64_t room = window->end - addr;
	uint64_t length = 0;

	if (room > PHYS_STRING_MAX)
		room = PHYS_STRING_MAX;

	while (length < room && text[length])
		length++;
	if (length == room)
		return -1;
	trace_read(window->trace, addr, addr + length + 1);

	size_t kept = length;
	if (size == 0 || length > size - 1) {
		kept = size ? size - 1 : 0;
		if (truncated)
			*truncated = true;
	}
	if (size) {
		memcpy(out, text, kept);
		out[kept] = '\0';
	}
	return (long)length;
}

/* cold: only multiboot2's tags are narrowed (this file is built -O2 for
 * the reads every boot makes). */
__attribute__((cold)) bool phys_narrow(const struct phys_window *window,
				       uint64_t addr, uint64_t len,
				       struct phys_window *out)
{
	if (!phys_contains(window, addr, len))
		return false;
	out->bytes = window->bytes + (addr - window->start);
	out->start = addr;
	out->end = addr + len;
	out->trace = window->trace;
	return true;
}
