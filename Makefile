# Switchboard developer commands. `make run` and `make test` are all a fresh
# Debian 12 machine with Swift needs: both install missing system packages.

SHELL        := bash
SWIFT        ?= swift
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := FuzzSTUN FuzzRTP FuzzRTCP FuzzSDP FuzzPayloadDescriptors FuzzSignalingMessages FuzzRoom FuzzDTLSSession FuzzTURN FuzzICETCPFraming FuzzSCTP
FUZZ_DIR     := Tests/Fuzz
FUZZER_LIB    = $(firstword $(wildcard $(dir $(shell command -v swift))../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a))
# Coverage instrumentation for libFuzzer; SwiftPM links its own `main`, so the
# fuzzer library without one is linked and each target starts its driver.
FUZZ_FLAGS    = -Xswiftc -sanitize=address \
                -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
                -Xlinker $(FUZZER_LIB) -Xlinker -lstdc++

VENV         := .venv
VENV_STAMP   := $(VENV)/.requirements-installed

.PHONY: all deps build run test fuzz fuzz-build bench fixtures clean

all: build

deps:
	@tools/ensure-system-packages

build: deps
	$(SWIFT) build

# The server on the built-in default config (Config/switchboard.yaml),
# release build; it prints the demo page's address. Ctrl-C stops it.
run: deps
	$(SWIFT) build -c release --product switchboard
	.build/release/switchboard serve

# The independent WebRTC stack the interop tests run against (aiortc) and
# their helpers, from PyPI, in a virtualenv of the project.
$(VENV_STAMP): tools/requirements.txt
	@python3 -c 'import ensurepip, venv' 2>/dev/null || tools/ensure-system-packages python3-venv
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r tools/requirements.txt
	touch $@

# Swift tests, then the interop tests against the built server with
# independent WebRTC stacks (aiortc; headless Chromium and GStreamer's WHIP
# client in loopback-only network namespaces; Firefox ESR and Chromium in
# veth-joined namespaces, one behind an nftables NAT; PostgreSQL for the
# cluster tests, which start their own throwaway server on 127.0.0.1).
test: deps $(VENV_STAMP)
	@tools/ensure-system-packages chromium chromium-driver ffmpeg simple-whip-client gcc postgresql coturn janus firefox-esr nftables iproute2 openssl
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	SWITCHBOARD_BIN=$(CURDIR)/.build/debug/switchboard $(VENV)/bin/python -m pytest -q Tests/Interop

# Every fuzz target under libFuzzer for FUZZ_SECONDS each (FUZZ_TARGETS to pick
# some), seeded from the test vectors, SDP fixtures and hand-written scripts
# (tools/extract-fuzz-seeds). A crashing input is kept in Tests/Fuzz/Findings/.
fuzz-build: deps
	@test -n "$(FUZZER_LIB)" || { echo "error: libclang_rt.fuzzer_no_main not found in the Swift toolchain" >&2; exit 1; }
	cd $(FUZZ_DIR) && $(SWIFT) build -c release $(FUZZ_FLAGS)

fuzz: fuzz-build
	@set -eo pipefail; work=$(FUZZ_DIR)/corpus-work; \
	rm -rf $$work/seeds; tools/extract-fuzz-seeds $$work/seeds; mkdir -p $(FUZZ_DIR)/Findings; \
	for target in $(FUZZ_TARGETS); do \
	    mkdir -p $$work/$$target $$work/seeds/$$target; \
	    echo "== $$target for $(FUZZ_SECONDS) s"; \
	    $(FUZZ_DIR)/.build/release/$$target -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        -artifact_prefix=$(FUZZ_DIR)/Findings/$$target- $$work/$$target $$work/seeds/$$target 2>&1 \
	        | grep -v -i -E '# Uses: [0-9]+$$|recommended dictionary' | tail -n 14; \
	done

# Per-packet micro benchmarks, release build.
bench: deps
	cd bench && $(SWIFT) build -c release && .build/release/WireBench && .build/release/HandshakeBench \
		&& .build/release/ForwardingBench && .build/release/SCTPBench && .build/release/SRTPBench

# Re-captures the SDP fixtures from real browsers and aiortc (needs chromium,
# firefox-esr and Python; see the script).
fixtures: $(VENV_STAMP)
	@tools/ensure-system-packages chromium firefox-esr
	tools/capture-sdp-fixtures

clean:
	rm -rf .build $(FUZZ_DIR)/.build bench/.build $(VENV)
