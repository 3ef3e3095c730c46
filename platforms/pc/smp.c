/* SPDX-License-Identifier: MIT */
/*
 * Starts a PC's other CPUs, the ones the MADT lists: INIT to each, then a
 * SIPI naming a page below 1 MiB that the memory map says is free RAM,
 * where the real-mode trampoline (ap_trampoline.asm) waits.  Through the
 * local APIC's ICR, as x2APIC MSRs where the CPU has x2APIC.  Every CPU at
 * once, as early as the MADT is read, and the boot goes on without
 * waiting for them: each finds its own stack and per-CPU data by its APIC
 * ID (the trampoline looks it up in pc_ap_apic_id), enters long mode on
 * the page tables the boot began with (which map the local APIC and low
 * memory) and follows the boot CPU to the final ones (smp_boot_state);
 * smp_join takes them in as they answer, so they are there to run the
 * MEMORY level's entries beside the boot CPU.
 */
#include "../../kernel/boot_params.h"
#include "../../kernel/control_registers.h"
#include "../../kernel/cpu.h"
#include "../../kernel/cpu_features.h"
#include "../../kernel/fmt.h"
#include "../../kernel/klib.h"
#include "../../kernel/lapic.h"
#include "../../kernel/log.h"
#include "../../kernel/madt.h"
#include "../../kernel/page_alloc.h"
#include "../../kernel/smp.h"
#include "../../kernel/status.h"
#include "../../tables/init.h"

#define REAL_MODE_END 0xa0000ull /* the EBDA and legacy areas above */
#define INIT_WAIT_US 10000u

extern const uint8_t pc_ap_trampoline[], pc_ap_trampoline_end[];

/* What the trampoline's 32- and 64-bit parts read (ap_trampoline.asm):
 * the page tables, and per CPU slot (index 0, the boot CPU's, unused) the
 * APIC ID it answers to, its stack and its per-CPU data. */
uint32_t pc_ap_cr3, pc_ap_efer;
uint32_t pc_ap_slots;
uint32_t pc_ap_apic_id[CPUS_MAX];
uint64_t pc_ap_stack[CPUS_MAX];
struct percpu *pc_ap_cpu[CPUS_MAX];

static void delay_us(uint32_t us)
{
	uint64_t end = rdtsc() + us * smp_tsc_per_ms() / 1000;

	while (rdtsc() < end)
		cpu_relax();
}

/*
 * The 10 ms after INIT that the MP specification asks for is for CPUs
 * older than these; Linux skips it on them too (smp_quirk_init_udelay).
 */
static bool init_settles_at_once(void)
{
	bool intel = !strcmp(cpu_features.vendor, "GenuineIntel");
	bool amd = !strcmp(cpu_features.vendor, "AuthenticAMD");

	return (intel && cpu_features.family >= 6) ||
	       (amd && cpu_features.family >= 0xf);
}

static bool free_ram(const struct boot_params *params, uint64_t start,
		     uint64_t end)
{
	for (uint32_t i = 0; i < params->module_count; i++)
		if (start < params->modules[i].end &&
		    end > params->modules[i].start)
			return false;
	for (uint32_t i = 0; i < params->memmap_count; i++) {
		const struct e820_entry *e = &params->memmap[i];

		if (e->type == E820_USABLE && e->addr <= start &&
		    end <= e->addr + e->size)
			return true;
	}
	return false;
}

/* The highest page below the legacy areas that is free RAM; not page 0,
 * which stays unmapped. */
static uint64_t trampoline_page(const struct boot_params *params)
{
	for (uint64_t page = REAL_MODE_END - PAGE_SIZE; page >= PAGE_SIZE;
	     page -= PAGE_SIZE)
		if (free_ram(params, page, page + PAGE_SIZE))
			return page;
	return 0;
}

static __init int pc_smp_init(struct boot_params *params)
{
	static char how[96] = "INIT-SIPI-SIPI";
	struct percpu *starting[CPUS_MAX];
	uint32_t count = 0, self;
	int status = lapic_map_registers();

	if (status)
		return status;
	/* x2APIC where the CPU has it: IDs past 255. */
	lapic_prefer_x2apic();
	self = lapic_id();

	percpu[0].apic_id = self;
	for (uint32_t i = 0; i < madt_cpus.count; i++) {
		uint32_t id = madt_cpus.cpu[i].apic_id;

		if (id == self || 1 + count == smp_cpus_allowed())
			continue;
		starting[count] = smp_next_cpu(id);
		if (!starting[count])
			break;
		pc_ap_apic_id[starting[count]->index] = id;
		pc_ap_stack[starting[count]->index] =
			smp_stack_top(starting[count]);
		pc_ap_cpu[starting[count]->index] = starting[count];
		count++;
	}
	pc_ap_slots = smp_cpus_started();
	if (count) {
		uint64_t page = trampoline_page(params);
		uint32_t startup = LAPIC_ICR_STARTUP | (uint32_t)(page >> 12);

		if (!page) {
			log_err("smp: E_SMP_NO_TRAMPOLINE_PAGE: no free page "
				"of RAM below 0x%llx for the start-up code",
				(unsigned long long)REAL_MODE_END);
			for (uint32_t i = 0; i < count; i++)
				__atomic_store_n(&starting[i]->state,
						 CPU_ABSENT, __ATOMIC_RELEASE);
			return STATUS_ENOMEM;
		}
		memcpy((void *)(uintptr_t)page, pc_ap_trampoline,
		       (size_t)((uintptr_t)pc_ap_trampoline_end -
				(uintptr_t)pc_ap_trampoline));
		smp_save_boot_state();
		lapic_enable(); /* the boot CPU too: jobs done wake it */
		pc_ap_cr3 = (uint32_t)smp_boot_state.cr3;
		pc_ap_efer =
			(uint32_t)(smp_boot_state.efer & (EFER_LME | EFER_NXE));
		for (uint32_t i = 0; i < count; i++)
			lapic_send(starting[i]->apic_id, LAPIC_ICR_INIT);
		if (!init_settles_at_once())
			delay_us(INIT_WAIT_US);
		for (uint32_t i = 0; i < count; i++) {
			smp_told_to_start(starting[i], rdtsc(), startup);
			lapic_send(starting[i]->apic_id, startup);
		}
		fmt_snprintf(how, sizeof(how),
			     "INIT-SIPI-SIPI, start-up code at 0x%llx, %s, "
			     "boot CPU APIC ID %u",
			     (unsigned long long)page,
			     lapic_x2apic_mode() ? "x2APIC" : "xAPIC", self);
	}
	/* The count line tells how, once every CPU answered or was given
	 * up on: one line fewer in a log each byte of which costs. */
	smp_starting(how, madt_cpus.count);
	smp_join(false);
	return STATUS_OK;
}

INIT_ENTRY(pc_smp, CPU, SUBARCH_PC, pc_smp_init,
	   INIT_AFTER(acpi_madt, cpu_features),
	   .flags = INIT_BOOT_CPU | INIT_STARTS_CPUS);
