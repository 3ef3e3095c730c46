/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_PHYS_H
#define ONEPATH_PHYS_H
/*
 * A bounded window on physical memory.  Boot-info parsers read the loader's
 * structures only through it: every read is checked against the window and
 * done with memcpy, so a hostile pointer or an unaligned structure (Xen puts
 * hvm_start_info at a 4-byte boundary) never faults or reads out of bounds.
 * In the kernel the window is the identity-mapped low memory; on the host
 * (unit tests, fuzzers) it is a byte buffer standing for physical memory.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * What a parser read, when a window carries a trace: the ranges of every
 * successful read, merged when they touch.  bootinfo.dump prints exactly
 * these bytes, which become the captured structures the host tests and
 * fuzzers replay.
 */
#define PHYS_TRACE_RANGES 32

struct phys_trace {
	uint32_t count;
	bool overflowed; /* a read found no free range to go in */
	struct {
		uint64_t start, end;
	} ranges[PHYS_TRACE_RANGES];
};

struct phys_window {
	const uint8_t *bytes; /* bytes[0] is physical address `start` */
	uint64_t start;
	uint64_t end;             /* exclusive */
	struct phys_trace *trace; /* NULL: reads are not recorded */
};

/* True if [addr, addr+len) lies inside the window (no wrap-around). */
bool phys_contains(const struct phys_window *window, uint64_t addr,
		   uint64_t len);

/* Copies len bytes at physical addr to out; false if outside the window. */
bool phys_read(const struct phys_window *window, uint64_t addr, void *out,
	       size_t len);

/*
 * No boot-info string is longer than this; past it a string counts as
 * unterminated, so a corrupt pointer costs a bounded scan, not 4 GiB.
 */
#define PHYS_STRING_MAX ((uint64_t)64 * 1024)

/*
 * Copies the NUL-terminated string at addr into out (size bytes, always
 * terminated).  Returns the string's length, or -1 if the window ends, or
 * PHYS_STRING_MAX bytes pass, before the NUL.  *truncated is set when the
 * string did not fit in out.
 */
long phys_read_string(const struct phys_window *window, uint64_t addr,
		      char *out, size_t size, bool *truncated);

/*
 * Makes *out the part [addr, addr+len) of the window, so that a structure
 * with its own size (a multiboot 2 tag) can be read with its bounds as the
 * limit.  False, and *out untouched, if that part is not inside the window.
 */
bool phys_narrow(const struct phys_window *window, uint64_t addr, uint64_t len,
		 struct phys_window *out);

#endif
