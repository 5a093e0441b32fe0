# SPDX-License-Identifier: GPL-2.0
# Out-of-tree build wrapper: the module through kbuild, the userspace half
# (nfp-sim library, nfpsim CLI, unit tests) through nfp-sim/user.mk.

KVER ?= $(shell ls -1 /lib/modules 2>/dev/null | while read v; do \
	[ -e /lib/modules/$$v/build/Makefile ] && echo $$v; done | sort -V | tail -n1)
KDIR ?= /lib/modules/$(KVER)/build
V ?= 0

all: module user

module:
	@test -e $(KDIR)/Makefile || { echo "nfpsim: no kernel build tree at KDIR=$(KDIR);" \
		"run 'make deps' or pass KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

user:
	$(MAKE) -f nfp-sim/user.mk

deps:
	scripts/setup-deps

# The README's test command: userspace tests and the VM selftests.
check: all
	scripts/run-tests

demo: all
	scripts/demo

bench: all
	$(MAKE) -f nfp-sim/user.mk bench

style:
	scripts/style-check

clean:
	-test -e $(KDIR)/Makefile && $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -f nfp-sim/user.mk clean
	rm -rf build .vm

.PHONY: all module user deps check demo bench style clean
