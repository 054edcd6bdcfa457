#!/usr/bin/env bash
# Sets up the machine, builds polis-node and starts a development chain (Alice validates alone).
# Extra arguments go to the node, e.g. `scripts/dev.sh --rpc-port 9955`. The chain is temporary
# unless you pass `--base-path <dir>`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$POLIS_ROOT/scripts/setup.sh"
cd "$POLIS_ROOT"
say "building polis-node (release; the first build takes about 35 to 40 minutes on 2 cores)"
cargo build --locked --release -p polis-node
say "starting a dev chain: RPC on ws://127.0.0.1:9944, open https://polkadot.js.org/apps/?rpc=ws://127.0.0.1:9944"
exec "$POLIS_NODE" --dev --rpc-cors all "$@"
