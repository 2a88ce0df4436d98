# The two commands of the README: `make demo` (lint the bundled demo) and `make test` (every test).
# Both install missing Debian packages first (scripts/install-deps.sh) and build what they need.
SWIFT ?= swift
# Release builds link the Swift runtime statically: a pre-commit run pays ~5 ms of process start
# instead of ~15 ms of dynamic loading (see bench/README.md).
RELEASE_SCRATCH := .build-release
RELEASE_FLAGS := -c release --static-swift-stdlib --scratch-path $(RELEASE_SCRATCH)
CONFGATE_RELEASE := $(RELEASE_SCRATCH)/release/confgate

.PHONY: all deps build release demo test bench bench-validate bench-secrets bench-reports bench-environments bench-compliance bench-record fuzz fuzz-regress clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS)

# Lints fixtures/demo/ (its .confgate.yaml is found by walking up from there). The demo holds
# deliberate findings, so confgate exits 1; the target reports the exit code instead of failing.
demo: release
	@echo '$$ cd fixtures/demo && confgate lint'
	@cd fixtures/demo && ../../$(CONFGATE_RELEASE) lint; status=$$?; \
	  echo; echo "confgate exited with $$status (0 = clean, 1 = findings at or above --fail-on, 2 = usage or config error, 3 = operational failure)"

# Builds everything (the CLI tests run the built binary) and runs every test. The history store's
# tests need PostgreSQL: scripts/with-postgres.sh starts a throwaway server for the run (or uses
# CONFGATE_TEST_DATABASE_URL when it is set).
test: deps
	$(SWIFT) build --build-tests
	scripts/with-postgres.sh $(SWIFT) test --skip-build

# Speed targets, on demand (not in CI): see bench/README.md.
bench: deps
	bench/lint.sh

# Schema validation against jsonschema-rs and check-jsonschema, plus recall on the corpus manifest.
bench-validate: deps
	bench/validate.sh

# Secret detection: recall on the corpus manifest, overhead of --no-secrets, against gitleaks and
# kingfisher (detect-secrets too with SECRETS_BENCH_DETECT_SECRETS=1).
bench-secrets: deps
	bench/secrets.sh

# Report writing: every format via --report beside the text report, against the text report alone.
bench-reports: deps
	bench/reports.sh

# Environments: parity recall on the corpus manifest, overhead of resolving and comparing environments.
bench-environments: deps
	bench/environments.sh

# Compliance: every built-in rule pack over the corpus, against a plain lint.
bench-compliance: deps
	bench/compliance.sh

# History: lint --record of the corpus into a throwaway local PostgreSQL, against the lint alone.
bench-record: deps
	bench/record.sh

# libFuzzer targets for the YAML and JSON readers, FUZZ_SECONDS each (default 180): see fuzz/README.md.
fuzz: deps
	fuzz/run.sh

fuzz-regress: deps
	fuzz/run.sh regress

clean:
	rm -rf .build $(RELEASE_SCRATCH) fuzz/out bench/out
