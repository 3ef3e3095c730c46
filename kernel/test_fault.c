/* SPDX-License-Identifier: MIT */
/*
 * test.fault=: after init (and after jettison), do one thing a kernel
 * must survive reporting: the boot tests assert each report's lines and
 * the failing exit code, so "never dies silently" is tested, not hoped.
 */
#include <stdbool.h>
#include <stdint.h>

#include "cmdline_option.h"
#include "klib.h"
#include "log.h"
#include "status.h"
#include "symbols.h"
#include "test_fault.h"

#define CALL_PREFIX "call:"
#define CALL_PREFIX_LENGTH 5

enum fault {
	FAULT_NONE,
	FAULT_WRITE_TEXT,
	FAULT_NULL_POINTER,
	FAULT_INVALID_OPCODE,
	FAULT_STACK_OVERFLOW,
	FAULT_CANARY,
	FAULT_CALL,
};

static const struct {
	const char *name;
	enum fault fault;
	const char *symbol; /* for the named calls */
} faults[] = {
	{ "wtext", FAULT_WRITE_TEXT, NULL },
	{ "nullptr", FAULT_NULL_POINTER, NULL },
	{ "ud2", FAULT_INVALID_OPCODE, NULL },
	{ "stack", FAULT_STACK_OVERFLOW, NULL },
	{ "canary", FAULT_CANARY, NULL },
	/* A stray call into the other subarch's code, as a forgotten
	 * pv_ops hook or platform check would make. */
	{ "xencall-on-pc", FAULT_CALL, "xen_hypercall_page_init" },
	{ "pccall-on-xen", FAULT_CALL, "pc_uart_init" },
};

static enum fault requested;
static uint64_t call_target;
static const char *call_name;
/* Volatile so that the compiler cannot see the NULL coming. */
static volatile uintptr_t null_address;

static int parse_test_fault(const char *value, size_t length, bool has_value)
{
	if (!has_value)
		return STATUS_EINVAL;
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		if (strlen(faults[i].name) == length &&
		    !memcmp(faults[i].name, value, length)) {
			requested = faults[i].fault;
			call_name = faults[i].symbol;
			call_target = call_name ? symbol_address(call_name) : 0;
			return call_name && !call_target ? STATUS_ENOENT
							 : STATUS_OK;
		}
	}
	if (length > CALL_PREFIX_LENGTH &&
	    !memcmp(value, CALL_PREFIX, CALL_PREFIX_LENGTH)) {
		static char name[64];

		if (length - CALL_PREFIX_LENGTH >= sizeof(name))
			return STATUS_ERANGE;
		memcpy(name, value + CALL_PREFIX_LENGTH,
		       length - CALL_PREFIX_LENGTH);
		name[length - CALL_PREFIX_LENGTH] = '\0';
		requested = FAULT_CALL;
		call_name = name;
		call_target = symbol_address(name);
		return call_target ? STATUS_OK : STATUS_ENOENT;
	}
	return STATUS_EINVAL;
}

CMDLINE_OPTION(test_fault_option) = {
	.name = "test.fault",
	.usage = "test.fault=wtext|nullptr|ud2|stack|canary|xencall-on-pc|"
		 "pccall-on-xen|call:SYMBOL",
	.help = "after init, fault on purpose to test the report",
	.parse = parse_test_fault,
};

/* Deeper than any stack: the limit only hides that from the compiler. */
static volatile uint64_t recursion_limit = UINT64_MAX;

static __attribute__((noinline)) uint64_t recurse(uint64_t depth)
{
	volatile uint8_t frame[256];

	if (depth == recursion_limit)
		return 0;
	frame[0] = (uint8_t)depth;
	return recurse(depth + 1) + frame[0];
}

static __attribute__((noinline)) void smash_canary(void)
{
	char buffer[16];
	volatile size_t length = 64;

	memset(buffer, 'x', length);
	__asm__ volatile("" : : "r"(buffer) : "memory");
}

void test_fault_trigger(void)
{
	if (requested == FAULT_NONE)
		return;
	log_notice("test.fault: triggering it now");
	switch (requested) {
	case FAULT_WRITE_TEXT:
		*(volatile uint8_t *)(uintptr_t)symbol_address("onepath_main") =
			0xcc;
		break;
	case FAULT_NULL_POINTER:
		(void)*(volatile uint64_t *)null_address;
		break;
	case FAULT_INVALID_OPCODE: __asm__ volatile("ud2"); break;
	case FAULT_STACK_OVERFLOW: recurse(0); break;
	case FAULT_CANARY: smash_canary(); break;
	case FAULT_CALL:
		log_notice("test.fault: calling %s at 0x%llx", call_name,
			   (unsigned long long)call_target);
		((void (*)(void))(uintptr_t)call_target)();
		break;
	case FAULT_NONE: break;
	}
	log_err("test.fault: E_TEST_FAULT_SURVIVED: the fault did not fault");
}
