/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_BOOT_PARAMS_H
#define ONEPATH_BOOT_PARAMS_H
/*
 * struct boot_params, our "zero page": whatever door the kernel came in by,
 * its boot information is normalised into this one structure before the
 * common path runs.  Nothing after the parsers looks at a boot protocol.
 */
#include <stdint.h>

enum entry_protocol {
	ENTRY_UNKNOWN = 0,
	ENTRY_MULTIBOOT1,
	ENTRY_MULTIBOOT2,
	ENTRY_PVH,
};

/* The magic values the entries save: the first two arrive in EAX. */
#define MULTIBOOT1_BOOT_MAGIC 0x2badb002u
#define MULTIBOOT2_BOOT_MAGIC 0x36d76289u
/* PVH passes no magic in a register; its entry saves the value that
 * hvm_start_info.magic must hold, and the parser checks the structure. */
#define PVH_BOOT_MAGIC 0x336ec578u

enum e820_type {
	E820_USABLE = 1,
	E820_RESERVED = 2,
	E820_ACPI = 3,
	E820_NVS = 4,
	E820_UNUSABLE = 5,
	E820_DISABLED = 6,
	E820_PMEM = 7,
};

struct e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
};

struct boot_module {
	uint64_t start;
	uint64_t end; /* exclusive */
	char cmdline[128];
};

/* The RSDP's bytes: those its first checksum covers (ACPI 1.0), and the
 * whole structure from revision 2 on (the revision byte at offset 15). */
#define RSDP_V1_LENGTH 20
#define RSDP_V2_LENGTH 36
#define RSDP_REVISION_OFFSET 15

#define BOOT_MEMMAP_MAX 128
#define BOOT_CMDLINE_MAX 4096 /* bytes, the terminating NUL included */
#define BOOT_MODULES_MAX 16
#define BOOT_LOADER_NAME_MAX 64
#define BOOT_WARNINGS_MAX 8
#define BOOT_WARNING_LEN 96

/* boot_params.flags */
#define BOOT_FLAG_INITIAL_DOMAIN (1u << 0) /* PVH SIF_INITDOMAIN: Xen dom0 */
#define BOOT_FLAG_PRIVILEGED (1u << 1)     /* PVH SIF_PRIVILEGED */
#define BOOT_FLAG_MEMMAP_PENDING                                               \
	(1u << 2) /* no map given: a platform entry                            \
		     must fetch it (Xen PVH v0) */

/*
 * Where the loader's strings were.  They must lie in RAM, which only the
 * normalised map tells, and that comes after they were read (multiboot 1
 * lists the command line before the map; Xen PVH v0 gives it by hypercall,
 * after the parse): so the parsers note each one, and they are checked
 * once the map is known.  A command line, a loader name and one per module.
 */
#define BOOTINFO_PLACES_MAX (2 + BOOT_MODULES_MAX)

struct bootinfo_places {
	uint32_t count;
	struct bootinfo_place {
		uint64_t start, end; /* the NUL included */
		char what[24];       /* "cmdline", "module 15 cmdline" */
	} places[BOOTINFO_PLACES_MAX];
};

/* Below 1 MiB: real-mode memory, the BIOS areas and the VGA hole; never
 * RAM to hand out, and where a PC's firmware tables may be. */
#define LOW_MEMORY_END 0x100000ull

struct boot_params {
	enum entry_protocol protocol;
	unsigned int subarch;  /* one SUBARCH_* bit */
	uint32_t flags;        /* BOOT_FLAG_* */
	uint32_t info_version; /* hvm_start_info version; 0 otherwise */
	uint64_t info_addr;    /* where the loader put its boot info */
	char loader[BOOT_LOADER_NAME_MAX]; /* "" when the protocol gives none */
	char image[128]; /* multiboot: the image path the loader
			    put before the command line */
	char cmdline[BOOT_CMDLINE_MAX];
	uint32_t memmap_count;
	struct e820_entry
		memmap[BOOT_MEMMAP_MAX]; /* sorted, merged, disjoint */
	uint32_t module_count;
	struct boot_module modules[BOOT_MODULES_MAX];
	uint64_t rsdp; /* 0 when the loader gave none */
	/*
	 * The RSDP itself, copied while the boot info is parsed, so that
	 * ACPI never follows a loader's pointer: multiboot 2 hands over a
	 * copy (tags 14 and 15), PVH an address (rsdp, read through the
	 * boot-info window), the PC's BIOS-area scan finds one.
	 * RSDP_V1_LENGTH bytes for ACPI 1.0, RSDP_V2_LENGTH for 2.0+;
	 * rsdp_copy_length is 0 when there is
	 * none.
	 */
	uint8_t rsdp_copy[RSDP_V2_LENGTH];
	uint32_t rsdp_copy_length;
	uint64_t efi_system_table; /* multiboot 2 tags 11/12; 0 if none */
	struct bootinfo_places pending_places; /* strings still to check
						  against a pending map */
	uint32_t warning_count; /* input clamped rather than rejected */
	char warnings[BOOT_WARNINGS_MAX][BOOT_WARNING_LEN];
};

/* The kernel's one instance (kernel/main.c): the only place the subarch
 * the machine runs, and everything else the loader said, is kept. */
extern struct boot_params boot_params;

const char *entry_protocol_name(enum entry_protocol protocol);
/* The door a saved magic stands for; ENTRY_UNKNOWN for anything else. */
enum entry_protocol entry_protocol_from_magic(uint32_t magic);
const char *e820_type_name(uint32_t type);

#endif
