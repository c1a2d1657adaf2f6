# The front door. `make plan` and `make test` do all the set-up on a fresh Debian 12 host.
BUILD   ?= build
ASAN    ?= build-asan
JOBS    ?= $(shell nproc)
SUDO    := $(if $(filter 0,$(shell id -u)),,sudo)

# Debian packages the build and the tests need.
PACKAGES := cmake g++ make ninja-build pkg-config \
  tao-pegtl-dev libtomlplusplus-dev libudev-dev libspdlog-dev doctest-dev \
  nlohmann-json3-dev libcli11-dev liburing-dev libbenchmark-dev \
  iproute2 ethtool util-linux kmod libjson-validator-perl

.PHONY: deps build test plan facts asan perf fuzz format clean

deps:
	@missing=$$(dpkg-query -W -f='$${db:Status-Abbrev} $${Package}\n' $(PACKAGES) 2>/dev/null \
	  | awk '$$1=="ii" {print $$2}' | sort > /tmp/.vtune-have; \
	  for p in $(PACKAGES); do grep -qx "$$p" /tmp/.vtune-have || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing $$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

plan: build
	./$(BUILD)/vtune plan --profile high-concurrency-web

facts: build
	./$(BUILD)/vtune facts

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

fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DVTUNE_FUZZ=ON -DVTUNE_PERF=OFF
	cmake --build build-fuzz -j $(JOBS)
