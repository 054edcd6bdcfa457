//! The Polis runtime's metadata hash (RFC-78): what the `CheckMetadataHash` transaction
//! extension commits to in mode 1, and what a hardware wallet recomputes from the metadata it is
//! shown before it signs.
//!
//! The runtime's Wasm embeds the hash kept in `runtime/metadata-hash` (its build script passes
//! it to the Wasm build as `RUNTIME_METADATA_HASH`). This crate computes the hash from the native
//! runtime's metadata, which is the Wasm runtime's (both come from the same types), and its tests
//! fail when the kept hash is no longer the metadata's. `substrate-wasm-builder`'s own
//! `metadata-hash` feature would compute it at every build by executing the Wasm, which makes a
//! Wasm executor a build dependency and builds the runtime twice.

use codec::Decode;
use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed};
use merkleized_metadata::{generate_metadata_digest, ExtraInfo};
use polis_runtime::{
	currency::{TOKEN_DECIMALS, TOKEN_SYMBOL},
	Runtime, SS58_PREFIX, VERSION,
};
use std::path::PathBuf;

/// RFC-78 merkleizes metadata V15.
const METADATA_VERSION: u32 = 15;

/// Where the runtime keeps the hash its Wasm embeds.
pub fn kept_hash_path() -> PathBuf {
	PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../runtime/metadata-hash")
}

/// The hash as the kept file and wallets write it: `0x` and 64 lowercase hex digits.
pub fn to_hex(hash: &[u8; 32]) -> String {
	let digits: String = hash.iter().map(|byte| format!("{byte:02x}")).collect();
	format!("0x{digits}")
}

/// The RFC-78 hash of the runtime's metadata, with the chain's token and address format.
pub fn metadata_hash() -> Result<[u8; 32], String> {
	let extra_info = ExtraInfo {
		spec_version: VERSION.spec_version,
		spec_name: VERSION.spec_name.to_string(),
		base58_prefix: SS58_PREFIX,
		decimals: TOKEN_DECIMALS,
		token_symbol: TOKEN_SYMBOL.to_string(),
	};
	Ok(generate_metadata_digest(&runtime_metadata()?, extra_info)?.hash())
}

fn runtime_metadata() -> Result<RuntimeMetadata, String> {
	let opaque = sp_io::TestExternalities::default()
		.execute_with(|| Runtime::metadata_at_version(METADATA_VERSION))
		.ok_or_else(|| format!("the runtime serves no metadata V{METADATA_VERSION}"))?;
	RuntimeMetadataPrefixed::decode(&mut &opaque[..])
		.map(|prefixed| prefixed.1)
		.map_err(|error| format!("the runtime's metadata does not decode: {error}"))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_kept_hash_is_the_runtime_metadata_hash() {
		let kept = std::fs::read_to_string(kept_hash_path()).expect("runtime/metadata-hash exists");
		let current = to_hex(&metadata_hash().expect("the runtime's metadata merkleizes"));
		assert_eq!(
			kept.trim(),
			current,
			"the runtime's metadata changed: run `cargo run --release -p polis-metadata-hash -- --write` \
			 and commit runtime/metadata-hash, or hardware wallets cannot sign for this runtime"
		);
	}
}
