#!/usr/bin/env bash
# Regenerates the weights of the runtime's pallets from their frame-benchmarking benchmarks:
# Polis pallets' pallets/<name>/src/weights.rs, and runtime/src/weights/<pallet>.rs for the
# polkadot-sdk pallets whose weights are measured on this runtime.
#
#   scripts/benchmark.sh                 # every Polis pallet
#   scripts/benchmark.sh upstream        # every measured polkadot-sdk pallet
#   scripts/benchmark.sh pallet_did ...  # some of them
#
# Builds polis-node with `runtime-benchmarks` (its `benchmark` subcommands, and the runtime Wasm
# with the benchmarks) in a separate target dir, so the node's own build is left alone; then
# runs `polis-node benchmark pallet` against that Wasm and writes pallets/<name>/src/weights.rs
# with scripts/frame-weight-template.hbs.
# STEPS and REPEAT (default 50 and 20) set the sampling. Each weight is the larger of the
# least-squares and the median-slopes fits (`--output-analysis max`): with several components
# (`submit_readings(r, a, s)`) least squares alone can fit the worst case below its measurement.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$POLIS_ROOT/scripts/setup.sh"
cd "$POLIS_ROOT"

ALL_PALLETS=(pallet_did pallet_ballots pallet_validator_set pallet_land_registry pallet_sensor_oracle
	pallet_energy_market pallet_carbon_credits pallet_provenance pallet_anonymous_credentials)
UPSTREAM_PALLETS=(pallet_multisig pallet_proxy pallet_preimage pallet_scheduler pallet_collective
	pallet_membership pallet_whitelist pallet_migrations frame_system_extensions
	pallet_transaction_payment)
pallets=("$@")
((${#pallets[@]})) || pallets=("${ALL_PALLETS[@]}")
[[ "${pallets[*]}" == upstream ]] && pallets=("${UPSTREAM_PALLETS[@]}")

bench_target="${CARGO_TARGET_DIR}-benchmarks"
say "building the runtime's Wasm with runtime-benchmarks, then polis-node with its benchmark subcommands (in $bench_target)"
export CARGO_TARGET_DIR="$bench_target"
cargo build --locked --release -p polis-runtime --features runtime-benchmarks
# The node itself is built without Wasm: `benchmark pallet` runs the Wasm built above, and the
# Wasm test runtime frame-benchmarking-cli carries for `benchmark storage` cannot be built from
# the registry (its builder looks it up in this workspace's metadata, which lists only the
# default features' packages). `benchmark pallet` does not need it.
SKIP_WASM_BUILD=1 cargo build --locked --release -p polis-node --features runtime-benchmarks
node="$bench_target/release/polis-node"
wasm="$bench_target/release/wbuild/polis-runtime/polis_runtime.compact.compressed.wasm"

for pallet in "${pallets[@]}"; do
	dir="pallets/${pallet#pallet_}"
	dir="${dir//_/-}"
	if [[ " ${UPSTREAM_PALLETS[*]} " == *" $pallet "* ]]; then
		# polkadot-sdk's own WeightInfo trait, implemented for the runtime by the default template.
		output="runtime/src/weights/$pallet.rs"
		template=()
		analysis=max
		# pallet-collective's `kill(d)` takes one value of `d` in a run, which the median-slopes
		# fit cannot take: least squares alone, as polkadot-sdk fits its own weights.
		[[ "$pallet" == pallet_collective ]] && analysis=min-squares
	else
		[[ -d "$dir" ]] || { say "no pallet directory $dir for $pallet"; exit 1; }
		output="$dir/src/weights.rs"
		template=(--template scripts/frame-weight-template.hbs)
		analysis=max
	fi
	say "benchmarking $pallet -> $output"
	"$node" benchmark pallet \
		--runtime "$wasm" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "${STEPS:-50}" \
		--repeat "${REPEAT:-20}" \
		--heap-pages 4096 \
		--output-analysis "$analysis" \
		"${template[@]}" \
		--output "$output"
	# The default template implements `<pallet>::WeightInfo`; the system extensions' trait is
	# `frame_system::ExtensionsWeightInfo`.
	if [[ "$pallet" == frame_system_extensions ]]; then
		sed -i 's/frame_system_extensions::WeightInfo for/frame_system::ExtensionsWeightInfo for/' "$output"
	fi
done
say "weights written; review the diff and commit it"
