/* SPDX-License-Identifier: MIT */
#include "exit.h"

#include "boot_params.h"
#include "cmdline_option.h"
#include "cpu.h"
#include "klib.h"
#include "log.h"
#include "panic.h"
#include "status.h"
#include "teardown.h"

static bool skip_debug_exit;

void machine_exit(int code)
{
	const struct power_off *entry;

	log_drain();
	if (!skip_debug_exit)
		outb(ISA_DEBUG_EXIT_PORT, (uint8_t)(code + 1));
	TABLE_FOR_EACH(entry, POWER_OFFS)
		if (entry->subarchs & boot_params.subarch)
			entry->power_off(code);
	halt_forever();
}

void exit_orderly(int code)
{
	if (code < EXIT_SUCCESS_CODE || code > EXIT_APP_CODE_MAX)
		panic("E_APP_EXIT_CODE_RANGE: exit code %d is outside 0..%d",
		      code, EXIT_APP_CODE_MAX);
	log_info("onepath: exit status %d", code);
	teardown_run(&boot_params);
	machine_exit(code);
}

static int parse_exit(const char *value, size_t length, bool has_value)
{
	if (has_value && length == 8 && !memcmp(value, "platform", 8)) {
		skip_debug_exit = true;
		return STATUS_OK;
	}
	if (has_value && length == 5 && !memcmp(value, "debug", 5)) {
		skip_debug_exit = false;
		return STATUS_OK;
	}
	return STATUS_EINVAL;
}

CMDLINE_OPTION(exit_option) = {
	.name = "exit",
	.usage = "exit=debug|platform",
	.help = "how a boot ends: QEMU's isa-debug-exit device first (debug, "
		"the default) or the platform's power-off only (platform)",
	.parse = parse_exit,
};
