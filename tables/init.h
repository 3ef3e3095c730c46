/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_INIT_H
#define ONEPATH_INIT_H
/*
 * The init table: every init routine of the kernel is one entry, declared
 * next to its code with INIT_ENTRY().  At boot the table runs in level
 * order, dependencies first, filtered by the current subarch.
 *
 *     static int pc_uart_init(struct boot_params *params) { ... }
 *
 *     INIT_ENTRY(pc_uart, CONSOLE, SUBARCH_PC, pc_uart_init,
 *                INIT_AFTER(cpu_features),
 *                .flags = INIT_CRITICAL);
 *
 * Arguments, in order:
 *  name      an identifier; the entry is the global object init_entry_<name>
 *  level     CMDLINE, EARLY, CONSOLE, CPU, MEMORY, PLATFORM, DEVICES or
 *            LATE (CMDLINE holds the command line: it configures the rest)
 *  subarchs  the subarchs it runs on: SUBARCH_PC, SUBARCH_XEN (one per line
 *            of platforms/subarch_list.h), ORed;
 *            mandatory and non-empty (a compile-time check)
 *  init_fn   int fn(struct boot_params *): 0, or a negative enum status
 *  deps      INIT_AFTER(a, b, ...) or INIT_NO_DEPS; each name must be an
 *            entry somewhere in the image, or the link fails
 *  ...       optional designated initializers:
 *              .detect = bool fn(const struct boot_params *): run only if true
 *              .group  = "name": entries that are alternatives for one job
 *              .priority = N: inside its group, members are tried from
 *                        the highest priority down; no two members of a
 *                        group share one, and all share one level
 *              .flags  = INIT_CRITICAL: failure stops the boot (panic)
 *                        INIT_FINISH_GROUP: once this entry has run, the
 *                        members after it in its group are skipped
 *                        INIT_BOOT_CPU: runs on the boot CPU, never on
 *                        another one (it sets up state of the CPU it
 *                        runs on)
 *                        INIT_STARTS_CPUS: starts the other CPUs (with
 *                        INIT_BOOT_CPU); the levels after its own may run
 *                        in parallel, which tools/inittab --makespan models
 *
 * Order inside a level is what is declared: dependencies, and inside a
 * group, priorities.  Entries with no declared order between them run in
 * name order, which is deterministic but promises nothing: an entry that
 * must run before another declares it.  A dependency must be at the same
 * or an earlier level, and must run on every subarch its dependent runs
 * on; tools/inittab rejects anything else at build time and the kernel
 * checks again before running.
 */
#include <stdbool.h>
#include <stdint.h>

#include "../kernel/boot_params.h"
#include "../kernel/subarch.h"
#include "tables.h"

struct init_entry {
	const char *name;
	const char *file;
	const char *group; /* NULL: no group */
	int (*init)(struct boot_params *params);
	bool (*detect)(const struct boot_params *params); /* NULL: always */
	const struct init_entry *const *after;            /* NULL-terminated */
	uint32_t level;
	uint32_t subarchs;
	uint32_t flags;
	uint32_t line;
	uint32_t priority; /* inside its group: higher is tried first */
};

#define INIT_TABLE TABLE(struct init_entry, "init")

/*
 * What the kernel learns about an entry while it plans and runs the
 * table: one per entry, declared by INIT_ENTRY in the state table that
 * follows the init table (tables/tables.h), so the table's own size is
 * the only limit.  The host tool allocates as many.
 */
struct init_state {
	/* The planner's (tables/init_plan.c) and the plan loader's
	 * (tables/init_planned.c, which keeps each entry's position in
	 * `path`); `order`, `path` and `cursor` are arrays spread over the
	 * states, not fields of this entry. */
	uint32_t order;        /* the table index of the k-th entry to run */
	uint32_t path;         /* the k-th entry on the depth-first path */
	uint32_t cursor;       /* its next dependency to follow */
	uint32_t group_before; /* the member of its group tried before it */
	uint8_t visit;
	/* The walk's (tables/init_run.c) */
	uint8_t outcome;
	bool skip_requested;
	bool fail_requested;
	bool started, done;              /* the parallel walk's */
	uint32_t log_offset, log_length; /* its lines, waiting their turn */
};

#define INIT_STATES TABLE_STATE(struct init_state, INIT_TABLE)

/* Levels: two digits each, so the linker's name sort is numeric. */
#define INIT_LEVEL_CMDLINE 05  /* the command line: it configures the rest */
#define INIT_LEVEL_EARLY 10    /* hypervisor interface, firmware pointers */
#define INIT_LEVEL_CONSOLE 20  /* console backends */
#define INIT_LEVEL_CPU 30      /* CPU features, TSC */
#define INIT_LEVEL_MEMORY 40   /* memory map, page allocator, page tables */
#define INIT_LEVEL_PLATFORM 50 /* firmware tables, platform services */
#define INIT_LEVEL_DEVICES 60
#define INIT_LEVEL_LATE 70

#define INIT_CRITICAL (1u << 0)
#define INIT_FINISH_GROUP (1u << 1)
#define INIT_BOOT_CPU (1u << 2)
#define INIT_STARTS_CPUS (1u << 3)
#define INIT_FLAGS_ALL                                                         \
	(INIT_CRITICAL | INIT_FINISH_GROUP | INIT_BOOT_CPU | INIT_STARTS_CPUS)

/* clang-format off: macro bodies are aligned by hand. */
#define INIT_SYMBOL(name) init_entry_##name
#define INIT_REF(name) (&INIT_SYMBOL(name))

#define INIT_AFTER(...) (__VA_ARGS__)
#define INIT_NO_DEPS ()

/* Up to eight dependencies: apply a macro to each argument. */
#define INIT_EACH_(m, a, ...) m(a) __VA_OPT__(INIT_EACH1_(m, __VA_ARGS__))
#define INIT_EACH1_(m, a, ...) m(a) __VA_OPT__(INIT_EACH2_(m, __VA_ARGS__))
#define INIT_EACH2_(m, a, ...) m(a) __VA_OPT__(INIT_EACH3_(m, __VA_ARGS__))
#define INIT_EACH3_(m, a, ...) m(a) __VA_OPT__(INIT_EACH4_(m, __VA_ARGS__))
#define INIT_EACH4_(m, a, ...) m(a) __VA_OPT__(INIT_EACH5_(m, __VA_ARGS__))
#define INIT_EACH5_(m, a, ...) m(a) __VA_OPT__(INIT_EACH6_(m, __VA_ARGS__))
#define INIT_EACH6_(m, a, ...) m(a) __VA_OPT__(INIT_EACH7_(m, __VA_ARGS__))
#define INIT_EACH7_(m, a, ...) m(a) __VA_OPT__(INIT_TOO_MANY_DEPS_(a))
#define INIT_EACH(m, ...) __VA_OPT__(INIT_EACH_(m, __VA_ARGS__))

#define INIT_DECLARE_ONE_(name) TABLE_DECLARE(INIT_TABLE, INIT_SYMBOL(name));
#define INIT_REF_ONE_(name) INIT_REF(name),
#define INIT_DECLARE_DEPS_(...) INIT_EACH(INIT_DECLARE_ONE_, __VA_ARGS__)
/* A named array, not a compound literal: it can be init-only data. */
#define INIT_DEP_LIST_(...)                                                    \
	{                                                                      \
		INIT_EACH(INIT_REF_ONE_, __VA_ARGS__) 0                        \
	}

#define INIT_ENTRY(entry_, level_, subarchs_, init_fn_, deps_, ...)            \
	INIT_DECLARE_DEPS_ deps_ _Static_assert(                               \
		(subarchs_) != 0 && ((subarchs_) & ~SUBARCH_ALL) == 0,         \
		"init entry " #entry_ ": the subarch set must name "           \
		"SUBARCH_* bits of platforms/subarch_list.h");                 \
	TABLE_STATE_ENTRY(INIT_STATES, INIT_LEVEL_##level_,                    \
			  INIT_SYMBOL(entry_), init_state_##entry_);           \
	static const struct init_entry *const                                  \
		init_after_##entry_[] __initconst = INIT_DEP_LIST_ deps_;      \
	TABLE_ENTRY(INIT_TABLE, INIT_LEVEL_##level_, INIT_SYMBOL(entry_)) = {  \
		.name = #entry_,                                               \
		.file = __FILE__,                                              \
		.line = __LINE__,                                              \
		.level = INIT_LEVEL_##level_,                                  \
		.subarchs = (subarchs_),                                       \
		.init = (init_fn_),                                            \
		.after = init_after_##entry_,                                  \
		__VA_ARGS__                                                    \
	} /* clang-format on */

const char *init_level_name(uint32_t level);

/*
 * Common code that only init runs: it goes to .init.text, which the kernel
 * unmaps once init is complete (kernel/jettison.c), so a late call into it
 * is a named fault, not a silent run of stale code.  Subarch-private code
 * in platforms/ needs no mark: its whole section goes where it can't run.
 */
#define __init __attribute__((section(".init.text")))

/* Constant data that only init reads: unmapped with the init code. */
#define __initconst __attribute__((section(".init.rodata")))

/*
 * Code that stays mapped but calls __init code on purpose, before init is
 * complete: the boot path itself.  Any other reference from kept code or
 * data to __init code or __initconst data, or to the init table, fails the
 * build (tools/mismatch: E_INIT_SECTION_MISMATCH), as Linux's modpost
 * does: once jettisoned, it would lead to unmapped memory.
 */
#define __ref __attribute__((section(".text.ref")))

#endif
