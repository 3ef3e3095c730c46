; SPDX-License-Identifier: MIT
; How a PC's other CPUs reach C: what only assembly can do.  A SIPI starts
; a CPU in real mode at a page below 1 MiB; platforms/pc/smp.c copies the
; 16-bit part there.  It loads a GDT and jumps, in protected mode, into the
; image, where the CPU takes the boot CPU's page tables, enters long mode,
; finds its slot by its APIC ID (every CPU runs this at once) and calls
; smp_cpu_main with its per-CPU data on its own stack.

%include "boot/constants.inc"

extern smp_cpu_main
extern pc_ap_cr3, pc_ap_efer, pc_ap_slots, pc_ap_apic_id, pc_ap_stack, pc_ap_cpu

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
	; Its APIC ID: leaf 0xb's x2APIC ID where the CPU has that leaf (IDs
	; past 255), else leaf 1's initial APIC ID, as the MADT lists them.
	xor eax, eax
	cpuid
	mov esi, eax                 ; the highest basic leaf
	mov eax, CPUID_FEATURES_LEAF
	cpuid
	shr ebx, 24
	mov edi, ebx
	cmp esi, CPUID_TOPOLOGY_LEAF
	jb .look_up
	mov eax, CPUID_TOPOLOGY_LEAF
	xor ecx, ecx
	cpuid
	test ebx, ebx                ; no logical processors: no such leaf
	jz .look_up
	mov edi, edx
.look_up:                            ; slots pc_ap_slots - 1 down to 1
	mov ecx, [pc_ap_slots]
.next_slot:
	dec ecx
	jle .halt                    ; not a CPU it was told to start
	cmp [pc_ap_apic_id + rcx * 4], edi
	jne .next_slot
	mov rsp, [pc_ap_stack + rcx * 8]
	mov rdi, [pc_ap_cpu + rcx * 8]
	xor ebp, ebp                 ; ends frame-pointer backtraces
	call smp_cpu_main            ; never returns
.halt:
	cli
	hlt
	jmp .halt

; No executable stack: this object only adds code and data.
section .note.GNU-stack noalloc noexec nowrite progbits
