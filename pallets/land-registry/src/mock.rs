//! A test runtime: System, Balances and the land registry, with Root as the registry
//! governance and a credential register standing in for the DID pallet.

use crate::{
	self as pallet_land_registry, geometry::Point, Boundary, DistrictId, LandUse, ParcelId,
};
use codec::{Decode, Encode};
use frame_support::{
	assert_ok, derive_impl, parameter_types, storage::unhashed, traits::ConstU32, BoundedVec,
};
use frame_system::EnsureRoot;
use polis_primitives::{
	Credential, CredentialCheck, OnParcelChange, ParcelChange, SchemaId, ScopeCode,
};
use sp_core::H256;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;
pub type BlockNumber = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		LandRegistry: pallet_land_registry,
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

pub const REGISTRAR_SCHEMA: SchemaId = 7;
pub const PARCEL_DEPOSIT: Balance = 10;
pub const SALE_DEPOSIT: Balance = 5;
pub const ENCUMBRANCE_DEPOSIT: Balance = 7;
pub const DISPUTE_DEPOSIT: Balance = 3;
pub const OBJECTION_PERIOD: BlockNumber = 5;
pub const SALE_EXPIRY: BlockNumber = 20;
/// One index cell is 100 × 100 grid units.
pub const CELL: i32 = 100;
pub const MAX_PARCELS_PER_CELL: u32 = 4;

parameter_types! {
	pub const RegistrarSchema: SchemaId = REGISTRAR_SCHEMA;
	pub const ParcelDeposit: Balance = PARCEL_DEPOSIT;
	pub const SaleDeposit: Balance = SALE_DEPOSIT;
	pub const EncumbranceDeposit: Balance = ENCUMBRANCE_DEPOSIT;
	pub const DisputeDeposit: Balance = DISPUTE_DEPOSIT;
	pub const ObjectionPeriod: BlockNumber = OBJECTION_PERIOD;
	pub const SaleExpiry: BlockNumber = SALE_EXPIRY;
	pub const CellSize: i32 = CELL;
}

impl pallet_land_registry::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RegistryOrigin = EnsureRoot<AccountId>;
	type Credentials = MockCredentials;
	type OnParcelChange = RecordParcelChanges;
	type RegistrarSchema = RegistrarSchema;
	type ParcelDeposit = ParcelDeposit;
	type SaleDeposit = SaleDeposit;
	type EncumbranceDeposit = EncumbranceDeposit;
	type DisputeDeposit = DisputeDeposit;
	type ObjectionPeriod = ObjectionPeriod;
	type SaleExpiry = SaleExpiry;
	type MaxVertices = ConstU32<20>;
	type CellSize = CellSize;
	type MaxCellsPerParcel = ConstU32<16>;
	type MaxParcelsPerCell = ConstU32<MAX_PARCELS_PER_CELL>;
	type MaxLineage = ConstU32<4>;
	type MaxEncumbrances = ConstU32<3>;
	type MaxEncumbranceProposals = ConstU32<2>;
	type MaxOpenDisputes = ConstU32<2>;
	type WeightInfo = ();
}

/// An identity in the mock register: its DID and, perhaps, a credential.
#[derive(Encode, Decode)]
struct Held {
	did: u64,
	credential: Option<(SchemaId, Option<ScopeCode>)>,
}

fn register_key(who: &AccountId) -> Vec<u8> {
	(b"mock-identity", who).encode()
}

/// Gives `who` a DID (its account number) without credentials.
pub fn give_did(who: AccountId) {
	unhashed::put(&register_key(&who), &Held { did: who, credential: None });
}

/// Gives `who` a DID and a credential of `schema` carrying `scope`.
pub fn give_credential(who: AccountId, schema: SchemaId, scope: Option<ScopeCode>) {
	unhashed::put(&register_key(&who), &Held { did: who, credential: Some((schema, scope)) });
}

/// Revokes `who`'s credential; the DID stays.
pub fn revoke_credential(who: AccountId) {
	give_did(who);
}

/// The register the DID pallet keeps in the runtime.
pub struct MockCredentials;

impl CredentialCheck<AccountId, BlockNumber> for MockCredentials {
	type DidId = u64;

	fn did_of(who: &AccountId) -> Option<u64> {
		unhashed::get::<Held>(&register_key(who)).map(|held| held.did)
	}

	fn valid_credential(
		who: &AccountId,
		schema: SchemaId,
		_issued_before: Option<BlockNumber>,
		scope: Option<ScopeCode>,
	) -> Option<Credential<u64, BlockNumber>> {
		let held: Held = unhashed::get(&register_key(who))?;
		let (held_schema, held_scope) = held.credential?;
		(held_schema == schema && (scope.is_none() || scope == held_scope)).then_some(Credential {
			subject: held.did,
			issuer: 0,
			issued_at: 0,
			scope: held_scope,
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn issue_for_benchmark(who: &AccountId, schema: SchemaId, scope: Option<ScopeCode>) {
		give_credential(*who, schema, scope);
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn revoke_for_benchmark(who: &AccountId, _: SchemaId) {
		revoke_credential(*who);
	}
}

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
/// Registrar of `DISTRICT`.
pub const REGISTRAR: AccountId = 10;
/// Registrar of `OTHER_DISTRICT`.
pub const OTHER_REGISTRAR: AccountId = 11;
/// Has money but no DID.
pub const NO_DID: AccountId = 20;
/// Has a DID but almost no money.
pub const PAUPER: AccountId = 21;
pub const DISTRICT: DistrictId = 1;
pub const OTHER_DISTRICT: DistrictId = 2;
pub const ENDOWMENT: Balance = 1_000;

/// The pallets told of parcel changes in the runtime: records what they are told.
pub struct RecordParcelChanges;

impl OnParcelChange for RecordParcelChanges {
	fn on_parcel_change(parcel: ParcelId, change: ParcelChange) {
		let mut told = parcel_changes();
		told.push((parcel, change));
		unhashed::put(b"mock-parcel-changes", &told);
	}

	fn weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
}

/// The parcel changes told so far, in order.
pub fn parcel_changes() -> Vec<(ParcelId, ParcelChange)> {
	unhashed::get_or_default(b"mock-parcel-changes")
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [ALICE, BOB, CHARLIE, DAVE, REGISTRAR, OTHER_REGISTRAR, NO_DID]
			.into_iter()
			.map(|who| (who, ENDOWMENT))
			.chain([(PAUPER, 2)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		for who in [ALICE, BOB, CHARLIE, DAVE, PAUPER] {
			give_did(who);
		}
		give_credential(REGISTRAR, REGISTRAR_SCHEMA, Some(DISTRICT));
		give_credential(OTHER_REGISTRAR, REGISTRAR_SCHEMA, Some(OTHER_DISTRICT));
		assert_ok!(LandRegistry::appoint_registrar(RuntimeOrigin::root(), DISTRICT, REGISTRAR));
		assert_ok!(LandRegistry::appoint_registrar(
			RuntimeOrigin::root(),
			OTHER_DISTRICT,
			OTHER_REGISTRAR
		));
		System::reset_events();
	});
	ext
}

/// Runs `test` and then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		LandRegistry::do_try_state().expect("invariants hold");
	});
}

pub fn events() -> Vec<pallet_land_registry::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::LandRegistry(event) => Some(event),
			_ => None,
		})
		.collect()
}

pub fn last_event() -> pallet_land_registry::Event<Test> {
	events().pop().expect("an event was deposited")
}

pub fn advance_to(block: BlockNumber) {
	System::set_block_number(block);
}

/// A boundary through `(lat, lon)` points.
pub fn boundary(points: &[(i32, i32)]) -> Boundary<Test> {
	BoundedVec::truncate_from(points.iter().map(|&(lat, lon)| Point::new(lat, lon)).collect())
}

/// An axis-aligned rectangle, counter-clockwise.
pub fn rectangle(lat: i32, lon: i32, height: i32, width: i32) -> Boundary<Test> {
	boundary(&[(lat, lon), (lat, lon + width), (lat + height, lon + width), (lat + height, lon)])
}

pub fn doc(n: u8) -> H256 {
	H256::repeat_byte(n)
}

/// Registers `area` in `DISTRICT` for `owner` and returns its identifier.
pub fn register(area: Boundary<Test>, owner: AccountId) -> ParcelId {
	let parcel = crate::NextParcelId::<Test>::get();
	assert_ok!(LandRegistry::register_parcel(
		RuntimeOrigin::signed(REGISTRAR),
		DISTRICT,
		area,
		LandUse::Residential,
		doc(1),
		owner
	));
	parcel
}
