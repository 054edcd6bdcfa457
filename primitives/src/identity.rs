//! Identity: keys, devices and credentials, as offered by the DID pallet to the others.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::marker::PhantomData;
use frame_support::{
	dispatch::RawOrigin,
	traits::{EnsureOrigin, Get, OriginTrait},
	weights::Weight,
};
use scale_info::TypeInfo;
use sp_core::{ecdsa, ed25519, sr25519};
use sp_runtime::{traits::Verify, MultiSignature};

/// Identifier of a credential schema.
pub type SchemaId = u32;

/// A region code a credential can carry (for example a city district), so that a rule can be
/// restricted to the holders of one region.
pub type ScopeCode = u32;

/// A public key of one of the signature schemes Polis verifies.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum PublicKey {
	Sr25519(sr25519::Public),
	Ed25519(ed25519::Public),
	/// A compressed secp256k1 key; signatures are over the Blake2-256 hash of the message.
	Ecdsa(ecdsa::Public),
}

impl PublicKey {
	/// Whether `signature` is this key's signature of `message`; a signature of another
	/// scheme never verifies.
	pub fn verify(&self, message: &[u8], signature: &MultiSignature) -> bool {
		match (self, signature) {
			(Self::Sr25519(key), MultiSignature::Sr25519(signature)) => {
				signature.verify(message, key)
			},
			(Self::Ed25519(key), MultiSignature::Ed25519(signature)) => {
				signature.verify(message, key)
			},
			(Self::Ecdsa(key), MultiSignature::Ecdsa(signature)) => signature.verify(message, key),
			_ => false,
		}
	}
}

/// What a registered device is.
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
pub enum DeviceKind {
	ElectricityMeter,
	WaterMeter,
	GasMeter,
	AirQuality,
	Noise,
	Traffic,
	Waste,
	Parking,
	/// A gateway that relays other devices' readings.
	Gateway,
	Other,
}

/// An active device as other pallets see it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DeviceInfo<DidId> {
	/// The DID that registered the device and answers for it.
	pub owner: DidId,
	pub kind: DeviceKind,
}

/// The registry of device sub-identities: which keys belong to active devices.
pub trait DeviceRegistry<DidId> {
	/// The active device with this key; `None` if it is unknown or has been revoked.
	fn active_device(key: &PublicKey) -> Option<DeviceInfo<DidId>>;

	/// Registers `key` as an active device, for benchmarks of pallets that need one; returns
	/// the owner's DID.
	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmark(key: PublicKey, kind: DeviceKind) -> DidId;
}

/// Told when a device stops being active: revoked, or removed while active. A pallet that keeps
/// state per device (the sensor oracle's feeds) marks it then, rather than asking the registry
/// on every use of the device.
pub trait OnDeviceRevoked {
	/// The most `device_revoked` may weigh, charged by the calls that revoke a device.
	fn weight() -> Weight;

	fn device_revoked(key: &PublicKey);
}

impl OnDeviceRevoked for () {
	fn weight() -> Weight {
		Weight::zero()
	}

	fn device_revoked(_: &PublicKey) {}
}

/// A valid credential as other pallets see it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Credential<DidId, BlockNumber> {
	/// The DID the credential is about.
	pub subject: DidId,
	/// The trusted issuer's DID.
	pub issuer: DidId,
	/// The block in which it was issued.
	pub issued_at: BlockNumber,
	/// The region it is restricted to, if any.
	pub scope: Option<ScopeCode>,
}

/// Checks credentials without knowing how the DID pallet stores them.
pub trait CredentialCheck<AccountId, BlockNumber> {
	/// The identifier of a DID.
	type DidId: Clone + PartialEq;

	/// The active DID controlled by `who`.
	fn did_of(who: &AccountId) -> Option<Self::DidId>;

	/// A credential of `schema` held by `who`'s active DID, from a currently trusted issuer,
	/// valid now and not revoked; only one issued before `issued_before` if that is given, and
	/// only one carrying `scope` if that is given.
	fn valid_credential(
		who: &AccountId,
		schema: SchemaId,
		issued_before: Option<BlockNumber>,
		scope: Option<ScopeCode>,
	) -> Option<Credential<Self::DidId, BlockNumber>>;

	/// Gives `who` a DID and a valid credential of `schema`, for benchmarks of pallets that
	/// need one.
	#[cfg(feature = "runtime-benchmarks")]
	fn issue_for_benchmark(who: &AccountId, schema: SchemaId, scope: Option<ScopeCode>);

	/// Revokes the credential of `schema` that `issue_for_benchmark` gave `who`, for
	/// benchmarks of what happens once a credential is no longer valid.
	#[cfg(feature = "runtime-benchmarks")]
	fn revoke_for_benchmark(who: &AccountId, schema: SchemaId);
}

/// An origin check: a signed account whose DID holds a valid credential of the schema
/// `Schema`. Succeeds with the account and its DID.
///
/// A pallet can gate a call on, say, a residency credential with
/// `type ResidentOrigin = EnsureCredential<AccountId, BlockNumber, Did, ResidencySchema>`.
pub struct EnsureCredential<AccountId, BlockNumber, Check, Schema>(
	PhantomData<(AccountId, BlockNumber, Check, Schema)>,
);

impl<O, AccountId, BlockNumber, Check, Schema> EnsureOrigin<O>
	for EnsureCredential<AccountId, BlockNumber, Check, Schema>
where
	O: OriginTrait<AccountId = AccountId>,
	AccountId: Clone + Decode,
	Check: CredentialCheck<AccountId, BlockNumber>,
	Schema: Get<SchemaId>,
{
	type Success = (AccountId, Check::DidId);

	fn try_origin(origin: O) -> Result<Self::Success, O> {
		let who = match origin.as_system_ref() {
			Some(RawOrigin::Signed(who)) => who.clone(),
			_ => return Err(origin),
		};
		match Check::valid_credential(&who, Schema::get(), None, None) {
			Some(credential) => Ok((who, credential.subject)),
			None => Err(origin),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		let who = AccountId::decode(&mut sp_runtime::traits::TrailingZeroInput::zeroes())
			.map_err(|_| ())?;
		Check::issue_for_benchmark(&who, Schema::get(), None);
		Ok(O::signed(who))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::Pair;

	#[test]
	fn each_scheme_verifies_its_own_signatures_only() {
		let message = b"reading 42";
		let sr = sr25519::Pair::from_string("//Meter", None).unwrap();
		let ed = ed25519::Pair::from_string("//Meter", None).unwrap();
		let ec = ecdsa::Pair::from_string("//Meter", None).unwrap();
		let sr_key = PublicKey::Sr25519(sr.public());
		let ed_key = PublicKey::Ed25519(ed.public());
		let ec_key = PublicKey::Ecdsa(ec.public());
		let sr_signature = MultiSignature::Sr25519(sr.sign(message));
		let ed_signature = MultiSignature::Ed25519(ed.sign(message));
		let ec_signature = MultiSignature::Ecdsa(ec.sign(message));

		assert!(sr_key.verify(message, &sr_signature));
		assert!(ed_key.verify(message, &ed_signature));
		assert!(ec_key.verify(message, &ec_signature));

		assert!(!sr_key.verify(b"reading 43", &sr_signature));
		assert!(!sr_key.verify(message, &ed_signature));
		assert!(!ed_key.verify(message, &sr_signature));
		assert!(!ec_key.verify(message, &sr_signature));
		let other = sr25519::Pair::from_string("//Other", None).unwrap();
		assert!(!PublicKey::Sr25519(other.public()).verify(message, &sr_signature));
	}
}
