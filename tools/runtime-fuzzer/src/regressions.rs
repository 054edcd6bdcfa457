//! Regression inputs: transaction sequences that reproduce the findings of the hardening audit
//! (issue #13) a fuzzer could reach, each step with the outcome the fixed runtime must give.
//! Device signatures in them are made by `Chain::submit` with the fuzzer's device keys.
//!
//! They run first on every fuzzing chain, so they also leave it with state worth fuzzing:
//! DIDs, a credential schema and its issuer, registrars of two districts, a titled parcel, an
//! approved sale under objection, an ongoing public ballot, a meter with an open feed, and an
//! energy market zone with a buy and a sell order waiting for their slot.

use crate::{
	chain::{Chain, Outcome, FIRST_BLOCK_TIMESTAMP},
	devices::device_pair,
};
use pallet_ballots::{Eligibility, Schedule, Secrecy, TallyMethod};
use pallet_land_registry::{geometry::Point, EncumbranceKind, LandUse};
use pallet_sensor_oracle::{Reading, SignedReading};
use polis_primitives::{DeviceKind, PublicKey};
use polis_runtime::{
	currency::{MILLI_UNIT, UNIT},
	RuntimeCall,
};
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::MultiSignature;

/// One transaction and what must become of it.
pub struct Step {
	pub signer: Sr25519Keyring,
	pub call: RuntimeCall,
	pub expected: Expected,
}

pub enum Expected {
	Success,
	/// Succeeds with an event whose debug form contains this.
	SuccessWith(&'static str),
	/// Fails with this error, as `chain::describe` names it.
	Error(&'static str),
}

/// Runs every step in a block of its own, checking outcomes and the chain's invariants.
pub fn replay(chain: &mut Chain, steps: Vec<Step>) -> Result<Vec<RuntimeCall>, String> {
	let mut calls = Vec::with_capacity(steps.len());
	for (index, Step { signer, call, expected }) in steps.into_iter().enumerate() {
		chain.start_block(0);
		let outcome = chain.submit(signer, call.clone());
		let events = format!("{:?}", chain.transaction_events());
		chain
			.finish_block(false)
			.map_err(|finding| format!("regression step {index}: {finding}"))?;
		let as_expected = match (&expected, &outcome) {
			(Expected::Success, Outcome::Succeeded) => true,
			(Expected::SuccessWith(event), Outcome::Succeeded) => events.contains(event),
			(Expected::Error(name), Outcome::Failed(error)) => error == name,
			_ => false,
		};
		if !as_expected {
			let wanted = match expected {
				Expected::Success => "success".to_string(),
				Expected::SuccessWith(event) => format!("success with {event} in {events}"),
				Expected::Error(name) => name.to_string(),
			};
			return Err(format!(
				"regression step {index} ({signer:?}: {call:?}) gave {outcome:?}, expected {wanted}"
			));
		}
		calls.push(call);
	}
	Ok(calls)
}

fn ok(signer: Sr25519Keyring, call: RuntimeCall) -> Step {
	Step { signer, call, expected: Expected::Success }
}

fn fails(signer: Sr25519Keyring, call: RuntimeCall, error: &'static str) -> Step {
	Step { signer, call, expected: Expected::Error(error) }
}

fn expect_event(signer: Sr25519Keyring, call: RuntimeCall, event: &'static str) -> Step {
	Step { signer, call, expected: Expected::SuccessWith(event) }
}

fn sudo(call: RuntimeCall) -> Step {
	ok(Alice, RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) }))
}

fn did(call: pallet_did::Call<polis_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::Did(call)
}

fn land(call: pallet_land_registry::Call<polis_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::LandRegistry(call)
}

/// A square `side` wide at (`lat`, `lon`), counter-clockwise, in the registry's units.
fn square(lat: i32, lon: i32, side: i32) -> pallet_land_registry::Boundary<polis_runtime::Runtime> {
	[(lat, lon), (lat, lon + side), (lat + side, lon + side), (lat + side, lon)]
		.into_iter()
		.map(|(lat, lon)| Point::new(lat, lon))
		.collect::<Vec<_>>()
		.try_into()
		.expect("four vertices are within the bound")
}

const REGISTRAR_SCHEMA: u32 = 0;
const DISTRICT: u32 = 1;
const OTHER_DISTRICT: u32 = 2;
const PARCEL: u64 = 0;

/// A city with DIDs for the well-known accounts, the registrar credential schema (the
/// runtime's `LandRegistrarSchema`, 0) issued by Alice, Bob and Ferdie registrars of district
/// 1 and Charlie of district 2.
fn city_with_registrars() -> Vec<Step> {
	let mut steps: Vec<Step> = [Alice, Bob, Charlie, Dave, Eve, Ferdie]
		.into_iter()
		.map(|who| {
			ok(
				who,
				did(pallet_did::Call::create {
					authentication_key: PublicKey::Sr25519(who.public()),
				}),
			)
		})
		.collect();
	steps.push(ok(
		Alice,
		did(pallet_did::Call::register_schema {
			name: b"land-registrar".to_vec().try_into().expect("short"),
			hash: H256::repeat_byte(1),
		}),
	));
	steps.push(sudo(did(pallet_did::Call::add_trusted_issuer {
		schema: REGISTRAR_SCHEMA,
		issuer: Alice.to_account_id(),
	})));
	for (registrar, district) in [(Bob, DISTRICT), (Charlie, OTHER_DISTRICT), (Ferdie, DISTRICT)] {
		steps.push(ok(
			Alice,
			did(pallet_did::Call::attest {
				subject: registrar.to_account_id(),
				schema: REGISTRAR_SCHEMA,
				claim_hash: H256::repeat_byte(2),
				valid_from: 0,
				expires_at: None,
				scope: Some(district),
			}),
		));
		steps.push(sudo(land(pallet_land_registry::Call::appoint_registrar {
			district,
			registrar: registrar.to_account_id(),
		})));
	}
	steps
}

/// The land registry findings: overlap across districts, parties judging or contesting their
/// own matters, and a title changed under a buyer's escrow.
fn land_registry_findings() -> Vec<Step> {
	vec![
		ok(
			Bob,
			land(pallet_land_registry::Call::register_parcel {
				district: DISTRICT,
				boundary: square(0, 0, 5_000),
				land_use: LandUse::Residential,
				document_hash: H256::repeat_byte(3),
				owner: Dave.to_account_id(),
			}),
		),
		// Another district's registrar titles overlapping land.
		fails(
			Charlie,
			land(pallet_land_registry::Call::register_parcel {
				district: OTHER_DISTRICT,
				boundary: square(2_500, 2_500, 5_000),
				land_use: LandUse::Commercial,
				document_hash: H256::repeat_byte(4),
				owner: Eve.to_account_id(),
			}),
			"LandRegistry::Overlaps",
		),
		// The owner disputes its own title at no risk.
		fails(
			Dave,
			land(pallet_land_registry::Call::raise_dispute {
				parcel: PARCEL,
				grounds: H256::repeat_byte(5),
			}),
			"LandRegistry::OwnerCannotDispute",
		),
		ok(
			Dave,
			land(pallet_land_registry::Call::propose_sale {
				parcel: PARCEL,
				buyer: Bob.to_account_id(),
				price: 100 * UNIT,
			}),
		),
		ok(
			Bob,
			land(pallet_land_registry::Call::accept_sale { parcel: PARCEL, price: 100 * UNIT }),
		),
		// With the buyer's money in escrow, the owner takes a lien from a colluding holder.
		ok(
			Eve,
			land(pallet_land_registry::Call::propose_encumbrance {
				parcel: PARCEL,
				kind: EncumbranceKind::Lien,
				document_hash: H256::repeat_byte(6),
			}),
		),
		fails(
			Dave,
			land(pallet_land_registry::Call::accept_encumbrance { parcel: PARCEL, encumbrance: 0 }),
			"LandRegistry::SaleOpen",
		),
		// The registrar approves its own purchase.
		fails(
			Bob,
			land(pallet_land_registry::Call::approve_sale { parcel: PARCEL }),
			"LandRegistry::ConflictOfInterest",
		),
		ok(Ferdie, land(pallet_land_registry::Call::approve_sale { parcel: PARCEL })),
		// The seller objects to its own sale, freezing it at no risk.
		fails(
			Dave,
			land(pallet_land_registry::Call::object_to_sale {
				parcel: PARCEL,
				grounds: H256::repeat_byte(7),
			}),
			"LandRegistry::PartyCannotObject",
		),
		ok(
			Eve,
			land(pallet_land_registry::Call::object_to_sale {
				parcel: PARCEL,
				grounds: H256::repeat_byte(8),
			}),
		),
	]
}

const RESIDENT_SCHEMA: u32 = 1;
const BALLOT: u32 = 0;

/// The ballots finding: a public vote whose credential is revoked while voting is open still
/// counted. `now` is the block the first step runs in; voting opens there.
fn ballots_findings(now: u32) -> Vec<Step> {
	let options: Vec<_> = [&b"yes"[..], b"no"]
		.iter()
		.map(|label| label.to_vec().try_into().expect("short"))
		.collect();
	let mut steps = vec![
		ok(
			Alice,
			did(pallet_did::Call::register_schema {
				name: b"resident".to_vec().try_into().expect("short"),
				hash: H256::repeat_byte(9),
			}),
		),
		sudo(did(pallet_did::Call::add_trusted_issuer {
			schema: RESIDENT_SCHEMA,
			issuer: Alice.to_account_id(),
		})),
	];
	for resident in [Dave, Eve] {
		steps.push(ok(
			Alice,
			did(pallet_did::Call::attest {
				subject: resident.to_account_id(),
				schema: RESIDENT_SCHEMA,
				claim_hash: H256::repeat_byte(10),
				valid_from: 0,
				expires_at: None,
				scope: None,
			}),
		));
	}
	let voting_starts = now + steps.len() as u32;
	steps.push(sudo(RuntimeCall::Ballots(pallet_ballots::Call::create_ballot {
		title: b"Close Main Street to cars on Sundays?".to_vec().try_into().expect("short"),
		document_hash: H256::repeat_byte(11),
		options: options.try_into().expect("two options"),
		eligibility: Eligibility { schema: RESIDENT_SCHEMA, district: None },
		method: TallyMethod::Plurality,
		secrecy: Secrecy::Public,
		schedule: Schedule {
			voting_starts,
			voting_ends: voting_starts + 10_000,
			reveal_ends: voting_starts + 10_000,
		},
		quorum: 1,
	})));
	for (voter, option) in [(Dave, 0), (Eve, 1)] {
		steps.push(ok(
			voter,
			RuntimeCall::Ballots(pallet_ballots::Call::vote {
				ballot: BALLOT,
				choice: vec![option].try_into().expect("one option"),
			}),
		));
	}
	steps.extend([
		ok(
			Alice,
			did(pallet_did::Call::revoke_attestation {
				subject: Dave.to_account_id(),
				schema: RESIDENT_SCHEMA,
				reason: 1,
			}),
		),
		ok(
			Bob,
			RuntimeCall::Ballots(pallet_ballots::Call::strike_vote {
				ballot: BALLOT,
				voter: Dave.to_account_id(),
			}),
		),
		fails(
			Bob,
			RuntimeCall::Ballots(pallet_ballots::Call::strike_vote {
				ballot: BALLOT,
				voter: Eve.to_account_id(),
			}),
			"Ballots::StillEligible",
		),
	]);
	steps
}

const ENERGY_IMPORT: u32 = 1;
const ENERGY_EXPORT: u32 = 2;

/// Dave's electricity meter: device 0 of the fuzzer's devices.
fn meter() -> PublicKey {
	device(0)
}

/// The fuzzer's device `index`.
fn device(index: u32) -> PublicKey {
	PublicKey::Sr25519(device_pair(index).public())
}

/// The meter's reading `seconds` after block 1; `Chain::submit` signs it with the meter's key.
fn meter_reading(seconds: u64, value: i64) -> SignedReading {
	SignedReading {
		device: meter(),
		reading: Reading {
			metric: ENERGY_IMPORT,
			value,
			timestamp: FIRST_BLOCK_TIMESTAMP + seconds * 1_000,
		},
		signature: unsigned(),
	}
}

/// Registers the meter for the caller's DID; `Chain::submit` signs the proof with its key.
fn register_meter() -> RuntimeCall {
	register_electricity_meter(meter())
}

fn register_electricity_meter(device: PublicKey) -> RuntimeCall {
	did(pallet_did::Call::register_device {
		device,
		kind: DeviceKind::ElectricityMeter,
		metadata: None,
		proof: unsigned(),
	})
}

/// A placeholder signature, replaced with the device's own before submission.
fn unsigned() -> MultiSignature {
	MultiSignature::Sr25519(sr25519::Signature::from_raw([0; 64]))
}

fn submit(readings: Vec<SignedReading>) -> RuntimeCall {
	RuntimeCall::SensorOracle(pallet_sensor_oracle::Call::submit_readings {
		readings: readings.try_into().expect("within the bound"),
	})
}

/// The sensor oracle findings: a batch failed whole by one duplicated reading (front-running a
/// relay), readings replayed after the feed was closed and opened again, and a meter moved to
/// another DID still feeding its old owner's feed.
fn sensor_oracle_findings() -> Vec<Step> {
	let feed = || pallet_sensor_oracle::Call::open_feed { device: meter(), metric: ENERGY_IMPORT };
	vec![
		ok(Dave, register_meter()),
		ok(Dave, RuntimeCall::SensorOracle(feed())),
		expect_event(Bob, submit(vec![meter_reading(60, 500)]), "accepted: 1, skipped: 0"),
		// Someone copies the first reading into a batch of their own: the batch still lands.
		expect_event(
			Charlie,
			submit(vec![meter_reading(60, 500), meter_reading(120, 400)]),
			"accepted: 1, skipped: 1",
		),
		ok(
			Dave,
			RuntimeCall::SensorOracle(pallet_sensor_oracle::Call::close_feed {
				device: meter(),
				metric: ENERGY_IMPORT,
			}),
		),
		ok(Dave, RuntimeCall::SensorOracle(feed())),
		// The reopened feed remembers what it already counted.
		expect_event(Bob, submit(vec![meter_reading(120, 400)]), "accepted: 0, skipped: 1"),
		// The meter moves to Eve: Dave's feed no longer takes its readings.
		ok(Dave, did(pallet_did::Call::remove_device { device: meter() })),
		ok(Eve, register_meter()),
		expect_event(Bob, submit(vec![meter_reading(180, 300)]), "accepted: 0, skipped: 1"),
	]
}

fn energy(call: pallet_energy_market::Call<polis_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::EnergyMarket(call)
}

/// Zone 1 of the energy market: the district 1 registrars' credentials (schema 0, the
/// runtime's default participant schema, scoped to 1) make Bob and Ferdie its participants.
const ZONE: u32 = DISTRICT;

/// The runtime's slot length (`:SensorIntervalLength:`), which no regression input changes.
const DEFAULT_SLOT_MS: u64 = 15 * 60 * 1000;

/// An energy market zone that Bob and Ferdie join, Bob selling on meter 1 and Ferdie buying on
/// meter 2 for the slot after next, their feeds open, so that fuzzing reaches clearing and
/// settlement; joining without the credential, a second order on a meter, an order by a
/// non-participant and a cancellation by someone else are refused. Runs from block `first_block`.
fn energy_market_seeds(first_block: u32) -> Vec<Step> {
	let now =
		FIRST_BLOCK_TIMESTAMP + u64::from(first_block - 1) * polis_runtime::time::SLOT_DURATION;
	let slot = (now / DEFAULT_SLOT_MS) as u32 + 2;
	let order = |side, meter, price| {
		energy(pallet_energy_market::Call::place_order {
			zone: ZONE,
			slot,
			side,
			meter,
			quantity_wh: 1_000,
			limit_price: price * MILLI_UNIT,
		})
	};
	let feed = |device, metric| {
		RuntimeCall::SensorOracle(pallet_sensor_oracle::Call::open_feed { device, metric })
	};
	vec![
		sudo(energy(pallet_energy_market::Call::set_zone {
			zone: ZONE,
			spec: pallet_energy_market::Zone {
				operator: Alice.to_account_id(),
				import_capacity_wh: 10_000,
				export_capacity_wh: 10_000,
				retail_price: 300 * MILLI_UNIT,
				feed_in_tariff: 100 * MILLI_UNIT,
				grid_fee: 20 * MILLI_UNIT,
			},
		})),
		ok(Bob, energy(pallet_energy_market::Call::join { zone: ZONE, keeps_attributes: false })),
		ok(
			Ferdie,
			energy(pallet_energy_market::Call::join { zone: ZONE, keeps_attributes: false }),
		),
		fails(
			Charlie,
			energy(pallet_energy_market::Call::join { zone: ZONE, keeps_attributes: false }),
			"EnergyMarket::NoParticipantCredential",
		),
		ok(Bob, register_electricity_meter(device(1))),
		ok(Ferdie, register_electricity_meter(device(2))),
		ok(Bob, feed(device(1), ENERGY_EXPORT)),
		ok(Ferdie, feed(device(2), ENERGY_IMPORT)),
		ok(Bob, order(pallet_energy_market::Side::Sell, device(1), 200)),
		fails(
			Bob,
			order(pallet_energy_market::Side::Buy, device(1), 400),
			"EnergyMarket::MeterBusy",
		),
		ok(Ferdie, order(pallet_energy_market::Side::Buy, device(2), 400)),
		fails(
			Charlie,
			order(pallet_energy_market::Side::Buy, device(3), 400),
			"EnergyMarket::NotAParticipant",
		),
		fails(
			Ferdie,
			energy(pallet_energy_market::Call::cancel_order { order: 0 }),
			"EnergyMarket::NotOwner",
		),
		// Bob's meter's schedule for the two slots after: both placed.
		ok(
			Bob,
			energy(pallet_energy_market::Call::place_orders {
				zone: ZONE,
				meter: device(1),
				orders: [slot + 1, slot + 2]
					.map(|slot| pallet_energy_market::OrderLine {
						slot,
						side: pallet_energy_market::Side::Sell,
						quantity_wh: 1_000,
						limit_price: 200 * MILLI_UNIT,
					})
					.to_vec()
					.try_into()
					.expect("within MaxOrdersPerCall"),
			}),
		),
	]
}

fn anonymous(call: pallet_anonymous_credentials::Call<polis_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::AnonymousCredentials(call)
}

/// Membership keys for anonymous credentials: the registrars (whose credential the provenance
/// seeds make the beneficiaries') enrol, so that fuzzing replaces keys, leaves and removes
/// members; an account without the credential, and a key taken, are refused.
fn anonymous_credentials_seeds() -> Vec<Step> {
	let enrol = |seed: u8| {
		let secret = polis_primitives::anonymity::secret_from_seed(&[seed]);
		let key = polis_primitives::anonymity::membership_key(&secret).expect("a scalar");
		anonymous(pallet_anonymous_credentials::Call::enrol { schema: REGISTRAR_SCHEMA, key })
	};
	vec![
		ok(Bob, enrol(1)),
		ok(Ferdie, enrol(2)),
		ok(Charlie, enrol(3)),
		fails(Dave, enrol(4), "AnonymousCredentials::NoCredential"),
		fails(Ferdie, enrol(1), "AnonymousCredentials::KeyInUse"),
	]
}

fn carbon(call: pallet_carbon_credits::Call<polis_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::CarbonCredits(call)
}

/// A carbon project reaching issuance, so that fuzzing reaches transfers, retirements,
/// cancellations and reversals. The runtime's developer and verifier schemas default to the
/// registrars' (0): Charlie develops on a parcel Bob titles to it, and may not verify its own
/// project; Bob validates, Ferdie approves 95 tonnes (10 to the buffer pool); Dave cannot cancel
/// more than Charlie gave it, and retires 2 against its own 1970 pledge inventory; the registry
/// authority sets an emission factor so that metered claims reach their certificate checks;
/// Charlie lists 5 credits, of which Dave buys one; Charlie, appointed Verra's bridge, bridges a
/// project and imports 100 external serials, and cannot import an overlapping range.
fn carbon_credits_seeds() -> Vec<Step> {
	const PROJECT_PARCEL: u64 = 1;
	vec![
		ok(
			Bob,
			land(pallet_land_registry::Call::register_parcel {
				district: DISTRICT,
				boundary: square(20_000, 20_000, 5_000),
				land_use: LandUse::Agricultural,
				document_hash: H256::repeat_byte(30),
				owner: Charlie.to_account_id(),
			}),
		),
		sudo(carbon(pallet_carbon_credits::Call::register_methodology {
			methodology: pallet_carbon_credits::Methodology {
				document_hash: H256::repeat_byte(31),
				credit_type: pallet_carbon_credits::CreditType::Removal,
				buffer: sp_runtime::Percent::from_percent(10),
				permanence_years: 40,
				metered: false,
			},
		})),
		ok(
			Charlie,
			carbon(pallet_carbon_credits::Call::propose_project {
				methodology: 0,
				parcels: vec![PROJECT_PARCEL].try_into().expect("one parcel"),
				document_hash: H256::repeat_byte(32),
			}),
		),
		fails(
			Charlie,
			carbon(pallet_carbon_credits::Call::validate_project { project: 0 }),
			"CarbonCredits::SelfVerification",
		),
		ok(Bob, carbon(pallet_carbon_credits::Call::validate_project { project: 0 })),
		sudo(carbon(pallet_carbon_credits::Call::set_project_status {
			project: 0,
			status: pallet_carbon_credits::ProjectStatus::Registered,
		})),
		ok(
			Charlie,
			carbon(pallet_carbon_credits::Call::submit_report {
				project: 0,
				period_start: 0,
				period_end: 1_000,
				tonnes: 95,
				report_hash: H256::repeat_byte(33),
			}),
		),
		ok(Ferdie, carbon(pallet_carbon_credits::Call::approve_report { report: 0 })),
		ok(
			Charlie,
			carbon(pallet_carbon_credits::Call::transfer {
				batch: 0,
				to: Dave.to_account_id(),
				tonnes: 10,
			}),
		),
		fails(
			Dave,
			carbon(pallet_carbon_credits::Call::cancel {
				batch: 0,
				tonnes: 11,
				reason: b"fuzz".to_vec().try_into().expect("short"),
			}),
			"CarbonCredits::InsufficientCredits",
		),
		ok(
			Dave,
			carbon(pallet_carbon_credits::Call::open_inventory {
				name: b"Dave 1970".to_vec().try_into().expect("short"),
				year: 1970,
			}),
		),
		ok(
			Dave,
			carbon(pallet_carbon_credits::Call::retire {
				batch: 0,
				tonnes: 2,
				claim: pallet_carbon_credits::RetirementClaim {
					beneficiary: b"Dave".to_vec().try_into().expect("short"),
					reason: b"fuzz".to_vec().try_into().expect("short"),
					jurisdiction: b"PL".to_vec().try_into().expect("short"),
					period_start: 0,
					period_end: 1_000,
					inventory: Some(0),
				},
			}),
		),
		sudo(carbon(pallet_carbon_credits::Call::set_emission_factor {
			year: 1970,
			grams_per_kwh: Some(500),
		})),
		ok(
			Charlie,
			carbon(pallet_carbon_credits::Call::list_credits {
				batch: 0,
				tonnes: 5,
				price_per_tonne: 1_000_000,
			}),
		),
		ok(
			Dave,
			carbon(pallet_carbon_credits::Call::buy_credits {
				listing: 0,
				tonnes: 1,
				max_price_per_tonne: 1_000_000,
			}),
		),
		sudo(carbon(pallet_carbon_credits::Call::register_external_registry {
			name: b"Verra".to_vec().try_into().expect("short"),
			bridge: Charlie.to_account_id(),
		})),
		ok(
			Charlie,
			carbon(pallet_carbon_credits::Call::bridge_project {
				registry_id: 0,
				external_id: b"VCS-981".to_vec().try_into().expect("short"),
				methodology: 0,
				document_hash: H256::repeat_byte(34),
			}),
		),
		ok(
			Charlie,
			carbon(pallet_carbon_credits::Call::import_credits {
				project: 1,
				first_external_serial: 5_000,
				tonnes: 100,
				vintage_start: 0,
				vintage_end: 1_000,
				evidence_hash: H256::repeat_byte(35),
			}),
		),
		fails(
			Charlie,
			carbon(pallet_carbon_credits::Call::import_credits {
				project: 1,
				first_external_serial: 5_050,
				tonnes: 100,
				vintage_start: 0,
				vintage_end: 1_000,
				evidence_hash: H256::repeat_byte(36),
			}),
			"CarbonCredits::SerialsAlreadyBridged",
		),
	]
}

fn provenance(call: pallet_provenance::Call<polis_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::Provenance(call)
}

fn code(text: &str) -> pallet_provenance::Code<polis_runtime::Runtime> {
	text.as_bytes().to_vec().try_into().expect("short")
}

/// A supply chain under way, so that fuzzing reaches custody, storage, transformations and
/// recalls: the producer, processor and regulator roles are given the registrars' schema (0),
/// so Charlie and Bob hold them. Charlie registers chilled milk and commissions a lot; Dave,
/// holding no role, cannot; Charlie ships the lot to Bob, who accepts it and splits off half;
/// Charlie recalls its lot.
fn provenance_seeds() -> Vec<Step> {
	let context = || pallet_provenance::EventContext { time: 0, read_point: None, document: None };
	let mut steps: Vec<Step> = [
		pallet_provenance::Role::Producer,
		pallet_provenance::Role::Processor,
		pallet_provenance::Role::Regulator,
	]
	.into_iter()
	.map(|role| {
		sudo(provenance(pallet_provenance::Call::set_role_schema { role, schema: Some(0) }))
	})
	.collect();
	steps.extend([
		ok(
			Charlie,
			provenance(pallet_provenance::Call::register_class {
				code: code("milk"),
				unit: pallet_provenance::Unit::Kilogram,
				condition: Some(pallet_provenance::Condition { metric: 8, min: 0, max: 80 }),
			}),
		),
		fails(
			Dave,
			provenance(pallet_provenance::Call::commission {
				class: 0,
				code: code("D-1"),
				quantity: 1,
				context: context(),
			}),
			"Provenance::MissingRole",
		),
		ok(
			Charlie,
			provenance(pallet_provenance::Call::commission {
				class: 0,
				code: code("F-1"),
				quantity: 100,
				context: context(),
			}),
		),
		ok(
			Charlie,
			provenance(pallet_provenance::Call::ship {
				lot: 0,
				receiver: Bob.to_account_id(),
				destination: None,
				transaction: None,
				context: context(),
			}),
		),
		ok(
			Bob,
			provenance(pallet_provenance::Call::receive {
				lot: 0,
				accept: true,
				context: context(),
			}),
		),
		ok(
			Bob,
			provenance(pallet_provenance::Call::transform {
				inputs: vec![(0, 50)].try_into().expect("one input"),
				outputs: vec![(0, code("P-1"), 50)].try_into().expect("one output"),
				context: context(),
			}),
		),
		ok(
			Charlie,
			provenance(pallet_provenance::Call::recall {
				lot: 0,
				reason: b"fuzz".to_vec().try_into().expect("short"),
				context: context(),
			}),
		),
	]);
	// Aid: Charlie's programme hands out from its lot at its point; Bob's claim carries a
	// signature that is not his.
	steps.extend([pallet_provenance::Role::AidAgency, pallet_provenance::Role::Beneficiary].map(
		|role| sudo(provenance(pallet_provenance::Call::set_role_schema { role, schema: Some(0) })),
	));
	steps.extend([
		ok(
			Charlie,
			provenance(pallet_provenance::Call::open_programme {
				class: 0,
				district: None,
				ration: 1,
				period: 60_000,
			}),
		),
		ok(
			Charlie,
			provenance(pallet_provenance::Call::register_location {
				code: code("POINT"),
				parcel: None,
			}),
		),
		ok(
			Charlie,
			provenance(pallet_provenance::Call::commission {
				class: 0,
				code: code("AID-1"),
				quantity: 10,
				context: context(),
			}),
		),
		fails(
			Charlie,
			provenance(pallet_provenance::Call::hand_out {
				programme: 0,
				lot: 2,
				beneficiary: Bob.to_account_id(),
				proof: MultiSignature::Sr25519(sp_core::sr25519::Signature::from_raw([0; 64])),
				context: pallet_provenance::EventContext { read_point: Some(0), ..context() },
			}),
			"Provenance::InvalidClaimProof",
		),
		ok(
			Charlie,
			provenance(pallet_provenance::Call::anchor_events {
				root: sp_core::H256::repeat_byte(1),
				count: 2,
				from: 0,
				until: 0,
			}),
		),
	]);
	// Storage: Eve's cold room, watched by the meter she took over from Dave, receives Charlie's
	// aid lot, which begins a stay there.
	steps.extend([
		ok(
			Eve,
			provenance(pallet_provenance::Call::register_location {
				code: code("COLD"),
				parcel: None,
			}),
		),
		ok(
			Eve,
			provenance(pallet_provenance::Call::set_location_device {
				location: 1,
				device: Some(meter()),
			}),
		),
		ok(
			Charlie,
			provenance(pallet_provenance::Call::ship {
				lot: 2,
				receiver: Eve.to_account_id(),
				destination: Some(1),
				transaction: None,
				context: context(),
			}),
		),
		ok(
			Eve,
			provenance(pallet_provenance::Call::receive {
				lot: 2,
				accept: true,
				context: context(),
			}),
		),
	]);
	steps
}

/// Every regression input, in the order they run on one fresh chain (one block each, from
/// block 1).
pub fn all() -> Vec<Step> {
	let mut steps = city_with_registrars();
	steps.extend(land_registry_findings());
	let next_block = steps.len() as u32 + 1;
	steps.extend(ballots_findings(next_block));
	steps.extend(sensor_oracle_findings());
	let next_block = steps.len() as u32 + 1;
	steps.extend(energy_market_seeds(next_block));
	steps.extend(carbon_credits_seeds());
	steps.extend(provenance_seeds());
	steps.extend(anonymous_credentials_seeds());
	steps
}
