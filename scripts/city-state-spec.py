#!/usr/bin/env python3
"""Writes a raw chain spec whose genesis state is the size of a city's: the given raw spec plus
ACCOUNTS endowed accounts (a million by default), so that `polis-node benchmark storage` and
`benchmark overhead` measure reads and writes in a trie as deep as a production chain's, not in
the few dozen keys of a dev genesis.

    scripts/city-state-spec.py <raw-spec.json> <out.json> [ACCOUNTS]

The accounts' keys are derived from their index (no private keys exist for them); each holds
one UNIT, and the total issuance grows to match.
"""
import hashlib
import json
import sys

# twox128("System") ++ twox128("Account"), and twox128("Balances") ++ twox128("TotalIssuance").
SYSTEM_ACCOUNT = "26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9"
TOTAL_ISSUANCE = "0xc2261276cc9d1f8598ea4b6a74b15c2f57c875e4cff74148e4628f264b974c80"
UNIT = 10**12
# pallet-balances' `ExtraFlags` with the new-logic bit set, as every account written today has.
NEW_LOGIC_FLAGS = 1 << 127


def account_info(free: int) -> str:
    nonce, consumers, providers, sufficients = 0, 0, 1, 0
    encoded = b"".join(n.to_bytes(4, "little") for n in (nonce, consumers, providers, sufficients))
    encoded += b"".join(n.to_bytes(16, "little") for n in (free, 0, 0, NEW_LOGIC_FLAGS))
    return "0x" + encoded.hex()


def main() -> None:
    source, target = sys.argv[1], sys.argv[2]
    accounts = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
    with open(source) as file:
        spec = json.load(file)
    top = spec["genesis"]["raw"]["top"]
    value = account_info(UNIT)
    for index in range(accounts):
        account = hashlib.blake2b(b"polis-city-state" + index.to_bytes(8, "little"), digest_size=32).digest()
        key_hash = hashlib.blake2b(account, digest_size=16).digest()
        top["0x" + SYSTEM_ACCOUNT + key_hash.hex() + account.hex()] = value
    issuance = int.from_bytes(bytes.fromhex(top[TOTAL_ISSUANCE][2:]), "little") + accounts * UNIT
    top[TOTAL_ISSUANCE] = "0x" + issuance.to_bytes(16, "little").hex()
    spec["id"] = spec["id"] + "_city_state"
    with open(target, "w") as file:
        json.dump(spec, file)
    print(f"{target}: {len(top)} keys in the genesis state")


if __name__ == "__main__":
    main()
