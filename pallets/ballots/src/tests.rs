//! The ballots pallet's behaviour, call by call.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use frame_system::RawOrigin;
use sp_runtime::{ArithmeticError, DispatchError, TokenError};

const RESIDENCY: SchemaId = 7;
const OTHER_SCHEMA: SchemaId = 8;
const NORTH: ScopeCode = 1;
const SOUTH: ScopeCode = 2;

/// Voting in blocks [2, 10), revealing in [10, 20).
const STARTS: BlockNumber = 2;
const ENDS: BlockNumber = 10;
const REVEAL_ENDS: BlockNumber = 20;

use polis_primitives::{SchemaId, ScopeCode};

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn root() -> RuntimeOrigin {
	RawOrigin::Root.into()
}

fn choice(options: &[OptionIndex]) -> Choice<Test> {
	BoundedVec::try_from(options.to_vec()).expect("fits")
}

fn labels(names: &[&str]) -> BoundedVec<OptionLabel<Test>, <Test as Config>::MaxOptions> {
	BoundedVec::try_from(
		names
			.iter()
			.map(|name| BoundedVec::try_from(name.as_bytes().to_vec()).expect("fits"))
			.collect::<Vec<_>>(),
	)
	.expect("fits")
}

fn schedule(secrecy: Secrecy) -> Schedule<BlockNumber> {
	let reveal_ends = if secrecy == Secrecy::Secret { REVEAL_ENDS } else { ENDS };
	Schedule { voting_starts: STARTS, voting_ends: ENDS, reveal_ends }
}

fn everyone() -> Eligibility {
	Eligibility { schema: RESIDENCY, district: None }
}

/// A ballot open to every resident, with quorum one.
fn create(method: TallyMethod, secrecy: Secrecy, options: &[&str]) -> BallotId {
	create_with(method, secrecy, options, everyone(), 1)
}

fn create_with(
	method: TallyMethod,
	secrecy: Secrecy,
	options: &[&str],
	eligibility: Eligibility,
	quorum: u32,
) -> BallotId {
	let id = NextBallotId::<Test>::get();
	assert_ok!(Ballots::create_ballot(
		root(),
		BoundedVec::try_from(b"Tram line 3".to_vec()).unwrap(),
		H256::repeat_byte(3),
		labels(options),
		eligibility,
		method,
		secrecy,
		schedule(secrecy),
		quorum,
	));
	id
}

const YES_NO: &[&str] = &["yes", "no", "abstain"];
const CANDIDATES: &[&str] = &["Ada", "Ben", "Cleo", "Dev"];

/// Alice, Bob, Charlie, Dave and Eve each hold a residency credential issued in block 1;
/// Alice's second account acts for her DID.
fn residents() {
	for who in [ALICE, BOB, CHARLIE, DAVE, EVE] {
		give_credential(who, who, RESIDENCY, None);
	}
	give_credential(ALICE_SECOND_ACCOUNT, ALICE, RESIDENCY, None);
}

fn salt(who: AccountId) -> [u8; 32] {
	[who as u8; 32]
}

fn commitment(ballot: BallotId, did: u64, options: &[OptionIndex]) -> H256 {
	Ballots::commitment_hash(ballot, &did, options, &salt(did))
}

fn commit(ballot: BallotId, who: AccountId, options: &[OptionIndex]) {
	assert_ok!(Ballots::commit(signed(who), ballot, commitment(ballot, who, options)));
}

fn reveal(ballot: BallotId, who: AccountId, options: &[OptionIndex]) {
	assert_ok!(Ballots::reveal(signed(who), ballot, choice(options), salt(who)));
}

fn vote(ballot: BallotId, who: AccountId, options: &[OptionIndex]) {
	assert_ok!(Ballots::vote(signed(who), ballot, choice(options)));
}

fn finalize(ballot: BallotId) -> BallotResult<Test> {
	assert_ok!(Ballots::finalize(signed(EVE), ballot));
	Results::<Test>::get(ballot).expect("finalized")
}

/// Secret ballot: each voter commits in the voting window and reveals in the reveal window.
fn secret_ballot_result(
	method: TallyMethod,
	options: &[&str],
	votes: &[(AccountId, &[u8])],
) -> BallotResult<Test> {
	let ballot = create(method, Secrecy::Secret, options);
	advance_to(STARTS);
	for (who, options) in votes {
		commit(ballot, *who, options);
	}
	advance_to(ENDS);
	for (who, options) in votes {
		reveal(ballot, *who, options);
	}
	advance_to(REVEAL_ENDS);
	finalize(ballot)
}

/// A secret plurality ballot in its reveal window, on which Alice committed to option 0.
fn alice_committed_to_yes() -> BallotId {
	residents();
	let ballot = create(TallyMethod::Plurality, Secrecy::Secret, YES_NO);
	advance_to(STARTS);
	commit(ballot, ALICE, &[0]);
	advance_to(ENDS);
	ballot
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Ballots(HoldReason::VoteDeposit), &who)
}

fn counts(ballot: BallotId) -> Vec<u32> {
	Tallies::<Test>::get(ballot).expect("running").counts.into_inner()
}

fn rounds(result: &BallotResult<Test>) -> Vec<Vec<u32>> {
	result.rounds.iter().map(|round| round.clone().into_inner()).collect()
}

mod creating {
	use super::*;

	#[test]
	fn the_authority_creates_a_ballot_with_an_empty_count() {
		run(|| {
			let ballot = create(TallyMethod::Plurality, Secrecy::Secret, YES_NO);
			assert_eq!(ballot, 0);
			let record = BallotInfo::<Test>::get(ballot).unwrap();
			assert_eq!(record.status, BallotStatus::Ongoing);
			assert_eq!(record.created_at, 1);
			assert_eq!(record.options.len(), 3);
			assert_eq!(
				Tallies::<Test>::get(ballot).unwrap(),
				Tally { voters: 0, counted: 0, counts: BoundedVec::truncate_from(vec![0, 0, 0]) }
			);
			assert_eq!(
				last_event(),
				Event::BallotCreated {
					ballot,
					method: TallyMethod::Plurality,
					secrecy: Secrecy::Secret,
					schedule: schedule(Secrecy::Secret),
				}
			);
			assert_eq!(create(TallyMethod::Approval, Secrecy::Public, YES_NO), 1);
		});
	}

	#[test]
	fn voting_may_start_in_the_block_of_creation() {
		run(|| {
			let now = Schedule { voting_starts: 1, voting_ends: 2, reveal_ends: 2 };
			assert_ok!(Ballots::create_ballot(
				root(),
				BoundedVec::new(),
				H256::zero(),
				labels(YES_NO),
				everyone(),
				TallyMethod::Plurality,
				Secrecy::Public,
				now,
				1,
			));
		});
	}

	fn try_create(
		method: TallyMethod,
		secrecy: Secrecy,
		options: &[&str],
		schedule: Schedule<BlockNumber>,
		quorum: u32,
	) -> DispatchResult {
		Ballots::create_ballot(
			root(),
			BoundedVec::new(),
			H256::zero(),
			labels(options),
			everyone(),
			method,
			secrecy,
			schedule,
			quorum,
		)
	}

	#[test]
	fn only_the_authority_creates_ballots() {
		run(|| {
			assert_noop!(
				Ballots::create_ballot(
					signed(ALICE),
					BoundedVec::new(),
					H256::zero(),
					labels(YES_NO),
					everyone(),
					TallyMethod::Plurality,
					Secrecy::Secret,
					schedule(Secrecy::Secret),
					1,
				),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn a_ballot_needs_two_distinct_options() {
		run(|| {
			let secret = schedule(Secrecy::Secret);
			assert_noop!(
				try_create(TallyMethod::Plurality, Secrecy::Secret, &["yes"], secret, 1),
				Error::<Test>::TooFewOptions
			);
			assert_noop!(
				try_create(
					TallyMethod::Plurality,
					Secrecy::Secret,
					&["yes", "no", "yes"],
					secret,
					1
				),
				Error::<Test>::DuplicateOption
			);
		});
	}

	#[test]
	fn a_ranked_ballot_has_at_most_max_ranked_candidates() {
		run(|| {
			let six = &["a", "b", "c", "d", "e", "f"];
			let secret = schedule(Secrecy::Secret);
			assert_noop!(
				try_create(TallyMethod::RankedChoice, Secrecy::Secret, six, secret, 1),
				Error::<Test>::TooManyCandidates
			);
			assert_ok!(try_create(TallyMethod::Approval, Secrecy::Secret, six, secret, 1));
		});
	}

	#[test]
	fn the_schedule_must_be_in_order_and_fit_the_secrecy() {
		run(|| {
			advance_to(5);
			let cases = [
				(Secrecy::Secret, Schedule { voting_starts: 4, voting_ends: 10, reveal_ends: 20 }),
				(Secrecy::Secret, Schedule { voting_starts: 10, voting_ends: 10, reveal_ends: 20 }),
				(Secrecy::Secret, Schedule { voting_starts: 6, voting_ends: 10, reveal_ends: 10 }),
				(Secrecy::Public, Schedule { voting_starts: 6, voting_ends: 10, reveal_ends: 20 }),
			];
			for (secrecy, schedule) in cases {
				assert_noop!(
					try_create(TallyMethod::Plurality, secrecy, YES_NO, schedule, 1),
					Error::<Test>::InvalidSchedule
				);
			}
		});
	}

	#[test]
	fn the_quorum_is_at_least_one_vote() {
		run(|| {
			assert_noop!(
				try_create(
					TallyMethod::Plurality,
					Secrecy::Secret,
					YES_NO,
					schedule(Secrecy::Secret),
					0
				),
				Error::<Test>::InvalidQuorum
			);
		});
	}

	#[test]
	fn ballot_ids_never_overflow() {
		run(|| {
			NextBallotId::<Test>::put(BallotId::MAX);
			assert_noop!(
				try_create(
					TallyMethod::Plurality,
					Secrecy::Secret,
					YES_NO,
					schedule(Secrecy::Secret),
					1
				),
				ArithmeticError::Overflow
			);
		});
	}
}

mod eligibility {
	use super::*;

	#[test]
	fn only_holders_of_the_ballots_credential_vote() {
		run(|| {
			give_credential(ALICE, ALICE, OTHER_SCHEMA, None);
			let ballot = create(TallyMethod::Plurality, Secrecy::Secret, YES_NO);
			advance_to(STARTS);
			assert_noop!(
				Ballots::commit(signed(ALICE), ballot, H256::zero()),
				Error::<Test>::NotEligible
			);
			assert_noop!(
				Ballots::commit(signed(BOB), ballot, H256::zero()),
				Error::<Test>::NotEligible
			);
		});
	}

	#[test]
	fn the_credential_must_be_issued_before_voting_opens() {
		run(|| {
			let ballot = create(TallyMethod::Plurality, Secrecy::Public, YES_NO);
			advance_to(STARTS);
			give_credential(ALICE, ALICE, RESIDENCY, None);
			assert_noop!(
				Ballots::vote(signed(ALICE), ballot, choice(&[0])),
				Error::<Test>::NotEligible
			);
		});
	}

	#[test]
	fn the_credential_must_be_valid_when_voting() {
		run(|| {
			residents();
			let ballot = create(TallyMethod::Plurality, Secrecy::Secret, YES_NO);
			advance_to(STARTS);
			revoke_credential(ALICE);
			assert_noop!(
				Ballots::commit(signed(ALICE), ballot, H256::zero()),
				Error::<Test>::NotEligible
			);
		});
	}

	#[test]
	fn a_credential_revoked_after_committing_reveals_nothing() {
		run(|| {
			let ballot = alice_committed_to_yes();
			revoke_credential(ALICE);
			assert_noop!(
				Ballots::reveal(signed(ALICE), ballot, choice(&[0]), salt(ALICE)),
				Error::<Test>::NotEligible
			);
			advance_to(REVEAL_ENDS);
			let result = finalize(ballot);
			assert_eq!((result.counted, result.unrevealed), (0, 1));
		});
	}

	#[test]
	fn anyone_strikes_a_public_vote_whose_credential_became_invalid() {
		run(|| {
			residents();
			let ballot = create(TallyMethod::RankedChoice, Secrecy::Public, CANDIDATES);
			advance_to(STARTS);
			vote(ballot, ALICE, &[2, 3, 0]);
			vote(ballot, BOB, &[2]);
			assert_noop!(
				Ballots::strike_vote(signed(EVE), ballot, ALICE),
				Error::<Test>::StillEligible
			);
			revoke_credential(ALICE);
			assert_ok!(Ballots::strike_vote(signed(EVE), ballot, ALICE));
			assert_eq!(last_event(), Event::VoteStruck { ballot, voter: ALICE });
			assert_eq!(counts(ballot), vec![0, 0, 1, 0]);
			let tally = Tallies::<Test>::get(ballot).unwrap();
			assert_eq!((tally.voters, tally.counted), (1, 1));
			assert_eq!(PreferenceCounts::<Test>::get((ballot, 3, 0b100)), 0);
			assert_eq!(held(ALICE), 0);
			assert!(!Votes::<Test>::contains_key(ballot, ALICE));
			assert_noop!(Ballots::strike_vote(signed(EVE), ballot, ALICE), Error::<Test>::NoVote);
		});
	}

	#[test]
	fn striking_is_for_public_votes_while_voting_is_open() {
		run(|| {
			residents();
			let secret = create(TallyMethod::Plurality, Secrecy::Secret, YES_NO);
			let public = create(TallyMethod::Plurality, Secrecy::Public, YES_NO);
			advance_to(STARTS);
			commit(secret, ALICE, &[0]);
			vote(public, BOB, &[1]);
			revoke_credential(ALICE);
			revoke_credential(BOB);
			assert_noop!(
				Ballots::strike_vote(signed(EVE), secret, ALICE),
				Error::<Test>::NotPublicBallot
			);
			assert_noop!(
				Ballots::strike_vote(RuntimeOrigin::none(), public, BOB),
				DispatchError::BadOrigin
			);
			assert_noop!(Ballots::strike_vote(signed(EVE), 99, BOB), Error::<Test>::UnknownBallot);
			advance_to(ENDS);
			assert_noop!(
				Ballots::strike_vote(signed(EVE), public, BOB),
				Error::<Test>::NotVotingPhase
			);
		});
	}

	#[test]
	fn a_district_ballot_is_for_that_districts_residents() {
		run(|| {
			give_credential(ALICE, ALICE, RESIDENCY, Some(NORTH));
			give_credential(BOB, BOB, RESIDENCY, Some(SOUTH));
			give_credential(CHARLIE, CHARLIE, RESIDENCY, None);
			let north = Eligibility { schema: RESIDENCY, district: Some(NORTH) };
			let ballot = create_with(TallyMethod::Plurality, Secrecy::Public, YES_NO, north, 1);
			advance_to(STARTS);
			vote(ballot, ALICE, &[0]);
			for outsider in [BOB, CHARLIE] {
				assert_noop!(
					Ballots::vote(signed(outsider), ballot, choice(&[0])),
					Error::<Test>::NotEligible
				);
			}
		});
	}

	#[test]
	fn one_person_votes_once_whichever_account_they_use() {
		run(|| {
			residents();
			let ballot = create(TallyMethod::Plurality, Secrecy::Public, YES_NO);
			advance_to(STARTS);
			vote(ballot, ALICE, &[0]);
			assert_ok!(Ballots::vote(signed(ALICE_SECOND_ACCOUNT), ballot, choice(&[1])));
			assert_eq!(
				last_event(),
				Event::VoteChanged { ballot, voter: ALICE, choice: choice(&[1]) }
			);
			assert_eq!(counts(ballot), vec![0, 1, 0]);
			assert_eq!(Tallies::<Test>::get(ballot).unwrap().voters, 1);
			assert_eq!(held(ALICE), VOTE_DEPOSIT);
			assert_eq!(held(ALICE_SECOND_ACCOUNT), 0);
		});
	}

	#[test]
	fn votes_are_taken_only_while_voting_is_open() {
		run(|| {
			residents();
			let ballot = create(TallyMethod::Plurality, Secrecy::Public, YES_NO);
			assert_noop!(
				Ballots::vote(signed(ALICE), ballot, choice(&[0])),
				Error::<Test>::NotVotingPhase
			);
			advance_to(ENDS);
			assert_noop!(
				Ballots::vote(signed(ALICE), ballot, choice(&[0])),
				Error::<Test>::NotVotingPhase
			);
		});
	}

	#[test]
	fn a_voter_must_afford_the_deposit() {
		run(|| {
			give_credential(PAUPER, PAUPER, RESIDENCY, None);
			let ballot = create(TallyMethod::Plurality, Secrecy::Secret, YES_NO);
			advance_to(STARTS);
			assert_noop!(
				Ballots::commit(signed(PAUPER), ballot, H256::zero()),
				TokenError::FundsUnavailable
			);
		});
	}
}

mod secret_ballots {
	use super::*;

	#[test]
	fn a_commitment_holds_the_deposit_and_counts_nothing_yet() {
		run(|| {
			residents();
			let ballot = create(TallyMethod::Plurality, Secrecy::Secret, YES_NO);
			advance_to(STARTS);
			commit(ballot, ALICE, &[0]);
			assert_eq!(last_event(), Event::VoteCommitted { ballot, voter: ALICE });
			assert_eq!(held(ALICE), VOTE_DEPOSIT);
			assert_eq!(
				Votes::<Test>::get(ballot, ALICE).unwrap().state,
				VoteState::Committed(commitment(ballot, ALICE, &[0]))
			);
			let tally = Tallies::<Test>::get(ballot).unwrap();
			assert_eq!((tally.voters, tally.counted), (1, 0));
			assert_eq!(counts(ballot), vec![0, 0, 0]);
		});
	}

	#[test]
	fn a_voter_may_commit_again_and_only_the_last_commitment_reveals() {
		run(|| {
			residents();
			let ballot = create(TallyMethod::Plurality, Secrecy::Secret, YES_NO);
			advance_to(STARTS);
			commit(ballot, ALICE, &[0]);
			commit(ballot, ALICE, &[1]);
			assert_eq!(last_event(), Event::CommitmentReplaced { ballot, voter: ALICE });
			assert_eq!(held(ALICE), VOTE_DEPOSIT);
			advance_to(ENDS);
			assert_noop!(
				Ballots::reveal(signed(ALICE), ballot, choice(&[0]), salt(ALICE)),
				Error::<Test>::CommitmentMismatch
			);
			reveal(ballot, ALICE, &[1]);
			assert_eq!(
				last_event(),
				Event::VoteRevealed { ballot, voter: ALICE, choice: choice(&[1]) }
			);
			assert_eq!(counts(ballot), vec![0, 1, 0]);
		});
	}

	#[test]
	fn commitments_are_for_secret_ballots_in_their_voting_window() {
		run(|| {
			residents();
			let public = create(TallyMethod::Plurality, Secrecy::Public, YES_NO);
			let secret = create(TallyMethod::Plurality, Secrecy::Secret, YES_NO);
			assert_noop!(
				Ballots::commit(signed(ALICE), secret, H256::zero()),
				Error::<Test>::NotVotingPhase
			);
			advance_to(STARTS);
			assert_noop!(
				Ballots::commit(signed(ALICE), public, H256::zero()),
				Error::<Test>::NotSecretBallot
			);
			assert_noop!(
				Ballots::commit(signed(ALICE), 9, H256::zero()),
				Error::<Test>::UnknownBallot
			);
			advance_to(ENDS);
			assert_noop!(
				Ballots::commit(signed(ALICE), secret, H256::zero()),
				Error::<Test>::NotVotingPhase
			);
		});
	}

	#[test]
	fn reveals_are_taken_only_in_the_reveal_window() {
		run(|| {
			residents();
			let ballot = create(TallyMethod::Plurality, Secrecy::Secret, YES_NO);
			advance_to(STARTS);
			commit(ballot, ALICE, &[0]);
			assert_noop!(
				Ballots::reveal(signed(ALICE), ballot, choice(&[0]), salt(ALICE)),
				Error::<Test>::NotRevealPhase
			);
			advance_to(REVEAL_ENDS);
			assert_noop!(
				Ballots::reveal(signed(ALICE), ballot, choice(&[0]), salt(ALICE)),
				Error::<Test>::NotRevealPhase
			);
		});
	}

	#[test]
	fn a_reveal_must_match_the_commitment() {
		run(|| {
			let ballot = alice_committed_to_yes();
			assert_noop!(
				Ballots::reveal(signed(ALICE), ballot, choice(&[1]), salt(ALICE)),
				Error::<Test>::CommitmentMismatch
			);
			assert_noop!(
				Ballots::reveal(signed(ALICE), ballot, choice(&[0]), [0; 32]),
				Error::<Test>::CommitmentMismatch
			);
		});
	}

	#[test]
	fn a_copied_commitment_cannot_be_revealed_by_the_copier() {
		run(|| {
			residents();
			let ballot = create(TallyMethod::Plurality, Secrecy::Secret, YES_NO);
			advance_to(STARTS);
			commit(ballot, ALICE, &[0]);
			let alices = commitment(ballot, ALICE, &[0]);
			assert_ok!(Ballots::commit(signed(BOB), ballot, alices));
			advance_to(ENDS);
			reveal(ballot, ALICE, &[0]);
			assert_noop!(
				Ballots::reveal(signed(BOB), ballot, choice(&[0]), salt(ALICE)),
				Error::<Test>::CommitmentMismatch
			);
		});
	}

	#[test]
	fn only_a_committed_voter_reveals_and_only_once() {
		run(|| {
			let ballot = alice_committed_to_yes();
			assert_noop!(
				Ballots::reveal(signed(BOB), ballot, choice(&[0]), salt(BOB)),
				Error::<Test>::NoCommitment
			);
			assert_noop!(
				Ballots::reveal(signed(PAUPER), ballot, choice(&[0]), salt(PAUPER)),
				Error::<Test>::NoCommitment
			);
			reveal(ballot, ALICE, &[0]);
			assert_noop!(
				Ballots::reveal(signed(ALICE), ballot, choice(&[0]), salt(ALICE)),
				Error::<Test>::AlreadyRevealed
			);
		});
	}

	#[test]
	fn a_committed_choice_that_is_not_a_valid_vote_is_rejected_on_reveal() {
		run(|| {
			residents();
			let ballot = create(TallyMethod::Plurality, Secrecy::Secret, YES_NO);
			advance_to(STARTS);
			commit(ballot, ALICE, &[0, 1]);
			advance_to(ENDS);
			assert_noop!(
				Ballots::reveal(signed(ALICE), ballot, choice(&[0, 1]), salt(ALICE)),
				Error::<Test>::InvalidChoice
			);
		});
	}

	#[test]
	fn reveals_are_for_secret_ballots() {
		run(|| {
			residents();
			let ballot = create(TallyMethod::Plurality, Secrecy::Public, YES_NO);
			advance_to(STARTS);
			assert_noop!(
				Ballots::reveal(signed(ALICE), ballot, choice(&[0]), salt(ALICE)),
				Error::<Test>::NotSecretBallot
			);
		});
	}

	#[test]
	fn unrevealed_commitments_are_reported_not_counted() {
		run(|| {
			residents();
			let ballot = create(TallyMethod::Plurality, Secrecy::Secret, YES_NO);
			advance_to(STARTS);
			commit(ballot, ALICE, &[0]);
			commit(ballot, BOB, &[1]);
			commit(ballot, CHARLIE, &[1]);
			advance_to(ENDS);
			reveal(ballot, ALICE, &[0]);
			reveal(ballot, BOB, &[1]);
			advance_to(REVEAL_ENDS);
			let result = finalize(ballot);
			assert_eq!((result.voters, result.counted, result.unrevealed), (3, 2, 1));
			assert_eq!(result.outcome, Outcome::Tie(choice(&[0, 1])));
			assert_eq!(Ballots::audit(ballot).unwrap().unrevealed, vec![CHARLIE]);
		});
	}
}

mod public_ballots {
	use super::*;

	#[test]
	fn a_public_vote_is_counted_at_once() {
		run(|| {
			residents();
			let ballot = create(TallyMethod::Approval, Secrecy::Public, YES_NO);
			advance_to(STARTS);
			vote(ballot, ALICE, &[0, 2]);
			assert_eq!(
				last_event(),
				Event::VoteCast { ballot, voter: ALICE, choice: choice(&[0, 2]) }
			);
			assert_eq!(counts(ballot), vec![1, 0, 1]);
			assert_eq!(held(ALICE), VOTE_DEPOSIT);
		});
	}

	#[test]
	fn a_changed_vote_moves_its_count() {
		run(|| {
			residents();
			let ballot = create(TallyMethod::RankedChoice, Secrecy::Public, CANDIDATES);
			advance_to(STARTS);
			vote(ballot, ALICE, &[0, 1]);
			vote(ballot, ALICE, &[2, 3, 0]);
			assert_eq!(counts(ballot), vec![0, 0, 1, 0]);
			let tally = Tallies::<Test>::get(ballot).unwrap();
			assert_eq!((tally.voters, tally.counted), (1, 1));
			assert_eq!(PreferenceCounts::<Test>::get((ballot, 1, 0b1)), 0);
			assert_eq!(PreferenceCounts::<Test>::get((ballot, 3, 0b100)), 1);
		});
	}

	#[test]
	fn direct_votes_are_for_public_ballots() {
		run(|| {
			residents();
			let ballot = create(TallyMethod::Plurality, Secrecy::Secret, YES_NO);
			advance_to(STARTS);
			assert_noop!(
				Ballots::vote(signed(ALICE), ballot, choice(&[0])),
				Error::<Test>::NotPublicBallot
			);
		});
	}

	#[test]
	fn malformed_choices_are_rejected() {
		run(|| {
			residents();
			let plurality = create(TallyMethod::Plurality, Secrecy::Public, YES_NO);
			let approval = create(TallyMethod::Approval, Secrecy::Public, YES_NO);
			let ranked = create(TallyMethod::RankedChoice, Secrecy::Public, CANDIDATES);
			advance_to(STARTS);
			let malformed: [(BallotId, &[u8]); 6] = [
				(plurality, &[0, 1]),
				(plurality, &[3]),
				(approval, &[]),
				(approval, &[1, 1]),
				(ranked, &[0, 4]),
				(ranked, &[2, 0, 2]),
			];
			for (ballot, options) in malformed {
				assert_noop!(
					Ballots::vote(signed(ALICE), ballot, choice(options)),
					Error::<Test>::InvalidChoice
				);
			}
		});
	}
}

mod counting {
	use super::*;

	#[test]
	fn plurality_elects_the_option_with_most_votes() {
		run(|| {
			residents();
			let result = secret_ballot_result(
				TallyMethod::Plurality,
				YES_NO,
				&[(ALICE, &[0]), (BOB, &[1]), (CHARLIE, &[0]), (DAVE, &[2])],
			);
			assert_eq!(result.outcome, Outcome::Winner(0));
			assert_eq!(rounds(&result), vec![vec![2, 1, 1]]);
			assert_eq!((result.voters, result.counted, result.unrevealed), (4, 4, 0));
			assert_eq!(
				last_event(),
				Event::BallotFinalized {
					ballot: 0,
					outcome: Outcome::Winner(0),
					counted: 4,
					unrevealed: 0
				}
			);
			assert!(matches!(
				BallotInfo::<Test>::get(0).unwrap().status,
				BallotStatus::Finalized { at: REVEAL_ENDS }
			));
		});
	}

	#[test]
	fn a_plurality_tie_is_reported_with_every_leader() {
		run(|| {
			residents();
			let result =
				secret_ballot_result(TallyMethod::Plurality, YES_NO, &[(ALICE, &[0]), (BOB, &[2])]);
			assert_eq!(result.outcome, Outcome::Tie(choice(&[0, 2])));
		});
	}

	#[test]
	fn approval_elects_the_most_approved_option() {
		run(|| {
			residents();
			let result = secret_ballot_result(
				TallyMethod::Approval,
				CANDIDATES,
				&[(ALICE, &[0, 1]), (BOB, &[1, 2]), (CHARLIE, &[3, 1]), (DAVE, &[0])],
			);
			assert_eq!(result.outcome, Outcome::Winner(1));
			assert_eq!(rounds(&result), vec![vec![2, 3, 1, 1]]);
		});
	}

	#[test]
	fn ranked_choice_runs_off_until_a_majority() {
		run(|| {
			residents();
			// First preferences Ada 2, Ben 2, Cleo 1, Dev 0. Dev goes, then Cleo, whose voter
			// prefers Ben next: Ben wins 3 to 2.
			let result = secret_ballot_result(
				TallyMethod::RankedChoice,
				CANDIDATES,
				&[
					(ALICE, &[0, 1]),
					(BOB, &[0]),
					(CHARLIE, &[1, 0]),
					(DAVE, &[1]),
					(EVE, &[2, 1, 0]),
				],
			);
			assert_eq!(result.outcome, Outcome::Winner(1));
			assert_eq!(rounds(&result), vec![vec![2, 2, 1, 0], vec![2, 2, 1, 0], vec![2, 3, 0, 0]]);
			assert_eq!(result.exhausted, 0);
		});
	}

	#[test]
	fn a_first_round_majority_ends_the_runoff() {
		run(|| {
			residents();
			let result = secret_ballot_result(
				TallyMethod::RankedChoice,
				CANDIDATES,
				&[(ALICE, &[3]), (BOB, &[3, 0]), (CHARLIE, &[0, 3])],
			);
			assert_eq!(result.outcome, Outcome::Winner(3));
			assert_eq!(rounds(&result), vec![vec![1, 0, 0, 2]]);
		});
	}

	#[test]
	fn a_runoff_tie_for_last_goes_against_the_option_listed_later() {
		run(|| {
			residents();
			// Ada 2, Ben 1, Cleo 1: Ben and Cleo tie for last with no earlier round, so Cleo
			// (listed later) goes and her voter moves to Ben. Ada and Ben then tie 2 to 2, but
			// Ben had fewer votes in the first round, so Ben goes and Ada wins.
			let result = secret_ballot_result(
				TallyMethod::RankedChoice,
				&["Ada", "Ben", "Cleo"],
				&[(ALICE, &[0]), (BOB, &[0]), (CHARLIE, &[1]), (DAVE, &[2, 1])],
			);
			assert_eq!(rounds(&result), vec![vec![2, 1, 1], vec![2, 2, 0], vec![2, 0, 0]]);
			assert_eq!(result.outcome, Outcome::Winner(0));
			assert_eq!(result.exhausted, 2);
		});
	}

	#[test]
	fn a_ballot_below_quorum_has_no_winner() {
		run(|| {
			residents();
			let ballot =
				create_with(TallyMethod::Plurality, Secrecy::Public, YES_NO, everyone(), 3);
			advance_to(STARTS);
			vote(ballot, ALICE, &[0]);
			vote(ballot, BOB, &[0]);
			advance_to(ENDS);
			let result = finalize(ballot);
			assert_eq!(result.outcome, Outcome::QuorumNotReached);
			assert_eq!(rounds(&result), vec![vec![2, 0, 0]]);
		});
	}

	#[test]
	fn a_ballot_is_finalized_once_after_its_last_window() {
		run(|| {
			residents();
			let ballot = create(TallyMethod::Plurality, Secrecy::Secret, YES_NO);
			advance_to(ENDS);
			assert_noop!(Ballots::finalize(signed(EVE), ballot), Error::<Test>::BallotNotClosed);
			assert_noop!(
				Ballots::finalize(RawOrigin::None.into(), ballot),
				DispatchError::BadOrigin
			);
			assert_noop!(Ballots::finalize(signed(EVE), 9), Error::<Test>::UnknownBallot);
			advance_to(REVEAL_ENDS);
			finalize(ballot);
			assert_noop!(Ballots::finalize(signed(EVE), ballot), Error::<Test>::BallotNotOngoing);
			assert_noop!(
				Ballots::vote(signed(ALICE), ballot, choice(&[0])),
				Error::<Test>::BallotNotOngoing
			);
		});
	}
}

mod cancelling {
	use super::*;

	#[test]
	fn the_authority_cancels_a_ballot_before_it_closes() {
		run(|| {
			let ballot = alice_committed_to_yes();
			assert_ok!(Ballots::cancel(root(), ballot));
			assert_eq!(last_event(), Event::BallotCancelled { ballot });
			assert_eq!(
				BallotInfo::<Test>::get(ballot).unwrap().status,
				BallotStatus::Cancelled { at: ENDS }
			);
			assert_noop!(
				Ballots::reveal(signed(ALICE), ballot, choice(&[0]), salt(ALICE)),
				Error::<Test>::BallotNotOngoing
			);
			assert_noop!(Ballots::finalize(signed(EVE), ballot), Error::<Test>::BallotNotOngoing);
			assert_noop!(Ballots::cancel(root(), ballot), Error::<Test>::BallotNotOngoing);
		});
	}

	#[test]
	fn only_the_authority_cancels_and_only_before_the_close() {
		run(|| {
			let ballot = create(TallyMethod::Plurality, Secrecy::Secret, YES_NO);
			assert_noop!(Ballots::cancel(signed(ALICE), ballot), DispatchError::BadOrigin);
			assert_noop!(Ballots::cancel(root(), 9), Error::<Test>::UnknownBallot);
			advance_to(REVEAL_ENDS);
			assert_noop!(Ballots::cancel(root(), ballot), Error::<Test>::BallotClosed);
		});
	}
}

mod cleaning_up {
	use super::*;

	#[test]
	fn votes_stay_for_the_audit_period_then_go_in_bounded_steps() {
		run(|| {
			residents();
			let ballot = create(TallyMethod::RankedChoice, Secrecy::Public, CANDIDATES);
			advance_to(STARTS);
			vote(ballot, ALICE, &[0, 1]);
			vote(ballot, BOB, &[1]);
			vote(ballot, CHARLIE, &[2, 0]);
			assert_noop!(
				Ballots::clean_up(signed(EVE), ballot, 10),
				Error::<Test>::BallotNotFinished
			);
			advance_to(ENDS);
			let result = finalize(ballot);
			advance_to(ENDS + AUDIT_PERIOD - 1);
			assert_noop!(
				Ballots::clean_up(signed(EVE), ballot, 10),
				Error::<Test>::AuditPeriodNotOver
			);
			advance_to(ENDS + AUDIT_PERIOD);

			assert_ok!(Ballots::clean_up(signed(EVE), ballot, 2));
			assert_eq!(last_event(), Event::VotesCleanedUp { ballot, removed: 2 });
			assert_eq!(Votes::<Test>::iter_prefix(ballot).count(), 1);
			assert_eq!(Ballots::audit(ballot), None);

			// The last vote and then the five preference counts (two steps of three).
			assert_ok!(Ballots::clean_up(signed(EVE), ballot, 3));
			assert_ok!(Ballots::clean_up(signed(EVE), ballot, 3));
			assert_eq!(last_event(), Event::BallotCleanedUp { ballot });
			assert_eq!(PreferenceCounts::<Test>::iter_prefix((ballot,)).count(), 0);
			for who in [ALICE, BOB, CHARLIE] {
				assert_eq!(held(who), 0);
			}
			assert_eq!(Results::<Test>::get(ballot), Some(result));
			assert_noop!(
				Ballots::clean_up(signed(EVE), ballot, 3),
				Error::<Test>::NothingToCleanUp
			);
		});
	}

	/// A secret ballot Alice committed a vote to, cancelled.
	fn cancelled_with_alices_commitment() -> BallotId {
		residents();
		let ballot = create(TallyMethod::Plurality, Secrecy::Secret, YES_NO);
		advance_to(STARTS);
		commit(ballot, ALICE, &[0]);
		assert_ok!(Ballots::cancel(root(), ballot));
		ballot
	}

	#[test]
	fn a_cancelled_ballots_votes_go_at_once() {
		run(|| {
			let ballot = cancelled_with_alices_commitment();
			assert_ok!(Ballots::clean_up(signed(EVE), ballot, 10));
			assert_eq!(held(ALICE), 0);
			assert_eq!(Tallies::<Test>::get(ballot), None);
		});
	}

	#[test]
	fn a_vote_whose_deposit_cannot_be_returned_stays() {
		run(|| {
			let ballot = cancelled_with_alices_commitment();
			let deposit = held(ALICE);
			// A free balance that cannot take the deposit back (one Root could set).
			frame_system::Account::<Test>::mutate(ALICE, |account| {
				account.data.free = Balance::MAX - 1;
			});
			assert_noop!(Ballots::clean_up(signed(EVE), ballot, 10), TokenError::CannotCreate);
			assert_eq!(held(ALICE), deposit);
			assert_eq!(Votes::<Test>::iter_prefix(ballot).count(), 1);
		});
	}

	#[test]
	fn a_clean_up_removes_at_least_one_item_of_a_known_ballot() {
		run(|| {
			assert_noop!(Ballots::clean_up(signed(EVE), 0, 0), Error::<Test>::ZeroLimit);
			assert_noop!(Ballots::clean_up(signed(EVE), 0, 1), Error::<Test>::UnknownBallot);
			assert_noop!(Ballots::clean_up(RawOrigin::None.into(), 0, 1), DispatchError::BadOrigin);
		});
	}
}

mod auditing {
	use super::*;

	#[test]
	fn a_recount_from_the_stored_votes_matches_the_result() {
		run(|| {
			residents();
			secret_ballot_result(
				TallyMethod::RankedChoice,
				CANDIDATES,
				&[(ALICE, &[0, 1]), (BOB, &[0]), (CHARLIE, &[1, 0]), (DAVE, &[1]), (EVE, &[2, 1])],
			);
			let audit = Ballots::audit(0).unwrap();
			assert!(audit.matches);
			assert_eq!(audit.stored, audit.recomputed);
			assert_eq!(audit.stored.outcome, Outcome::Winner(1));
			assert!(audit.unrevealed.is_empty());
		});
	}

	#[test]
	fn an_ongoing_ballot_is_recounted_against_its_running_count() {
		run(|| {
			residents();
			let ballot = create(TallyMethod::Approval, Secrecy::Public, YES_NO);
			advance_to(STARTS);
			vote(ballot, ALICE, &[0, 1]);
			let audit = Ballots::audit(ballot).unwrap();
			assert!(audit.matches);
			assert_eq!(audit.stored.outcome, Outcome::Tie(choice(&[0, 1])));
			assert_eq!(Ballots::audit(9), None);
		});
	}

	#[test]
	fn a_tampered_count_is_caught_by_the_audit_and_the_invariants() {
		new_test_ext().execute_with(|| {
			residents();
			let ballot = create(TallyMethod::Plurality, Secrecy::Public, YES_NO);
			advance_to(STARTS);
			vote(ballot, ALICE, &[0]);
			assert_ok!(Ballots::do_try_state());
			Tallies::<Test>::mutate(ballot, |tally| {
				tally.as_mut().unwrap().counts = BoundedVec::truncate_from(vec![0, 1, 0])
			});
			let audit = Ballots::audit(ballot).unwrap();
			assert!(!audit.matches);
			assert_eq!(audit.recomputed.outcome, Outcome::Winner(0));
			assert!(Ballots::do_try_state().is_err());
		});
	}
}

mod binding_ballots {
	use super::*;
	use frame_support::traits::{
		schedule::{v3::Named, DispatchTime, LOWEST_PRIORITY},
		Bounded, EnsureOrigin, QueryPreimage, StorePreimage,
	};
	use sp_runtime::traits::Hash;
	use sp_runtime::Perbill;

	/// What the residents decide in these tests: that the city holds another ballot. The mock
	/// grants the election authority's power to `CitizenBallot` origins.
	fn another_ballot() -> RuntimeCall {
		RuntimeCall::Ballots(Call::create_ballot {
			title: BoundedVec::try_from(b"Park".to_vec()).unwrap(),
			document_hash: H256::repeat_byte(9),
			options: labels(&["oak", "elm"]),
			eligibility: everyone(),
			method: TallyMethod::Plurality,
			secrecy: Secrecy::Public,
			schedule: Schedule { voting_starts: 100, voting_ends: 110, reveal_ends: 110 },
			quorum: 1,
		})
	}

	/// A call only Root may make.
	fn mint() -> RuntimeCall {
		RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
			who: EVE,
			new_free: 1_000_000,
		})
	}

	fn bounded(call: RuntimeCall) -> BoundedCallOf<Test> {
		Preimage::bound(call).expect("stored")
	}

	fn create_binding(
		secrecy: Secrecy,
		proposal: BoundedCallOf<Test>,
		threshold: Perbill,
		quorum: u32,
	) -> DispatchResult {
		Ballots::create_binding_ballot(
			root(),
			BoundedVec::try_from(b"Hold a park ballot".to_vec()).unwrap(),
			H256::repeat_byte(4),
			everyone(),
			secrecy,
			schedule(secrecy),
			quorum,
			proposal,
			threshold,
			MIN_ENACTMENT_DELAY,
		)
	}

	/// A public binding ballot on `another_ballot` with a simple-majority threshold, on which
	/// each of `votes` is cast, counted at the end of voting.
	fn decided(votes: &[(AccountId, OptionIndex)], threshold: Perbill, quorum: u32) -> BallotId {
		residents();
		let ballot = NextBallotId::<Test>::get();
		assert_ok!(create_binding(Secrecy::Public, bounded(another_ballot()), threshold, quorum));
		advance_to(STARTS);
		for (who, option) in votes {
			vote(ballot, *who, &[*option]);
		}
		advance_to(ENDS);
		assert_ok!(Ballots::finalize(signed(EVE), ballot));
		ballot
	}

	const NAY: OptionIndex = 1;

	fn status(ballot: BallotId) -> ProposalStatus<BlockNumber> {
		Proposals::<Test>::get(ballot).expect("a binding ballot").status
	}

	fn dispatched() -> Vec<DispatchResult> {
		System::events()
			.into_iter()
			.filter_map(|record| match record.event {
				RuntimeEvent::Scheduler(pallet_scheduler::Event::Dispatched { result, .. }) => {
					Some(result)
				},
				_ => None,
			})
			.collect()
	}

	#[test]
	fn is_a_plurality_vote_on_aye_and_nay_that_holds_its_proposal() {
		run(|| {
			let proposal = bounded(another_ballot());
			let hash = proposal.hash();
			assert_ok!(create_binding(
				Secrecy::Secret,
				proposal.clone(),
				Perbill::from_percent(50),
				1
			));
			let record = BallotInfo::<Test>::get(0).unwrap();
			assert_eq!(record.method, TallyMethod::Plurality);
			assert_eq!(record.options, labels(&["Aye", "Nay"]));
			assert_eq!(
				Proposals::<Test>::get(0),
				Some(Proposal {
					call: proposal,
					threshold: Perbill::from_percent(50),
					enactment_delay: MIN_ENACTMENT_DELAY,
					status: ProposalStatus::Pending,
				})
			);
			assert_eq!(
				last_event(),
				Event::ProposalSubmitted {
					ballot: 0,
					call_hash: hash,
					threshold: Perbill::from_percent(50),
					enactment_delay: MIN_ENACTMENT_DELAY,
				}
			);
		});
	}

	#[test]
	fn a_long_proposal_is_held_in_the_preimage_store_while_voting() {
		run(|| {
			let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![1; 500] });
			let bytes = remark.encode();
			assert_ok!(Preimage::note_preimage(signed(DAVE), bytes.clone()));
			let hash = <Test as frame_system::Config>::Hashing::hash(&bytes);
			let proposal = Bounded::Lookup { hash, len: bytes.len() as u32 };
			assert!(!Preimage::is_requested(&hash));
			assert_ok!(create_binding(Secrecy::Public, proposal, Perbill::from_percent(50), 1));
			assert!(Preimage::is_requested(&hash));
			assert_ok!(Ballots::cancel(root(), 0));
			assert!(!Preimage::is_requested(&hash));
		});
	}

	#[test]
	fn a_passed_ballot_enacts_its_call_with_the_citizen_ballot_origin() {
		run(|| {
			let ballot =
				decided(&[(ALICE, AYE), (BOB, AYE), (CHARLIE, NAY)], Perbill::from_percent(50), 3);
			let at = ENDS + MIN_ENACTMENT_DELAY;
			assert_eq!(status(ballot), ProposalStatus::Scheduled { at });
			assert_eq!(last_event(), Event::ProposalScheduled { ballot, at });

			run_to(at - 1);
			assert_eq!(NextBallotId::<Test>::get(), 1, "not before the enactment block");
			run_to(at);
			assert_eq!(dispatched(), vec![Ok(())]);
			assert_eq!(NextBallotId::<Test>::get(), 2, "the residents' ballot was created");
		});
	}

	#[test]
	fn a_secret_binding_ballot_is_decided_by_its_revealed_votes() {
		run(|| {
			residents();
			assert_ok!(create_binding(
				Secrecy::Secret,
				bounded(another_ballot()),
				Perbill::from_percent(50),
				1
			));
			advance_to(STARTS);
			commit(0, ALICE, &[AYE]);
			commit(0, BOB, &[NAY]);
			commit(0, CHARLIE, &[AYE]);
			advance_to(ENDS);
			reveal(0, ALICE, &[AYE]);
			reveal(0, BOB, &[NAY]);
			advance_to(REVEAL_ENDS);
			assert_ok!(Ballots::finalize(signed(EVE), 0));
			assert_eq!(status(0), ProposalStatus::Rejected, "one aye and one nay counted");
		});
	}

	#[test]
	fn the_ayes_must_be_more_than_the_threshold_of_the_counted_votes() {
		run(|| {
			// Just over two thirds: two ayes of three are not more.
			let two_thirds = Perbill::from_parts(666_666_667);
			let ballot = decided(&[(ALICE, AYE), (BOB, AYE), (CHARLIE, NAY)], two_thirds, 1);
			assert_eq!(status(ballot), ProposalStatus::Rejected);
			assert_eq!(last_event(), Event::ProposalRejected { ballot });
		});
		run(|| {
			let ballot = decided(&[(ALICE, AYE), (BOB, NAY)], Perbill::from_percent(50), 1);
			assert_eq!(status(ballot), ProposalStatus::Rejected, "a tie does not pass");
		});
		run(|| {
			let ballot = decided(
				&[(ALICE, AYE), (BOB, AYE), (CHARLIE, AYE), (DAVE, NAY)],
				Perbill::from_percent(74),
				1,
			);
			assert_eq!(
				status(ballot),
				ProposalStatus::Scheduled { at: ENDS + MIN_ENACTMENT_DELAY }
			);
		});
	}

	#[test]
	fn a_ballot_short_of_its_quorum_enacts_nothing() {
		run(|| {
			let ballot = decided(&[(ALICE, AYE), (BOB, AYE)], Perbill::from_percent(50), 3);
			assert_eq!(Results::<Test>::get(ballot).unwrap().outcome, Outcome::QuorumNotReached);
			assert_eq!(status(ballot), ProposalStatus::Rejected);
			run_to(ENDS + 10);
			assert!(dispatched().is_empty());
			assert_eq!(NextBallotId::<Test>::get(), 1);
		});
	}

	#[test]
	fn a_cancelled_ballot_enacts_nothing() {
		run(|| {
			residents();
			assert_ok!(create_binding(
				Secrecy::Public,
				bounded(another_ballot()),
				Perbill::from_percent(50),
				1
			));
			advance_to(STARTS);
			vote(0, ALICE, &[AYE]);
			assert_ok!(Ballots::cancel(root(), 0));
			assert_eq!(status(0), ProposalStatus::Withdrawn);
			assert_eq!(last_event(), Event::ProposalWithdrawn { ballot: 0 });
			assert_noop!(Ballots::finalize(signed(EVE), 0), Error::<Test>::BallotNotOngoing);
			run_to(ENDS + 10);
			assert!(dispatched().is_empty());
		});
	}

	#[test]
	fn the_citizen_ballot_origin_is_granted_only_what_the_runtime_grants_it() {
		run(|| {
			residents();
			assert_ok!(create_binding(
				Secrecy::Public,
				bounded(mint()),
				Perbill::from_percent(50),
				1
			));
			advance_to(STARTS);
			vote(0, ALICE, &[AYE]);
			advance_to(ENDS);
			assert_ok!(Ballots::finalize(signed(EVE), 0));
			run_to(ENDS + MIN_ENACTMENT_DELAY);
			assert_eq!(dispatched(), vec![Err(DispatchError::BadOrigin)]);
			assert_eq!(Balances::free_balance(EVE), ENDOWMENT);
		});
	}

	#[test]
	fn only_a_binding_ballot_s_enactment_passes_the_citizen_ballot_check() {
		run(|| {
			let enacted = RuntimeOrigin::from(Origin::CitizenBallot(7));
			assert_eq!(EnsureCitizenBallot::try_origin(enacted).ok(), Some(7));
			assert!(EnsureCitizenBallot::try_origin(root()).is_err());
			assert!(EnsureCitizenBallot::try_origin(signed(ALICE)).is_err());
		});
	}

	#[test]
	fn a_full_agenda_in_the_enactment_block_postpones_finalization_to_a_later_block() {
		run(|| {
			residents();
			assert_ok!(create_binding(
				Secrecy::Public,
				bounded(another_ballot()),
				Perbill::from_percent(50),
				1
			));
			advance_to(STARTS);
			vote(0, ALICE, &[AYE]);
			advance_to(ENDS);
			let busy = ENDS + MIN_ENACTMENT_DELAY;
			for task in 0..MAX_SCHEDULED_PER_BLOCK {
				assert_ok!(<Scheduler as Named<_, _, _>>::schedule_named(
					[task as u8; 32],
					DispatchTime::At(busy),
					None,
					LOWEST_PRIORITY,
					OriginCaller::system(RawOrigin::Root),
					bounded(RuntimeCall::System(frame_system::Call::remark { remark: vec![] })),
				));
			}
			assert_noop!(Ballots::finalize(signed(EVE), 0), DispatchError::Exhausted);
			advance_to(ENDS + 1);
			assert_ok!(Ballots::finalize(signed(EVE), 0));
			assert_eq!(status(0), ProposalStatus::Scheduled { at: busy + 1 });
		});
	}

	#[test]
	fn creating_one_refuses_what_it_cannot_enact_or_count() {
		run(|| {
			let fine = || bounded(another_ballot());
			let half = Perbill::from_percent(50);
			assert_noop!(
				Ballots::create_binding_ballot(
					signed(ALICE),
					BoundedVec::truncate_from(b"t".to_vec()),
					H256::zero(),
					everyone(),
					Secrecy::Public,
					schedule(Secrecy::Public),
					1,
					fine(),
					half,
					MIN_ENACTMENT_DELAY,
				),
				DispatchError::BadOrigin
			);
			assert_noop!(
				create_binding(Secrecy::Public, fine(), Perbill::from_percent(49), 1),
				Error::<Test>::InvalidThreshold
			);
			assert_noop!(
				create_binding(Secrecy::Public, fine(), Perbill::one(), 1),
				Error::<Test>::InvalidThreshold
			);
			assert_noop!(
				Ballots::create_binding_ballot(
					root(),
					BoundedVec::truncate_from(b"t".to_vec()),
					H256::zero(),
					everyone(),
					Secrecy::Public,
					schedule(Secrecy::Public),
					1,
					fine(),
					half,
					MIN_ENACTMENT_DELAY - 1,
				),
				Error::<Test>::EnactmentTooSoon
			);
			assert_noop!(
				create_binding(Secrecy::Public, fine(), half, 0),
				Error::<Test>::InvalidQuorum
			);

			let unnoted = Bounded::Lookup { hash: H256::repeat_byte(5), len: 200 };
			assert_noop!(
				create_binding(Secrecy::Public, unnoted, half, 1),
				Error::<Test>::ProposalUnavailable
			);
			let by_hash_alone = Bounded::Legacy { hash: fine().hash(), dummy: Default::default() };
			assert_noop!(
				create_binding(Secrecy::Public, by_hash_alone, half, 1),
				Error::<Test>::ProposalUnavailable
			);
			let remark = vec![1; MAX_PROPOSAL_LENGTH as usize];
			let too_long = bounded(RuntimeCall::System(frame_system::Call::remark { remark }));
			assert_noop!(
				create_binding(Secrecy::Public, too_long, half, 1),
				Error::<Test>::ProposalTooLong
			);
			let garbage = vec![0xff; 200];
			let hash = Preimage::note(garbage.into()).unwrap();
			assert_noop!(
				create_binding(Secrecy::Public, Bounded::Lookup { hash, len: 200 }, half, 1),
				Error::<Test>::UndecodableProposal
			);
			let heavy = RuntimeCall::Ballots(Call::clean_up { ballot: 0, limit: 1_000 });
			assert_noop!(
				create_binding(Secrecy::Public, bounded(heavy), half, 1),
				Error::<Test>::ProposalTooHeavy
			);
		});
	}

	#[test]
	fn the_invariants_catch_a_proposal_scheduled_for_a_ballot_that_failed() {
		new_test_ext().execute_with(|| {
			let ballot = decided(&[(ALICE, NAY)], Perbill::from_percent(50), 1);
			assert_ok!(Ballots::do_try_state());
			Proposals::<Test>::mutate(ballot, |proposal| {
				proposal.as_mut().unwrap().status =
					ProposalStatus::Scheduled { at: ENDS + MIN_ENACTMENT_DELAY }
			});
			assert!(Ballots::do_try_state().is_err());
		});
	}
}
