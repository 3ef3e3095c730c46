/* SPDX-License-Identifier: MIT */
#include "bootinfo_dump.h"

#include <stdbool.h>

#include "cmdline_option.h"
#include "log.h"
#include "status.h"

#define BYTES_PER_LINE 32

struct boot_capture boot_capture;
static bool dump_requested;

static void dump_bytes(const char *label, uint64_t address,
		       const uint8_t *bytes, size_t length)
{
	for (size_t done = 0; done < length; done += BYTES_PER_LINE) {
		char hex[2 * BYTES_PER_LINE + 1];
		size_t n = length - done < BYTES_PER_LINE ? length - done
							  : BYTES_PER_LINE;

		for (size_t i = 0; i < n; i++) {
			hex[2 * i] = "0123456789abcdef"[bytes[done + i] >> 4];
			hex[2 * i + 1] =
				"0123456789abcdef"[bytes[done + i] & 15];
		}
		hex[2 * n] = '\0';
		log_info("bootinfo.dump: %s 0x%llx %s", label,
			 (unsigned long long)(address + done), hex);
	}
}

void bootinfo_dump_extra(const char *label, uint32_t count, const void *bytes,
			 size_t length)
{
	if (!dump_requested)
		return;
	log_info("bootinfo.dump: %s-count %u", label, count);
	dump_bytes(label, 0, bytes, length);
}

/* The loader's structures are still intact: nothing is allocated before
 * the MEMORY level, and the cmdline entry runs first. */
static int parse_bootinfo_dump(const char *value, size_t length, bool has_value)
{
	const struct phys_trace *trace = &boot_capture.trace;

	(void)value;
	(void)length;
	if (has_value)
		return STATUS_EINVAL;
	dump_requested = true;
	log_info("bootinfo.dump: magic 0x%x info 0x%llx ranges %u%s",
		 boot_capture.magic, (unsigned long long)boot_capture.info_addr,
		 trace->count,
		 trace->overflowed ? " (incomplete: trace full)" : "");
	for (uint32_t i = 0; i < trace->count; i++)
		dump_bytes("range", trace->ranges[i].start,
			   (const uint8_t *)(uintptr_t)trace->ranges[i].start,
			   trace->ranges[i].end - trace->ranges[i].start);
	return STATUS_OK;
}

CMDLINE_OPTION(bootinfo_dump_option) = {
	.name = "bootinfo.dump",
	.usage = "bootinfo.dump",
	.help = "print the raw boot-info bytes the parser read, as hex",
	.parse = parse_bootinfo_dump,
};
