/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_LOG_H
#define ONEPATH_LOG_H
/*
 * The boot log.  Every line is kept in a buffer (so late consoles and the
 * panic path can replay it) and written to the live consoles of the
 * current subarch if its level passes loglevel= (default LOG_INFO).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fmt.h"

enum log_level {
	LOG_EMERG = 0,
	LOG_ERR = 3,
	LOG_WARN = 4,
	LOG_NOTICE = 5,
	LOG_INFO = 6,
	LOG_DEBUG = 7,
	/* The application's own output (app_printf): every console prints
	 * it whatever loglevel= says, but a warnings-only one. */
	LOG_APP = 8,
};

/* Makes the consoles of boot_params.subarch live that need no set-up. */
void log_start(void);
void log_printf(enum log_level level, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* Whether a line of this level reaches a console: a caller that formats
 * something only for such a line asks first. */
bool log_wants(enum log_level level);

#define log_err(...) log_printf(LOG_ERR, __VA_ARGS__)
#define log_warn(...) log_printf(LOG_WARN, __VA_ARGS__)
#define log_notice(...) log_printf(LOG_NOTICE, __VA_ARGS__)
#define log_info(...) log_printf(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_printf(LOG_DEBUG, __VA_ARGS__)

/*
 * A line built in place, piece by piece, for lines too frequent to be
 * worth a format string (the init walk's): room for the time stamp in
 * front, so the log writes it where the text already is, and slack behind
 * the text, so a piece is stored whole and clipped after (pieces are short
 * and lines are short: only a clipped line's slack holds anything).  At
 * most LOG_LINE_MAX - 2 bytes of text are kept, as log_printf keeps.
 */
#define LOG_STAMP_ROOM 32
/* Inlined even where the file is built -Os: a call per piece would cost
 * more than the piece. */
#define LOG_LINE_INLINE static inline __attribute__((always_inline))
#define LOG_LINE_MAX 256
#define LOG_LINE_PIECE_MAX 32
struct log_line {
	char stamp_room[LOG_STAMP_ROOM];
	char text[LOG_LINE_MAX + LOG_LINE_PIECE_MAX];
	char *at; /* the next byte of text */
};

LOG_LINE_INLINE void log_line_start(struct log_line *line)
{
	line->at = line->text;
}

LOG_LINE_INLINE size_t log_line_room(const struct log_line *line)
{
	return (size_t)(line->text + LOG_LINE_MAX - 2 - line->at);
}

/*
 * The end of a piece of length bytes stored at `at`, clipped to the room:
 * the slack behind the text holds any piece whole, so the sum is still in
 * the line (one add and one compare, not a room to take first).
 */
LOG_LINE_INLINE char *log_line_clip(struct log_line *line, char *at,
				    size_t length)
{
	char *end = at + length, *limit = line->text + LOG_LINE_MAX - 2;

	return end < limit ? end : limit;
}

/* Advances over a piece of length bytes just stored, clipped to the room. */
LOG_LINE_INLINE void log_line_advance(struct log_line *line, size_t length)
{
	line->at = log_line_clip(line, line->at, length);
}

/*
 * Stores whole 8-byte words at the line's end, `from` holding all of them,
 * and advances over the piece's length bytes, clipped to the room.  Word
 * moves, not a memcpy of an odd size: no `rep` start-up for a few bytes
 * (under TCG each `rep` iteration counts as an instruction).  The end is
 * read once, before the stores: a store through a char pointer might
 * change it, so each one would read it again.
 */
LOG_LINE_INLINE void log_line_put_words(struct log_line *line, const char *from,
					size_t words, size_t length)
{
	char *at = line->at;

	for (size_t i = 0; i < words; i++) {
		uint64_t word;

		__builtin_memcpy(&word, from + 8 * i, 8);
		__builtin_memcpy(at + 8 * i, &word, 8);
	}
	line->at = log_line_clip(line, at, length);
}

#define LOG_LINE_WORDS(bytes) (((bytes) + 7) / 8)

/* A string literal, in as many word moves as it has 8 bytes: its length
 * is known here, and its copy is padded to whole words. */
#define log_line_put_literal(line, literal)                                    \
	do {                                                                   \
		static const char                                              \
			piece_[8 * LOG_LINE_WORDS(sizeof(literal) - 1)] =      \
				literal;                                       \
		_Static_assert(sizeof(literal) - 1 <= LOG_LINE_PIECE_MAX,      \
			       "a piece fits the slack");                      \
		log_line_put_words(line, piece_,                               \
				   LOG_LINE_WORDS(sizeof(literal) - 1),        \
				   sizeof(literal) - 1);                       \
	} while (0)

LOG_LINE_INLINE void log_line_put(struct log_line *line, const char *text)
{
	line->at = fmt_copy_string(line->at, text, log_line_room(line));
}

LOG_LINE_INLINE void log_line_put_decimal(struct log_line *line, uint64_t value)
{
	/* At most 20 digits, ending at digits + 24: the 24 bytes from the
	 * first of them are stored whole. */
	char digits[2 * 24];
	char *start = fmt_decimal(digits + 24, value);

	_Static_assert(24 <= LOG_LINE_PIECE_MAX, "the digits fit the slack");
	log_line_put_words(line, start, 3, (size_t)(digits + 24 - start));
}

/* Hex digits, no zeros in front ("0x" is the caller's). */
LOG_LINE_INLINE void log_line_put_hex(struct log_line *line, uint64_t value)
{
	/* At most 16 digits, ending at digits + 16. */
	char digits[2 * 16];
	char *start = fmt_hex(digits + 16, value);

	log_line_put_words(line, start, 2, (size_t)(digits + 16 - start));
}

/* 16 hex digits, zeros in front. */
LOG_LINE_INLINE void log_line_put_hex16(struct log_line *line, uint64_t value)
{
	_Static_assert(16 <= LOG_LINE_PIECE_MAX, "the digits fit the slack");
	fmt_hex16(line->at, value);
	log_line_advance(line, 16);
}

/*
 * log_line_put_decimal and log_line_put_hex as calls, for lines written
 * once a boot: there the inlined digits cost more bytes than a call costs
 * instructions.
 */
void log_line_put_decimal_call(struct log_line *line, uint64_t value);
void log_line_put_hex_call(struct log_line *line, uint64_t value);

/* Logs the line built (its '\n' is added). */
void log_line_write(enum log_level level, struct log_line *line);

/* Makes every panic-safe console of the subarch live (replaying the log);
 * before log_start, of every subarch. */
void log_enter_panic(void);
/* Before the machine stops: every live console that takes lines later
 * than it is given them is waited for. */
void log_drain(void);

/* An idle CPU's share of the log: the slow consoles' lines, if it is (or
 * becomes) their writer, until they are written or a job comes. */
void log_write_deferred(void);
/* The end of init: the slow consoles' writer is waited for (bounded) and
 * from now on every line is written by the CPU that logs it. */
void log_end_deferral(void);

/*
 * Keeping one piece of work's lines together: between log_capture_begin and
 * log_capture_end, the running CPU's lines go to capture instead of the
 * log, and log_capture_emit later puts them in the log as one block (with
 * the times they were logged).  A panic on that CPU emits them first.  A
 * capture that fills up puts what it holds in the log first and goes on.
 */
#define LOG_CAPTURE_SIZE 4096
struct log_capture {
	size_t used;
	char records[LOG_CAPTURE_SIZE];
};

void log_capture_begin(struct log_capture *capture);
void log_capture_end(void);
void log_capture_emit(const struct log_capture *capture);
/* Emits records[0..length) copied out of a capture, as one block. */
void log_emit_records(const char *records, size_t length);

#endif
