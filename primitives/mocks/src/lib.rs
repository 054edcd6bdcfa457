//! Stand-ins for the pallets behind the `polis-primitives` traits, for pallets' mock runtimes:
//! the DID pallet's credentials and devices, the sensor oracle's interval summaries, the
//! land registry's rights over parcels and the anonymous credentials pallet's members.
//!
//! Each keeps its entries in the storage of the test externalities (under its own prefix), so
//! that tests and benchmarks set them up with plain functions. Accounts, DIDs and block numbers
//! are `u64`; every account is its own DID until `deactivate_did`.

use codec::Encode;
use frame_support::storage::unhashed;
use frame_support::weights::Weight;
use polis_primitives::{
	anonymity, AnonymityError, AnonymousCredentials, AnonymousProof, Credential, CredentialCheck,
	DeviceInfo, DeviceKind, DeviceRegistry, IntervalIndex, IntervalSummary, LandRights, MemberId,
	MembershipKey, MeterReadings, MetricId, Nullifier, ParcelId, PublicKey, SchemaId, ScopeCode,
};
use sp_core::sr25519;

pub type AccountId = u64;
pub type DidId = u64;
pub type BlockNumber = u64;

fn credential_key(who: AccountId, schema: SchemaId) -> Vec<u8> {
	(b"polis-mocks:credential", who, schema).encode()
}

fn deactivation_key(who: AccountId) -> Vec<u8> {
	(b"polis-mocks:deactivated", who).encode()
}

/// Gives `who`'s DID a valid credential of `schema`, restricted to `scope` if given.
pub fn give_credential(who: AccountId, schema: SchemaId, scope: Option<ScopeCode>) {
	unhashed::put(&credential_key(who, schema), &scope);
}

pub fn revoke_credential(who: AccountId, schema: SchemaId) {
	unhashed::kill(&credential_key(who, schema));
}

/// Deactivates `who`'s DID: it has none from now on.
pub fn deactivate_did(who: AccountId) {
	unhashed::put(&deactivation_key(who), &true);
}

/// The DID pallet's credential register.
pub struct MockCredentials;

impl CredentialCheck<AccountId, BlockNumber> for MockCredentials {
	type DidId = DidId;

	fn did_of(who: &AccountId) -> Option<DidId> {
		(!unhashed::exists(&deactivation_key(*who))).then_some(*who)
	}

	fn valid_credential(
		who: &AccountId,
		schema: SchemaId,
		_issued_before: Option<BlockNumber>,
		scope: Option<ScopeCode>,
	) -> Option<Credential<DidId, BlockNumber>> {
		let subject = Self::did_of(who)?;
		let held: Option<ScopeCode> = unhashed::get(&credential_key(*who, schema))?;
		(scope.is_none() || scope == held).then_some(Credential {
			subject,
			issuer: 0,
			issued_at: 0,
			scope: held,
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn issue_for_benchmark(who: &AccountId, schema: SchemaId, scope: Option<ScopeCode>) {
		give_credential(*who, schema, scope);
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn revoke_for_benchmark(who: &AccountId, schema: SchemaId) {
		revoke_credential(*who, schema);
	}
}

fn device_key(key: &PublicKey) -> Vec<u8> {
	(b"polis-mocks:device", key).encode()
}

/// The `n`th test device key.
pub fn device(n: u64) -> PublicKey {
	let mut bytes = [0u8; 32];
	bytes[..8].copy_from_slice(&n.to_le_bytes());
	PublicKey::Sr25519(sr25519::Public::from_raw(bytes))
}

/// Registers `key` as an active device of `kind` owned by the DID `owner`.
pub fn register_device(key: PublicKey, owner: DidId, kind: DeviceKind) {
	unhashed::put(&device_key(&key), &(owner, kind));
}

pub fn revoke_device(key: PublicKey) {
	unhashed::kill(&device_key(&key));
}

/// The DID pallet's device register.
pub struct MockDevices;

impl DeviceRegistry<DidId> for MockDevices {
	fn active_device(key: &PublicKey) -> Option<DeviceInfo<DidId>> {
		let (owner, kind) = unhashed::get(&device_key(key))?;
		Some(DeviceInfo { owner, kind })
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmark(key: PublicKey, kind: DeviceKind) -> DidId {
		register_device(key, 0, kind);
		0
	}
}

/// The sensor oracle's interval: 15 minutes.
pub const INTERVAL_MS: u64 = 900_000;

fn interval_key(device: &PublicKey, metric: MetricId, interval: IntervalIndex) -> Vec<u8> {
	(b"polis-mocks:interval", device, metric, interval).encode()
}

/// Records `summary` as `device`'s readings of `metric` in `interval`.
pub fn record_summary(
	device: &PublicKey,
	metric: MetricId,
	interval: IntervalIndex,
	summary: IntervalSummary,
) {
	unhashed::put(&interval_key(device, metric, interval), &summary);
}

/// Records one reading of `value` as `device`'s readings of `metric` in `interval`.
pub fn record(device: &PublicKey, metric: MetricId, interval: IntervalIndex, value: i64) {
	record_summary(device, metric, interval, IntervalSummary::of(value));
}

/// The sensor oracle's interval summaries.
pub struct MockMeters;

impl MeterReadings for MockMeters {
	fn interval_length_ms() -> u64 {
		INTERVAL_MS
	}

	fn interval(
		device: &PublicKey,
		metric: MetricId,
		interval: IntervalIndex,
	) -> Option<IntervalSummary> {
		unhashed::get(&interval_key(device, metric, interval))
	}
}

fn rights_key(parcel: ParcelId) -> Vec<u8> {
	(b"polis-mocks:parcel", parcel).encode()
}

/// Makes `who` the one with rights over the active parcel `parcel`.
pub fn grant_rights(parcel: ParcelId, who: AccountId) {
	unhashed::put(&rights_key(parcel), &who);
}

/// The land registry's parcels.
pub struct MockLand;

impl LandRights<AccountId> for MockLand {
	fn has_rights(parcel: ParcelId, who: &AccountId) -> bool {
		unhashed::get::<AccountId>(&rights_key(parcel)) == Some(*who)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn parcel_for_benchmark(owner: &AccountId) -> ParcelId {
		let registered: ParcelId = unhashed::get_or_default(b"polis-mocks:parcels");
		unhashed::put(b"polis-mocks:parcels", &(registered + 1));
		let parcel = 1_000 + registered;
		grant_rights(parcel, *owner);
		parcel
	}
}

fn member_key(member: MemberId) -> Vec<u8> {
	(b"polis-mocks:member", member).encode()
}

fn member_of_key(schema: SchemaId, who: AccountId) -> Vec<u8> {
	(b"polis-mocks:member-of", schema, who).encode()
}

/// Enrols `key` as `who`'s membership key for `schema` as of `enrolled_ms`; returns the
/// member's id.
pub fn enrol_member(
	who: AccountId,
	schema: SchemaId,
	key: MembershipKey,
	enrolled_ms: u64,
) -> MemberId {
	let member: MemberId = unhashed::get_or_default(b"polis-mocks:members");
	unhashed::put(b"polis-mocks:members", &(member + 1));
	unhashed::put(&member_key(member), &(who, schema, key, enrolled_ms));
	unhashed::put(&member_of_key(schema, who), &member);
	member
}

/// The anonymous credentials pallet's members: a ring's members must hold a valid credential
/// of the schema (with the scope) and have enrolled by the deadline. Ring sizes and order are
/// the pallet's to check.
pub struct MockAnonymity;

impl AnonymousCredentials<AccountId, DidId> for MockAnonymity {
	fn verify(
		schema: SchemaId,
		scope: Option<ScopeCode>,
		enrolled_by: u64,
		context: &[u8],
		message: &[u8],
		proof: &AnonymousProof,
	) -> Result<Nullifier, AnonymityError> {
		let keys = proof
			.ring
			.iter()
			.map(|member| {
				let (who, member_schema, key, enrolled_ms): (
					AccountId,
					SchemaId,
					MembershipKey,
					u64,
				) = unhashed::get(&member_key(*member)).ok_or(AnonymityError::InvalidRing)?;
				let eligible = member_schema == schema
					&& enrolled_ms <= enrolled_by
					&& MockCredentials::valid_credential(&who, schema, None, scope).is_some();
				eligible.then_some(key).ok_or(AnonymityError::IneligibleMember)
			})
			.collect::<Result<Vec<_>, _>>()?;
		anonymity::verify(&keys, context, message, &proof.signature)
			.ok_or(AnonymityError::BadSignature)
	}

	fn is_enrolled(schema: SchemaId, did: &DidId) -> bool {
		unhashed::exists(&member_of_key(schema, *did))
	}

	fn verify_weight(_members: u32) -> Weight {
		Weight::zero()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn enrol_for_benchmark(
		account: &AccountId,
		schema: SchemaId,
		secret: &[u8; 32],
		enrolled_at: u64,
	) -> MemberId {
		let key = anonymity::membership_key(secret).expect("a benchmark's secret is a scalar");
		enrol_member(*account, schema, key, enrolled_at)
	}
}
