//! A test runtime: System, Timestamp, Balances and the sensor oracle, with Root as the metric
//! governance and a device register standing in for the DID pallet.

use crate::{self as pallet_sensor_oracle, Reading, SignedReading};
use codec::Encode;
use frame_support::{assert_ok, derive_impl, parameter_types, storage::unhashed, traits::ConstU32};
use frame_system::EnsureRoot;
use polis_primitives::{
	DeviceInfo, DeviceKind, DeviceRegistry, MetricId, OnDeviceRevoked, OnReading, PublicKey,
};
use sp_core::{ed25519, sr25519, Pair};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{
	testing::{TestSignature, UintAuthorityId},
	BuildStorage, MultiSignature,
};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;
pub type BlockNumber = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		SensorOracle: pallet_sensor_oracle,
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

pub const OWNER: AccountId = 1;
pub const OTHER: AccountId = 2;
pub const GATEWAY_OWNER: AccountId = 3;
pub const SUBMITTER: AccountId = 4;
pub const PAUPER: AccountId = 5;
#[cfg(feature = "runtime-benchmarks")]
pub const BENCHMARK_DEVICE_OWNER: AccountId = 100;
pub const ENDOWMENT: Balance = 1_000;

pub const FEED_DEPOSIT: Balance = 10;
pub const MARK_DEPOSIT: Balance = 3;
pub const ANCHOR_DEPOSIT: Balance = 20;
/// 15 minutes.
pub const INTERVAL: u64 = 900_000;
pub const MAX_INTERVALS: u32 = 3;
pub const MAX_FEEDS_PER_DEVICE: u32 = 3;
/// One hour.
pub const MAX_AGE: u64 = 3_600_000;
/// One minute.
pub const MAX_DRIFT: u64 = 60_000;
pub const MAX_READINGS: u32 = 8;
pub const ANCHOR_RETENTION: BlockNumber = 10;
/// The chain's clock when a test starts: the start of an interval.
pub const NOW: u64 = 2_000_000 * INTERVAL;

/// Energy imported in watt-hours: no alerts.
pub const ENERGY: MetricId = 1;
/// Fine particulate matter in 0.1 µg/m³: an alert above 50.
pub const PM25: MetricId = 2;
/// Temperature in 0.1 °C: alerts below -100 and above 400.
pub const TEMPERATURE: MetricId = 3;
/// Registered but used by no feed.
pub const NOISE: MetricId = 4;

parameter_types! {
	pub const FeedDeposit: Balance = FEED_DEPOSIT;
	pub const MarkDeposit: Balance = MARK_DEPOSIT;
	pub const AnchorDeposit: Balance = ANCHOR_DEPOSIT;
	pub const IntervalLength: u64 = INTERVAL;
	pub const MaxReadingAge: u64 = MAX_AGE;
	pub const MaxClockDrift: u64 = MAX_DRIFT;
	pub const AnchorRetention: BlockNumber = ANCHOR_RETENTION;
}

pub type Extrinsic = sp_runtime::testing::TestXt<RuntimeCall, ()>;

impl frame_system::offchain::SigningTypes for Test {
	type Public = UintAuthorityId;
	type Signature = TestSignature;
}

impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	type RuntimeCall = RuntimeCall;
	type Extrinsic = Extrinsic;
}

impl<LocalCall> frame_system::offchain::CreateSignedTransaction<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	fn create_signed_transaction<
		C: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>,
	>(
		call: RuntimeCall,
		_public: UintAuthorityId,
		account: AccountId,
		_nonce: u32,
	) -> Option<Extrinsic> {
		Some(Extrinsic::new_signed(call, account, (), ()))
	}
}

/// The off-chain worker's key in tests: the account number is the key.
pub struct TestSubmitter;

impl frame_system::offchain::AppCrypto<UintAuthorityId, TestSignature> for TestSubmitter {
	type RuntimeAppPublic = UintAuthorityId;
	type GenericPublic = UintAuthorityId;
	type GenericSignature = TestSignature;
}

impl pallet_sensor_oracle::Config for Test {
	type SubmitterId = TestSubmitter;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MetricOrigin = EnsureRoot<AccountId>;
	type Devices = MockDevices;
	type Time = Timestamp;
	type OnReading = RecordReadings;
	type FeedDeposit = FeedDeposit;
	type MarkDeposit = MarkDeposit;
	type AnchorDeposit = AnchorDeposit;
	type IntervalLength = IntervalLength;
	type MaxIntervalsPerFeed = ConstU32<MAX_INTERVALS>;
	type MaxFeedsPerDevice = ConstU32<MAX_FEEDS_PER_DEVICE>;
	type MaxReadingAge = MaxReadingAge;
	type MaxClockDrift = MaxClockDrift;
	type MaxReadingsPerCall = ConstU32<MAX_READINGS>;
	type MaxMetricName = ConstU32<32>;
	type AnchorRetention = AnchorRetention;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SetTimestamp;
}

/// Sets the clock of the test chain for benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct SetTimestamp;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for SetTimestamp {
	fn set_time(now: u64) {
		pallet_timestamp::Now::<Test>::put(now);
	}
}

fn device_key(key: &PublicKey) -> Vec<u8> {
	(b"mock-device", key).encode()
}

/// Registers `key` as an active device of `owner`; a device registered before is removed
/// first, as the DID pallet would, telling the oracle if it was active.
pub fn register_device(key: PublicKey, owner: AccountId, kind: DeviceKind) {
	if MockDevices::active_device(&key).is_some() {
		SensorOracle::device_revoked(&key);
	}
	unhashed::put(&device_key(&key), &(owner, kind, true));
}

/// Revokes a registered device, telling the oracle as the DID pallet does.
pub fn revoke_device(key: PublicKey) {
	let (owner, kind, _) = unhashed::get::<(AccountId, DeviceKind, bool)>(&device_key(&key))
		.expect("revoking a registered device");
	unhashed::put(&device_key(&key), &(owner, kind, false));
	SensorOracle::device_revoked(&key);
}

/// The device register the DID pallet keeps in the runtime.
pub struct MockDevices;

impl DeviceRegistry<AccountId> for MockDevices {
	fn active_device(key: &PublicKey) -> Option<DeviceInfo<AccountId>> {
		unhashed::get::<(AccountId, DeviceKind, bool)>(&device_key(key))
			.filter(|(_, _, active)| *active)
			.map(|(owner, kind, _)| DeviceInfo { owner, kind })
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmark(key: PublicKey, kind: DeviceKind) -> AccountId {
		register_device(key, BENCHMARK_DEVICE_OWNER, kind);
		BENCHMARK_DEVICE_OWNER
	}
}

const SEEN: &[u8] = b"mock-readings-seen";

/// Records every reading it is told of, for the tests to read back.
pub struct RecordReadings;

impl OnReading<AccountId> for RecordReadings {
	fn on_reading(device: &PublicKey, owner: &AccountId, metric: MetricId, value: i64, _: u64) {
		let mut seen = readings_seen();
		seen.push((*device, *owner, metric, value));
		unhashed::put(SEEN, &seen);
	}
}

/// What `OnReading` was told, in order.
pub fn readings_seen() -> Vec<(PublicKey, AccountId, MetricId, i64)> {
	unhashed::get(SEEN).unwrap_or_default()
}

/// A device with its signing key, derived from a seed when needed.
pub struct Device {
	seed: &'static str,
	scheme: Scheme,
}

enum Scheme {
	Sr25519,
	Ed25519,
}

impl Device {
	pub fn sr(seed: &'static str) -> Self {
		Self { seed, scheme: Scheme::Sr25519 }
	}

	pub fn ed(seed: &'static str) -> Self {
		Self { seed, scheme: Scheme::Ed25519 }
	}

	pub fn key(&self) -> PublicKey {
		match self.scheme {
			Scheme::Sr25519 => PublicKey::Sr25519(self.sr_pair().public()),
			Scheme::Ed25519 => PublicKey::Ed25519(self.ed_pair().public()),
		}
	}

	pub fn sign_bytes(&self, message: &[u8]) -> MultiSignature {
		match self.scheme {
			Scheme::Sr25519 => self.sr_pair().sign(message).into(),
			Scheme::Ed25519 => self.ed_pair().sign(message).into(),
		}
	}

	fn sr_pair(&self) -> sr25519::Pair {
		sr25519::Pair::from_string(self.seed, None).unwrap()
	}

	fn ed_pair(&self) -> ed25519::Pair {
		ed25519::Pair::from_string(self.seed, None).unwrap()
	}

	/// The reading, signed as the chain expects.
	pub fn sign(&self, metric: MetricId, value: i64, timestamp: u64) -> SignedReading {
		let reading = Reading { metric, value, timestamp };
		let message = SensorOracle::reading_message(&self.key(), &reading);
		SignedReading { device: self.key(), reading, signature: self.sign_bytes(&message) }
	}
}

/// OWNER's electricity meter, with an open ENERGY feed.
pub fn meter() -> Device {
	Device::sr("//Meter")
}

/// OWNER's air-quality sensor (ed25519), with open PM25 and TEMPERATURE feeds.
pub fn air_sensor() -> Device {
	Device::ed("//AirSensor")
}

/// OWNER's second meter, registered but without feeds.
pub fn idle_meter() -> Device {
	Device::sr("//IdleMeter")
}

/// GATEWAY_OWNER's gateway.
pub fn gateway() -> Device {
	Device::sr("//Gateway")
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [OWNER, OTHER, GATEWAY_OWNER, SUBMITTER]
			.into_iter()
			.map(|who| (who, ENDOWMENT))
			.chain([(PAUPER, 2)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_sensor_oracle::GenesisConfig::<Test> {
		metrics: vec![
			(ENERGY, b"energy-import-wh".to_vec(), 0, 1_000_000, None, None),
			(PM25, b"pm2.5-0.1ug-m3".to_vec(), 0, 10_000, None, Some(50)),
			(TEMPERATURE, b"temperature-0.1c".to_vec(), -500, 600, Some(-100), Some(400)),
			(NOISE, b"noise-0.1db".to_vec(), 0, 2_000, None, None),
		],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| {
		// What a chain's genesis does beside the pallets' genesis configs: puts each pallet's
		// storage version.
		<SensorOracle as frame_support::traits::OnGenesis>::on_genesis();
		System::set_block_number(1);
		Timestamp::set_timestamp(NOW);
		register_device(meter().key(), OWNER, DeviceKind::ElectricityMeter);
		register_device(air_sensor().key(), OWNER, DeviceKind::AirQuality);
		register_device(idle_meter().key(), OWNER, DeviceKind::ElectricityMeter);
		register_device(gateway().key(), GATEWAY_OWNER, DeviceKind::Gateway);
		assert_ok!(SensorOracle::open_feed(RuntimeOrigin::signed(OWNER), meter().key(), ENERGY));
		for metric in [PM25, TEMPERATURE] {
			assert_ok!(SensorOracle::open_feed(
				RuntimeOrigin::signed(OWNER),
				air_sensor().key(),
				metric
			));
		}
		System::reset_events();
	});
	ext
}

/// Runs `test` in a fresh test chain, then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		SensorOracle::do_try_state().expect("invariants hold");
	});
}

/// Moves the chain's clock to `now` (ms) and the block number on by one.
pub fn set_time(now: u64) {
	System::set_block_number(System::block_number() + 1);
	pallet_timestamp::Now::<Test>::put(now);
}
