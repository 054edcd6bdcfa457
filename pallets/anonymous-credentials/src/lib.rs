//! # Anonymous credentials pallet
//!
//! Lets a credential holder act without being named: it proves that it is one of a ring of
//! holders of a credential, and that it has not acted before in the same context, without
//! saying which holder it is.
//!
//! ## Roles
//!
//! - A **holder**: an account whose DID holds a valid credential of a schema. It enrols a
//!   membership key for the schema (a ristretto255 point whose secret only its wallet knows),
//!   once per DID and schema, holding `Deposit`; it may replace the key or leave.
//! - **Anyone** removes a member whose credential no longer holds (revoked, expired, its issuer
//!   no longer trusted, its DID deactivated); the deposit goes back to the member.
//! - **Other pallets** verify proofs through [`AnonymousCredentials`]: a ring of members
//!   (chosen by the prover), a linkable ring signature of a message, and the context it is
//!   made in. The result is the prover's nullifier in that context (see
//!   [`polis_primitives::anonymity`]): the same for every proof the same member makes there,
//!   and unlinkable across contexts. The aid programmes of the provenance pallet take one
//!   ration per nullifier and period.
//!
//! ## Rules
//!
//! - Every ring member must be of the schema, hold a valid credential of it (with the scope the
//!   verifier asks for) and have enrolled its current key no later than the verifier's
//!   `enrolled_by`. Verifiers pass the start of the period a proof is for, so a member that
//!   replaces its key (or leaves and enrols again) cannot act twice in one period: its new key
//!   only counts from the next one.
//! - A ring has at least `MinRingSize` members, at most [`MAX_RING`], ascending by id.
//! - One member per DID and schema; a key belongs to one member.
//!
//! ## Limits
//!
//! - A ring hides its signer among its members only: wallets should choose members at random
//!   among those eligible for the same scope, and rings larger than the minimum.
//! - The transaction carrying a proof must not come from the holder's own account (the
//!   provenance pallet's distributor submits it).
//! - Enrolment is public: that a DID holds the credential is public anyway (its attestation);
//!   what stays hidden is which member acted.
//! - A lost key cannot act again in the period it is replaced in.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
	dispatch::DispatchResult,
	ensure,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::Precision,
		Defensive, Get, UnixTime,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use polis_primitives::{
	anonymity::{self, MAX_RING},
	AnonymityError, AnonymousCredentials, AnonymousProof, CredentialCheck, MemberId, MembershipKey,
	Nullifier, SchemaId, ScopeCode, MAX_PAGE,
};
use sp_runtime::traits::Zero;

/// The balance type of the deposit's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency of deposits.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The identifier of a holder's DID.
		type DidId: Parameter + MaxEncodedLen;

		/// Where holders' credentials are checked.
		type Credentials: CredentialCheck<
			Self::AccountId,
			BlockNumberFor<Self>,
			DidId = Self::DidId,
		>;

		/// The chain's clock: when a key was enrolled.
		type Time: UnixTime;

		/// Held per member.
		#[pallet::constant]
		type Deposit: Get<BalanceOf<Self>>;

		/// The fewest members a ring may have.
		#[pallet::constant]
		type MinRingSize: Get<u32>;

		/// Weights of this pallet's calls and of verifying a proof.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A member's deposit.
		Membership,
	}

	/// A holder's membership key for a schema.
	#[derive(
		CloneNoBound,
		PartialEqNoBound,
		EqNoBound,
		Encode,
		Decode,
		MaxEncodedLen,
		TypeInfo,
		DebugNoBound,
	)]
	#[scale_info(skip_type_params(T))]
	pub struct Member<T: Config> {
		/// The DID whose credential the member holds.
		pub did: T::DidId,
		/// The account that enrolled: its credentials are checked, and it holds the deposit.
		pub account: T::AccountId,
		pub schema: SchemaId,
		pub key: MembershipKey,
		/// When the key was enrolled (ms since the Unix epoch): proofs for periods that began
		/// earlier do not accept it.
		pub enrolled_ms: u64,
		pub deposit: BalanceOf<T>,
	}

	/// Members by id.
	#[pallet::storage]
	pub type Members<T: Config> = StorageMap<_, Twox64Concat, MemberId, Member<T>>;

	/// The member a DID is for a schema.
	#[pallet::storage]
	pub type MemberOf<T: Config> =
		StorageDoubleMap<_, Twox64Concat, SchemaId, Blake2_128Concat, T::DidId, MemberId>;

	/// The member a key belongs to.
	#[pallet::storage]
	pub type KeyOwners<T: Config> = StorageMap<_, Blake2_128Concat, MembershipKey, MemberId>;

	/// The id the next member gets.
	#[pallet::storage]
	pub type NextMemberId<T: Config> = StorageValue<_, MemberId, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `did` enrolled a membership key for `schema` as `member`.
		Enrolled { member: MemberId, schema: SchemaId, did: T::DidId },
		/// A member replaced its key; the new one counts for periods from now on.
		KeyReplaced { member: MemberId },
		/// A member left; its deposit was returned.
		Left { member: MemberId },
		/// A member whose credential no longer holds was removed; its deposit was returned.
		Removed { member: MemberId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller has no active DID.
		NoDid,
		/// The caller's DID holds no valid credential of the schema.
		NoCredential,
		/// The key is not a ristretto255 point, or is the identity.
		InvalidKey,
		/// The key belongs to a member already.
		KeyInUse,
		/// The DID has no member for the schema.
		NotEnrolled,
		/// No member with this id.
		UnknownMember,
		/// The member's credential still holds.
		StillEligible,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				(1..=MAX_RING).contains(&T::MinRingSize::get()),
				"a ring's minimum is between one member and MAX_RING"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Enrols `key` as the caller's DID's membership key for `schema`, whose credential it
		/// holds; if the DID has one, replaces it (the new key counts for periods from now on;
		/// the deposit stays with the account that enrolled).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::enrol().max(T::WeightInfo::replace_key()))]
		pub fn enrol(origin: OriginFor<T>, schema: SchemaId, key: MembershipKey) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
			ensure!(
				T::Credentials::valid_credential(&who, schema, None, None).is_some(),
				Error::<T>::NoCredential
			);
			ensure!(anonymity::is_membership_key(&key), Error::<T>::InvalidKey);
			ensure!(!KeyOwners::<T>::contains_key(key), Error::<T>::KeyInUse);
			let now = Self::now_ms();
			if let Some(id) = MemberOf::<T>::get(schema, &did) {
				let mut member = Members::<T>::get(id).ok_or(Error::<T>::UnknownMember)?;
				KeyOwners::<T>::remove(member.key);
				KeyOwners::<T>::insert(key, id);
				member.key = key;
				member.enrolled_ms = now;
				Members::<T>::insert(id, member);
				Self::deposit_event(Event::KeyReplaced { member: id });
				return Ok(());
			}
			let deposit = T::Deposit::get();
			T::Currency::hold(&HoldReason::Membership.into(), &who, deposit)?;
			let id = NextMemberId::<T>::get();
			NextMemberId::<T>::put(id.checked_add(1).ok_or(sp_runtime::ArithmeticError::Overflow)?);
			Members::<T>::insert(
				id,
				Member { did: did.clone(), account: who, schema, key, enrolled_ms: now, deposit },
			);
			MemberOf::<T>::insert(schema, &did, id);
			KeyOwners::<T>::insert(key, id);
			Self::deposit_event(Event::Enrolled { member: id, schema, did });
			Ok(())
		}

		/// Removes the caller's DID's membership for `schema`, returning its deposit.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::leave())]
		pub fn leave(origin: OriginFor<T>, schema: SchemaId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
			let id = MemberOf::<T>::get(schema, &did).ok_or(Error::<T>::NotEnrolled)?;
			let member = Members::<T>::get(id).ok_or(Error::<T>::UnknownMember)?;
			Self::remove(id, &member);
			Self::deposit_event(Event::Left { member: id });
			Ok(())
		}

		/// Removes `member`, whose credential no longer holds; anyone may call it. The
		/// deposit goes back to the member's account.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::remove_ineligible())]
		pub fn remove_ineligible(origin: OriginFor<T>, member: MemberId) -> DispatchResult {
			ensure_signed(origin)?;
			let record = Members::<T>::get(member).ok_or(Error::<T>::UnknownMember)?;
			ensure!(!Self::eligible(&record, None), Error::<T>::StillEligible);
			Self::remove(member, &record);
			Self::deposit_event(Event::Removed { member });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	fn now_ms() -> u64 {
		polis_primitives::unix_millis::<T::Time>()
	}

	/// Whether `member`'s account still acts for its DID, which holds a valid credential of
	/// the member's schema (carrying `scope` if given).
	fn eligible(member: &Member<T>, scope: Option<ScopeCode>) -> bool {
		T::Credentials::did_of(&member.account).is_some_and(|did| did == member.did)
			&& T::Credentials::valid_credential(&member.account, member.schema, None, scope)
				.is_some()
	}

	/// Whether `member` may be in a ring of a proof for `schema` (with `scope`) whose verifier
	/// accepts keys enrolled by `enrolled_by`.
	fn may_sign(
		member: &Member<T>,
		schema: SchemaId,
		scope: Option<ScopeCode>,
		enrolled_by: u64,
	) -> bool {
		member.schema == schema
			&& member.enrolled_ms <= enrolled_by
			&& Self::eligible(member, scope)
	}

	fn remove(id: MemberId, member: &Member<T>) {
		Members::<T>::remove(id);
		MemberOf::<T>::remove(member.schema, &member.did);
		KeyOwners::<T>::remove(member.key);
		if !member.deposit.is_zero() {
			// Held when the member enrolled and released only here.
			let _ = T::Currency::release(
				&HoldReason::Membership.into(),
				&member.account,
				member.deposit,
				Precision::BestEffort,
			)
			.defensive();
		}
	}

	/// The keys of a proof's ring, each of an eligible member.
	fn ring_keys(
		schema: SchemaId,
		scope: Option<ScopeCode>,
		enrolled_by: u64,
		ring: &[MemberId],
	) -> Result<Vec<MembershipKey>, AnonymityError> {
		let size = ring.len() as u32;
		if size < T::MinRingSize::get() || !ring.windows(2).all(|pair| pair[0] < pair[1]) {
			return Err(AnonymityError::InvalidRing);
		}
		ring.iter()
			.map(|id| {
				let member = Members::<T>::get(id).ok_or(AnonymityError::InvalidRing)?;
				Self::may_sign(&member, schema, scope, enrolled_by)
					.then_some(member.key)
					.ok_or(AnonymityError::IneligibleMember)
			})
			.collect()
	}

	/// Members eligible for a ring of a proof for `schema` (with `scope`) and `enrolled_by`:
	/// up to `limit` (at most `MAX_PAGE`) of them with their keys, by ascending id after
	/// `start_after`, looking at no more than `MAX_PAGE` ids past the last one found.
	pub fn ring_candidates(
		schema: SchemaId,
		scope: Option<ScopeCode>,
		enrolled_by: u64,
		start_after: Option<MemberId>,
		limit: u32,
	) -> Vec<(MemberId, MembershipKey)> {
		let first = start_after.map_or(0, |last| last.saturating_add(1));
		let mut found = Vec::new();
		let mut unfruitful = 0;
		for id in first..NextMemberId::<T>::get() {
			if found.len() as u32 >= limit.min(MAX_PAGE) || unfruitful >= MAX_PAGE {
				break;
			}
			let eligible = Members::<T>::get(id)
				.filter(|member| Self::may_sign(member, schema, scope, enrolled_by));
			match eligible {
				Some(member) => {
					found.push((id, member.key));
					unfruitful = 0;
				},
				None => unfruitful += 1,
			}
		}
		found
	}

	/// Checks the pallet's invariants: each member is its DID's for its schema and its key's
	/// owner, with a valid key and an id already given out; no other index entries exist;
	/// each account holds exactly its members' deposits.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::InspectHold;
		use sp_runtime::traits::Saturating;
		let next = NextMemberId::<T>::get();
		let mut deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		let mut count = 0usize;
		for (id, member) in Members::<T>::iter() {
			count += 1;
			ensure!(id < next, "a member's id was never given out");
			ensure!(
				MemberOf::<T>::get(member.schema, &member.did) == Some(id),
				"a member is not its DID's for its schema"
			);
			ensure!(KeyOwners::<T>::get(member.key) == Some(id), "a member does not own its key");
			ensure!(anonymity::is_membership_key(&member.key), "a member's key is not a point");
			let held = deposits.entry(member.account.clone()).or_default();
			*held = held.saturating_add(member.deposit);
		}
		ensure!(MemberOf::<T>::iter().count() == count, "a DID names a member that does not exist");
		ensure!(
			KeyOwners::<T>::iter().count() == count,
			"a key names a member that does not exist"
		);
		for (account, expected) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Membership.into(), &account) == expected,
				"an account's held deposit is not its members'"
			);
		}
		Ok(())
	}
}

impl<T: Config> AnonymousCredentials<T::AccountId, T::DidId> for Pallet<T> {
	fn verify(
		schema: SchemaId,
		scope: Option<ScopeCode>,
		enrolled_by: u64,
		context: &[u8],
		message: &[u8],
		proof: &AnonymousProof,
	) -> Result<Nullifier, AnonymityError> {
		let keys = Self::ring_keys(schema, scope, enrolled_by, &proof.ring)?;
		anonymity::verify(&keys, context, message, &proof.signature)
			.ok_or(AnonymityError::BadSignature)
	}

	fn is_enrolled(schema: SchemaId, did: &T::DidId) -> bool {
		MemberOf::<T>::contains_key(schema, did)
	}

	fn verify_weight(members: u32) -> frame_support::weights::Weight {
		T::WeightInfo::verify_proof(members)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn enrol_for_benchmark(
		account: &T::AccountId,
		schema: SchemaId,
		secret: &[u8; 32],
		enrolled_at: u64,
	) -> MemberId {
		let key = anonymity::membership_key(secret).expect("a benchmark's secret is a scalar");
		let did = T::Credentials::did_of(account).expect("a benchmark's holder has a DID");
		let id = NextMemberId::<T>::get();
		NextMemberId::<T>::put(id + 1);
		Members::<T>::insert(
			id,
			Member {
				did: did.clone(),
				account: account.clone(),
				schema,
				key,
				enrolled_ms: enrolled_at,
				deposit: Zero::zero(),
			},
		);
		MemberOf::<T>::insert(schema, &did, id);
		KeyOwners::<T>::insert(key, id);
		id
	}
}

sp_api::decl_runtime_apis! {
	/// Reads of anonymous credentials for wallets.
	pub trait AnonymousCredentialsApi {
		/// Members a wallet may put in a ring for a proof for `schema` (with `scope`) whose
		/// verifier accepts keys enrolled by `enrolled_by` (ms): up to `limit` (at most
		/// `MAX_PAGE`) of them with their keys, by ascending id after `start_after`.
		fn ring_candidates(
			schema: SchemaId,
			scope: Option<ScopeCode>,
			enrolled_by: u64,
			start_after: Option<MemberId>,
			limit: u32,
		) -> Vec<(MemberId, MembershipKey)>;
	}
}
