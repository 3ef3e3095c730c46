; SPDX-License-Identifier: MIT
; A hostile boot loader for tests: QEMU boots it by Multiboot 1 with
; onepath.elf as its module; it copies onepath's flat image into place, as
; a Multiboot 1 loader would, then enters onepath through a door with boot
; information no honest loader would give.
;
; The module's command line says how (hexadecimal numbers):
;   "<path> <mode> <entry> <file offset> <load addr> <load size> <bss end>
;    <breakpoint>"
; mode 1: the Multiboot 1 entry with EAX = 0xbadc0ffe (a corrupted magic)
; mode 2: the PVH entry with EBX -> an hvm_start_info whose magic is
;         0xbadc0ffe
; mode 3: the PVH entry with a valid hvm_start_info (a memory map of
;         low RAM and 1-128 MiB) whose rsdp_paddr, 0xdead00000000, lies
;         past any memory
; mode 4: as mode 3, with rsdp_paddr -> a valid RSDP whose RSDT address,
;         0xfee00000 (the local APIC), is in no memory-map entry
; mode 5: the Multiboot 1 entry with the right magic and this loader's own
;         boot information, an honest hand-over but for the flags below
; Every mode leaves the direction flag set, which no protocol forbids.  A
; breakpoint other than 0 is armed in DR0 (on execution), so that the
; kernel faults when it first runs that address, wherever that is.
bits 32
org 0x400000

MB1_MAGIC equ 0x1badb002
MB1_FLAGS equ 1 << 16
BAD_MAGIC equ 0xbadc0ffe
PVH_MAGIC equ 0x336ec578
HOSTILE_RSDP_HIGH equ 0xdead        ; rsdp_paddr 0xdead00000000
MB1_LOADER_MAGIC equ 0x2badb002
DR7_L0 equ 1 << 0               ; DR0 armed, on execution, 1 byte

header:
	dd MB1_MAGIC, MB1_FLAGS, -(MB1_MAGIC + MB1_FLAGS)
	dd header, header, image_end, bss_end, start

start:
	mov esp, stack_top
	mov [mbi], ebx
	mov esi, [ebx + 24]          ; mods_addr
	mov eax, [esi]               ; mod_start
	mov [module], eax
	mov esi, [esi + 8]           ; the module's command line
	call skip_word               ; the path
	mov edi, numbers
	mov ecx, 7
.parse:
	call read_hex
	stosd
	loop .parse

	mov esi, [module]            ; copy the flat image into place
	add esi, [file_offset]
	mov edi, [load_addr]
	mov ecx, [load_size]
	rep movsb
	mov ecx, [bss_end_addr]      ; and zero its bss, as loaders do
	sub ecx, edi
	xor eax, eax
	rep stosb

	mov eax, [breakpoint]
	test eax, eax
	jz .armed
	mov dr0, eax
	mov eax, DR7_L0
	mov dr7, eax
.armed:
	std
	mov ebx, [mbi]
	mov eax, MB1_LOADER_MAGIC
	cmp dword [mode], 5
	je .enter
	mov eax, BAD_MAGIC
	cmp dword [mode], 1
	je .enter
	cmp dword [mode], 2
	jne .hostile_rsdp
	mov dword [start_info], BAD_MAGIC
	mov ebx, start_info
.enter:
	jmp [entry]
.hostile_rsdp:
	mov dword [start_info], PVH_MAGIC
	mov dword [start_info + 36], HOSTILE_RSDP_HIGH
	cmp dword [mode], 3
	je .with_memmap
	mov dword [start_info + 32], rsdp
	mov dword [start_info + 36], 0
.with_memmap:
	mov dword [start_info + 40], memmap
	mov dword [start_info + 48], (memmap_end - memmap) / 24
	mov ebx, start_info
	jmp [entry]

skip_word:                           ; esi -> past one word and its spaces
	lodsb
	cmp al, ' '
	jne skip_word
.spaces:
	cmp byte [esi], ' '
	jne .done
	inc esi
	jmp .spaces
.done:
	ret

read_hex:                            ; esi -> eax = value, past one space
	xor edx, edx
.digit:
	movzx ebx, byte [esi]
	inc esi
	cmp bl, '0'
	jb .end
	cmp bl, '9'
	jbe .decimal
	or bl, 0x20
	sub bl, 'a' - 10
	jmp .add
.decimal:
	sub bl, '0'
.add:
	shl edx, 4
	add edx, ebx
	jmp .digit
.end:
	mov eax, edx
	ret

align 8
start_info:                          ; version 1, nothing else given
	dd 0, 1, 0, 0
	times 6 dq 0
rsdp:                                ; ACPI 1.0, its checksum right
	db "RSD PTR ", 0x30, "HOSTIL", 0
	dd 0xfee00000
memmap:                              ; hvm_memmap_table_entry: addr, size, type
	dq 0, 0x9f000
	dd 1, 0
	dq 0x100000, 0x7f00000
	dd 1, 0
memmap_end:
numbers:
mode:         dd 0
entry:        dd 0
file_offset:  dd 0
load_addr:    dd 0
load_size:    dd 0
bss_end_addr: dd 0
breakpoint:   dd 0
mbi:          dd 0
module:       dd 0
image_end:
	times 4096 db 0
stack_top:
bss_end:
