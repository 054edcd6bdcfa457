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
					first_serial: 0,
					inventory: None
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

mod metered {
	use super::*;
	use polis_primitives::{CertificateKind, RenewableEnergy};

	/// The grid's factor in 1971, the tests' year: 500 g of CO₂e per kWh, half a tonne a MWh.
	const FACTOR: u32 = 500;
	const YEAR: u16 = 1971;

	/// The developer's project under the metered solar methodology (id 1), registered, with
	/// the year's emission factor set.
	fn metered_project() -> ProjectId {
		assert_ok!(CarbonCredits::register_methodology(RuntimeOrigin::root(), metered_solar()));
		assert_ok!(CarbonCredits::set_emission_factor(RuntimeOrigin::root(), YEAR, Some(FACTOR)));
		assert_ok!(CarbonCredits::propose_project(
			signed(DEVELOPER),
			1,
			parcels(&[OWNED]),
			H256::repeat_byte(4)
		));
		let project = NextProjectId::<Test>::get() - 1;
		assert_ok!(CarbonCredits::validate_project(signed(VERIFIER), project));
		assert_ok!(CarbonCredits::set_project_status(
			RuntimeOrigin::root(),
			project,
			ProjectStatus::Registered
		));
		project
	}

	/// A generation certificate of the developer for `wh` delivered `intervals_ago` intervals
	/// before today.
	fn generated(wh: u64, intervals_ago: u64) -> CertificateId {
		issue_certificate(
			DEVELOPER,
			CertificateKind::Generation,
			wh,
			TODAY - intervals_ago * INTERVAL,
		)
	}

	fn claim(project: ProjectId, certificates: &[CertificateId]) -> DispatchResult {
		CarbonCredits::claim_metered_energy(
			signed(DEVELOPER),
			project,
			certificates.to_vec().try_into().unwrap(),
		)
	}

	#[test]
	fn years_are_calendar_years() {
		assert_eq!(year_of(0), 1970);
		assert_eq!(year_of(TODAY), YEAR);
		// 2024-02-29 12:00, 2024-12-31 23:59:59.999 and 2026-01-01 00:00 UTC.
		assert_eq!(year_of(1_709_208_000_000), 2024);
		assert_eq!(year_of(1_735_689_599_999), 2024);
		assert_eq!(year_of(1_767_225_600_000), 2026);
		assert_eq!(year_of(1_767_225_599_999), 2025);
		// 2000-03-01, after a leap day of a century divisible by 400.
		assert_eq!(year_of(951_868_800_000), 2000);
	}

	#[test]
	fn the_registry_authority_sets_a_factor_per_year() {
		run(|| {
			assert_noop!(
				CarbonCredits::set_emission_factor(signed(DEVELOPER), 2026, Some(400)),
				DispatchError::BadOrigin
			);
			assert_ok!(CarbonCredits::set_emission_factor(RuntimeOrigin::root(), 2026, Some(400)));
			assert_eq!(EmissionFactors::<Test>::get(2026), Some(400));
			assert_eq!(
				last_event(),
				Event::EmissionFactorSet { year: 2026, grams_per_kwh: Some(400) }
			);
			assert_ok!(CarbonCredits::set_emission_factor(RuntimeOrigin::root(), 2026, None));
			assert_eq!(EmissionFactors::<Test>::get(2026), None);
		});
	}

	#[test]
	fn metered_generation_is_reported_and_issued_in_whole_tonnes() {
		run(|| {
			let project = metered_project();
			let certificates =
				[generated(10_000_000, 9), generated(10_000_000, 5), generated(1_000_001, 3)];
			assert_ok!(claim(project, &certificates));
			// 21,000,001 Wh × 500 g/kWh.
			assert_eq!(
				last_event(),
				Event::MeteredEnergyClaimed {
					project,
					certificates: 3,
					wh: 21_000_001,
					avoided_mg: 10_500_000_500
				}
			);
			for certificate in certificates {
				assert_eq!(MockEnergy::certificate(certificate), None);
			}
			let period = (TODAY - 9 * INTERVAL, TODAY - 2 * INTERVAL);
			assert_eq!(
				Projects::<Test>::get(project).unwrap().metered,
				MeteredTally { wh: 21_000_001, avoided_mg: 10_500_000_500, period: Some(period) }
			);

			assert_ok!(CarbonCredits::submit_metered_report(signed(DEVELOPER), project));
			let report = NextReportId::<Test>::get() - 1;
			assert_eq!(last_event(), Event::ReportSubmitted { report, project, tonnes: 10 });
			let filed = Reports::<Test>::get(report).unwrap();
			assert_eq!((filed.period_start, filed.period_end), period);
			assert_eq!(filed.evidence, Evidence::Metered { wh: 21_000_001 });
			// The half tonne left waits for more generation.
			assert_eq!(
				Projects::<Test>::get(project).unwrap().metered,
				MeteredTally { wh: 0, avoided_mg: 500_000_500, period: None }
			);

			assert_ok!(CarbonCredits::approve_report(signed(VERIFIER), report));
			let batch = Batches::<Test>::get(0).unwrap();
			assert_eq!((batch.issued, batch.buffer), (10, 1));
			assert_eq!((batch.vintage_start, batch.vintage_end), period);
			assert_eq!(credits(0, DEVELOPER), 9);
			assert_eq!(deposits_held(DEVELOPER), DEPOSIT);
		});
	}

	#[test]
	fn a_wh_backs_credits_once_and_only_from_its_generator() {
		run(|| {
			let project = metered_project();
			let first = generated(2_000_000, 1);
			assert_noop!(claim(project, &[first, first]), Error::<Test>::DuplicateCertificate);
			assert_ok!(claim(project, &[first]));
			assert_noop!(claim(project, &[first]), Error::<Test>::UnknownCertificate);
			// A buyer's consumption certificate stays the buyer's claim of renewable use.
			let consumed =
				issue_certificate(DEVELOPER, CertificateKind::Consumption, 2_000_000, TODAY);
			assert_noop!(claim(project, &[consumed]), Error::<Test>::NotGenerationEnergy);
			let someone_elses =
				issue_certificate(CITY, CertificateKind::Generation, 2_000_000, TODAY);
			assert_noop!(claim(project, &[someone_elses]), Error::<Test>::NotCertificateOwner);
			// A metered project's generation is never also credited from a document.
			assert_noop!(
				CarbonCredits::submit_report(signed(DEVELOPER), project, 0, DAY, 5, H256::zero()),
				Error::<Test>::MeteredMethodology
			);
		});
	}

	#[test]
	fn metered_claims_need_the_developer_a_registered_metered_project_and_a_factor() {
		run(|| {
			let reported = registered();
			let project = metered_project();
			let certificate = generated(1_000, 1);
			let as_outsider = |project| {
				CarbonCredits::claim_metered_energy(
					signed(OUTSIDER),
					project,
					vec![certificate].try_into().unwrap(),
				)
			};
			assert_noop!(as_outsider(project), Error::<Test>::NotTheDeveloper);
			assert_noop!(as_outsider(9), Error::<Test>::UnknownProject);
			assert_noop!(claim(reported, &[certificate]), Error::<Test>::NotMetered);
			assert_noop!(claim(project, &[]), Error::<Test>::NoCertificates);
			assert_noop!(claim(project, &[certificate, 99]), Error::<Test>::UnknownCertificate);
			let next_year =
				issue_certificate(DEVELOPER, CertificateKind::Generation, 1_000, 800 * DAY);
			assert_noop!(claim(project, &[next_year]), Error::<Test>::NoEmissionFactor);
			assert_ok!(CarbonCredits::set_project_status(
				RuntimeOrigin::root(),
				project,
				ProjectStatus::Suspended
			));
			assert_noop!(claim(project, &[certificate]), Error::<Test>::WrongStatus);
		});
	}

	#[test]
	fn a_metered_report_needs_a_whole_tonne_and_none_pending() {
		run(|| {
			let reported = registered();
			let project = metered_project();
			let submit = |who, project| CarbonCredits::submit_metered_report(signed(who), project);
			assert_noop!(submit(DEVELOPER, reported), Error::<Test>::NotMetered);
			assert_ok!(claim(project, &[generated(1_999_999, 1)]));
			assert_noop!(submit(DEVELOPER, project), Error::<Test>::ZeroTonnes);
			assert_noop!(submit(OUTSIDER, project), Error::<Test>::NotTheDeveloper);
			assert_ok!(claim(project, &[generated(4_000_001, 2)]));
			assert_ok!(submit(DEVELOPER, project));
			assert_ok!(claim(project, &[generated(2_000_000, 3)]));
			assert_noop!(submit(DEVELOPER, project), Error::<Test>::ReportPending);
		});
	}

	#[test]
	fn a_rejected_metered_report_returns_to_the_tally() {
		run(|| {
			let project = metered_project();
			assert_ok!(claim(project, &[generated(5_000_000, 4)]));
			assert_ok!(CarbonCredits::submit_metered_report(signed(DEVELOPER), project));
			let report = NextReportId::<Test>::get() - 1;
			assert_ok!(claim(project, &[generated(1_000_000, 1)]));
			assert_ok!(CarbonCredits::reject_report(signed(VERIFIER), report));
			assert_eq!(
				Projects::<Test>::get(project).unwrap().metered,
				MeteredTally {
					wh: 6_000_000,
					avoided_mg: 3_000_000_000,
					period: Some((TODAY - 4 * INTERVAL, TODAY))
				}
			);
			assert_ok!(CarbonCredits::submit_metered_report(signed(DEVELOPER), project));
			assert_eq!(Reports::<Test>::get(report + 1).map(|report| report.tonnes), Some(3));
		});
	}
}

mod pledges {
	use super::*;

	/// The city's inventory for 1970, the year `pledge()`'s period starts in (id 0).
	fn city_inventory() -> InventoryId {
		assert_ok!(CarbonCredits::open_inventory(
			signed(CITY),
			b"City of Polis 1970".to_vec().try_into().unwrap(),
			1970
		));
		NextInventoryId::<Test>::get() - 1
	}

	fn counted(inventory: InventoryId) -> RetirementClaim<Test> {
		RetirementClaim { inventory: Some(inventory), ..pledge() }
	}

	#[test]
	fn a_pledger_counts_its_retirements_against_its_inventory() {
		run(|| {
			let batch = issued();
			let inventory = city_inventory();
			assert_eq!(last_event(), Event::InventoryOpened { inventory, owner: CITY, year: 1970 });
			assert_eq!(deposits_held(CITY), DEPOSIT);
			assert_ok!(CarbonCredits::transfer(signed(DEVELOPER), batch, CITY, 50));
			assert_ok!(CarbonCredits::retire(signed(CITY), batch, 30, counted(inventory)));
			assert_ok!(CarbonCredits::retire(signed(CITY), batch, 5, pledge()));
			let view = CarbonCredits::inventory_view(inventory).unwrap();
			assert_eq!((view.owner, view.year, view.tonnes), (CITY, 1970, 30));
			assert_eq!(view.name, b"City of Polis 1970".to_vec());
			assert_eq!(view.by_project, vec![(0, 30)]);
			// Every retirement counts in the year's and the beneficiary's totals.
			assert_eq!(
				CarbonCredits::year_totals(1970),
				YearTotals { tonnes: 35, by_project: vec![(0, 35)] }
			);
			assert_eq!(CarbonCredits::beneficiary_total(1970, b"City of Polis"), 35);
			assert_eq!(CarbonCredits::beneficiary_total(1970, b"Someone else"), 0);
			assert_eq!(CarbonCredits::year_totals(1971).tonnes, 0);
			assert_eq!(CarbonCredits::inventory_view(9), None);
		});
	}

	#[test]
	fn only_the_owner_counts_against_an_inventory_of_the_periods_year() {
		run(|| {
			let batch = issued();
			let inventory = city_inventory();
			assert_noop!(
				CarbonCredits::retire(signed(DEVELOPER), batch, 1, counted(inventory)),
				Error::<Test>::NotInventoryOwner
			);
			assert_noop!(
				CarbonCredits::retire(signed(DEVELOPER), batch, 1, counted(9)),
				Error::<Test>::UnknownInventory
			);
			assert_ok!(CarbonCredits::transfer(signed(DEVELOPER), batch, CITY, 10));
			let next_year = RetirementClaim {
				period_start: 400 * DAY,
				period_end: 401 * DAY,
				..counted(inventory)
			};
			assert_noop!(
				CarbonCredits::retire(signed(CITY), batch, 1, next_year),
				Error::<Test>::WrongInventoryYear
			);
		});
	}

	#[test]
	fn opening_an_inventory_needs_its_deposit() {
		run(|| {
			assert_ok!(Balances::transfer_allow_death(signed(PAUPER), OUTSIDER, 100));
			assert_noop!(
				CarbonCredits::open_inventory(signed(PAUPER), Default::default(), 1970),
				TokenError::FundsUnavailable
			);
		});
	}
}

mod parcel_changes {
	use super::*;
	use polis_primitives::{OnParcelChange, ParcelChange};

	#[test]
	fn a_change_to_a_projects_parcel_puts_it_under_review() {
		run(|| {
			let project = registered();
			let report = report(project, 300, 365, 95);
			CarbonCredits::on_parcel_change(LEASED, ParcelChange::Transferred);
			assert_eq!(
				last_event(),
				Event::ProjectUnderReview {
					project,
					parcel: LEASED,
					change: ParcelChange::Transferred
				}
			);
			// The first change is the one under review.
			CarbonCredits::on_parcel_change(OWNED, ParcelChange::Retired);
			assert_eq!(
				Projects::<Test>::get(project).unwrap().review,
				Some((LEASED, ParcelChange::Transferred))
			);
			assert_noop!(
				CarbonCredits::approve_report(signed(VERIFIER), report),
				Error::<Test>::UnderReview
			);
			assert_noop!(
				CarbonCredits::clear_review(signed(DEVELOPER), project),
				DispatchError::BadOrigin
			);
			assert_ok!(CarbonCredits::clear_review(RuntimeOrigin::root(), project));
			assert_eq!(last_event(), Event::ReviewCleared { project });
			assert_noop!(
				CarbonCredits::clear_review(RuntimeOrigin::root(), project),
				Error::<Test>::NotUnderReview
			);
			assert_noop!(
				CarbonCredits::clear_review(RuntimeOrigin::root(), 9),
				Error::<Test>::UnknownProject
			);
			assert_ok!(CarbonCredits::approve_report(signed(VERIFIER), report));
			// A parcel no project stands on changes nothing.
			CarbonCredits::on_parcel_change(FOREIGN, ParcelChange::Retired);
			assert_eq!(Projects::<Test>::get(project).unwrap().review, None);
		});
	}

	#[test]
	fn a_parcel_carries_a_bounded_number_of_projects_until_they_end() {
		run(|| {
			let first = proposed();
			proposed();
			assert_noop!(
				CarbonCredits::propose_project(
					signed(DEVELOPER),
					0,
					parcels(&[ALSO_OWNED, OWNED]),
					H256::zero()
				),
				Error::<Test>::TooManyProjectsOnParcel
			);
			assert_ok!(CarbonCredits::validate_project(signed(VERIFIER), first));
			for status in [ProjectStatus::Registered, ProjectStatus::Ended] {
				assert_ok!(CarbonCredits::set_project_status(RuntimeOrigin::root(), first, status));
			}
			assert_eq!(ParcelProjects::<Test>::get(OWNED).to_vec(), vec![1]);
			proposed();
		});
	}
}

mod market {
	use super::*;

	/// 20 of the developer's 85 credits listed at 3 a tonne (listing 0).
	fn listed() -> (BatchId, ListingId) {
		let batch = issued();
		assert_ok!(CarbonCredits::list_credits(signed(DEVELOPER), batch, 20, 3));
		(batch, NextListingId::<Test>::get() - 1)
	}

	fn free(who: AccountId) -> Balance {
		Balances::free_balance(who)
	}

	#[test]
	fn a_buyer_buys_listed_credits_at_the_listed_price() {
		run(|| {
			let (batch, listing) = listed();
			assert_eq!(
				last_event(),
				Event::CreditsListed {
					listing,
					seller: DEVELOPER,
					batch,
					tonnes: 20,
					price_per_tonne: 3
				}
			);
			assert_eq!(credits(batch, DEVELOPER), 65);
			assert_eq!(deposits_held(DEVELOPER), 2 * DEPOSIT);
			let (seller_before, buyer_before) = (free(DEVELOPER), free(CITY));
			assert_ok!(CarbonCredits::buy_credits(signed(CITY), listing, 5, 3));
			assert_eq!(
				last_event(),
				Event::CreditsBought { listing, buyer: CITY, tonnes: 5, paid: 15 }
			);
			assert_eq!((free(DEVELOPER), free(CITY)), (seller_before + 15, buyer_before - 15));
			assert_eq!(credits(batch, CITY), 5);
			assert_eq!(Listings::<Test>::get(listing).unwrap().tonnes, 15);
			// Selling out closes the listing and returns its deposit.
			assert_ok!(CarbonCredits::buy_credits(signed(OUTSIDER), listing, 15, 10));
			assert_eq!(last_event(), Event::ListingClosed { listing, returned: 0 });
			assert!(Listings::<Test>::get(listing).is_none());
			assert_eq!(deposits_held(DEVELOPER), DEPOSIT);
			assert_eq!(credits(batch, OUTSIDER), 15);
		});
	}

	#[test]
	fn a_buyer_gets_the_terms_it_named_or_nothing() {
		run(|| {
			let (_, listing) = listed();
			let buy =
				|who, tonnes, max| CarbonCredits::buy_credits(signed(who), listing, tonnes, max);
			assert_noop!(buy(CITY, 5, 2), Error::<Test>::PriceAboveLimit);
			assert_noop!(buy(CITY, 21, 3), Error::<Test>::InsufficientListed);
			assert_noop!(buy(CITY, 0, 3), Error::<Test>::ZeroTonnes);
			assert_noop!(buy(DEVELOPER, 5, 3), Error::<Test>::OwnListing);
			assert_noop!(
				CarbonCredits::buy_credits(signed(CITY), 9, 1, 3),
				Error::<Test>::UnknownListing
			);
			assert_ok!(CarbonCredits::list_credits(signed(DEVELOPER), 0, 2, 100));
			assert_noop!(
				CarbonCredits::buy_credits(signed(PAUPER), listing + 1, 2, 100),
				TokenError::FundsUnavailable
			);
		});
	}

	#[test]
	fn listing_needs_a_batch_credits_and_a_price() {
		run(|| {
			let batch = issued();
			let list = |tonnes, price| {
				CarbonCredits::list_credits(signed(DEVELOPER), batch, tonnes, price)
			};
			assert_noop!(list(0, 3), Error::<Test>::ZeroTonnes);
			assert_noop!(list(5, 0), Error::<Test>::ZeroPrice);
			assert_noop!(list(86, 3), Error::<Test>::InsufficientCredits);
			assert_noop!(
				CarbonCredits::list_credits(signed(DEVELOPER), 9, 5, 3),
				Error::<Test>::UnknownBatch
			);
		});
	}

	#[test]
	fn the_seller_withdraws_what_is_left_of_its_listing() {
		run(|| {
			let (batch, listing) = listed();
			assert_ok!(CarbonCredits::buy_credits(signed(CITY), listing, 5, 3));
			assert_noop!(
				CarbonCredits::withdraw_listing(signed(CITY), listing),
				Error::<Test>::NotTheSeller
			);
			assert_noop!(
				CarbonCredits::withdraw_listing(signed(DEVELOPER), 9),
				Error::<Test>::UnknownListing
			);
			assert_ok!(CarbonCredits::withdraw_listing(signed(DEVELOPER), listing));
			assert_eq!(last_event(), Event::ListingClosed { listing, returned: 15 });
			assert_eq!(credits(batch, DEVELOPER), 80);
			assert_eq!(deposits_held(DEVELOPER), DEPOSIT);
		});
	}

	#[test]
	fn buying_and_retiring_in_one_call() {
		run(|| {
			let (batch, listing) = listed();
			assert_ok!(CarbonCredits::buy_and_retire(signed(CITY), listing, 5, 3, pledge()));
			let certificate = Retirements::<Test>::get(0).unwrap();
			assert_eq!((certificate.owner, certificate.tonnes), (CITY, 5));
			assert_eq!(credits(batch, CITY), 0);
			assert_eq!(Batches::<Test>::get(batch).unwrap().retired, 5);
			// A retirement that fails undoes the purchase.
			let unopened = RetirementClaim { inventory: Some(0), ..pledge() };
			assert_noop!(
				CarbonCredits::buy_and_retire(signed(CITY), listing, 5, 3, unopened),
				Error::<Test>::UnknownInventory
			);
		});
	}
}

mod bridged {
	use super::*;

	/// An external registry (id 0) whose bridge is `OUTSIDER`, and its project "VCS-981"
	/// bridged under the forestry methodology.
	fn bridged() -> ProjectId {
		assert_ok!(CarbonCredits::register_external_registry(
			RuntimeOrigin::root(),
			b"Verra".to_vec().try_into().unwrap(),
			OUTSIDER
		));
		assert_ok!(CarbonCredits::bridge_project(
			signed(OUTSIDER),
			0,
			external_id(),
			0,
			H256::repeat_byte(7)
		));
		NextProjectId::<Test>::get() - 1
	}

	fn external_id() -> BoundedVec<u8, ConstU32<32>> {
		b"VCS-981".to_vec().try_into().unwrap()
	}

	fn import(project: ProjectId, first: u64, tonnes: u64) -> DispatchResult {
		CarbonCredits::import_credits(
			signed(OUTSIDER),
			project,
			first,
			tonnes,
			300 * DAY,
			365 * DAY,
			H256::repeat_byte(8),
		)
	}

	#[test]
	fn external_serials_are_admitted_once() {
		run(|| {
			let project = bridged();
			assert_ok!(import(project, 5_000, 100));
			assert_eq!(
				last_event(),
				Event::CreditsBridged {
					batch: 0,
					registry_id: 0,
					first_external_serial: 5_000,
					tonnes: 100,
					first_serial: 0,
					evidence_hash: H256::repeat_byte(8)
				}
			);
			// All of it to the bridge: the external registry keeps its own buffer.
			assert_eq!(credits(0, OUTSIDER), 100);
			assert_eq!(Batches::<Test>::get(0).unwrap().buffer, 0);
			// Any overlap is refused: the same range, its tail, its head, inside, around it.
			for (first, tonnes) in
				[(5_000, 100), (5_099, 10), (4_990, 11), (5_010, 5), (4_000, 2_000)]
			{
				assert_noop!(import(project, first, tonnes), Error::<Test>::SerialsAlreadyBridged);
			}
			// Its neighbours on both sides are not.
			assert_ok!(import(project, 5_100, 50));
			assert_ok!(import(project, 4_900, 100));
			assert_ok!(import(project, 0, 1));
			assert_eq!(
				CarbonCredits::overlapping_range(0, 5_149, 6_000).map(|range| range.first),
				Some(5_100)
			);
			assert_eq!(CarbonCredits::overlapping_range(0, 5_150, 6_000), None);
		});
	}

	#[test]
	fn only_the_registrys_bridge_brings_credits_in() {
		run(|| {
			let project = bridged();
			assert_noop!(
				CarbonCredits::register_external_registry(
					signed(OUTSIDER),
					Default::default(),
					CITY
				),
				DispatchError::BadOrigin
			);
			assert_noop!(
				CarbonCredits::bridge_project(signed(CITY), 0, external_id(), 0, H256::zero()),
				Error::<Test>::NotTheBridge
			);
			assert_noop!(
				CarbonCredits::bridge_project(signed(OUTSIDER), 9, external_id(), 0, H256::zero()),
				Error::<Test>::UnknownRegistry
			);
			assert_noop!(
				CarbonCredits::bridge_project(signed(OUTSIDER), 0, external_id(), 0, H256::zero()),
				Error::<Test>::AlreadyBridged
			);
			assert_noop!(
				CarbonCredits::bridge_project(
					signed(OUTSIDER),
					0,
					Default::default(),
					9,
					H256::zero()
				),
				Error::<Test>::UnknownMethodology
			);
			assert_noop!(
				CarbonCredits::import_credits(signed(CITY), project, 0, 1, 0, DAY, H256::zero()),
				Error::<Test>::NotTheBridge
			);
			assert_noop!(import(project, 0, 0), Error::<Test>::ZeroTonnes);
			assert_noop!(import(project, u64::MAX, 2), ArithmeticError::Overflow);
			assert_noop!(
				CarbonCredits::import_credits(
					signed(OUTSIDER),
					project,
					0,
					1,
					DAY,
					TODAY + 1,
					H256::zero()
				),
				Error::<Test>::InvalidPeriod
			);
			let local = registered();
			assert_noop!(import(local, 0, 1), Error::<Test>::NotBridged);
			assert_ok!(CarbonCredits::register_external_registry(
				RuntimeOrigin::root(),
				Default::default(),
				NO_DID
			));
			assert_noop!(
				CarbonCredits::bridge_project(signed(NO_DID), 1, external_id(), 0, H256::zero()),
				Error::<Test>::NoDid
			);
		});
	}

	#[test]
	fn a_bridged_project_files_no_reports_and_its_credits_move_like_any() {
		run(|| {
			let project = bridged();
			assert_ok!(import(project, 5_000, 100));
			assert_noop!(
				CarbonCredits::submit_report(signed(OUTSIDER), project, 0, DAY, 5, H256::zero()),
				Error::<Test>::BridgedProject
			);
			assert_ok!(CarbonCredits::transfer(signed(OUTSIDER), 0, CITY, 40));
			assert_ok!(CarbonCredits::retire(signed(CITY), 0, 40, pledge()));
			assert_eq!(Retirements::<Test>::get(0).unwrap().first_serial, 0);
			assert_eq!(
				Projects::<Test>::get(project).unwrap().external,
				Some(ExternalProject { registry_id: 0, id: external_id() })
			);
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
	fn try_state_catches_a_metered_tally_without_a_period() {
		new_test_ext().execute_with(|| {
			proposed();
			Projects::<Test>::mutate(0, |record| record.as_mut().unwrap().metered.wh = 1);
			assert!(CarbonCredits::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_an_inventory_that_does_not_add_up() {
		new_test_ext().execute_with(|| {
			let batch = issued();
			assert_ok!(CarbonCredits::open_inventory(signed(DEVELOPER), Default::default(), 1970));
			let claim = RetirementClaim { inventory: Some(0), ..pledge() };
			assert_ok!(CarbonCredits::retire(signed(DEVELOPER), batch, 3, claim));
			CarbonCredits::do_try_state().unwrap();
			Inventories::<Test>::mutate(0, |record| record.as_mut().unwrap().tonnes = 4);
			assert!(CarbonCredits::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_a_project_missing_from_its_parcel() {
		new_test_ext().execute_with(|| {
			proposed();
			ParcelProjects::<Test>::remove(LEASED);
			assert!(CarbonCredits::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_listed_credits_that_do_not_add_up() {
		new_test_ext().execute_with(|| {
			let batch = issued();
			assert_ok!(CarbonCredits::list_credits(signed(DEVELOPER), batch, 20, 3));
			CarbonCredits::do_try_state().unwrap();
			Listings::<Test>::mutate(0, |record| record.as_mut().unwrap().tonnes = 21);
			assert!(CarbonCredits::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_overlapping_admitted_ranges() {
		new_test_ext().execute_with(|| {
			assert_ok!(CarbonCredits::register_external_registry(
				RuntimeOrigin::root(),
				Default::default(),
				OUTSIDER
			));
			assert_ok!(CarbonCredits::bridge_project(
				signed(OUTSIDER),
				0,
				Default::default(),
				0,
				H256::zero()
			));
			assert_ok!(CarbonCredits::import_credits(
				signed(OUTSIDER),
				0,
				100,
				10,
				0,
				DAY,
				H256::zero()
			));
			CarbonCredits::do_try_state().unwrap();
			AdmittedRanges::<Test>::insert(
				0,
				105u64.to_be_bytes(),
				AdmittedRange { first: 90, batch: 0 },
			);
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
