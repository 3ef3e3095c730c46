/* SPDX-License-Identifier: MIT */
#include "log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "boot_params.h"
#include "cmdline_option.h"
#include "console.h"
#include "cpu.h"
#include "fmt.h"
#include "jitter.h"
#include "klib.h"
#include "percpu.h"
#include "smp.h"
#include "status.h"
#include "tsc.h"

/*
 * Lines are kept as records: a header (level, TSC, text length) and the
 * text with its '\n', so that a replay to a late console applies the same
 * level filter as the live write did and prints the time the line was
 * logged, not the time of the replay.
 */
#define LOG_BUFFER_SIZE ((size_t)64 * 1024)
struct record_header {
	uint8_t level;
	uint16_t length; /* of the text, '\n' included */
	uint64_t tsc;
} __attribute__((packed));

static char log_buffer[LOG_BUFFER_SIZE];
static size_t log_used;
static bool log_overflowed;
static enum log_level console_level = LOG_INFO;
TABLE_EXPORT_BOUNDS(CONSOLES, consoles_table_bounds);
TABLE_STATE_EXPORT_BOUNDS(CONSOLE_STATES, consoles_state_bounds);

/*
 * One CPU at a time appends and writes, so lines never tear.  The lock
 * names its holder: a CPU that faults while holding it (a panic inside
 * log_printf) goes on writing its report instead of waiting for itself.
 */
#define NO_HOLDER UINT32_MAX
static uint32_t lock_holder = NO_HOLDER;

static bool log_lock(void)
{
	uint32_t self = this_cpu()->index, free = NO_HOLDER;

	if (__atomic_load_n(&lock_holder, __ATOMIC_ACQUIRE) == self)
		return false;
	while (!__atomic_compare_exchange_n(&lock_holder, &free, self, false,
					    __ATOMIC_ACQUIRE,
					    __ATOMIC_RELAXED)) {
		free = NO_HOLDER;
		__asm__ volatile("pause" ::: "memory");
	}
	return true;
}

static void log_unlock(bool taken)
{
	if (taken)
		__atomic_store_n(&lock_holder, NO_HOLDER, __ATOMIC_RELEASE);
}

/*
 * Slow consoles (CONSOLE_DEFERRED: COM1, an exit per byte in a virtual
 * machine) are written by idle CPUs once other CPUs are up: the CPU that
 * logs a line only keeps it, and each such console's writer (its state's
 * writer) brings it up to the log (sent, while it is behind), outside the
 * lock, a record at a time (in_flight meanwhile), so a job posted to the
 * writer waits at most one line.  A CPU whose job is done and finds a
 * console behind with no writer becomes its writer.  Init ends with every
 * console caught up (log_end_deferral), the boot CPU writing the ones no
 * other CPU is writing at that moment: two consoles, two CPUs.  The
 * application's lines are written as they come.  All of it under the log
 * lock but the writing itself.
 */
static bool deferral_open = true;

static struct console_state *state_of(const struct console *console)
{
	return &TABLE_STATE_START(
		CONSOLE_STATES)[TABLE_INDEX(CONSOLES, console)];
}

/* Before the subarch is known (or when none claimed the machine), every
 * console is tried: those that need no set-up can still say why the boot
 * stops. */
static bool console_runs_here(const struct console *console)
{
	return !boot_params.subarch ||
	       (console->subarchs & boot_params.subarch);
}

/* cold: once a boot (this file is built -O2 for the lines every boot
 * writes). */
__attribute__((cold)) void log_start(void)
{
	const struct console *console;

	TABLE_FOR_EACH(console, CONSOLES) {
		if (!console_runs_here(console) ||
		    (console->flags & CONSOLE_NEEDS_ENABLE))
			continue;
		if (console->present &&
		    (console->probed_on & boot_params.subarch) &&
		    !console->present())
			state_of(console)->removed = true;
		else
			state_of(console)->live = true;
	}
}

/* Room for "[ssssss.uuuuuu] " with seconds of any width. */
#define STAMP_MAX LOG_STAMP_ROOM
_Static_assert(__builtin_offsetof(struct log_line, text) == STAMP_MAX,
	       "a built line's text follows its stamp room");

/*
 * "[    0.001234] ": seconds since entry, like Linux; "?" before the TSC
 * frequency is known (only port 0xe9 writes that early).  Written to end
 * at `end` (every line pays for it, and a replay pays again): the fixed
 * characters in two stores, the digits over them; its start is returned,
 * so the text can already sit right behind it.
 */
static char *format_timestamp(char *end, uint64_t tsc)
{
	static const char unknown[] = "[     ?.??????] ";
	static const char zero[] = "[     0.000000] ";
	/* Where the seconds end: the '.' */
	const size_t point = sizeof("[     0") - 1;
	int64_t us = tsc_us_since_entry(tsc);
	char *at = end - (sizeof(zero) - 1);

	_Static_assert(sizeof(zero) == sizeof(unknown), "one stamp width");
	_Static_assert(sizeof(zero) - 1 + 2 <= STAMP_MAX, "room to grow");
	if (us < 0) {
		__builtin_memcpy(at, unknown, sizeof(unknown) - 1);
		return at;
	}
	__builtin_memcpy(at, zero, sizeof(zero) - 1);
	fmt_decimal(end - 2, (uint64_t)us % 1000000);
	/* More than six digits of seconds push the '[' out. */
	char *seconds = fmt_decimal(at + point, (uint64_t)us / 1000000);
	if (seconds <= at) {
		*--seconds = '[';
		return seconds;
	}
	return at;
}

static bool passes(const struct console *console, enum log_level level)
{
	enum log_level limit = console_level;

	if ((console->flags & CONSOLE_WARNINGS_ONLY) && limit > LOG_WARN)
		limit = LOG_WARN;
	if (level == LOG_APP)
		return !(console->flags & CONSOLE_WARNINGS_ONLY);
	return level <= limit;
}

/* line holds STAMP_MAX bytes of room and then the record's text. */
static void write_line(const struct console *console, char *line,
		       const struct record_header *header)
{
	char *start = format_timestamp(line + STAMP_MAX, header->tsc);

	console->write(start,
		       (size_t)(line + STAMP_MAX - start) + header->length);
}

/* Writes the records kept in log_buffer[at, end) to console. */
static void replay(const struct console *console, size_t at, size_t end)
{
	struct record_header header;
	char line[STAMP_MAX + LOG_LINE_MAX];

	for (; at < end; at += sizeof(header) + header.length) {
		__builtin_memcpy(&header, log_buffer + at, sizeof(header));
		if (!passes(console, (enum log_level)header.level))
			continue;
		memcpy(line + STAMP_MAX, log_buffer + at + sizeof(header),
		       header.length);
		write_line(console, line, &header);
	}
}

static bool writes_a_console(uint32_t cpu)
{
	const struct console *console;

	TABLE_FOR_EACH(console, CONSOLES)
		if (state_of(console)->writer == cpu + 1)
			return true;
	return false;
}

/* An idle CPU other than this one to write the console, woken for it
 * (one that writes no other console first); else this CPU, if it is not
 * the boot CPU (it runs a job: it writes once the job is done); else
 * none. */
/* cold, as write_next_record, log_write_deferred and catch_up:
 * deferral only runs with other CPUs up, off the boot CPU's path, or once
 * a boot (this file is built -O2 for the lines every boot writes). */
__attribute__((cold)) static void choose_writer(struct console_state *state,
						uint32_t self)
{
	for (int pass = 0; pass < 2; pass++)
		for (uint32_t cpu = 1; cpu < smp_cpus_started(); cpu++)
			if (cpu != self && smp_cpu_online(cpu) &&
			    smp_idle(&percpu[cpu]) &&
			    (pass || !writes_a_console(cpu))) {
				state->writer = cpu + 1;
				smp_wake(&percpu[cpu]);
				return;
			}
	if (self)
		state->writer = self + 1;
}

/*
 * Under the lock, for a live deferred console: whether the line of the
 * record at `record` is left to its writer.  If not, this CPU writes it,
 * and first what the console is behind by.  A line the full buffer could
 * not keep (not kept) comes after overflow() has caught every console up;
 * only one logged inside the log (a panic there) can be lost to a console
 * its writer is behind on.
 */
static bool left_to_writer(const struct console *console,
			   struct console_state *state, size_t record,
			   bool kept)
{
	uint32_t self;

	if (!state->behind && !kept)
		return false;
	self = this_cpu()->index;
	if (!state->writer && kept)
		choose_writer(state, self);
	if (state->writer && state->writer != self + 1) {
		if (!state->behind) {
			state->behind = true;
			state->sent = record;
		}
		return true;
	}
	if (state->behind) {
		replay(console, state->sent, record);
		state->behind = false;
	}
	return false;
}

/* Called with the lock taken: claims the console's next record (in_flight
 * until its writer next takes the lock, line_out), lets the lock go and
 * writes the record.  Returns the console's state. */
__attribute__((cold)) static struct console_state *
write_next_record(const struct console *console, bool taken)
{
	struct console_state *state = state_of(console);
	struct record_header header;
	size_t from = state->sent, end;

	__builtin_memcpy(&header, log_buffer + from, sizeof(header));
	end = from + sizeof(header) + header.length;
	state->sent = end;
	state->behind = end < log_used;
	state->in_flight = true;
	log_unlock(taken);
	replay(console, from, end);
	return state;
}

/* Under the lock: the line this CPU wrote last is out, unless its console
 * was taken over meanwhile. */
static void line_out(struct console_state *written, uint32_t self)
{
	if (written && written->writer == self + 1)
		written->in_flight = false;
}

__attribute__((cold)) void log_write_deferred(void)
{
	struct percpu *cpu = this_cpu();
	struct console_state *written = NULL;

	for (;;) {
		const struct console *console, *next = NULL;
		bool taken = log_lock();

		line_out(written, cpu->index);
		TABLE_FOR_EACH(console, CONSOLES) {
			struct console_state *state = state_of(console);

			if (state->behind && !state->writer)
				state->writer = cpu->index + 1;
			if (!next && state->behind &&
			    state->writer == cpu->index + 1)
				next = console;
		}
		if (__atomic_load_n(&cpu->state, __ATOMIC_ACQUIRE) !=
		    CPU_IDLE) {
			log_unlock(taken);
			return; /* a job first; the consoles stay its own */
		}
		if (!next) {
			bool wrote = false;

			TABLE_FOR_EACH(console, CONSOLES)
				if (state_of(console)->writer ==
				    cpu->index + 1) {
					state_of(console)->writer = 0;
					wrote = true;
				}
			log_unlock(taken);
			if (wrote)
				smp_report_progress(); /* log_end_deferral */
			return;
		}
		written = write_next_record(next, taken);
	}
}

/* Until every slow console has every kept line; `closing`: and then no
 * more deferral (log_end_deferral). */
__attribute__((cold)) static void catch_up(bool closing)
{
	uint32_t self = this_cpu()->index;
	struct console_state *written = NULL;

	/*
	 * This CPU writes every console behind that no other CPU is writing
	 * a line to right now (taken from its writer between two lines), and
	 * sleeps (or, not the boot CPU, spins) while the others finish: a
	 * writer only writes what is kept, each write is bounded, and a fault
	 * on it stops the machine.  A writer that runs a job, or would wait
	 * for the lock this CPU holds (a panic inside the log), is taken over
	 * outright.
	 */
	for (;;) {
		const struct console *console, *next = NULL;
		uint32_t seen = smp_progress();
		bool waiting = false,
		     holding = __atomic_load_n(&lock_holder,
					       __ATOMIC_ACQUIRE) == self;
		bool taken = log_lock();

		line_out(written, self);
		TABLE_FOR_EACH(console, CONSOLES) {
			struct console_state *state = state_of(console);
			uint32_t writer = state->writer;

			if (!state->behind) {
				/* Its last line may still be on its way. */
				if (state->in_flight && !holding)
					waiting = true;
				else if (writer == self + 1)
					state->writer = 0;
				continue;
			}
			if (!writer || writer == self + 1 || holding ||
			    !state->in_flight ||
			    !smp_idle(&percpu[writer - 1])) {
				state->writer = self + 1;
				if (!next)
					next = console;
			} else {
				waiting = true;
			}
		}
		if (next) {
			written = write_next_record(next, taken);
			continue;
		}
		if (!waiting) {
			if (closing)
				deferral_open = false;
			log_unlock(taken);
			return;
		}
		log_unlock(taken);
		if (self)
			cpu_relax();
		else
			smp_wait_for_progress_since(seen);
	}
}

void log_end_deferral(void)
{
	catch_up(true);
}

/*
 * Under the lock, before lines the full buffer cannot keep: from here on
 * nothing more is kept, so no slow console falls behind again; one still
 * behind would lose them, so the consoles are brought up to date first
 * (taken: the lock is the caller's own, not held from before, as by a
 * panic inside the log), and the lines then go out like any other.
 */
__attribute__((cold, noinline)) static void overflow(bool taken)
{
	log_overflowed = true;
	if (taken && deferral_open) {
		log_unlock(taken);
		catch_up(false);
		log_lock();
	}
}

/*
 * A record, once kept, never changes: what was kept before this call is
 * replayed without the lock, so other CPUs go on logging meanwhile (a
 * slow console's replay would stall every line on every CPU), and only
 * the lines kept since are replayed under it, just before the console
 * goes live.  One CPU enables a console: should a panic on another CPU
 * ask for it meanwhile, the panic's lines reach it with that replay.
 * cold: this file is built -O2 for the lines every boot writes; this runs
 * once a console, so it is built for size.
 */
__attribute__((cold)) void console_enable(const struct console *console)
{
	struct console_state *state = state_of(console);
	size_t replayed;
	bool taken;

	if (state->live || state->removed ||
	    __atomic_exchange_n(&state->enabling, true, __ATOMIC_ACQ_REL))
		return;
	if ((console->flags & CONSOLE_DEFERRED) && deferral_open &&
	    smp_cpus_online > 1) {
		/* The whole log is its backlog: the writer's, or the next
		 * line's if no CPU can write it. */
		taken = log_lock();
		state->sent = 0;
		state->behind = log_used > 0;
		state->live = true;
		if (state->behind && !state->writer)
			choose_writer(state, this_cpu()->index);
		log_unlock(taken);
		return;
	}
	replayed = __atomic_load_n(&log_used, __ATOMIC_ACQUIRE);
	replay(console, 0, replayed);
	taken = log_lock();
	replay(console, replayed, log_used);
	if (log_overflowed) {
		static const char lost[] =
			"log: buffer full, later lines not replayed\n";

		console->write(lost, sizeof(lost) - 1);
	}
	state->live = true;
	log_unlock(taken);
}

/*
 * cold: this file is built -O2 for the lines every boot writes; what runs
 * at the end or in a panic is built for size instead.
 */
__attribute__((cold)) void log_enter_panic(void)
{
	const struct console *console;
	struct log_capture *capture = this_cpu()->capture;

	if (capture) {
		this_cpu()->capture = NULL;
		log_capture_emit(capture);
	}

	TABLE_FOR_EACH(console, CONSOLES)
		if (console_runs_here(console) &&
		    (console->flags & CONSOLE_PANIC_SAFE))
			console_enable(console);
}

__attribute__((cold)) void log_drain(void)
{
	const struct console *console;
	bool taken;

	log_end_deferral();
	taken = log_lock();

	TABLE_FOR_EACH(console, CONSOLES)
		if (state_of(console)->live && console->drain)
			console->drain();
	log_unlock(taken);
}

/* The stamp is formatted once (*start), in front of the text, and each
 * console takes the whole line in one write. */
static inline __attribute__((always_inline)) void
write_now(const struct console *console, const struct record_header *header,
	  char *line, const char **start)
{
	const char *text = line + STAMP_MAX;

	if (!*start)
		*start = format_timestamp(line + STAMP_MAX, header->tsc);
	console->write(*start, (size_t)(text - *start) + header->length);
}

/* emit's loop while other CPUs may write the slow consoles. */
static __attribute__((noinline)) void
emit_deferring(const struct record_header *header, char *line, size_t record,
	       bool kept)
{
	const struct console *console;
	const char *start = NULL;

	TABLE_FOR_EACH(console, CONSOLES) {
		struct console_state *state = state_of(console);

		if (state->live &&
		    !((console->flags & CONSOLE_DEFERRED) &&
		      left_to_writer(console, state, record, kept)) &&
		    passes(console, (enum log_level)header->level))
			write_now(console, header, line, &start);
	}
}

/* line: STAMP_MAX bytes of room, then the text. */
static void emit(const struct record_header *header, char *line)
{
	const struct console *console;
	const char *text = line + STAMP_MAX;
	const char *start = NULL;
	bool taken = log_lock();
	size_t record = log_used;
	bool kept =
		!log_overflowed &&
		record + sizeof(*header) + header->length <= LOG_BUFFER_SIZE;

	if (kept) {
		__builtin_memcpy(log_buffer + log_used, header,
				 sizeof(*header));
		memcpy(log_buffer + log_used + sizeof(*header), text,
		       header->length);
		/* After the record: console_enable reads up to it unlocked. */
		__atomic_store_n(&log_used,
				 log_used + sizeof(*header) + header->length,
				 __ATOMIC_RELEASE);
	} else {
		overflow(taken);
	}
	/* Only while another CPU may write the slow consoles do they take
	 * a look of their own. */
	if (deferral_open && smp_cpus_online > 1) {
		emit_deferring(header, line, record, kept);
	} else {
		TABLE_FOR_EACH(console, CONSOLES)
			if (state_of(console)->live &&
			    passes(console, (enum log_level)header->level))
				write_now(console, header, line, &start);
	}
	log_unlock(taken);
}

static bool capture(const struct record_header *header, const char *text)
{
	struct log_capture *capture = this_cpu()->capture;

	if (!capture)
		return false;
	/* Full: what it holds goes out first, so the lines keep their order
	 * (the block is split, its lines are not). */
	if (capture->used + sizeof(*header) + header->length >
	    sizeof(capture->records)) {
		log_emit_records(capture->records, capture->used);
		capture->used = 0;
	}
	__builtin_memcpy(capture->records + capture->used, header,
			 sizeof(*header));
	memcpy(capture->records + capture->used + sizeof(*header), text,
	       header->length);
	capture->used += sizeof(*header) + header->length;
	return true;
}

void log_capture_begin(struct log_capture *capture)
{
	capture->used = 0;
	this_cpu()->capture = capture;
}

void log_capture_end(void)
{
	this_cpu()->capture = NULL;
}

/* cold: once a piece of work run on another CPU (see log_enter_panic). */
__attribute__((cold)) void log_emit_records(const char *records, size_t length)
{
	struct record_header header;
	char line[STAMP_MAX + LOG_LINE_MAX];
	bool taken = log_lock(); /* the block stays one block */

	if (log_overflowed || log_used + length > LOG_BUFFER_SIZE)
		overflow(taken);
	for (size_t at = 0; at < length; at += sizeof(header) + header.length) {
		__builtin_memcpy(&header, records + at, sizeof(header));
		memcpy(line + STAMP_MAX, records + at + sizeof(header),
		       header.length);
		emit(&header, line);
	}
	log_unlock(taken);
}

void log_capture_emit(const struct log_capture *capture)
{
	log_emit_records(capture->records, capture->used);
}

bool log_wants(enum log_level level)
{
	return level == LOG_APP || level <= console_level;
}

/* The line's text is line->text[0..line->at): keeps it, and writes it. */
static void finish(enum log_level level, struct log_line *line)
{
	size_t length = (size_t)(line->at - line->text);
	struct record_header header = { .level = (uint8_t)level,
					.length = (uint16_t)(length + 1),
					.tsc = rdtsc() };

	line->text[length] = '\n';
	jitter_delay();
	if (!capture(&header, line->text))
		emit(&header, (char *)line);
}

/*
 * The digits are formatted to end in the line's slack, then moved to its
 * end in as many words as they fill: forward, so no word is stored over
 * one still to be read, and never reading past the slack.  No buffer on
 * the stack, so no canary to check.
 */
static void put_digits(struct log_line *line, const char *start,
		       const char *end)
{
	size_t length = (size_t)(end - start);

	log_line_put_words(line, start, LOG_LINE_WORDS(length), length);
}

void log_line_put_decimal_call(struct log_line *line, uint64_t value)
{
	/* At most 20 digits: they and the word after them fit the slack. */
	char *end = line->at + 24;

	_Static_assert(24 + 8 <= LOG_LINE_PIECE_MAX,
		       "the digits fit the slack");
	put_digits(line, fmt_decimal(end, value), end);
}

void log_line_put_hex_call(struct log_line *line, uint64_t value)
{
	char *end = line->at + 16;

	put_digits(line, fmt_hex(end, value), end);
}

void log_line_write(enum log_level level, struct log_line *line)
{
	if (log_wants(level))
		finish(level, line);
}

void log_printf(enum log_level level, const char *format, ...)
{
	struct log_line line;
	va_list args;

	/*
	 * A line above loglevel= reaches no console, live or replayed (both
	 * filter by it, and it only ever comes from the command line, read at
	 * CMDLINE): it is neither formatted nor kept.  An application's
	 * output (LOG_APP) passes whatever loglevel= says.
	 */
	if (!log_wants(level))
		return;
	va_start(args, format);
	/* One byte is kept for the '\n'. */
	int length = fmt_vsnprintf(line.text, LOG_LINE_MAX - 1, format, args);
	va_end(args);
	if (length < 0)
		length = 0;
	if (length > LOG_LINE_MAX - 2)
		length = LOG_LINE_MAX - 2;
	line.at = line.text + length;
	finish(level, &line);
}

static int parse_loglevel(const char *value, size_t length, bool has_value)
{
	if (!has_value || length != 1 || value[0] < '0' || value[0] > '7')
		return STATUS_EINVAL;
	console_level = (enum log_level)(value[0] - '0');
	return STATUS_OK;
}

CMDLINE_OPTION(loglevel_option) = {
	.name = "loglevel",
	.usage = "loglevel=N",
	.help = "print log lines of level N and more urgent (0-7; default 6)",
	.parse = parse_loglevel,
};
