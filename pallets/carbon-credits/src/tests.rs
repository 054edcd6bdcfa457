//! The carbon registry's rules, call by call.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold, ConstU32},
};
use sp_runtime::{DispatchError, TokenError};

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn parcels(list: &[ParcelId]) -> BoundedVec<ParcelId, ConstU32<4>> {
	list.to_vec().try_into().unwrap()
}

fn deposits_held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::Deposit.into(), &who)
}

/// The developer's project on parcels 1 and 3, proposed (id 0).
fn proposed() -> ProjectId {
	assert_ok!(CarbonCredits::propose_project(
		signed(DEVELOPER),
		0,
		parcels(&[OWNED, LEASED]),
		H256::repeat_byte(2)
	));
	NextProjectId::<Test>::get() - 1
}

/// The developer's project, validated and registered.
fn registered() -> ProjectId {
	let project = proposed();
	assert_ok!(CarbonCredits::validate_project(signed(VERIFIER), project));
	assert_ok!(CarbonCredits::set_project_status(
		RuntimeOrigin::root(),
		project,
		ProjectStatus::Registered
	));
	project
}

/// A report of `tonnes` for days `start..end` of the registered project.
fn report(project: ProjectId, start: u64, end: u64, tonnes: u64) -> ReportId {
	assert_ok!(CarbonCredits::submit_report(
		signed(DEVELOPER),
		project,
		start * DAY,
		end * DAY,
		tonnes,
		H256::repeat_byte(3)
	));
	NextReportId::<Test>::get() - 1
}

/// A batch of 95 tonnes for days 300–365 of a registered project: 10 in the buffer (9.5 rounded
/// up), 85 with the developer, serials 0–94.
fn issued() -> BatchId {
	let project = registered();
	let report = report(project, 300, 365, 95);
	assert_ok!(CarbonCredits::approve_report(signed(VERIFIER), report));
	NextBatchId::<Test>::get() - 1
}

fn credits(batch: BatchId, who: AccountId) -> u64 {
	Credits::<Test>::get(who, batch).unwrap_or(0)
}

mod methodologies {
	use super::*;

	#[test]
	fn only_the_registry_authority_registers_methodologies() {
		run(|| {
			assert_noop!(
				CarbonCredits::register_methodology(signed(DEVELOPER), forestry()),
				DispatchError::BadOrigin
			);
			assert_ok!(CarbonCredits::register_methodology(RuntimeOrigin::root(), forestry()));
			assert_eq!(last_event(), Event::MethodologyRegistered { methodology: 1 });
			assert_eq!(Methodologies::<Test>::get(1), Some(forestry()));
		});
	}
}

mod projects {
	use super::*;

	#[test]
	fn a_developer_proposes_a_project_on_parcels_it_owns_or_leases() {
		run(|| {
			let project = proposed();
			assert_eq!(last_event(), Event::ProjectProposed { project, developer: DEVELOPER });
			let record = Projects::<Test>::get(project).unwrap();
			assert_eq!(record.status, ProjectStatus::Proposed);
			assert_eq!(record.parcels.into_inner(), vec![OWNED, LEASED]);
			assert_eq!(deposits_held(DEVELOPER), DEPOSIT);
		});
	}

	#[test]
	fn a_proposal_needs_a_developer_a_methodology_and_rights_to_every_parcel() {
		run(|| {
			let propose = |who, methodology, list: &[ParcelId]| {
				CarbonCredits::propose_project(
					signed(who),
					methodology,
					parcels(list),
					H256::zero(),
				)
			};
			assert_noop!(propose(OUTSIDER, 0, &[FOREIGN]), Error::<Test>::NotADeveloper);
			assert_noop!(propose(DEVELOPER, 9, &[OWNED]), Error::<Test>::UnknownMethodology);
			assert_noop!(propose(DEVELOPER, 0, &[]), Error::<Test>::NoParcels);
			assert_noop!(propose(DEVELOPER, 0, &[OWNED, OWNED]), Error::<Test>::DuplicateParcel);
			assert_noop!(propose(DEVELOPER, 0, &[OWNED, FOREIGN]), Error::<Test>::NoRightsToParcel);
			assert_noop!(propose(DEVELOPER, 0, &[99]), Error::<Test>::NoRightsToParcel);
			grant_rights(5, PAUPER);
			assert_ok!(propose(PAUPER, 0, &[5]));
			assert_noop!(propose(PAUPER, 0, &[5]), TokenError::FundsUnavailable);
		});
	}

	#[test]
	fn an_independent_verifier_validates_a_proposed_project() {
		run(|| {
			assert_noop!(
				CarbonCredits::validate_project(signed(VERIFIER), 0),
				Error::<Test>::UnknownProject
			);
			let project = proposed();
			assert_noop!(
				CarbonCredits::validate_project(signed(OUTSIDER), project),
				Error::<Test>::NotAVerifier
			);
			// The developer's own DID holds a verifier credential too: it still may not.
			give_credential(DEVELOPER, VERIFIER_SCHEMA);
			assert_noop!(
				CarbonCredits::validate_project(signed(DEVELOPER), project),
				Error::<Test>::SelfVerification
			);
			assert_ok!(CarbonCredits::validate_project(signed(VERIFIER), project));
			assert_eq!(last_event(), Event::ProjectValidated { project, validator: VERIFIER });
			assert_eq!(Projects::<Test>::get(project).unwrap().validator, Some(VERIFIER));
			assert_noop!(
				CarbonCredits::validate_project(signed(VERIFIER), project),
				Error::<Test>::WrongStatus
			);
		});
	}

	#[test]
	fn the_registry_authority_moves_a_project_through_its_life() {
		run(|| {
			use ProjectStatus::*;
			let set = |project, status| {
				CarbonCredits::set_project_status(RuntimeOrigin::root(), project, status)
			};
			assert_noop!(set(0, Registered), Error::<Test>::UnknownProject);
			let project = proposed();
			assert_noop!(
				CarbonCredits::set_project_status(signed(VERIFIER), project, Registered),
				DispatchError::BadOrigin
			);
			assert_noop!(set(project, Registered), Error::<Test>::InvalidTransition);
			assert_ok!(CarbonCredits::validate_project(signed(VERIFIER), project));
			for status in [Registered, Suspended, Registered, Suspended, Ended] {
				assert_ok!(set(project, status));
				assert_eq!(last_event(), Event::ProjectStatusChanged { project, status });
			}
			for status in [Proposed, Validated, Registered, Suspended, Ended] {
				assert_noop!(set(project, status), Error::<Test>::InvalidTransition);
			}
		});
	}
}

mod issuance {
	use super::*;

	#[test]
	fn a_verified_report_issues_a_batch_with_its_buffer_withheld() {
		run(|| {
			let project = registered();
			let report = report(project, 300, 365, 95);
			assert_eq!(last_event(), Event::ReportSubmitted { report, project, tonnes: 95 });
			assert_eq!(deposits_held(DEVELOPER), 2 * DEPOSIT);
			assert_ok!(CarbonCredits::approve_report(signed(VERIFIER), report));
			let name = BatchName { project, start_day: 300, end_day: 365, sequence: 1 };
			assert_eq!(
				last_event(),
				Event::BatchIssued {
					batch: 0,
					name,
					report,
					verifier: VERIFIER,
					issued: 95,
					buffer: 10,
					first_serial: 0
				}
			);
			assert_eq!(credits(0, DEVELOPER), 85);
			assert_eq!(Batches::<Test>::get(0).unwrap().buffer, 10);
			assert_eq!(deposits_held(DEVELOPER), DEPOSIT);
			assert!(Reports::<Test>::get(report).is_none());
			// The next period's batch takes the next serials and the next sequence number.
			let next = self::report(project, 365, 400, 20);
			assert_ok!(CarbonCredits::approve_report(signed(VERIFIER), next));
			let batch = Batches::<Test>::get(1).unwrap();
			assert_eq!((batch.first_serial, batch.sequence, batch.buffer), (95, 2, 2));
		});
	}

	#[test]
	fn no_period_is_credited_twice() {
		run(|| {
			let project = registered();
			let first = report(project, 300, 365, 95);
			let submit = |start: u64, end: u64, tonnes| {
				CarbonCredits::submit_report(
					signed(DEVELOPER),
					project,
					start,
					end,
					tonnes,
					H256::zero(),
				)
			};
			assert_noop!(submit(365 * DAY, 400 * DAY, 5), Error::<Test>::ReportPending);
			assert_ok!(CarbonCredits::approve_report(signed(VERIFIER), first));
			assert_noop!(submit(364 * DAY, 380 * DAY, 5), Error::<Test>::InvalidPeriod);
			assert_noop!(submit(380 * DAY, 380 * DAY, 5), Error::<Test>::InvalidPeriod);
			assert_noop!(submit(380 * DAY, TODAY + 1, 5), Error::<Test>::InvalidPeriod);
			assert_noop!(submit(365 * DAY, 380 * DAY, 0), Error::<Test>::ZeroTonnes);
			assert_ok!(submit(365 * DAY, TODAY, 5));
		});
	}

	#[test]
	fn only_the_developer_reports_on_a_registered_project() {
		run(|| {
			let submit = |who, project| {
				CarbonCredits::submit_report(signed(who), project, 0, DAY, 5, H256::zero())
			};
			assert_noop!(submit(DEVELOPER, 0), Error::<Test>::UnknownProject);
			let project = proposed();
			assert_noop!(submit(DEVELOPER, project), Error::<Test>::WrongStatus);
			assert_ok!(CarbonCredits::validate_project(signed(VERIFIER), project));
			assert_ok!(CarbonCredits::set_project_status(
				RuntimeOrigin::root(),
				project,
				ProjectStatus::Registered
			));
			assert_noop!(submit(VERIFIER, project), Error::<Test>::NotTheDeveloper);
			// The pauper's own project: its report's deposit is more than it has.
			grant_rights(5, PAUPER);
			assert_ok!(CarbonCredits::propose_project(
				signed(PAUPER),
				0,
				parcels(&[5]),
				H256::zero()
			));
			assert_ok!(CarbonCredits::validate_project(signed(VERIFIER), 1));
			assert_ok!(CarbonCredits::set_project_status(
				RuntimeOrigin::root(),
				1,
				ProjectStatus::Registered
			));
			assert_noop!(submit(PAUPER, 1), TokenError::FundsUnavailable);
		});
	}

	#[test]
	fn only_an_independent_verifier_decides_a_report() {
		run(|| {
			assert_noop!(
				CarbonCredits::approve_report(signed(VERIFIER), 0),
				Error::<Test>::UnknownReport
			);
			assert_noop!(
				CarbonCredits::reject_report(signed(VERIFIER), 0),
				Error::<Test>::UnknownReport
			);
			let project = registered();
			let report = report(project, 300, 365, 95);
			give_credential(DEVELOPER, VERIFIER_SCHEMA);
			for decide in [CarbonCredits::approve_report, CarbonCredits::reject_report] {
				assert_noop!(decide(signed(OUTSIDER), report), Error::<Test>::NotAVerifier);
				assert_noop!(decide(signed(DEVELOPER), report), Error::<Test>::SelfVerification);
			}
			assert_ok!(CarbonCredits::set_project_status(
				RuntimeOrigin::root(),
				project,
				ProjectStatus::Suspended
			));
			assert_noop!(
				CarbonCredits::approve_report(signed(VERIFIER), report),
				Error::<Test>::WrongStatus
			);
		});
	}

	#[test]
	fn a_verifier_whose_credential_was_revoked_decides_nothing() {
		run(|| {
			let project = registered();
			let report = report(project, 300, 365, 95);
			revoke_credential(VERIFIER, VERIFIER_SCHEMA);
			assert_noop!(
				CarbonCredits::approve_report(signed(VERIFIER), report),
				Error::<Test>::NotAVerifier
			);
		});
	}

	#[test]
	fn a_rejected_report_returns_its_deposit_and_the_period_can_be_reported_again() {
		run(|| {
			let project = registered();
			let rejected = report(project, 300, 365, 500);
			assert_ok!(CarbonCredits::reject_report(signed(VERIFIER), rejected));
			assert_eq!(
				last_event(),
				Event::ReportRejected { report: rejected, verifier: VERIFIER }
			);
			assert_eq!(deposits_held(DEVELOPER), DEPOSIT);
			let again = report(project, 300, 365, 95);
			assert_ok!(CarbonCredits::approve_report(signed(VERIFIER), again));
		});
	}
}

mod credits {
	use super::*;

	#[test]
	fn holders_transfer_credits() {
		run(|| {
			let batch = issued();
			let transfer =
				|from, to, tonnes| CarbonCredits::transfer(signed(from), batch, to, tonnes);
			assert_noop!(
				CarbonCredits::transfer(signed(DEVELOPER), 9, CITY, 1),
				Error::<Test>::UnknownBatch
			);
			assert_noop!(transfer(DEVELOPER, CITY, 0), Error::<Test>::ZeroTonnes);
			assert_noop!(transfer(DEVELOPER, DEVELOPER, 1), Error::<Test>::SelfTransfer);
			assert_noop!(transfer(DEVELOPER, CITY, 86), Error::<Test>::InsufficientCredits);
			assert_ok!(transfer(DEVELOPER, CITY, 60));
			assert_eq!(
				last_event(),
				Event::CreditsTransferred { batch, from: DEVELOPER, to: CITY, tonnes: 60 }
			);
			assert_ok!(transfer(DEVELOPER, CITY, 25));
			assert_eq!((credits(batch, DEVELOPER), credits(batch, CITY)), (0, 85));
			assert!(!Credits::<Test>::contains_key(DEVELOPER, batch));
		});
	}

	#[test]
	fn a_retirement_takes_the_next_serials_for_good_and_writes_a_certificate() {
		run(|| {
			let batch = issued();
			assert_ok!(CarbonCredits::transfer(signed(DEVELOPER), batch, CITY, 50));
			assert_ok!(CarbonCredits::retire(signed(CITY), batch, 30, pledge()));
			assert_eq!(
				last_event(),
				Event::CreditsRetired {
					retirement: 0,
					batch,
					owner: CITY,
					tonnes: 30,
					first_serial: 0
				}
			);
			let certificate = Retirements::<Test>::get(0).unwrap();
			assert_eq!(certificate.claim, pledge());
			assert_eq!((certificate.tonnes, certificate.first_serial), (30, 0));
			assert_eq!(deposits_held(CITY), DEPOSIT);
			// The developer's retirement takes the serials after the city's.
			assert_ok!(CarbonCredits::retire(signed(DEVELOPER), batch, 5, pledge()));
			assert_eq!(Retirements::<Test>::get(1).unwrap().first_serial, 30);
			assert_eq!(Retirements::<Test>::get(0).unwrap().first_serial, 0);
			let record = Batches::<Test>::get(batch).unwrap();
			assert_eq!((record.retired, credits(batch, CITY)), (35, 20));
		});
	}

	#[test]
	fn a_retirement_needs_credits_a_period_and_its_deposit() {
		run(|| {
			let batch = issued();
			assert_noop!(
				CarbonCredits::retire(signed(CITY), 9, 1, pledge()),
				Error::<Test>::UnknownBatch
			);
			assert_noop!(
				CarbonCredits::retire(signed(DEVELOPER), batch, 0, pledge()),
				Error::<Test>::ZeroTonnes
			);
			let backwards = RetirementClaim { period_end: 300 * DAY, ..pledge() };
			assert_noop!(
				CarbonCredits::retire(signed(DEVELOPER), batch, 1, backwards),
				Error::<Test>::InvalidPeriod
			);
			assert_noop!(
				CarbonCredits::retire(signed(CITY), batch, 1, pledge()),
				Error::<Test>::InsufficientCredits
			);
			assert_ok!(CarbonCredits::transfer(signed(DEVELOPER), batch, PAUPER, 10));
			assert_ok!(CarbonCredits::retire(signed(PAUPER), batch, 1, pledge()));
			assert_noop!(
				CarbonCredits::retire(signed(PAUPER), batch, 1, pledge()),
				TokenError::FundsUnavailable
			);
		});
	}

	#[test]
	fn a_holder_cancels_credits_with_a_reason() {
		run(|| {
			let batch = issued();
			let reason: BoundedVec<u8, ConstU32<32>> = b"exported".to_vec().try_into().unwrap();
			let cancel = |who, batch, tonnes| {
				CarbonCredits::cancel(signed(who), batch, tonnes, reason.clone())
			};
			assert_noop!(cancel(DEVELOPER, 9, 1), Error::<Test>::UnknownBatch);
			assert_noop!(cancel(DEVELOPER, batch, 0), Error::<Test>::ZeroTonnes);
			assert_noop!(cancel(CITY, batch, 1), Error::<Test>::InsufficientCredits);
			assert_ok!(cancel(DEVELOPER, batch, 4));
			assert_eq!(
				last_event(),
				Event::CreditsCancelled {
					batch,
					holder: DEVELOPER,
					tonnes: 4,
					first_serial: 0,
					reason: reason.clone()
				}
			);
			assert_ok!(CarbonCredits::retire(signed(DEVELOPER), batch, 1, pledge()));
			assert_eq!(Retirements::<Test>::get(0).unwrap().first_serial, 4);
			assert_eq!(Batches::<Test>::get(batch).unwrap().cancelled, 4);
		});
	}

	#[test]
	fn nobody_moves_the_buffer_pool() {
		run(|| {
			let batch = issued();
			// The pool's 10 tonnes belong to no holder: the developer has only its 85.
			assert_noop!(
				CarbonCredits::transfer(signed(DEVELOPER), batch, CITY, 86),
				Error::<Test>::InsufficientCredits
			);
			assert_eq!(
				Credits::<Test>::iter()
					.filter(|(_, of, _)| *of == batch)
					.map(|(_, _, tonnes)| tonnes)
					.sum::<u64>(),
				85
			);
		});
	}
}

mod reversals {
	use super::*;

	#[test]
	fn a_verified_reversal_cancels_from_the_buffer_and_suspends_the_project() {
		run(|| {
			let batch = issued();
			let evidence = H256::repeat_byte(9);
			assert_ok!(CarbonCredits::record_reversal(signed(VERIFIER), batch, 4, evidence));
			assert_eq!(
				events()[events().len() - 2..],
				[
					Event::ProjectStatusChanged { project: 0, status: ProjectStatus::Suspended },
					Event::ReversalRecorded {
						batch,
						tonnes: 4,
						// The pool holds the batch's last 10 serials, 85–94.
						first_serial: 85,
						evidence_hash: evidence,
						verifier: VERIFIER
					},
				]
			);
			let record = Batches::<Test>::get(batch).unwrap();
			assert_eq!((record.buffer, record.cancelled), (6, 4));
			assert_eq!(Projects::<Test>::get(0).unwrap().status, ProjectStatus::Suspended);
			// A second reversal takes the pool's next serials; the project stays suspended.
			assert_ok!(CarbonCredits::record_reversal(signed(VERIFIER), batch, 6, evidence));
			assert!(matches!(
				last_event(),
				Event::ReversalRecorded { first_serial: 89, tonnes: 6, .. }
			));
			assert_noop!(
				CarbonCredits::record_reversal(signed(VERIFIER), batch, 1, evidence),
				Error::<Test>::InsufficientBuffer
			);
		});
	}

	#[test]
	fn only_an_independent_verifier_records_a_reversal() {
		run(|| {
			let evidence = H256::zero();
			assert_noop!(
				CarbonCredits::record_reversal(signed(VERIFIER), 0, 1, evidence),
				Error::<Test>::UnknownBatch
			);
			let batch = issued();
			give_credential(DEVELOPER, VERIFIER_SCHEMA);
			assert_noop!(
				CarbonCredits::record_reversal(signed(OUTSIDER), batch, 1, evidence),
				Error::<Test>::NotAVerifier
			);
			assert_noop!(
				CarbonCredits::record_reversal(signed(DEVELOPER), batch, 1, evidence),
				Error::<Test>::SelfVerification
			);
			assert_noop!(
				CarbonCredits::record_reversal(signed(VERIFIER), batch, 0, evidence),
				Error::<Test>::ZeroTonnes
			);
			assert_noop!(
				CarbonCredits::record_reversal(signed(VERIFIER), batch, 11, evidence),
				Error::<Test>::InsufficientBuffer
			);
		});
	}
}

mod reads {
	use super::*;

	#[test]
	fn a_project_reads_with_its_batches() {
		run(|| {
			assert_eq!(CarbonCredits::project_view(0), None);
			let batch = issued();
			let view = CarbonCredits::project_view(0).unwrap();
			assert_eq!((view.developer, view.status), (DEVELOPER, ProjectStatus::Registered));
			assert_eq!(view.parcels, vec![OWNED, LEASED]);
			assert_eq!(view.issued_until, 365 * DAY);
			let name = BatchName { project: 0, start_day: 300, end_day: 365, sequence: 1 };
			assert_eq!(
				view.batches,
				vec![BatchView {
					id: batch,
					name,
					issued: 95,
					first_serial: 0,
					retired: 0,
					cancelled: 0,
					buffer: 10
				}]
			);
		});
	}

	#[test]
	fn a_holder_reads_its_credits_page_by_page() {
		run(|| {
			let project = registered();
			for (start, end) in [(300, 320), (320, 340), (340, 360)] {
				let report = report(project, start, end, 10);
				assert_ok!(CarbonCredits::approve_report(signed(VERIFIER), report));
			}
			let all = CarbonCredits::holdings_of(&DEVELOPER, None, 10);
			assert_eq!(all.iter().map(|(_, tonnes)| *tonnes).collect::<Vec<_>>(), vec![9, 9, 9]);
			let first = CarbonCredits::holdings_of(&DEVELOPER, None, 2);
			let rest = CarbonCredits::holdings_of(&DEVELOPER, Some(first[1].0), 2);
			assert_eq!([first, rest].concat(), all);
			assert!(CarbonCredits::holdings_of(&CITY, None, 10).is_empty());
		});
	}

	#[test]
	fn a_retirement_certificate_reads_with_its_batch_name() {
		run(|| {
			let batch = issued();
			assert_ok!(CarbonCredits::retire(signed(DEVELOPER), batch, 7, pledge()));
			let view = CarbonCredits::retirement_view(0).unwrap();
			assert_eq!((view.owner, view.tonnes, view.first_serial), (DEVELOPER, 7, 0));
			assert_eq!(view.batch_name.sequence, 1);
			assert_eq!(view.beneficiary, b"City of Polis".to_vec());
			assert_eq!(view.jurisdiction, b"PL-MZ".to_vec());
			assert_eq!(view.retired_at, 1);
			assert_eq!(CarbonCredits::retirement_view(1), None);
		});
	}
}

mod invariants {
	use super::*;

	#[test]
	fn try_state_catches_a_batch_whose_credits_do_not_add_up() {
		new_test_ext().execute_with(|| {
			let batch = issued();
			CarbonCredits::do_try_state().unwrap();
			Credits::<Test>::insert(CITY, batch, 1);
			assert!(CarbonCredits::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_serials_taken_twice() {
		new_test_ext().execute_with(|| {
			let batch = issued();
			Batches::<Test>::mutate(batch, |record| record.as_mut().unwrap().consumed = 1);
			assert!(CarbonCredits::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_a_deposit_not_held() {
		new_test_ext().execute_with(|| {
			proposed();
			Projects::<Test>::mutate(0, |record| record.as_mut().unwrap().deposit = 1);
			assert!(CarbonCredits::do_try_state().is_err());
		});
	}
}
