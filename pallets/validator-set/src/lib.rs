//! # Validator-set pallet
//!
//! The Polis consortium's validators — city agencies, utilities, universities — as a set that
//! governance changes while the chain runs. The pallet is `pallet-session`'s `SessionManager`:
//! Aura authorities and GRANDPA voters follow the session's validators, so a change made here
//! reaches block production and finality without a restart.
//!
//! ## How a change takes effect
//!
//! The `ManagerOrigin` (Root in the runtime) adds a validator that has registered its session
//! keys (`session.set_keys`, with the keys and proof from the node's `author_rotateKeysWithOwner`
//! RPC), or removes one — for example one that went offline. At the next session rotation the
//! session pallet queues the new set, and it becomes active at the rotation after that: within
//! two sessions of the change.
//!
//! ## Genesis
//!
//! The genesis validators are the accounts whose session keys the chain spec lists
//! (`session.keys`), so tools that rewrite those keys (zombienet) need nothing else. The pallet
//! stores the set only once governance first changes it.
//!
//! ## Limits
//!
//! - Between `MinValidators` and `MaxValidators` validators; no staking or election: membership
//!   is a governance decision.
//! - Offline validators are not removed automatically; governance removes them.

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
use frame_support::traits::{Get, ValidatorRegistration, ValidatorSet};

/// Index of a session.
pub type SessionIndex = u32;

/// Registers session keys for an account, for the benchmarks of adding a validator.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	fn register_keys(who: &AccountId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who adds and removes validators.
		type ManagerOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The session pallet: the active validators and whose session keys are registered.
		type Session: ValidatorSet<Self::AccountId, ValidatorId = Self::AccountId>
			+ ValidatorRegistration<Self::AccountId>;

		/// Fewest validators the set keeps.
		#[pallet::constant]
		type MinValidators: Get<u32>;
		/// Most validators the set holds.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Registers session keys in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The validator set as governance last set it; `None` until its first change, while the
	/// session's genesis validators serve.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, OptionQuery>;

	/// Whether the set changed since the session pallet last asked for it.
	#[pallet::storage]
	pub type PendingChange<T> = StorageValue<_, bool, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A validator was added; it validates from the session after next.
		ValidatorAdded { validator: T::AccountId },
		/// A validator was removed; it stops from the session after next.
		ValidatorRemoved { validator: T::AccountId },
		/// The changed set was handed to the session pallet, active from `session`.
		ValidatorSetQueued { session: SessionIndex, validators: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a validator.
		AlreadyValidator,
		/// The account is not a validator.
		NotValidator,
		/// The account has not registered session keys (`session.set_keys`).
		NoSessionKeys,
		/// The set is full.
		TooManyValidators,
		/// The set would fall below `MinValidators`.
		TooFewValidators,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MinValidators::get() >= 1);
			assert!(T::MinValidators::get() <= T::MaxValidators::get());
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Adds a validator that has registered its session keys.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator(T::MaxValidators::get()))]
		pub fn add_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::ManagerOrigin::ensure_origin(origin)?;
			let mut validators = Self::governed_set()?;
			ensure!(!validators.contains(&validator), Error::<T>::AlreadyValidator);
			ensure!(T::Session::is_registered(&validator), Error::<T>::NoSessionKeys);
			validators.try_push(validator.clone()).map_err(|_| Error::<T>::TooManyValidators)?;
			Self::store(validators);
			Self::deposit_event(Event::ValidatorAdded { validator });
			Ok(())
		}

		/// Removes a validator, as long as `MinValidators` remain.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_validator(T::MaxValidators::get()))]
		pub fn remove_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::ManagerOrigin::ensure_origin(origin)?;
			let mut validators = Self::governed_set()?;
			let position =
				validators.iter().position(|v| v == &validator).ok_or(Error::<T>::NotValidator)?;
			ensure!(
				validators.len() as u32 > T::MinValidators::get(),
				Error::<T>::TooFewValidators
			);
			validators.remove(position);
			Self::store(validators);
			Self::deposit_event(Event::ValidatorRemoved { validator });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The set governance works on: the stored one, or the session's validators before the
	/// first change.
	fn governed_set() -> Result<frame_support::BoundedVec<T::AccountId, T::MaxValidators>, Error<T>>
	{
		match Validators::<T>::get() {
			Some(validators) => Ok(validators),
			None => frame_support::BoundedVec::try_from(T::Session::validators())
				.map_err(|_| Error::<T>::TooManyValidators),
		}
	}

	fn store(validators: frame_support::BoundedVec<T::AccountId, T::MaxValidators>) {
		Validators::<T>::put(validators);
		PendingChange::<T>::put(true);
	}

	/// The validators governance has chosen, whether or not they are active yet.
	pub fn validators() -> Vec<T::AccountId> {
		Self::governed_set()
			.map(|set| set.into_inner())
			.unwrap_or_else(|_| T::Session::validators())
	}

	/// Checks the pallet's invariants: a stored set has no duplicates and at least
	/// `MinValidators` members.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		if let Some(validators) = Validators::<T>::get() {
			let mut sorted = validators.clone().into_inner();
			sorted.sort();
			sorted.dedup();
			frame_support::ensure!(sorted.len() == validators.len(), "a validator is listed twice");
			frame_support::ensure!(
				validators.len() as u32 >= T::MinValidators::get(),
				"fewer validators than MinValidators"
			);
		} else {
			frame_support::ensure!(!PendingChange::<T>::get(), "a change is pending without a set");
		}
		Ok(())
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		if !PendingChange::<T>::take() {
			return None;
		}
		let validators = Validators::<T>::get()?.into_inner();
		Self::deposit_event(Event::ValidatorSetQueued {
			session: new_index,
			validators: validators.len() as u32,
		});
		Some(validators)
	}

	fn end_session(_: SessionIndex) {}

	fn start_session(_: SessionIndex) {}
}
