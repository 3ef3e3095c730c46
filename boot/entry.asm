; SPDX-License-Identifier: MIT
; The doors.  Each entry does only what C cannot: take a stack and a GDT of
; its own at once (Xen enters with ESP=0 and null selectors), save the
; protocol magic and the boot-info pointer in .data (never cleared, never in
; the way of anything), then both share one path into long mode and one
; call into C.  The boot info itself stays where the loader put it; C
; validates it and copies what it needs before using any memory.

%include "boot/constants.inc"

extern onepath_main
extern early_pml4

section .boot.text progbits alloc exec nowrite align=16
bits 32

; Multiboot 1 and Multiboot 2 enter alike: EAX holds the magic, which
; names the protocol (C tells them apart), and EBX the boot information.
; Each header (boot/headers.asm) names this one entry.
global multiboot_entry
multiboot_entry:
	mov esp, boot_stack_top
	mov [boot_magic], eax
	mov [boot_info], ebx
	jmp enter_long_mode

; PVH passes no magic in a register, only EBX -> hvm_start_info; record
; the magic that structure must carry, and let C check it.
global pvh_entry
pvh_entry:
	mov esp, boot_stack_top
	mov dword [boot_magic], PVH_BOOT_MAGIC
	mov [boot_info], ebx
	jmp enter_long_mode

; No protocol defines the direction flag at entry, and C's string
; instructions (memcpy's rep movsq) assume it clear: clear it before any
; of them, and before the message loop below.
enter_long_mode:
	cld
	rdtsc
	mov [boot_entry_tsc], eax
	mov [boot_entry_tsc + 4], edx
	lgdt [gdt_pointer]
	jmp GDT_CODE32:.flat_segments
.flat_segments:
	mov ax, GDT_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov fs, ax
	mov gs, ax

	; A leaf past the maximum answers with another leaf's bits: read
	; 0x80000001 only if the CPU has it.
	mov eax, CPUID_EXT_MAX_LEAF
	cpuid
	cmp eax, CPUID_EXT_FEATURES
	jb no_long_mode
	mov eax, CPUID_EXT_FEATURES
	cpuid
	test edx, CPUID_EXT_LONG_MODE
	jz no_long_mode

	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax
	mov eax, early_pml4
	mov cr3, eax
	mov ecx, MSR_EFER
	rdmsr
	or eax, EFER_LME
	wrmsr
	mov eax, cr0
	or eax, CR0_PG | CR0_PE
	mov cr0, eax
	jmp GDT_CODE64:long_mode

; No console exists yet and no C can run: say so on both early ports and
; leave through the test exit device, else halt.
no_long_mode:
	mov esi, no_long_mode_message
.next:
	lodsb
	test al, al
	jz .stop
	out 0xe9, al
	mov dx, 0x3f8
	out dx, al
	jmp .next
.stop:
	mov al, EXIT_FAILURE_BYTE
	out ISA_DEBUG_EXIT_PORT, al
.halt:
	cli
	hlt
	jmp .halt

bits 64
long_mode:
	mov ax, GDT_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	mov edi, [boot_magic]
	mov esi, [boot_info]
	xor ebp, ebp                 ; ends frame-pointer backtraces
	call onepath_main            ; never returns
.halt:
	cli
	hlt
	jmp .halt

section .rodata
no_long_mode_message:
	db "onepath: panic: E_BOOT_NO_LONG_MODE: this CPU cannot run 64-bit code", 10, 0

align 8
gdt:
	dq 0
	dq 0x00cf9a000000ffff        ; GDT_CODE32: flat 32-bit code
	dq 0x00cf92000000ffff        ; GDT_DATA: flat data
	dq 0x00af9a000000ffff        ; GDT_CODE64: 64-bit code
gdt_end:
gdt_pointer:
	dw gdt_end - gdt - 1
	dq gdt

section .data
global boot_magic, boot_info, boot_entry_tsc
align 8
boot_entry_tsc: dq 0
boot_magic:     dd 0
boot_info:      dd 0

; The stack the whole boot runs on, above a guard page that page_tables
; leaves unmapped (kernel/stacks.h).
section .bss
align PAGE_SIZE
global boot_stack_guard, boot_stack_bottom, boot_stack_top
boot_stack_guard:
	resb PAGE_SIZE
boot_stack_bottom:
	resb 16384
boot_stack_top:

; No executable stack: this object only adds code and data.
section .note.GNU-stack noalloc noexec nowrite progbits
