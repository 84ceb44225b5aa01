# SPDX-License-Identifier: GPL-2.0
#
# The userspace build of kernel/cmds.c, for the Makefiles that link the
# test harness (tests/unit, tests/fuzz, bench).  Include it; then
#	KSHIM_SRCS	kernel/cmds.c and the shim (tests/kshim/*.c)
#	KSHIM_CPPFLAGS	how those compile: the shim's linux/*.h first
#	KSHIM_USER_CPPFLAGS	for code that includes adapter.h (vdriver)
#	kshim_objs	$(call kshim_objs,DIR): their objects in DIR
# and write the two rules with the including Makefile's flags:
#	DIR/cmds.o: $(KSHIM_KERNEL)/cmds.c	DIR/%.o: $(KSHIM_DIR)/%.c

KSHIM_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
KSHIM_KERNEL := $(KSHIM_DIR)/../../kernel
KSHIM_SRCS := $(KSHIM_KERNEL)/cmds.c $(wildcard $(KSHIM_DIR)/*.c)

# The kernel builds without -Wsign-compare (W=2 has it), and cmds.c with it.
KSHIM_CPPFLAGS := -I$(KSHIM_DIR)/include -I$(KSHIM_DIR) -I$(KSHIM_KERNEL) \
	-DKBUILD_MODNAME='"ovnic"' -D_GNU_SOURCE
KSHIM_CFLAGS := -Wno-sign-compare
KSHIM_USER_CPPFLAGS := -I$(KSHIM_DIR) -I$(KSHIM_KERNEL)

kshim_objs = $(addprefix $(1)/,$(notdir $(KSHIM_SRCS:.c=.o)))
