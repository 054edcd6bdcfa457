#!/usr/bin/env bash
# Starts the four-validator `local` network (Alice, Bob, Charlie, Dave) as plain processes on
# loopback, for people without zombienet. Ctrl-C stops every node.
#
#   scripts/local-network.sh              # chain data in a temporary directory
#   POLIS_NETWORK_DIR=/data/polis scripts/local-network.sh   # keep it there across runs
#
# Node i (0 = Alice) listens on p2p port 30333+i, RPC port 9944+i and Prometheus port 9615+i,
# and logs to <dir>/<name>.log. Every node has a fixed libp2p key, so Alice's bootnode address
# never changes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ ! -x "$POLIS_NODE" ]]; then
	"$POLIS_ROOT/scripts/setup.sh"
	say "building polis-node"
	(cd "$POLIS_ROOT" && cargo build --locked --release -p polis-node)
fi

dir="${POLIS_NETWORK_DIR:-$(mktemp -d -t polis-network-XXXXXX)}"
mkdir -p "$dir"
names=(alice bob charlie dave)
pids=()

stop_all() {
	say "stopping the network"
	kill -INT "${pids[@]}" 2>/dev/null || true
	wait "${pids[@]}" 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT TERM

node_key() { printf '%064x' "$(($1 + 1))"; }

alice_peer_id="$("$POLIS_NODE" key inspect-node-key <<<"$(node_key 0)")"
bootnode="/ip4/127.0.0.1/tcp/30333/p2p/$alice_peer_id"

for i in "${!names[@]}"; do
	name="${names[$i]}"
	bootnodes=()
	((i == 0)) || bootnodes=(--bootnodes "$bootnode")
	"$POLIS_NODE" \
		--chain local \
		"--$name" \
		--base-path "$dir/$name" \
		--node-key "$(node_key "$i")" \
		--port $((30333 + i)) \
		--rpc-port $((9944 + i)) \
		--prometheus-port $((9615 + i)) \
		--rpc-cors all \
		"${bootnodes[@]}" \
		>"$dir/$name.log" 2>&1 &
	pids+=($!)
	say "$name: ws://127.0.0.1:$((9944 + i)) (log: $dir/$name.log)"
done

say "network running in $dir; Ctrl-C stops it"
wait -n "${pids[@]}" || true
say "a node exited; see the logs in $dir"
