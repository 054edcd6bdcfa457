//! The records the DID pallet stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use polis_primitives::{DeviceKind, PublicKey, ScopeCode};
use scale_info::TypeInfo;
use sp_core::H256;

pub use pallet_did_runtime_api::KeyPurpose;

use crate::{BalanceOf, Config};
use frame_system::pallet_prelude::BlockNumberFor;

/// A key of a DID document, published for a purpose.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct DidKey<BlockNumber, Balance> {
	/// Unique within the DID, never reused.
	pub id: u32,
	pub purpose: KeyPurpose,
	pub public: PublicKey,
	/// The block in which the key was added.
	pub added: BlockNumber,
	/// Held from the controller while the key is in the document, returned when it leaves.
	pub deposit: Balance,
}

/// A key of a DID document as stored for `T`.
pub type KeyOf<T> = DidKey<BlockNumberFor<T>, BalanceOf<T>>;

/// A key that was rotated out or removed, kept so that old signatures can still be checked.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct RetiredKey<BlockNumber, Balance> {
	/// The key as it was in the document (its deposit was returned when it retired).
	pub key: DidKey<BlockNumber, Balance>,
	/// The block from which the key no longer speaks for the DID.
	pub retired: BlockNumber,
}

/// A retired key as stored for `T`.
pub type RetiredKeyOf<T> = RetiredKey<BlockNumberFor<T>, BalanceOf<T>>;

/// A service endpoint of a DID document: an id, a type (`LinkedDomains`, `DIDCommMessaging`,
/// ...) and a URL, all printable ASCII.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct ServiceEndpoint<T: Config> {
	pub id: BoundedVec<u8, T::MaxServiceIdLength>,
	pub service_type: BoundedVec<u8, T::MaxServiceTypeLength>,
	pub url: BoundedVec<u8, T::MaxUrlLength>,
	/// Held from the controller while the endpoint is in the document.
	pub deposit: BalanceOf<T>,
}

/// A DID document, controlled by the account that is also the DID's identifier.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct DidDocument<T: Config> {
	pub controller: T::AccountId,
	pub public_keys: BoundedVec<KeyOf<T>, T::MaxKeys>,
	pub services: BoundedVec<ServiceEndpoint<T>, T::MaxServices>,
	/// How many devices this DID has registered (and not removed).
	pub devices: u32,
	pub created: BlockNumberFor<T>,
	pub updated: BlockNumberFor<T>,
	/// The id the next added key gets.
	pub next_key_id: u32,
	/// Devices registered so far, removed ones included: a device proof signs the number of
	/// the registration it is for, so it is good for one registration only.
	pub device_registrations: u32,
	/// Held from the controller for the document and its key history (keys and service
	/// endpoints hold their own); kept for the tombstone after deactivation.
	pub deposit: BalanceOf<T>,
}

/// What stays of a deactivated DID: its key history, and this.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Tombstone<T: Config> {
	/// The block in which the DID was deactivated.
	pub deactivated: BlockNumberFor<T>,
	/// The document's deposit, held for good from the former controller.
	pub deposit: BalanceOf<T>,
}

/// Whether a device may publish.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum DeviceStatus<BlockNumber> {
	Active,
	/// Revoked in this block: its readings are refused from then on.
	Revoked(BlockNumber),
}

/// A device sub-identity: a device key registered by a DID.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Device<T: Config> {
	/// The DID that registered the device.
	pub owner: T::AccountId,
	pub kind: DeviceKind,
	/// Hash of off-chain metadata (model, location, calibration certificate).
	pub metadata: Option<H256>,
	pub registered: BlockNumberFor<T>,
	pub status: DeviceStatus<BlockNumberFor<T>>,
	/// Held from the owner's controller until the device is removed.
	pub deposit: BalanceOf<T>,
}

/// A credential schema: a name and the hash of its off-chain JSON schema.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Schema<T: Config> {
	pub creator: T::AccountId,
	pub name: BoundedVec<u8, T::MaxSchemaNameLength>,
	pub hash: H256,
	pub created: BlockNumberFor<T>,
	pub deposit: BalanceOf<T>,
}

/// Why and when an issuer revoked a credential.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Revocation<BlockNumber> {
	pub at: BlockNumber,
	/// The issuer's reason code (its meaning is the issuer's policy, published off chain).
	pub reason: u16,
}

/// An issuer's attestation of a claim about a subject DID under a schema.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Attestation<T: Config> {
	/// Hash of the off-chain credential; its content never touches the chain.
	pub claim_hash: H256,
	pub issued_at: BlockNumberFor<T>,
	pub valid_from: BlockNumberFor<T>,
	pub expires_at: Option<BlockNumberFor<T>>,
	/// The region the credential is restricted to (for example a district).
	pub scope: Option<ScopeCode>,
	pub revoked: Option<Revocation<BlockNumberFor<T>>>,
	/// Held from the issuer until the attestation is removed.
	pub deposit: BalanceOf<T>,
}

/// A subject's grant of access to one category of its data.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Consent<T: Config> {
	pub granted_at: BlockNumberFor<T>,
	/// The first block in which the grant no longer holds.
	pub expires_at: BlockNumberFor<T>,
	/// Held from the subject until the grant is revoked or cleaned up.
	pub deposit: BalanceOf<T>,
}
