//! Benchmarks of the carbon registry, each at its worst case: credentials checked against the
//! DID pallet's worst case, `MaxParcels` parcels, the longest retirement texts, and a reversal
//! that suspends its project.

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

fn methodology<T: Config>() -> MethodologyId {
	let id = NextMethodologyId::<T>::get();
	NextMethodologyId::<T>::put(id + 1);
	Methodologies::<T>::insert(
		id,
		Methodology {
			document_hash: H256::repeat_byte(1),
			credit_type: CreditType::Removal,
			buffer: Percent::from_percent(10),
			permanence_years: 40,
		},
	);
	id
}

/// `developer`'s project on one parcel, in `status`.
fn project<T: Config>(developer: &T::AccountId, status: ProjectStatus) -> ProjectId {
	let methodology = methodology::<T>();
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
		};
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, methodology);
		assert!(Methodologies::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn propose_project(p: Linear<1, { T::MaxParcels::get() }>) {
		let developer = developer::<T>();
		let methodology = methodology::<T>();
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

	#[benchmark]
	fn set_project_status() -> Result<(), BenchmarkError> {
		let developer = developer::<T>();
		let project = project::<T>(&developer, ProjectStatus::Validated);
		let origin =
			T::RegistryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, project, ProjectStatus::Registered);
		assert_eq!(Projects::<T>::get(project).unwrap().status, ProjectStatus::Registered);
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

	#[benchmark]
	fn retire() {
		let developer = developer::<T>();
		let batch = batch::<T>(&developer);
		let claim = RetirementClaim {
			beneficiary: text::<T>(),
			reason: text::<T>(),
			jurisdiction: text::<T>(),
			period_start: 0,
			period_end: period_end(),
		};
		#[extrinsic_call]
		_(signed::<T>(&developer), batch, 10, claim);
		assert!(Retirements::<T>::contains_key(0));
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

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
