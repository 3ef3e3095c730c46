/* SPDX-License-Identifier: MIT */
/*
 * The report of an exception: its name, error code and where (as
 * symbol+offset), for a page fault the address and its cause in words
 * (jettisoned code of another subarch, NULL, a stack guard, a write to
 * read-only memory...), the registers and a frame-pointer backtrace; then
 * the boot ends with the failure code.  A fault while reporting ends the
 * boot at once, without a second report.
 */
#include <stdbool.h>
#include <stdint.h>

#include "boot_params.h"
#include "control_registers.h"
#include "cpu.h"
#include "exit.h"
#include "fmt.h"
#include "jettison.h"
#include "jettison_pages.h"
#include "log.h"
#include "paging.h"
#include "percpu.h"
#include "stacks.h"
#include "subarch.h"
#include "symbols.h"
#include "vectors.h"

struct exception_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

#define BACKTRACE_MAX 16
#define PF_PRESENT (1u << 0)
#define PF_WRITE (1u << 1)
#define PF_FETCH (1u << 4)
/* How far below rsp one function's prologue or one push reaches. */
#define STACK_PUSH_REACH 512

static const char *const exception_names[32] = {
	"#DE divide error",
	"#DB debug",
	"NMI",
	"#BP breakpoint",
	"#OF overflow",
	"#BR bound range",
	"#UD invalid opcode",
	"#NM device not available",
	"#DF double fault",
	"coprocessor segment overrun",
	"#TS invalid TSS",
	"#NP segment not present",
	"#SS stack fault",
	"#GP general protection",
	"#PF page fault",
	"reserved 15",
	"#MF x87 error",
	"#AC alignment check",
	"#MC machine check",
	"#XM SIMD error",
	"#VE virtualization",
	"#CP control protection",
	"reserved 22",
	"reserved 23",
	"reserved 24",
	"reserved 25",
	"reserved 26",
	"reserved 27",
	"#HV hypervisor injection",
	"#VC VMM communication",
	"#SX security",
	"reserved 31",
};

#define NOBODY (-1)
static int reporting_cpu = NOBODY;

/* The running CPU's number, or -1 before its per-CPU data is set. */
static int current_cpu(void)
{
	uint64_t base = rdmsr(MSR_GS_BASE);

	if (base < (uintptr_t)percpu || base >= (uintptr_t)(percpu + CPUS_MAX))
		return NOBODY;
	return (int)((struct percpu *)(uintptr_t)base)->index;
}

/* "the boot stack", "the double-fault stack of CPU 2" */
static const char *stack_words(const struct stack *stack, int cpu, char *buffer,
			       size_t size)
{
	if (cpu >= 0)
		fmt_snprintf(buffer, size, "the %s stack of CPU %d",
			     stack->name, cpu);
	else
		fmt_snprintf(buffer, size, "the %s stack", stack->name);
	return buffer;
}

/* "name+0x1a", or the bare address when no symbol covers it. */
static const char *describe(uint64_t address, char *buffer, size_t size)
{
	uint64_t offset;
	const char *name = symbol_name(address, &offset);

	if (name)
		fmt_snprintf(buffer, size, "%s+0x%llx", name,
			     (unsigned long long)offset);
	else
		fmt_snprintf(buffer, size, "0x%llx",
			     (unsigned long long)address);
	return buffer;
}

/* One line saying why the access faulted, in the kernel's own terms. */
static void explain_page_fault(const struct exception_frame *frame,
			       uint64_t address)
{
	const struct private_region *region = jettisoned_region(address);
	int cpu;
	const struct stack *stack = stack_guarded_at(address, &cpu);
	char where[96], subarch[16];

	if (region) {
		subarch_set_format(subarch, sizeof(subarch),
				   boot_params.subarch);
		log_printf(LOG_EMERG,
			   "exception: E_JETTISONED: %s %s, which is %s, while "
			   "running on %s",
			   frame->error_code & PF_FETCH ? "called" : "accessed",
			   describe(address, where, sizeof(where)),
			   region->what, subarch);
	} else if (stack) {
		log_printf(LOG_EMERG,
			   "exception: E_STACK_OVERFLOW: %s ran into its guard "
			   "page",
			   stack_words(stack, cpu, where, sizeof(where)));
	} else if (address < PAGE_SIZE) {
		log_printf(LOG_EMERG,
			   "exception: E_NULL_POINTER: %s address 0x%llx, in "
			   "the unmapped page 0",
			   frame->error_code & PF_WRITE ? "wrote" : "read",
			   (unsigned long long)address);
	} else if ((frame->error_code & (PF_PRESENT | PF_WRITE)) ==
		   (PF_PRESENT | PF_WRITE)) {
		log_printf(LOG_EMERG,
			   "exception: E_WRITE_READ_ONLY: wrote read-only %s",
			   describe(address, where, sizeof(where)));
	} else if ((frame->error_code & (PF_PRESENT | PF_FETCH)) ==
		   (PF_PRESENT | PF_FETCH)) {
		log_printf(LOG_EMERG,
			   "exception: E_EXECUTE_NO_EXECUTE: ran code at "
			   "non-executable 0x%llx",
			   (unsigned long long)address);
	} else {
		log_printf(LOG_EMERG,
			   "exception: E_UNMAPPED: %s unmapped address 0x%llx",
			   frame->error_code & PF_FETCH ? "ran" : "accessed",
			   (unsigned long long)address);
	}
}

/* A frame the walk can read: aligned, in the lower half, and mapped (the
 * kernel's page tables map only what it may touch). */
static bool plausible_frame(uint64_t rbp)
{
	return rbp >= PAGE_SIZE && rbp < IDENTITY_LIMIT && !(rbp & 7) &&
	       !stack_guarded_at(rbp, NULL) &&
	       !jettison_page_absent(read_cr3(), rbp) &&
	       !jettison_page_absent(read_cr3(), rbp + 8);
}

__attribute__((noreturn)) void
exception_report(const struct exception_frame *frame)
{
	const char *name = exception_names[frame->vector & 31];
	char where[96];
	int cpu = current_cpu(), nobody = NOBODY;

	/* One report: a fault while reporting ends the boot at once, and a
	 * CPU that faults while another reports leaves the stage to it. */
	if (!__atomic_compare_exchange_n(&reporting_cpu, &nobody, cpu, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		if (nobody == cpu)
			machine_exit(EXIT_FAILURE_CODE);
		halt_forever();
	}
	log_enter_panic();
	log_printf(LOG_EMERG,
		   "exception: E_EXCEPTION: %s (vector %llu), error code "
		   "0x%llx, on CPU %d",
		   name, (unsigned long long)frame->vector,
		   (unsigned long long)frame->error_code, cpu);
	log_printf(
		LOG_EMERG, "exception: rip %s (0x%llx) cs 0x%llx rflags 0x%llx",
		describe(frame->rip, where, sizeof(where)),
		(unsigned long long)frame->rip, (unsigned long long)frame->cs,
		(unsigned long long)frame->rflags);
	if (frame->vector == VECTOR_PAGE_FAULT) {
		uint64_t address = read_cr2();

		log_printf(LOG_EMERG,
			   "exception: cr2 0x%016llx (the address accessed)",
			   (unsigned long long)address);
		explain_page_fault(frame, address);
	}
	/* The double fault of an overflow: the #PF found no stack to push
	 * on, so the saved rsp is at or just above the guard page. */
	int stack_cpu;
	const struct stack *overflowed =
		stack_guarded_at(frame->rsp, &stack_cpu);

	if (!overflowed)
		overflowed = stack_guarded_at(frame->rsp - STACK_PUSH_REACH,
					      &stack_cpu);
	if (frame->vector == VECTOR_DOUBLE_FAULT && overflowed)
		log_printf(LOG_EMERG,
			   "exception: E_STACK_OVERFLOW: %s ran into its guard "
			   "page",
			   stack_words(overflowed, stack_cpu, where,
				       sizeof(where)));
	log_printf(
		LOG_EMERG,
		"exception: rax %016llx rbx %016llx rcx %016llx rdx %016llx",
		(unsigned long long)frame->rax, (unsigned long long)frame->rbx,
		(unsigned long long)frame->rcx, (unsigned long long)frame->rdx);
	log_printf(
		LOG_EMERG,
		"exception: rsi %016llx rdi %016llx rbp %016llx rsp %016llx",
		(unsigned long long)frame->rsi, (unsigned long long)frame->rdi,
		(unsigned long long)frame->rbp, (unsigned long long)frame->rsp);
	log_printf(LOG_EMERG,
		   "exception: r8  %016llx r9  %016llx r10 %016llx r11 %016llx",
		   (unsigned long long)frame->r8, (unsigned long long)frame->r9,
		   (unsigned long long)frame->r10,
		   (unsigned long long)frame->r11);
	log_printf(
		LOG_EMERG,
		"exception: r12 %016llx r13 %016llx r14 %016llx r15 %016llx",
		(unsigned long long)frame->r12, (unsigned long long)frame->r13,
		(unsigned long long)frame->r14, (unsigned long long)frame->r15);
	uint64_t rbp = frame->rbp;
	for (int depth = 0; depth < BACKTRACE_MAX && plausible_frame(rbp);
	     depth++) {
		const uint64_t *saved = (const uint64_t *)(uintptr_t)rbp;

		if (!saved[1])
			break;
		log_printf(LOG_EMERG, "exception: called from %s",
			   describe(saved[1], where, sizeof(where)));
		rbp = saved[0];
	}
	log_printf(LOG_EMERG, "onepath: panic: E_EXCEPTION: %s at %s", name,
		   describe(frame->rip, where, sizeof(where)));
	machine_exit(EXIT_FAILURE_CODE);
}
