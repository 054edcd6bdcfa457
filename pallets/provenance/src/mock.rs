//! A test runtime: System, Timestamp, Balances and the provenance registry, with Root as the
//! registry origin and `polis-mocks` standing in for the DID pallet (credentials, devices),
//! the sensor oracle (interval summaries) and the land registry.

use crate::{self as pallet_provenance, Code, EventContext, Role};
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use polis_mocks::{
	give_credential, MockAnonymity, MockCredentials, MockDevices, MockLand, MockMeters,
};
use polis_primitives::SchemaId;
use sp_runtime::{testing::TestSignature, BuildStorage};

pub use polis_mocks::{AccountId, INTERVAL_MS};
pub type Balance = u64;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		Provenance: pallet_provenance,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = frame_support::traits::ConstU64<1>;
	type WeightInfo = ();
}

/// The organisations of the tests' supply chain, each with the role its name says, and two
/// without any: one with a DID, one without.
pub const FARM: AccountId = 1;
pub const PROCESSOR: AccountId = 2;
pub const CARRIER: AccountId = 3;
pub const RETAILER: AccountId = 4;
pub const INSPECTOR: AccountId = 5;
pub const REGULATOR: AccountId = 6;
pub const AID_AGENCY: AccountId = 7;
pub const NOBODY: AccountId = 8;
pub const NO_DID: AccountId = 9;
/// Has a producer's credential and too little money for a deposit.
pub const PAUPER: AccountId = 10;
/// Runs a distribution point: a DID with no role.
pub const DISTRIBUTOR: AccountId = 11;
/// Beneficiaries of `DISTRICT`, with no money at all.
pub const RESIDENT_A: AccountId = 12;
pub const RESIDENT_B: AccountId = 13;
/// A beneficiary of another district.
pub const NEIGHBOUR: AccountId = 14;

/// The district of the aid tests' beneficiaries.
pub const DISTRICT: polis_primitives::ScopeCode = 5;

pub const ENDOWMENT: Balance = 1_000_000;
pub const RECORD_DEPOSIT: Balance = 10;
pub const EVENT_DEPOSIT: Balance = 1;

/// The metric of a cold chain: tenths of a degree Celsius.
pub const TEMPERATURE: polis_primitives::MetricId = 7;
/// The metric of a humidity requirement, in per mille.
pub const HUMIDITY: polis_primitives::MetricId = 8;

/// When the tests start: the beginning of interval 1000.
pub const START: u64 = 1_000 * INTERVAL_MS;

/// The schema of each role's credential.
pub const ROLE_SCHEMAS: [(Role, SchemaId); 8] = [
	(Role::Producer, 101),
	(Role::Processor, 102),
	(Role::Carrier, 103),
	(Role::Retailer, 104),
	(Role::Inspector, 105),
	(Role::Regulator, 106),
	(Role::AidAgency, 107),
	(Role::Beneficiary, 108),
];

pub fn schema_of(role: Role) -> SchemaId {
	ROLE_SCHEMAS.iter().find(|(held, _)| *held == role).map(|(_, schema)| *schema).unwrap_or(0)
}

parameter_types! {
	pub const RecordDeposit: Balance = RECORD_DEPOSIT;
	pub const EventDeposit: Balance = EVENT_DEPOSIT;
}

impl pallet_provenance::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RegistryOrigin = EnsureRoot<AccountId>;
	type DidId = AccountId;
	type Credentials = MockCredentials;
	type Devices = MockDevices;
	type Meters = MockMeters;
	type Land = MockLand;
	type Time = Timestamp;
	type Signature = TestSignature;
	type Anonymity = MockAnonymity;
	type RecordDeposit = RecordDeposit;
	type EventDeposit = EventDeposit;
	type MaxCodeLen = ConstU32<32>;
	type MaxTextLen = ConstU32<64>;
	type MaxLotsPerEvent = ConstU32<8>;
	type MaxChildren = ConstU32<8>;
	type MaxContents = ConstU32<4>;
	type MaxCheckedIntervals = ConstU32<8>;
	type MaxRecallSteps = ConstU32<16>;
	type MaxClaimsPruned = ConstU32<4>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockHelper;
}

/// Sets the clock and readings for benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockHelper;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<Test> for MockHelper {
	fn set_time(now: u64) {
		pallet_timestamp::Now::<Test>::put(now);
	}

	fn account_of(did: &AccountId) -> AccountId {
		*did
	}

	fn record_reading(
		device: &polis_primitives::PublicKey,
		metric: polis_primitives::MetricId,
		interval: polis_primitives::IntervalIndex,
		value: i64,
	) {
		polis_mocks::record(device, metric, interval, value);
	}

	fn beneficiary_proof(message: &[u8]) -> (AccountId, TestSignature) {
		(RESIDENT_A, TestSignature(RESIDENT_A, message.to_vec()))
	}
}

/// A code from text.
pub fn code(text: &str) -> Code<Test> {
	Code::<Test>::truncate_from(text.as_bytes().to_vec())
}

/// A beneficiary's signature of its claim to `programme`'s ration of the current period from
/// `lot`.
pub fn claim_proof(
	who: AccountId,
	programme: crate::ProgrammeId,
	lot: crate::LotId,
) -> TestSignature {
	let record = crate::Programmes::<Test>::get(programme).expect("the programme exists");
	let period = Provenance::period_of(&record).expect("the period fits");
	TestSignature(who, Provenance::claim_message(programme, period, lot))
}

/// An event that happened now, with no read point or document.
pub fn now() -> EventContext {
	EventContext { time: pallet_timestamp::Now::<Test>::get(), read_point: None, document: None }
}

/// Moves the clock to `ms` and the chain to the next block.
pub fn set_time(ms: u64) {
	System::set_block_number(System::block_number() + 1);
	pallet_timestamp::Now::<Test>::put(ms);
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut balances: Vec<(AccountId, Balance)> =
		(FARM..=NO_DID).map(|who| (who, ENDOWMENT)).collect();
	balances.push((PAUPER, RECORD_DEPOSIT / 2));
	balances.push((DISTRIBUTOR, ENDOWMENT));
	pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	pallet_provenance::GenesisConfig::<Test> {
		role_schemas: ROLE_SCHEMAS.to_vec(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		set_time(START);
		let roles = [
			(FARM, Role::Producer),
			(PROCESSOR, Role::Processor),
			(CARRIER, Role::Carrier),
			(RETAILER, Role::Retailer),
			(INSPECTOR, Role::Inspector),
			(REGULATOR, Role::Regulator),
			(AID_AGENCY, Role::AidAgency),
			(PAUPER, Role::Producer),
		];
		for (who, role) in roles {
			give_credential(who, schema_of(role), None);
		}
		give_credential(RESIDENT_A, schema_of(Role::Beneficiary), Some(DISTRICT));
		give_credential(RESIDENT_B, schema_of(Role::Beneficiary), Some(DISTRICT));
		give_credential(NEIGHBOUR, schema_of(Role::Beneficiary), Some(DISTRICT + 1));
		polis_mocks::deactivate_did(NO_DID);
	});
	ext
}

/// Runs `test` in a fresh chain, then checks the registry's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Provenance::do_try_state().expect("invariants hold");
	});
}
