# Shared by the scripts: where the build goes and how to say what we do.

# The cargo target dir lives outside the clone so CI runs and later sessions reuse one build.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/polis/target}"
POLIS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export POLIS_ROOT
export POLIS_NODE="${POLIS_NODE:-$CARGO_TARGET_DIR/release/polis-node}"

# str0m (WebRTC in sc-network's litep2p) asks for a vendored OpenSSL, which compiles OpenSSL's
# C for minutes on every fresh machine; Debian's (libssl-dev to build, libssl3 to run, which
# every Debian and Ubuntu has) serves the same.
export OPENSSL_NO_VENDOR=1

# Each step shows the seconds since its script started, so that slow steps stand out in CI logs.
say() { printf '\033[1m==> [%5ss] %s\033[0m\n' "$SECONDS" "$*" >&2; }

# The second build CI makes beside the node's: the runtime with `try-runtime` (for the runtime
# fuzzer) and every Polis pallet with `runtime-benchmarks` (for the benchmarks run as tests).
# Both features only add code, so one build serves both and the crates below the runtime
# compile once for them; the node never carries either. No Wasm: neither executes it.
POLIS_PALLETS=(pallet-did pallet-ballots pallet-validator-set pallet-land-registry pallet-sensor-oracle
	pallet-energy-market pallet-carbon-credits pallet-provenance pallet-anonymous-credentials)
check_features="polis-runtime/runtime-benchmarks"
for pallet in "${POLIS_PALLETS[@]}"; do check_features+=",$pallet/runtime-benchmarks"; done
CHECK_BUILD_ARGS=(--locked --release -p polis-runtime-fuzzer)
for pallet in "${POLIS_PALLETS[@]}"; do CHECK_BUILD_ARGS+=(-p "$pallet"); done
CHECK_BUILD_ARGS+=(--features "$check_features")
unset check_features
