# SPDX-License-Identifier: GPL-2.0
# Userspace half: the portable core as a library, the nfpsim CLI, unit
# tests, sanitizer builds and fuzzers. Everything lands in build/.
# Sources are found by wildcard so adding a file needs no edit here:
#   nfp-sim/*.c            portable core (also in nfpsim.ko)
#   nfp-sim/native/*.c     the simulator's native tier (userspace only: x86-64 code)
#   nfp-sim/user/*.c       CLI and its userspace-only helpers (ELF, pcap, JSON)
#   nfp-sim/tests/test_*.c one unit test binary each (TAP on stdout)
#   nfp-sim/tests/fuzz_*.c one libFuzzer target each
#   nfp-sim/tests/lib/*.c  code shared by tests and fuzzers

B := build
CC ?= gcc
CLANG ?= clang
CFLAGS ?= -O2 -g
# x86-64: memset of the register file and stack as vector stores, not
# "rep stos" (slow to start on AMD; nfps_run() clears them per packet).
comma := ,
CORE_TUNE := $(if $(filter x86_64%,$(shell $(CC) -dumpmachine)),-mmemset-strategy=vector_loop:4096:noalign$(comma)libcall:-1:noalign)
WARN := -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare -Wno-missing-field-initializers
CPPFLAGS := -Infp-sim -Infp-sim/native -Infp-sim/user -D_GNU_SOURCE
LIBS_CLI := -lbpf -lelf -lz -lpthread
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

CORE_SRC := $(sort $(wildcard nfp-sim/*.c))
NATIVE_SRC := $(sort $(wildcard nfp-sim/native/*.c))
CLI_SRC := $(sort $(wildcard nfp-sim/user/*.c))
TLIB_SRC := $(sort $(wildcard nfp-sim/tests/lib/*.c))
TEST_SRC := $(sort $(wildcard nfp-sim/tests/test_*.c))
FUZZ_SRC := $(sort $(wildcard nfp-sim/tests/fuzz_*.c))
PROG_SRC := $(sort $(wildcard nfp-sim/tests/progs/*.bpf.c))
PROGS := $(PROG_SRC:nfp-sim/tests/progs/%.bpf.c=$(B)/progs/%.bpf.o)
# Programs of the VM selftests (offload accept/reject cases).
STPROG_SRC := $(sort $(wildcard selftests/progs/*.bpf.c))
STPROGS := $(STPROG_SRC:selftests/progs/%.bpf.c=$(B)/selftests/%.bpf.o)

CORE_OBJ := $(CORE_SRC:nfp-sim/%.c=$(B)/user/core/%.o)
CORE_ASAN := $(CORE_SRC:nfp-sim/%.c=$(B)/asan/core/%.o)
NATIVE_OBJ := $(NATIVE_SRC:nfp-sim/native/%.c=$(B)/user/native/%.o)
NATIVE_ASAN := $(NATIVE_SRC:nfp-sim/native/%.c=$(B)/asan/native/%.o)
CLI_OBJ := $(CLI_SRC:nfp-sim/user/%.c=$(B)/user/cli/%.o) $(NATIVE_OBJ)
CLI_LIB_OBJ := $(filter-out $(B)/user/cli/main.o,$(CLI_OBJ))
CLI_LIB_ASAN := $(filter-out $(B)/user/native/%,$(CLI_LIB_OBJ:$(B)/user/cli/%=$(B)/asan/cli/%)) \
	$(NATIVE_ASAN)
TLIB_OBJ := $(TLIB_SRC:nfp-sim/tests/lib/%.c=$(B)/user/tlib/%.o)
TLIB_ASAN := $(TLIB_SRC:nfp-sim/tests/lib/%.c=$(B)/asan/tlib/%.o)
TESTS := $(TEST_SRC:nfp-sim/tests/%.c=$(B)/tests/%)
TESTS_ASAN := $(TEST_SRC:nfp-sim/tests/%.c=$(B)/asan/tests/%)
FUZZERS := $(FUZZ_SRC:nfp-sim/tests/%.c=$(B)/fuzz/%)

# What a user builds: the library and the CLI. The unit tests, their
# sanitizer builds and the BPF test programs are `tests`, built by `check`
# and scripts/run-tests.
all: $(B)/libnfps.a $(if $(CLI_SRC),$(B)/nfpsim)

tests: all $(TESTS) $(TESTS_ASAN) $(PROGS) $(STPROGS)

$(B)/selftests/%.bpf.o: selftests/progs/%.bpf.c
	@mkdir -p $(@D)
	$(CLANG) -target bpf -O2 -g -Wall -I/usr/include/$(shell $(CC) -dumpmachine) -c $< -o $@

# BPF C test programs (the differential corpus), built for the host kernel
# and the NIC alike.
$(B)/progs/%.bpf.o: nfp-sim/tests/progs/%.bpf.c $(wildcard nfp-sim/tests/progs/*.h)
	@mkdir -p $(@D)
	$(CLANG) -target bpf -O2 -g -Wall -Infp-sim/tests/progs -c $< -o $@

# RFC 9669 "cpu=v4" corpus programs (*_cpuv4.bpf.c) need -mcpu=v4, which
# clang has from LLVM 18 on (Debian 12's clang is 14: clang-19 is packaged).
# The first of these that takes it; evaluated only when such a rule runs.
CLANG_V4 ?= $(firstword $(foreach c,$(CLANG) clang-19 clang-18,$(if $(shell \
	echo | $(c) -target bpf -mcpu=v4 -x c -c - -o /dev/null 2>/dev/null && echo y),$(c))))

$(B)/progs/%_cpuv4.bpf.o: nfp-sim/tests/progs/%_cpuv4.bpf.c $(wildcard nfp-sim/tests/progs/*.h)
	@mkdir -p $(@D)
	@[ -n "$(CLANG_V4)" ] || { echo "$<: -mcpu=v4 needs clang 18 or later" \
		"(Debian 12: apt-get install clang-19)" >&2; exit 1; }
	$(CLANG_V4) -target bpf -mcpu=v4 -O2 -g -Wall -Infp-sim/tests/progs -c $< -o $@

$(B)/user/core/%.o: nfp-sim/%.c nfp-sim/*.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(CORE_TUNE) $(WARN) -Werror -c $< -o $@

$(B)/asan/core/%.o: nfp-sim/%.c nfp-sim/*.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN) $(WARN) -c $< -o $@

$(B)/user/native/%.o: nfp-sim/native/%.c nfp-sim/*.h $(wildcard nfp-sim/native/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -Werror -c $< -o $@

$(B)/asan/native/%.o: nfp-sim/native/%.c nfp-sim/*.h $(wildcard nfp-sim/native/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN) $(WARN) -c $< -o $@

$(B)/user/cli/%.o: nfp-sim/user/%.c nfp-sim/*.h $(wildcard nfp-sim/user/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Infp-sim/user $(CFLAGS) $(WARN) -Werror -c $< -o $@

$(B)/asan/cli/%.o: nfp-sim/user/%.c nfp-sim/*.h $(wildcard nfp-sim/user/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Infp-sim/user $(CFLAGS) $(SAN) $(WARN) -c $< -o $@

$(B)/user/tlib/%.o: nfp-sim/tests/lib/%.c nfp-sim/*.h $(wildcard nfp-sim/tests/lib/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Infp-sim/user -Infp-sim/tests/lib $(CFLAGS) $(WARN) -c $< -o $@

$(B)/asan/tlib/%.o: nfp-sim/tests/lib/%.c nfp-sim/*.h $(wildcard nfp-sim/tests/lib/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Infp-sim/user -Infp-sim/tests/lib $(CFLAGS) $(SAN) $(WARN) -c $< -o $@

$(B)/libnfps.a: $(CORE_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(B)/libnfps-asan.a: $(CORE_ASAN)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(B)/nfpsim: $(CLI_OBJ) $(B)/libnfps.a
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS_CLI)

# A test is one .c file, so the headers it includes (tests/lib/ktap.h among
# them) are prerequisites too; they are not passed to the compiler.
TEST_HDR := $(wildcard nfp-sim/*.h nfp-sim/native/*.h nfp-sim/user/*.h nfp-sim/tests/lib/*.h)

$(B)/tests/%: nfp-sim/tests/%.c $(TLIB_OBJ) $(CLI_LIB_OBJ) $(B)/libnfps.a $(TEST_HDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Infp-sim/user -Infp-sim/tests/lib $(CFLAGS) $(WARN) -o $@ \
		$(filter-out %.h,$^) $(LIBS_CLI)

$(B)/asan/tests/%: nfp-sim/tests/%.c $(TLIB_ASAN) $(CLI_LIB_ASAN) $(B)/libnfps-asan.a $(TEST_HDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Infp-sim/user -Infp-sim/tests/lib $(CFLAGS) $(SAN) $(WARN) -o $@ \
		$(filter-out %.h,$^) $(LIBS_CLI)

# test_xlate fails the core's allocations one by one (test_nomem).
$(B)/tests/test_xlate $(B)/asan/tests/test_xlate: LIBS_CLI += -Wl,--wrap=calloc

# The fuzzers also check the native tier against the interpreter.
JIT_SRC := $(NATIVE_SRC)
$(B)/fuzz/%: nfp-sim/tests/%.c $(CORE_SRC) $(TLIB_SRC) $(JIT_SRC)
	@mkdir -p $(@D)
	$(CLANG) $(CPPFLAGS) -Infp-sim/tests/lib -g -O1 -fsanitize=fuzzer,address,undefined \
		-o $@ $< $(CORE_SRC) $(TLIB_SRC) $(JIT_SRC) -lpthread

# The long run (make fuzz-long): the same targets at -O2 with UBSan, without
# ASan and without comparison tracing (trace-cmp in the simulator's
# dispatch loop was 75% of the time): ~4,500 instead of ~1,000 executions/s,
# so 10M executions take about 40 minutes on one core. The bounded `fuzz`
# keeps ASan and the comparison-guided mutations.
FUZZERS_LONG := $(FUZZ_SRC:nfp-sim/tests/%.c=$(B)/fuzz-long/%)
$(B)/fuzz-long/%: nfp-sim/tests/%.c $(CORE_SRC) $(TLIB_SRC) $(JIT_SRC)
	@mkdir -p $(@D)
	$(CLANG) $(CPPFLAGS) -Infp-sim/tests/lib -g -O2 -fsanitize=fuzzer,undefined \
		-fno-sanitize-coverage=trace-cmp -fno-sanitize-recover=all -o $@ $< $(CORE_SRC) $(TLIB_SRC) $(JIT_SRC) -lpthread

fuzzers: $(FUZZERS)

# Unit tests, plain and under ASan/UBSan; each binary prints TAP.
check: tests
	@scripts/tap-run $(TESTS) $(TESTS_ASAN)

FUZZ_SECONDS ?= 20
fuzz: $(FUZZERS)
	@scripts/tap-fuzz $(FUZZ_SECONDS) $(FUZZERS)

# Every target for FUZZ_LONG_RUNS executions each, from the in-tree corpus.
FUZZ_LONG_RUNS ?= 10000000
fuzz-long: $(FUZZERS_LONG)
	@scripts/tap-fuzz --runs $(FUZZ_LONG_RUNS) $(FUZZERS_LONG)

# Benchmark (issue 3): not a tests/test_*.c, so `check` does not run it.
$(B)/bench_xlate: nfp-sim/tests/bench/bench_xlate.c $(CLI_LIB_OBJ) $(B)/libnfps.a
	$(CC) $(CPPFLAGS) -Infp-sim/user $(CFLAGS) -O2 $(WARN) -o $@ $^ $(LIBS_CLI)

bench: $(B)/bench_xlate $(PROGS)
	$(B)/bench_xlate

clean:
	rm -rf $(B)/user $(B)/asan $(B)/tests $(B)/fuzz $(B)/fuzz-long $(B)/progs $(B)/selftests $(B)/libnfps*.a $(B)/nfpsim

# Objects only a pattern rule asks for are intermediate, and make would
# delete them after every link and rebuild them on the next.
.SECONDARY: $(TLIB_OBJ) $(TLIB_ASAN) $(CLI_LIB_ASAN) $(NATIVE_OBJ)

.PHONY: all tests check fuzz fuzz-long fuzzers bench clean
