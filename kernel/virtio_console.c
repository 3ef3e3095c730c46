/* SPDX-License-Identifier: MIT */
/*
 * A virtio console on a virtio-mmio transport the command line names
 * (virtio_mmio.device=, kernel/virtio_mmio.h), as a virtual machine
 * monitor without ACPI names its devices: the log on port 0 of the
 * console, through its transmit queue (kernel/virtqueue.c).  Under KVM a
 * byte to port 0xe9 or COM1 is a VM exit; here a line is one, the queue
 * notification, whatever its length.  Transport versions 1 (legacy:
 * QEMU's default for virtio-mmio) and 2.  A write does not wait for the
 * device (QEMU serves the queue from another thread through an ioeventfd
 * under KVM, which a loaded host may schedule milliseconds later) unless
 * every buffer is out; before the machine stops, log_drain waits until it
 * has taken every line, so a panic's last line is out too.
 */
#include "cmdline_option.h"
#include "console.h"
#include "cpu.h"
#include "log.h"
#include "page_tables.h"
#include "status.h"
#include "tsc.h"
#include "virtio_mmio.h"
#include "virtqueue.h"
#include "../tables/init.h"

#define VIRTIO_MMIO_DEVICES_MAX 8

/* Registers (virtio 1.x, 4.2.2; the legacy ones from 4.2.4). */
#define REG_MAGIC 0x000
#define REG_VERSION 0x004
#define REG_DEVICE_ID 0x008
#define REG_DEVICE_FEATURES 0x010
#define REG_DEVICE_FEATURES_SEL 0x014
#define REG_DRIVER_FEATURES 0x020
#define REG_DRIVER_FEATURES_SEL 0x024
#define REG_LEGACY_GUEST_PAGE_SIZE 0x028
#define REG_QUEUE_SEL 0x030
#define REG_QUEUE_NUM_MAX 0x034
#define REG_QUEUE_NUM 0x038
#define REG_LEGACY_QUEUE_ALIGN 0x03c
#define REG_LEGACY_QUEUE_PFN 0x040
#define REG_QUEUE_READY 0x044
#define REG_QUEUE_NOTIFY 0x050
#define REG_STATUS 0x070
#define REG_QUEUE_DESC 0x080
#define REG_QUEUE_DRIVER 0x090
#define REG_QUEUE_DEVICE 0x0a0

#define VIRTIO_MAGIC 0x74726976 /* "virt" */
#define TRANSPORT_LEGACY 1
#define TRANSPORT_MODERN 2
#define DEVICE_CONSOLE 3
#define DEVICE_ACKNOWLEDGE 1
#define DEVICE_DRIVER 2
#define DEVICE_DRIVER_OK 4
#define DEVICE_FEATURES_OK 8
/* VIRTIO_F_VERSION_1 is feature bit 32: bit 0 of feature word 1. */
#define VERSION_1_WORD 1
#define VERSION_1_BIT 1u
/* Port 0 without multiport: receiveq 0, transmitq 1 (virtio 1.x, 5.3.2). */
#define TRANSMIT_QUEUE 1
#define LEGACY_PAGE_SIZE 4096
/* How long the device may take nothing before the console is given up. */
#define VIRTIO_STALL_SECONDS 5

static struct virtio_mmio_window windows[VIRTIO_MMIO_DEVICES_MAX];
static uint32_t window_count;

static volatile uint32_t *transport; /* the console's, once set up */
static struct virtq queue;
static struct virtq_area queue_area __attribute__((aligned(VIRTQ_ALIGN)));
static char queue_buffers[VIRTQ_SIZE][VIRTQ_BUFFER_SIZE];

static uint32_t reg_read(volatile uint32_t *base, uint32_t offset)
{
	return base[offset / sizeof(uint32_t)];
}

static void reg_write(volatile uint32_t *base, uint32_t offset, uint32_t value)
{
	base[offset / sizeof(uint32_t)] = value;
}

static void reg_write_address(volatile uint32_t *base, uint32_t offset,
			      const void *address)
{
	reg_write(base, offset, (uint32_t)(uintptr_t)address);
	reg_write(base, offset + sizeof(uint32_t),
		  (uint32_t)((uint64_t)(uintptr_t)address >> 32));
}

static void notify(void)
{
	reg_write(transport, REG_QUEUE_NOTIFY, TRANSMIT_QUEUE);
}

static bool device_wait(unsigned int round)
{
	static uint64_t deadline;

	if (round == 1)
		deadline = tsc_deadline(VIRTIO_STALL_SECONDS);
	__asm__ volatile("pause");
	return rdtsc() < deadline;
}

/* The console is given up before the report, which the log then writes
 * to the other consoles, not back into this one. */
static void queue_failed(enum virtq_status status)
{
	uintptr_t at = (uintptr_t)transport;

	transport = NULL;
	log_err("virtio: %s: the console at 0x%llx took nothing for %u s or "
		"returned buffers it did not have; the log stays on the other "
		"consoles",
		virtq_status_name(status), (unsigned long long)at,
		VIRTIO_STALL_SECONDS);
}

static void virtio_console_write(const char *text, size_t length)
{
	enum virtq_status status;

	if (!transport)
		return;
	status = virtq_write(&queue, text, length, notify, device_wait);
	if (status != VIRTQ_OK)
		queue_failed(status);
}

static void virtio_console_drain(void)
{
	enum virtq_status status;

	if (!transport)
		return;
	status = virtq_drain(&queue, device_wait);
	if (status != VIRTQ_OK)
		queue_failed(status);
}

CONSOLE_ENTRY(virtio_console, 40) = {
	.name = "virtio-console",
	.subarchs = SUBARCH_ALL,
	.flags = CONSOLE_NEEDS_ENABLE,
	.write = virtio_console_write,
	.drain = virtio_console_drain,
};

static int parse_virtio_mmio_device(const char *value, size_t length,
				    bool has_value)
{
	if (!has_value || window_count == VIRTIO_MMIO_DEVICES_MAX ||
	    !virtio_mmio_parse(value, length, &windows[window_count]))
		return STATUS_EINVAL;
	window_count++;
	return STATUS_OK;
}

CMDLINE_OPTION(virtio_mmio_device_option) = {
	.name = "virtio_mmio.device",
	.usage = "virtio_mmio.device=SIZE@BASE:IRQ[:ID]",
	.help = "a virtio-mmio transport (Linux's syntax; up to 8): a console "
		"there gets the log",
	.parse = parse_virtio_mmio_device,
};

/* Features: none but, on version 2, VIRTIO_F_VERSION_1, which it must
 * offer and keep. */
static __init bool negotiate(volatile uint32_t *base, uint32_t version)
{
	reg_write(base, REG_DRIVER_FEATURES_SEL, 0);
	reg_write(base, REG_DRIVER_FEATURES, 0);
	if (version == TRANSPORT_LEGACY)
		return true;
	reg_write(base, REG_DEVICE_FEATURES_SEL, VERSION_1_WORD);
	if (!(reg_read(base, REG_DEVICE_FEATURES) & VERSION_1_BIT))
		return false;
	reg_write(base, REG_DRIVER_FEATURES_SEL, VERSION_1_WORD);
	reg_write(base, REG_DRIVER_FEATURES, VERSION_1_BIT);
	reg_write(base, REG_STATUS,
		  DEVICE_ACKNOWLEDGE | DEVICE_DRIVER | DEVICE_FEATURES_OK);
	return reg_read(base, REG_STATUS) & DEVICE_FEATURES_OK;
}

static __init void queue_give(volatile uint32_t *base, uint32_t version)
{
	reg_write(base, REG_QUEUE_NUM, VIRTQ_SIZE);
	if (version == TRANSPORT_LEGACY) {
		reg_write(base, REG_LEGACY_QUEUE_ALIGN, VIRTQ_ALIGN);
		reg_write(
			base, REG_LEGACY_QUEUE_PFN,
			(uint32_t)((uintptr_t)&queue_area / LEGACY_PAGE_SIZE));
		return;
	}
	reg_write_address(base, REG_QUEUE_DESC, queue_area.desc);
	reg_write_address(base, REG_QUEUE_DRIVER, &queue_area.avail);
	reg_write_address(base, REG_QUEUE_DEVICE, &queue_area.used);
	reg_write(base, REG_QUEUE_READY, 1);
}

/* Device initialization (virtio 1.x, 3.1): reset, acknowledge, features,
 * the transmit queue, driver OK. */
static __init int console_start(volatile uint32_t *base, uint32_t version)
{
	reg_write(base, REG_STATUS, 0);
	reg_write(base, REG_STATUS, DEVICE_ACKNOWLEDGE | DEVICE_DRIVER);
	if (!negotiate(base, version)) {
		log_err("virtio: E_VIRTIO_FEATURES: the console at 0x%llx "
			"refused VIRTIO_F_VERSION_1",
			(unsigned long long)(uintptr_t)base);
		return STATUS_EIO;
	}
	if (version == TRANSPORT_LEGACY)
		reg_write(base, REG_LEGACY_GUEST_PAGE_SIZE, LEGACY_PAGE_SIZE);
	reg_write(base, REG_QUEUE_SEL, TRANSMIT_QUEUE);
	uint32_t most = reg_read(base, REG_QUEUE_NUM_MAX);

	if (most < VIRTQ_SIZE) {
		log_err("virtio: E_VIRTIO_QUEUE_TOO_SMALL: the console at "
			"0x%llx offers %u entries in its transmit queue, fewer "
			"than %u",
			(unsigned long long)(uintptr_t)base, most, VIRTQ_SIZE);
		return STATUS_EIO;
	}
	virtq_init(&queue, &queue_area, queue_buffers);
	queue_give(base, version);
	reg_write(base, REG_STATUS,
		  reg_read(base, REG_STATUS) | DEVICE_DRIVER_OK);
	return STATUS_OK;
}

static __init bool transports_given(const struct boot_params *params)
{
	(void)params;
	return window_count != 0;
}

static __init int virtio_console_init(struct boot_params *params)
{
	(void)params;
	for (uint32_t i = 0; i < window_count; i++) {
		volatile uint32_t *base =
			(volatile uint32_t *)(uintptr_t)windows[i].base;
		uint32_t version = reg_read(base, REG_VERSION);

		if (reg_read(base, REG_MAGIC) != VIRTIO_MAGIC ||
		    (version != TRANSPORT_LEGACY &&
		     version != TRANSPORT_MODERN) ||
		    reg_read(base, REG_DEVICE_ID) != DEVICE_CONSOLE)
			continue;
		/* Its registers lie outside the memory map: kept mapped
		 * once page_tables switches to its own tables. */
		int status = page_tables_map_device(
			"virtio console", windows[i].base, windows[i].size);

		if (!status)
			status = console_start(base, version);

		if (status)
			return status;
		transport = base;
		log_info("virtio: console at 0x%llx (virtio-mmio version %u, "
			 "IRQ %u): one notification a line",
			 (unsigned long long)windows[i].base, version,
			 windows[i].irq);
		console_enable(&virtio_console);
		return STATUS_OK;
	}
	log_info("virtio: no console among the %u virtio-mmio transports "
		 "given",
		 window_count);
	return STATUS_ENODEV;
}

INIT_ENTRY(virtio_console, CONSOLE, SUBARCH_ALL, virtio_console_init,
	   INIT_NO_DEPS, .detect = transports_given);
