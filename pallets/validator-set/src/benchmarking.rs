//! Benchmarks of the validator-set pallet, at a full set.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};

/// Stores a set of `count` validators.
fn with_validators<T: Config>(count: u32) -> Vec<T::AccountId> {
	let validators: Vec<T::AccountId> = (0..count).map(|i| account("validator", i, 0)).collect();
	Validators::<T>::put(BoundedVec::truncate_from(validators.clone()));
	validators
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn add_validator(v: Linear<1, { T::MaxValidators::get() - 1 }>) {
		with_validators::<T>(v);
		let new: T::AccountId = account("candidate", 0, 0);
		T::BenchmarkHelper::register_keys(&new);
		let origin = T::ManagerOrigin::try_successful_origin().expect("the manager has an origin");

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, new.clone());

		assert!(Pallet::<T>::validators().contains(&new));
	}

	#[benchmark]
	fn remove_validator(v: Linear<{ T::MinValidators::get() + 1 }, { T::MaxValidators::get() }>) {
		let validators = with_validators::<T>(v);
		let last = validators.last().cloned().expect("at least one validator");
		let origin = T::ManagerOrigin::try_successful_origin().expect("the manager has an origin");

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, last.clone());

		assert!(!Pallet::<T>::validators().contains(&last));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
