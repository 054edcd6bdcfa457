//! Genesis presets: `development` (one validator, Alice), `local_testnet` (four validators), both
//! with Alice as sudo and well-known councils, and `production` (a template with no sudo and no
//! well-known key: the operators fill in validators, council and technical committee).

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	currency::UNIT, AccountId, Balance, BalancesConfig, CouncilMembershipConfig,
	EnergyMarketConfig, RuntimeGenesisConfig, SensorOracleConfig, SessionConfig, SessionKeys,
	SudoConfig, TechnicalMembershipConfig,
};

/// What each well-known development account holds at genesis: one million `POLIS`.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// The name of the production template preset.
pub const PRODUCTION_PRESET: &str = "production";

/// Builds the genesis patch of a test chain. The validators' session keys make them the Aura
/// authorities and GRANDPA voters of the first sessions; the validator-set pallet takes them
/// over from there. Alice, Bob and Charlie sit on the council, Alice and Bob on the technical
/// committee, and `root` is sudo.
fn genesis(
	validators: Vec<(AccountId, AuraId, GrandpaId)>,
	endowed_accounts: Vec<AccountId>,
	root: AccountId,
) -> Value {
	let accounts = |keys: &[Sr25519Keyring]| -> Vec<AccountId> {
		keys.iter().map(|key| key.to_account_id()).collect()
	};
	let council = accounts(&[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]);
	let technical = accounts(&[Sr25519Keyring::Alice, Sr25519Keyring::Bob]);
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed_accounts.into_iter().map(|account| (account, ENDOWMENT)).collect(),
		},
		session: SessionConfig {
			keys: validators
				.into_iter()
				.map(|(account, aura, grandpa)| {
					(account.clone(), account, SessionKeys { aura, grandpa })
				})
				.collect(),
		},
		sudo: SudoConfig { key: Some(root) },
		council_membership: CouncilMembershipConfig {
			members: council.try_into().expect("within the council's size"),
		},
		technical_membership: TechnicalMembershipConfig {
			members: technical.try_into().expect("within the committee's size"),
		},
		sensor_oracle: SensorOracleConfig { metrics: city_metrics() },
		energy_market: EnergyMarketConfig { rules: Some(energy_market_rules()) },
	})
}

/// The energy market's rules on test chains: gate closure 5 minutes before a slot, settlement
/// an hour after it (time for late readings), prices up to 1 POLIS a kWh, shortfalls at 1 POLIS.
fn energy_market_rules() -> (u64, u64, u128, u128) {
	(5 * 60 * 1000, 60 * 60 * 1000, UNIT, UNIT)
}

/// The metrics a city starts with: id, name (with unit), range, alert band.
#[allow(clippy::type_complexity)]
fn city_metrics() -> Vec<(u32, Vec<u8>, i64, i64, Option<i64>, Option<i64>)> {
	vec![
		(1, b"energy-import-wh".to_vec(), 0, 10_000_000, None, None),
		(2, b"energy-export-wh".to_vec(), 0, 10_000_000, None, None),
		(3, b"pm2.5-0.1ug-m3".to_vec(), 0, 10_000, None, Some(350)),
		(4, b"no2-ug-m3".to_vec(), 0, 2_000, None, Some(200)),
		(5, b"noise-0.1dba".to_vec(), 0, 1_500, None, Some(700)),
		(6, b"traffic-vehicles".to_vec(), 0, 100_000, None, None),
		(7, b"waste-fill-percent".to_vec(), 0, 100, None, Some(90)),
		(8, b"temperature-0.1c".to_vec(), -500, 600, Some(-200), Some(400)),
	]
}

/// A well-known development validator: its account and its session keys, sr25519 for Aura and
/// ed25519 for GRANDPA, all derived from the same `//Name` seed.
fn validator((aura, grandpa): (Sr25519Keyring, Ed25519Keyring)) -> (AccountId, AuraId, GrandpaId) {
	(aura.to_account_id(), AuraId::from(aura.public()), GrandpaId::from(grandpa.public()))
}

/// The `local_testnet` preset: Alice, Bob, Charlie and Dave validate; GRANDPA needs three of them.
pub fn local_testnet_genesis() -> Value {
	genesis(
		[
			(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		]
		.into_iter()
		.map(validator)
		.collect(),
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The `development` preset: Alice alone produces and finalizes blocks.
pub fn development_genesis() -> Value {
	genesis(
		vec![validator((Sr25519Keyring::Alice, Ed25519Keyring::Alice))],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The `production` preset: the city's metrics and nothing else. No account is endowed, no
/// validator has keys, the council and technical committee are empty and there is no sudo
/// key: governance is the council's and the technical committee's alone. A chain started from
/// it as it is fails at genesis for want of validators. Operators export it
/// (`polis-node build-spec --chain production`), fill in `session.keys` with their validators'
/// accounts and session keys, `councilMembership.members` and `technicalMembership.members`
/// with the city's councillors and engineers, and `balances.balances`, and start from that
/// file.
pub fn production_genesis() -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		sudo: SudoConfig { key: None },
		sensor_oracle: SensorOracleConfig { metrics: city_metrics() },
	})
}

/// The JSON patch of a named preset, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		PRODUCTION_PRESET => production_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The whole genesis config of a named preset: its patch applied over the defaults, as the node
/// does when it builds a chain spec. Native tools that run the runtime in memory (the runtime's
/// tests, the runtime fuzzer) start from it.
#[cfg(feature = "std")]
pub fn preset_config(id: &PresetId) -> Option<RuntimeGenesisConfig> {
	fn apply_patch(base: &mut Value, patch: Value) {
		match (base, patch) {
			(Value::Object(base), Value::Object(patch)) => {
				for (key, value) in patch {
					apply_patch(base.entry(key).or_insert(Value::Null), value);
				}
			},
			(base, patch) => *base = patch,
		}
	}
	let patch = serde_json::from_slice(&get_preset(id)?).ok()?;
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).ok()?;
	apply_patch(&mut config, patch);
	serde_json::from_value(config).ok()
}

/// The names of every preset.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(PRODUCTION_PRESET),
	]
}
