//! A test runtime: System, Balances and the DID pallet, with Root as the issuer authority.

use crate as pallet_did;
use frame_support::weights::Weight;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use polis_primitives::{OnDeviceRevoked, PublicKey};
use sp_core::{ed25519, sr25519, Pair};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{BuildStorage, MultiSignature};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Did: pallet_did,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

pub const DID_DEPOSIT: Balance = 100;
pub const KEY_DEPOSIT: Balance = 10;
pub const SERVICE_DEPOSIT: Balance = 20;
pub const DEVICE_DEPOSIT: Balance = 30;
pub const SCHEMA_DEPOSIT: Balance = 50;
pub const ATTESTATION_DEPOSIT: Balance = 15;
pub const CONSENT_DEPOSIT: Balance = 5;

parameter_types! {
	/// The devices `OnDeviceRevoked` was told of, in order.
	pub static RevokedDevices: Vec<PublicKey> = Vec::new();
}

/// Records the devices it is told of.
pub struct RecordRevocations;

impl OnDeviceRevoked for RecordRevocations {
	fn weight() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}

	fn device_revoked(key: &PublicKey) {
		RevokedDevices::mutate(|keys| keys.push(*key));
	}
}

parameter_types! {
	pub const DidDeposit: Balance = DID_DEPOSIT;
	/// In storage, so that a test changes it as a runtime upgrade would.
	pub storage KeyDeposit: Balance = KEY_DEPOSIT;
	/// In storage, so that a test changes it as a runtime upgrade would.
	pub storage ServiceDeposit: Balance = SERVICE_DEPOSIT;
	pub const DeviceDeposit: Balance = DEVICE_DEPOSIT;
	pub const SchemaDeposit: Balance = SCHEMA_DEPOSIT;
	pub const AttestationDeposit: Balance = ATTESTATION_DEPOSIT;
	pub const ConsentDeposit: Balance = CONSENT_DEPOSIT;
}

impl pallet_did::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type IssuerOrigin = EnsureRoot<AccountId>;
	type OnDeviceRevoked = RecordRevocations;
	type DidDeposit = DidDeposit;
	type KeyDeposit = KeyDeposit;
	type ServiceDeposit = ServiceDeposit;
	type DeviceDeposit = DeviceDeposit;
	type SchemaDeposit = SchemaDeposit;
	type AttestationDeposit = AttestationDeposit;
	type ConsentDeposit = ConsentDeposit;
	type MaxKeys = ConstU32<4>;
	type MaxRetiredKeys = ConstU32<3>;
	type MaxServices = ConstU32<2>;
	type MaxServiceIdLength = ConstU32<16>;
	type MaxServiceTypeLength = ConstU32<24>;
	type MaxUrlLength = ConstU32<64>;
	type MaxSchemaNameLength = ConstU32<32>;
	type MaxIssuersPerSchema = ConstU32<2>;
	type MaxCategoryLength = ConstU32<24>;
	type WeightInfo = ();
}

/// Citizens, an agency that issues credentials, a company, and an account with too little money.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const AGENCY: AccountId = 3;
pub const UTILITY: AccountId = 4;
pub const PAUPER: AccountId = 9;
pub const ENDOWMENT: Balance = 10_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(ALICE, ENDOWMENT),
			(BOB, ENDOWMENT),
			(AGENCY, ENDOWMENT),
			(UTILITY, ENDOWMENT),
			(PAUPER, 120),
		],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	// Benchmarks create and sign with device keys through the host's keystore.
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` and then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Did::do_try_state().expect("invariants hold");
	});
}

pub fn sr_key(seed: &str) -> PublicKey {
	PublicKey::Sr25519(sr25519::Pair::from_string(seed, None).unwrap().public())
}

pub fn ed_key(seed: &str) -> PublicKey {
	PublicKey::Ed25519(ed25519::Pair::from_string(seed, None).unwrap().public())
}

/// A device key and its proof of belonging to `did`, for the DID's next registration.
pub fn device(seed: &str, did: AccountId) -> (PublicKey, MultiSignature) {
	let registration =
		pallet_did::Dids::<Test>::get(did).map_or(0, |document| document.device_registrations);
	device_for_registration(seed, did, registration)
}

/// A device key and its proof of belonging to `did`, for the DID's registration number
/// `registration`.
pub fn device_for_registration(
	seed: &str,
	did: AccountId,
	registration: u32,
) -> (PublicKey, MultiSignature) {
	let pair = sr25519::Pair::from_string(seed, None).unwrap();
	let proof = pair.sign(&Did::device_proof_message(&did, registration));
	(PublicKey::Sr25519(pair.public()), MultiSignature::Sr25519(proof))
}

pub fn events() -> Vec<pallet_did::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Did(event) => Some(event),
			_ => None,
		})
		.collect()
}

pub fn last_event() -> pallet_did::Event<Test> {
	events().pop().expect("an event was deposited")
}

pub fn advance_to(block: u64) {
	System::set_block_number(block);
}
