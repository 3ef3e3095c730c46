/* SPDX-License-Identifier: MIT */
/*
 * test.fault=: after init (and after jettison), do one thing a kernel
 * must survive reporting: the boot tests assert each report's lines and
 * the failing exit code, so "never dies silently" is tested, not hoped.
 * The kinds here are diagnostics the shipped image keeps; each one does
 * one fixed thing.
 */
#include <stdbool.h>
#include <stdint.h>

#include "cmdline_option.h"
#include "klib.h"
#include "log.h"
#include "panic.h"
#include "smp.h"
#include "status.h"
#include "symbols.h"
#include "test_fault.h"

/* The value as given, for the report when the fault does not happen. */
#define VALUE_MAX 64

static char requested_value[VALUE_MAX];
static uint32_t requested_index; /* in TEST_FAULT_KINDS, plus one; 0: none */

static const struct test_fault_kind *requested_kind(void)
{
	return requested_index
		       ? &TABLE_START(TEST_FAULT_KINDS)[requested_index - 1]
		       : NULL;
}

static bool kind_matches(const struct test_fault_kind *kind, const char *value,
			 size_t length)
{
	size_t name_length = strlen(kind->name);

	if (kind->argument)
		return length > name_length &&
		       !memcmp(kind->name, value, name_length);
	return length == name_length && !memcmp(kind->name, value, length);
}

static int parse_test_fault(const char *value, size_t length, bool has_value)
{
	const struct test_fault_kind *kind;

	if (!has_value || length >= VALUE_MAX)
		return STATUS_EINVAL;
	TABLE_FOR_EACH(kind, TEST_FAULT_KINDS) {
		size_t name_length = strlen(kind->name);

		if (!kind_matches(kind, value, length))
			continue;
		if (kind->prepare) {
			int status =
				kind->argument
					? kind->prepare(value + name_length,
							length - name_length)
					: kind->prepare(NULL, 0);
			if (status)
				return status;
		}
		memcpy(requested_value, value, length);
		requested_value[length] = '\0';
		requested_index =
			(uint32_t)TABLE_INDEX(TEST_FAULT_KINDS, kind) + 1;
		return STATUS_OK;
	}
	return STATUS_EINVAL;
}

CMDLINE_OPTION(test_fault_option) = {
	.name = "test.fault",
	.usage = "test.fault=KIND (docs/command-line.md lists them)",
	.help = "after init, fault on purpose to test the report",
	.parse = parse_test_fault,
};

static uint32_t fault_cpu; /* test.fault.cpu=: which CPU faults */

static int parse_test_fault_cpu(const char *value, size_t length,
				bool has_value)
{
	uint32_t cpu = 0;

	if (!has_value || !length || length > 2)
		return STATUS_EINVAL;
	for (size_t i = 0; i < length; i++) {
		if (value[i] < '0' || value[i] > '9')
			return STATUS_EINVAL;
		cpu = cpu * 10 + (uint32_t)(value[i] - '0');
	}
	if (cpu >= CPUS_MAX)
		return STATUS_ERANGE;
	fault_cpu = cpu;
	return STATUS_OK;
}

CMDLINE_OPTION(test_fault_cpu_option) = {
	.name = "test.fault.cpu",
	.usage = "test.fault.cpu=N",
	.help = "make CPU N, not the boot CPU, do what test.fault= says",
	.parse = parse_test_fault_cpu,
};

static void trigger_on_this_cpu(uint64_t unused)
{
	(void)unused;
	requested_kind()->trigger();
}

static const struct smp_job fault_job = {
	.name = "test.fault",
	.run = trigger_on_this_cpu,
};

void test_fault_call(const char *symbol, uint64_t address)
{
	log_notice("test.fault: calling %s at 0x%llx", symbol,
		   (unsigned long long)address);
	((void (*)(void))(uintptr_t)address)();
}

void test_fault_trigger(void)
{
	const struct test_fault_kind *kind = requested_kind();

	if (!kind)
		return;
	if (!fault_cpu) {
		log_notice("test.fault: triggering it now");
		kind->trigger();
	} else {
		log_notice("test.fault: CPU %u triggers it now", fault_cpu);
		if (!smp_cpu_online(fault_cpu) ||
		    !smp_post(&percpu[fault_cpu], &fault_job, 0))
			panic("E_TEST_FAULT_NO_CPU: CPU %u is not up",
			      fault_cpu);
		/* Its report ends the boot; should it survive, say so. */
		while (!smp_idle(&percpu[fault_cpu]))
			cpu_relax();
	}
	panic("E_TEST_FAULT_SURVIVED: test.fault=%s did not fault",
	      requested_value);
}

static void write_text(void)
{
	*(volatile uint8_t *)(uintptr_t)symbol_address("onepath_main") = 0xcc;
}

TEST_FAULT_KIND(wtext_fault) = { .name = "wtext", .trigger = write_text };

/* Volatile so that the compiler cannot see the NULL coming. */
static volatile uintptr_t null_address;

static void read_null(void)
{
	(void)*(volatile uint64_t *)null_address;
}

TEST_FAULT_KIND(nullptr_fault) = { .name = "nullptr", .trigger = read_null };

static void invalid_opcode(void)
{
	__asm__ volatile("ud2");
}

TEST_FAULT_KIND(ud2_fault) = { .name = "ud2", .trigger = invalid_opcode };

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

static void overflow_stack(void)
{
	recurse(0);
}

TEST_FAULT_KIND(stack_fault) = { .name = "stack", .trigger = overflow_stack };

static __attribute__((noinline)) void smash_canary(void)
{
	char buffer[16];
	volatile size_t length = 64;

	memset(buffer, 'x', length);
	__asm__ volatile("" : : "r"(buffer) : "memory");
}

TEST_FAULT_KIND(canary_fault) = { .name = "canary", .trigger = smash_canary };

/*
 * A stray call into the other subarch's code, as a forgotten pv_ops hook
 * or platform check would make.  A name this image lacks (make
 * SUBARCHES=...) is rejected when the option is read.
 */
static const char *stray_name;
static uint64_t stray_address;

static int prepare_stray_call(const char *name)
{
	stray_name = name;
	stray_address = symbol_address(name);
	return stray_address ? STATUS_OK : STATUS_ENOENT;
}

static void stray_call(void)
{
	test_fault_call(stray_name, stray_address);
}

static int prepare_xencall(const char *argument, size_t length)
{
	(void)argument;
	(void)length;
	return prepare_stray_call("xen_hypercalls_init");
}

static int prepare_pccall(const char *argument, size_t length)
{
	(void)argument;
	(void)length;
	return prepare_stray_call("pc_uart_init");
}

TEST_FAULT_KIND(xencall_fault) = {
	.name = "xencall-on-pc",
	.prepare = prepare_xencall,
	.trigger = stray_call,
};

TEST_FAULT_KIND(pccall_fault) = {
	.name = "pccall-on-xen",
	.prepare = prepare_pccall,
	.trigger = stray_call,
};
