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
; modes 6 to 8: the PVH entry with the command line "exit=platform" and
;         ACPI tables of this loader's (in a page the memory map calls
;         reserved), an FADT with the PC's PM1a control port whose DSDT
;         6: has no \_S5_ package (a method of that name), checksum right
;         7: has a \_S5_ package, but its checksum is wrong
;         8: lies at 0xfee00000 (the local APIC), in no memory-map entry
; mode 9: the PVH entry with those tables but an RSDT that lists only a
;         MADT, which lists more processors than exist: APIC IDs 0 and 1,
;         1 again, then 16 IDs from 0x20 that no CPU has (more than
;         onepath's CPUS_MAX, 16, in all)
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
	mov dword [start_info + 36], 0
	cmp dword [mode], 6
	jae .own_tables
	mov dword [start_info + 32], rsdp
.with_memmap:
	mov dword [start_info + 40], memmap
	mov dword [start_info + 48], (memmap_end - memmap) / 24
	mov ebx, start_info
	jmp [entry]
.own_tables:
	call fill_tables
	mov dword [start_info + 32], tables_rsdp
	mov dword [start_info + 40], tables_memmap
	mov dword [start_info + 48], (tables_memmap_end - tables_memmap) / 24
	mov ebx, start_info
	cmp dword [mode], 9
	je .madt_tables
	mov dword [start_info + 24], exit_platform
	jmp [entry]
.madt_tables:
	mov dword [start_info + 32], madt_rsdp
	jmp [entry]

; Makes table's checksum byte (at offset field) bring its length bytes
; to a zero sum.
%macro checksum_table 3
	mov esi, %1
	mov ecx, %2
	lea edx, [esi + %3]
	call checksum
%endmacro

fill_tables:                         ; the FADT's DSDT by mode, then checksums
	mov eax, dsdt_without_s5
	cmp dword [mode], 7
	jb .named
	mov eax, dsdt_with_s5
	je .named
	mov eax, 0xfee00000
.named:
	mov [fadt + 40], eax
	checksum_table dsdt_without_s5, dsdt_without_s5_end - dsdt_without_s5, 9
	checksum_table dsdt_with_s5, dsdt_with_s5_end - dsdt_with_s5, 9
	cmp dword [mode], 7
	jne .summed
	inc byte [dsdt_with_s5 + 9]      ; wrong by one
.summed:
	checksum_table fadt, fadt_end - fadt, 9
	checksum_table rsdt, rsdt_end - rsdt, 9
	checksum_table tables_rsdp, 20, 8
	checksum_table madt, madt_end - madt, 9  ; mode 9's
	checksum_table madt_rsdt, madt_rsdt_end - madt_rsdt, 9
	checksum_table madt_rsdp, 20, 8
	ret

checksum:                            ; [esi, esi+ecx): [edx] makes the sum 0
	xor eax, eax
.add:
	add al, [esi]
	inc esi
	loop .add
	sub [edx], al
	ret

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

exit_platform: db "exit=platform", 0
align 8
tables_memmap:                       ; addr, size, type (2: reserved)
	dq 0, 0x9f000
	dd 1, 0
	dq 0x100000, tables_page - 0x100000
	dd 1, 0
	dq tables_page, 0x1000
	dd 2, 0
	dq tables_page + 0x1000, 0x8000000 - (tables_page + 0x1000)
	dd 1, 0
tables_memmap_end:

%macro acpi_header 3                 ; signature, length, revision
	db %1
	dd %2
	db %3, 0                     ; the checksum, filled in
	db "HOSTIL", "HOSTILE "
	dd 1
	db "TEST"
	dd 1
%endmacro
PM1A_CONTROL_PORT equ 0x604          ; where SeaBIOS puts PIIX4's, as a PC's
align 0x1000
tables_page:
tables_rsdp:                         ; ACPI 1.0
	db "RSD PTR ", 0, "HOSTIL", 0
	dd rsdt
rsdt:
	acpi_header "RSDT", rsdt_end - rsdt, 1
	dd fadt
rsdt_end:
fadt:                                ; ACPI 1.0's 116 bytes
	acpi_header "FACP", fadt_end - fadt, 1
	dd 0                         ; 36 FIRMWARE_CTRL
	dd 0                         ; 40 DSDT, by mode
	times 64 - 44 db 0
	dd PM1A_CONTROL_PORT         ; 64 PM1a_CNT_BLK
	times 116 - 68 db 0
fadt_end:
dsdt_without_s5:                     ; Method (_S5) { Return (Zero) }
	acpi_header "DSDT", dsdt_without_s5_end - dsdt_without_s5, 2
	db 0x14, 0x08, "_S5_", 0x00, 0xa4, 0x00
dsdt_without_s5_end:
dsdt_with_s5:                        ; Name (_S5, Package (2) { Zero, Zero })
	acpi_header "DSDT", dsdt_with_s5_end - dsdt_with_s5, 2
	db 0x08, "_S5_", 0x12, 0x04, 0x02, 0x00, 0x00
dsdt_with_s5_end:
madt_rsdp:                           ; mode 9: ACPI 1.0
	db "RSD PTR ", 0, "HOSTIL", 0
	dd madt_rsdt
madt_rsdt:
	acpi_header "RSDT", madt_rsdt_end - madt_rsdt, 1
	dd madt
madt_rsdt_end:
madt:
	acpi_header "APIC", madt_end - madt, 3
	dd 0xfee00000, 1             ; local APIC address, PC-AT compatible
	; processor local APIC: type 0, length 8, processor ID, APIC ID, flags
	db 0, 8, 0, 0                ; the boot CPU, enabled
	dd 1
	db 0, 8, 1, 1                ; CPU 1, which QEMU's -smp 2 has
	dd 1
	db 0, 8, 2, 1                ; APIC ID 1 again
	dd 1
%assign apic_id 0x20
%rep 16
	db 0, 8, apic_id, apic_id    ; no CPU answers to these
	dd 1
%assign apic_id apic_id + 1
%endrep
madt_end:
	times 0x1000 - ($ - tables_page) db 0   ; negative: they outgrew it
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
