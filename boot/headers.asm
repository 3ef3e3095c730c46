; SPDX-License-Identifier: MIT
; The three doors' headers, all in one image.  Each names its entry point
; in boot/entry.asm: both multiboot headers the one multiboot_entry, whose
; EAX tells them apart; PVH its own, since it passes no magic in EAX.

%include "boot/constants.inc"

extern image_start, image_data_end, image_end
extern multiboot_entry, pvh_entry

; Multiboot 1: the loader must find this in the first 8 KiB of the file.
; The address fields (flag bit 16) let QEMU's loader, which refuses 64-bit
; ELF files, load the image as flat bytes from image_start.
section .multiboot1 progbits alloc noexec nowrite align=4
MB1_FLAGS equ MB1_FLAG_MEMORY_INFO | MB1_FLAG_ADDRESS_FIELDS
global multiboot1_header
multiboot1_header:
	dd MB1_HEADER_MAGIC
	dd MB1_FLAGS
	dd -(MB1_HEADER_MAGIC + MB1_FLAGS)
	dd multiboot1_header    ; header_addr
	dd image_start          ; load_addr
	dd image_data_end       ; load_end_addr: file-backed bytes end here
	dd image_end            ; bss_end_addr: the loader zeroes up to here
	dd multiboot_entry      ; entry_addr

; Multiboot 2: in the first 32 KiB, 8-byte aligned; tags 8-byte aligned.
section .multiboot2 progbits alloc noexec nowrite align=8
multiboot2_header:
	dd MB2_HEADER_MAGIC
	dd MB2_ARCH_I386
	dd multiboot2_header_end - multiboot2_header
	dd -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (multiboot2_header_end - multiboot2_header))
	align 8
	dw MB2_HEADER_TAG_ENTRY_ADDRESS, 0
	dd 12
	dd multiboot_entry
	align 8
	dw MB2_HEADER_TAG_END, 0
	dd 8
multiboot2_header_end:

; Xen PVH: the 32-bit physical entry point, read by Xen and by QEMU's PVH
; loader from a PT_NOTE segment.  QEMU reads the descriptor as 32 bits and
; aligns by the segment's alignment, so the note stays 4-byte aligned.
section .note.Xen note alloc noexec nowrite align=4
	dd 4, 4, XEN_ELFNOTE_PHYS32_ENTRY
	db "Xen", 0
	dd pvh_entry

; No executable stack: this object only adds code and data.
section .note.GNU-stack noalloc noexec nowrite progbits
