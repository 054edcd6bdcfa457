//! Runtime API of `pallet-did`, and the views it answers with.
//!
//! Off-chain verifiers and data custodians resolve a DID, check a credential and check a
//! consent grant through it (directly with `state_call`, or through the node's `did_*` RPC).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Codec, Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polis_primitives::{DeviceKind, PublicKey, SchemaId, ScopeCode};
use scale_info::TypeInfo;
use sp_core::H256;

/// What a DID key may be used for (W3C DID verification relationships).
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
pub enum KeyPurpose {
	/// Proving control of the DID (logging in, signing DID-authenticated requests).
	Authentication,
	/// Signing statements, such as the credentials an issuer issues.
	Assertion,
	/// Agreeing on encryption keys with the DID's holder.
	KeyAgreement,
}

/// A key of a resolved DID; `retired` is set for keys rotated out or removed.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct KeyView<BlockNumber> {
	pub id: u32,
	pub purpose: KeyPurpose,
	pub public: PublicKey,
	pub added: BlockNumber,
	pub retired: Option<BlockNumber>,
}

/// A service endpoint of a resolved DID.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct ServiceView {
	pub id: Vec<u8>,
	pub service_type: Vec<u8>,
	pub url: Vec<u8>,
}

/// A device of a resolved DID; `revoked` is set once it may no longer publish.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct DeviceView<BlockNumber> {
	pub key: PublicKey,
	pub kind: DeviceKind,
	pub metadata: Option<H256>,
	pub registered: BlockNumber,
	pub revoked: Option<BlockNumber>,
}

/// The document of an active DID, with its key history and devices.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct DidDocumentView<AccountId, BlockNumber> {
	pub did: AccountId,
	pub controller: AccountId,
	pub public_keys: Vec<KeyView<BlockNumber>>,
	pub services: Vec<ServiceView>,
	/// Up to the first 64 devices (`device_count` tells how many there are).
	pub devices: Vec<DeviceView<BlockNumber>>,
	pub device_count: u32,
	pub created: BlockNumber,
	pub updated: BlockNumber,
}

/// The result of resolving a DID that exists or existed.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum DidResolution<AccountId, BlockNumber> {
	Active(DidDocumentView<AccountId, BlockNumber>),
	/// Deactivated in block `at`, for good; its keys, all retired, still verify what it
	/// signed before.
	Deactivated {
		at: BlockNumber,
		public_keys: Vec<KeyView<BlockNumber>>,
	},
}

/// The status of the credential an issuer attested for a subject under a schema.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum CredentialStatus<BlockNumber> {
	/// No such attestation.
	Unknown,
	Valid {
		claim_hash: H256,
		issued_at: BlockNumber,
		scope: Option<ScopeCode>,
	},
	NotYetValid {
		valid_from: BlockNumber,
	},
	Expired {
		at: BlockNumber,
	},
	Revoked {
		at: BlockNumber,
		reason: u16,
	},
	/// The issuer is no longer trusted for the schema, or its DID is deactivated.
	IssuerNotTrusted,
	/// The subject's DID is deactivated.
	SubjectDeactivated,
}

sp_api::decl_runtime_apis! {
	/// Reads of `pallet-did`.
	pub trait DidApi<AccountId, BlockNumber> where AccountId: Codec, BlockNumber: Codec {
		/// The document of `did`, `Deactivated` if it was deactivated, `None` if it never existed.
		fn resolve(did: AccountId) -> Option<DidResolution<AccountId, BlockNumber>>;
		/// The status of the credential `issuer` attested for `subject` under `schema`.
		fn credential_status(
			subject: AccountId,
			schema: SchemaId,
			issuer: AccountId,
		) -> CredentialStatus<BlockNumber>;
		/// Whether `subject` currently grants `organisation` access to data of `category`.
		fn consent_granted(subject: AccountId, organisation: AccountId, category: Vec<u8>) -> bool;
	}
}
