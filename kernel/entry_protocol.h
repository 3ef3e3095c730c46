/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_ENTRY_PROTOCOL_H
#define ONEPATH_ENTRY_PROTOCOL_H
#include <stdint.h>

#include "boot_params.h"

/* The door a saved magic stands for; ENTRY_UNKNOWN for anything else. */
enum entry_protocol entry_protocol_from_magic(uint32_t magic);

#endif
