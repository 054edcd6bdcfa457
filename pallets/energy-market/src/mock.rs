//! A test runtime: System, Timestamp, Balances and the energy market, with Root as the market's
//! governance and registers standing in for the DID pallet (credentials, meters) and the
//! sensor oracle (interval summaries).

use crate::{self as pallet_energy_market, MarketRules, SlotIndex, Zone};
use codec::{Decode, Encode};
use frame_support::{
	derive_impl, parameter_types,
	storage::unhashed,
	traits::{ConstU32, Hooks},
	weights::Weight,
	PalletId,
};
use frame_system::EnsureRoot;
use polis_primitives::{
	Credential, CredentialCheck, DeviceInfo, DeviceKind, DeviceRegistry, EnergySource,
	IntervalIndex, IntervalSummary, MeterReadings, MetricId, PublicKey, SchemaId, ScopeCode,
	ZoneId,
};
use sp_core::sr25519;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;
pub type BlockNumber = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		EnergyMarket: pallet_energy_market,
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

/// Prosumers and consumers (each account is its own DID), the zones' operators, an account
/// without a participant credential and one with too little money for an order.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const OUTSIDER: AccountId = 5;
pub const PAUPER: AccountId = 6;
pub const OPERATOR: AccountId = 10;
pub const OTHER_OPERATOR: AccountId = 11;
pub const ENDOWMENT: Balance = 1_000_000;
pub const DEPOSIT: Balance = 10;

pub const ZONE: ZoneId = 1;
pub const OTHER_ZONE: ZoneId = 2;

/// The schemas of the participant and generator credentials.
pub const PARTICIPANT: SchemaId = 7;
pub const SOLAR_GENERATOR: SchemaId = 8;
pub const WIND_GENERATOR: SchemaId = 9;
pub const IMPORT: MetricId = 1;
pub const EXPORT: MetricId = 2;

/// 15 minutes.
pub const INTERVAL: u64 = 900_000;
/// The slot the chain's clock is in when a test starts, at its start.
pub const NOW_SLOT: SlotIndex = 2_000_000;
/// The slot tests trade in: its gate closes 25 minutes after a test starts.
pub const SLOT: SlotIndex = NOW_SLOT + 2;
pub const GATE_CLOSURE: u64 = 300_000;
pub const SETTLEMENT_DELAY: u64 = 600_000;
pub const TICK: Balance = 10;
pub const PRICE_CAP: Balance = 500;
pub const IMBALANCE_PRICE: Balance = 600;
pub const MAX_LEVELS: u32 = 50;
pub const MAX_ORDERS_PER_BOOK: u32 = 8;
pub const MAX_ORDERS_PER_ACCOUNT: u32 = 3;
pub const MAX_ORDER_WH: u64 = 100_000;
pub const MAX_SLOTS_AHEAD: u32 = 8;
pub const MAX_ORDERS_PER_CALL: u32 = 3;
/// A day.
pub const PARTICIPATION_PERIOD: u64 = 86_400_000;
/// Fewer than a traded slot's settlement steps, so that books settle over several batches.
pub const MAX_BATCH: u32 = 4;

parameter_types! {
	pub const ParticipantSchema: SchemaId = PARTICIPANT;
	pub storage GeneratorSchemas: Vec<(SchemaId, EnergySource)> =
		vec![(SOLAR_GENERATOR, EnergySource::Solar), (WIND_GENERATOR, EnergySource::Wind)];
	pub const ImportMetric: MetricId = IMPORT;
	pub const ExportMetric: MetricId = EXPORT;
	pub const MarketPalletId: PalletId = PalletId(*b"py/enmkt");
	pub const Deposit: Balance = DEPOSIT;
	pub const PriceTick: Balance = TICK;
	pub const MaxOrderWh: u64 = MAX_ORDER_WH;
	pub const MaxSettlementDelay: u64 = 3_600_000;
	pub const ParticipationPeriod: u64 = PARTICIPATION_PERIOD;
	/// Nothing, so that balances in tests show what trading cost; a test sets it.
	pub storage ParticipantDeposit: Balance = 0;
}

impl pallet_energy_market::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MarketOrigin = EnsureRoot<AccountId>;
	type DidId = u64;
	type Credentials = MockCredentials;
	type Devices = MockDevices;
	type DidAccount = sp_runtime::traits::Identity;
	type Meters = MockMeters;
	type Time = Timestamp;
	type ParticipantSchema = ParticipantSchema;
	type GeneratorSchemas = GeneratorSchemas;
	type MaxGeneratorSchemas = ConstU32<4>;
	type ParticipationPeriod = ParticipationPeriod;
	type ImportMetric = ImportMetric;
	type ExportMetric = ExportMetric;
	type PalletId = MarketPalletId;
	type Deposit = Deposit;
	type ParticipantDeposit = ParticipantDeposit;
	type PriceTick = PriceTick;
	type MaxPriceLevels = ConstU32<MAX_LEVELS>;
	type MaxOrdersPerBook = ConstU32<MAX_ORDERS_PER_BOOK>;
	type MaxOrdersPerAccount = ConstU32<MAX_ORDERS_PER_ACCOUNT>;
	type MaxOrderWh = MaxOrderWh;
	type MaxSlotsAhead = ConstU32<MAX_SLOTS_AHEAD>;
	type MaxOrdersPerCall = ConstU32<MAX_ORDERS_PER_CALL>;
	type MaxZones = ConstU32<4>;
	type MaxPendingSlots = ConstU32<{ MAX_SLOTS_AHEAD + 2 }>;
	type MaxSettlementDelay = MaxSettlementDelay;
	type MaxBooksAwaitingSettlement = ConstU32<8>;
	type MaxSettlementBatch = ConstU32<MAX_BATCH>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockHelper;
}

/// A credential held: the DID it is about, its scope, and whether it was revoked.
#[derive(Encode, Decode)]
struct Held {
	did: u64,
	scope: Option<ScopeCode>,
	revoked: bool,
}

fn credential_key(who: &AccountId, schema: SchemaId) -> Vec<u8> {
	(b"mock-credential", who, schema).encode()
}

/// Gives `who` (its own DID) a credential of `schema`.
pub fn give_credential(who: AccountId, schema: SchemaId, scope: Option<ScopeCode>) {
	unhashed::put(&credential_key(&who, schema), &Held { did: who, scope, revoked: false });
}

pub fn revoke_credential(who: AccountId, schema: SchemaId) {
	let key = credential_key(&who, schema);
	let mut held: Held = unhashed::get(&key).expect("a credential was given");
	held.revoked = true;
	unhashed::put(&key, &held);
}

fn deactivation_key(who: &AccountId) -> Vec<u8> {
	(b"mock-deactivated", who).encode()
}

/// Deactivates `who`'s DID.
pub fn deactivate_did(who: AccountId) {
	unhashed::put(&deactivation_key(&who), &true);
}

/// The credential register the DID pallet keeps in the runtime.
pub struct MockCredentials;

impl CredentialCheck<AccountId, BlockNumber> for MockCredentials {
	type DidId = u64;

	fn did_of(who: &AccountId) -> Option<u64> {
		(!unhashed::exists(&deactivation_key(who))).then_some(*who)
	}

	fn valid_credential(
		who: &AccountId,
		schema: SchemaId,
		_issued_before: Option<BlockNumber>,
		scope: Option<ScopeCode>,
	) -> Option<Credential<u64, BlockNumber>> {
		let held: Held = unhashed::get(&credential_key(who, schema))?;
		let valid = !held.revoked && (scope.is_none() || scope == held.scope);
		valid.then_some(Credential {
			subject: held.did,
			issuer: 0,
			issued_at: 0,
			scope: held.scope,
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn issue_for_benchmark(who: &AccountId, schema: SchemaId, scope: Option<ScopeCode>) {
		give_credential(*who, schema, scope);
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn revoke_for_benchmark(who: &AccountId, schema: SchemaId) {
		revoke_credential(*who, schema);
	}
}

fn device_key(key: &PublicKey) -> Vec<u8> {
	(b"mock-device", key).encode()
}

/// The meter of `who`: a key derived from the account number.
pub fn meter_of(who: AccountId) -> PublicKey {
	let mut bytes = [0u8; 32];
	bytes[..8].copy_from_slice(&who.to_le_bytes());
	PublicKey::Sr25519(sr25519::Public::from_raw(bytes))
}

/// Registers `key` as an active device of `kind` owned by the DID `owner`.
pub fn register_device(key: PublicKey, owner: u64, kind: DeviceKind) {
	unhashed::put(&device_key(&key), &(owner, kind as u8));
}

pub fn revoke_device(key: PublicKey) {
	unhashed::kill(&device_key(&key));
}

/// The device register the DID pallet keeps in the runtime.
pub struct MockDevices;

impl DeviceRegistry<u64> for MockDevices {
	fn active_device(key: &PublicKey) -> Option<DeviceInfo<u64>> {
		let (owner, kind): (u64, u8) = unhashed::get(&device_key(key))?;
		let kind = if kind == DeviceKind::ElectricityMeter as u8 {
			DeviceKind::ElectricityMeter
		} else {
			DeviceKind::Other
		};
		Some(DeviceInfo { owner, kind })
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmark(key: PublicKey, kind: DeviceKind) -> u64 {
		register_device(key, 0, kind);
		0
	}
}

fn interval_key(meter: &PublicKey, metric: MetricId, interval: IntervalIndex) -> Vec<u8> {
	(b"mock-interval", meter, metric, interval).encode()
}

/// Records `wh` as `meter`'s energy of `metric` in `slot`, as the sensor oracle would.
pub fn record(meter: PublicKey, metric: MetricId, slot: SlotIndex, wh: i64) {
	let summary = IntervalSummary::of(wh);
	unhashed::put(&interval_key(&meter, metric, slot), &summary);
}

/// The sensor oracle's interval summaries.
pub struct MockMeters;

impl MeterReadings for MockMeters {
	fn interval_length_ms() -> u64 {
		INTERVAL
	}

	fn interval(
		device: &PublicKey,
		metric: MetricId,
		interval: IntervalIndex,
	) -> Option<IntervalSummary> {
		unhashed::get(&interval_key(device, metric, interval))
	}
}

#[cfg(feature = "runtime-benchmarks")]
pub struct MockHelper;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<Test> for MockHelper {
	fn set_time(now: u64) {
		pallet_timestamp::Now::<Test>::put(now);
	}

	fn record_interval(meter: &PublicKey, metric: MetricId, interval: SlotIndex, wh: u64) {
		record(*meter, metric, interval, wh as i64);
	}

	fn account_of(did: &u64) -> AccountId {
		*did
	}

	fn set_generator_schemas(schemas: Vec<(SchemaId, EnergySource)>) {
		GeneratorSchemas::set(&schemas);
	}
}

pub fn rules() -> MarketRules<Test> {
	MarketRules {
		gate_closure_ms: GATE_CLOSURE,
		settlement_delay_ms: SETTLEMENT_DELAY,
		price_cap: PRICE_CAP,
		imbalance_price: IMBALANCE_PRICE,
	}
}

/// A zone whose grid can bring in or take out 10 kWh a slot; retail 300 and feed-in 100 a kWh.
pub fn zone() -> Zone<Test> {
	Zone {
		operator: OPERATOR,
		import_capacity_wh: 10_000,
		export_capacity_wh: 10_000,
		retail_price: 300,
		feed_in_tariff: 100,
		grid_fee: 20,
	}
}

/// Participants ALICE, BOB, CHARLIE, DAVE (and PAUPER, with little money) joined `ZONE`
/// with a meter each; ALICE is a solar generator. The zone and the rules are set, the clock is at the start of `NOW_SLOT`.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [ALICE, BOB, CHARLIE, DAVE, OUTSIDER, OPERATOR, OTHER_OPERATOR]
			.into_iter()
			.map(|who| (who, ENDOWMENT))
			.chain([(PAUPER, 100)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_energy_market::GenesisConfig::<Test> {
		rules: Some((GATE_CLOSURE, SETTLEMENT_DELAY, PRICE_CAP.into(), IMBALANCE_PRICE.into())),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	// Benchmarks sign device orders with keys they generate.
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| {
		System::set_block_number(1);
		set_time(u64::from(NOW_SLOT) * INTERVAL);
		crate::Zones::<Test>::insert(ZONE, zone());
		crate::ZoneCount::<Test>::put(1);
		for who in [ALICE, BOB, CHARLIE, DAVE, PAUPER] {
			give_credential(who, PARTICIPANT, Some(ZONE));
			register_device(meter_of(who), who, DeviceKind::ElectricityMeter);
		}
		give_credential(ALICE, SOLAR_GENERATOR, None);
		register_device(meter_of(OUTSIDER), OUTSIDER, DeviceKind::ElectricityMeter);
		for who in [ALICE, BOB, CHARLIE, DAVE, PAUPER] {
			EnergyMarket::join(RuntimeOrigin::signed(who), ZONE, false)
				.expect("a participant joins");
		}
		System::reset_events();
	});
	ext
}

/// Runs `test` and then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		EnergyMarket::do_try_state().expect("invariants hold");
	});
}

pub fn set_time(now: u64) {
	pallet_timestamp::Now::<Test>::put(now);
}

/// Moves the clock to `now` and runs the next block's `on_initialize` (clearing).
pub fn next_block_at(now: u64) {
	set_time(now);
	let block = System::block_number() + 1;
	System::set_block_number(block);
	EnergyMarket::on_initialize(block);
}

/// Moves the clock past `slot`'s gate closure and clears its books.
pub fn close_gate(slot: SlotIndex) {
	next_block_at(EnergyMarket::slot_start(slot) - GATE_CLOSURE);
}

/// Moves the clock to when `slot`'s settlement opens.
pub fn open_settlement(slot: SlotIndex) {
	set_time(EnergyMarket::slot_start(slot + 1) + SETTLEMENT_DELAY);
}

/// Runs `on_idle` with `weight` to spare.
pub fn idle(weight: Weight) -> Weight {
	EnergyMarket::on_idle(System::block_number(), weight)
}

pub fn events() -> Vec<pallet_energy_market::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::EnergyMarket(event) => Some(event),
			_ => None,
		})
		.collect()
}

pub fn last_event() -> pallet_energy_market::Event<Test> {
	events().pop().expect("an event was deposited")
}
