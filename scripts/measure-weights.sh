#!/usr/bin/env bash
# Measures the runtime's base weights on this machine and writes runtime/src/weights/:
# a storage read's and write's cost on ParityDB (`benchmark storage`) and a block's and an
# extrinsic's fixed cost (`benchmark overhead`), each 1.25 times the measured average (the
# margin: runs on one machine vary by about 20 %, and validators may be slower than this one).
#
# The state is city-sized: the dev genesis plus ACCOUNTS (default a million) endowed accounts
# (scripts/city-state-spec.py), so reads walk a trie as deep as a production chain's. Run it
# on an otherwise idle machine; it builds polis-node with `runtime-benchmarks` (which
# `benchmark storage` needs) in a separate target dir, as scripts/benchmark.sh does.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$POLIS_ROOT/scripts/setup.sh"
cd "$POLIS_ROOT"

bench_target="${CARGO_TARGET_DIR}-benchmarks"
say "building polis-node with runtime-benchmarks (in $bench_target)"
CARGO_TARGET_DIR="$bench_target" cargo build --locked --release -p polis-node --features runtime-benchmarks
node="$bench_target/release/polis-node"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
say "a city-sized genesis state (${ACCOUNTS:-1000000} accounts)"
"$node" build-spec --chain dev --raw 2>/dev/null >"$work/dev.json"
python3 scripts/city-state-spec.py "$work/dev.json" "$work/city.json" "${ACCOUNTS:-1000000}"

say "benchmark storage: ParityDB reads and writes (batches of 1,000 writes, as in a block)"
"$node" benchmark storage --chain "$work/city.json" --base-path "$work/db" --database paritydb \
	--state-version 1 --keys-limit 100000 --random-seed 7 --batch-size 1000 --mul 1.25 \
	--template-path scripts/storage-weight-template.hbs \
	--weight-path runtime/src/weights/paritydb_weights.rs

say "benchmark overhead: an empty block and a no-op extrinsic"
"$node" benchmark overhead --chain "$work/city.json" --mul 1.25 --weight-path runtime/src/weights
say "weights written to runtime/src/weights/; review the diff and commit it"
