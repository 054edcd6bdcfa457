//! The validator-set pallet's behaviour: governance changes the set, and the session pallet
//! picks the change up at its next rotation.

use crate::{mock::*, Error, Event, PendingChange, Validators};
use frame_support::{assert_noop, assert_ok};
use frame_system::RawOrigin;
use pallet_session::SessionManager;
use sp_runtime::DispatchError;

fn root() -> RuntimeOrigin {
	RawOrigin::Root.into()
}

#[test]
fn before_any_change_the_sessions_genesis_validators_serve() {
	run(|| {
		assert_eq!(Validators::<Test>::get(), None);
		assert_eq!(ValidatorSet::validators(), GENESIS_VALIDATORS.to_vec());
		assert_eq!(<ValidatorSet as SessionManager<_>>::new_session(1), None);
	});
}

#[test]
fn governance_adds_a_validator_with_session_keys() {
	run(|| {
		assert_ok!(ValidatorSet::add_validator(root(), 5));
		assert_eq!(last_event(), Event::ValidatorAdded { validator: 5 });
		assert_eq!(ValidatorSet::validators(), vec![1, 2, 3, 4, 5]);
		assert!(PendingChange::<Test>::get());
	});
}

#[test]
fn the_session_pallet_gets_a_changed_set_once() {
	run(|| {
		assert_ok!(ValidatorSet::add_validator(root(), 5));
		assert_ok!(ValidatorSet::remove_validator(root(), 1));
		assert_eq!(<ValidatorSet as SessionManager<_>>::new_session(3), Some(vec![2, 3, 4, 5]));
		assert_eq!(last_event(), Event::ValidatorSetQueued { session: 3, validators: 4 });
		assert_eq!(<ValidatorSet as SessionManager<_>>::new_session(4), None);
	});
}

#[test]
fn governance_removes_a_validator() {
	run(|| {
		assert_ok!(ValidatorSet::remove_validator(root(), 3));
		assert_eq!(last_event(), Event::ValidatorRemoved { validator: 3 });
		assert_eq!(ValidatorSet::validators(), vec![1, 2, 4]);
	});
}

#[test]
fn only_the_manager_changes_the_set() {
	run(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::signed(5), 5),
			DispatchError::BadOrigin
		);
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::signed(1), 2),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_validator_is_added_once_and_only_with_session_keys() {
	run(|| {
		assert_noop!(ValidatorSet::add_validator(root(), 2), Error::<Test>::AlreadyValidator);
		assert_noop!(
			ValidatorSet::add_validator(root(), WITHOUT_KEYS),
			Error::<Test>::NoSessionKeys
		);
	});
}

#[test]
fn the_set_stays_within_its_bounds() {
	run(|| {
		assert_ok!(ValidatorSet::add_validator(root(), 5));
		assert_ok!(ValidatorSet::add_validator(root(), 6));
		assert_noop!(ValidatorSet::add_validator(root(), 7), Error::<Test>::TooManyValidators);
		for validator in [1, 2, 3, 4] {
			assert_ok!(ValidatorSet::remove_validator(root(), validator));
		}
		assert_noop!(ValidatorSet::remove_validator(root(), 5), Error::<Test>::TooFewValidators);
	});
}

#[test]
fn only_a_validator_is_removed() {
	run(|| {
		assert_noop!(ValidatorSet::remove_validator(root(), 5), Error::<Test>::NotValidator);
	});
}

#[test]
fn a_duplicated_validator_breaks_the_invariants() {
	new_test_ext().execute_with(|| {
		Validators::<Test>::put(frame_support::BoundedVec::truncate_from(vec![1, 2, 2]));
		assert!(ValidatorSet::do_try_state().is_err());
	});
}
