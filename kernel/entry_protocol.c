/* SPDX-License-Identifier: MIT */
#include "entry_protocol.h"

enum entry_protocol entry_protocol_from_magic(uint32_t magic)
{
	switch (magic) {
	case MULTIBOOT1_BOOT_MAGIC: return ENTRY_MULTIBOOT1;
	case MULTIBOOT2_BOOT_MAGIC: return ENTRY_MULTIBOOT2;
	case PVH_BOOT_MAGIC: return ENTRY_PVH;
	}
	return ENTRY_UNKNOWN;
}
