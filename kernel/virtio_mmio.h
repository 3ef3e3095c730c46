/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_VIRTIO_MMIO_H
#define ONEPATH_VIRTIO_MMIO_H
/*
 * A virtio-mmio transport as a virtual machine monitor names it on the
 * kernel command line, in Linux's syntax (QEMU's microvm with acpi=off,
 * Firecracker): virtio_mmio.device=<size>@<base>:<irq>[:<id>], sizes and
 * addresses in C notation with an optional K, M or G.  Host-compilable.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The registers of version 1 and 2 end below this. */
#define VIRTIO_MMIO_REGISTERS_SIZE 0x100
/* The transport must lie where the early page tables map (the low 4 GiB):
 * its console starts before the kernel's own. */
#define VIRTIO_MMIO_LIMIT (1ull << 32)

struct virtio_mmio_window {
	uint64_t base, size;
	uint32_t irq;
};

/* value is not NUL-terminated.  False for anything else than the syntax
 * above, a size below VIRTIO_MMIO_REGISTERS_SIZE or a window that does not
 * end below VIRTIO_MMIO_LIMIT. */
bool virtio_mmio_parse(const char *value, size_t length,
		       struct virtio_mmio_window *out);

#endif
