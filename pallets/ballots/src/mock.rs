//! A test runtime: System, Balances, Preimage, Scheduler and the ballots pallet, with Root or a
//! binding ballot's `CitizenBallot` origin as the election authority (so residents can decide
//! to hold a ballot), and a credential register standing in for the DID pallet.

use crate as pallet_ballots;
use codec::{Decode, Encode};
use frame_support::{
	derive_impl, parameter_types,
	storage::unhashed,
	traits::{ConstU32, EitherOfDiverse, EqualPrivilegeOnly},
	weights::Weight,
};
use frame_system::EnsureRoot;
use polis_primitives::{Credential, CredentialCheck, SchemaId, ScopeCode};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;
pub type BlockNumber = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Preimage: pallet_preimage,
		Scheduler: pallet_scheduler,
		Ballots: pallet_ballots,
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

impl pallet_preimage::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}

/// The scheduler runs at most this many tasks a block; the rest wait.
pub const MAX_SCHEDULED_PER_BLOCK: u32 = 10;

parameter_types! {
	pub MaximumSchedulerWeight: Weight = Weight::from_parts(1_000_000_000_000, u64::MAX);
	pub const MaxProposalWeight: Weight = Weight::from_parts(1_000_000_000, 1_000_000);
}

impl pallet_scheduler::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<MAX_SCHEDULED_PER_BLOCK>;
	type WeightInfo = ();
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

pub const VOTE_DEPOSIT: Balance = 10;
pub const MIN_ENACTMENT_DELAY: BlockNumber = 2;
pub const MAX_PROPOSAL_LENGTH: u32 = 1_024;
pub const AUDIT_PERIOD: BlockNumber = 10;

parameter_types! {
	pub const VoteDeposit: Balance = VOTE_DEPOSIT;
	pub const AuditPeriod: BlockNumber = AUDIT_PERIOD;
	pub const MinEnactmentDelay: BlockNumber = MIN_ENACTMENT_DELAY;
}

impl pallet_ballots::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AuthorityOrigin =
		EitherOfDiverse<EnsureRoot<AccountId>, pallet_ballots::EnsureCitizenBallot>;
	type DidId = u64;
	type Credentials = MockCredentials;
	type VoteDeposit = VoteDeposit;
	type MaxTitleLength = ConstU32<32>;
	type MaxOptionLength = ConstU32<16>;
	type MaxOptions = ConstU32<8>;
	type MaxRankedCandidates = ConstU32<5>;
	type AuditPeriod = AuditPeriod;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type Scheduler = Scheduler;
	type Preimages = Preimage;
	type MaxProposalLength = ConstU32<MAX_PROPOSAL_LENGTH>;
	type MaxProposalWeight = MaxProposalWeight;
	type MinEnactmentDelay = MinEnactmentDelay;
	type WeightInfo = ();
}

/// A credential in the mock register: the holder's DID, its schema, when it was issued, its
/// district, and whether it was revoked.
#[derive(Encode, Decode)]
struct Held {
	did: u64,
	schema: SchemaId,
	issued_at: BlockNumber,
	scope: Option<ScopeCode>,
	revoked: bool,
}

fn register_key(who: &AccountId) -> Vec<u8> {
	(b"mock-credential", who).encode()
}

/// Gives `who`, acting for `did`, a credential of `schema` issued in the current block.
pub fn give_credential(who: AccountId, did: u64, schema: SchemaId, scope: Option<ScopeCode>) {
	let issued_at = System::block_number();
	unhashed::put(&register_key(&who), &Held { did, schema, issued_at, scope, revoked: false });
}

pub fn revoke_credential(who: AccountId) {
	let mut held: Held = unhashed::get(&register_key(&who)).expect("a credential was given");
	held.revoked = true;
	unhashed::put(&register_key(&who), &held);
}

/// The credential register the DID pallet keeps in the runtime.
pub struct MockCredentials;

impl CredentialCheck<AccountId, BlockNumber> for MockCredentials {
	type DidId = u64;

	fn did_of(who: &AccountId) -> Option<u64> {
		unhashed::get::<Held>(&register_key(who)).map(|held| held.did)
	}

	fn valid_credential(
		who: &AccountId,
		schema: SchemaId,
		issued_before: Option<BlockNumber>,
		scope: Option<ScopeCode>,
	) -> Option<Credential<u64, BlockNumber>> {
		let held: Held = unhashed::get(&register_key(who))?;
		let valid = !held.revoked
			&& held.schema == schema
			&& issued_before.is_none_or(|before| held.issued_at < before)
			&& (scope.is_none() || scope == held.scope);
		valid.then_some(Credential {
			subject: held.did,
			issuer: 0,
			issued_at: held.issued_at,
			scope: held.scope,
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn issue_for_benchmark(who: &AccountId, schema: SchemaId, scope: Option<ScopeCode>) {
		give_credential(*who, *who, schema, scope);
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn revoke_for_benchmark(who: &AccountId, _: SchemaId) {
		revoke_credential(*who);
	}
}

/// Residents with a DID each (their account number), a second account of Alice's that acts
/// for her DID, and an account with too little money for a deposit.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const EVE: AccountId = 5;
pub const ALICE_SECOND_ACCOUNT: AccountId = 101;
pub const PAUPER: AccountId = 9;
pub const ENDOWMENT: Balance = 1_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [ALICE, BOB, CHARLIE, DAVE, EVE, ALICE_SECOND_ACCOUNT]
			.into_iter()
			.map(|who| (who, ENDOWMENT))
			.chain([(PAUPER, 5)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` and then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Ballots::do_try_state().expect("invariants hold");
	});
}

pub fn events() -> Vec<pallet_ballots::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Ballots(event) => Some(event),
			_ => None,
		})
		.collect()
}

pub fn last_event() -> pallet_ballots::Event<Test> {
	events().pop().expect("an event was deposited")
}

pub fn advance_to(block: BlockNumber) {
	System::set_block_number(block);
}

/// Runs blocks up to `block` with the scheduler's hooks, so that tasks due by then run.
pub fn run_to(block: BlockNumber) {
	use frame_support::traits::Hooks;
	while System::block_number() < block {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Scheduler::on_initialize(next);
	}
}
