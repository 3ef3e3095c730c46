/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_FINAL_LINK_H
#define ONEPATH_FINAL_LINK_H
/*
 * The kernel is linked twice (Makefile): the final link adds read-only data
 * made from the first, the symbol table (tools/ksyms.py) and the init plan
 * (tools/inittab --plan-c), and no code moves between the two (the build
 * checks it).  That data is declared weak, since the first link has none,
 * and its address passes through here: an empty asm, so the compiler (LTO
 * included) cannot fold "none" into the code of the first link.
 */
static inline const void *final_link_data(const void *pointer)
{
	__asm__("" : "+r"(pointer));
	return pointer;
}

#endif
