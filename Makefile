# SPDX-License-Identifier: GPL-2.0
# Out-of-tree build wrapper: the module through kbuild, the userspace half
# (nfp-sim library, nfpsim CLI, unit tests) through nfp-sim/user.mk.

# The running kernel when its build tree is installed (a machine loading the
# module itself); otherwise the kernel scripts/vm-run boots by default, the
# newest 6.1 (this project's test machines cannot load modules). The tests
# build their own copy per kernel with scripts/kmod-build.
KVER ?= $(shell v=$$(uname -r); if [ -e /lib/modules/$$v/build/Makefile ]; then echo $$v; \
	else ls -1 /lib/modules 2>/dev/null | grep '^6\.1\.' | while read v; do \
	[ -e /lib/modules/$$v/build/Makefile ] && echo $$v; done | sort -V | tail -n1; fi)
KDIR ?= /lib/modules/$(KVER)/build
V ?= 0
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' dkms.conf)
DKMS_DIR := /usr/src/nfpsim-$(VERSION)

all: module user

module:
	@test -e $(KDIR)/Makefile || { echo "nfpsim: no kernel build tree at KDIR=$(KDIR);" \
		"run 'make deps' or pass KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

user:
	$(MAKE) -f nfp-sim/user.mk

# Unit tests (plain and ASan/UBSan), BPF test programs and the reference
# runner of the differential tests: `make check` and scripts/run-tests
# build them.
tests:
	$(MAKE) -f nfp-sim/user.mk tests
	$(MAKE) -f nfp-sim/tests/diff/Makefile

deps:
	scripts/setup-deps

# Install like a driver: the module into /lib/modules/KVER/updates/ (ahead of
# any in-tree copy), then depmod, so `modprobe nfpsim` finds it.
install: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=updates modules_install
	depmod -a $(KVER)

uninstall:
	rm -f /lib/modules/$(KVER)/updates/nfpsim.ko*
	depmod -a $(KVER)

# DKMS from this tree: the sources go to /usr/src/nfpsim-VERSION, and DKMS
# builds and installs the module for KVER (and every later kernel).
dkms-install:
	scripts/mkdeb --src $(DKMS_DIR)
	dkms status -m nfpsim -v $(VERSION) | grep -q . || dkms add nfpsim/$(VERSION)
	dkms install nfpsim/$(VERSION) -k $(KVER)

dkms-uninstall:
	dkms remove nfpsim/$(VERSION) --all
	rm -rf $(DKMS_DIR)

# The binary package nfpsim-dkms (build/nfpsim-dkms_VERSION_all.deb).
deb:
	scripts/mkdeb

# The README's test command: userspace tests and the VM selftests.
check:
	scripts/run-tests

# The whole VM suite on the sanitizer kernel (KASAN, lockdep, kmemleak,
# UBSAN, fault injection): ../shared/kernels' prebuilt one, or
# NFPSIM_DEBUG_KERNEL=DIR from scripts/debug-kernel. About an hour under TCG.
check-debug:
	scripts/run-tests --kernel debug --all-kernels

demo:
	scripts/demo

# libFuzzer targets for 10M executions each (FUZZ_LONG_RUNS=N to change).
fuzz-long:
	$(MAKE) -f nfp-sim/user.mk fuzz-long

# Differential fuzzer, host stage: generated XDP programs, the host kernel's
# BPF_PROG_TEST_RUN against both simulator tiers (root; FUZZDIFF_COUNT,
# FUZZDIFF_SEED). The VM stage is selftests/nfpsim_fuzz_diff.sh.
fuzz-diff: user
	$(MAKE) -f nfp-sim/tests/diff/Makefile
	scripts/fuzzdiff

bench: all
	$(MAKE) -f nfp-sim/user.mk bench

style:
	scripts/style-check

clean:
	-test -e $(KDIR)/Makefile && $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -f nfp-sim/user.mk clean
	rm -rf build .vm

.PHONY: all module user tests deps install uninstall dkms-install dkms-uninstall deb check check-debug demo fuzz-long fuzz-diff bench style clean
