/* SPDX-License-Identifier: MIT */
/*
 * A QEMU TCG plugin that counts the guest instructions onepath executes,
 * for `make bench` (tools/bench/bench.py).  Under TCG the count is a
 * property of the build, not of the host: the same image gives the same
 * number on every run.
 *
 *   -plugin insn_count.so,image=LO-HI,start=ADDR,mark=NAME@ADDR,...,
 *           span=NAME@FROM:TO[:TO...],
 *           profile=FROM:TO[:TO...]
 *   -d plugin -D FILE          (where qemu_plugin_outs writes the report)
 *
 * Only instructions whose address lies in [LO, HI), onepath's image, are
 * counted, so firmware, GRUB and Xen's own code never are (a PVH dom0 runs
 * with virtual = physical addresses, Xen at its own high addresses).
 * Counting starts at the first execution of START (the door's entry).
 * For each mark the report gives the number of counted instructions
 * executed before its address first ran: START itself is 1, so a mark at
 * START reads 0.  A span sums, over each run from an execution of FROM to
 * the next execution of one of its TOs, the instructions in between (FROM
 * included, TO not): a function from its entry to its ret instructions, or
 * a wait from the rdtsc that opens it to the code that follows it.
 * A profile reports, for each instruction address, how often it ran from
 * the first execution of FROM to the next of one of its TOs ("insn_count:
 * profile ADDR N"), for tools/bench/profile.py to sum by symbol.
 *
 * Debian's QEMU 7.2 exports the plugin API but ships no header, so the few
 * declarations used are written out below from the API of that release
 * (QEMU_PLUGIN_VERSION 1).
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- QEMU 7.2's plugin API: the part this plugin uses ------------------- */
#define PLUGIN_EXPORT __attribute__((visibility("default")))

typedef uint64_t qemu_plugin_id_t;

typedef struct {
	const char *target_name;
	struct {
		int min;
		int cur;
	} version;
	bool system_emulation;
	union {
		struct {
			int smp_vcpus;
			int max_vcpus;
		} system;
	};
} qemu_info_t;

struct qemu_plugin_tb;
struct qemu_plugin_insn;

enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };

typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu, void *userdata);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id,
					       struct qemu_plugin_tb *tb);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   qemu_plugin_vcpu_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *
qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t index);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    qemu_plugin_vcpu_udata_cb_t cb,
					    enum qemu_plugin_cb_flags flags,
					    void *userdata);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
						enum qemu_plugin_op op,
						void *ptr, uint64_t imm);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
				    qemu_plugin_udata_cb_t cb, void *userdata);
void qemu_plugin_outs(const char *text);

PLUGIN_EXPORT int qemu_plugin_version = 1;
PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
				      const qemu_info_t *info, int argc,
				      char **argv);

/* --- the counter --------------------------------------------------------- */
#define MARKS_MAX 64
#define SPANS_MAX 8
#define SPAN_ENDS_MAX 16

struct mark {
	const char *name;
	uint64_t addr;
	bool seen;
	uint64_t at;
};

struct span {
	const char *name;
	uint64_t from;
	uint64_t to[SPAN_ENDS_MAX];
	unsigned int to_count;
	bool open;
	uint64_t opened_at;
	uint64_t runs;
	uint64_t total;
};

static uint64_t image_lo, image_hi, start_addr;
static struct mark marks[MARKS_MAX];
static unsigned int mark_count;
static struct span spans[SPANS_MAX];
static unsigned int span_count;

/*
 * The profile: one counter per byte of the image, added to inline by
 * every instruction at that address, read at FROM and at TO.
 */
static uint64_t profile_from, profile_to[SPAN_ENDS_MAX];
static unsigned int profile_to_count;
static uint64_t *profile_counts, *profile_opened, *profile_closed;
static enum { PROFILE_WAITING, PROFILE_OPEN, PROFILE_CLOSED } profile_state;

/*
 * Every counted instruction adds 1 here, inline, from boot on: what ran in
 * the image before the entry (GRUB's modules may live there) is taken off
 * through `base`, read when the entry first runs.
 */
static uint64_t executed;
static uint64_t base;
static bool started;

static uint64_t counted(void)
{
	return executed - base;
}

/* Whether an address is one this plugin must see run, not just count. */
static bool watched(uint64_t addr)
{
	if (addr == start_addr)
		return true;
	if (profile_counts && addr == profile_from)
		return true;
	for (unsigned int k = 0; profile_counts && k < profile_to_count; k++)
		if (profile_to[k] == addr)
			return true;
	for (unsigned int i = 0; i < mark_count; i++)
		if (marks[i].addr == addr)
			return true;
	for (unsigned int i = 0; i < span_count; i++) {
		if (spans[i].from == addr)
			return true;
		for (unsigned int k = 0; k < spans[i].to_count; k++)
			if (spans[i].to[k] == addr)
				return true;
	}
	return false;
}

/*
 * A watched instruction counts itself here rather than inline, so that the
 * readings below never depend on the order QEMU runs inline ops and
 * callbacks of one instruction in.
 */
static void on_watched(unsigned int vcpu, void *userdata)
{
	uint64_t addr = (uint64_t)(uintptr_t)userdata;

	(void)vcpu;
	if (!started && addr == start_addr) {
		started = true;
		base = executed;
	}
	if (started) {
		for (unsigned int i = 0; i < mark_count; i++)
			if (marks[i].addr == addr && !marks[i].seen) {
				marks[i].seen = true;
				marks[i].at = counted();
			}
		for (unsigned int i = 0; i < span_count; i++) {
			struct span *s = &spans[i];

			for (unsigned int k = 0; s->open && k < s->to_count;
			     k++)
				if (s->to[k] == addr) {
					s->open = false;
					s->runs++;
					s->total += counted() - s->opened_at;
				}
			if (s->from == addr && !s->open) {
				s->open = true;
				s->opened_at = counted();
			}
		}
	}
	if (started && profile_counts) {
		size_t bytes = (image_hi - image_lo) * sizeof(uint64_t);

		if (profile_state == PROFILE_WAITING && addr == profile_from) {
			memcpy(profile_opened, profile_counts, bytes);
			profile_state = PROFILE_OPEN;
		} else if (profile_state == PROFILE_OPEN) {
			for (unsigned int k = 0; k < profile_to_count; k++)
				if (profile_to[k] == addr) {
					memcpy(profile_closed, profile_counts,
					       bytes);
					profile_state = PROFILE_CLOSED;
				}
		}
	}
	executed++;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t addr = qemu_plugin_insn_vaddr(insn);

		if (addr < image_lo || addr >= image_hi)
			continue;
		if (profile_counts)
			qemu_plugin_register_vcpu_insn_exec_inline(
				insn, QEMU_PLUGIN_INLINE_ADD_U64,
				&profile_counts[addr - image_lo], 1);
		if (watched(addr))
			qemu_plugin_register_vcpu_insn_exec_cb(
				insn, on_watched, QEMU_PLUGIN_CB_NO_REGS,
				(void *)(uintptr_t)addr);
		else
			qemu_plugin_register_vcpu_insn_exec_inline(
				insn, QEMU_PLUGIN_INLINE_ADD_U64, &executed, 1);
	}
}

/* One report line per fact, for bench.py to parse: "insn_count: ...". */
static void report(qemu_plugin_id_t id, void *userdata)
{
	char line[256];

	(void)id;
	(void)userdata;
	snprintf(line, sizeof(line), "insn_count: started %s\n",
		 started ? "yes" : "no");
	qemu_plugin_outs(line);
	snprintf(line, sizeof(line), "insn_count: total %" PRIu64 "\n",
		 started ? counted() : 0);
	qemu_plugin_outs(line);
	for (unsigned int i = 0; i < mark_count; i++) {
		if (marks[i].seen)
			snprintf(line, sizeof(line),
				 "insn_count: mark %s %" PRIu64 "\n",
				 marks[i].name, marks[i].at);
		else
			snprintf(line, sizeof(line), "insn_count: mark %s -\n",
				 marks[i].name);
		qemu_plugin_outs(line);
	}
	for (unsigned int i = 0; i < span_count; i++) {
		snprintf(line, sizeof(line),
			 "insn_count: span %s %" PRIu64 " %" PRIu64 "\n",
			 spans[i].name, spans[i].runs, spans[i].total);
		qemu_plugin_outs(line);
	}
	for (uint64_t i = 0;
	     profile_state == PROFILE_CLOSED && i < image_hi - image_lo; i++) {
		if (profile_closed[i] == profile_opened[i])
			continue;
		snprintf(line, sizeof(line),
			 "insn_count: profile %#" PRIx64 " %" PRIu64 "\n",
			 image_lo + i, profile_closed[i] - profile_opened[i]);
		qemu_plugin_outs(line);
	}
}

static bool parse_profile(const char *text)
{
	char *end;

	profile_from = strtoull(text, &end, 0);
	while (*end == ':' && profile_to_count < SPAN_ENDS_MAX)
		profile_to[profile_to_count++] = strtoull(end + 1, &end, 0);
	return !*end && profile_from && profile_to_count;
}

static bool parse_range(const char *text, uint64_t *lo, uint64_t *hi)
{
	char *end;

	*lo = strtoull(text, &end, 0);
	if (*end != '-')
		return false;
	*hi = strtoull(end + 1, &end, 0);
	return !*end && *lo < *hi;
}

/* "NAME@ADDR": the name stays in argv, which QEMU keeps for our lifetime. */
static char *split_name(char *text)
{
	char *at = strchr(text, '@');

	if (!at || at == text)
		return NULL;
	*at = '\0';
	return at + 1;
}

static bool parse_mark(char *text)
{
	char *addr = split_name(text), *end;

	if (!addr || mark_count == MARKS_MAX)
		return false;
	marks[mark_count].name = text;
	marks[mark_count].addr = strtoull(addr, &end, 0);
	mark_count++;
	return !*end;
}

static bool parse_span(char *text)
{
	char *points = split_name(text), *end;
	struct span *s = &spans[span_count];

	if (!points || span_count == SPANS_MAX)
		return false;
	s->name = text;
	s->from = strtoull(points, &end, 0);
	while (*end == ':' && s->to_count < SPAN_ENDS_MAX)
		s->to[s->to_count++] = strtoull(end + 1, &end, 0);
	span_count++;
	return !*end && s->to_count;
}

PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
				      const qemu_info_t *info, int argc,
				      char **argv)
{
	(void)info;
	for (int i = 0; i < argc; i++) {
		char *arg = argv[i];
		bool ok;

		if (!strncmp(arg, "image=", 6))
			ok = parse_range(arg + 6, &image_lo, &image_hi);
		else if (!strncmp(arg, "start=", 6))
			ok = (start_addr = strtoull(arg + 6, NULL, 0)) != 0;
		else if (!strncmp(arg, "mark=", 5))
			ok = parse_mark(arg + 5);
		else if (!strncmp(arg, "span=", 5))
			ok = parse_span(arg + 5);
		else if (!strncmp(arg, "profile=", 8))
			ok = parse_profile(arg + 8);
		else
			ok = false;
		if (!ok) {
			fprintf(stderr, "insn_count: bad argument '%s'\n", arg);
			return -1;
		}
	}
	if (!image_hi || !start_addr) {
		fprintf(stderr, "insn_count: image=LO-HI and start=ADDR are "
				"required\n");
		return -1;
	}
	if (profile_to_count) {
		size_t n = image_hi - image_lo;

		profile_counts = calloc(n, sizeof(uint64_t));
		profile_opened = calloc(n, sizeof(uint64_t));
		profile_closed = calloc(n, sizeof(uint64_t));
		if (!profile_counts || !profile_opened || !profile_closed) {
			fprintf(stderr,
				"insn_count: no memory for the profile\n");
			return -1;
		}
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, report, NULL);
	return 0;
}
