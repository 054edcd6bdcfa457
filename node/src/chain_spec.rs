//! Chain specifications: `dev`, `local`, the `production` template, or a JSON file.

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

/// The template of a production chain: no validators, endowments, sudo key or council until the
/// operators fill them in (see the runtime's `production` preset). Export it with
/// `build-spec --chain production`; a node started on it as it is fails at genesis.
pub fn production_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(runtime_code()?, None)
		.with_name("Polis")
		.with_id("polis")
		.with_protocol_id("polis")
		.with_chain_type(ChainType::Live)
		.with_genesis_config_preset_name(polis_runtime::genesis_config_presets::PRODUCTION_PRESET)
		.with_properties(properties())
		.build())
}

/// Loads a chain specification by name (`dev`, `local`, `production`) or from a JSON file. No
/// name is an error rather than a silent choice: a node must say which chain it joins.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"" => {
			return Err("No chain given: pass `--dev`, or `--chain` with `dev`, `local`, \
				`production` or the path of a chain-spec JSON file"
				.into())
		},
		"dev" => Box::new(development_chain_spec()?),
		"local" => Box::new(local_chain_spec()?),
		"production" => Box::new(production_chain_spec()?),
		path => {
			let path = std::path::PathBuf::from(path);
			if !path.is_file() {
				return Err(format!(
					"Unknown chain `{id}`: expected `dev`, `local`, `production` or the path of a chain-spec JSON file"
				));
			}
			Box::new(
				ChainSpec::from_json_file(path)
					.map_err(|e| format!("Invalid chain-spec file `{id}`: {e}"))?,
			)
		},
	})
}
