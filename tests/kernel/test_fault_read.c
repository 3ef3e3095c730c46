/* SPDX-License-Identifier: MIT */
/*
 * test.fault=read:ADDRESS: read one byte at any physical address, given
 * in hex.  It lets the command line poke at devices, so only the test
 * image (build/onepath-test.elf) links this file.  The boot tests read
 * where page_tables maps nothing: the fault must be named, not a silent
 * read of a hole.
 */
#include "../../kernel/log.h"
#include "../../kernel/status.h"
#include "../../kernel/test_fault.h"

#define HEX_DIGITS_MAX 16

static uint64_t read_address;

static int prepare_read(const char *text, size_t length)
{
	uint64_t address = 0;

	if (length < 3 || length > 2 + HEX_DIGITS_MAX || text[0] != '0' ||
	    text[1] != 'x')
		return STATUS_EINVAL;
	for (size_t i = 2; i < length; i++) {
		char c = text[i];
		uint64_t digit = c >= '0' && c <= '9' ? (uint64_t)(c - '0')
				 : c >= 'a' && c <= 'f'
					 ? (uint64_t)(c - 'a' + 10)
					 : 16;

		if (digit == 16)
			return STATUS_EINVAL;
		address = address << 4 | digit;
	}
	read_address = address;
	return STATUS_OK;
}

static void read_byte(void)
{
	log_notice("test.fault: reading 0x%llx",
		   (unsigned long long)read_address);
	(void)*(volatile const uint8_t *)(uintptr_t)read_address;
}

TEST_FAULT_KIND(read_fault) = {
	.name = "read:",
	.argument = true,
	.prepare = prepare_read,
	.trigger = read_byte,
};
