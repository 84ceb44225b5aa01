# SPDX-License-Identifier: GPL-2.0
#
# ovnic: vDPA hardware-offload stack for a virtio-net NIC.
#
#   make setup   install build/test dependencies from Debian (root, idempotent)
#   make         firmware library, kernel module
#   make demo    boot a VM, create devices, show traffic crossing the card
#   make test    unit tests (plain, ASan+UBSan) and VM tests
#   make test-quick  unit tests and the VM smoke test (a few minutes)
#   make stress  the firmware on real threads: plain, TSan, ASan+UBSan,
#                STRESS_SECONDS (default 10) each
#   make check   checkpatch and sparse over the kernel and firmware code
#   make netlink-gen  regenerate the netlink family's uapi header, policies
#                and op table from Documentation/netlink/specs/ovnic.yaml
#                (the kernel's ynl-gen-c.py from linux-source-6.12), and
#                vdpa-ctl's reply policies (scripts/netlink-gen-libnl.py);
#                make netlink-check says whether the checked-in ones are
#                current (a unit test of tests/run-all.sh)
#   make fuzz    the firmware's libFuzzer targets, FUZZ_SECONDS (60) each
#                (tests/fuzz, clang)
#   make bench   benchmarks: the firmware datapath in userspace, then in a VM
#                coalescing, packet rate against vdpa_sim_net, TCP through
#                the card with offloads on and off against veth, memory per
#                device, the control queue's round trip against vdpa_sim_net,
#                uplink -> device with xmit_more batching on and off
#                (tables on stdout, JSON under build/bench), and the
#                summary again with the VM's offload ratios
#   make test-debug  the VM tests on a debug kernel (KASAN, lockdep, kmemleak,
#                DEBUG_OBJECTS, ...) built from linux-source-6.12 and cached
#                under build/debug-kernel (the first build takes about an hour
#                on two cores); any kernel report fails a test.  Not part of
#                make test (tests/vm/README.md, "Debug kernel")

# The kernel the module builds for is the one the VM tests boot (kver.sh).
KVER ?= $(shell bash $(CURDIR)/scripts/kver.sh)
KDIR ?= /lib/modules/$(KVER)/build
BUILD := $(CURDIR)/build
CC ?= gcc
FW_SRCS := $(wildcard firmware-model/src/*.c)
FW_OBJS := $(patsubst firmware-model/src/%.c,$(BUILD)/fw/%.o,$(FW_SRCS))
FW_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Woverride-init \
	-ffreestanding -nostdinc -Ifirmware-model/include -fPIC
CHECKPATCH := /usr/src/linux-source-6.12/scripts/checkpatch.pl

.PHONY: all setup fwlib module tool unit unit-asan test test-quick test-unit \
	test-vm demo check clean install dkms-install bench stress fuzz \
	netlink-gen netlink-check

all: fwlib module tool

setup:
	@bash scripts/setup.sh

fwlib: $(BUILD)/libovnic-fw.a

$(BUILD)/fw/%.o: firmware-model/src/%.c $(wildcard firmware-model/src/*.h) \
		$(wildcard firmware-model/include/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(FW_CFLAGS) -c $< -o $@

$(BUILD)/libovnic-fw.a: $(FW_OBJS)
	ar rcs $@ $^

module:
	$(MAKE) -C kernel KDIR=$(KDIR)

tool:
	$(MAKE) -C vdpa-ctl

unit:
	$(MAKE) -C tests/unit FWDIR=$(CURDIR)/firmware-model BUILD=$(BUILD)/unit all

stress:
	$(MAKE) -C tests/stress FWDIR=$(CURDIR)/firmware-model \
		BUILD=$(BUILD)/stress run

test: setup
	@bash tests/run-all.sh

test-quick: setup
	@bash tests/run-all.sh quick

test-unit: setup
	@bash tests/run-all.sh unit

test-vm: setup
	@bash tests/run-all.sh vm

fuzz:
	$(MAKE) -C tests/fuzz BUILD=$(BUILD)/fuzz run

demo: setup all
	@bash tests/vm/run-vm.sh --name demo --timeout 900 tests/demo/demo.sh

bench: setup all
	$(MAKE) -C bench BUILD=$(BUILD)/bench FWLIB=$(BUILD)/libovnic-fw.a run
	BUILD=$(BUILD)/bench bash bench/coal.sh
	BUILD=$(BUILD)/bench bash bench/vm-pps.sh
	BUILD=$(BUILD)/bench bash bench/vm-offload.sh
	BUILD=$(BUILD)/bench bash bench/vm-scale.sh
	BUILD=$(BUILD)/bench bash bench/vm-cvq.sh
	BUILD=$(BUILD)/bench bash bench/vm-uplink.sh
	python3 bench/summary.py $(BUILD)/bench

check: all
	$(CHECKPATCH) --no-tree --quiet --show-types -f \
		$(filter-out %.mod.c,$(wildcard kernel/*.c)) kernel/*.h \
		kernel/card/*.c kernel/card/*.h kernel/include/uapi/linux/*.h
	# The firmware is freestanding: it has no kernel types or attribute
	# macros, so it defines its own.
	$(CHECKPATCH) --no-tree --quiet --show-types \
		--ignore NEW_TYPEDEFS,PREFER_DEFINED_ATTRIBUTE_MACRO -f \
		firmware-model/src/*.c firmware-model/src/*.h \
		firmware-model/include/*.h
	$(MAKE) -C kernel KDIR=$(KDIR) C=2 W=1

netlink-gen:
	@bash scripts/netlink-gen.sh

netlink-check:
	@bash scripts/netlink-gen.sh check

# The netlink family's uapi header goes along, for other tools that speak it.
install: all
	$(MAKE) -C kernel KDIR=$(KDIR) install
	$(MAKE) -C vdpa-ctl install
	install -D -m 0644 kernel/include/uapi/linux/ovnic.h \
		$(DESTDIR)$(or $(PREFIX),/usr/local)/include/linux/ovnic.h

.PHONY: test-debug
test-debug: setup
	@bash scripts/debug-kernel.sh test

dkms-install:
	bash scripts/dkms-install.sh

clean:
	rm -rf $(BUILD)
	$(MAKE) -C kernel KDIR=$(KDIR) clean || true
	$(MAKE) -C vdpa-ctl clean
