/* SPDX-License-Identifier: MIT */
/*
 * Finding ACPI tables through the RSDT or XSDT the acpi entry validated:
 * every table is read only where the memory map allows (acpi_window), and
 * counts only if its length is sane and its checksum holds.
 */
#include "acpi.h"
#include "klib.h"
#include "log.h"
#include "../tables/init.h"

#define TABLE_MAX_LENGTH (1u << 20)

/* A table the memory map does not let us read is named, not followed. */
static __init bool outside_memory_map(uint64_t address, uint64_t length)
{
	log_err("acpi: E_ACPI_OUTSIDE_MEMORY_MAP: a table at 0x%llx (%llu "
		"bytes) is not where the memory map allows firmware tables",
		(unsigned long long)address, (unsigned long long)length);
	return false;
}

/*
 * The table at address, whole, as a window, if the memory map lets it be
 * read and its length is sane.  Address 0 is no table.
 */
static __init bool table_placed(const struct boot_params *params,
				uint64_t address, struct acpi_header *header,
				struct phys_window *table)
{
	struct phys_window head;

	if (!address)
		return false;
	if (!acpi_window(params, address, sizeof(*header), &head))
		return outside_memory_map(address, sizeof(*header));
	phys_read(&head, address, header, sizeof(*header));
	if (header->length < sizeof(*header) ||
	    header->length > TABLE_MAX_LENGTH)
		return false;
	if (!acpi_window(params, address, header->length, table))
		return outside_memory_map(address, header->length);
	return true;
}

static __init bool checksum_holds(const struct phys_window *table)
{
	return acpi_checksum(table->bytes, table->end - table->start) == 0;
}

__init bool acpi_table_placed(const struct boot_params *params,
			      uint64_t address, const char *signature,
			      struct phys_window *table)
{
	struct acpi_header header;

	return table_placed(params, address, &header, table) &&
	       !memcmp(header.signature, signature, 4);
}

/*
 * The root table is named by the RSDP we validated, so its checksum, not
 * its signature, decides.  Xen 4.17 builds a PVH dom0's XSDT by copying the
 * native XSDT's header; on firmware with none (SeaBIOS) that header comes
 * from address 0, and the signature is real-mode vector bytes.
 */
static __init bool root_valid(const struct boot_params *params,
			      uint64_t address, const char *signature,
			      struct phys_window *table)
{
	struct acpi_header header;

	if (!table_placed(params, address, &header, table) ||
	    !checksum_holds(table))
		return false;
	if (memcmp(header.signature, signature, 4)) {
		const uint8_t *bytes = (const uint8_t *)header.signature;

		log_warn("acpi: W_ACPI_ROOT_SIGNATURE: %s at 0x%llx is signed "
			 "%02x %02x %02x %02x; its checksum holds, so it is "
			 "used",
			 signature, (unsigned long long)address, bytes[0],
			 bytes[1], bytes[2], bytes[3]);
	}
	return true;
}

__init bool acpi_find_table(const struct boot_params *params,
			    const char *signature, struct phys_window *found)
{
	bool extended = acpi_root.xsdt != 0;
	uint64_t root = extended ? acpi_root.xsdt : acpi_root.rsdt;
	unsigned int width = extended ? 8 : 4;
	struct phys_window table;

	if (!root_valid(params, root, extended ? "XSDT" : "RSDT", &table))
		return false;
	for (uint64_t entry = table.start + sizeof(struct acpi_header);
	     entry + width <= table.end; entry += width) {
		uint64_t address = 0;

		phys_read(&table, entry, &address, width);
		/* Only the table asked for is summed. */
		if (acpi_table_placed(params, address, signature, found) &&
		    checksum_holds(found))
			return true;
	}
	return false;
}
