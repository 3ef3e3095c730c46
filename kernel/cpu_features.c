/* SPDX-License-Identifier: MIT */
#include "cpu_features.h"

#include "cpu.h"
#include "klib.h"
#include "log.h"
#include "status.h"
#include "../tables/init.h"

struct cpu_features cpu_features;

#define LEAF_VERSION 1
#define LEAF_STRUCTURED 7
#define LEAF_EXT_FEATURES 0x80000001u
#define LEAF_EXT_POWER 0x80000007u

static __init int cpu_features_init(struct boot_params *params)
{
	struct cpu_features *f = &cpu_features;
	struct cpuid_result r = cpuid(0, 0);

	(void)params;
	memcpy(f->vendor, &r.ebx, 4);
	memcpy(f->vendor + 4, &r.edx, 4);
	memcpy(f->vendor + 8, &r.ecx, 4);

	r = cpuid_if_present(LEAF_VERSION, 0);
	f->family = (r.eax >> 8) & 0xf;
	f->model = (r.eax >> 4) & 0xf;
	f->stepping = r.eax & 0xf;
	if (f->family == 0xf)
		f->family += (r.eax >> 20) & 0xff;
	if (f->family >= 6)
		f->model |= ((r.eax >> 16) & 0xf) << 4;
	f->rdrand = r.ecx & (1u << 30);
	f->hypervisor = r.ecx & (1u << 31);
	r = cpuid_if_present(LEAF_STRUCTURED, 0);
	f->smep = r.ebx & (1u << 7);
	f->smap = r.ebx & (1u << 20);
	r = cpuid_if_present(LEAF_EXT_FEATURES, 0);
	f->nx = r.edx & (1u << 20);
	f->pdpe1gb = r.edx & (1u << 26);
	f->invariant_tsc = cpuid_if_present(LEAF_EXT_POWER, 0).edx & (1u << 8);

	log_info("cpu: %s family %u model %u stepping %u:%s%s%s%s%s%s%s",
		 f->vendor, f->family, f->model, f->stepping,
		 f->nx ? " nx" : "", f->smep ? " smep" : "",
		 f->smap ? " smap" : "", f->rdrand ? " rdrand" : "",
		 f->invariant_tsc ? " invariant-tsc" : "",
		 f->pdpe1gb ? " pdpe1gb" : "",
		 f->hypervisor ? " hypervisor" : "");
	return STATUS_OK;
}

INIT_ENTRY(cpu_features, CPU, SUBARCH_ALL, cpu_features_init, INIT_NO_DEPS,
	   .flags = INIT_CRITICAL);
