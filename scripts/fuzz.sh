#!/usr/bin/env bash
# Fuzzes the whole runtime in memory (tools/runtime-fuzzer): random blocks of random calls,
# every pallet's try_state and the chain's invariants after each block.
#
#   scripts/fuzz.sh                       # CI: 90 s from seed 0, then 90 s from a random seed
#   scripts/fuzz.sh --seconds 3600        # an hour from a random seed
#   scripts/fuzz.sh --seed 42 --blocks 97 # reproduce a finding
#
# The fuzzer needs the runtime's `try-runtime` feature, which the node must never carry, so it
# is built on its own (its crates sit beside the node's in the target dir, they do not replace
# them) and without the runtime's Wasm (SKIP_WASM_BUILD), which it does not execute.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$POLIS_ROOT"

export SKIP_WASM_BUILD=1
say "building the runtime fuzzer (release, try-runtime)"
cargo build --locked --release -p polis-runtime-fuzzer
say "the fuzzer's own tests: it catches broken invariants, the regression inputs pass"
cargo test --locked --release -p polis-runtime-fuzzer
fuzzer="$CARGO_TARGET_DIR/release/polis-runtime-fuzzer"

if (($#)); then
	"$fuzzer" "$@"
else
	say "fuzzing from the fixed seed 0"
	"$fuzzer" --seed 0 --seconds "${FUZZ_SECONDS:-90}"
	say "fuzzing from a random seed"
	"$fuzzer" --seconds "${FUZZ_SECONDS:-90}"
fi
