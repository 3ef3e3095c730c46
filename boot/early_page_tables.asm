; SPDX-License-Identifier: MIT
; The page tables long mode starts on: the first 4 GiB identity-mapped with
; 2 MiB pages, built by the assembler rather than by a loop, so entering
; long mode costs no instructions per page.  They live in the image (not
; past its end, where Xen puts the boot info) and are replaced by the
; memory init entries once the memory map is known.

%include "boot/constants.inc"

EARLY_FLAGS equ PTE_PRESENT | PTE_WRITABLE

section .data
align PAGE_SIZE
global early_pml4
early_pml4:
	dq early_pdpt + EARLY_FLAGS
	times 511 dq 0
early_pdpt:
	dq early_pd + EARLY_FLAGS
	dq early_pd + PAGE_SIZE + EARLY_FLAGS
	dq early_pd + 2 * PAGE_SIZE + EARLY_FLAGS
	dq early_pd + 3 * PAGE_SIZE + EARLY_FLAGS
	times 508 dq 0
early_pd:
%assign page 0
%rep 4 * 512
	dq (page << 21) | EARLY_FLAGS | PTE_HUGE
%assign page page + 1
%endrep

; No executable stack: this object only adds code and data.
section .note.GNU-stack noalloc noexec nowrite progbits
