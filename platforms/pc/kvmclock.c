/* SPDX-License-Identifier: MIT */
/*
 * KVM's paravirtual clock gives the TSC's rate as the factor that turns
 * TSC cycles into nanoseconds (tsc_to_system_mul, tsc_shift), so the
 * frequency costs one MSR write and one read of memory, no waiting.  The
 * clock is found through KVM's CPUID leaves (base+1, feature bits) and
 * switched off again once read, so KVM never writes to that memory later.
 */
#include "../../kernel/cpu.h"
#include "../../kernel/hypervisor.h"
#include "../../kernel/log.h"
#include "../../kernel/status.h"
#include "../../kernel/tsc.h"
#include "../../tables/init.h"

#define KVM_CPUID_FEATURES 1 /* base + 1 */
#define KVM_FEATURE_CLOCKSOURCE (1u << 0)
#define KVM_FEATURE_CLOCKSOURCE2 (1u << 3)
#define MSR_KVM_SYSTEM_TIME 0x12u
#define MSR_KVM_SYSTEM_TIME_NEW 0x4b564d01u
#define SYSTEM_TIME_ENABLE 1u
#define VERSION_SPINS 1000

/* KVM's pvclock_vcpu_time_info: 32 bytes, never across a page. */
struct pvclock_time_info {
	uint32_t version; /* odd while KVM writes */
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad[2];
} __attribute__((aligned(32)));

static struct pvclock_time_info time_info;

/* The MSR that turns the clock on, or 0 if KVM offers none. */
static uint32_t kvmclock_msr(void)
{
	uint32_t base =
		cpuid_hypervisor_base(KVM_CPUID_SIGNATURE, KVM_CPUID_FEATURES);
	uint32_t features = base ? cpuid(base + KVM_CPUID_FEATURES, 0).eax : 0;

	if (features & KVM_FEATURE_CLOCKSOURCE2)
		return MSR_KVM_SYSTEM_TIME_NEW;
	return features & KVM_FEATURE_CLOCKSOURCE ? MSR_KVM_SYSTEM_TIME : 0;
}

static bool kvmclock_present(const struct boot_params *params)
{
	(void)params;
	return kvmclock_msr() != 0;
}

static int tsc_freq_kvmclock_init(struct boot_params *params)
{
	uint32_t msr = kvmclock_msr();
	uint32_t version = 0, mul = 0;
	int8_t shift = 0;

	(void)params;
	wrmsr(msr, (uint64_t)(uintptr_t)&time_info | SYSTEM_TIME_ENABLE);
	for (int spin = 0; spin < VERSION_SPINS; spin++) {
		version = __atomic_load_n(&time_info.version, __ATOMIC_ACQUIRE);
		mul = time_info.tsc_to_system_mul;
		shift = time_info.tsc_shift;
		if (!(version & 1) &&
		    __atomic_load_n(&time_info.version, __ATOMIC_ACQUIRE) ==
			    version)
			break;
	}
	wrmsr(msr, 0);
	if (!mul || (version & 1))
		return STATUS_ENODEV;
	/* ns = cycles * 2^shift * mul / 2^32, so kHz = 10^6 * 2^32 / mul
	 * / 2^shift. */
	uint64_t khz = (1000000ull << 32) / mul;

	tsc_khz = shift < 0 ? khz << -shift : khz >> shift;
	log_info("tsc: %llu kHz from the KVM clock (mul %u, shift %d)",
		 (unsigned long long)tsc_khz, mul, shift);
	return STATUS_OK;
}

INIT_ENTRY(tsc_freq_kvmclock, CONSOLE, SUBARCH_PC, tsc_freq_kvmclock_init,
	   INIT_NO_DEPS, .detect = kvmclock_present, .group = "tsc_freq",
	   .priority = 5, .flags = INIT_FINISH_GROUP);
