/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_VECTORS_H
#define ONEPATH_VECTORS_H
/* The x86 exception vectors, and those the kernel treats apart from the
 * others.  Shared with kernel/exception_entry.asm (c_constants.inc). */
#define EXCEPTION_VECTORS 32
/* Bytes from one vector's stub to the next (kernel/exception_entry.asm). */
#define EXCEPTION_STUB_SIZE 8
#define VECTOR_DOUBLE_FAULT 8 /* runs on its own IST stack */
#define VECTOR_PAGE_FAULT 14

#endif
