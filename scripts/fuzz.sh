#!/usr/bin/env bash
# Fuzzes the whole runtime in memory (tools/runtime-fuzzer): random blocks of random calls,
# every pallet's try_state and the chain's invariants after each block.
#
#   scripts/fuzz.sh                       # CI: 60 s from seed 0, then 60 s from a random seed
#   scripts/fuzz.sh --seconds 3600        # an hour from a random seed
#   scripts/fuzz.sh --seed 42 --blocks 97 # reproduce a finding
#
# The fuzzer needs the runtime's `try-runtime` feature, which the node must never carry, so it
# is built apart, with the pallets' benchmarks (`CHECK_BUILD_ARGS` in lib.sh): its crates sit
# beside the node's in the target dir, they do not replace them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$POLIS_ROOT"

export SKIP_WASM_BUILD=1
say "building the runtime fuzzer (release, try-runtime)"
cargo build "${CHECK_BUILD_ARGS[@]}"
fuzzer="$CARGO_TARGET_DIR/release/polis-runtime-fuzzer"

if (($#)); then
	"$fuzzer" "$@"
else
	say "fuzzing from the fixed seed 0"
	"$fuzzer" --seed 0 --seconds "${FUZZ_SECONDS:-60}"
	say "fuzzing from a random seed"
	"$fuzzer" --seconds "${FUZZ_SECONDS:-60}"
fi
