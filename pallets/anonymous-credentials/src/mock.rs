//! A test runtime: System, Timestamp, Balances and the anonymous credentials pallet, with
//! `polis-mocks` standing in for the DID pallet's credentials.

use crate as pallet_anonymous_credentials;
use codec::Encode;
use frame_support::{derive_impl, parameter_types};
use polis_mocks::MockCredentials;
use polis_primitives::{
	anonymity::{membership_key, secret_from_seed},
	MembershipKey, SchemaId,
};
use sp_runtime::BuildStorage;

pub use polis_mocks::{give_credential, AccountId};
pub type Balance = u64;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		Anonymity: pallet_anonymous_credentials,
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

/// The schema of the tests' credential, and another one.
pub const BENEFICIARY: SchemaId = 3;
pub const OTHER_SCHEMA: SchemaId = 4;
/// The district the tests' holders' credentials carry.
pub const DISTRICT: polis_primitives::ScopeCode = 5;
pub const DEPOSIT: Balance = 10;
pub const ENDOWMENT: Balance = 1_000;
pub const MIN_RING: u32 = 3;
/// Holders 1 to 6 of a beneficiary credential for `DISTRICT`, with money.
pub const HOLDERS: [AccountId; 6] = [1, 2, 3, 4, 5, 6];
/// Holds a beneficiary credential of another district.
pub const NEIGHBOUR: AccountId = 7;
/// Holds no credential.
pub const OUTSIDER: AccountId = 8;
/// When the tests start, in ms.
pub const START: u64 = 1_000_000;

parameter_types! {
	pub const Deposit: Balance = DEPOSIT;
	pub const MinRingSize: u32 = MIN_RING;
}

impl pallet_anonymous_credentials::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DidId = AccountId;
	type Credentials = MockCredentials;
	type Time = Timestamp;
	type Deposit = Deposit;
	type MinRingSize = MinRingSize;
	type WeightInfo = ();
}

/// The secret of `who`'s membership key (generation `generation`).
pub fn secret_of(who: AccountId, generation: u8) -> [u8; 32] {
	secret_from_seed(&(who, generation).encode())
}

pub fn key_of(who: AccountId, generation: u8) -> MembershipKey {
	membership_key(&secret_of(who, generation)).expect("a derived secret is a scalar")
}

pub fn set_time(now: u64) {
	pallet_timestamp::Now::<Test>::put(now);
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let funded = HOLDERS.iter().chain([NEIGHBOUR, OUTSIDER].iter());
	pallet_balances::GenesisConfig::<Test> {
		balances: funded.map(|who| (*who, ENDOWMENT)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		set_time(START);
		for holder in HOLDERS {
			give_credential(holder, BENEFICIARY, Some(DISTRICT));
		}
		give_credential(NEIGHBOUR, BENEFICIARY, Some(DISTRICT + 1));
	});
	ext
}

/// Runs `test` in a fresh chain, then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Anonymity::do_try_state().expect("invariants hold");
	});
}

pub fn last_event() -> pallet_anonymous_credentials::Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Anonymity(event) => Some(event),
			_ => None,
		})
		.expect("an event was deposited")
}
