//! Anonymous credentials: enrolment, and proofs that one of a ring acted, once per context.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use polis_mocks::{deactivate_did, revoke_credential};
use polis_primitives::anonymity::{nullifier, sign};
use sp_runtime::TokenError;

fn enrol(who: AccountId, generation: u8) -> MemberId {
	assert_ok!(Anonymity::enrol(RuntimeOrigin::signed(who), BENEFICIARY, key_of(who, generation)));
	MemberOf::<Test>::get(BENEFICIARY, who).expect("enrolled")
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::Membership.into(), &who)
}

/// A proof by `signer` (its key of `generation`) over the members of `ring`, of `message` in
/// `context`.
fn proof(ring: &[MemberId], signer: MemberId, context: &[u8], message: &[u8]) -> AnonymousProof {
	let keys: Vec<_> = ring.iter().map(|id| Members::<Test>::get(id).unwrap().key).collect();
	let member = Members::<Test>::get(signer).unwrap();
	let generation =
		(0..=u8::MAX).find(|generation| key_of(member.account, *generation) == member.key).unwrap();
	let position = ring.iter().position(|id| *id == signer).unwrap();
	let signature =
		sign(&keys, position, &secret_of(member.account, generation), context, message).unwrap();
	AnonymousProof { ring: BoundedVec::truncate_from(ring.to_vec()), signature }
}

fn verify(ring_proof: &AnonymousProof, enrolled_by: u64) -> Result<Nullifier, AnonymityError> {
	Anonymity::verify(BENEFICIARY, Some(DISTRICT), enrolled_by, b"period 1", b"lot 7", ring_proof)
}

mod enrolment {
	use super::*;

	#[test]
	fn a_holder_enrols_one_key_holding_a_deposit() {
		run(|| {
			let member = enrol(HOLDERS[0], 0);
			assert_eq!(
				last_event(),
				Event::Enrolled { member, schema: BENEFICIARY, did: HOLDERS[0] }
			);
			let record = Members::<Test>::get(member).unwrap();
			assert_eq!(
				(record.key, record.enrolled_ms, record.deposit),
				(key_of(HOLDERS[0], 0), START, DEPOSIT)
			);
			assert_eq!(KeyOwners::<Test>::get(key_of(HOLDERS[0], 0)), Some(member));
			assert_eq!(held(HOLDERS[0]), DEPOSIT);
			assert!(Anonymity::is_enrolled(BENEFICIARY, &HOLDERS[0]));
		});
	}

	#[test]
	fn only_a_credential_holder_enrols_a_key_of_its_own() {
		run(|| {
			let enrol_key =
				|who, key| Anonymity::enrol(RuntimeOrigin::signed(who), BENEFICIARY, key);
			assert_noop!(enrol_key(OUTSIDER, key_of(OUTSIDER, 0)), Error::<Test>::NoCredential);
			assert_noop!(
				Anonymity::enrol(
					RuntimeOrigin::signed(HOLDERS[0]),
					OTHER_SCHEMA,
					key_of(HOLDERS[0], 0)
				),
				Error::<Test>::NoCredential
			);
			assert_noop!(enrol_key(HOLDERS[0], [0; 32]), Error::<Test>::InvalidKey);
			assert_noop!(enrol_key(HOLDERS[0], [0xff; 32]), Error::<Test>::InvalidKey);
			enrol(HOLDERS[0], 0);
			assert_noop!(enrol_key(HOLDERS[1], key_of(HOLDERS[0], 0)), Error::<Test>::KeyInUse);
			deactivate_did(HOLDERS[2]);
			assert_noop!(enrol_key(HOLDERS[2], key_of(HOLDERS[2], 0)), Error::<Test>::NoDid);
		});
	}

	#[test]
	fn enrolment_needs_the_deposit() {
		run(|| {
			Balances::set_balance(&HOLDERS[0], 1);
			assert_noop!(
				Anonymity::enrol(
					RuntimeOrigin::signed(HOLDERS[0]),
					BENEFICIARY,
					key_of(HOLDERS[0], 0)
				),
				TokenError::FundsUnavailable
			);
		});
	}

	#[test]
	fn a_replaced_key_counts_from_its_replacement_on() {
		run(|| {
			let member = enrol(HOLDERS[0], 0);
			set_time(START + 500);
			assert_eq!(enrol(HOLDERS[0], 1), member);
			assert_eq!(last_event(), Event::KeyReplaced { member });
			let record = Members::<Test>::get(member).unwrap();
			assert_eq!((record.key, record.enrolled_ms), (key_of(HOLDERS[0], 1), START + 500));
			assert_eq!(KeyOwners::<Test>::get(key_of(HOLDERS[0], 0)), None);
			assert_eq!(held(HOLDERS[0]), DEPOSIT, "the deposit is held once");
			// The old key is free again, for anyone.
			assert_ok!(Anonymity::enrol(
				RuntimeOrigin::signed(HOLDERS[1]),
				BENEFICIARY,
				key_of(HOLDERS[0], 0)
			));
		});
	}

	#[test]
	fn a_member_leaves_and_gets_its_deposit_back() {
		run(|| {
			let member = enrol(HOLDERS[0], 0);
			assert_ok!(Anonymity::leave(RuntimeOrigin::signed(HOLDERS[0]), BENEFICIARY));
			assert_eq!(last_event(), Event::Left { member });
			assert!(Members::<Test>::get(member).is_none());
			assert_eq!(KeyOwners::<Test>::get(key_of(HOLDERS[0], 0)), None);
			assert_eq!(held(HOLDERS[0]), 0);
			assert_noop!(
				Anonymity::leave(RuntimeOrigin::signed(HOLDERS[0]), BENEFICIARY),
				Error::<Test>::NotEnrolled
			);
			deactivate_did(HOLDERS[1]);
			assert_noop!(
				Anonymity::leave(RuntimeOrigin::signed(HOLDERS[1]), BENEFICIARY),
				Error::<Test>::NoDid
			);
		});
	}

	#[test]
	fn anyone_removes_a_member_whose_credential_no_longer_holds() {
		run(|| {
			let member = enrol(HOLDERS[0], 0);
			let remove = |id| Anonymity::remove_ineligible(RuntimeOrigin::signed(OUTSIDER), id);
			assert_noop!(remove(member), Error::<Test>::StillEligible);
			assert_noop!(remove(member + 1), Error::<Test>::UnknownMember);
			revoke_credential(HOLDERS[0], BENEFICIARY);
			assert_ok!(remove(member));
			assert_eq!(last_event(), Event::Removed { member });
			assert_eq!(held(HOLDERS[0]), 0);
			let deactivated = enrol(HOLDERS[1], 0);
			deactivate_did(HOLDERS[1]);
			assert_ok!(remove(deactivated));
		});
	}
}

mod proofs {
	use super::*;

	/// Holders 0 to `count - 1` enrolled at `START`.
	fn ring(count: usize) -> Vec<MemberId> {
		HOLDERS[..count].iter().map(|who| enrol(*who, 0)).collect()
	}

	#[test]
	fn a_member_of_the_ring_proves_it_acted_and_gets_its_nullifier() {
		run(|| {
			let members = ring(4);
			let by_second = proof(&members, members[1], b"period 1", b"lot 7");
			assert_eq!(
				verify(&by_second, START),
				Ok(nullifier(&secret_of(HOLDERS[1], 0), b"period 1").unwrap())
			);
			// The same member's proof over another ring carries the same nullifier.
			let again = proof(&members[1..], members[1], b"period 1", b"lot 7");
			assert_eq!(verify(&again, START), verify(&by_second, START));
			let by_third = proof(&members, members[2], b"period 1", b"lot 7");
			assert_ne!(verify(&by_third, START), verify(&by_second, START));
		});
	}

	#[test]
	fn a_ring_is_large_enough_ascending_and_of_known_members() {
		run(|| {
			let members = ring(4);
			let too_small = proof(&members[..2], members[0], b"period 1", b"lot 7");
			assert_eq!(verify(&too_small, START), Err(AnonymityError::InvalidRing));
			let descending: Vec<_> = members.iter().rev().copied().collect();
			let unordered = proof(&descending, members[0], b"period 1", b"lot 7");
			assert_eq!(verify(&unordered, START), Err(AnonymityError::InvalidRing));
			let mut unknown = proof(&members[..3], members[0], b"period 1", b"lot 7");
			unknown.ring[2] = 99;
			assert_eq!(verify(&unknown, START), Err(AnonymityError::InvalidRing));
		});
	}

	#[test]
	fn every_ring_member_must_be_eligible_for_the_schema_scope_and_period() {
		run(|| {
			let members = ring(3);
			assert_ok!(Anonymity::enrol(
				RuntimeOrigin::signed(NEIGHBOUR),
				BENEFICIARY,
				key_of(NEIGHBOUR, 0)
			));
			let neighbour = MemberOf::<Test>::get(BENEFICIARY, NEIGHBOUR).unwrap();
			let with_neighbour =
				proof(&[members[0], members[1], neighbour], members[0], b"period 1", b"lot 7");
			assert_eq!(verify(&with_neighbour, START), Err(AnonymityError::IneligibleMember));

			let honest = proof(&members, members[0], b"period 1", b"lot 7");
			assert_eq!(verify(&honest, START - 1), Err(AnonymityError::IneligibleMember));
			revoke_credential(HOLDERS[2], BENEFICIARY);
			assert_eq!(verify(&honest, START), Err(AnonymityError::IneligibleMember));
			polis_mocks::give_credential(HOLDERS[2], BENEFICIARY, Some(DISTRICT));
			assert!(verify(&honest, START).is_ok());
			let other_schema =
				Anonymity::verify(OTHER_SCHEMA, None, START, b"period 1", b"lot 7", &honest);
			assert_eq!(other_schema, Err(AnonymityError::IneligibleMember));
		});
	}

	#[test]
	fn a_key_replaced_within_a_period_cannot_act_again_in_it() {
		run(|| {
			let members = ring(3);
			let period_start = START;
			set_time(START + 100);
			enrol(HOLDERS[0], 1);
			// The new key's proof for the period that began before it is refused...
			let renewed = proof(&members, members[0], b"period 1", b"lot 7");
			assert_eq!(verify(&renewed, period_start), Err(AnonymityError::IneligibleMember));
			// ...and counts from the next period on.
			assert!(verify(&renewed, START + 100).is_ok());
		});
	}

	#[test]
	fn a_proof_holds_only_for_its_message_and_context() {
		run(|| {
			let members = ring(3);
			let other_lot = proof(&members, members[0], b"period 1", b"lot 8");
			assert_eq!(verify(&other_lot, START), Err(AnonymityError::BadSignature));
			let other_period = proof(&members, members[0], b"period 2", b"lot 7");
			assert_eq!(verify(&other_period, START), Err(AnonymityError::BadSignature));
		});
	}
}

mod reads {
	use super::*;

	#[test]
	fn a_wallet_finds_the_members_it_may_put_in_a_ring_page_by_page() {
		run(|| {
			let members: Vec<_> = HOLDERS[..4].iter().map(|who| enrol(*who, 0)).collect();
			assert_ok!(Anonymity::enrol(
				RuntimeOrigin::signed(NEIGHBOUR),
				BENEFICIARY,
				key_of(NEIGHBOUR, 0)
			));
			revoke_credential(HOLDERS[1], BENEFICIARY);
			set_time(START + 10);
			let late = enrol(HOLDERS[4], 0);
			let candidates = |start_after, limit| {
				Anonymity::ring_candidates(BENEFICIARY, Some(DISTRICT), START, start_after, limit)
			};
			let eligible = vec![
				(members[0], key_of(HOLDERS[0], 0)),
				(members[2], key_of(HOLDERS[2], 0)),
				(members[3], key_of(HOLDERS[3], 0)),
			];
			assert_eq!(candidates(None, 10), eligible);
			assert_eq!(candidates(None, 2), eligible[..2].to_vec());
			assert_eq!(candidates(Some(members[2]), 10), eligible[2..].to_vec());
			let later =
				Anonymity::ring_candidates(BENEFICIARY, Some(DISTRICT), START + 10, None, 10);
			assert_eq!(later.last(), Some(&(late, key_of(HOLDERS[4], 0))));
		});
	}
}

mod invariants {
	use super::*;

	#[test]
	fn try_state_catches_a_key_without_its_member() {
		new_test_ext().execute_with(|| {
			let member = enrol(HOLDERS[0], 0);
			KeyOwners::<Test>::remove(key_of(HOLDERS[0], 0));
			assert!(Anonymity::do_try_state().is_err());
			KeyOwners::<Test>::insert(key_of(HOLDERS[0], 0), member);
			KeyOwners::<Test>::insert(key_of(HOLDERS[1], 0), member);
			assert!(Anonymity::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_a_deposit_that_is_not_held() {
		new_test_ext().execute_with(|| {
			let member = enrol(HOLDERS[0], 0);
			Members::<Test>::mutate(member, |record| record.as_mut().unwrap().deposit += 1);
			assert!(Anonymity::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_a_member_its_did_does_not_name() {
		new_test_ext().execute_with(|| {
			enrol(HOLDERS[0], 0);
			MemberOf::<Test>::remove(BENEFICIARY, HOLDERS[0]);
			assert!(Anonymity::do_try_state().is_err());
		});
	}
}
