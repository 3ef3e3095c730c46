# SPDX-License-Identifier: MIT
# onepath: `make run` boots it, `make test` proves it.  `make help` lists
# every target.  V=1 shows full commands.

.DEFAULT_GOAL := all
SHELL := /bin/bash

BUILD := build
V ?= 0
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-7s %s\n' $(1) $(2)
endif

# ---------------------------------------------------------------------------
# Set-up: what a fresh Debian 12 machine lacks, installed once.
APT_PACKAGES := nasm qemu-system-x86 gdb grub-pc-bin grub-efi-amd64-bin ovmf \
	grub-common xorriso mtools \
	libelf-dev libcmocka-dev graphviz gnuplot-nox python3 gcc make clang libclang-rt-14-dev \
	clang-tidy clang-format cppcheck
XEN_PACKAGE := xen-hypervisor-4.17-amd64
XEN_CACHE := $(BUILD)/cache/xen
XEN_ELF := $(XEN_CACHE)/xen.elf
# make bench's peer: Debian's Linux, behind linux-image-amd64.
LINUX_VMLINUZ := $(BUILD)/cache/linux/vmlinuz

DEPS_STAMP := $(BUILD)/.deps-ok
$(DEPS_STAMP): tools/install-deps.sh
	$(Q)APT_PACKAGES="$(APT_PACKAGES)" bash tools/install-deps.sh
	$(Q)mkdir -p $(@D) && touch $@

.PHONY: deps
deps: $(DEPS_STAMP) ## install missing packages (apt, as root)

$(XEN_ELF): | $(DEPS_STAMP)
	$(call say,XEN,$@)
	$(Q)bash tools/fetch-xen.sh $(XEN_PACKAGE) $(XEN_CACHE)

# A dom0 for domU boots: Debian's Linux and xl toolstack, from packages
# downloaded into the cache and assembled there (tools/dom0/).
DOM0_CACHE := $(BUILD)/cache/dom0
DOM0 := $(DOM0_CACHE)/vmlinux $(DOM0_CACHE)/toolstack.cpio
$(DOM0) &: tools/dom0/packages tools/dom0/fetch.sh tools/dom0/assemble.py tools/dom0/cpio.py | $(DEPS_STAMP)
	$(call say,DOM0,$(DOM0_CACHE))
	$(Q)bash tools/dom0/fetch.sh tools/dom0/packages $(DOM0_CACHE)

$(LINUX_VMLINUZ): | $(DEPS_STAMP)
	$(call say,LINUX,$@)
	$(Q)bash tools/fetch-linux.sh $(@D)

# ---------------------------------------------------------------------------
# The kernel.
CC := gcc
NASM := nasm
GCC_INCLUDE := $(shell $(CC) -print-file-name=include)

# Code is built for size (-Oz): the image's text has a budget (48 KiB,
# issue 11).  The files where the boot spends its instructions are built
# for speed (-O2): -Os costs most there (measured per file with a
# per-address instruction count of the multiboot1-pc and microvm boots,
# and again with make bench-quick, multiboot1-pc completion: fmt.c alone
# +15,000 instructions, phys.c +200 for 208 bytes, tables/init_planned.c's
# check of the plan +220 for 51, bootinfo.c +330 for 290, acpi_tables.c
# +145 for 57, acpi_window.c +180 for 16, log.c +1,000, pc/uart.c +540
# for 32, acpi_checksum.c +150 for 16, page_tables.c +1,000 for 800),
# and little anywhere else: acpi.c +9 for 81 bytes, main.c +13 for 80,
# descriptor_tables.c nothing.  Between them, the files every boot runs
# through a little are built -Os, where -Oz's smaller instructions cost
# more of them than it saves bytes (the init walk +200 for 105 bytes,
# tsc.c +114 for 9, the plan's check +62 for 16, the memmap lines +44 for
# 22); -Oz everywhere else saves about 800 bytes for 150 instructions.
# -Os and -Oz without caller-saved registers kept live across calls
# (saved and restored around each): 100 bytes less, no instruction more.
# -O2 without its padding of functions, loops and jump targets to 16
# bytes: the padding is bytes, and the nops before a loop are executed.
# In the -O2 files, what runs only on a failure, on another door or once
# a boot is marked cold (built for size), and a loop such a function
# calls, hot (page_tables.c's map_range).
KERNEL_OPT := -Oz -fno-caller-saves
KERNEL_WARM_OPT := -Os -fno-caller-saves
KERNEL_WARM_C := tables/init_run.c tables/init_plan.c kernel/tsc.c \
	kernel/memmap_entry.c
KERNEL_HOT_OPT := -O2 -falign-functions=1 -falign-jumps=1 -falign-loops=1 \
	-falign-labels=1
KERNEL_HOT_C := kernel/fmt.c kernel/acpi_window.c kernel/phys.c \
	kernel/page_tables.c tables/init_planned.c kernel/bootinfo.c \
	kernel/acpi_tables.c kernel/log.c platforms/pc/uart.c \
	kernel/acpi_checksum.c
ifneq ($(filter-out $(wildcard $(KERNEL_HOT_C) $(KERNEL_WARM_C)),$(KERNEL_HOT_C) $(KERNEL_WARM_C)),)
$(error KERNEL_HOT_C, KERNEL_WARM_C: $(filter-out $(wildcard $(KERNEL_HOT_C) $(KERNEL_WARM_C)),$(KERNEL_HOT_C) $(KERNEL_WARM_C)) does not exist: a renamed file would be built -Oz)
endif
kernel_opt = $(if $(filter $(KERNEL_HOT_C),$(1)),$(KERNEL_HOT_OPT),$(if $(filter $(KERNEL_WARM_C),$(1)),$(KERNEL_WARM_OPT),$(KERNEL_OPT)))
# The stack 8-byte aligned, as Linux keeps it: only SSE wants 16, and
# the kernel has none (130 bytes and 390 instructions less).
KERNEL_CFLAGS := -std=gnu11 -g -Wall -Wextra -Werror \
	-ffreestanding -nostdinc -isystem $(GCC_INCLUDE) \
	-fno-pic -fno-pie -mcmodel=small -mno-red-zone \
	-mno-mmx -mno-sse -mno-sse2 -mgeneral-regs-only \
	-mpreferred-stack-boundary=3 \
	-fstack-protector-strong -mstack-protector-guard=global \
	-fno-asynchronous-unwind-tables \
	-fno-omit-frame-pointer -fno-delete-null-pointer-checks \
	-ffunction-sections -fdata-sections \
	-MMD -MP $(EXTRA_KERNEL_CFLAGS)
ifeq ($(LTO),1)
# Fat objects: tools/mismatch reads machine code, which slim LTO objects lack.
KERNEL_CFLAGS += -flto -ffat-lto-objects
# A subarch's code is placed (and jettisoned) by the file it comes from:
# LTO's output files would hide that, so platform code stays out of LTO.
KERNEL_PLATFORM_CFLAGS := -fno-lto
endif
# The linker script is made from linker.ld.in: a set of sections per subarch.
LINKER_SCRIPT := $(BUILD)/linker.ld
KERNEL_LDFLAGS := -nostdlib -static -no-pie -Wl,-T,$(LINKER_SCRIPT) \
	-Wl,-z,max-page-size=4096 -Wl,-z,noexecstack -Wl,--build-id=none \
	-Wl,--gc-sections
NASMFLAGS := -f elf64 -I.

# Every subarch is one line of platforms/subarch_list.h, SUBARCH(NAME, folder):
# its folders, in order.  SUBARCHES=pc builds a subset.
SUBARCH_LIST := platforms/subarch_list.h
SUBARCH_FOLDERS := $(shell sed -n 's/^SUBARCH( *[A-Z][A-Z0-9_]* *, *\([a-z][a-z0-9_]*\) *) *$$/\1/p' $(SUBARCH_LIST))
SUBARCHES ?= $(SUBARCH_FOLDERS)
ifneq ($(filter-out $(SUBARCH_FOLDERS),$(SUBARCHES)),)
$(error SUBARCHES: $(filter-out $(SUBARCH_FOLDERS),$(SUBARCHES)) is not in $(SUBARCH_LIST) ($(SUBARCH_FOLDERS)))
endif
KERNEL_C := $(wildcard kernel/*.c) $(wildcard tables/*.c) \
	$(foreach s,$(SUBARCHES),$(wildcard platforms/$(s)/*.c)) $(EXTRA_INIT)
KERNEL_ASM := $(wildcard boot/*.asm) $(wildcard kernel/*.asm) \
	$(foreach s,$(SUBARCHES),$(wildcard platforms/$(s)/*.asm))
# Builds for other subarch sets keep their objects apart: build/kernel-pc.
KOBJ_SUBARCHES := $(if $(subst $(sort $(SUBARCH_FOLDERS)),,$(sort $(SUBARCHES))),-$(subst $() ,-,$(sort $(SUBARCHES))))
KOBJ := $(BUILD)/kernel$(if $(filter 1,$(LTO)),-lto)$(KOBJ_SUBARCHES)
include mk/app.mk
KERNEL_OBJS := $(KERNEL_C:%.c=$(KOBJ)/%.o) $(KERNEL_ASM:%.asm=$(KOBJ)/%.asm.o) $(APP_OBJS)

# KERNEL may name another image: tests link fixture tables into one.
KERNEL ?= $(BUILD)/onepath.elf
KERNEL_PVH := $(KERNEL:.elf=-pvh.elf)
INITTAB_PREDICTION := $(KERNEL:.elf=.inittab)

# Objects depend on the flags they were built with: changing CFLAGS,
# LTO= or EXTRA_KERNEL_CFLAGS= rebuilds them instead of linking stale ones.
KERNEL_FLAGS_STAMP := $(KOBJ)/.flags
KERNEL_FLAGS_ALL := $(KERNEL_OPT) $(KERNEL_HOT_OPT) $(KERNEL_HOT_C) $(KERNEL_WARM_OPT) $(KERNEL_WARM_C) $(KERNEL_CFLAGS) $(KERNEL_PLATFORM_CFLAGS) $(NASMFLAGS)
$(KERNEL_FLAGS_STAMP): FORCE
	$(Q)mkdir -p $(@D)
	$(Q)echo '$(KERNEL_FLAGS_ALL)' | cmp -s - $@ || echo '$(KERNEL_FLAGS_ALL)' > $@

.PHONY: FORCE
FORCE:

$(KOBJ)/%.o: %.c $(KERNEL_FLAGS_STAMP) | $(DEPS_STAMP)
	$(call say,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(call kernel_opt,$<) $(KERNEL_CFLAGS) $(if $(filter platforms/%,$<),$(KERNEL_PLATFORM_CFLAGS)) $(if $(filter kernel/klib.c,$<),-fno-tree-loop-distribute-patterns) -c $< -o $@

# What the asm shares with C is defined in these C headers, once.
ASM_SHARED_HEADERS := kernel/paging.h kernel/control_registers.h kernel/exit.h \
	kernel/boot_params.h kernel/vectors.h
ASM_CONSTANTS := $(KOBJ)/c_constants.inc
$(ASM_CONSTANTS): $(ASM_SHARED_HEADERS) tools/asm-constants.py
	$(call say,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)python3 tools/asm-constants.py $(ASM_SHARED_HEADERS) > $@.tmp && mv $@.tmp $@

$(KOBJ)/%.asm.o: %.asm boot/constants.inc $(ASM_CONSTANTS) $(KERNEL_FLAGS_STAMP) | $(DEPS_STAMP)
	$(call say,NASM,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(NASM) $(NASMFLAGS) -I$(KOBJ)/ $< -o $@

# Linking includes the verifiers: before it, code calling into another
# subarch's private code fails the build; after it, a table error does.
# The image depends on what it was built from, so switching SUBARCHES,
# LTO, EXTRA_INIT or APP relinks build/onepath.elf instead of keeping the last.
KERNEL_CONFIG_STAMP := $(dir $(KERNEL)).config-$(notdir $(KERNEL))
KERNEL_CONFIG := SUBARCHES=$(SUBARCHES) LTO=$(LTO) EXTRA_INIT=$(EXTRA_INIT) KOBJ=$(KOBJ) APP=$(APP_DIR)
$(KERNEL_CONFIG_STAMP): FORCE
	$(Q)mkdir -p $(@D)
	$(Q)echo '$(KERNEL_CONFIG)' | cmp -s - $@ || echo '$(KERNEL_CONFIG)' > $@

$(LINKER_SCRIPT): linker.ld.in $(SUBARCH_LIST) tools/linker-script.py tools/subarch_list.py
	$(call say,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)python3 tools/linker-script.py linker.ld.in $@

$(KERNEL): $(KERNEL_CONFIG_STAMP) $(KERNEL_OBJS) $(LINKER_SCRIPT) $(BUILD)/host/inittab tools/ksyms.py \
	tools/private_regions.py $(BUILD)/host/mismatch
	$(call say,MISMATCH,$@)
	$(Q)$(BUILD)/host/mismatch --root $(KOBJ) $(filter %.o,$(KERNEL_OBJS))
	$(call say,LD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(KERNEL_OPT) $(KERNEL_CFLAGS) $(KERNEL_LDFLAGS) $(KERNEL_OBJS) -o $@.first
	$(Q)python3 tools/ksyms.py $@.first > $(KERNEL:.elf=.ksyms.c)
	$(Q)$(CC) $(KERNEL_OPT) $(KERNEL_CFLAGS) -fno-lto -I. -c $(KERNEL:.elf=.ksyms.c) -o $(KERNEL:.elf=.ksyms.o)
	$(call say,INITPLAN,$@)
	$(Q)$(BUILD)/host/inittab --plan-c $@.first > $(KERNEL:.elf=.plan.c) || { rm -f $@.first; exit 1; }
	$(Q)$(CC) $(KERNEL_OPT) $(KERNEL_CFLAGS) -fno-lto -I. -c $(KERNEL:.elf=.plan.c) -o $(KERNEL:.elf=.plan.o)
	$(Q)$(CC) $(KERNEL_OPT) $(KERNEL_CFLAGS) $(KERNEL_LDFLAGS) $(KERNEL_OBJS) $(KERNEL:.elf=.ksyms.o) \
		$(KERNEL:.elf=.plan.o) -o $@
	$(Q)python3 tools/ksyms.py --check $@.first $@ || { rm -f $@; exit 1; }
	$(Q)rm -f $@.first
	$(Q)python3 tools/private_regions.py $@ > $(KERNEL:.elf=.regions) || { rm -f $@; exit 1; }
	$(call say,INITTAB,$@)
	$(Q)$(BUILD)/host/inittab $@ > $(INITTAB_PREDICTION) || { rm -f $@ $(INITTAB_PREDICTION); exit 1; }

# QEMU's -kernel takes any image with a multiboot1 header as multiboot1, so
# its PVH door gets the same bytes with only that magic cleared.
$(KERNEL_PVH): $(KERNEL) tools/clear-multiboot1.py
	$(call say,PVH,$@)
	$(Q)python3 tools/clear-multiboot1.py $< $@

.PHONY: all
all: $(KERNEL) $(KERNEL_PVH) ## build the kernel, verify its init table

# The test image: the same objects plus tests/kernel/, code a shipped image
# must not have (test.fault=call:SYMBOL runs any code the command line
# names).  Only the boot tests that need it use it.  It shares the
# image's objects, so those are built first, never by two makes at once.
TEST_KERNEL := $(BUILD)/onepath-test.elf
TEST_KERNEL_C := $(wildcard tests/kernel/*.c)
.PHONY: test-image
test-image: $(KERNEL) ## build/onepath-test.elf: the image plus test-only code
	$(Q)$(MAKE) --no-print-directory KERNEL=$(TEST_KERNEL) \
		EXTRA_INIT="$(strip $(EXTRA_INIT) $(TEST_KERNEL_C))" $(TEST_KERNEL)

# ---------------------------------------------------------------------------
# Host side: the verifier and everything that compiles for the host.
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -MMD -MP \
	-DONEPATH_SOURCE_DIR='"$(CURDIR)"'
HOST_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all
HOST_LIB := kernel/fmt.c kernel/phys.c kernel/bootinfo.c \
	kernel/bootinfo_multiboot1.c kernel/bootinfo_multiboot2.c \
	kernel/bootinfo_pvh.c kernel/memmap.c kernel/cmdline.c \
	kernel/status.c kernel/subarch.c tables/init_plan.c tables/init_levels.c \
	kernel/app_args.c kernel/acpi_s5.c \
	platforms/xen/xen_e820.c kernel/jettison_pages.c kernel/acpi_window.c \
	platforms/xen/console_ring.c kernel/madt.c kernel/acpi_checksum.c \
	kernel/virtqueue.c kernel/virtio_mmio_param.c
HOST_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/host/%,$(wildcard tests/unit/test_*.c))

$(BUILD)/host/inittab: tools/inittab.c tools/makespan.c tools/tool.c $(HOST_LIB) $(SUBARCH_LIST) | $(DEPS_STAMP)
	$(call say,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(HOST_CFLAGS) tools/inittab.c tools/makespan.c tools/tool.c $(HOST_LIB) -lelf -o $@

# It reads table entries with the kernel's own struct layouts: rebuilt when
# a header that defines one changes (the .d file lists one source's only).
$(BUILD)/host/mismatch: tools/mismatch.c tools/tool.c kernel/subarch.c kernel/fmt.c $(SUBARCH_LIST) \
		kernel/cmdline_option.h kernel/console.h kernel/exit.h kernel/subarch.h \
		kernel/subarch_detect.h tables/tables.h | $(DEPS_STAMP)
	$(call say,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(HOST_CFLAGS) tools/mismatch.c tools/tool.c kernel/subarch.c kernel/fmt.c -lelf -o $@

# Its test runs it on objects it compiles.
$(BUILD)/host/test_mismatch: $(BUILD)/host/mismatch

$(BUILD)/host/test_tables: tests/unit/test_tables.c tests/unit/tables_other.c $(HOST_LIB) tests/unit/host-tables.ld | $(DEPS_STAMP)
	$(call say,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(HOST_CFLAGS) $(HOST_SANITIZE) tests/unit/test_tables.c tests/unit/tables_other.c $(HOST_LIB) -fno-pie -no-pie -Wl,-T,tests/unit/host-tables.ld -lcmocka -o $@

# The heap needs pages and a panic: its test gives them.
$(BUILD)/host/test_heap: tests/unit/test_heap.c kernel/heap.c $(HOST_LIB) | $(DEPS_STAMP)
	$(call say,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(HOST_CFLAGS) $(HOST_SANITIZE) $< kernel/heap.c $(HOST_LIB) -lcmocka -o $@

$(BUILD)/host/test_%: tests/unit/test_%.c $(HOST_LIB) | $(DEPS_STAMP)
	$(call say,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(HOST_CFLAGS) $(HOST_SANITIZE) $< $(HOST_LIB) -lcmocka -o $@

.PHONY: host-tests
host-tests: $(HOST_TESTS) $(BUILD)/host/inittab

# ---------------------------------------------------------------------------
# Running it.
QEMU := qemu-system-x86_64
# SMP=N: the CPUs QEMU gives the guest (make run SMP=4).
SMP ?= 1
QEMU_COMMON := -display none -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=1 -m 256 -smp $(SMP)
CMDLINE ?=
# INITRD=file[,file...]: modules for the loader, relative to where make
# was run from (as APP=).  QEMU's PVH loader and Xen's dom0 builder pass
# one module only; multiboot passes them all.
INITRD ?=
# The wrapper shows port 0xe9 (every onepath line, from the first) live,
# keeps COM1 in build/run/serial.log, and exits with onepath's own code
# (tests/qemu_exit.py decodes isa-debug-exit).
RUN := python3 tests/qemu_exit.py --consoles $(BUILD)/run
# Words for the shell, whatever quotes they hold: 'it'\''s'.
shell_quote = '$(subst ','\'',$(1))'
comma := ,
INITRD_FILES := $(foreach f,$(subst $(comma), ,$(INITRD)),$(abspath $(if $(filter /%,$(f)),$(f),$(or $(PWD),$(CURDIR))/$(f))))
# QEMU's module list is comma-separated; a comma inside one is doubled.
qemu_module = $(subst $(comma),$(comma)$(comma),$(1))
INITRD_QEMU := $(subst $() ,$(comma),$(foreach f,$(INITRD_FILES),$(call qemu_module,$(f))))
QEMU_INITRD := $(if $(INITRD_FILES),-initrd $(call shell_quote,$(INITRD_QEMU)))
initrd_at_most_one = $(if $(word 2,$(INITRD_FILES)),$(error E_INITRD_ONE_MODULE: $(1) passes one module; INITRD names $(words $(INITRD_FILES)): use make run or run-iso for several))
$(foreach f,$(INITRD_FILES),$(if $(wildcard $(f)),,$(error E_INITRD_NOT_FOUND: INITRD: no file $(f))))

.PHONY: run run-pvh run-microvm run-iso run-efi run-xen debug debug-pvh
run: $(KERNEL) ## boot by multiboot1 (QEMU -kernel) and show the boot log
	$(Q)$(RUN) $(QEMU) -M pc $(QEMU_COMMON) -kernel $(KERNEL) \
		-append $(call shell_quote,$(CMDLINE)) $(QEMU_INITRD)

run-pvh: $(KERNEL_PVH) ## boot by PVH through QEMU's loader
	$(call initrd_at_most_one,QEMU's PVH loader)
	$(Q)$(RUN) $(QEMU) -M pc $(QEMU_COMMON) -kernel $(KERNEL_PVH) \
		-append $(call shell_quote,$(CMDLINE)) $(QEMU_INITRD)

run-microvm: $(KERNEL_PVH) ## boot by PVH on QEMU's microvm machine
	$(call initrd_at_most_one,QEMU's PVH loader)
	$(Q)$(RUN) $(QEMU) -M microvm $(QEMU_COMMON) -kernel $(KERNEL_PVH) \
		-append $(call shell_quote,$(CMDLINE)) $(QEMU_INITRD)

# The ISOs hold the command line and the modules: they are rebuilt when
# either changes, not only when the kernel does.
ISO_INPUTS := $(KERNEL:.elf=.iso-inputs)
$(ISO_INPUTS): FORCE
	$(Q)mkdir -p $(@D)
	$(Q)printf '%s\n' $(call shell_quote,$(CMDLINE)) $(INITRD_FILES) | cmp -s - $@ || \
		printf '%s\n' $(call shell_quote,$(CMDLINE)) $(INITRD_FILES) > $@
MAKE_ISO = bash tools/make-iso.sh $(KERNEL) $@ $(call shell_quote,$(CMDLINE)) $(1) \
	$(foreach f,$(INITRD_FILES),$(call shell_quote,$(f)))

ISO := $(KERNEL:.elf=.iso)
$(ISO): $(KERNEL) tools/make-iso.sh $(ISO_INPUTS) $(INITRD_FILES)
	$(call say,ISO,$@)
	$(Q)$(call MAKE_ISO,bios)

run-iso: $(ISO) ## boot by multiboot2 from a GRUB (BIOS) ISO
	$(Q)$(RUN) $(QEMU) -M pc $(QEMU_COMMON) -cdrom $(ISO)

EFI_ISO := $(KERNEL:.elf=-efi.iso)
OVMF_CODE := /usr/share/OVMF/OVMF_CODE.fd
$(EFI_ISO): $(KERNEL) tools/make-iso.sh $(ISO_INPUTS) $(INITRD_FILES)
	$(call say,ISO,$@)
	$(Q)$(call MAKE_ISO,efi)

run-efi: $(EFI_ISO) ## boot by multiboot2 from GRUB on UEFI (OVMF, q35)
	$(Q)cp /usr/share/OVMF/OVMF_VARS.fd $(BUILD)/ovmf-vars.fd
	$(Q)$(RUN) $(QEMU) -M q35 $(QEMU_COMMON) \
		-drive if=pflash,format=raw,readonly=on,file=$(OVMF_CODE) \
		-drive if=pflash,format=raw,file=$(BUILD)/ovmf-vars.fd -cdrom $(EFI_ISO)

XEN_QEMU := $(QEMU) -M q35 -accel tcg -cpu qemu64,+svm,+npt -m 512 -smp $(SMP) \
	-device intel-iommu,intremap=on,aw-bits=48 \
	-display none -no-reboot -serial stdio \
	-device isa-debug-exit,iobase=0xf4,iosize=1
XEN_APPEND := dom0=pvh dom0_max_vcpus=$(SMP) console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all
# Xen's modules: onepath with its command line, then its one module.
XEN_MODULES := $(call qemu_module,$(KERNEL) $(CMDLINE))$(if $(INITRD_QEMU),$(comma)$(INITRD_QEMU))

debug: $(KERNEL) ## QEMU paused + gdb, stopped at onepath_main (multiboot1 door)
	$(Q)bash tools/debug.sh multiboot1 $(CMDLINE)

debug-pvh: $(KERNEL_PVH) ## the same through the PVH door
	$(Q)bash tools/debug.sh pvh $(CMDLINE)

run-xen: $(KERNEL) $(XEN_ELF) ## boot as a PVH dom0 under the real Xen
	$(call initrd_at_most_one,Xen's dom0 builder)
	$(Q)python3 tests/qemu_exit.py $(XEN_QEMU) -kernel $(XEN_ELF) -append "$(XEN_APPEND)" \
		-initrd $(call shell_quote,$(XEN_MODULES))

.PHONY: run-xen-domu
run-xen-domu: $(KERNEL) $(XEN_ELF) $(DOM0) ## xl create a PVH domU from a Debian dom0 under Xen; its xl console
	$(Q)python3 tools/run-xen-domu.py $(if $(filter 1,$(V)),--verbose) $(CMDLINE)

# ---------------------------------------------------------------------------
.PHONY: test
test: all test-image host-tests examples $(XEN_ELF) $(DOM0) ## every test; ends with "N passed, N failed"
	$(Q)python3 tests/run.py

.PHONY: lint format
lint: | $(DEPS_STAMP) ## cppcheck, clang-tidy and clang-format checks; also run by make test
	$(Q)bash tools/lint.sh

format: | $(DEPS_STAMP) ## rewrite every C file in the checked-in style (.clang-format)
	$(Q)git ls-files '*.c' '*.h' | xargs clang-format -i --style=file

.PHONY: graph
graph: $(KERNEL) ## the init table's dependency graph as build/inittab.svg
	$(Q)$(BUILD)/host/inittab --dot $(BUILD)/inittab.dot $(KERNEL) > /dev/null
	$(Q)dot -Tsvg $(BUILD)/inittab.dot -o $(BUILD)/inittab.svg
	@echo "wrote $(BUILD)/inittab.svg"

.PHONY: clean
clean: ## remove build products (keeps the package cache)
	rm -rf $(KOBJ) $(BUILD)/host $(BUILD)/*.elf $(BUILD)/*.iso $(BUILD)/*.inittab $(BUILD)/*.regions \
		$(LINKER_SCRIPT) $(BUILD)/*.iso-inputs $(BUILD)/examples $(BUILD)/run

.PHONY: help
help: ## this list
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 24
	@printf '%s\n' '' 'Variables, for any build or run target:' \
		'  APP=dir               build the application in dir (docs/writing-an-application.md)' \
		"  CMDLINE='...'         the kernel command line; the words after -- are the app's argv" \
		'  INITRD=file[,file...] modules for the loader, on every run target' \
		'  SUBARCHES=pc|xen      an image for one subarch only' \
		'  KERNEL=path.elf       build or boot another image than build/onepath.elf' \
		'  V=1                   show the full commands'

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------------------
# Sizes: the default image beside images built for one subarch each (their
# objects go to build/kernel-pc and build/kernel-xen).  A build that fails
# is reported and shown as not built; `make size` then fails too.
SIZE_SINGLE := $(foreach s,$(SUBARCH_FOLDERS),$(BUILD)/$(s)/onepath.elf)

.PHONY: size
size: $(KERNEL) tools/size-report.py tools/hooks.py ## section sizes; default image vs one per subarch
	$(Q)failed=; for s in $(SUBARCH_FOLDERS); do \
		$(MAKE) --no-print-directory SUBARCHES=$$s KERNEL=$(BUILD)/$$s/onepath.elf \
			$(BUILD)/$$s/onepath.elf || { failed="$$failed $$s"; rm -f $(BUILD)/$$s/onepath.elf; }; \
	done; \
	python3 tools/size-report.py --objects $(KOBJ) --compare $(KERNEL) $(SIZE_SINGLE); \
	[ -z "$$failed" ] || { echo "size: the build for$$failed did not link"; exit 1; }

# ---------------------------------------------------------------------------
# Fuzzing the boot-info parsers with libFuzzer (clang): tests/fuzz/run.sh
# builds the targets into build/fuzz/ and runs each for FUZZ_SECONDS.
FUZZ_SECONDS ?= 300

.PHONY: fuzz
fuzz: | $(DEPS_STAMP) ## fuzz each boot-info parser for FUZZ_SECONDS (300)
	$(Q)bash tests/fuzz/run.sh $(FUZZ_SECONDS)

# ---------------------------------------------------------------------------
# Benchmarks (issue 5): guest instructions per door counted by a TCG plugin
# of our own, wall time against the floor kernel (tests/floor.asm), image
# sizes and init-table scaling.  tools/bench/bench.py writes build/bench/
# bench.txt, bench.json and PNG plots; numbers, not pass/fail.
BENCH := $(BUILD)/bench

# QEMU 7.2 loads plugins built as shared objects against its API.
$(BENCH)/insn_count.so: tools/bench/insn_count.c | $(DEPS_STAMP)
	$(call say,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -shared -fPIC -fvisibility=hidden $< -o $@

$(BENCH)/floor.elf: tests/floor.asm | $(DEPS_STAMP)
	$(call say,NASM,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(NASM) -f elf64 $< -o $(@:.elf=.o)
	$(Q)ld -m elf_x86_64 -nostdlib -static -Ttext=0x100000 -e entry -z max-page-size=4096 \
		-z noexecstack --build-id=none $(@:.elf=.o) -o $@

$(BENCH)/floor-pvh.elf: $(BENCH)/floor.elf tools/clear-multiboot1.py
	$(call say,PVH,$@)
	$(Q)python3 tools/clear-multiboot1.py $< $@

BENCH_INPUTS := $(KERNEL) $(KERNEL_PVH) $(BUILD)/host/inittab $(BENCH)/insn_count.so \
	$(BENCH)/floor.elf $(BENCH)/floor-pvh.elf

.PHONY: bench bench-quick bench-smp
bench: $(BENCH_INPUTS) $(XEN_ELF) $(LINUX_VMLINUZ) ## boot cost per door vs the floor and Linux, KVM profile, sizes, scaling, SMP
	$(Q)python3 tools/bench/bench.py
	$(Q)python3 tools/bench/smp.py

bench-smp: $(KERNEL) $(BUILD)/host/inittab $(BENCH)/floor.elf ## completion with -smp 1, 2, 4 (TCG multi-threaded, KVM) and mem.scrub by CPU count
	$(Q)python3 tools/bench/smp.py

bench-quick: $(BENCH_INPUTS) ## the same on one door, one run each, tables up to 100 (build/bench/quick)
	$(Q)python3 tools/bench/bench.py --quick
