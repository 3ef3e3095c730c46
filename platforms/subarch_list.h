/* SPDX-License-Identifier: MIT */
/*
 * The subarchs, one line each: SUBARCH(NAME, folder).  This is the only
 * list.  kernel/subarch.h makes SUBARCH_<NAME> bits (in line order) and
 * names of it; the Makefile, the generated linker script (linker.ld.in,
 * tools/linker-script.py), tools/inittab, tools/mismatch, the size report
 * and the tests read it.  Adding a subarch is one line here and its folder
 * platforms/<folder>/ (see docs/adding-an-init-entry.md).
 *
 * No include guard: every includer defines SUBARCH() to expand the lines.
 */
/* clang-format off */
SUBARCH(PC, pc)
SUBARCH(XEN, xen)
/* clang-format on */
