//! Benchmarks of the DID pallet, each at its worst case: full documents, full key histories,
//! the most devices and issuers, the longest strings, and ecdsa (the costliest scheme to verify).

use super::*;
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::*,
	traits::fungible::{Inspect, Mutate},
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_core::{crypto::KeyTypeId, H256};
use sp_runtime::Saturating;

const KEY_TYPE: KeyTypeId = KeyTypeId(*b"bdid");

/// Enough for every deposit a benchmark takes, without overflowing the total issuance.
fn plenty<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance().saturating_mul(1_000_000u32.into())
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who = account(name, index, 0);
	T::Currency::set_balance(&who, plenty::<T>());
	who
}

fn key(seed: u32) -> PublicKey {
	PublicKey::Ecdsa(sp_io::crypto::ecdsa_generate(
		KEY_TYPE,
		Some(alloc::format!("//key{seed}").into_bytes()),
	))
}

fn filled<S: Get<u32>>(byte: u8) -> BoundedVec<u8, S> {
	BoundedVec::truncate_from(alloc::vec![byte; S::get() as usize])
}

fn url<S: Get<u32>>() -> BoundedVec<u8, S> {
	let mut url = alloc::vec![b'a'; S::get() as usize];
	url[..6].copy_from_slice(b"https:");
	BoundedVec::truncate_from(url)
}

fn signed<T: Config>(who: &T::AccountId) -> RawOrigin<T::AccountId> {
	RawOrigin::Signed(who.clone())
}

/// A funded account with a DID (created unless it exists).
fn with_did<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	if !Dids::<T>::contains_key(&who) {
		T::Currency::set_balance(&who, plenty::<T>());
		assert!(Pallet::<T>::create(signed::<T>(&who).into(), key(index + 1_000_000)).is_ok());
	}
	who
}

/// Fills `who`'s document up to `keys` keys and its history to `MaxRetiredKeys`.
fn with_keys<T: Config>(who: &T::AccountId, keys: u32) {
	for i in 0..T::MaxRetiredKeys::get() {
		assert!(
			Pallet::<T>::add_key(signed::<T>(who).into(), KeyPurpose::Assertion, key(i)).is_ok()
		);
		let id = Dids::<T>::get(who).unwrap().next_key_id - 1;
		assert!(Pallet::<T>::remove_key(signed::<T>(who).into(), id).is_ok());
	}
	for i in 1..keys {
		assert!(Pallet::<T>::add_key(
			signed::<T>(who).into(),
			KeyPurpose::KeyAgreement,
			key(10_000 + i)
		)
		.is_ok());
	}
}

fn with_services<T: Config>(who: &T::AccountId, services: u32) {
	for i in 0..services {
		let mut id = filled::<T::MaxServiceIdLength>(b'#');
		id[0] = b'a' + (i % 26) as u8;
		id[1] = b'a' + (i / 26 % 26) as u8;
		assert!(Pallet::<T>::add_service(
			signed::<T>(who).into(),
			id,
			filled(b't'),
			url::<T::MaxUrlLength>()
		)
		.is_ok());
	}
}

/// A device key of `did` and its registration proof.
fn device_with_proof<T: Config>(did: &T::AccountId, seed: u32) -> (PublicKey, MultiSignature) {
	let public = sp_io::crypto::ecdsa_generate(
		KEY_TYPE,
		Some(alloc::format!("//device{seed}").into_bytes()),
	);
	let registration = Dids::<T>::get(did).map_or(0, |document| document.device_registrations);
	let message = Pallet::<T>::device_proof_message(did, registration);
	let signature =
		sp_io::crypto::ecdsa_sign(KEY_TYPE, &public, &message).expect("key is in the keystore");
	(PublicKey::Ecdsa(public), MultiSignature::Ecdsa(signature))
}

fn with_devices<T: Config>(did: &T::AccountId, devices: u32) -> Vec<PublicKey> {
	(0..devices)
		.map(|i| {
			let (device, proof) = device_with_proof::<T>(did, i);
			assert!(Pallet::<T>::register_device(
				signed::<T>(did).into(),
				device,
				DeviceKind::ElectricityMeter,
				Some(H256::zero()),
				proof
			)
			.is_ok());
			device
		})
		.collect()
}

/// Schema 0 with `MaxIssuersPerSchema - 1` other trusted issuers, and `issuer` trusted last.
fn with_schema<T: Config>(issuer: Option<&T::AccountId>) -> SchemaId {
	let creator = funded::<T>("creator", 0);
	assert!(Pallet::<T>::register_schema(signed::<T>(&creator).into(), filled(b's'), H256::zero())
		.is_ok());
	let schema = NextSchemaId::<T>::get() - 1;
	let others = T::MaxIssuersPerSchema::get().saturating_sub(1);
	let mut issuers: Vec<T::AccountId> = (0..others).map(|i| with_did::<T>("issuer", i)).collect();
	if let Some(issuer) = issuer {
		issuers.push(issuer.clone());
	}
	TrustedIssuers::<T>::insert(schema, BoundedVec::truncate_from(issuers));
	schema
}

/// An attestation by a trusted issuer of a schema with the most issuers, about a subject.
fn attested<T: Config>() -> (T::AccountId, SchemaId, T::AccountId) {
	let issuer = with_did::<T>("agency", 0);
	let schema = with_schema::<T>(Some(&issuer));
	let subject = with_did::<T>("citizen", 0);
	assert!(Pallet::<T>::attest(
		signed::<T>(&issuer).into(),
		subject.clone(),
		schema,
		H256::zero(),
		Zero::zero(),
		None,
		None
	)
	.is_ok());
	(issuer, schema, subject)
}

/// A consent grant with the longest category, expiring at block `expires_at`.
fn granted<T: Config>(expires_at: u32) -> (T::AccountId, T::AccountId, CategoryOf<T>) {
	let subject = with_did::<T>("citizen", 0);
	let organisation = with_did::<T>("utility", 0);
	let category = filled::<T::MaxCategoryLength>(b'c');
	assert!(Pallet::<T>::grant_consent(
		signed::<T>(&subject).into(),
		organisation.clone(),
		category.clone(),
		expires_at.into()
	)
	.is_ok());
	(subject, organisation, category)
}

/// Gives `who` a DID and a credential of `schema` from a trusted issuer (for other pallets'
/// benchmarks, through `CredentialCheck::issue_for_benchmark`).
pub fn issue_credential<T: Config>(who: &T::AccountId, schema: SchemaId, scope: Option<ScopeCode>) {
	if !Dids::<T>::contains_key(who) {
		T::Currency::set_balance(who, plenty::<T>());
		assert!(Pallet::<T>::create(signed::<T>(who).into(), key(0)).is_ok());
	}
	// The worst case of a credential check: every other trusted issuer attested the subject
	// too, but revoked it, so the check reads them all before the valid attestation, last.
	let others = T::MaxIssuersPerSchema::get().saturating_sub(1);
	let revoked_by: Vec<T::AccountId> = (0..others)
		.map(|i| with_did::<T>("benchmark-revoking-issuer", schema.saturating_mul(1_000) + i))
		.collect();
	let issuer = with_did::<T>("benchmark-issuer", schema);
	if !Schemas::<T>::contains_key(schema) {
		Schemas::<T>::insert(
			schema,
			Schema {
				creator: issuer.clone(),
				name: filled(b's'),
				hash: H256::zero(),
				created: Zero::zero(),
				deposit: Zero::zero(),
			},
		);
		NextSchemaId::<T>::mutate(|next| *next = (*next).max(schema.saturating_add(1)));
	}
	TrustedIssuers::<T>::mutate(schema, |issuers| {
		for trusted in revoked_by.iter().chain([&issuer]) {
			if !issuers.contains(trusted) {
				let _ = issuers.try_push(trusted.clone());
			}
		}
	});
	if Attestations::<T>::contains_key((who, schema, &issuer)) {
		return;
	}
	for revoking in &revoked_by {
		attest::<T>(revoking, who, schema, scope);
		assert!(Pallet::<T>::revoke_attestation(
			signed::<T>(revoking).into(),
			who.clone(),
			schema,
			0
		)
		.is_ok());
	}
	attest::<T>(&issuer, who, schema, scope);
}

/// Revokes the credential `issue_credential` gave `who` (for other pallets' benchmarks, through
/// `CredentialCheck::revoke_for_benchmark`).
pub fn revoke_credential<T: Config>(who: &T::AccountId, schema: SchemaId) {
	let issuer = with_did::<T>("benchmark-issuer", schema);
	assert!(Pallet::<T>::revoke_attestation(signed::<T>(&issuer).into(), who.clone(), schema, 0)
		.is_ok());
}

fn attest<T: Config>(
	issuer: &T::AccountId,
	subject: &T::AccountId,
	schema: SchemaId,
	scope: Option<ScopeCode>,
) {
	assert!(Pallet::<T>::attest(
		signed::<T>(issuer).into(),
		subject.clone(),
		schema,
		H256::zero(),
		Zero::zero(),
		None,
		scope
	)
	.is_ok());
}

/// Registers `key` as an active device of a benchmark DID, which it returns (for other pallets'
/// benchmarks, through `DeviceRegistry::register_for_benchmark`).
pub fn register_device<T: Config>(key: PublicKey, kind: DeviceKind) -> T::AccountId {
	let owner = with_did::<T>("benchmark-device-owner", 0);
	Dids::<T>::mutate(&owner, |document| {
		if let Some(document) = document {
			document.devices.saturating_inc();
		}
	});
	DevicesOf::<T>::insert(&owner, key, ());
	let deposit = Zero::zero();
	Devices::<T>::insert(
		key,
		Device {
			owner: owner.clone(),
			kind,
			metadata: None,
			registered: Zero::zero(),
			status: DeviceStatus::Active,
			deposit,
		},
	);
	owner
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create() {
		let who = funded::<T>("citizen", 0);
		#[extrinsic_call]
		_(signed::<T>(&who), key(0));
		assert!(Dids::<T>::contains_key(&who));
	}

	#[benchmark]
	fn add_key() {
		let who = with_did::<T>("citizen", 0);
		with_keys::<T>(&who, T::MaxKeys::get() - 1);
		#[extrinsic_call]
		_(signed::<T>(&who), KeyPurpose::Assertion, key(99_999));
		assert_eq!(Dids::<T>::get(&who).unwrap().public_keys.len() as u32, T::MaxKeys::get());
	}

	#[benchmark]
	fn rotate_key() {
		let who = with_did::<T>("citizen", 0);
		with_keys::<T>(&who, T::MaxKeys::get());
		let last = Dids::<T>::get(&who).unwrap().public_keys.last().unwrap().id;
		#[extrinsic_call]
		_(signed::<T>(&who), last, key(99_999));
		assert_eq!(KeyHistory::<T>::get(&who).last().unwrap().key.id, last);
	}

	#[benchmark]
	fn remove_key() {
		let who = with_did::<T>("citizen", 0);
		with_keys::<T>(&who, T::MaxKeys::get());
		let last = Dids::<T>::get(&who).unwrap().public_keys.last().unwrap().id;
		#[extrinsic_call]
		_(signed::<T>(&who), last);
		assert_eq!(KeyHistory::<T>::get(&who).last().unwrap().key.id, last);
	}

	#[benchmark]
	fn add_service() {
		let who = with_did::<T>("citizen", 0);
		with_services::<T>(&who, T::MaxServices::get() - 1);
		let id = filled::<T::MaxServiceIdLength>(b'z');
		#[extrinsic_call]
		_(signed::<T>(&who), id, filled(b't'), url::<T::MaxUrlLength>());
		assert_eq!(Dids::<T>::get(&who).unwrap().services.len() as u32, T::MaxServices::get());
	}

	#[benchmark]
	fn remove_service() {
		let who = with_did::<T>("citizen", 0);
		with_services::<T>(&who, T::MaxServices::get());
		let id = Dids::<T>::get(&who).unwrap().services.last().unwrap().id.clone();
		#[extrinsic_call]
		_(signed::<T>(&who), id);
		assert_eq!(Dids::<T>::get(&who).unwrap().services.len() as u32, T::MaxServices::get() - 1);
	}

	#[benchmark]
	fn deactivate() {
		let who = with_did::<T>("citizen", 0);
		with_keys::<T>(&who, T::MaxKeys::get());
		with_services::<T>(&who, T::MaxServices::get());
		#[extrinsic_call]
		_(signed::<T>(&who));
		assert!(Deactivated::<T>::contains_key(&who));
	}

	#[benchmark]
	fn register_device() {
		let who = with_did::<T>("citizen", 0);
		let (device, proof) = device_with_proof::<T>(&who, 0);
		#[extrinsic_call]
		_(signed::<T>(&who), device, DeviceKind::AirQuality, Some(H256::zero()), proof);
		assert!(Devices::<T>::contains_key(device));
	}

	#[benchmark]
	fn revoke_device() {
		let who = with_did::<T>("citizen", 0);
		let device = with_devices::<T>(&who, 1)[0];
		#[extrinsic_call]
		_(signed::<T>(&who), device);
		assert!(Devices::<T>::get(device).unwrap().status != DeviceStatus::Active);
	}

	#[benchmark]
	fn remove_device() {
		let who = with_did::<T>("citizen", 0);
		let device = with_devices::<T>(&who, 1)[0];
		#[extrinsic_call]
		_(signed::<T>(&who), device);
		assert!(!Devices::<T>::contains_key(device));
	}

	#[benchmark]
	fn register_schema() {
		let who = funded::<T>("creator", 0);
		#[extrinsic_call]
		_(signed::<T>(&who), filled(b's'), H256::zero());
		assert!(Schemas::<T>::contains_key(0));
	}

	#[benchmark]
	fn add_trusted_issuer() -> Result<(), BenchmarkError> {
		let schema = with_schema::<T>(None);
		let issuer = with_did::<T>("new-issuer", 0);
		let origin =
			T::IssuerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, schema, issuer.clone());
		assert!(TrustedIssuers::<T>::get(schema).contains(&issuer));
		Ok(())
	}

	#[benchmark]
	fn remove_trusted_issuer() -> Result<(), BenchmarkError> {
		let issuer = with_did::<T>("new-issuer", 0);
		let schema = with_schema::<T>(Some(&issuer));
		let origin =
			T::IssuerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, schema, issuer.clone());
		assert!(!TrustedIssuers::<T>::get(schema).contains(&issuer));
		Ok(())
	}

	#[benchmark]
	fn attest() {
		let issuer = with_did::<T>("agency", 0);
		let schema = with_schema::<T>(Some(&issuer));
		let subject = with_did::<T>("citizen", 0);
		let expires: BlockNumberFor<T> = 1_000u32.into();
		#[extrinsic_call]
		_(
			signed::<T>(&issuer),
			subject.clone(),
			schema,
			H256::zero(),
			Zero::zero(),
			Some(expires),
			Some(1),
		);
		assert!(Attestations::<T>::contains_key((&subject, schema, &issuer)));
	}

	#[benchmark]
	fn revoke_attestation() {
		let (issuer, schema, subject) = attested::<T>();
		#[extrinsic_call]
		_(signed::<T>(&issuer), subject.clone(), schema, 1);
		assert!(Attestations::<T>::get((&subject, schema, &issuer)).unwrap().revoked.is_some());
	}

	#[benchmark]
	fn remove_attestation() {
		let (issuer, schema, subject) = attested::<T>();
		#[extrinsic_call]
		_(signed::<T>(&issuer), subject.clone(), schema);
		assert!(!Attestations::<T>::contains_key((&subject, schema, &issuer)));
	}

	#[benchmark]
	fn grant_consent() {
		let subject = with_did::<T>("citizen", 0);
		let organisation = with_did::<T>("utility", 0);
		let category = filled::<T::MaxCategoryLength>(b'c');
		let expires: BlockNumberFor<T> = 1_000u32.into();
		#[extrinsic_call]
		_(signed::<T>(&subject), organisation.clone(), category.clone(), expires);
		assert!(Consents::<T>::contains_key((&subject, &organisation, &category)));
	}

	#[benchmark]
	fn revoke_consent() {
		let (subject, organisation, category) = granted::<T>(1_000);
		#[extrinsic_call]
		_(signed::<T>(&subject), organisation.clone(), category.clone());
		assert!(!Consents::<T>::contains_key((&subject, &organisation, &category)));
	}

	#[benchmark]
	fn remove_expired_consent() {
		let (subject, organisation, category) = granted::<T>(10);
		let caller = funded::<T>("janitor", 0);
		frame_system::Pallet::<T>::set_block_number(10u32.into());
		#[extrinsic_call]
		_(signed::<T>(&caller), subject.clone(), organisation.clone(), category.clone());
		assert!(!Consents::<T>::contains_key((&subject, &organisation, &category)));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
