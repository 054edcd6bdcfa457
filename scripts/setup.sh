#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine with rustup lacks to build and test Polis.
# Idempotent: each step checks first and only installs what is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

APT_PACKAGES=(protobuf-compiler clang libclang-dev libssl-dev pkg-config python3-venv)

missing=()
for package in "${APT_PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
	say "apt: installing ${missing[*]} (protoc and libclang for the networking crates, OpenSSL for litep2p's WebRTC; python3-venv for the docker lint)"
	sudo_cmd=()
	[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
	"${sudo_cmd[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
	say "apt: ${APT_PACKAGES[*]} already installed"
fi

if ! command -v rustup >/dev/null; then
	say "rustup is required: install it from https://rustup.rs and run this script again"
	exit 1
fi
cd "$POLIS_ROOT"
# rust-toolchain.toml pins the toolchain; this installs it with rustfmt, clippy and the Wasm target.
toolchain="$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)"
if ! rustup target list --installed --toolchain "$toolchain" 2>/dev/null | grep -qx wasm32v1-none; then
	say "rustup: installing toolchain $toolchain with the wasm32v1-none target (the runtime is built to Wasm)"
	rustup toolchain install "$toolchain" --profile minimal --component rustfmt,clippy --target wasm32v1-none
else
	say "rustup: toolchain $toolchain with wasm32v1-none already installed"
fi

if ! command -v npm >/dev/null; then
	say "Node.js >= 20 with npm is required for the end-to-end tests: install it and run this script again"
	exit 1
fi
# A copy of the lock file installed last tells whether node_modules is current.
for suite in e2e zombienet; do
	stamp="$suite/node_modules/.polis-installed-lock.json"
	if ! cmp -s "$suite/package-lock.json" "$stamp"; then
		say "npm: installing $suite's packages ($suite/package-lock.json)"
		(cd "$suite" && npm ci --no-audit --no-fund --loglevel=error)
		cp "$suite/package-lock.json" "$stamp"
	else
		say "npm: $suite packages already installed"
	fi
done
say "setup done; builds go to $CARGO_TARGET_DIR"
