/* SPDX-License-Identifier: MIT */
/*
 * test.fault=call:SYMBOL: call any code symbol of the image by name.  It
 * lets the command line run arbitrary code, so only the test image
 * (build/onepath-test.elf) links this file; the shipped image rejects
 * the kind as a bad value.
 */
#include "../../kernel/klib.h"
#include "../../kernel/status.h"
#include "../../kernel/symbols.h"
#include "../../kernel/test_fault.h"

static char call_name[64];
static uint64_t call_address;

static int prepare_call(const char *symbol, size_t length)
{
	if (length >= sizeof(call_name))
		return STATUS_ERANGE;
	memcpy(call_name, symbol, length);
	call_name[length] = '\0';
	call_address = symbol_address(call_name);
	return call_address ? STATUS_OK : STATUS_ENOENT;
}

static void call_symbol(void)
{
	test_fault_call(call_name, call_address);
}

TEST_FAULT_KIND(call_fault) = {
	.name = "call:",
	.argument = true,
	.prepare = prepare_call,
	.trigger = call_symbol,
};
