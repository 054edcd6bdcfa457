//! Benchmarks of the carbon registry, each at its worst case: credentials checked against the
//! DID pallet's worst case, `MaxParcels` parcels, the longest retirement texts, and a reversal
//! that suspends its project, `MaxCertificatesPerClaim` generation certificates each claimed
//! to the end (which removes it from the energy market).

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;
use frame_system::RawOrigin;
use sp_runtime::traits::Saturating;

fn fund<T: Config>(who: &T::AccountId) {
	let plenty = T::Currency::minimum_balance().saturating_mul(1_000_000_000u32.into());
	T::Currency::set_balance(who, plenty);
}

fn signed<T: Config>(who: &T::AccountId) -> RawOrigin<T::AccountId> {
	RawOrigin::Signed(who.clone())
}

/// A funded account whose DID holds a credential of `schema`.
fn credentialed<T: Config>(name: &'static str, schema: SchemaId) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	fund::<T>(&who);
	T::Credentials::issue_for_benchmark(&who, schema, None);
	who
}

fn developer<T: Config>() -> T::AccountId {
	credentialed::<T>("developer", T::DeveloperSchema::get())
}

fn verifier<T: Config>() -> T::AccountId {
	credentialed::<T>("verifier", T::VerifierSchema::get())
}

fn methodology<T: Config>(metered: bool) -> MethodologyId {
	let id = NextMethodologyId::<T>::get();
	NextMethodologyId::<T>::put(id + 1);
	Methodologies::<T>::insert(
		id,
		Methodology {
			document_hash: H256::repeat_byte(1),
			credit_type: CreditType::Removal,
			buffer: Percent::from_percent(10),
			permanence_years: 40,
			metered,
		},
	);
	id
}

/// `developer`'s project on one parcel, in `status`.
fn project<T: Config>(developer: &T::AccountId, status: ProjectStatus) -> ProjectId {
	project_under::<T>(developer, status, false)
}

/// `developer`'s project on one parcel, in `status`, under a new methodology.
fn project_under<T: Config>(
	developer: &T::AccountId,
	status: ProjectStatus,
	metered: bool,
) -> ProjectId {
	let methodology = methodology::<T>(metered);
	let parcels = BoundedVec::truncate_from(alloc::vec![T::Land::parcel_for_benchmark(developer)]);
	assert!(Pallet::<T>::propose_project(
		signed::<T>(developer).into(),
		methodology,
		parcels,
		H256::zero()
	)
	.is_ok());
	let id = NextProjectId::<T>::get() - 1;
	Projects::<T>::mutate(id, |record| record.as_mut().unwrap().status = status);
	id
}

/// The end of the monitoring period benchmarks report: day 400 since the Unix epoch.
fn period_end() -> u64 {
	400 * DAY_MS
}

/// A report of 1,000 tonnes for days 300–400 of `developer`'s registered project.
fn pending_report<T: Config>(developer: &T::AccountId) -> ReportId {
	let project = project::<T>(developer, ProjectStatus::Registered);
	T::BenchmarkHelper::set_time(period_end());
	assert!(Pallet::<T>::submit_report(
		signed::<T>(developer).into(),
		project,
		300 * DAY_MS,
		period_end(),
		1_000,
		H256::zero()
	)
	.is_ok());
	NextReportId::<T>::get() - 1
}

/// A batch of 1,000 tonnes issued to `developer`, 100 of them in the buffer pool.
fn batch<T: Config>(developer: &T::AccountId) -> BatchId {
	let report = pending_report::<T>(developer);
	let verifier = verifier::<T>();
	assert!(Pallet::<T>::approve_report(signed::<T>(&verifier).into(), report).is_ok());
	NextBatchId::<T>::get() - 1
}

/// `developer`'s registered metered project, with the emission factor of the year of
/// `period_end` set at 1 t per MWh.
fn metered_project<T: Config>(developer: &T::AccountId) -> ProjectId {
	EmissionFactors::<T>::insert(year_of(period_end()), 1_000_000);
	project_under::<T>(developer, ProjectStatus::Registered, true)
}

/// `count` generation certificates of 1 MWh each of `owner`, delivered just before
/// `period_end`.
fn certificates<T: Config>(
	owner: &T::AccountId,
	count: u32,
) -> BoundedVec<CertificateId, T::MaxCertificatesPerClaim> {
	let at = period_end() - 1;
	BoundedVec::truncate_from(
		(0..count)
			.map(|_| {
				T::Energy::generation_certificate_for_benchmark(
					owner,
					polis_primitives::EnergySource::Solar,
					1_000_000,
					at,
				)
			})
			.collect(),
	)
}

/// 10 of `developer`'s credits listed at the minimum balance a tonne.
fn listing<T: Config>(developer: &T::AccountId) -> ListingId {
	let batch = batch::<T>(developer);
	let price = T::Currency::minimum_balance();
	assert!(Pallet::<T>::list_credits(signed::<T>(developer).into(), batch, 10, price).is_ok());
	NextListingId::<T>::get() - 1
}

/// The bridge account of external registry 0, with a DID, funded.
fn bridge<T: Config>() -> T::AccountId {
	let bridge = credentialed::<T>("bridge", T::DeveloperSchema::get());
	ExternalRegistries::<T>::insert(
		0,
		ExternalRegistry { name: text::<T>(), bridge: bridge.clone() },
	);
	NextRegistryId::<T>::put(1);
	bridge
}

fn text<T: Config>() -> BoundedVec<u8, T::MaxTextLen> {
	BoundedVec::truncate_from(alloc::vec![b'x'; T::MaxTextLen::get() as usize])
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_methodology() -> Result<(), BenchmarkError> {
		let origin =
			T::RegistryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let methodology = Methodology {
			document_hash: H256::zero(),
			credit_type: CreditType::Avoidance,
			buffer: Percent::from_percent(5),
			permanence_years: 0,
			metered: true,
		};
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, methodology);
		assert!(Methodologies::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn propose_project(p: Linear<1, { T::MaxParcels::get() }>) {
		let developer = developer::<T>();
		let methodology = methodology::<T>(false);
		let parcels = BoundedVec::truncate_from(
			(0..p).map(|_| T::Land::parcel_for_benchmark(&developer)).collect(),
		);
		#[extrinsic_call]
		_(signed::<T>(&developer), methodology, parcels, H256::zero());
		assert!(Projects::<T>::contains_key(0));
	}

	#[benchmark]
	fn validate_project() {
		let developer = developer::<T>();
		let project = project::<T>(&developer, ProjectStatus::Proposed);
		let verifier = verifier::<T>();
		#[extrinsic_call]
		_(signed::<T>(&verifier), project);
		assert_eq!(Projects::<T>::get(project).unwrap().status, ProjectStatus::Validated);
	}

	/// Ending a project on `p` parcels, each of which forgets it.
	#[benchmark]
	fn set_project_status(p: Linear<1, { T::MaxParcels::get() }>) -> Result<(), BenchmarkError> {
		let developer = developer::<T>();
		let methodology = methodology::<T>(false);
		let parcels = BoundedVec::truncate_from(
			(0..p).map(|_| T::Land::parcel_for_benchmark(&developer)).collect(),
		);
		assert!(Pallet::<T>::propose_project(
			signed::<T>(&developer).into(),
			methodology,
			parcels.clone(),
			H256::zero()
		)
		.is_ok());
		Projects::<T>::mutate(0, |record| {
			record.as_mut().unwrap().status = ProjectStatus::Registered
		});
		let origin =
			T::RegistryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0, ProjectStatus::Ended);
		assert_eq!(Projects::<T>::get(0).unwrap().status, ProjectStatus::Ended);
		assert!(parcels.iter().all(|parcel| ParcelProjects::<T>::get(parcel).is_empty()));
		Ok(())
	}

	#[benchmark]
	fn submit_report() {
		let developer = developer::<T>();
		let project = project::<T>(&developer, ProjectStatus::Registered);
		T::BenchmarkHelper::set_time(period_end());
		#[extrinsic_call]
		_(signed::<T>(&developer), project, 300 * DAY_MS, period_end(), 1_000, H256::zero());
		assert!(Reports::<T>::contains_key(0));
	}

	#[benchmark]
	fn approve_report() {
		let developer = developer::<T>();
		let report = pending_report::<T>(&developer);
		let verifier = verifier::<T>();
		#[extrinsic_call]
		_(signed::<T>(&verifier), report);
		assert_eq!(Credits::<T>::get(&developer, 0), Some(900));
	}

	#[benchmark]
	fn reject_report() {
		let developer = developer::<T>();
		let report = pending_report::<T>(&developer);
		let verifier = verifier::<T>();
		#[extrinsic_call]
		_(signed::<T>(&verifier), report);
		assert!(!Reports::<T>::contains_key(report));
	}

	/// To an account that holds none of the batch yet.
	#[benchmark]
	fn transfer() {
		let developer = developer::<T>();
		let batch = batch::<T>(&developer);
		let buyer: T::AccountId = account("buyer", 0, 0);
		#[extrinsic_call]
		_(signed::<T>(&developer), batch, buyer.clone(), 10);
		assert_eq!(Credits::<T>::get(&buyer, batch), Some(10));
	}

	/// Counted against the owner's inventory.
	#[benchmark]
	fn retire() {
		let developer = developer::<T>();
		let batch = batch::<T>(&developer);
		assert!(
			Pallet::<T>::open_inventory(signed::<T>(&developer).into(), text::<T>(), 1970).is_ok()
		);
		let claim = RetirementClaim {
			beneficiary: text::<T>(),
			reason: text::<T>(),
			jurisdiction: text::<T>(),
			period_start: 0,
			period_end: period_end(),
			inventory: Some(0),
		};
		#[extrinsic_call]
		_(signed::<T>(&developer), batch, 10, claim);
		assert!(Retirements::<T>::contains_key(0));
		assert_eq!(Inventories::<T>::get(0).map(|inventory| inventory.tonnes), Some(10));
	}

	#[benchmark]
	fn cancel() {
		let developer = developer::<T>();
		let batch = batch::<T>(&developer);
		#[extrinsic_call]
		_(signed::<T>(&developer), batch, 10, text::<T>());
		assert_eq!(Batches::<T>::get(batch).unwrap().cancelled, 10);
	}

	/// The reversal suspends its registered project.
	#[benchmark]
	fn record_reversal() {
		let developer = developer::<T>();
		let batch = batch::<T>(&developer);
		let verifier = verifier::<T>();
		#[extrinsic_call]
		_(signed::<T>(&verifier), batch, 10, H256::zero());
		assert_eq!(Projects::<T>::get(0).unwrap().status, ProjectStatus::Suspended);
	}

	#[benchmark]
	fn set_emission_factor() -> Result<(), BenchmarkError> {
		let origin =
			T::RegistryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 2026, Some(400));
		assert_eq!(EmissionFactors::<T>::get(2026), Some(400));
		Ok(())
	}

	/// `c` certificates, each claimed to the end.
	#[benchmark]
	fn claim_metered_energy(c: Linear<1, { T::MaxCertificatesPerClaim::get() }>) {
		let developer = developer::<T>();
		let project = metered_project::<T>(&developer);
		let certificates = certificates::<T>(&developer, c);
		#[extrinsic_call]
		_(signed::<T>(&developer), project, certificates);
		assert_eq!(Projects::<T>::get(project).unwrap().metered.wh, u64::from(c) * 1_000_000);
	}

	#[benchmark]
	fn submit_metered_report() {
		let developer = developer::<T>();
		let project = metered_project::<T>(&developer);
		let claimed = certificates::<T>(&developer, 1);
		assert!(Pallet::<T>::claim_metered_energy(
			signed::<T>(&developer).into(),
			project,
			claimed
		)
		.is_ok());
		#[extrinsic_call]
		_(signed::<T>(&developer), project);
		assert_eq!(Reports::<T>::get(0).map(|report| report.tonnes), Some(1_000));
	}

	#[benchmark]
	fn clear_review() -> Result<(), BenchmarkError> {
		let developer = developer::<T>();
		let project = project::<T>(&developer, ProjectStatus::Registered);
		Projects::<T>::mutate(project, |record| {
			record.as_mut().unwrap().review = Some((0, ParcelChange::Transferred))
		});
		let origin =
			T::RegistryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, project);
		assert_eq!(Projects::<T>::get(project).unwrap().review, None);
		Ok(())
	}

	/// `n` projects on the changed parcel, each put under review.
	#[benchmark]
	fn on_parcel_change(n: Linear<0, { T::MaxProjectsPerParcel::get() }>) {
		let developer = developer::<T>();
		let methodology = methodology::<T>(false);
		let parcel = T::Land::parcel_for_benchmark(&developer);
		for _ in 0..n {
			assert!(Pallet::<T>::propose_project(
				signed::<T>(&developer).into(),
				methodology,
				BoundedVec::truncate_from(alloc::vec![parcel]),
				H256::zero()
			)
			.is_ok());
		}
		#[block]
		{
			Pallet::<T>::on_parcel_change(parcel, ParcelChange::Transferred);
		}
		assert_eq!(
			Projects::<T>::iter().filter(|(_, record)| record.review.is_some()).count(),
			n as usize
		);
	}

	#[benchmark]
	fn list_credits() {
		let developer = developer::<T>();
		let batch = batch::<T>(&developer);
		#[extrinsic_call]
		_(signed::<T>(&developer), batch, 10, T::Currency::minimum_balance());
		assert!(Listings::<T>::contains_key(0));
	}

	/// What is left goes back to the seller's holding.
	#[benchmark]
	fn withdraw_listing() {
		let developer = developer::<T>();
		let listing = listing::<T>(&developer);
		#[extrinsic_call]
		_(signed::<T>(&developer), listing);
		assert!(!Listings::<T>::contains_key(listing));
	}

	/// A buyer without credits of the batch buys the listing out, closing it.
	#[benchmark]
	fn buy_credits() {
		let developer = developer::<T>();
		let listing = listing::<T>(&developer);
		let buyer: T::AccountId = account("buyer", 0, 0);
		fund::<T>(&buyer);
		#[extrinsic_call]
		_(signed::<T>(&buyer), listing, 10, T::Currency::minimum_balance());
		assert!(!Listings::<T>::contains_key(listing));
	}

	/// Buys the listing out and retires against the buyer's inventory.
	#[benchmark]
	fn buy_and_retire() {
		let developer = developer::<T>();
		let listing = listing::<T>(&developer);
		let buyer: T::AccountId = account("buyer", 0, 0);
		fund::<T>(&buyer);
		assert!(Pallet::<T>::open_inventory(signed::<T>(&buyer).into(), text::<T>(), 1970).is_ok());
		let claim = RetirementClaim {
			beneficiary: text::<T>(),
			reason: text::<T>(),
			jurisdiction: text::<T>(),
			period_start: 0,
			period_end: period_end(),
			inventory: Some(0),
		};
		#[extrinsic_call]
		_(signed::<T>(&buyer), listing, 10, T::Currency::minimum_balance(), claim);
		assert!(Retirements::<T>::contains_key(0));
	}

	#[benchmark]
	fn register_external_registry() -> Result<(), BenchmarkError> {
		let origin =
			T::RegistryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let bridge: T::AccountId = account("bridge", 0, 0);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, text::<T>(), bridge);
		assert!(ExternalRegistries::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn bridge_project() {
		let bridge = bridge::<T>();
		let methodology = methodology::<T>(false);
		#[extrinsic_call]
		_(signed::<T>(&bridge), 0, text::<T>(), methodology, H256::zero());
		assert!(ExternalProjects::<T>::contains_key(0, text::<T>()));
	}

	/// Between two ranges admitted before: the overlap check reads a neighbour.
	#[benchmark]
	fn import_credits() {
		let bridge = bridge::<T>();
		let methodology = methodology::<T>(false);
		assert!(Pallet::<T>::bridge_project(
			signed::<T>(&bridge).into(),
			0,
			text::<T>(),
			methodology,
			H256::zero()
		)
		.is_ok());
		let project = NextProjectId::<T>::get() - 1;
		T::BenchmarkHelper::set_time(period_end());
		for first in [0, 2_000] {
			assert!(Pallet::<T>::import_credits(
				signed::<T>(&bridge).into(),
				project,
				first,
				1_000,
				0,
				period_end(),
				H256::zero()
			)
			.is_ok());
		}
		#[extrinsic_call]
		_(signed::<T>(&bridge), project, 1_000, 1_000, 0, period_end(), H256::zero());
		assert_eq!(AdmittedRanges::<T>::iter_prefix(0).count(), 3);
	}

	#[benchmark]
	fn open_inventory() {
		let city: T::AccountId = account("city", 0, 0);
		fund::<T>(&city);
		#[extrinsic_call]
		_(signed::<T>(&city), text::<T>(), 2026);
		assert!(Inventories::<T>::contains_key(0));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
