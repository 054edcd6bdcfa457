#!/usr/bin/env bash
# Sets up the machine and runs every test: formatting, clippy, the workspace's unit tests, the
# pallets' benchmarks (once each, as tests), the runtime fuzzer, the end-to-end suite against
# real polis-node processes (one dev node, and a four-validator network; the upgrade test with
# the next runtime built here), the zombienet test, and the lint of docker/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$POLIS_ROOT/scripts/setup.sh"
cd "$POLIS_ROOT"

say "cargo fmt --check"
cargo fmt --all -- --check

# Clippy lints the workspace's own crates as they compile for the tests, in the release profile
# the node is built in (clippy-driver as the workspace's rustc wrapper, which is what
# `cargo clippy` sets up). A separate `cargo clippy` would type-check the ~900 dependencies once
# more, and in the debug profile compile RocksDB's and wasm-opt's C++ a second time.
RUSTC_WORKSPACE_WRAPPER="$(rustup which clippy-driver)"
export RUSTC_WORKSPACE_WRAPPER
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"

say "unit tests of every crate, linted by clippy as they compile (warnings are errors)"
# The libraries' tests and sensor-gateway's; polis-node has none, and compiling its binary once
# more as a test harness would cost minutes. The runtime fuzzer is built apart
# (scripts/fuzz.sh): it needs the runtime's try-runtime feature; so is the next runtime, which is
# only Wasm.
cargo test --locked --release --workspace --exclude polis-runtime-fuzzer --exclude polis-runtime-next \
	--lib --bin sensor-gateway

say "pallet benchmarks as tests (each once, against the pallet's mock), migrations' try-runtime checks and the fuzzer's own tests"
SKIP_WASM_BUILD=1 cargo test "${CHECK_BUILD_ARGS[@]}" --lib --bins -- benchmarking chain::tests try_runtime

say "runtime fuzzer: 60 s from seed 0, 60 s from a random seed"
"$POLIS_ROOT/scripts/fuzz.sh"

say "building polis-node, sensor-gateway, polis-load and the next runtime (release)"
# The same packages as the unit tests' build, so that the workspace's libraries (the runtime
# among them) resolve the same features and are not compiled again: `-p polis-node` alone
# leaves out their `default` feature. With them, `polis-runtime-next`: the runtime's Wasm one
# spec version ahead, for the e2e upgrade test.
"$POLIS_ROOT/scripts/build-next-runtime.sh" >/dev/null

say "end-to-end suite against $POLIS_NODE (includes the four-validator network test)"
(cd e2e && npm test)

say "zombienet: four validators, finality through a stopped validator and its restart"
(cd zombienet && PATH="$(dirname "$POLIS_NODE"):$PATH" npm test)

say "docker/: hadolint and the compose network (no Docker engine: the image is not built here)"
"$POLIS_ROOT/scripts/lint-docker.sh"
say "all tests passed"
