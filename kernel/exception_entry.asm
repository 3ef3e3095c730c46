; SPDX-License-Identifier: MIT
; Exception entry: what C cannot do is save every register as the fault
; left them and give the handler one uniform frame.  Vectors without a CPU
; error code push a zero, so the frame has one layout for all 32.

section .text
bits 64
extern exception_report

%macro EXCEPTION_STUB 1
exception_stub_%1:
%if %1 != 8 && %1 != 10 && %1 != 11 && %1 != 12 && %1 != 13 && %1 != 14 && %1 != 17 && %1 != 21 && %1 != 29 && %1 != 30
	push 0
%endif
	push %1
	jmp exception_common
%endmacro

%assign vector 0
%rep 32
EXCEPTION_STUB vector
%assign vector vector + 1
%endrep

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

section .rodata
global exception_stubs
align 8
exception_stubs:
%assign vector 0
%rep 32
	dq exception_stub_%+vector
%assign vector vector + 1
%endrep

; No executable stack: this object only adds code and data.
section .note.GNU-stack noalloc noexec nowrite progbits
