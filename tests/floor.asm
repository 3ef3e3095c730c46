; SPDX-License-Identifier: MIT
; The floor kernel of `make bench`: the least a kernel can do through these
; doors, one byte to port 0xe9 and an exit through isa-debug-exit, so that
; the bench can say what QEMU itself costs and what onepath adds to it.
; One image for two doors: a Multiboot 1 header with the address fields
; (QEMU's loader then copies it flat) and a Xen PVH note; a copy with the
; Multiboot 1 magic cleared (tools/clear-multiboot1.py) boots by PVH.
bits 32
section .text progbits alloc exec nowrite align=4
global multiboot1_header, entry
multiboot1_header:
	dd 0x1badb002, 0x10000, -(0x1badb002 + 0x10000)
	dd multiboot1_header, multiboot1_header, end, 0, entry
entry:                          ; both doors: 32-bit, flat segments, no stack
	mov al, '.'
	out 0xe9, al
	mov al, 1               ; onepath's success byte (code 0 + 1): QEMU exits with 3
	out 0xf4, al
.halt:	hlt
	jmp .halt
end:

section .note.Xen note alloc noexec nowrite align=4
	dd 4, 4, 18             ; XEN_ELFNOTE_PHYS32_ENTRY
	db "Xen", 0
	dd entry
