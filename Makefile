# The two commands of the README's quick start:
#   make run    set up what is missing, build, and open Viva
#   make test   set up what is missing, then run every check and test
# Both are safe to repeat.
#
# Also: make bundle (a .deb of the desktop app), make bench, make bench-app.

CARGO ?= cargo
NPM ?= npm
export PATH := $(HOME)/.cargo/bin:$(PATH)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)

.PHONY: run test setup tools models build ui app app-e2e lint fmt have-clippy ui-lint ui-test bundle bench bench-app

setup:
	@scripts/setup.sh

# Everything but the speech models (see `test`).
tools:
	@scripts/setup.sh --no-models

# The UI, built into ui/dist, which the app embeds when it is compiled (its default
# `custom-protocol` feature), so the UI must be built before the app is compiled or checked.
ui: tools
	$(NPM) --prefix ui run build

# The command-line app.
build: setup
	$(CARGO) build --release -p viva-cli

# The desktop app, release build, UI embedded.
app: ui
	$(CARGO) build --release -p viva-app

run: setup app
	$(TARGET_DIR)/release/viva-app

# An installable .deb (target/release/bundle/deb/), built offline by the Tauri CLI from
# ui/node_modules. Run from here, the CLI finds src-tauri/ and takes ui/ for the front end
# (whose build its beforeBuildCommand runs). scripts/check-deb.sh installs the .deb, checks
# and launches it, and removes it.
# (--ignore-version-mismatches: the CLI refuses npm and Rust Tauri packages of different minor
# versions, e.g. @tauri-apps/api 2.12 with tauri 2.11; both are 2.x, whose IPC is the same, and
# the end-to-end tests run exactly that pair.)
bundle: setup
	ui/node_modules/.bin/tauri build --bundles deb

# The app the end-to-end tests (tests/e2e) drive: the debug build, whose dependencies
# `cargo test` compiles anyway, so testing costs no release build (with LTO) on top. It is
# built with every target `cargo test --workspace` selects (tests and examples too, so
# dev-dependencies unify features the same way): a plain `cargo build -p viva-app` resolves
# other features, and `cargo test` would then build the whole Tauri stack a second time.
app-e2e: ui
	$(CARGO) build --workspace --locked --all-targets

# The speech models, installed with the `viva` of the workspace's debug build.
models: app-e2e
	VIVA_BIN=$(TARGET_DIR)/debug/viva scripts/install-models.sh

lint: ui ui-lint fmt
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

ui-lint: tools
	$(NPM) --prefix ui run lint

ui-test: tools
	$(NPM) --prefix ui test

# `make test` lints the Rust code while it builds it: clippy's driver stands in for rustc on
# the workspace's own crates (what `cargo clippy` does, but building instead of only
# checking), so the dependencies, the Tauri stack among them, are compiled once instead of
# twice (once checked for clippy, once built for the tests). Its errors are clippy's, with
# warnings denied. `make lint` runs plain clippy.
CLIPPY_DRIVER := $(shell rustup which clippy-driver 2>/dev/null || command -v clippy-driver)

# Tests that need a speech model take the one the setup converted (see scripts/install-models.sh).
test: export VIVA_TEST_MODEL ?= $(CURDIR)/.setup/models/tiny.en.bin
test: export VIVA_APP_BIN ?= $(TARGET_DIR)/debug/viva-app
test: export RUSTC_WORKSPACE_WRAPPER := $(CLIPPY_DRIVER)
test: export CLIPPY_ARGS := -D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__
# The quick checks come first, so a formatting slip fails in seconds, not after the build.
test: tools have-clippy fmt ui-lint ui-test models
	$(CARGO) test --workspace --locked --no-fail-fast

have-clippy:
	@test -x "$(CLIPPY_DRIVER)" || { echo "make test: clippy is not installed; run: rustup component add clippy" >&2; exit 1; }

fmt:
	$(CARGO) fmt --all --check

bench: setup
	$(CARGO) bench -p viva-core --bench score

# Stop → result in the release app as a user waits for it: 30 s, 90 s and three-minute
# answers, tiny.en and base, idle and with two CPU-bound processes beside it
# (tests/e2e/benches/stop_to_result.rs; VIVA_BENCH_* choose a part). About 30 minutes.
bench-app: setup app
	$(CARGO) bench -p viva-e2e --bench stop_to_result
