/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_VECTORS_H
#define ONEPATH_VECTORS_H
/* The x86 exception vectors the kernel treats apart from the others. */
#define VECTOR_DOUBLE_FAULT 8 /* runs on its own IST stack */
#define VECTOR_PAGE_FAULT 14

#endif
