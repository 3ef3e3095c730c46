/* SPDX-License-Identifier: MIT */
/*
 * The one C path.  Every door's entry code ends here with the magic it was
 * given and the boot-info pointer; from this line on nothing depends on
 * the door but the choice of parser.
 */
#include <stdint.h>

#include "app.h"
#include "bootinfo.h"
#include "cpu.h"
#include "bootinfo_dump.h"
#include "descriptor_tables.h"
#include "jettison.h"
#include "log.h"
#include "panic.h"
#include "paging.h"
#include "percpu.h"
#include "stack_protector.h"
#include "subarch.h"
#include "subarch_detect.h"
#include "test_fault.h"
#include "tsc.h"
#include "../tables/init.h"
#include "../tables/init_run.h"

struct boot_params boot_params;

/*
 * The boot info may be anywhere the loader chose in the low 4 GiB the
 * early page tables map; QEMU's PVH loader uses page 0 (its memory map at
 * 0x5a8), and only address 0 itself means "absent".
 */
static const struct phys_window low_memory = {
	.bytes = (const uint8_t *)1,
	.start = 1,
	.end = IDENTITY_FLOOR,
	.trace = &boot_capture.trace,
};

/* What is known before parsing anything: logged first, so that the first
 * console byte does not wait for the boot info. */
static void log_door(enum entry_protocol protocol, unsigned int subarch_bits)
{
	char subarch[16];

	log_info("onepath: entry protocol: %s", entry_protocol_name(protocol));
	subarch_set_format(subarch, sizeof(subarch), subarch_bits);
	log_info("onepath: subarch: %s", subarch);
}

static void log_boot_params(const struct boot_params *params)
{
	log_info("onepath: loader: %s",
		 params->loader[0] ? params->loader : "(not given)");
	log_info("onepath: boot info: 0x%llx, version %u, flags 0x%x",
		 (unsigned long long)params->info_addr, params->info_version,
		 params->flags);
	if (params->image[0])
		log_info("onepath: image: %s", params->image);
	log_info("onepath: cmdline: \"%s\"", params->cmdline);
	if (params->efi_system_table)
		log_info("onepath: EFI system table: 0x%llx",
			 (unsigned long long)params->efi_system_table);
	for (uint32_t i = 0; i < params->module_count; i++)
		log_info("onepath: module %u: 0x%llx-0x%llx \"%s\"", i,
			 (unsigned long long)params->modules[i].start,
			 (unsigned long long)params->modules[i].end,
			 params->modules[i].cmdline);
	for (uint32_t i = 0; i < params->warning_count; i++)
		log_warn("onepath: boot info: %s", params->warnings[i]);
}

/* The line the tests look for; times only where the TSC frequency is
 * known.  Formatted, not built in place: it is written once a boot, and
 * its pieces inlined cost 450 bytes of text for 800 instructions saved. */
static void log_completion(const struct init_summary *summary)
{
	if (tsc_khz)
		log_info("onepath: init complete: %u ran, %u skipped, %u "
			 "failed; %llu us in init routines (%llu cycles), %lld "
			 "us since entry",
			 summary->ran, summary->skipped, summary->failed,
			 (unsigned long long)(summary->cycles * 1000 / tsc_khz),
			 (unsigned long long)summary->cycles,
			 (long long)tsc_us_since_entry(rdtsc()));
	else
		log_info("onepath: init complete: %u ran, %u skipped, %u "
			 "failed; %llu cycles in init routines, time since "
			 "entry unknown",
			 summary->ran, summary->skipped, summary->failed,
			 (unsigned long long)summary->cycles);
}

/* __ref: it runs the init table, then unmaps it (jettison). */
STACK_PROTECTOR_OFF __ref __attribute__((noreturn)) void
onepath_main(uint32_t magic, uint64_t info_addr)
{
	struct bootinfo_diag diag = { 0 };
	enum entry_protocol protocol;

	/* First: per-CPU data (it cannot fault), then the descriptor
	 * tables: a fault anywhere below, even before a console is chosen,
	 * ends in the named report and the failure code. */
	percpu_enter(&percpu[0]);
	descriptor_tables_load(0);
	protocol = entry_protocol_from_magic(magic);
	stack_protector_seed();
	boot_params.subarch = subarch_detect(protocol);
	boot_capture.magic = magic;
	boot_capture.info_addr = info_addr;
	if (!boot_params.subarch) {
		/* A single-subarch build (make SUBARCHES=xen) on another
		 * machine: the panic says so on every console that needs no
		 * set-up, as it does before log_start. */
		panic("E_SUBARCH_UNSUPPORTED: no subarch this image was built "
		      "for "
		      "claims this machine (entry protocol %s)",
		      entry_protocol_name(protocol));
	}
	log_start();
	log_door(protocol, boot_params.subarch);
	if (bootinfo_parse(&boot_params, magic, info_addr, &low_memory, &diag))
		panic("%s: %s", bootinfo_error_name(diag.error), diag.detail);
	log_boot_params(&boot_params);
	struct init_summary summary = init_run(&boot_params);
	jettison(&boot_params);
	test_fault_trigger();
	log_completion(&summary);
	log_end_deferral();
	app_run();
}
