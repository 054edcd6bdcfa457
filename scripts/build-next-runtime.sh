#!/usr/bin/env bash
# Builds the release workspace the e2e suite runs (polis-node, sensor-gateway, polis-load) with
# `polis-runtime-next`: the runtime's Wasm one spec version ahead, which the e2e upgrade test
# sets as a live chain's code. Prints the path of that compressed Wasm.
#
# The whole workspace builds in one go, as scripts/test.sh builds it, so that the build tools
# the Wasm builds share (wasm-opt's C++ among them) resolve the same features and compile once.
# The next runtime's Wasm target directory is the runtime's own, so that only the runtime crate
# compiles again (with the `next-spec-version` feature), not its Wasm dependencies.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$POLIS_ROOT"

wbuild="$CARGO_TARGET_DIR/release/wbuild"
mkdir -p "$wbuild/polis-runtime/target" "$wbuild/polis-runtime-next"
[[ -e "$wbuild/polis-runtime-next/target" ]] || ln -s ../polis-runtime/target "$wbuild/polis-runtime-next/target"
cargo build --locked --release --workspace --exclude polis-runtime-fuzzer >&2
echo "$wbuild/polis-runtime-next/polis_runtime_next.compact.compressed.wasm"
