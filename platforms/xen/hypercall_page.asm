; SPDX-License-Identifier: MIT
; The page Xen fills with hypercall stubs when its address is written to
; the hypercall MSR.  Until then every byte is int3, so a hypercall made
; too early traps instead of running zeros.  A .text.page.* section:
; linker.ld.in puts whole pages first, so no padding precedes it.
%include "boot/constants.inc"

section .text.page.xen_hypercall_page progbits alloc exec nowrite align=PAGE_SIZE
global xen_hypercall_page
xen_hypercall_page:
	times PAGE_SIZE db 0xcc

; No executable stack: this object only adds code and data.
section .note.GNU-stack noalloc noexec nowrite progbits
