# SPDX-License-Identifier: MIT
# make APP=dir: an application built into the image (docs/writing-an-application.md).
#
# dir is absolute, or relative to the directory make was run from ($(PWD),
# which make -C leaves alone), not to the onepath tree.  Every .c file of
# dir is compiled with the kernel's flags, for speed (-O2: an app is not in
# the default image, whose text is built for size), with include/ (<onepath/app.h>)
# and the tree's root ("kernel/log.h") on the include path, into
# build/kernel*/app/<dir's absolute path>/, and linked into the image like kernel code: tools/mismatch and
# tools/inittab check it, so its own init entries and options are
# verified too.  The app is named after its directory (argv[0]).
APP ?=
ifneq ($(strip $(APP)),)
APP_DIR := $(abspath $(if $(filter /%,$(APP)),$(APP),$(or $(PWD),$(CURDIR))/$(APP)))
ifeq ($(wildcard $(APP_DIR)/*.c),)
$(error E_APP_NOT_FOUND: APP=$(APP): no .c file in $(APP_DIR))
endif
APP_NAME := $(notdir $(APP_DIR))
APP_C := $(wildcard $(APP_DIR)/*.c)
APP_OBJS := $(APP_C:$(APP_DIR)/%.c=$(KOBJ)/app$(APP_DIR)/%.o)

$(APP_OBJS): $(KOBJ)/app$(APP_DIR)/%.o: $(APP_DIR)/%.c $(KERNEL_FLAGS_STAMP) | $(DEPS_STAMP)
	$(call say,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(KERNEL_HOT_OPT) $(KERNEL_CFLAGS) -I. -Iinclude -DONEPATH_APP_NAME='"$(APP_NAME)"' -c $< -o $@
endif

# The examples and the test apps, each linked into an image of its own,
# build/examples/<name>/onepath.elf (and -pvh.elf), for make test.
EXAMPLE_APPS := examples/hello examples/modsum tests/apps/exit_code
example_image = $(BUILD)/examples/$(notdir $(1))/onepath.elf

.PHONY: examples
examples: ## build each example into build/examples/NAME/onepath.elf
	$(Q)for app in $(EXAMPLE_APPS); do \
		image=$(BUILD)/examples/$$(basename $$app)/onepath.elf; \
		$(MAKE) --no-print-directory APP=$(CURDIR)/$$app KERNEL=$$image \
			$$image $${image%.elf}-pvh.elf || exit 1; \
	done
