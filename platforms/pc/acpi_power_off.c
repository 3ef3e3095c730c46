/* SPDX-License-Identifier: MIT */
/*
 * Powering a PC off through ACPI: the sleep state S5, whose SLP_TYP values
 * the DSDT's \_S5_ gives, written with SLP_EN to PM1a (and PM1b) control,
 * or, on hardware-reduced ACPI (QEMU's microvm), to the FADT's sleep
 * control register: the power-off table's last resort after the test
 * device, before the CPU halts.  Init finds the registers and where the
 * DSDT lies; only a power-off reads the DSDT (its checksum, then \_S5_),
 * because only a power-off needs it, and most boots end at the test device.
 */
#include "fadt.h"
#include "../../kernel/acpi.h"
#include "../../kernel/cpu.h"
#include "../../kernel/exit.h"
#include "../../kernel/klib.h"
#include "../../kernel/log.h"
#include "../../kernel/page_tables.h"
#include "../../kernel/status.h"
#include "../../tables/init.h"

/* FADT fields (ACPI 6.5, 5.2.9), by offset. */
#define FADT_DSDT 40
#define FADT_SMI_CMD 48
#define FADT_ACPI_ENABLE 52
#define FADT_PM1A_CNT 64
#define FADT_PM1B_CNT 68
#define FADT_X_DSDT 140
#define FADT_SLEEP_CONTROL 244 /* a Generic Address Structure */

#define GAS_SYSTEM_MEMORY 0
#define GAS_SYSTEM_IO 1

#define PM1_SCI_EN (1u << 0)
#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_EN (1u << 13)
#define SLEEP_CONTROL_SLP_TYP_SHIFT 2
#define SLEEP_CONTROL_SLP_EN (1u << 5)
#define SCI_EN_SPINS 100000

static struct {
	uint16_t pm1a, pm1b;    /* I/O ports of PM1 control; 0: none */
	uint8_t space;          /* of the sleep control register */
	uint64_t sleep_control; /* its address; 0: none */
	uint16_t smi_cmd;       /* to switch ACPI mode on */
	uint8_t acpi_enable;
	struct phys_window dsdt; /* where the memory map allows, not yet read */
} s5;

static inline void outw(uint16_t port, uint16_t value)
{
	__asm__ volatile("outw %0, %1" : : "a"(value), "Nd"(port));
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t value;

	__asm__ volatile("inw %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

/* \_S5_'s SLP_TYP values, from a DSDT whose checksum holds. */
static bool s5_sleep_types(uint8_t *slp_typ_a, uint8_t *slp_typ_b)
{
	size_t length = s5.dsdt.end - s5.dsdt.start;

	if (acpi_checksum(s5.dsdt.bytes, length)) {
		log_err("acpi: E_ACPI_BAD_DSDT: the DSDT at 0x%llx fails its "
			"checksum: no ACPI power-off",
			(unsigned long long)s5.dsdt.start);
		return false;
	}
	if (!acpi_s5_sleep_types(s5.dsdt.bytes + sizeof(struct acpi_header),
				 length - sizeof(struct acpi_header), slp_typ_a,
				 slp_typ_b)) {
		log_warn("acpi: W_ACPI_NO_S5: the DSDT has no \\_S5_ package: "
			 "no ACPI power-off");
		return false;
	}
	return true;
}

static void acpi_power_off(int code)
{
	uint8_t slp_typ_a, slp_typ_b;

	(void)code;
	if (!s5.dsdt.bytes || !s5_sleep_types(&slp_typ_a, &slp_typ_b))
		return;
	log_info("acpi: power-off: S5 (SLP_TYP %u/%u, from the DSDT's \\_S5_)",
		 slp_typ_a, slp_typ_b);
	if (s5.sleep_control) {
		uint8_t value =
			(uint8_t)(slp_typ_a << SLEEP_CONTROL_SLP_TYP_SHIFT) |
			SLEEP_CONTROL_SLP_EN;

		if (s5.space == GAS_SYSTEM_IO)
			outb((uint16_t)s5.sleep_control, value);
		else
			*(volatile uint8_t *)(uintptr_t)s5.sleep_control =
				value;
		return;
	}
	/* Firmware may leave the machine in legacy mode: ask for ACPI. */
	if (!(inw(s5.pm1a) & PM1_SCI_EN) && s5.smi_cmd && s5.acpi_enable) {
		outb(s5.smi_cmd, s5.acpi_enable);
		for (int spin = 0; spin < SCI_EN_SPINS; spin++)
			if (inw(s5.pm1a) & PM1_SCI_EN)
				break;
	}
	outw(s5.pm1a, (uint16_t)(slp_typ_a << PM1_SLP_TYP_SHIFT) | PM1_SLP_EN);
	if (s5.pm1b)
		outw(s5.pm1b,
		     (uint16_t)(slp_typ_b << PM1_SLP_TYP_SHIFT) | PM1_SLP_EN);
}

POWER_OFF_ENTRY(acpi_power_off_entry) = {
	.name = "acpi-s5",
	.subarchs = SUBARCH_PC,
	.power_off = acpi_power_off,
};

static __init uint32_t read32(const struct phys_window *table, uint32_t offset)
{
	uint32_t value = 0;

	phys_read(table, table->start + offset, &value, sizeof(value));
	return value;
}

/* The DSDT's AML: X_DSDT where the FADT is long enough to hold it. */
static __init bool find_dsdt(const struct boot_params *params,
			     const struct phys_window *fadt,
			     struct phys_window *dsdt)
{
	uint64_t address = 0;

	if (fadt->end - fadt->start >= FADT_X_DSDT + 8)
		phys_read(fadt, fadt->start + FADT_X_DSDT, &address, 8);
	if (!address)
		address = read32(fadt, FADT_DSDT);
	return acpi_table_placed(params, address, "DSDT", dsdt);
}

static __init bool sleep_control_register(const struct phys_window *fadt)
{
	if (fadt->end - fadt->start < FADT_SLEEP_CONTROL + 12)
		return false;
	phys_read(fadt, fadt->start + FADT_SLEEP_CONTROL, &s5.space, 1);
	phys_read(fadt, fadt->start + FADT_SLEEP_CONTROL + 4, &s5.sleep_control,
		  8);
	if (s5.space > GAS_SYSTEM_IO || s5.sleep_control >= (1ull << 32))
		s5.sleep_control = 0;
	return s5.sleep_control != 0;
}

static __init int acpi_power_off_init(struct boot_params *params)
{
	struct phys_window fadt, dsdt;
	const char *route;
	uint64_t address;

	if (!acpi_find_table(params, "FACP", &fadt)) {
		log_info("acpi: no valid FADT: no ACPI power-off");
		return STATUS_ENODEV;
	}
	if (fadt.end - fadt.start < FADT_FLAGS + 4) {
		log_err("acpi: E_ACPI_BAD_FADT: %llu bytes, too short",
			(unsigned long long)(fadt.end - fadt.start));
		return STATUS_EINVAL;
	}
	if (!find_dsdt(params, &fadt, &dsdt)) {
		log_err("acpi: E_ACPI_BAD_DSDT: the FADT names no valid DSDT");
		return STATUS_EINVAL;
	}
	if (read32(&fadt, FADT_FLAGS) & FADT_HW_REDUCED_ACPI) {
		if (!sleep_control_register(&fadt)) {
			log_info("acpi: no usable sleep control register: no "
				 "ACPI power-off");
			return STATUS_ENODEV;
		}
		if (s5.space == GAS_SYSTEM_MEMORY) {
			int status = page_tables_map_device(
				"sleep control", s5.sleep_control, 1);

			if (status)
				return status;
		}
		route = s5.space == GAS_SYSTEM_IO
				? "the sleep control register at port"
				: "the sleep control register at address";
		address = s5.sleep_control;
	} else {
		s5.pm1a = (uint16_t)read32(&fadt, FADT_PM1A_CNT);
		s5.pm1b = (uint16_t)read32(&fadt, FADT_PM1B_CNT);
		s5.smi_cmd = (uint16_t)read32(&fadt, FADT_SMI_CMD);
		phys_read(&fadt, fadt.start + FADT_ACPI_ENABLE, &s5.acpi_enable,
			  1);
		if (!s5.pm1a) {
			log_info("acpi: no PM1a control block: no ACPI "
				 "power-off");
			return STATUS_ENODEV;
		}
		route = "PM1a control port";
		address = s5.pm1a;
	}
	s5.dsdt = dsdt;
	/* The DSDT is not read yet: its \_S5_ is not claimed, only named. */
	log_info("acpi: power-off: S5 through %s 0x%llx if the DSDT (0x%llx, "
		 "%llu bytes) has \\_S5_, read at exit",
		 route, (unsigned long long)address,
		 (unsigned long long)dsdt.start,
		 (unsigned long long)(dsdt.end - dsdt.start));
	return STATUS_OK;
}

INIT_ENTRY(acpi_power_off, PLATFORM, SUBARCH_PC, acpi_power_off_init,
	   INIT_AFTER(acpi));
