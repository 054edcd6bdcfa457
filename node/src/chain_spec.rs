//! Chain specifications: `dev`, `local`, or a JSON file.

use polis_runtime::{
	currency::{TOKEN_DECIMALS, TOKEN_SYMBOL},
	SS58_PREFIX, WASM_BINARY,
};
use sc_service::{ChainType, Properties};

/// A Polis chain specification.
pub type ChainSpec = sc_service::GenericChainSpec;

/// The token symbol, decimals and address format, so wallets show `POLIS` without configuration.
fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

fn runtime_code() -> Result<&'static [u8], String> {
	WASM_BINARY
		.ok_or_else(|| "The runtime Wasm was not built; build without SKIP_WASM_BUILD".into())
}

/// A one-validator chain for development: Alice produces and finalizes every block.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(runtime_code()?, None)
		.with_name("Polis Development")
		.with_id("polis_dev")
		.with_protocol_id("polis")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// A four-validator local testnet: Alice, Bob, Charlie and Dave.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(runtime_code()?, None)
		.with_name("Polis Local Testnet")
		.with_id("polis_local")
		.with_protocol_id("polis")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// Loads a chain specification by name (`dev`, `local`) or from a JSON file.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"dev" => Box::new(development_chain_spec()?),
		"" | "local" => Box::new(local_chain_spec()?),
		path => {
			let path = std::path::PathBuf::from(path);
			if !path.is_file() {
				return Err(format!(
					"Unknown chain `{id}`: expected `dev`, `local` or the path of a chain-spec JSON file"
				));
			}
			Box::new(
				ChainSpec::from_json_file(path)
					.map_err(|e| format!("Invalid chain-spec file `{id}`: {e}"))?,
			)
		},
	})
}
