/* SPDX-License-Identifier: MIT */
/*
 * The report of an exception: its name, error code, where, the registers
 * and a frame-pointer backtrace; then the boot ends with the failure code.
 * A fault while reporting ends the boot at once, without a second report.
 */
#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "exit.h"
#include "log.h"

struct exception_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

#define BACKTRACE_MAX 16
#define VECTOR_PAGE_FAULT 14

static const char *const exception_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode",
	"#NM device not available", "#DF double fault",
	"coprocessor segment overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved 15",
	"#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD error", "#VE virtualization", "#CP control protection",
	"reserved 22", "reserved 23", "reserved 24", "reserved 25",
	"reserved 26", "reserved 27", "#HV hypervisor injection",
	"#VC VMM communication", "#SX security", "reserved 31",
};

static bool reporting;

static bool plausible_frame(uint64_t rbp)
{
	return rbp >= 0x1000 && rbp < (1ull << 32) && !(rbp & 7);
}

__attribute__((noreturn)) void exception_report(const struct exception_frame *frame)
{
	if (reporting)
		machine_exit(EXIT_FAILURE_CODE);
	reporting = true;
	log_enter_panic();
	log_printf(LOG_EMERG, "exception: E_EXCEPTION: %s (vector %llu), error code 0x%llx",
		   exception_names[frame->vector & 31],
		   (unsigned long long)frame->vector,
		   (unsigned long long)frame->error_code);
	log_printf(LOG_EMERG, "exception: rip 0x%016llx cs 0x%llx rflags 0x%llx",
		   (unsigned long long)frame->rip, (unsigned long long)frame->cs,
		   (unsigned long long)frame->rflags);
	if (frame->vector == VECTOR_PAGE_FAULT)
		log_printf(LOG_EMERG, "exception: cr2 0x%016llx (the address accessed)",
			   (unsigned long long)read_cr2());
	log_printf(LOG_EMERG, "exception: rax %016llx rbx %016llx rcx %016llx rdx %016llx",
		   (unsigned long long)frame->rax, (unsigned long long)frame->rbx,
		   (unsigned long long)frame->rcx, (unsigned long long)frame->rdx);
	log_printf(LOG_EMERG, "exception: rsi %016llx rdi %016llx rbp %016llx rsp %016llx",
		   (unsigned long long)frame->rsi, (unsigned long long)frame->rdi,
		   (unsigned long long)frame->rbp, (unsigned long long)frame->rsp);
	log_printf(LOG_EMERG, "exception: r8  %016llx r9  %016llx r10 %016llx r11 %016llx",
		   (unsigned long long)frame->r8, (unsigned long long)frame->r9,
		   (unsigned long long)frame->r10, (unsigned long long)frame->r11);
	log_printf(LOG_EMERG, "exception: r12 %016llx r13 %016llx r14 %016llx r15 %016llx",
		   (unsigned long long)frame->r12, (unsigned long long)frame->r13,
		   (unsigned long long)frame->r14, (unsigned long long)frame->r15);
	uint64_t rbp = frame->rbp;
	for (int depth = 0; depth < BACKTRACE_MAX && plausible_frame(rbp); depth++) {
		const uint64_t *saved = (const uint64_t *)(uintptr_t)rbp;

		log_printf(LOG_EMERG, "exception: called from 0x%016llx",
			   (unsigned long long)saved[1]);
		rbp = saved[0];
	}
	log_printf(LOG_EMERG, "onepath: panic: E_EXCEPTION: %s at 0x%llx",
		   exception_names[frame->vector & 31],
		   (unsigned long long)frame->rip);
	machine_exit(EXIT_FAILURE_CODE);
}
