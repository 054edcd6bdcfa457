//! Configuration of every pallet in the runtime.

use codec::Encode;
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		fungible::HoldConsideration, ConstBool, ConstU128, ConstU32, ConstU64, ConstU8,
		EitherOfDiverse, EqualPrivilegeOnly, LinearStoragePrice, VariantCountOf,
	},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, ConstantMultiplier, IdentityFee, Weight},
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureRoot,
};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use polis_primitives::EnsureCredential;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{
	generic,
	traits::{ConvertInto, OpaqueKeys, Verify},
	FixedPointNumber, MultiAddress, Perbill, Perquintill,
};
use sp_version::RuntimeVersion;

use super::{
	currency::{deposit, EXISTENTIAL_DEPOSIT, MICRO_UNIT, MILLI_UNIT, UNIT},
	time::{DAYS, HOURS},
	AccountId, AnonymousCredentials, Aura, Balance, Balances, Block, BlockNumber, CarbonCredits,
	Council, Did, EnergyMarket, Hash, LandRegistry, MultiBlockMigrations, Nonce, OriginCaller,
	PalletInfo, Preimage, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason,
	RuntimeHoldReason, RuntimeOrigin, RuntimeTask, Scheduler, SensorOracle, Session, SessionKeys,
	Signature, SignedPayload, System, TechnicalCommittee, Timestamp, TxExtension,
	UncheckedExtrinsic, ValidatorSet, SS58_PREFIX, VERSION,
};
use crate::weights;

/// Share of a block's weight and length that ordinary (`Normal`) transactions may use; the rest
/// stays free for operational transactions, so governance can always act under load.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Two seconds of compute per 6 s block.
const MAXIMUM_BLOCK_WEIGHT: Weight =
	Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX);

/// Most validators may be authorities at once; bounds the authority lists of Aura and GRANDPA.
pub const MAX_AUTHORITIES: u32 = 100;

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;

	/// Two seconds of compute per 6 s block, leaving time to gossip and import; the base costs
	/// of a block and of an extrinsic as measured for this runtime (`benchmark overhead`).
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(weights::BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |class| {
			class.base_extrinsic = weights::ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |class| {
			class.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |class| {
			class.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			class.reserved = Some(MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.avg_block_initialization(Perbill::from_percent(10))
		.build_or_panic();
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
		.build();
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// Measured on ParityDB, the node's database (`benchmark storage`).
	type DbWeight = weights::ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	type MultiBlockMigrator = MultiBlockMigrations;
	/// Every transaction pays for the checks of its extensions, measured on this runtime.
	type ExtensionsWeightInfo = weights::frame_system_extensions::WeightInfo<Runtime>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ super::time::SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// Blocks fuller than this raise the fee multiplier, emptier ones lower it.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast the multiplier reacts to congestion.
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(75, 1_000_000);
	/// Fees never fall below a tenth of the base, so spam stays costly on an idle chain.
	pub MinimumMultiplier: Multiplier = Multiplier::saturating_from_rational(1, 10);
	pub MaximumMultiplier: Multiplier = <Multiplier as sp_runtime::traits::Bounded>::max_value();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = ConstantMultiplier<Balance, ConstU128<{ MICRO_UNIT / 100 }>>;
	type FeeMultiplierUpdate = TargetedFeeAdjustment<
		Self,
		TargetBlockFullness,
		AdjustmentVariable,
		MinimumMultiplier,
		MaximumMultiplier,
	>;
	type WeightInfo = weights::pallet_transaction_payment::WeightInfo<Runtime>;
}

/// `pallet_transaction_payment`'s benchmark needs no set-up: fees are burnt, not paid to an
/// author.
#[cfg(feature = "runtime-benchmarks")]
impl pallet_transaction_payment::BenchmarkConfig for Runtime {}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

/// The city council's collective.
pub type CouncilCollective = pallet_collective::Instance1;
/// The technical committee's collective.
pub type TechnicalCollective = pallet_collective::Instance2;

/// Root: sudo on development chains; on a production chain, only a call the technical
/// committee whitelisted and the council dispatched.
type Root = EnsureRoot<AccountId>;

/// Root, or a motion of more than half the council.
pub type CouncilMajority = EitherOfDiverse<
	Root,
	pallet_collective::EnsureProportionMoreThan<AccountId, CouncilCollective, 1, 2>,
>;

/// Root, or a motion of at least two thirds of the council.
pub type CouncilSupermajority = EitherOfDiverse<
	Root,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
>;

/// Root, or a motion of more than half the technical committee.
pub type TechnicalMajority = EitherOfDiverse<
	Root,
	pallet_collective::EnsureProportionMoreThan<AccountId, TechnicalCollective, 1, 2>,
>;

/// A council majority, or the residents through a binding ballot.
pub type CouncilOrResidents = EitherOfDiverse<CouncilMajority, pallet_ballots::EnsureCitizenBallot>;

parameter_types! {
	/// Three days for a motion, after which any member may close it.
	pub const CouncilMotionDuration: BlockNumber = 3 * DAYS;
	/// A day for the technical committee: it acts on upgrades and emergencies.
	pub const TechnicalMotionDuration: BlockNumber = DAYS;
	/// A motion may weigh at most half a block.
	pub MaxMotionWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
	/// Held from a member for each open motion: the motion's record and its call.
	pub const MotionDeposit: Balance = deposit(1, 1_024);
}

/// Held while a council member's motion is open.
pub type CouncilMotionDeposit = HoldConsideration<
	AccountId,
	Balances,
	CouncilHoldReason,
	pallet_collective::deposit::Constant<MotionDeposit>,
	u32,
>;

/// Held while a technical committee member's motion is open.
pub type TechnicalMotionDeposit = HoldConsideration<
	AccountId,
	Balances,
	TechnicalHoldReason,
	pallet_collective::deposit::Constant<MotionDeposit>,
	u32,
>;

parameter_types! {
	pub const CouncilHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Council(pallet_collective::HoldReason::ProposalSubmission);
	pub const TechnicalHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::TechnicalCommittee(pallet_collective::HoldReason::ProposalSubmission);
}

/// The city council: appoints registrars, trusts credential issuers, sets the markets' and
/// registries' rules, and dispatches what the technical committee whitelisted.
impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<COUNCIL_MAX_MEMBERS>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = weights::pallet_collective::WeightInfo<Runtime>;
	// Membership is the membership pallet's to change: a direct `set_members` would leave the
	// membership pallet's list (and the prime it sets) out of step with the collective's.
	type SetMembersOrigin = frame_support::traits::NeverEnsureOrigin<()>;
	type MaxProposalWeight = MaxMotionWeight;
	type DisapproveOrigin = CouncilSupermajority;
	type KillOrigin = CouncilSupermajority;
	type Consideration = CouncilMotionDeposit;
}

/// The technical committee: validator changes, and the runtime upgrades and emergency calls
/// it whitelists for the council to dispatch.
impl pallet_collective::Config<TechnicalCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = TechnicalMotionDuration;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<TECHNICAL_MAX_MEMBERS>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = weights::pallet_collective::WeightInfo<Runtime>;
	// The technical membership pallet's to change, as the council's.
	type SetMembersOrigin = frame_support::traits::NeverEnsureOrigin<()>;
	type MaxProposalWeight = MaxMotionWeight;
	type DisapproveOrigin = CouncilSupermajority;
	type KillOrigin = CouncilSupermajority;
	type Consideration = TechnicalMotionDeposit;
}

/// Most members of the council.
pub const COUNCIL_MAX_MEMBERS: u32 = 50;
/// Most members of the technical committee.
pub const TECHNICAL_MAX_MEMBERS: u32 = 20;

/// Who sits on the council: changed by a two-thirds motion of the council, or replaced as a
/// whole by the residents in a binding ballot (an election whose proposal is the new list).
impl pallet_membership::Config<pallet_membership::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = CouncilSupermajority;
	type RemoveOrigin = CouncilSupermajority;
	type SwapOrigin = CouncilSupermajority;
	type ResetOrigin = EitherOfDiverse<CouncilSupermajority, pallet_ballots::EnsureCitizenBallot>;
	type PrimeOrigin = CouncilSupermajority;
	type MembershipInitialized = Council;
	type MembershipChanged = Council;
	type MaxMembers = ConstU32<COUNCIL_MAX_MEMBERS>;
	type WeightInfo = weights::pallet_membership::WeightInfo<Runtime>;
}

/// Who sits on the technical committee: the council decides.
impl pallet_membership::Config<pallet_membership::Instance2> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = CouncilMajority;
	type RemoveOrigin = CouncilMajority;
	type SwapOrigin = CouncilMajority;
	type ResetOrigin = CouncilMajority;
	type PrimeOrigin = CouncilMajority;
	type MembershipInitialized = TechnicalCommittee;
	type MembershipChanged = TechnicalCommittee;
	type MaxMembers = ConstU32<TECHNICAL_MAX_MEMBERS>;
	type WeightInfo = weights::pallet_membership::WeightInfo<Runtime>;
}

parameter_types! {
	/// A stored preimage: its status record.
	pub const PreimageBaseDeposit: Balance = deposit(2, 64);
	/// Each byte of the preimage.
	pub const PreimageByteDeposit: Balance = deposit(0, 1);
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
}

/// Calls stored by hash for motions, binding ballots and the scheduler; whoever notes one holds
/// a deposit for its bytes until it is unnoted.
impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = weights::pallet_preimage::WeightInfo<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = Root;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

parameter_types! {
	/// Scheduled calls may take most of a block.
	pub MaximumSchedulerWeight: Weight =
		Perbill::from_percent(80) * RuntimeBlockWeights::get().max_block;
}

/// Dispatches calls at a later block: binding ballots' enactments among them.
impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	type ScheduleOrigin = Root;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = weights::pallet_scheduler::WeightInfo<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

parameter_types! {
	/// How long a whitelisted call may wait for the council's dispatch.
	pub const WhitelistExpiration: BlockNumber = 7 * DAYS;
}

/// Root without sudo: the technical committee whitelists a call (a runtime upgrade, an
/// emergency fix) and the council dispatches it as Root.
impl pallet_whitelist::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WhitelistOrigin = TechnicalMajority;
	type DispatchWhitelistedOrigin = CouncilMajority;
	type Preimages = Preimage;
	type DeferredDispatchExpiration = WhitelistExpiration;
	type BlockNumberProvider = System;
	type WeightInfo = weights::pallet_whitelist::WeightInfo<Runtime>;
}

parameter_types! {
	/// A block's weight for migrations that span blocks: the chain takes no transactions while
	/// they run, so they may use most of it.
	pub MultiBlockMigrationWeight: Weight =
		Perbill::from_percent(80) * RuntimeBlockWeights::get().max_block;
}

/// Multi-block migrations: run over the blocks after a runtime upgrade, one step a block, while
/// the chain takes only inherents. A migration that fails freezes the chain for governance to
/// mend (`FreezeChainOnFailedMigration`).
impl pallet_migrations::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	#[cfg(not(feature = "runtime-benchmarks"))]
	type Migrations = (pallet_sensor_oracle::migrations::v1::FeedLatestInterval<Runtime>,);
	// The pallet's benchmarks run migrations of their own.
	#[cfg(feature = "runtime-benchmarks")]
	type Migrations = pallet_migrations::mock_helpers::MockedMigrations;
	type CursorMaxLen = ConstU32<{ 1 << 16 }>;
	type IdentifierMaxLen = ConstU32<256>;
	type MigrationStatusHandler = ();
	type FailedMigrationHandler = frame_support::migrations::FreezeChainOnFailedMigration;
	type MaxServiceWeight = MultiBlockMigrationWeight;
	type WeightInfo = weights::pallet_migrations::WeightInfo<Runtime>;
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// A pending multisig operation: its record, keyed by the multisig account and call hash.
	pub const MultisigDepositBase: Balance = deposit(1, 88);
	/// Each approval the operation records.
	pub const MultisigDepositFactor: Balance = deposit(0, 32);
}

/// An agency's account as a multisig: several officials approve its calls.
impl pallet_multisig::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type DepositBase = MultisigDepositBase;
	type DepositFactor = MultisigDepositFactor;
	type MaxSignatories = ConstU32<100>;
	type WeightInfo = weights::pallet_multisig::WeightInfo<Runtime>;
	type BlockNumberProvider = System;
}

/// What a proxy may do for the account it acts for.
#[derive(
	Copy,
	Clone,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Default,
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
	Debug,
)]
pub enum ProxyType {
	/// Anything.
	#[default]
	Any,
	/// Anything but balance transfers.
	NonTransfer,
	/// The account's DID: its keys, services, devices, schemas, attestations and consents.
	Identity,
	/// A device fleet: registering, revoking and removing the DID's devices, and the sensor
	/// oracle's feeds and readings.
	Sensors,
	/// Trading in the energy market: joining, orders, settlement and certificates.
	Energy,
}

impl frame_support::traits::InstanceFilter<RuntimeCall> for ProxyType {
	fn filter(&self, call: &RuntimeCall) -> bool {
		use pallet_did::Call as DidCall;
		// A batch's calls are filtered one by one under the proxy's origin.
		if matches!(call, RuntimeCall::Utility(..)) {
			return true;
		}
		match self {
			ProxyType::Any => true,
			ProxyType::NonTransfer => !matches!(call, RuntimeCall::Balances(..)),
			ProxyType::Identity => matches!(call, RuntimeCall::Did(..)),
			ProxyType::Sensors => matches!(
				call,
				RuntimeCall::SensorOracle(..)
					| RuntimeCall::Did(
						DidCall::register_device { .. }
							| DidCall::revoke_device { .. }
							| DidCall::remove_device { .. }
					)
			),
			ProxyType::Energy => matches!(call, RuntimeCall::EnergyMarket(..)),
		}
	}

	fn is_superset(&self, other: &Self) -> bool {
		match (self, other) {
			(ProxyType::Any, _) => true,
			(_, ProxyType::Any) => false,
			(ProxyType::NonTransfer, _) => true,
			(mine, theirs) => mine == theirs,
		}
	}
}

parameter_types! {
	/// The account's proxy list.
	pub const ProxyDepositBase: Balance = deposit(1, 8);
	/// Each proxy in it: an account, a proxy type and a delay.
	pub const ProxyDepositFactor: Balance = deposit(0, 33);
	/// The proxy's list of announcements.
	pub const AnnouncementDepositBase: Balance = deposit(1, 8);
	/// Each announcement: an account, a call hash and a block number.
	pub const AnnouncementDepositFactor: Balance = deposit(0, 68);
}

/// Accounts acting for others within a `ProxyType`: a DID controller's hot key, a device
/// fleet's operator, a battery controller's trading key.
impl pallet_proxy::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type ProxyType = ProxyType;
	type ProxyDepositBase = ProxyDepositBase;
	type ProxyDepositFactor = ProxyDepositFactor;
	type MaxProxies = ConstU32<32>;
	type WeightInfo = weights::pallet_proxy::WeightInfo<Runtime>;
	type MaxPending = ConstU32<32>;
	type CallHasher = sp_runtime::traits::BlakeTwo256;
	type AnnouncementDepositBase = AnnouncementDepositBase;
	type AnnouncementDepositFactor = AnnouncementDepositFactor;
	type BlockNumberProvider = System;
}

parameter_types! {
	/// The document and its key history (20 retired keys), which stay, with a tombstone,
	/// after deactivation.
	pub const DidDeposit: Balance = deposit(2, 256 + 20 * 80);
	pub const DidKeyDeposit: Balance = deposit(0, 64);
	pub const DidServiceDeposit: Balance = deposit(0, 300);
	pub const DeviceDeposit: Balance = deposit(2, 160);
	pub const SchemaDeposit: Balance = deposit(1, 150);
	pub const AttestationDeposit: Balance = deposit(1, 120);
	pub const ConsentDeposit: Balance = deposit(1, 130);
}

impl pallet_did::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type IssuerOrigin = CouncilMajority;
	type OnDeviceRevoked = SensorOracle;
	type DidDeposit = DidDeposit;
	type KeyDeposit = DidKeyDeposit;
	type ServiceDeposit = DidServiceDeposit;
	type DeviceDeposit = DeviceDeposit;
	type SchemaDeposit = SchemaDeposit;
	type AttestationDeposit = AttestationDeposit;
	type ConsentDeposit = ConsentDeposit;
	type MaxKeys = ConstU32<10>;
	type MaxRetiredKeys = ConstU32<20>;
	type MaxServices = ConstU32<5>;
	type MaxServiceIdLength = ConstU32<32>;
	type MaxServiceTypeLength = ConstU32<64>;
	type MaxUrlLength = ConstU32<200>;
	type MaxSchemaNameLength = ConstU32<64>;
	type MaxIssuersPerSchema = ConstU32<16>;
	type MaxCategoryLength = ConstU32<64>;
	type WeightInfo = pallet_did::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	pub const VoteDeposit: Balance = deposit(1, 100);
	/// A week of blocks in which anyone can recount a finished ballot from its votes.
	pub const BallotAuditPeriod: BlockNumber = 7 * DAYS;
	/// A day between a binding ballot's finalization and its enactment. A storage parameter,
	/// so that test networks can shorten it (`:BallotMinEnactmentDelay:`).
	pub storage BallotMinEnactmentDelay: BlockNumber = DAYS;
}

impl pallet_ballots::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	// Residents may decide in a binding ballot to hold another ballot.
	type AuthorityOrigin = CouncilOrResidents;
	type DidId = AccountId;
	type Credentials = Did;
	type VoteDeposit = VoteDeposit;
	type MaxTitleLength = ConstU32<256>;
	type MaxOptionLength = ConstU32<128>;
	type MaxOptions = ConstU32<64>;
	// Finalizing reads about (n - r) * 2^r counts in round r: 1,524 reads for 10 candidates.
	type MaxRankedCandidates = ConstU32<10>;
	type AuditPeriod = BallotAuditPeriod;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type Scheduler = Scheduler;
	type Preimages = Preimage;
	type MaxProposalLength = ConstU32<{ 16 * 1024 }>;
	type MaxProposalWeight = MaxMotionWeight;
	type MinEnactmentDelay = BallotMinEnactmentDelay;
	type WeightInfo = pallet_ballots::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Blocks per session, after which a changed validator set is queued. A storage parameter,
	/// so that test networks can shorten it (sudo `system.set_storage` of `:SessionPeriod:`).
	pub storage SessionPeriod: BlockNumber = HOURS;
	pub const SessionOffset: BlockNumber = 0;
	pub const SessionKeyDeposit: Balance = deposit(1, 96);
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = ValidatorSet;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	// No offence reporting yet, so no one is disabled; governance removes faulty validators.
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

impl pallet_validator_set::Config for Runtime {
	type ManagerOrigin = TechnicalMajority;
	type Session = Session;
	type MinValidators = ConstU32<1>;
	type MaxValidators = ConstU32<MAX_AUTHORITIES>;
	type WeightInfo = pallet_validator_set::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SessionKeysForBenchmarks;
}

/// `frame_system`'s benchmarks run with their defaults.
#[cfg(feature = "runtime-benchmarks")]
impl frame_system_benchmarking::Config for Runtime {}

/// Registers freshly generated session keys, with their proof, for validator-set benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct SessionKeysForBenchmarks;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_validator_set::BenchmarkHelper<AccountId> for SessionKeysForBenchmarks {
	fn register_keys(who: &AccountId) {
		use codec::Encode;
		use frame_support::traits::fungible::Mutate;
		let _ = Balances::set_balance(who, 1_000 * super::currency::UNIT);
		let generated = SessionKeys::generate(&who.encode(), None);
		let origin = RuntimeOrigin::signed(who.clone());
		Session::set_keys(origin, generated.keys, generated.proof.encode())
			.expect("generated keys carry a valid proof");
	}
}

parameter_types! {
	pub const ParcelDeposit: Balance = deposit(2, 512);
	pub const SaleDeposit: Balance = deposit(1, 256);
	pub const EncumbranceDeposit: Balance = deposit(1, 160);
	/// Held from whoever disputes a title or objects to a sale; paid to the owner or seller if
	/// the registrar finds against them, so that frivolous claims cost.
	pub const DisputeDeposit: Balance = 10 * UNIT;
	/// The credential schema a registrar must hold, scoped to its district. A storage
	/// parameter: governance sets it (sudo `system.set_storage` of `:LandRegistrarSchema:`)
	/// to the schema it creates in the DID pallet.
	pub storage LandRegistrarSchema: polis_primitives::SchemaId = 0;
	/// Blocks after a registrar's approval in which anyone may object to a sale. A storage
	/// parameter, so that test networks can shorten it (`:ObjectionPeriod:`).
	pub storage ObjectionPeriod: BlockNumber = 7 * DAYS;
	pub const SaleExpiry: BlockNumber = 30 * DAYS;
	/// About 110 m of latitude: a city block.
	pub const LandCellSize: i32 = 10_000;
}

impl pallet_land_registry::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RegistryOrigin = CouncilMajority;
	type Credentials = Did;
	type OnParcelChange = CarbonCredits;
	type RegistrarSchema = LandRegistrarSchema;
	type ParcelDeposit = ParcelDeposit;
	type SaleDeposit = SaleDeposit;
	type EncumbranceDeposit = EncumbranceDeposit;
	type DisputeDeposit = DisputeDeposit;
	type ObjectionPeriod = ObjectionPeriod;
	type SaleExpiry = SaleExpiry;
	// Dense city blocks: boundaries of up to 32 vertices, up to 32 parcels in a 110 m cell.
	// Kept bounding boxes and triangulations hold the worst-case registration (every
	// candidate of every cell compared) under 5 % of a block.
	type MaxVertices = ConstU32<32>;
	type CellSize = LandCellSize;
	// A square number of cells, so that the benchmark's worst case fills them all: a parcel
	// spans at most 3 × 3 blocks (about 330 m).
	type MaxCellsPerParcel = ConstU32<9>;
	type MaxParcelsPerCell = ConstU32<32>;
	type MaxLineage = ConstU32<8>;
	type MaxEncumbrances = ConstU32<16>;
	type MaxEncumbranceProposals = ConstU32<16>;
	type MaxOpenDisputes = ConstU32<8>;
	type WeightInfo = pallet_land_registry::weights::SubstrateWeight<Runtime>;
}

/// Two days of 15-minute intervals.
pub const SENSOR_MAX_INTERVALS: u32 = 192;
/// Storage bytes of one stored interval: its key (prefix, device, metric, slot) and summary.
pub const SENSOR_INTERVAL_BYTES: u32 = 170;

parameter_types! {
	/// The deposit rule for a full feed: the feed record (1 KiB at most, with its replay mark)
	/// and each interval of its ring.
	pub const FeedDeposit: Balance =
		deposit(2 + SENSOR_MAX_INTERVALS, 1024 + SENSOR_MAX_INTERVALS * SENSOR_INTERVAL_BYTES);
	/// A closed feed's replay mark: its key, timestamp and depositor.
	pub const MarkDeposit: Balance = deposit(1, 160);
	pub const AnchorDeposit: Balance = deposit(1, 160);
	/// Meters report energy per 15-minute interval, the energy market's delivery slot. A
	/// storage parameter, so that test networks can run short slots (sudo `system.set_storage`
	/// of `:SensorIntervalLength:`); set it before the first reading and order, as intervals
	/// already summed keep their old length.
	pub storage SensorIntervalLength: u64 = 15 * 60 * 1000;
	/// Readings a gateway held back (a network outage) are still accepted for six hours.
	pub const MaxReadingAge: u64 = 6 * 60 * 60 * 1000;
	/// Device clocks may run two minutes ahead of the chain's.
	pub const MaxClockDrift: u64 = 2 * 60 * 1000;
	pub const AnchorRetention: BlockNumber = 90 * DAYS;
	/// The credential schema of utility operators, who define sensor metrics. A storage
	/// parameter governance sets (`:UtilityOperatorSchema:`) to the schema it creates in the
	/// DID pallet; until then no schema has this identifier and no one qualifies.
	pub storage UtilityOperatorSchema: polis_primitives::SchemaId = polis_primitives::SchemaId::MAX;
}

impl pallet_sensor_oracle::Config for Runtime {
	type SubmitterId = pallet_sensor_oracle::crypto::SubmitterId;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	// Utilities define the metrics their meters report; the council may too.
	type MetricOrigin = EitherOfDiverse<
		CouncilMajority,
		EnsureCredential<AccountId, BlockNumber, Did, UtilityOperatorSchema>,
	>;
	type Devices = Did;
	type Time = Timestamp;
	type OnReading = ();
	type FeedDeposit = FeedDeposit;
	type MarkDeposit = MarkDeposit;
	type AnchorDeposit = AnchorDeposit;
	type IntervalLength = SensorIntervalLength;
	type MaxIntervalsPerFeed = ConstU32<SENSOR_MAX_INTERVALS>;
	// A meter's import, export, voltage, ...; a logger's temperature, humidity, shock, ...
	type MaxFeedsPerDevice = ConstU32<8>;
	type MaxReadingAge = MaxReadingAge;
	type MaxClockDrift = MaxClockDrift;
	type MaxReadingsPerCall = ConstU32<512>;
	type MaxMetricName = ConstU32<32>;
	type AnchorRetention = AnchorRetention;
	type WeightInfo = pallet_sensor_oracle::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SetTimestamp;
}

parameter_types! {
	/// The credential schema of energy market participants, scoped to their zone. A storage
	/// parameter: governance sets it (`:EnergyParticipantSchema:`) to the schema it creates in
	/// the DID pallet.
	pub storage EnergyParticipantSchema: polis_primitives::SchemaId = 0;
	/// The credential schemas of renewable generators and their sources
	/// (`:EnergyGeneratorSchemas:`); the first `MaxGeneratorSchemas` (5, one per source) count.
	pub storage EnergyGeneratorSchemas: alloc::vec::Vec<(polis_primitives::SchemaId, polis_primitives::EnergySource)> =
		alloc::vec::Vec::new();
	/// The sensor oracle's metrics of energy imported and exported (see the genesis presets).
	pub const EnergyImportMetric: polis_primitives::MetricId = 1;
	pub const EnergyExportMetric: polis_primitives::MetricId = 2;
	pub const EnergyMarketPalletId: frame_support::PalletId = frame_support::PalletId(*b"py/enmkt");
	/// An order: the order, its meter's and its book's index entries, and its account's count.
	pub const EnergyDeposit: Balance = deposit(4, 320);
	/// A participant's record.
	pub const EnergyParticipantDeposit: Balance = deposit(1, 120);
	/// Thirty days: how long a credential revoked without an `evict` keeps trading at most.
	pub const EnergyParticipationPeriod: u64 = 30 * 24 * 60 * 60 * 1000;
	/// Limit prices are multiples of 0.005 POLIS a kWh, up to 1 POLIS (200 ticks).
	pub const EnergyPriceTick: Balance = 5 * MILLI_UNIT;
	/// 1 MWh: the most one meter trades in a slot.
	pub const MaxEnergyOrderWh: u64 = 1_000_000;
	/// Half a day: well inside the two days the sensor oracle keeps intervals.
	pub const MaxEnergySettlementDelay: u64 = 12 * 60 * 60 * 1000;
}

impl pallet_energy_market::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	// Zones and market rules: the council, or the residents in a binding ballot.
	type MarketOrigin = CouncilOrResidents;
	type DidId = AccountId;
	type Credentials = Did;
	type Devices = Did;
	type DidAccount = sp_runtime::traits::Identity;
	type Meters = SensorOracle;
	type Time = Timestamp;
	type ParticipantSchema = EnergyParticipantSchema;
	type GeneratorSchemas = EnergyGeneratorSchemas;
	type MaxGeneratorSchemas = ConstU32<5>;
	type ParticipationPeriod = EnergyParticipationPeriod;
	type ImportMetric = EnergyImportMetric;
	type ExportMetric = EnergyExportMetric;
	type PalletId = EnergyMarketPalletId;
	type Deposit = EnergyDeposit;
	type ParticipantDeposit = EnergyParticipantDeposit;
	type PriceTick = EnergyPriceTick;
	type MaxPriceLevels = ConstU32<200>;
	type MaxOrdersPerBook = ConstU32<10_000>;
	type MaxOrdersPerAccount = ConstU32<96>;
	type MaxOrderWh = MaxEnergyOrderWh;
	// A day of slots.
	type MaxSlotsAhead = ConstU32<96>;
	type MaxOrdersPerCall = ConstU32<96>;
	type MaxZones = ConstU32<16>;
	// The day of slots ahead, and as many again for a stalled chain to catch up.
	type MaxPendingSlots = ConstU32<194>;
	type MaxSettlementDelay = MaxEnergySettlementDelay;
	type MaxBooksAwaitingSettlement = ConstU32<128>;
	type MaxSettlementBatch = ConstU32<128>;
	type WeightInfo = pallet_energy_market::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SetTimestamp;
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_energy_market::BenchmarkHelper<Runtime> for SetTimestamp {
	fn set_time(now: u64) {
		pallet_timestamp::Now::<Runtime>::put(now);
	}

	fn record_interval(
		meter: &polis_primitives::PublicKey,
		metric: polis_primitives::MetricId,
		interval: polis_primitives::IntervalIndex,
		wh: u64,
	) {
		let summary = polis_primitives::IntervalSummary::of(wh.try_into().unwrap_or(i64::MAX));
		SensorOracle::store_interval_for_benchmark(meter, metric, interval, summary);
	}

	fn account_of(did: &AccountId) -> AccountId {
		did.clone()
	}

	fn set_generator_schemas(
		schemas: alloc::vec::Vec<(polis_primitives::SchemaId, polis_primitives::EnergySource)>,
	) {
		EnergyGeneratorSchemas::set(&schemas);
	}
}

parameter_types! {
	/// The credential schemas of project developers and of validation and verification bodies,
	/// storage parameters governance sets (`:CarbonDeveloperSchema:`, `:CarbonVerifierSchema:`)
	/// to the schemas it creates in the DID pallet.
	pub storage CarbonDeveloperSchema: polis_primitives::SchemaId = 0;
	pub storage CarbonVerifierSchema: polis_primitives::SchemaId = 0;
	/// A project, a monitoring report or a retirement certificate (the largest record).
	pub const CarbonDeposit: Balance = deposit(1, 500);
}

impl pallet_carbon_credits::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RegistryOrigin = CouncilMajority;
	type DidId = AccountId;
	type Credentials = Did;
	type Land = LandRegistry;
	type Energy = EnergyMarket;
	type Time = Timestamp;
	type DeveloperSchema = CarbonDeveloperSchema;
	type VerifierSchema = CarbonVerifierSchema;
	type Deposit = CarbonDeposit;
	type MaxParcels = ConstU32<16>;
	type MaxTextLen = ConstU32<128>;
	// A day of a generator's 15-minute certificates.
	type MaxCertificatesPerClaim = ConstU32<96>;
	type MaxProjectsPerParcel = ConstU32<8>;
	type WeightInfo = pallet_carbon_credits::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SetTimestamp;
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_carbon_credits::BenchmarkHelper for SetTimestamp {
	fn set_time(now: u64) {
		pallet_timestamp::Now::<Runtime>::put(now);
	}
}

parameter_types! {
	/// A member: its record and two index entries, about 200 bytes.
	pub const AnonymousMemberDeposit: Balance = deposit(3, 200);
}

/// Credential holders' membership keys for anonymous proofs (the aid programmes' claims).
impl pallet_anonymous_credentials::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DidId = AccountId;
	type Credentials = Did;
	type Time = Timestamp;
	type Deposit = AnonymousMemberDeposit;
	// A proof hides its signer among at least 8 eligible members.
	type MinRingSize = ConstU32<8>;
	type WeightInfo = pallet_anonymous_credentials::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// A location (with its device), a product class or a lot (the largest: about 1.3 kB with
	/// its code index, and 0.1 kB more for its stay at a watched location).
	pub const ProvenanceRecordDeposit: Balance = deposit(3, 1_400);
	/// An event with its lot index.
	pub const ProvenanceEventDeposit: Balance = deposit(1, 800);
}

impl pallet_provenance::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RegistryOrigin = CouncilMajority;
	type DidId = AccountId;
	type Credentials = Did;
	type Devices = Did;
	type Meters = SensorOracle;
	type Land = LandRegistry;
	type Time = Timestamp;
	type Signature = Signature;
	type Anonymity = AnonymousCredentials;
	type RecordDeposit = ProvenanceRecordDeposit;
	type EventDeposit = ProvenanceEventDeposit;
	// GS1 codes are at most 20 characters (a lot code, an SSCC); URIs of other schemes fit.
	type MaxCodeLen = ConstU32<64>;
	type MaxTextLen = ConstU32<256>;
	type MaxLotsPerEvent = ConstU32<16>;
	type MaxChildren = ConstU32<64>;
	type MaxContents = ConstU32<32>;
	// A day of 15-minute intervals.
	type MaxCheckedIntervals = ConstU32<96>;
	type MaxRecallSteps = ConstU32<16>;
	type MaxClaimsPruned = ConstU32<512>;
	type WeightInfo = pallet_provenance::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SetTimestamp;
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_provenance::BenchmarkHelper<Runtime> for SetTimestamp {
	fn set_time(now: u64) {
		pallet_timestamp::Now::<Runtime>::put(now);
	}

	fn account_of(did: &AccountId) -> AccountId {
		did.clone()
	}

	fn record_reading(
		device: &polis_primitives::PublicKey,
		metric: polis_primitives::MetricId,
		interval: polis_primitives::IntervalIndex,
		value: i64,
	) {
		let summary = polis_primitives::IntervalSummary::of(value);
		SensorOracle::store_interval_for_benchmark(device, metric, interval, summary);
	}

	/// An ECDSA key: the slowest of the account keys to verify (a public key recovery).
	fn beneficiary_proof(message: &[u8]) -> (AccountId, Signature) {
		use sp_runtime::traits::IdentifyAccount;
		let key_type = sp_core::crypto::KeyTypeId(*b"bnfc");
		let public = sp_io::crypto::ecdsa_generate(key_type, Some(b"//beneficiary".to_vec()));
		let signature = sp_io::crypto::ecdsa_sign(key_type, &public, message)
			.expect("the key was generated in the keystore");
		(sp_runtime::MultiSigner::from(public).into_account(), Signature::from(signature))
	}
}

/// Sets the chain's clock for the sensor oracle's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct SetTimestamp;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_sensor_oracle::BenchmarkHelper for SetTimestamp {
	fn set_time(now: u64) {
		pallet_timestamp::Now::<Runtime>::put(now);
	}
}

impl frame_system::offchain::SigningTypes for Runtime {
	type Public = <Signature as Verify>::Signer;
	type Signature = Signature;
}

impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

/// Off-chain workers submit ordinary signed transactions, with the same standard extensions a
/// wallet adds, so every client decodes them.
impl<LocalCall> frame_system::offchain::CreateSignedTransaction<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	fn create_signed_transaction<
		C: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>,
	>(
		call: RuntimeCall,
		public: <Signature as Verify>::Signer,
		account: AccountId,
		nonce: Nonce,
	) -> Option<UncheckedExtrinsic> {
		// Valid for 64 blocks from the current one.
		let period =
			BlockHashCount::get().checked_next_power_of_two().map(|p| p / 2).unwrap_or(2) as u64;
		let current_block = System::block_number().saturating_sub(1) as u64;
		let extension: TxExtension = (
			frame_system::AuthorizeCall::<Runtime>::new(),
			frame_system::CheckNonZeroSender::<Runtime>::new(),
			frame_system::CheckSpecVersion::<Runtime>::new(),
			frame_system::CheckTxVersion::<Runtime>::new(),
			frame_system::CheckGenesis::<Runtime>::new(),
			frame_system::CheckEra::<Runtime>::from(generic::Era::mortal(
				period.min(64),
				current_block,
			)),
			frame_system::CheckNonce::<Runtime>::from(nonce),
			frame_system::CheckWeight::<Runtime>::new(),
			pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
			frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
			frame_system::WeightReclaim::<Runtime>::new(),
		);
		let payload = SignedPayload::new(call, extension).ok()?;
		let signature = payload.using_encoded(|bytes| C::sign(bytes, public))?;
		let (call, extension, _) = payload.deconstruct();
		let address = MultiAddress::Id(account);
		Some(UncheckedExtrinsic::new_signed(call, address, signature, extension))
	}
}
