//! The Polis runtime: a FRAME solochain runtime for smart-city services.
//!
//! Block production is Aura (6 s slots) with GRANDPA finality. The token is `POLIS` with 12
//! decimals, and addresses use SS58 prefix [`SS58_PREFIX`].

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime!` expands to deeply nested types.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
pub mod weights;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_support::{
	construct_runtime, derive_impl, parameter_types,
	traits::{ConstBool, ConstU128, ConstU32, ConstU64, ConstU8},
	weights::Weight,
};
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;
pub use sp_runtime::{Perbill, Permill};

/// Opaque types: what the node needs to know about blocks without decoding extrinsics.
pub mod opaque {
	use super::*;
	use sp_runtime::{generic, traits::Hash as HashT};

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as HashT>::Output;
}

impl_opaque_keys! {
	/// The session keys a validator registers: one for block production, one for finality.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// Declares the runtime's version, `VERSION`, with spec version `$spec`.
macro_rules! polis_runtime_version {
	($spec:tt) => {
		#[sp_version::runtime_version]
		pub const VERSION: RuntimeVersion = RuntimeVersion {
			spec_name: alloc::borrow::Cow::Borrowed("polis"),
			impl_name: alloc::borrow::Cow::Borrowed("polis"),
			authoring_version: 1,
			spec_version: $spec,
			impl_version: 1,
			apis: apis::RUNTIME_API_VERSIONS,
			// Bump when the encoding of an existing call changes, so signed transactions are
			// invalidated.
			transaction_version: 1,
			system_version: 1,
		};
	};
}

// Bump both on every change of runtime logic; the node refuses blocks of an unknown spec.
#[cfg(not(feature = "next-spec-version"))]
polis_runtime_version!(100);
// The runtime the e2e suite upgrades a live chain to (`polis-runtime-next`).
#[cfg(feature = "next-spec-version")]
polis_runtime_version!(101);

/// Time and block-count units. Slot duration and block time are the same: one block per slot.
pub mod time {
	use super::BlockNumber;

	/// Target block time, in milliseconds.
	pub const MILLI_SECS_PER_BLOCK: u64 = 6000;
	/// Aura slot duration; equal to the block time.
	pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;
	/// Blocks per minute.
	pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
	/// Blocks per hour.
	pub const HOURS: BlockNumber = MINUTES * 60;
	/// Blocks per day.
	pub const DAYS: BlockNumber = HOURS * 24;
}

/// Token units. `POLIS` has 12 decimals.
pub mod currency {
	use super::Balance;

	/// Number of decimals of the `POLIS` token.
	pub const TOKEN_DECIMALS: u8 = 12;
	/// Symbol of the native token.
	pub const TOKEN_SYMBOL: &str = "POLIS";
	/// One whole `POLIS`.
	pub const UNIT: Balance = 1_000_000_000_000;
	/// One thousandth of a `POLIS`.
	pub const MILLI_UNIT: Balance = 1_000_000_000;
	/// One millionth of a `POLIS`.
	pub const MICRO_UNIT: Balance = 1_000_000;
	/// The minimum balance an account must keep to exist.
	pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

	/// The deposit for storing `items` records of `bytes` bytes in all: 0.1 POLIS a record and
	/// 0.1 milli-POLIS a byte, so state growth costs its holder and is refunded when it shrinks.
	pub const fn deposit(items: u32, bytes: u32) -> Balance {
		items as Balance * 100 * MILLI_UNIT + bytes as Balance * 100 * MICRO_UNIT
	}
}

/// SS58 address prefix of Polis accounts.
pub const SS58_PREFIX: u16 = 776;

/// Signature type of transactions.
pub type Signature = MultiSignature;
/// An account identifier: the public key behind a [`Signature`].
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of an account.
pub type Balance = u128;
/// Transaction index of an account.
pub type Nonce = u32;
/// Hash of a block or extrinsic.
pub type Hash = sp_core::H256;
/// Block number.
pub type BlockNumber = u32;
/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A block with its justifications.
pub type SignedBlock = generic::SignedBlock<Block>;
/// Block identifier.
pub type BlockId = generic::BlockId<Block>;

/// The transaction extensions, all standard FRAME ones, so every wallet can sign for Polis.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run within the block of a runtime upgrade; none yet. Migrations that can
/// take more than a block run after it, through `pallet-migrations` (`configs.rs`).
type Migrations = ();

/// Executive: dispatches incoming extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(7)]
	pub type Utility = pallet_utility;

	#[runtime::pallet_index(8)]
	pub type ValidatorSet = pallet_validator_set;

	#[runtime::pallet_index(9)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(10)]
	pub type Did = pallet_did;

	#[runtime::pallet_index(11)]
	pub type Ballots = pallet_ballots;

	#[runtime::pallet_index(12)]
	pub type LandRegistry = pallet_land_registry;

	#[runtime::pallet_index(13)]
	pub type SensorOracle = pallet_sensor_oracle;

	#[runtime::pallet_index(14)]
	pub type EnergyMarket = pallet_energy_market;

	#[runtime::pallet_index(15)]
	pub type CarbonCredits = pallet_carbon_credits;

	#[runtime::pallet_index(16)]
	pub type Provenance = pallet_provenance;

	#[runtime::pallet_index(17)]
	pub type Multisig = pallet_multisig;

	#[runtime::pallet_index(18)]
	pub type Proxy = pallet_proxy;

	#[runtime::pallet_index(19)]
	pub type Preimage = pallet_preimage;

	#[runtime::pallet_index(20)]
	pub type Scheduler = pallet_scheduler;

	#[runtime::pallet_index(21)]
	pub type Council = pallet_collective<Instance1>;

	#[runtime::pallet_index(22)]
	pub type CouncilMembership = pallet_membership<Instance1>;

	#[runtime::pallet_index(23)]
	pub type TechnicalCommittee = pallet_collective<Instance2>;

	#[runtime::pallet_index(24)]
	pub type TechnicalMembership = pallet_membership<Instance2>;

	#[runtime::pallet_index(25)]
	pub type Whitelist = pallet_whitelist;

	#[runtime::pallet_index(26)]
	pub type MultiBlockMigrations = pallet_migrations;

	#[runtime::pallet_index(27)]
	pub type AnonymousCredentials = pallet_anonymous_credentials;
}

#[cfg(test)]
mod tests;
