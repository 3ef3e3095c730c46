/* SPDX-License-Identifier: MIT */
/*
 * The last resort for the TSC frequency on a PC: count TSC cycles across a
 * short PIT channel 2 window.  Short on purpose: this is a wait, not
 * work, and every boot pays it (`make bench` reports it separately).  The
 * frequency only times the log, and 596 PIT ticks are within 0.2%.
 */
#include "../../kernel/cpu.h"
#include "../../kernel/log.h"
#include "../../kernel/status.h"
#include "../../kernel/tsc.h"
#include "../../tables/init.h"

#define PIT_HZ 1193182u
#define PIT_WINDOW_US 500u
#define PIT_CHANNEL2 0x42
#define PIT_COMMAND 0x43
#define PIT_GATE 0x61
#define GATE_ENABLE 0x01
#define SPEAKER_ENABLE 0x02
#define OUTPUT_HIGH 0x20
#define CHANNEL2_ONE_SHOT 0xb0 /* channel 2, lobyte/hibyte, mode 0 */
#define SPIN_LIMIT 100000000u
#define NO_DEVICE 0xff

/*
 * A machine without the PIT's gate and output port (microvm) reads 0xff
 * there: the output would look high at once, and the window would time
 * nothing.
 */
static bool pit_present(const struct boot_params *params)
{
	(void)params;
	return inb(PIT_GATE) != NO_DEVICE;
}

static int tsc_freq_pit_init(struct boot_params *params)
{
	uint16_t ticks = (uint16_t)((uint64_t)PIT_HZ * PIT_WINDOW_US / 1000000);

	(void)params;
	outb(PIT_GATE, (inb(PIT_GATE) & ~SPEAKER_ENABLE) | GATE_ENABLE);
	outb(PIT_COMMAND, CHANNEL2_ONE_SHOT);
	outb(PIT_CHANNEL2, ticks & 0xff);
	outb(PIT_CHANNEL2, ticks >> 8);

	/*
	 * The window ended between the last poll that saw the output low and
	 * the first that saw it high: take the middle, or every reading is
	 * late by the average poll time (2.6% at 500 us under QEMU TCG).
	 */
	uint64_t start = rdtsc(), low, now = start;
	uint32_t spins = 0;
	do {
		low = now;
		now = rdtsc();
		if (++spins == SPIN_LIMIT)
			return STATUS_ENODEV; /* no PIT counting: e.g. microvm
					       */
	} while (!(inb(PIT_GATE) & OUTPUT_HIGH));
	tsc_khz = ((low + now) / 2 - start) * 1000 / PIT_WINDOW_US;
	log_info("tsc: %llu kHz measured over a %u us PIT window",
		 (unsigned long long)tsc_khz, PIT_WINDOW_US);
	return STATUS_OK;
}

INIT_ENTRY(tsc_freq_pit, EARLY, SUBARCH_PC, tsc_freq_pit_init, INIT_NO_DEPS,
	   .detect = pit_present, .group = "tsc_freq", .priority = 1,
	   .flags = INIT_FINISH_GROUP);
