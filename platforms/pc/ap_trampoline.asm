; SPDX-License-Identifier: MIT
; How a PC's other CPUs reach C: what only assembly can do.  A SIPI starts
; a CPU in real mode at a page below 1 MiB; platforms/pc/smp.c copies the
; 16-bit part there.  It loads a GDT and jumps, in protected mode, into the
; image, where the CPU takes the boot CPU's page tables, enters long mode
; and calls smp_cpu_main with its per-CPU data on its own stack.

%include "boot/constants.inc"

extern smp_cpu_main
extern pc_ap_cr3, pc_ap_efer, pc_ap_stack, pc_ap_cpu

; Copied, never run in place: its addresses are offsets from its start
; (DS = CS = the page it was copied to), and what it points at lies in
; the image.
section .rodata
global pc_ap_trampoline, pc_ap_trampoline_end
bits 16
pc_ap_trampoline:
	cli
	mov ax, cs
	mov ds, ax
	o32 lgdt [ap_gdt_pointer - pc_ap_trampoline]
	mov eax, cr0
	or eax, CR0_PE
	mov cr0, eax
	jmp dword far [ap_far_jump - pc_ap_trampoline]
align 8
ap_far_jump:
	dd ap_protected_mode
	dw GDT_CODE32
ap_gdt_pointer:
	dw ap_gdt_end - ap_gdt - 1
	dd ap_gdt
pc_ap_trampoline_end:

align 8
ap_gdt:
	dq 0
	dq 0x00cf9a000000ffff        ; GDT_CODE32: flat 32-bit code
	dq 0x00cf92000000ffff        ; GDT_DATA: flat data
	dq 0x00af9a000000ffff        ; GDT_CODE64: 64-bit code
ap_gdt_end:

section .text
bits 32
ap_protected_mode:
	mov ax, GDT_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax
	mov eax, [pc_ap_cr3]
	mov cr3, eax
	mov ecx, MSR_EFER
	mov eax, [pc_ap_efer]        ; LME, and NXE: the page tables use NX
	xor edx, edx
	wrmsr
	mov eax, cr0
	or eax, CR0_PG | CR0_PE
	mov cr0, eax
	jmp GDT_CODE64:ap_long_mode

bits 64
ap_long_mode:
	mov ax, GDT_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov rsp, [pc_ap_stack]
	mov rdi, [pc_ap_cpu]
	xor ebp, ebp                 ; ends frame-pointer backtraces
	call smp_cpu_main            ; never returns
.halt:
	cli
	hlt
	jmp .halt

; No executable stack: this object only adds code and data.
section .note.GNU-stack noalloc noexec nowrite progbits
