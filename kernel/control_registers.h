/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_CONTROL_REGISTERS_H
#define ONEPATH_CONTROL_REGISTERS_H
/*
 * Control-register and EFER bits, for C and for the asm that enters long
 * mode (tools/asm-constants.py), so that each is written here only.
 */
#define CR0_PE (1u << 0)
#define CR0_WP (1u << 16)
#define CR0_PG (1u << 31)

#define CR4_PAE (1u << 5)
#define CR4_SMEP (1u << 20)
#define CR4_SMAP (1u << 21)

#define MSR_EFER 0xc0000080u
#define EFER_LME (1u << 8)
#define EFER_NXE (1u << 11)

#endif
