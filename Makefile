# The front door. `make plan` and `make test` do all the set-up on a fresh Debian 12 host.
BUILD   ?= build
ASAN    ?= build-asan
JOBS    ?= $(shell nproc)
SUDO    := $(if $(filter 0,$(shell id -u)),,sudo)

# Debian packages the vtune binary needs (`make plan`), then what the tests and the perf
# harness add (`make test`). PACKAGES is both.
VTUNE_PACKAGES := cmake g++ make ninja-build pkg-config \
  tao-pegtl-dev libtomlplusplus-dev libudev-dev libspdlog-dev nlohmann-json3-dev libcli11-dev \
  liburing-dev
TEST_PACKAGES := doctest-dev libbenchmark-dev \
  iproute2 ethtool util-linux kmod libjson-validator-perl
# The Ansible collection's tests: ansible-core, `ansible` (ships ansible.posix, for the comparison)
# and the tools ansible-test sanity would fetch from PyPI (validate-modules, yamllint, pep8, pylint).
ANSIBLE_PACKAGES := ansible-core ansible python3-voluptuous yamllint pycodestyle pylint
# `make deb` and the package tests (ctest -L package: lintian, promtool, man, completion).
PACKAGING_PACKAGES := dpkg-dev file lintian prometheus groff-base man-db bash-completion
# The HTML audit report's browser test (tests/e2e/audit_html_chromium.sh).
AUDIT_PACKAGES := chromium python3
PACKAGES := $(VTUNE_PACKAGES) $(TEST_PACKAGES) $(ANSIBLE_PACKAGES) $(PACKAGING_PACKAGES) \
  $(AUDIT_PACKAGES)

# Only for `make fuzz` (libFuzzer) and `make compare` (the reference scanner).
FUZZ_PACKAGES    := clang libclang-rt-14-dev
COMPARE_PACKAGES := hyperfine openscap-scanner ssg-debian
# Only for `make bench-compare`: the reference tools vtune bench stands beside. netperf is not
# in Debian 12 main, so sockperf's ping-pong is the tcp_rr reference.
BENCH_COMPARE_PACKAGES := iperf3 fio sysbench sockperf

.PHONY: deps deps-vtune vtune build test plan facts asan perf perf-audit bench-sanity compare bench-compare fuzz format clean deb

# Installs whichever of $(1) are missing: one apt-get update, then one apt-get install.
define apt_install_missing
	@missing=$$(for p in $(1); do \
	    dpkg-query -W -f='$${db:Status-Abbrev}' $$p 2>/dev/null | grep -q '^ii' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "make: installing" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call apt_install_missing,$(PACKAGES))

deps-vtune:
	$(call apt_install_missing,$(VTUNE_PACKAGES))

# A fresh tree is configured for the vtune binary alone (no doctest, no benchmark needed);
# `make build` turns the tests on in the same tree, and off is never forced back.
# -g1 keeps line tables (backtraces still name file:line) but not the full debug info of
# -g: on two sample TUs it cut compile CPU time by 30-39% and the objects by 77%. For a debugger,
# configure by hand with -DCMAKE_BUILD_TYPE=Debug (as `make asan` does). _FORTIFY_SOURCE=2 and
# the strong stack protector are Debian's own hardening defaults (dpkg-buildflags).
RELEASE_FLAGS := -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG -D_FORTIFY_SOURCE=2 -fstack-protector-strong"

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja $(RELEASE_FLAGS) -DVTUNE_TESTS=OFF

# The vtune binary and nothing else: what `make plan` and `make facts` run.
vtune: deps-vtune $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target vtune

# Everything: vtune, the tests, the perf harness.
build: deps $(BUILD)/build.ninja
	cmake -S . -B $(BUILD) -DVTUNE_TESTS=ON
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Exit 2 means the audit found drift: that is the answer, not a failure of make.
plan: vtune
	@./$(BUILD)/vtune plan --profile high-concurrency-web; rc=$$?; \
	if [ $$rc -eq 2 ]; then echo "make plan: drift found (vtune exit 2); nothing was changed"; \
	elif [ $$rc -eq 4 ]; then echo "make plan: some items could not be checked here (vtune exit 4); nothing was changed"; \
	elif [ $$rc -ne 0 ]; then exit $$rc; fi

facts: vtune
	./$(BUILD)/vtune facts

# The Debian package and its debug symbols, in $(BUILD)/packages (docs/packaging.md).
deb: deps-vtune $(BUILD)/build.ninja
	$(call apt_install_missing,dpkg-dev file)
	cmake --build $(BUILD) -j $(JOBS) --target vtune vtune_man
	cd $(BUILD) && cpack -G DEB
	@ls -l $(BUILD)/packages/*.deb $(BUILD)/packages/*.ddeb

asan: deps
	cmake -S . -B $(ASAN) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DVTUNE_SANITIZE=ON -DVTUNE_PERF=OFF
	cmake --build $(ASAN) -j $(JOBS)
	cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

format:
	find engine probes appliers bench tests -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN)

perf: build
	./$(BUILD)/tests/perf/vtune_perf

# Every benchmark's figures within physical bounds, and (strictly) a 95% CI under 10% of the
# median at the default repetitions; on a quiet machine only (docs/benchmarks.md).
bench-sanity: build
	cd $(BUILD) && VTUNE_BENCH_STRICT=1 ctest --output-on-failure -L bench

# vtune audit over 1,000 snapshots made from the fixtures: wall time, CPU and peak memory
# (docs/performance.md). A measurement to quote, not a ctest: timings on a shared machine
# are not pass/fail. It writes ~1.5 GB of hard-linked directories under /tmp, then removes them.
perf-audit: vtune
	python3 tests/perf/audit_perf_fleet.py time $(BUILD)/vtune tests/fixtures 1000

# vtune check against oscap with Debian's SCAP content, timed in the same run.
compare: vtune
	$(call apt_install_missing,$(COMPARE_PACKAGES))
	tests/perf/compare_oscap.sh $(BUILD)/vtune

# vtune bench against iperf3, sockperf, fio and sysbench, both sides in one run, interleaved
# (docs/benchmarks.md, "Accuracy against the reference tools").
bench-compare: vtune
	$(call apt_install_missing,$(BENCH_COMPARE_PACKAGES))
	python3 tests/perf/bench_compare.py --vtune $(BUILD)/vtune

fuzz: deps
	$(call apt_install_missing,$(FUZZ_PACKAGES))
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DVTUNE_FUZZ=ON -DVTUNE_PERF=OFF
	cmake --build build-fuzz -j $(JOBS)
