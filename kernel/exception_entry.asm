; SPDX-License-Identifier: MIT
; Exception entry: what C cannot do is save every register as the fault
; left them and give the handler one uniform frame.  Vectors without a CPU
; error code get a zero pushed, so the frame has one layout for all 32.

%include "boot/constants.inc"

section .text
bits 64
extern exception_report

; Every stub takes EXCEPTION_STUB_SIZE bytes (the times line fails the
; build if one grows past it), so that stub N is at exception_stubs + N *
; EXCEPTION_STUB_SIZE and the IDT is filled without a table of addresses.
%macro EXCEPTION_STUB 1
%%start:
	push %1
%if %1 == 8 || %1 == 10 || %1 == 11 || %1 == 12 || %1 == 13 || %1 == 14 || %1 == 17 || %1 == 21 || %1 == 29 || %1 == 30
	jmp exception_common
%else
	jmp exception_without_error_code
%endif
	times EXCEPTION_STUB_SIZE - ($ - %%start) int3
%endmacro

global exception_stubs
align EXCEPTION_STUB_SIZE
exception_stubs:
%assign vector 0
%rep EXCEPTION_VECTORS
EXCEPTION_STUB vector
%assign vector vector + 1
%endrep

; The vector is on top, the CPU's frame right above it: slide the vector
; down one slot and put a zero error code in its place.
exception_without_error_code:
	push qword [rsp]
	mov qword [rsp + 8], 0
exception_common:
	push rax
	push rbx
	push rcx
	push rdx
	push rsi
	push rdi
	push rbp
	push r8
	push r9
	push r10
	push r11
	push r12
	push r13
	push r14
	push r15
	mov rdi, rsp                 ; struct exception_frame *
	cld
	and rsp, -16
	call exception_report        ; never returns
.halt:
	cli
	hlt
	jmp .halt

; No executable stack: this object only adds code and data.
section .note.GNU-stack noalloc noexec nowrite progbits
