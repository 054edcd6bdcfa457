//! Runtime-level checks: the genesis presets build, and the chain's constants hold together.

use super::*;
use codec::MaxEncodedLen;
use currency::deposit;
use frame_support::traits::{Get, StorageInfoTrait};
use sp_keyring::Sr25519Keyring;

fn preset_storage(id: &str) -> sp_io::TestExternalities {
	let config = genesis_config_presets::preset_config(&id.into()).expect("preset exists");
	config.build_storage().unwrap().into()
}

#[test]
fn development_preset_has_alice_as_sole_authority_and_sudo() {
	preset_storage(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(Grandpa::grandpa_authorities().len(), 1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Sr25519Keyring::Alice.to_account_id()));
		assert_eq!(
			Balances::free_balance(Sr25519Keyring::Bob.to_account_id()),
			genesis_config_presets::ENDOWMENT
		);
	});
}

#[test]
fn local_testnet_preset_has_four_validators() {
	preset_storage(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(Grandpa::grandpa_authorities().len(), 4);
	});
}

#[test]
fn presets_register_the_city_metrics() {
	preset_storage(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let energy = pallet_sensor_oracle::Metrics::<Runtime>::get(1).expect("metric 1");
		assert_eq!(energy.spec.name.into_inner(), b"energy-import-wh".to_vec());
		assert_eq!(pallet_sensor_oracle::Metrics::<Runtime>::iter().count(), 8);
	});
}

/// The sensor oracle's off-chain worker signs ordinary transactions with the standard
/// extensions, which the runtime checks like any wallet's.
#[test]
fn off_chain_workers_sign_standard_transactions() {
	use frame_system::offchain::CreateSignedTransaction;
	use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
	use sp_runtime::{generic::ExtrinsicFormat, traits::Checkable};

	let keystore = MemoryKeystore::new();
	let public =
		keystore.sr25519_generate_new(pallet_sensor_oracle::KEY_TYPE, Some("//Ferdie")).unwrap();
	let mut ext = preset_storage(sp_genesis_builder::DEV_RUNTIME_PRESET);
	ext.register_extension(KeystoreExt::new(keystore));
	ext.execute_with(|| {
		let signer: <Signature as Verify>::Signer = public.into();
		let account = signer.clone().into_account();
		let call = pallet_sensor_oracle::Call::<Runtime>::remove_anchor { id: 0 };
		let transaction = <Runtime as CreateSignedTransaction<
			pallet_sensor_oracle::Call<Runtime>,
		>>::create_signed_transaction::<pallet_sensor_oracle::crypto::SubmitterId>(
			call.into(),
			signer,
			account.clone(),
			0,
		)
		.expect("the keystore holds the key");
		let checked = transaction
			.check(&frame_system::ChainContext::<Runtime>::default())
			.expect("the signature verifies");
		assert!(matches!(checked.format, ExtrinsicFormat::Signed(who, _) if who == account));
	});
}

/// The largest encoded key and value of storage item `storage` of `Pallet`, with its 32-byte
/// prefix.
fn item_bytes<Pallet: StorageInfoTrait>(storage: &str) -> u32 {
	let info = Pallet::storage_info()
		.into_iter()
		.find(|info| info.storage_name == storage.as_bytes())
		.expect("a storage item of the pallet");
	32 + info.max_size.expect("bounded")
}

fn sensor_oracle_item_bytes(storage: &str) -> u32 {
	item_bytes::<pallet_sensor_oracle::Pallet<Runtime>>(storage)
}

/// What stays of a deactivated DID (its tombstone and full key history) is paid for by the
/// document's deposit, which it keeps; each key pays for itself.
#[test]
fn did_deposits_cover_what_they_keep_by_the_deposit_rule() {
	type Did = pallet_did::Pallet<Runtime>;
	let kept = item_bytes::<Did>("Deactivated") + item_bytes::<Did>("KeyHistory");
	assert!(configs::DidDeposit::get() >= deposit(2, kept));
	let key = pallet_did::KeyOf::<Runtime>::max_encoded_len() as u32;
	assert!(configs::DidKeyDeposit::get() >= deposit(0, key));
}

#[test]
fn a_feed_deposit_covers_a_full_feed_by_the_deposit_rule() {
	let feed = sensor_oracle_item_bytes("Feeds") + sensor_oracle_item_bytes("ClosedFeedMarks");
	let intervals = configs::SENSOR_MAX_INTERVALS * sensor_oracle_item_bytes("Intervals");
	assert!(
		configs::FeedDeposit::get() >= deposit(2 + configs::SENSOR_MAX_INTERVALS, feed + intervals)
	);
	assert!(configs::MarkDeposit::get() >= deposit(1, sensor_oracle_item_bytes("ClosedFeedMarks")));
}

#[test]
fn unknown_preset_is_none() {
	assert!(genesis_config_presets::get_preset(&"mainnet".into()).is_none());
	assert_eq!(genesis_config_presets::preset_names().len(), 3);
}

/// The production template names no well-known development key, endows no one and has no sudo
/// key.
#[test]
fn production_preset_holds_no_well_known_key_endowment_or_sudo_key() {
	use sp_core::hexdisplay::HexDisplay;
	use sp_keyring::Ed25519Keyring;
	let hex = |bytes: &[u8]| HexDisplay::from(&bytes.to_vec()).to_string();
	let id = genesis_config_presets::PRODUCTION_PRESET.into();
	let patch = genesis_config_presets::get_preset(&id).expect("the production preset exists");
	let json: serde_json::Value = serde_json::from_slice(&patch).unwrap();
	assert_eq!(json["sudo"]["key"], serde_json::Value::Null);
	assert!(json.get("balances").is_none() && json.get("session").is_none());
	let text = String::from_utf8(patch).unwrap();
	let well_known = Sr25519Keyring::iter()
		.flat_map(|key| [key.to_account_id().to_string(), hex(key.public().as_ref())])
		.chain(Ed25519Keyring::iter().map(|key| hex(key.public().as_ref())));
	for key in well_known {
		assert!(!text.contains(&key), "the production preset holds the well-known key {key}");
	}
	assert_eq!(json["sensorOracle"]["metrics"].as_array().map(Vec::len), Some(8));
}

#[test]
fn block_time_is_six_seconds() {
	assert_eq!(<Runtime as pallet_aura::Config>::SlotDuration::get(), 6_000);
	assert_eq!(time::MINUTES, 10);
}

/// frame_system's per-block items (events, extrinsic data) are unbounded by design and cleared
/// every block. Two polkadot-sdk pallets declare no bounds: pallet-session, whose lists hold the
/// validator set, which the validator-set pallet caps at `MaxValidators`, and pallet-collective
/// (council, technical committee), whose motions are at most `MaxProposals` calls, each no
/// longer than a block. Every other pallet's storage has a maximum size, so proofs stay bounded.
#[test]
fn every_storage_item_outside_frame_system_session_and_collectives_is_bounded() {
	let unbounded_upstream: [&[u8]; 3] = [b"Session", b"Council", b"TechnicalCommittee"];
	for info in AllPalletsWithoutSystem::storage_info() {
		if unbounded_upstream.contains(&info.pallet_name.as_slice()) {
			continue;
		}
		assert!(
			info.max_size.is_some(),
			"{}::{} has no bounded size",
			String::from_utf8_lossy(&info.pallet_name),
			String::from_utf8_lossy(&info.storage_name)
		);
	}
}

mod proxies {
	use super::*;
	use configs::ProxyType;
	use frame_support::traits::InstanceFilter;

	fn transfer() -> RuntimeCall {
		RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: Sr25519Keyring::Bob.to_account_id().into(),
			value: 1,
		})
	}

	fn device_revocation() -> RuntimeCall {
		let device = polis_primitives::PublicKey::Sr25519([7; 32].into());
		RuntimeCall::Did(pallet_did::Call::revoke_device { device })
	}

	fn key_removal() -> RuntimeCall {
		RuntimeCall::Did(pallet_did::Call::remove_key { key_id: 1 })
	}

	fn order_cancellation() -> RuntimeCall {
		RuntimeCall::EnergyMarket(pallet_energy_market::Call::cancel_order { order: 0 })
	}

	fn anchor_removal() -> RuntimeCall {
		RuntimeCall::SensorOracle(pallet_sensor_oracle::Call::remove_anchor { id: 0 })
	}

	#[test]
	fn each_proxy_type_allows_only_its_calls() {
		let calls = [
			transfer(),
			device_revocation(),
			key_removal(),
			order_cancellation(),
			anchor_removal(),
		];
		let allowed =
			|proxy: ProxyType| calls.iter().map(|call| proxy.filter(call)).collect::<Vec<_>>();
		assert_eq!(allowed(ProxyType::Any), [true, true, true, true, true]);
		assert_eq!(allowed(ProxyType::NonTransfer), [false, true, true, true, true]);
		assert_eq!(allowed(ProxyType::Identity), [false, true, true, false, false]);
		assert_eq!(allowed(ProxyType::Sensors), [false, true, false, false, true]);
		assert_eq!(allowed(ProxyType::Energy), [false, false, false, true, false]);
	}

	/// A batch passes the filter; its calls are then filtered one by one under the proxy's
	/// origin, so a batch cannot smuggle a transfer (the e2e suite shows it on a node).
	#[test]
	fn batches_pass_to_have_their_calls_filtered() {
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch { calls: vec![transfer()] });
		assert!(ProxyType::Energy.filter(&batch));
	}

	#[test]
	fn a_proxy_type_covers_the_types_whose_calls_it_allows() {
		use ProxyType::*;
		let all = [Any, NonTransfer, Identity, Sensors, Energy];
		for mine in all {
			for theirs in all {
				let expected =
					mine == theirs || mine == Any || (mine == NonTransfer && theirs != Any);
				assert_eq!(mine.is_superset(&theirs), expected, "{mine:?} over {theirs:?}");
			}
		}
	}
}

/// Who may do what: each governance origin of the runtime, checked against the bodies that
/// exist. README's origin table says the same.
mod governance {
	use super::*;
	use configs::{CouncilCollective, TechnicalCollective};
	use frame_support::traits::EnsureOrigin;

	fn alice() -> AccountId {
		Sr25519Keyring::Alice.to_account_id()
	}

	/// The origins a call can come with: Root, the council with two or one of three votes, the
	/// technical committee with both or one of its two votes, a binding ballot, and a signed
	/// account.
	fn origins() -> [RuntimeOrigin; 7] {
		[
			RuntimeOrigin::root(),
			pallet_collective::RawOrigin::<AccountId, CouncilCollective>::Members(2, 3).into(),
			pallet_collective::RawOrigin::<AccountId, CouncilCollective>::Members(1, 3).into(),
			pallet_collective::RawOrigin::<AccountId, TechnicalCollective>::Members(2, 2).into(),
			pallet_collective::RawOrigin::<AccountId, TechnicalCollective>::Members(1, 2).into(),
			pallet_ballots::Origin::CitizenBallot(0).into(),
			RuntimeOrigin::signed(alice()),
		]
	}

	/// Which of `origins()` pass `Check`.
	fn passing<Check: EnsureOrigin<RuntimeOrigin>>() -> [bool; 7] {
		origins().map(|origin| Check::try_origin(origin).is_ok())
	}

	const COUNCIL: [bool; 7] = [true, true, false, false, false, false, false];
	const COUNCIL_OR_RESIDENTS: [bool; 7] = [true, true, false, false, false, true, false];
	const TECHNICAL: [bool; 7] = [true, false, false, true, false, false, false];

	#[test]
	fn each_pallet_answers_to_the_body_a_city_gives_it() {
		assert_eq!(passing::<<Runtime as pallet_did::Config>::IssuerOrigin>(), COUNCIL);
		assert_eq!(
			passing::<<Runtime as pallet_ballots::Config>::AuthorityOrigin>(),
			COUNCIL_OR_RESIDENTS
		);
		assert_eq!(passing::<<Runtime as pallet_land_registry::Config>::RegistryOrigin>(), COUNCIL);
		assert_eq!(
			passing::<<Runtime as pallet_energy_market::Config>::MarketOrigin>(),
			COUNCIL_OR_RESIDENTS
		);
		assert_eq!(
			passing::<<Runtime as pallet_carbon_credits::Config>::RegistryOrigin>(),
			COUNCIL
		);
		assert_eq!(passing::<<Runtime as pallet_provenance::Config>::RegistryOrigin>(), COUNCIL);
		assert_eq!(
			passing::<<Runtime as pallet_validator_set::Config>::ManagerOrigin>(),
			TECHNICAL
		);
		assert_eq!(passing::<<Runtime as pallet_whitelist::Config>::WhitelistOrigin>(), TECHNICAL);
		assert_eq!(
			passing::<<Runtime as pallet_whitelist::Config>::DispatchWhitelistedOrigin>(),
			COUNCIL
		);
		// Without a utility operator's credential, only the council defines sensor metrics.
		preset_storage(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
			assert_eq!(
				passing::<<Runtime as pallet_sensor_oracle::Config>::MetricOrigin>(),
				COUNCIL
			);
		});
	}

	#[test]
	fn residents_may_replace_the_council_but_not_the_technical_committee() {
		type CouncilReset =
			<Runtime as pallet_membership::Config<pallet_membership::Instance1>>::ResetOrigin;
		type TechnicalReset =
			<Runtime as pallet_membership::Config<pallet_membership::Instance2>>::ResetOrigin;
		let [root, _, _, _, _, ballot, signed] = origins().map(Some);
		assert!(CouncilReset::try_origin(ballot.clone().unwrap()).is_ok());
		assert!(TechnicalReset::try_origin(ballot.unwrap()).is_err());
		assert!(CouncilReset::try_origin(signed.unwrap()).is_err());
		assert!(TechnicalReset::try_origin(root.unwrap()).is_ok());
	}

	#[test]
	fn test_chains_start_with_well_known_councils_and_sudo() {
		preset_storage(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
			let names = |keys: &[Sr25519Keyring]| {
				let mut accounts: Vec<AccountId> = keys.iter().map(|k| k.to_account_id()).collect();
				accounts.sort();
				accounts
			};
			use Sr25519Keyring::{Alice, Bob, Charlie};
			assert_eq!(
				pallet_collective::Members::<Runtime, CouncilCollective>::get(),
				names(&[Alice, Bob, Charlie])
			);
			assert_eq!(
				pallet_collective::Members::<Runtime, TechnicalCollective>::get(),
				names(&[Alice, Bob])
			);
			assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice()));
		});
	}

	#[test]
	fn the_production_template_has_no_sudo_and_leaves_the_councils_to_the_operators() {
		let id = genesis_config_presets::PRODUCTION_PRESET.into();
		let patch = genesis_config_presets::get_preset(&id).expect("the production preset exists");
		let json: serde_json::Value = serde_json::from_slice(&patch).unwrap();
		assert_eq!(json["sudo"]["key"], serde_json::Value::Null);
		assert!(json.get("councilMembership").is_none());
		assert!(json.get("technicalMembership").is_none());
	}
}

/// Runtime upgrades: the migrations a chain of an older version goes through.
mod upgrades {
	use super::*;
	use frame_support::{
		migrations::MultiStepMigrator,
		traits::{GetStorageVersion, StorageVersion},
	};
	use pallet_sensor_oracle::{migrations::v1::v0, Feed, Feeds, Intervals, StoredInterval};
	use polis_primitives::{IntervalSummary, PublicKey};
	use sp_runtime::{traits::Header as _, ExtrinsicInclusionMode};

	/// More feeds than one block's migration weight migrates.
	const FEEDS: u32 = 30_000;

	fn device(index: u32) -> PublicKey {
		let mut key = [0u8; 32];
		key[..4].copy_from_slice(&index.to_le_bytes());
		PublicKey::Sr25519(sp_core::sr25519::Public::from_raw(key))
	}

	/// `FEEDS` feeds as storage version 0 kept them, each with its latest interval in its ring
	/// slot, at version 0: a city's chain from before #17.
	fn version_0_feeds() {
		let interval = 1_000;
		let ring: u32 = <Runtime as pallet_sensor_oracle::Config>::MaxIntervalsPerFeed::get();
		let slot = interval % ring;
		for index in 0..FEEDS {
			let feed = v0::Feed {
				owner: Sr25519Keyring::Alice.to_account_id(),
				deposit: 0,
				last_timestamp: 1,
				alert: None,
				readings: 1,
				latest_interval: Some(interval),
				device_revoked: false,
			};
			v0::Feeds::<Runtime>::insert(device(index), 1, feed);
			let stored = StoredInterval { interval, summary: IntervalSummary::of(index.into()) };
			Intervals::<Runtime>::insert((device(index), 1, slot), stored);
		}
		StorageVersion::new(0).put::<SensorOracle>();
	}

	/// The chain's last upgrade was to the spec before this one.
	fn last_upgrade_to_previous_spec() {
		frame_system::LastRuntimeUpgrade::<Runtime>::put(frame_system::LastRuntimeUpgradeInfo {
			spec_version: (VERSION.spec_version - 1).into(),
			spec_name: VERSION.spec_name.clone(),
		});
	}

	/// Starts block `number` as the node does; says which extrinsics it may include.
	fn start_block(number: BlockNumber) -> ExtrinsicInclusionMode {
		let header = Header::new(
			number,
			Default::default(),
			Default::default(),
			System::parent_hash(),
			Default::default(),
		);
		Executive::initialize_block(&header)
	}

	#[test]
	fn an_upgrade_migrates_version_0_feeds_over_blocks_taking_only_inherents_meanwhile() {
		preset_storage("development").execute_with(|| {
			assert_eq!(SensorOracle::on_chain_storage_version(), StorageVersion::new(1));
			version_0_feeds();
			last_upgrade_to_previous_spec();
			let mut blocks = 0;
			for number in 1.. {
				let mode = start_block(number);
				if !MultiBlockMigrations::ongoing() {
					assert_eq!(mode, ExtrinsicInclusionMode::AllExtrinsics);
					break;
				}
				assert_eq!(mode, ExtrinsicInclusionMode::OnlyInherents);
				MultiBlockMigrations::step();
				blocks += 1;
			}
			assert!(blocks > 1, "{FEEDS} feeds migrate in more than one block");
			assert_eq!(SensorOracle::on_chain_storage_version(), StorageVersion::new(1));
			for index in [0, FEEDS / 2, FEEDS - 1] {
				let feed: Feed<Runtime> = Feeds::<Runtime>::get(device(index), 1).unwrap();
				let latest = feed.latest.expect("the latest interval moved into the feed");
				assert_eq!((latest.interval, latest.summary.sum), (1_000, index.into()));
			}
			assert_eq!(Feeds::<Runtime>::iter_values().count(), FEEDS as usize);
		});
	}

	/// A chain started at version 1 has nothing to migrate: the migration ends in its first
	/// step and is not run again.
	#[test]
	fn an_upgrade_of_a_chain_at_version_1_changes_no_feed() {
		preset_storage("development").execute_with(|| {
			last_upgrade_to_previous_spec();
			start_block(1);
			MultiBlockMigrations::step();
			assert!(!MultiBlockMigrations::ongoing());
			assert_eq!(SensorOracle::on_chain_storage_version(), StorageVersion::new(1));
			assert_eq!(pallet_migrations::Historic::<Runtime>::iter_keys().count(), 1);
		});
	}
}
