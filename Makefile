# The two commands of the README's quick start:
#   make run    set up what is missing, build, and open Viva
#   make test   set up what is missing, then run every check and test
# Both are safe to repeat.
#
# Also: make bundle (a .deb of the desktop app), make bench.

CARGO ?= cargo
NPM ?= npm
export PATH := $(HOME)/.cargo/bin:$(PATH)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)

.PHONY: run test setup build ui app app-e2e lint ui-test bundle bench

setup:
	@scripts/setup.sh

# The UI, built into ui/dist, which the app embeds when it is compiled (its default
# `custom-protocol` feature), so the UI must be built before the app is compiled or checked.
ui: setup
	$(NPM) --prefix ui run build

# The command-line app.
build: setup
	$(CARGO) build --release -p viva-cli

# The desktop app, release build, UI embedded.
app: ui
	$(CARGO) build --release -p viva-app

run: app
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
# built with the same targets `cargo test --workspace` selects (tests and examples too, so
# dev-dependencies unify features the same way): a plain `cargo build -p viva-app` resolves
# other features, and `cargo test` would then build the whole Tauri stack a second time.
app-e2e: ui
	$(CARGO) build --workspace --locked --bins --tests --examples

lint: setup ui
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(NPM) --prefix ui run lint

ui-test: setup
	$(NPM) --prefix ui test

# Tests that need a speech model take the one the setup converted (see scripts/install-models.sh).
test: export VIVA_TEST_MODEL ?= $(CURDIR)/.setup/models/tiny.en.bin
test: export VIVA_APP_BIN ?= $(TARGET_DIR)/debug/viva-app
test: setup ui lint ui-test app-e2e
	$(CARGO) test --workspace --locked --no-fail-fast

bench: setup
	$(CARGO) bench -p viva-core --bench score
