# Shared by the scripts: where the build goes and how to say what we do.

# The cargo target dir lives outside the clone so CI runs and later sessions reuse one build.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/polis/target}"
POLIS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export POLIS_ROOT
export POLIS_NODE="${POLIS_NODE:-$CARGO_TARGET_DIR/release/polis-node}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
