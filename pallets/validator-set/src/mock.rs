//! A test runtime: System and the validator-set pallet, with Root as the manager and a session
//! stand-in whose genesis validators are 1 to 4.

use crate as pallet_validator_set;
use frame_support::{
	derive_impl,
	traits::{ConstU32, ValidatorRegistration, ValidatorSet as SessionValidators},
};
use frame_system::EnsureRoot;
use sp_runtime::{traits::ConvertInto, BuildStorage};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		ValidatorSet: pallet_validator_set,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

pub const GENESIS_VALIDATORS: [AccountId; 4] = [1, 2, 3, 4];
/// An account that never registered session keys.
pub const WITHOUT_KEYS: AccountId = 99;

/// The session pallet as the validator set sees it.
pub struct MockSession;

impl SessionValidators<AccountId> for MockSession {
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;

	fn session_index() -> u32 {
		0
	}

	fn validators() -> Vec<AccountId> {
		GENESIS_VALIDATORS.to_vec()
	}
}

impl ValidatorRegistration<AccountId> for MockSession {
	fn is_registered(who: &AccountId) -> bool {
		*who != WITHOUT_KEYS
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockSession {
	fn register_keys(_: &AccountId) {}
}

impl pallet_validator_set::Config for Test {
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Session = MockSession;
	type MinValidators = ConstU32<2>;
	type MaxValidators = ConstU32<6>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockSession;
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` and then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		ValidatorSet::do_try_state().expect("invariants hold");
	});
}

pub fn last_event() -> pallet_validator_set::Event<Test> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::ValidatorSet(event) => Some(event),
			_ => None,
		})
		.next_back()
		.expect("an event was deposited")
}
