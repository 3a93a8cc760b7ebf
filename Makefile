# The two commands of the README's quick start:
#   make run    set up what is missing, build, and open Viva
#   make test   set up what is missing, then run every check and test
# Both are safe to repeat.

CARGO ?= cargo
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: run test setup build lint bench

setup:
	@scripts/setup.sh

build: setup
	$(CARGO) build --release -p viva-cli

# Until the desktop app lands, "opening Viva" is the command-line app: show what it can do.
run: build
	@./target/release/viva --help
	@echo
	@./target/release/viva decks list

lint: setup
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

# Tests that need a speech model take the one the setup converted (see scripts/install-models.sh).
test: export VIVA_TEST_MODEL ?= $(CURDIR)/.setup/models/tiny.en.bin
test: setup lint
	$(CARGO) test --workspace --locked --no-fail-fast

bench: setup
	$(CARGO) bench -p viva-core --bench score
