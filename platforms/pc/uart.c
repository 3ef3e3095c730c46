/* SPDX-License-Identifier: MIT */
/*
 * COM1, a 16550 UART: the PC's serial console.  It is set up (115200 8N1,
 * FIFOs on) by its init entry, which then replays the log to it.  The
 * entry runs at the MEMORY level, once the TSC frequency is known (by the
 * end of the CPU level, where a timing window may close), so every line
 * of the replay carries its time; until then a panic still reaches COM1
 * (it is panic-safe).  Under Xen the UART belongs to the hypervisor, so
 * this is PC-only.
 */
#include "../../kernel/console.h"
#include "../../kernel/cpu.h"
#include "../../kernel/status.h"
#include "../../kernel/teardown.h"
#include "../../tables/init.h"

#define COM1 0x3f8
#define UART_DATA 0
#define UART_INTERRUPTS 1
#define UART_DIVISOR_LOW 0
#define UART_DIVISOR_HIGH 1
#define UART_FIFO_CONTROL 2
#define UART_LINE_CONTROL 3
#define UART_MODEM_CONTROL 4
#define UART_LINE_STATUS 5
#define UART_SCRATCH 7

#define LINE_DLAB 0x80
#define LINE_8N1 0x03
#define FIFO_ENABLE_CLEAR 0x07
#define MODEM_DTR_RTS_OUT2 0x0b
#define STATUS_THR_EMPTY 0x20
#define STATUS_TRANSMITTER_EMPTY 0x40
#define BAUD_115200_DIVISOR 1
#define THR_EMPTY_SPINS 100000
#define FIFO_BYTES 16

/* One byte at a time until the init entry turns the FIFO on (a panic may
 * write to a UART nobody set up). */
static size_t fifo_bytes = 1;
/* Bytes the transmitter takes before the UART must be asked again. */
static size_t fifo_room;

/* Bounded: a missing or stuck UART must not hang the boot. */
static void wait_for_empty_fifo(void)
{
	for (int spin = 0; spin < THR_EMPTY_SPINS; spin++)
		if (inb(COM1 + UART_LINE_STATUS) & STATUS_THR_EMPTY)
			return;
}

/*
 * With its FIFO on, the 16550 says THR empty only when the whole FIFO is:
 * then 16 bytes go in at once (one `rep outsb`), and the line status is
 * read again only when those are used up.  Without the FIFO that is one
 * byte a time.
 */
static void com1_write(const char *text, size_t length)
{
	size_t room = fifo_room;

	while (length > room) {
		outsb(COM1 + UART_DATA, text, room);
		text += room;
		length -= room;
		wait_for_empty_fifo();
		room = fifo_bytes;
	}
	outsb(COM1 + UART_DATA, text, length);
	fifo_room = room - length;
}

CONSOLE_ENTRY(com1_console, 50) = {
	.name = "com1",
	.subarchs = SUBARCH_PC,
	.flags = CONSOLE_NEEDS_ENABLE | CONSOLE_PANIC_SAFE | CONSOLE_DEFERRED,
	.write = com1_write,
};

static int pc_uart_init(struct boot_params *params)
{
	(void)params;
	/* No UART answers on an empty port: its scratch register won't hold. */
	outb(COM1 + UART_SCRATCH, 0x5a);
	if (inb(COM1 + UART_SCRATCH) != 0x5a)
		return STATUS_ENODEV;
	outb(COM1 + UART_INTERRUPTS, 0);
	outb(COM1 + UART_LINE_CONTROL, LINE_DLAB);
	outb(COM1 + UART_DIVISOR_LOW, BAUD_115200_DIVISOR);
	outb(COM1 + UART_DIVISOR_HIGH, 0);
	outb(COM1 + UART_LINE_CONTROL, LINE_8N1);
	outb(COM1 + UART_FIFO_CONTROL, FIFO_ENABLE_CLEAR);
	outb(COM1 + UART_MODEM_CONTROL, MODEM_DTR_RTS_OUT2);
	fifo_bytes = FIFO_BYTES;
	fifo_room = 0;
	console_enable(&com1_console);
	return STATUS_OK;
}

INIT_ENTRY(pc_uart, MEMORY, SUBARCH_PC, pc_uart_init, INIT_NO_DEPS);

/* The last bytes may still sit in the FIFO when the machine powers off:
 * wait (bounded) until the transmitter has sent them all. */
static void pc_uart_drain(const struct boot_params *params)
{
	(void)params;
	for (int spin = 0; spin < THR_EMPTY_SPINS; spin++)
		if (inb(COM1 + UART_LINE_STATUS) & STATUS_TRANSMITTER_EMPTY)
			return;
}

TEARDOWN_ENTRY(pc_uart, SUBARCH_PC, pc_uart_drain);
