//! # DID pallet
//!
//! The identity layer of Polis: decentralized identifiers (DIDs) for citizens, agencies,
//! companies and devices; verifiable credentials attested by trusted issuers; and consent
//! grants that keep citizen data under the citizen's control. Other pallets couple to it only
//! through the traits of `polis-primitives`: [`CredentialCheck`] (with the
//! [`EnsureCredential`](polis_primitives::EnsureCredential) origin built on it) and
//! [`DeviceRegistry`].
//!
//! ## Identities
//!
//! A DID is identified by the account that creates it (`did:polis:<address>`), and that account
//! controls it. Its document holds keys by purpose (authentication, assertion, key agreement;
//! sr25519, ed25519 or ecdsa), service endpoints, and the blocks it was created and last updated
//! in. Rotating or removing a key retires it into the DID's key history, so signatures made
//! with it can still be checked. Deactivation is final: the DID is tombstoned and can never be
//! created again; its keys are retired into the key history, which stays, so what the DID
//! signed can still be verified.
//!
//! A DID registers devices (meters, sensors, gateways) by their public key, with a proof that
//! it holds the device key: the device key's signature of
//! `(DEVICE_PROOF_CONTEXT, genesis hash, DID, registration number)`, where the registration
//! number is the DID's `device_registrations` (removed devices included). A proof is good for
//! one registration: once a device is removed, registering it again needs a fresh one.
//! Revoking a device stops its feed at once: [`DeviceRegistry`] reports only active devices,
//! and [`OnDeviceRevoked`] tells the pallets that keep state per device (the sensor oracle's
//! feeds) when one is revoked, or removed while active.
//!
//! ## Credentials
//!
//! Anyone registers a credential schema (a name and the hash of its off-chain JSON schema).
//! The `IssuerOrigin` (governance) trusts DIDs as issuers of a schema. A trusted issuer attests
//! a claim hash about a subject DID under a schema, valid from a block and optionally until
//! one, optionally scoped to a region code (a district); the claim itself stays off chain. The
//! issuer revokes it with a reason code, or removes it. A credential is valid while the subject's
//! DID is active, the issuer is trusted and active, and it is in its validity window and not
//! revoked.
//!
//! ## Consent
//!
//! A subject grants an organisation's DID access to a named data category until a block, and
//! revokes it at any time. Data custodians check grants through the runtime API. Expired grants
//! can be cleaned up by anyone; the deposit goes back to the subject.
//!
//! ## Deposits
//!
//! Every record a user adds holds a deposit from the account that adds it: per DID, per key and
//! per service endpoint (returned on removal or at deactivation), per device, per schema, per
//! attestation (from the issuer) and per consent grant. Each record stores the amount it holds,
//! and exactly that is returned, whatever the deposit constants are by then. Schemas are
//! permanent, and so are a deactivated DID's tombstone and key history: their deposits stay
//! held.
//!
//! ## Limits
//!
//! - One DID per account, controlled by that account; control cannot be handed to another
//!   account (the account's own recovery, for example a multisig or proxy, covers that).
//! - The key history keeps the latest `MaxRetiredKeys` retired keys; older ones are dropped
//!   (with an event) when the history is full.
//! - At most `MaxIssuersPerSchema` trusted issuers per schema, so a credential check reads a
//!   bounded number of attestations; one attestation per (subject, schema, issuer).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::traits::{
	fungible::{Inspect, Mutate, MutateHold},
	tokens::Precision,
};
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_did_runtime_api::{
	CredentialStatus, DeviceView, DidDocumentView, DidResolution, KeyView, ServiceView,
};
use polis_primitives::{
	Credential, CredentialCheck, DeviceInfo, DeviceKind, DeviceRegistry, OnDeviceRevoked,
	PublicKey, SchemaId, ScopeCode,
};
use sp_runtime::{
	traits::{CheckedAdd, Zero},
	ArithmeticError, MultiSignature,
};

/// The balance type of the deposit currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Most devices `resolve` lists; `device_count` tells how many there are.
pub const RESOLVED_DEVICES: usize = 64;

/// The domain tag of the message a device key signs to prove it belongs to a DID.
pub const DEVICE_PROOF_CONTEXT: &[u8] = b"polis:device-registration";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_core::H256;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency deposits are held in.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Who decides which DIDs are trusted issuers of a schema.
		type IssuerOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Told when an active device is revoked or removed; its weight is charged on top of
		/// `revoke_device`'s and `remove_device`'s.
		type OnDeviceRevoked: OnDeviceRevoked;

		/// Deposit for a DID document.
		#[pallet::constant]
		type DidDeposit: Get<BalanceOf<Self>>;
		/// Deposit per key of a DID document.
		#[pallet::constant]
		type KeyDeposit: Get<BalanceOf<Self>>;
		/// Deposit per service endpoint.
		#[pallet::constant]
		type ServiceDeposit: Get<BalanceOf<Self>>;
		/// Deposit per registered device.
		#[pallet::constant]
		type DeviceDeposit: Get<BalanceOf<Self>>;
		/// Deposit per credential schema.
		#[pallet::constant]
		type SchemaDeposit: Get<BalanceOf<Self>>;
		/// Deposit per attestation, held from the issuer.
		#[pallet::constant]
		type AttestationDeposit: Get<BalanceOf<Self>>;
		/// Deposit per consent grant, held from the subject.
		#[pallet::constant]
		type ConsentDeposit: Get<BalanceOf<Self>>;

		/// Most keys a DID document holds at once.
		#[pallet::constant]
		type MaxKeys: Get<u32>;
		/// Most retired keys kept in a DID's key history.
		#[pallet::constant]
		type MaxRetiredKeys: Get<u32>;
		/// Most service endpoints of a DID document.
		#[pallet::constant]
		type MaxServices: Get<u32>;
		/// Longest service endpoint id, in bytes.
		#[pallet::constant]
		type MaxServiceIdLength: Get<u32>;
		/// Longest service endpoint type, in bytes.
		#[pallet::constant]
		type MaxServiceTypeLength: Get<u32>;
		/// Longest service endpoint URL, in bytes.
		#[pallet::constant]
		type MaxUrlLength: Get<u32>;
		/// Longest schema name, in bytes.
		#[pallet::constant]
		type MaxSchemaNameLength: Get<u32>;
		/// Most trusted issuers of one schema.
		#[pallet::constant]
		type MaxIssuersPerSchema: Get<u32>;
		/// Longest consent data category, in bytes.
		#[pallet::constant]
		type MaxCategoryLength: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A DID document with its keys and service endpoints.
		DidDeposit,
		/// A registered device.
		DeviceDeposit,
		/// A credential schema.
		SchemaDeposit,
		/// An attestation, held from its issuer.
		AttestationDeposit,
		/// A consent grant, held from its subject.
		ConsentDeposit,
	}

	/// A consent data category, such as `energy-consumption` or `health-records`.
	pub type CategoryOf<T> = BoundedVec<u8, <T as Config>::MaxCategoryLength>;

	/// Active DID documents by DID.
	#[pallet::storage]
	pub type Dids<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, DidDocument<T>>;

	/// Retired keys of each DID, oldest first.
	#[pallet::storage]
	pub type KeyHistory<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<RetiredKeyOf<T>, T::MaxRetiredKeys>,
		ValueQuery,
	>;

	/// Deactivated DIDs, when and with what deposit kept; they can never be re-created.
	#[pallet::storage]
	pub type Deactivated<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, Tombstone<T>>;

	/// Registered devices by device key.
	#[pallet::storage]
	pub type Devices<T: Config> = StorageMap<_, Blake2_128Concat, PublicKey, Device<T>>;

	/// The devices of each DID, for listing them.
	#[pallet::storage]
	pub type DevicesOf<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Blake2_128Concat, PublicKey, ()>;

	/// Credential schemas by id.
	#[pallet::storage]
	pub type Schemas<T: Config> = StorageMap<_, Blake2_128Concat, SchemaId, Schema<T>>;

	/// The id the next registered schema gets.
	#[pallet::storage]
	pub type NextSchemaId<T: Config> = StorageValue<_, SchemaId, ValueQuery>;

	/// Trusted issuer DIDs of each schema.
	#[pallet::storage]
	pub type TrustedIssuers<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		SchemaId,
		BoundedVec<T::AccountId, T::MaxIssuersPerSchema>,
		ValueQuery,
	>;

	/// Attestations by subject DID, schema and issuer DID.
	#[pallet::storage]
	pub type Attestations<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, SchemaId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		Attestation<T>,
	>;

	/// Consent grants by subject DID, organisation DID and data category.
	#[pallet::storage]
	pub type Consents<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, CategoryOf<T>>,
		),
		Consent<T>,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A DID was created with its first authentication key.
		DidCreated { did: T::AccountId, key_id: u32 },
		/// A key was added to a DID document.
		KeyAdded { did: T::AccountId, key_id: u32, purpose: KeyPurpose },
		/// A key was replaced: the old one is retired, the new one takes its purpose.
		KeyRotated { did: T::AccountId, retired_key_id: u32, new_key_id: u32 },
		/// A key was removed from the document and retired.
		KeyRemoved { did: T::AccountId, key_id: u32 },
		/// The oldest retired key was dropped from a full key history.
		RetiredKeyPruned { did: T::AccountId, key_id: u32 },
		/// A service endpoint was added.
		ServiceAdded { did: T::AccountId, service_id: Vec<u8> },
		/// A service endpoint was removed.
		ServiceRemoved { did: T::AccountId, service_id: Vec<u8> },
		/// A DID was deactivated for good; its keys' and services' deposits were returned.
		DidDeactivated { did: T::AccountId },
		/// A device was registered by a DID.
		DeviceRegistered { did: T::AccountId, device: PublicKey, kind: DeviceKind },
		/// A device was revoked: its readings are refused from now on.
		DeviceRevoked { did: T::AccountId, device: PublicKey },
		/// A device record was removed and its deposit returned.
		DeviceRemoved { did: T::AccountId, device: PublicKey },
		/// A credential schema was registered.
		SchemaRegistered { schema: SchemaId, creator: T::AccountId, hash: H256 },
		/// A DID became a trusted issuer of a schema.
		IssuerTrusted { schema: SchemaId, issuer: T::AccountId },
		/// A DID stopped being a trusted issuer of a schema.
		IssuerDistrusted { schema: SchemaId, issuer: T::AccountId },
		/// An issuer attested a claim about a subject.
		Attested { subject: T::AccountId, schema: SchemaId, issuer: T::AccountId, claim_hash: H256 },
		/// An issuer revoked an attestation.
		AttestationRevoked {
			subject: T::AccountId,
			schema: SchemaId,
			issuer: T::AccountId,
			reason: u16,
		},
		/// An issuer removed an attestation and got its deposit back.
		AttestationRemoved { subject: T::AccountId, schema: SchemaId, issuer: T::AccountId },
		/// A subject granted an organisation access to a data category.
		ConsentGranted {
			subject: T::AccountId,
			organisation: T::AccountId,
			category: Vec<u8>,
			expires_at: BlockNumberFor<T>,
		},
		/// A consent grant ended: revoked by its subject or cleaned up after expiry.
		ConsentRevoked { subject: T::AccountId, organisation: T::AccountId, category: Vec<u8> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account already has an active DID.
		DidAlreadyExists,
		/// The DID was deactivated and can never be used again.
		DidDeactivated,
		/// No active DID for this account.
		DidNotFound,
		/// The document already holds `MaxKeys` keys.
		TooManyKeys,
		/// The key is already in the document.
		DuplicateKey,
		/// No key with this id in the document.
		KeyNotFound,
		/// The last authentication key cannot be removed; rotate it instead.
		LastAuthenticationKey,
		/// The document already holds `MaxServices` service endpoints.
		TooManyServices,
		/// A service endpoint with this id exists.
		DuplicateService,
		/// No service endpoint with this id.
		ServiceNotFound,
		/// A service id, type or URL is empty, too long or not printable ASCII, or the URL
		/// has no scheme.
		InvalidService,
		/// The DID still has registered devices; remove them first.
		DevicesRemain,
		/// This device key is registered already.
		DeviceAlreadyRegistered,
		/// The signature does not prove that the device key belongs to this DID.
		InvalidDeviceProof,
		/// No such device.
		DeviceNotFound,
		/// The device belongs to another DID.
		NotDeviceOwner,
		/// The device is revoked already.
		DeviceAlreadyRevoked,
		/// A schema name is empty or too long.
		InvalidSchemaName,
		/// No schema with this id.
		SchemaNotFound,
		/// All schema ids are used.
		SchemaIdsExhausted,
		/// The DID is a trusted issuer of this schema already.
		AlreadyTrusted,
		/// The schema has `MaxIssuersPerSchema` trusted issuers.
		TooManyIssuers,
		/// The DID is not a trusted issuer of this schema.
		NotTrustedIssuer,
		/// The issuer attested this subject under this schema already.
		AlreadyAttested,
		/// `expires_at` is not after `valid_from`, or not in the future.
		InvalidValidity,
		/// No such attestation.
		AttestationNotFound,
		/// The attestation is revoked already.
		AlreadyRevoked,
		/// A consent category is empty or too long.
		InvalidCategory,
		/// The expiry of a consent grant is not in the future.
		ExpiryInPast,
		/// No such consent grant.
		ConsentNotFound,
		/// The consent grant has not expired yet.
		ConsentStillActive,
		/// A subject cannot grant consent to itself.
		SelfConsent,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Creates the caller's DID with a first authentication key.
		///
		/// Holds `DidDeposit + KeyDeposit`. Fails if the caller has a DID, or had one that was
		/// deactivated.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create())]
		pub fn create(origin: OriginFor<T>, authentication_key: PublicKey) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!Dids::<T>::contains_key(&who), Error::<T>::DidAlreadyExists);
			ensure!(!Deactivated::<T>::contains_key(&who), Error::<T>::DidDeactivated);
			let (deposit, key_deposit) = (T::DidDeposit::get(), T::KeyDeposit::get());
			let total = deposit.checked_add(&key_deposit).ok_or(ArithmeticError::Overflow)?;
			Self::hold(&who, total)?;
			let now = Self::now();
			let key = DidKey {
				id: 0,
				purpose: KeyPurpose::Authentication,
				public: authentication_key,
				added: now,
				deposit: key_deposit,
			};
			let keys =
				BoundedVec::try_from(alloc::vec![key]).map_err(|_| Error::<T>::TooManyKeys)?;
			Dids::<T>::insert(
				&who,
				DidDocument {
					controller: who.clone(),
					public_keys: keys,
					services: BoundedVec::new(),
					devices: 0,
					created: now,
					updated: now,
					next_key_id: 1,
					device_registrations: 0,
					deposit,
				},
			);
			Self::deposit_event(Event::DidCreated { did: who, key_id: 0 });
			Ok(())
		}

		/// Adds a key for `purpose` to the caller's DID. Holds `KeyDeposit`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::add_key())]
		pub fn add_key(
			origin: OriginFor<T>,
			purpose: KeyPurpose,
			public: PublicKey,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut document = Self::document(&who)?;
			ensure!(
				!document.public_keys.iter().any(|k| k.public == public),
				Error::<T>::DuplicateKey
			);
			let key_id = document.next_key_id;
			let deposit = T::KeyDeposit::get();
			let key = DidKey { id: key_id, purpose, public, added: Self::now(), deposit };
			document.public_keys.try_push(key).map_err(|_| Error::<T>::TooManyKeys)?;
			document.next_key_id = key_id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			Self::hold(&who, deposit)?;
			Self::store(&who, document);
			Self::deposit_event(Event::KeyAdded { did: who, key_id, purpose });
			Ok(())
		}

		/// Replaces key `key_id` with `new_public` for the same purpose; the old key is retired
		/// into the key history. The deposit carries over.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::rotate_key())]
		pub fn rotate_key(
			origin: OriginFor<T>,
			key_id: u32,
			new_public: PublicKey,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut document = Self::document(&who)?;
			ensure!(
				!document.public_keys.iter().any(|k| k.public == new_public),
				Error::<T>::DuplicateKey
			);
			let position = document
				.public_keys
				.iter()
				.position(|k| k.id == key_id)
				.ok_or(Error::<T>::KeyNotFound)?;
			let new_key_id = document.next_key_id;
			document.next_key_id = new_key_id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			let now = Self::now();
			let replaced = &document.public_keys[position];
			let new_key = DidKey {
				id: new_key_id,
				purpose: replaced.purpose,
				public: new_public,
				added: now,
				deposit: replaced.deposit,
			};
			let retired = core::mem::replace(&mut document.public_keys[position], new_key);
			Self::retire(&who, retired, now);
			Self::store(&who, document);
			Self::deposit_event(Event::KeyRotated { did: who, retired_key_id: key_id, new_key_id });
			Ok(())
		}

		/// Removes key `key_id` and retires it into the key history; returns its deposit.
		/// The last authentication key cannot be removed.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::remove_key())]
		pub fn remove_key(origin: OriginFor<T>, key_id: u32) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut document = Self::document(&who)?;
			let position = document
				.public_keys
				.iter()
				.position(|k| k.id == key_id)
				.ok_or(Error::<T>::KeyNotFound)?;
			let authentication_keys = document
				.public_keys
				.iter()
				.filter(|k| k.purpose == KeyPurpose::Authentication)
				.count();
			ensure!(
				document.public_keys[position].purpose != KeyPurpose::Authentication
					|| authentication_keys > 1,
				Error::<T>::LastAuthenticationKey
			);
			let removed = document.public_keys.remove(position);
			Self::release(HoldReason::DidDeposit, &who, removed.deposit)?;
			Self::retire(&who, removed, Self::now());
			Self::store(&who, document);
			Self::deposit_event(Event::KeyRemoved { did: who, key_id });
			Ok(())
		}

		/// Adds a service endpoint to the caller's DID. Holds `ServiceDeposit`.
		///
		/// Id, type and URL must be non-empty printable ASCII, and the URL must have a scheme
		/// (`https:`, `did:`, ...).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::add_service())]
		pub fn add_service(
			origin: OriginFor<T>,
			id: BoundedVec<u8, T::MaxServiceIdLength>,
			service_type: BoundedVec<u8, T::MaxServiceTypeLength>,
			url: BoundedVec<u8, T::MaxUrlLength>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut document = Self::document(&who)?;
			ensure!(
				is_printable(&id) && is_printable(&service_type) && is_url(&url),
				Error::<T>::InvalidService
			);
			ensure!(!document.services.iter().any(|s| s.id == id), Error::<T>::DuplicateService);
			let service_id = id.to_vec();
			let deposit = T::ServiceDeposit::get();
			document
				.services
				.try_push(ServiceEndpoint { id, service_type, url, deposit })
				.map_err(|_| Error::<T>::TooManyServices)?;
			Self::hold(&who, deposit)?;
			Self::store(&who, document);
			Self::deposit_event(Event::ServiceAdded { did: who, service_id });
			Ok(())
		}

		/// Removes a service endpoint of the caller's DID and returns its deposit.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::remove_service())]
		pub fn remove_service(
			origin: OriginFor<T>,
			id: BoundedVec<u8, T::MaxServiceIdLength>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut document = Self::document(&who)?;
			let position = document
				.services
				.iter()
				.position(|s| s.id == id)
				.ok_or(Error::<T>::ServiceNotFound)?;
			let removed = document.services.remove(position);
			Self::release(HoldReason::DidDeposit, &who, removed.deposit)?;
			Self::store(&who, document);
			Self::deposit_event(Event::ServiceRemoved { did: who, service_id: id.to_vec() });
			Ok(())
		}

		/// Deactivates the caller's DID for good: retires its keys into the key history, which
		/// stays with a tombstone holding the document's deposit, removes the document and
		/// returns its keys' and services' deposits. Its devices must be removed first (each
		/// returns its own deposit). Attestations and consent grants keep their own deposits;
		/// their issuers and subjects remove them.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::deactivate())]
		pub fn deactivate(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let document = Self::document(&who)?;
			ensure!(document.devices == 0, Error::<T>::DevicesRemain);
			let now = Self::now();
			let mut returned = Zero::zero();
			for item in document.services.iter().map(|service| service.deposit) {
				returned = item.checked_add(&returned).ok_or(ArithmeticError::Overflow)?;
			}
			for key in document.public_keys {
				returned = key.deposit.checked_add(&returned).ok_or(ArithmeticError::Overflow)?;
				Self::retire(&who, key, now);
			}
			Self::release(HoldReason::DidDeposit, &who, returned)?;
			Dids::<T>::remove(&who);
			Deactivated::<T>::insert(
				&who,
				Tombstone { deactivated: now, deposit: document.deposit },
			);
			Self::deposit_event(Event::DidDeactivated { did: who });
			Ok(())
		}

		/// Registers a device key under the caller's DID. Holds `DeviceDeposit`.
		///
		/// `proof` is the device key's signature of
		/// `(DEVICE_PROOF_CONTEXT, genesis hash, did)` SCALE-encoded, so nobody registers a key
		/// they do not hold, and a proof cannot be replayed for another DID or chain.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::register_device())]
		pub fn register_device(
			origin: OriginFor<T>,
			device: PublicKey,
			kind: DeviceKind,
			metadata: Option<H256>,
			proof: MultiSignature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut document = Self::document(&who)?;
			ensure!(!Devices::<T>::contains_key(device), Error::<T>::DeviceAlreadyRegistered);
			let registration = document.device_registrations;
			ensure!(
				device.verify(&Self::device_proof_message(&who, registration), &proof),
				Error::<T>::InvalidDeviceProof
			);
			document.device_registrations =
				registration.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			document.devices = document.devices.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			let deposit = T::DeviceDeposit::get();
			T::Currency::hold(&HoldReason::DeviceDeposit.into(), &who, deposit)?;
			let now = Self::now();
			Devices::<T>::insert(
				device,
				Device {
					owner: who.clone(),
					kind,
					metadata,
					registered: now,
					status: DeviceStatus::Active,
					deposit,
				},
			);
			DevicesOf::<T>::insert(&who, device, ());
			Self::store(&who, document);
			Self::deposit_event(Event::DeviceRegistered { did: who, device, kind });
			Ok(())
		}

		/// Revokes a device of the caller's DID: its readings are refused from this block on.
		/// The record stays (so its past readings remain attributable) until removed.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::revoke_device().saturating_add(T::OnDeviceRevoked::weight()))]
		pub fn revoke_device(origin: OriginFor<T>, device: PublicKey) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut record = Self::owned_device(&who, &device)?;
			ensure!(record.status == DeviceStatus::Active, Error::<T>::DeviceAlreadyRevoked);
			record.status = DeviceStatus::Revoked(Self::now());
			Devices::<T>::insert(device, record);
			T::OnDeviceRevoked::device_revoked(&device);
			Self::deposit_event(Event::DeviceRevoked { did: who, device });
			Ok(())
		}

		/// Removes a device record of the caller's DID (active or revoked) and returns its
		/// deposit. The key can then be registered again, with a fresh proof.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::remove_device().saturating_add(T::OnDeviceRevoked::weight()))]
		pub fn remove_device(
			origin: OriginFor<T>,
			device: PublicKey,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let record = Self::owned_device(&who, &device)?;
			let mut document = Self::document(&who)?;
			document.devices = document.devices.checked_sub(1).ok_or(ArithmeticError::Underflow)?;
			Self::release(HoldReason::DeviceDeposit, &who, record.deposit)?;
			Devices::<T>::remove(device);
			DevicesOf::<T>::remove(&who, device);
			Self::store(&who, document);
			Self::deposit_event(Event::DeviceRemoved { did: who, device });
			if record.status == DeviceStatus::Active {
				T::OnDeviceRevoked::device_revoked(&device);
				return Ok(().into());
			}
			Ok(Some(T::WeightInfo::remove_device()).into())
		}

		/// Registers a credential schema: a name and the hash of its off-chain JSON schema.
		/// Holds `SchemaDeposit` for good. Any account may register one.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::register_schema())]
		pub fn register_schema(
			origin: OriginFor<T>,
			name: BoundedVec<u8, T::MaxSchemaNameLength>,
			hash: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(is_printable(&name), Error::<T>::InvalidSchemaName);
			let schema = NextSchemaId::<T>::get();
			let next = schema.checked_add(1).ok_or(Error::<T>::SchemaIdsExhausted)?;
			let deposit = T::SchemaDeposit::get();
			T::Currency::hold(&HoldReason::SchemaDeposit.into(), &who, deposit)?;
			Schemas::<T>::insert(
				schema,
				Schema { creator: who.clone(), name, hash, created: Self::now(), deposit },
			);
			NextSchemaId::<T>::put(next);
			Self::deposit_event(Event::SchemaRegistered { schema, creator: who, hash });
			Ok(())
		}

		/// Trusts the DID `issuer` to attest credentials of `schema`. `IssuerOrigin` only.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::add_trusted_issuer())]
		pub fn add_trusted_issuer(
			origin: OriginFor<T>,
			schema: SchemaId,
			issuer: T::AccountId,
		) -> DispatchResult {
			T::IssuerOrigin::ensure_origin(origin)?;
			ensure!(Schemas::<T>::contains_key(schema), Error::<T>::SchemaNotFound);
			ensure!(Dids::<T>::contains_key(&issuer), Error::<T>::DidNotFound);
			TrustedIssuers::<T>::try_mutate(schema, |issuers| {
				ensure!(!issuers.contains(&issuer), Error::<T>::AlreadyTrusted);
				issuers.try_push(issuer.clone()).map_err(|_| Error::<T>::TooManyIssuers)
			})?;
			Self::deposit_event(Event::IssuerTrusted { schema, issuer });
			Ok(())
		}

		/// Stops trusting `issuer` for `schema`; its credentials of the schema stop being
		/// valid at once. `IssuerOrigin` only.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::remove_trusted_issuer())]
		pub fn remove_trusted_issuer(
			origin: OriginFor<T>,
			schema: SchemaId,
			issuer: T::AccountId,
		) -> DispatchResult {
			T::IssuerOrigin::ensure_origin(origin)?;
			TrustedIssuers::<T>::try_mutate(schema, |issuers| {
				let position = issuers
					.iter()
					.position(|i| *i == issuer)
					.ok_or(Error::<T>::NotTrustedIssuer)?;
				issuers.remove(position);
				Ok::<_, Error<T>>(())
			})?;
			Self::deposit_event(Event::IssuerDistrusted { schema, issuer });
			Ok(())
		}

		/// Attests, as a trusted issuer of `schema`, the claim with hash `claim_hash` about
		/// the DID `subject`, valid from `valid_from` (a block) until `expires_at` if given,
		/// restricted to region `scope` if given. Holds `AttestationDeposit` from the issuer.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::attest())]
		pub fn attest(
			origin: OriginFor<T>,
			subject: T::AccountId,
			schema: SchemaId,
			claim_hash: H256,
			valid_from: BlockNumberFor<T>,
			expires_at: Option<BlockNumberFor<T>>,
			scope: Option<ScopeCode>,
		) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			Self::document(&issuer)?;
			ensure!(Schemas::<T>::contains_key(schema), Error::<T>::SchemaNotFound);
			ensure!(Self::is_trusted(schema, &issuer), Error::<T>::NotTrustedIssuer);
			ensure!(Dids::<T>::contains_key(&subject), Error::<T>::DidNotFound);
			ensure!(
				!Attestations::<T>::contains_key((&subject, schema, &issuer)),
				Error::<T>::AlreadyAttested
			);
			let now = Self::now();
			if let Some(expires_at) = expires_at {
				ensure!(expires_at > valid_from && expires_at > now, Error::<T>::InvalidValidity);
			}
			let deposit = T::AttestationDeposit::get();
			T::Currency::hold(&HoldReason::AttestationDeposit.into(), &issuer, deposit)?;
			Attestations::<T>::insert(
				(&subject, schema, &issuer),
				Attestation {
					claim_hash,
					issued_at: now,
					valid_from,
					expires_at,
					scope,
					revoked: None,
					deposit,
				},
			);
			Self::deposit_event(Event::Attested { subject, schema, issuer, claim_hash });
			Ok(())
		}

		/// Revokes, as its issuer, the attestation about `subject` under `schema`, with a
		/// reason code. The record stays, so verifiers see it was revoked and why.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::revoke_attestation())]
		pub fn revoke_attestation(
			origin: OriginFor<T>,
			subject: T::AccountId,
			schema: SchemaId,
			reason: u16,
		) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			Attestations::<T>::try_mutate((&subject, schema, &issuer), |attestation| {
				let attestation = attestation.as_mut().ok_or(Error::<T>::AttestationNotFound)?;
				ensure!(attestation.revoked.is_none(), Error::<T>::AlreadyRevoked);
				attestation.revoked = Some(Revocation { at: Self::now(), reason });
				Ok::<_, Error<T>>(())
			})?;
			Self::deposit_event(Event::AttestationRevoked { subject, schema, issuer, reason });
			Ok(())
		}

		/// Removes, as its issuer, the attestation about `subject` under `schema` and returns
		/// its deposit. Works after the issuer's or subject's DID is deactivated, too.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::remove_attestation())]
		pub fn remove_attestation(
			origin: OriginFor<T>,
			subject: T::AccountId,
			schema: SchemaId,
		) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			let attestation = Attestations::<T>::get((&subject, schema, &issuer))
				.ok_or(Error::<T>::AttestationNotFound)?;
			Self::release(HoldReason::AttestationDeposit, &issuer, attestation.deposit)?;
			Attestations::<T>::remove((&subject, schema, &issuer));
			Self::deposit_event(Event::AttestationRemoved { subject, schema, issuer });
			Ok(())
		}

		/// Grants the DID `organisation` access to the caller's data of `category` until
		/// block `expires_at` (exclusive). Granting again updates the expiry. Holds
		/// `ConsentDeposit` for a new grant.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::grant_consent())]
		pub fn grant_consent(
			origin: OriginFor<T>,
			organisation: T::AccountId,
			category: CategoryOf<T>,
			expires_at: BlockNumberFor<T>,
		) -> DispatchResult {
			let subject = ensure_signed(origin)?;
			Self::document(&subject)?;
			ensure!(subject != organisation, Error::<T>::SelfConsent);
			ensure!(Dids::<T>::contains_key(&organisation), Error::<T>::DidNotFound);
			ensure!(is_printable(&category), Error::<T>::InvalidCategory);
			let now = Self::now();
			ensure!(expires_at > now, Error::<T>::ExpiryInPast);
			let key = (&subject, &organisation, &category);
			let deposit = match Consents::<T>::get(key) {
				Some(existing) => existing.deposit,
				None => {
					let deposit = T::ConsentDeposit::get();
					T::Currency::hold(&HoldReason::ConsentDeposit.into(), &subject, deposit)?;
					deposit
				},
			};
			Consents::<T>::insert(key, Consent { granted_at: now, expires_at, deposit });
			Self::deposit_event(Event::ConsentGranted {
				subject,
				organisation,
				category: category.to_vec(),
				expires_at,
			});
			Ok(())
		}

		/// Revokes the caller's grant to `organisation` for `category` at once, and returns
		/// its deposit. Works after the caller's DID is deactivated, too.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::revoke_consent())]
		pub fn revoke_consent(
			origin: OriginFor<T>,
			organisation: T::AccountId,
			category: CategoryOf<T>,
		) -> DispatchResult {
			let subject = ensure_signed(origin)?;
			Self::end_consent(subject, organisation, category)
		}

		/// Cleans up an expired consent grant; anyone may call it. The deposit goes back to the
		/// subject.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::remove_expired_consent())]
		pub fn remove_expired_consent(
			origin: OriginFor<T>,
			subject: T::AccountId,
			organisation: T::AccountId,
			category: CategoryOf<T>,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let consent = Consents::<T>::get((&subject, &organisation, &category))
				.ok_or(Error::<T>::ConsentNotFound)?;
			ensure!(consent.expires_at <= Self::now(), Error::<T>::ConsentStillActive);
			Self::end_consent(subject, organisation, category)
		}
	}

	impl<T: Config> Pallet<T> {
		pub(crate) fn now() -> BlockNumberFor<T> {
			frame_system::Pallet::<T>::block_number()
		}

		/// The active document of `did`.
		fn document(did: &T::AccountId) -> Result<DidDocument<T>, Error<T>> {
			Dids::<T>::get(did).ok_or_else(|| {
				if Deactivated::<T>::contains_key(did) {
					Error::<T>::DidDeactivated
				} else {
					Error::<T>::DidNotFound
				}
			})
		}

		/// Saves a changed document, stamping it as updated now.
		fn store(did: &T::AccountId, mut document: DidDocument<T>) {
			document.updated = Self::now();
			Dids::<T>::insert(did, document);
		}

		/// The device record for `device`, if `owner` registered it.
		fn owned_device(owner: &T::AccountId, device: &PublicKey) -> Result<Device<T>, Error<T>> {
			let record = Devices::<T>::get(device).ok_or(Error::<T>::DeviceNotFound)?;
			ensure!(record.owner == *owner, Error::<T>::NotDeviceOwner);
			Ok(record)
		}

		/// Holds `amount` from `did` for its document, a key or a service endpoint.
		fn hold(did: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
			T::Currency::hold(&HoldReason::DidDeposit.into(), did, amount)
		}

		fn release(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
			T::Currency::release(&reason.into(), who, amount, Precision::Exact).map(|_| ())
		}

		/// Moves `key` into the DID's key history, dropping the oldest entry if it is full.
		fn retire(did: &T::AccountId, key: KeyOf<T>, now: BlockNumberFor<T>) {
			KeyHistory::<T>::mutate(did, |history| {
				let retired = RetiredKey { key, retired: now };
				if let Err(retired) = history.try_push(retired) {
					if !history.is_empty() {
						let pruned = history.remove(0);
						Self::deposit_event(Event::RetiredKeyPruned {
							did: did.clone(),
							key_id: pruned.key.id,
						});
					}
					// Room was just made, unless `MaxRetiredKeys` is zero and nothing is kept.
					let _ = history.try_push(retired);
				}
			});
		}

		fn end_consent(
			subject: T::AccountId,
			organisation: T::AccountId,
			category: CategoryOf<T>,
		) -> DispatchResult {
			let consent = Consents::<T>::take((&subject, &organisation, &category))
				.ok_or(Error::<T>::ConsentNotFound)?;
			Self::release(HoldReason::ConsentDeposit, &subject, consent.deposit)?;
			Self::deposit_event(Event::ConsentRevoked {
				subject,
				organisation,
				category: category.to_vec(),
			});
			Ok(())
		}

		fn is_trusted(schema: SchemaId, issuer: &T::AccountId) -> bool {
			TrustedIssuers::<T>::get(schema).contains(issuer)
		}

		/// The message a device key signs to prove it belongs to `did` on this chain, for the
		/// DID's device registration number `registration`.
		pub fn device_proof_message(did: &T::AccountId, registration: u32) -> Vec<u8> {
			let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
			(DEVICE_PROOF_CONTEXT, genesis, did, registration).encode()
		}

		/// The status of the attestation `issuer` made about `subject` under `schema`.
		pub fn credential_status(
			subject: &T::AccountId,
			schema: SchemaId,
			issuer: &T::AccountId,
		) -> CredentialStatus<BlockNumberFor<T>> {
			let Some(attestation) = Attestations::<T>::get((subject, schema, issuer)) else {
				return CredentialStatus::Unknown;
			};
			let issuer_trusted =
				Dids::<T>::contains_key(issuer) && Self::is_trusted(schema, issuer);
			Self::status_of(attestation, Dids::<T>::contains_key(subject), issuer_trusted)
		}

		/// The status of `attestation`, given whether its subject's DID is active and its
		/// issuer active and trusted for the schema.
		pub(crate) fn status_of(
			attestation: Attestation<T>,
			subject_active: bool,
			issuer_trusted: bool,
		) -> CredentialStatus<BlockNumberFor<T>> {
			let now = Self::now();
			if !subject_active {
				CredentialStatus::SubjectDeactivated
			} else if let Some(revocation) = attestation.revoked {
				CredentialStatus::Revoked { at: revocation.at, reason: revocation.reason }
			} else if !issuer_trusted {
				CredentialStatus::IssuerNotTrusted
			} else if now < attestation.valid_from {
				CredentialStatus::NotYetValid { valid_from: attestation.valid_from }
			} else if let Some(at) = attestation.expires_at.filter(|at| now >= *at) {
				CredentialStatus::Expired { at }
			} else {
				CredentialStatus::Valid {
					claim_hash: attestation.claim_hash,
					issued_at: attestation.issued_at,
					scope: attestation.scope,
				}
			}
		}

		/// Whether `subject` currently grants `organisation` access to data of `category`.
		pub fn consent_granted(
			subject: &T::AccountId,
			organisation: &T::AccountId,
			category: &[u8],
		) -> bool {
			let Ok(category) = CategoryOf::<T>::try_from(category.to_vec()) else {
				return false;
			};
			Dids::<T>::contains_key(subject)
				&& Consents::<T>::get((subject, organisation, &category))
					.is_some_and(|consent| Self::now() < consent.expires_at)
		}

		/// The document of `did` with its key history and devices, or its deactivation block.
		pub fn resolve(
			did: &T::AccountId,
		) -> Option<DidResolution<T::AccountId, BlockNumberFor<T>>> {
			let mut keys: Vec<_> = KeyHistory::<T>::get(did)
				.into_iter()
				.map(|retired| key_view(retired.key, Some(retired.retired)))
				.collect();
			if let Some(tombstone) = Deactivated::<T>::get(did) {
				return Some(DidResolution::Deactivated {
					at: tombstone.deactivated,
					public_keys: keys,
				});
			}
			let document = Dids::<T>::get(did)?;
			keys.extend(document.public_keys.into_iter().map(|key| key_view(key, None)));
			let services = document
				.services
				.into_iter()
				.map(|s| ServiceView {
					id: s.id.into_inner(),
					service_type: s.service_type.into_inner(),
					url: s.url.into_inner(),
				})
				.collect();
			let devices = DevicesOf::<T>::iter_key_prefix(did)
				.take(RESOLVED_DEVICES)
				.filter_map(|key| {
					let device = Devices::<T>::get(key)?;
					Some(DeviceView {
						key,
						kind: device.kind,
						metadata: device.metadata,
						registered: device.registered,
						revoked: match device.status {
							DeviceStatus::Active => None,
							DeviceStatus::Revoked(at) => Some(at),
						},
					})
				})
				.collect();
			Some(DidResolution::Active(DidDocumentView {
				did: did.clone(),
				controller: document.controller,
				public_keys: keys,
				services,
				devices,
				device_count: document.devices,
				created: document.created,
				updated: document.updated,
			}))
		}

		/// Checks the pallet's invariants:
		/// - what each document, its keys and services and each tombstone record as held is what
		///   is held from their controller (plus nothing else);
		/// - each document has an authentication key, unique key ids below `next_key_id`;
		/// - devices and their owners' listings agree, and device deposits are held;
		/// - no DID is both active and deactivated;
		/// - trusted issuers are unique and of registered schemas;
		/// - attestation and consent deposits are held from their issuer and subject.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			use alloc::collections::btree_map::BTreeMap;
			use frame_support::traits::fungible::InspectHold;

			let add = |map: &mut BTreeMap<T::AccountId, BalanceOf<T>>,
			           who: &T::AccountId,
			           amount: BalanceOf<T>|
			 -> Result<(), sp_runtime::TryRuntimeError> {
				let entry = map.entry(who.clone()).or_insert_with(Zero::zero);
				*entry = entry.checked_add(&amount).ok_or("deposit sum overflows")?;
				Ok(())
			};

			let mut did_held = BTreeMap::new();
			let mut device_held = BTreeMap::new();
			for (did, document) in Dids::<T>::iter() {
				ensure!(!Deactivated::<T>::contains_key(&did), "a DID is active and deactivated");
				ensure!(document.controller == did, "a DID is controlled by another account");
				ensure!(
					document.public_keys.iter().any(|k| k.purpose == KeyPurpose::Authentication),
					"a DID has no authentication key"
				);
				let mut ids: Vec<u32> = document.public_keys.iter().map(|k| k.id).collect();
				ids.sort_unstable();
				ids.dedup();
				ensure!(ids.len() == document.public_keys.len(), "duplicate key ids");
				ensure!(
					ids.iter().all(|id| *id < document.next_key_id),
					"a key id is not below next_key_id"
				);
				add(&mut did_held, &did, document.deposit)?;
				for key in &document.public_keys {
					add(&mut did_held, &did, key.deposit)?;
				}
				for service in &document.services {
					add(&mut did_held, &did, service.deposit)?;
				}
				ensure!(
					DevicesOf::<T>::iter_key_prefix(&did).count() as u32 == document.devices,
					"a DID's device count differs from its devices"
				);
			}
			for (did, tombstone) in Deactivated::<T>::iter() {
				add(&mut did_held, &did, tombstone.deposit)?;
			}
			ensure!(
				KeyHistory::<T>::iter_keys().all(
					|did| Dids::<T>::contains_key(&did) || Deactivated::<T>::contains_key(&did)
				),
				"a key history outlives its DID's document and tombstone"
			);
			for (device, record) in Devices::<T>::iter() {
				ensure!(
					Dids::<T>::contains_key(&record.owner),
					"a device's owner DID is not active"
				);
				ensure!(
					DevicesOf::<T>::contains_key(&record.owner, device),
					"a device is not listed under its owner"
				);
				add(&mut device_held, &record.owner, record.deposit)?;
			}
			for (owner, device, ()) in DevicesOf::<T>::iter() {
				ensure!(
					Devices::<T>::get(device).is_some_and(|record| record.owner == owner),
					"a DID lists a device it does not own"
				);
			}
			for (reason, held) in
				[(HoldReason::DidDeposit, did_held), (HoldReason::DeviceDeposit, device_held)]
			{
				for (who, amount) in held {
					ensure!(
						T::Currency::balance_on_hold(&reason.into(), &who) == amount,
						"held DID or device deposits differ from the records"
					);
				}
			}

			let schemas = NextSchemaId::<T>::get();
			for (schema, _) in Schemas::<T>::iter() {
				ensure!(schema < schemas, "a schema id is not below NextSchemaId");
			}
			for (schema, issuers) in TrustedIssuers::<T>::iter() {
				ensure!(Schemas::<T>::contains_key(schema), "issuers of an unknown schema");
				let mut sorted = issuers.into_inner();
				let count = sorted.len();
				sorted.sort();
				sorted.dedup();
				ensure!(sorted.len() == count, "an issuer is trusted twice for one schema");
			}

			let mut attestation_held = BTreeMap::new();
			for ((_, _, issuer), attestation) in Attestations::<T>::iter() {
				add(&mut attestation_held, &issuer, attestation.deposit)?;
			}
			for (issuer, amount) in attestation_held {
				ensure!(
					T::Currency::balance_on_hold(&HoldReason::AttestationDeposit.into(), &issuer)
						== amount,
					"held attestation deposits differ from the records"
				);
			}
			let mut consent_held = BTreeMap::new();
			for ((subject, _, _), consent) in Consents::<T>::iter() {
				add(&mut consent_held, &subject, consent.deposit)?;
			}
			for (subject, amount) in consent_held {
				ensure!(
					T::Currency::balance_on_hold(&HoldReason::ConsentDeposit.into(), &subject)
						== amount,
					"held consent deposits differ from the records"
				);
			}
			Ok(())
		}
	}
}

fn key_view<BlockNumber, Balance>(
	key: DidKey<BlockNumber, Balance>,
	retired: Option<BlockNumber>,
) -> KeyView<BlockNumber> {
	KeyView { id: key.id, purpose: key.purpose, public: key.public, added: key.added, retired }
}

/// Non-empty and only printable ASCII (no spaces or control characters).
fn is_printable(bytes: &[u8]) -> bool {
	!bytes.is_empty() && bytes.iter().all(|b| b.is_ascii_graphic())
}

/// Printable, with a scheme: letters, then `:`, then something.
fn is_url(bytes: &[u8]) -> bool {
	let Some(colon) = bytes.iter().position(|b| *b == b':') else { return false };
	is_printable(bytes)
		&& colon > 0
		&& colon + 1 < bytes.len()
		&& bytes[..colon]
			.iter()
			.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
		&& bytes[0].is_ascii_alphabetic()
}

impl<T: Config> CredentialCheck<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	type DidId = T::AccountId;

	fn did_of(who: &T::AccountId) -> Option<T::AccountId> {
		Dids::<T>::contains_key(who).then(|| who.clone())
	}

	fn valid_credential(
		who: &T::AccountId,
		schema: SchemaId,
		issued_before: Option<BlockNumberFor<T>>,
		scope: Option<ScopeCode>,
	) -> Option<Credential<T::AccountId, BlockNumberFor<T>>> {
		if !Dids::<T>::contains_key(who) {
			return None;
		}
		// Bounded: at most `MaxIssuersPerSchema` trusted issuers, one attestation each; the
		// subject and the trust list are read once, not once per issuer.
		TrustedIssuers::<T>::get(schema).into_iter().find_map(|issuer| {
			let attestation = Attestations::<T>::get((who, schema, &issuer))?;
			match Self::status_of(attestation, true, Dids::<T>::contains_key(&issuer)) {
				CredentialStatus::Valid { issued_at, scope: held_scope, .. }
					if issued_before.is_none_or(|before| issued_at < before)
						&& (scope.is_none() || scope == held_scope) =>
				{
					Some(Credential { subject: who.clone(), issuer, issued_at, scope: held_scope })
				},
				_ => None,
			}
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn issue_for_benchmark(who: &T::AccountId, schema: SchemaId, scope: Option<ScopeCode>) {
		benchmarking::issue_credential::<T>(who, schema, scope);
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn revoke_for_benchmark(who: &T::AccountId, schema: SchemaId) {
		benchmarking::revoke_credential::<T>(who, schema);
	}
}

impl<T: Config> DeviceRegistry<T::AccountId> for Pallet<T> {
	fn active_device(key: &PublicKey) -> Option<DeviceInfo<T::AccountId>> {
		Devices::<T>::get(key)
			.filter(|device| device.status == DeviceStatus::Active)
			.map(|device| DeviceInfo { owner: device.owner, kind: device.kind })
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmark(key: PublicKey, kind: DeviceKind) -> T::AccountId {
		benchmarking::register_device::<T>(key, kind)
	}
}
