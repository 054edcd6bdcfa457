//! A test runtime: System, Timestamp, Balances and the carbon registry, with Root as the
//! registry authority and registers standing in for the DID pallet (credentials), the land
//! registry (parcels and rights over them) and the energy market (energy certificates).

use crate::{self as pallet_carbon_credits, CreditType, Methodology, RetirementClaim};
use codec::Encode;
use frame_support::{derive_impl, parameter_types, storage::unhashed, traits::ConstU32};
use frame_system::EnsureRoot;
use polis_primitives::{
	CertificateId, CertificateInfo, CertificateKind, Credential, CredentialCheck, EnergySource,
	LandRights, ParcelId, RenewableEnergy, SchemaId, ScopeCode,
};
use sp_core::H256;
use sp_runtime::{BuildStorage, DispatchError, DispatchResult, Percent};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;
pub type BlockNumber = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		CarbonCredits: pallet_carbon_credits,
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

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = frame_support::traits::ConstU64<1>;
	type WeightInfo = ();
}

/// A developer, two verification bodies (one of them the developer's own DID as well), a city
/// buyer, someone without credentials, someone with too little money and someone without a DID.
pub const DEVELOPER: AccountId = 1;
pub const VERIFIER: AccountId = 2;
pub const CITY: AccountId = 3;
pub const OUTSIDER: AccountId = 4;
pub const PAUPER: AccountId = 5;
pub const NO_DID: AccountId = 6;
pub const ENDOWMENT: Balance = 1_000_000;
pub const DEPOSIT: Balance = 100;

pub const DEVELOPER_SCHEMA: SchemaId = 11;
pub const VERIFIER_SCHEMA: SchemaId = 12;

/// Parcels: the developer owns 1 and 2, holds an easement over 3; 4 is someone else's.
pub const OWNED: ParcelId = 1;
pub const ALSO_OWNED: ParcelId = 2;
pub const LEASED: ParcelId = 3;
pub const FOREIGN: ParcelId = 4;

/// A day in ms; tests start on day 400 since the Unix epoch.
pub const DAY: u64 = 86_400_000;
pub const TODAY: u64 = 400 * DAY;

parameter_types! {
	pub const DeveloperSchema: SchemaId = DEVELOPER_SCHEMA;
	pub const VerifierSchema: SchemaId = VERIFIER_SCHEMA;
	pub const Deposit: Balance = DEPOSIT;
}

impl pallet_carbon_credits::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RegistryOrigin = EnsureRoot<AccountId>;
	type DidId = u64;
	type Credentials = MockCredentials;
	type Land = MockLand;
	type Energy = MockEnergy;
	type Time = Timestamp;
	type DeveloperSchema = DeveloperSchema;
	type VerifierSchema = VerifierSchema;
	type Deposit = Deposit;
	type MaxParcels = ConstU32<4>;
	type MaxTextLen = ConstU32<32>;
	type MaxCertificatesPerClaim = ConstU32<8>;
	type MaxProjectsPerParcel = ConstU32<2>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockClock;
}

/// Sets the clock for benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockClock;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for MockClock {
	fn set_time(now: u64) {
		pallet_timestamp::Now::<Test>::put(now);
	}
}

fn credential_key(who: &AccountId, schema: SchemaId) -> Vec<u8> {
	(b"mock-credential", who, schema).encode()
}

/// Gives `who` (its own DID) a valid credential of `schema`.
pub fn give_credential(who: AccountId, schema: SchemaId) {
	unhashed::put(&credential_key(&who, schema), &true);
}

pub fn revoke_credential(who: AccountId, schema: SchemaId) {
	unhashed::kill(&credential_key(&who, schema));
}

/// The credential register the DID pallet keeps in the runtime: every account is its own DID.
pub struct MockCredentials;

impl CredentialCheck<AccountId, BlockNumber> for MockCredentials {
	type DidId = u64;

	fn did_of(who: &AccountId) -> Option<u64> {
		(*who != NO_DID).then_some(*who)
	}

	fn valid_credential(
		who: &AccountId,
		schema: SchemaId,
		_issued_before: Option<BlockNumber>,
		_scope: Option<ScopeCode>,
	) -> Option<Credential<u64, BlockNumber>> {
		unhashed::exists(&credential_key(who, schema)).then_some(Credential {
			subject: *who,
			issuer: 0,
			issued_at: 0,
			scope: None,
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn issue_for_benchmark(who: &AccountId, schema: SchemaId, _scope: Option<ScopeCode>) {
		give_credential(*who, schema);
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn revoke_for_benchmark(who: &AccountId, schema: SchemaId) {
		revoke_credential(*who, schema);
	}
}

fn rights_key(parcel: ParcelId) -> Vec<u8> {
	(b"mock-parcel", parcel).encode()
}

/// Makes `who` the one with rights over `parcel`.
pub fn grant_rights(parcel: ParcelId, who: AccountId) {
	unhashed::put(&rights_key(parcel), &who);
}

/// The land registry in the runtime.
pub struct MockLand;

impl LandRights<AccountId> for MockLand {
	fn has_rights(parcel: ParcelId, who: &AccountId) -> bool {
		unhashed::get::<AccountId>(&rights_key(parcel)) == Some(*who)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn parcel_for_benchmark(owner: &AccountId) -> ParcelId {
		let registered: ParcelId = unhashed::get_or_default(b"mock-parcels-registered");
		unhashed::put(b"mock-parcels-registered", &(registered + 1));
		let parcel = 100 + registered;
		grant_rights(parcel, *owner);
		parcel
	}
}

/// The energy market's delivery interval: 15 minutes.
pub const INTERVAL: u64 = 900_000;

/// A certificate as the mock energy market keeps it: owner, kind, interval start, energy.
type MockCertificate = (AccountId, CertificateKind, u64, Vec<(EnergySource, u64)>);

fn certificate_key(id: CertificateId) -> Vec<u8> {
	(b"mock-certificate", id).encode()
}

/// Issues `owner` a certificate of `kind` of `wh` of solar energy delivered in the interval
/// starting at `start_ms`; returns its id.
pub fn issue_certificate(
	owner: AccountId,
	kind: CertificateKind,
	wh: u64,
	start_ms: u64,
) -> CertificateId {
	let id: CertificateId = unhashed::get_or_default(b"mock-certificates-issued");
	unhashed::put(b"mock-certificates-issued", &(id + 1));
	let record: MockCertificate = (owner, kind, start_ms, vec![(EnergySource::Solar, wh)]);
	unhashed::put(&certificate_key(id), &record);
	id
}

/// The energy market in the runtime: certificates whose Wh are claimed once.
pub struct MockEnergy;

impl RenewableEnergy<AccountId> for MockEnergy {
	fn certificate(certificate: CertificateId) -> Option<CertificateInfo<AccountId>> {
		let (owner, kind, start, energy) =
			unhashed::get::<MockCertificate>(&certificate_key(certificate))?;
		Some(CertificateInfo {
			owner,
			kind,
			zone: 0,
			period_start_ms: start,
			period_end_ms: start + INTERVAL,
			unclaimed_wh: energy,
		})
	}

	fn claim(
		owner: &AccountId,
		certificate: CertificateId,
		source: EnergySource,
		wh: u64,
	) -> DispatchResult {
		let key = certificate_key(certificate);
		let (holder, kind, start, mut energy) = unhashed::get::<MockCertificate>(&key)
			.ok_or(DispatchError::Other("unknown certificate"))?;
		if holder != *owner {
			return Err(DispatchError::Other("not the owner"));
		}
		let entry = energy
			.iter_mut()
			.find(|(of, left)| *of == source && *left >= wh)
			.ok_or(DispatchError::Other("too little energy"))?;
		entry.1 -= wh;
		energy.retain(|(_, left)| *left > 0);
		if energy.is_empty() {
			unhashed::kill(&key);
		} else {
			unhashed::put(&key, &(holder, kind, start, energy));
		}
		Ok(())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn generation_certificate_for_benchmark(
		owner: &AccountId,
		_source: EnergySource,
		wh: u64,
		at_ms: u64,
	) -> CertificateId {
		issue_certificate(*owner, CertificateKind::Generation, wh, at_ms - at_ms % INTERVAL)
	}
}

/// A removal methodology withholding 10% into the buffer pool.
pub fn forestry() -> Methodology {
	Methodology {
		document_hash: H256::repeat_byte(1),
		credit_type: CreditType::Removal,
		buffer: Percent::from_percent(10),
		permanence_years: 40,
		metered: false,
	}
}

/// An avoidance methodology credited from metered solar generation, withholding 5%.
pub fn metered_solar() -> Methodology {
	Methodology {
		document_hash: H256::repeat_byte(2),
		credit_type: CreditType::Avoidance,
		buffer: Percent::from_percent(5),
		permanence_years: 0,
		metered: true,
	}
}

/// A retirement for the city's 2026 pledge.
pub fn pledge() -> RetirementClaim<Test> {
	RetirementClaim {
		beneficiary: b"City of Polis".to_vec().try_into().unwrap(),
		reason: b"2026 climate pledge".to_vec().try_into().unwrap(),
		jurisdiction: b"PL-MZ".to_vec().try_into().unwrap(),
		period_start: 300 * DAY,
		period_end: 365 * DAY,
		inventory: None,
	}
}

/// The developer and the verifier hold their credentials, the developer its parcels, the
/// clock is at `TODAY` and the forestry methodology is registered (id 0).
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [DEVELOPER, VERIFIER, CITY, OUTSIDER]
			.into_iter()
			.map(|who| (who, ENDOWMENT))
			.chain([(PAUPER, 150)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		pallet_timestamp::Now::<Test>::put(TODAY);
		give_credential(DEVELOPER, DEVELOPER_SCHEMA);
		give_credential(PAUPER, DEVELOPER_SCHEMA);
		give_credential(VERIFIER, VERIFIER_SCHEMA);
		for parcel in [OWNED, ALSO_OWNED, LEASED] {
			grant_rights(parcel, DEVELOPER);
		}
		grant_rights(FOREIGN, OUTSIDER);
		CarbonCredits::register_methodology(RuntimeOrigin::root(), forestry()).unwrap();
		System::reset_events();
	});
	ext
}

/// Runs `test` and then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		CarbonCredits::do_try_state().expect("invariants hold");
	});
}

pub fn events() -> Vec<pallet_carbon_credits::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::CarbonCredits(event) => Some(event),
			_ => None,
		})
		.collect()
}

pub fn last_event() -> pallet_carbon_credits::Event<Test> {
	events().pop().expect("an event was deposited")
}
