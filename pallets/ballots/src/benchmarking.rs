//! Benchmarks of the ballots pallet, each at its worst case: the most options, the longest
//! labels, district-restricted eligibility, changed votes, a runoff that runs every round, and
//! binding ballots whose proposals are stored preimages scheduled into a full agenda.

use super::*;
use codec::Decode;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::Mutate, schedule::LOWEST_PRIORITY, EnsureOrigin, UnfilteredDispatchable,
};
use frame_system::RawOrigin;
use polis_primitives::{SchemaId, ScopeCode};
use sp_runtime::traits::{One, TrailingZeroInput};

const SCHEMA: SchemaId = 1;
const DISTRICT: ScopeCode = 4;

fn plenty<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance().saturating_mul(1_000_000u32.into())
}

/// Option labels of the longest length, distinct by their first bytes.
fn options<T: Config>(count: u32) -> BoundedVec<OptionLabel<T>, T::MaxOptions> {
	let labels = (0..count)
		.map(|i| {
			let mut label = vec![b'o'; T::MaxOptionLength::get() as usize];
			let index = i.to_le_bytes();
			let prefix = label.len().min(index.len());
			label[..prefix].copy_from_slice(&index[..prefix]);
			BoundedVec::truncate_from(label)
		})
		.collect::<Vec<_>>();
	BoundedVec::truncate_from(labels)
}

/// The current block, made at least 1 (benchmarks set up in the genesis block): a ballot's
/// voting cannot open before a credential's block of issue.
fn now<T: Config>() -> BlockNumberFor<T> {
	let now = frame_system::Pallet::<T>::block_number().max(One::one());
	frame_system::Pallet::<T>::set_block_number(now);
	now
}

/// Creates a ballot whose voting opens in the next block, so that credentials issued until
/// then count.
fn ballot<T: Config>(method: TallyMethod, secrecy: Secrecy, option_count: u32) -> BallotId {
	let opens = now::<T>() + One::one();
	let voting_ends = opens + 10u32.into();
	let reveal_ends =
		if secrecy == Secrecy::Secret { voting_ends + 10u32.into() } else { voting_ends };
	let id = NextBallotId::<T>::get();
	let create = Call::<T>::create_ballot {
		title: BoundedVec::truncate_from(vec![b't'; T::MaxTitleLength::get() as usize]),
		document_hash: H256::repeat_byte(1),
		options: options::<T>(option_count),
		eligibility: Eligibility { schema: SCHEMA, district: Some(DISTRICT) },
		method,
		secrecy,
		schedule: Schedule { voting_starts: opens, voting_ends, reveal_ends },
		quorum: 1,
	};
	let origin = T::AuthorityOrigin::try_successful_origin().expect("the authority has an origin");
	assert!(create.dispatch_bypass_filter(origin).is_ok());
	id
}

/// Moves to the block `when` picks from the ballot's schedule.
fn move_to<T: Config>(
	ballot: BallotId,
	when: impl FnOnce(Schedule<BlockNumberFor<T>>) -> BlockNumberFor<T>,
) {
	let schedule = BallotInfo::<T>::get(ballot).expect("created").schedule;
	frame_system::Pallet::<T>::set_block_number(when(schedule));
}

fn open<T: Config>(ballot: BallotId) {
	move_to::<T>(ballot, |schedule| schedule.voting_starts);
}

/// A funded account whose DID holds the ballots' credential.
fn voter<T: Config>(index: u32) -> (T::AccountId, T::DidId) {
	let who: T::AccountId = account("voter", index, 0);
	T::Currency::set_balance(&who, plenty::<T>());
	T::Credentials::issue_for_benchmark(&who, SCHEMA, Some(DISTRICT));
	let did = T::Credentials::did_of(&who).expect("the credential gave a DID");
	(who, did)
}

fn all_options<T: Config>(count: u32) -> Choice<T> {
	BoundedVec::truncate_from((0..count).map(|i| i as OptionIndex).collect())
}

fn reversed<T: Config>(choice: &Choice<T>) -> Choice<T> {
	BoundedVec::truncate_from(choice.iter().rev().copied().collect())
}

fn to_reveal_window<T: Config>(ballot: BallotId) {
	move_to::<T>(ballot, |schedule| schedule.voting_ends);
}

fn to_close<T: Config>(ballot: BallotId) {
	move_to::<T>(ballot, |schedule| schedule.reveal_ends);
}

/// A committed secret vote of `choice`, ready to be revealed.
fn committed<T: Config>(ballot: BallotId, choice: &Choice<T>) -> T::AccountId {
	let (who, did) = voter::<T>(0);
	open::<T>(ballot);
	let commitment = Pallet::<T>::commitment_hash(ballot, &did, choice, &[7; 32]);
	assert!(Pallet::<T>::commit(RawOrigin::Signed(who.clone()).into(), ballot, commitment).is_ok());
	to_reveal_window::<T>(ballot);
	who
}

/// A public vote of `choice` already cast.
fn voted<T: Config>(ballot: BallotId, choice: &Choice<T>) -> T::AccountId {
	let (who, _) = voter::<T>(0);
	open::<T>(ballot);
	assert!(
		Pallet::<T>::vote(RawOrigin::Signed(who.clone()).into(), ballot, choice.clone()).is_ok()
	);
	who
}

/// A call of about `len` encoded bytes (a remark), its preimage stored if it is longer than
/// an inline call may be.
fn proposal<T: Config>(len: u32) -> BoundedCallOf<T> {
	let empty = <T as Config>::RuntimeCall::from(frame_system::Call::remark { remark: vec![] });
	// The remark's bytes and their length prefix (up to 4 bytes) replace an empty remark's.
	let remark = vec![7u8; len.saturating_sub(empty.encoded_size() as u32 + 3) as usize];
	let call = <T as Config>::RuntimeCall::from(frame_system::Call::remark { remark });
	T::Preimages::bound(call).expect("the preimage is stored")
}

/// A public binding ballot on `proposal` whose voting opens in the next block.
fn binding_ballot<T: Config>(proposal: BoundedCallOf<T>) -> BallotId {
	let opens = now::<T>() + One::one();
	let voting_ends = opens + 10u32.into();
	let id = NextBallotId::<T>::get();
	let create = Call::<T>::create_binding_ballot {
		title: BoundedVec::truncate_from(vec![b't'; T::MaxTitleLength::get() as usize]),
		document_hash: H256::repeat_byte(1),
		eligibility: Eligibility { schema: SCHEMA, district: Some(DISTRICT) },
		secrecy: Secrecy::Public,
		schedule: Schedule { voting_starts: opens, voting_ends, reveal_ends: voting_ends },
		quorum: 1,
		proposal,
		threshold: Perbill::from_percent(50),
		enactment_delay: T::MinEnactmentDelay::get(),
	};
	let origin = T::AuthorityOrigin::try_successful_origin().expect("the authority has an origin");
	assert!(create.dispatch_bypass_filter(origin).is_ok());
	id
}

/// Fills the scheduler's agenda of block `at` but for one place, so that scheduling there
/// decodes and encodes the longest agenda that still takes a task.
fn fill_agenda<T: Config>(at: BlockNumberFor<T>) {
	let task = |i: u32| sp_io::hashing::blake2_256(&(b"filler", i).encode());
	let mut scheduled = 0;
	while scheduled < 10_000 {
		let filler = proposal::<T>(0);
		let origin = Origin::CitizenBallot(u32::MAX).into();
		let placed = T::Scheduler::schedule_named(
			task(scheduled),
			DispatchTime::At(at),
			None,
			LOWEST_PRIORITY,
			origin,
			filler,
		);
		if placed.is_err() {
			break;
		}
		scheduled += 1;
	}
	assert!(scheduled > 0, "the agenda takes tasks");
	assert!(T::Scheduler::cancel_named(task(scheduled - 1)).is_ok());
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_ballot(o: Linear<2, { T::MaxOptions::get() }>) {
		let origin =
			T::AuthorityOrigin::try_successful_origin().expect("the authority has an origin");
		let now = now::<T>();
		let schedule = Schedule {
			voting_starts: now,
			voting_ends: now + 10u32.into(),
			reveal_ends: now + 20u32.into(),
		};
		let title = BoundedVec::truncate_from(vec![b't'; T::MaxTitleLength::get() as usize]);

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			title,
			H256::repeat_byte(1),
			options::<T>(o),
			Eligibility { schema: SCHEMA, district: Some(DISTRICT) },
			TallyMethod::Approval,
			Secrecy::Secret,
			schedule,
			1,
		);

		assert!(BallotInfo::<T>::contains_key(0));
	}

	#[benchmark]
	fn commit() {
		let ballot = ballot::<T>(TallyMethod::Plurality, Secrecy::Secret, 2);
		let (who, did) = voter::<T>(0);
		open::<T>(ballot);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), ballot, H256::repeat_byte(2));

		assert!(Votes::<T>::contains_key(ballot, did));
	}

	#[benchmark]
	fn reveal_approval(n: Linear<1, { T::MaxOptions::get() }>) {
		let ballot = ballot::<T>(TallyMethod::Approval, Secrecy::Secret, T::MaxOptions::get());
		let choice = all_options::<T>(n);
		let who = committed::<T>(ballot, &choice);

		#[extrinsic_call]
		reveal(RawOrigin::Signed(who), ballot, choice, [7; 32]);

		assert_eq!(Tallies::<T>::get(ballot).map(|tally| tally.counted), Some(1));
	}

	#[benchmark]
	fn reveal_ranked(n: Linear<1, { T::MaxRankedCandidates::get() }>) {
		let candidates = T::MaxRankedCandidates::get();
		let ballot = ballot::<T>(TallyMethod::RankedChoice, Secrecy::Secret, candidates);
		let choice = all_options::<T>(n);
		let who = committed::<T>(ballot, &choice);

		#[extrinsic_call]
		reveal(RawOrigin::Signed(who), ballot, choice, [7; 32]);

		assert_eq!(Tallies::<T>::get(ballot).map(|tally| tally.counted), Some(1));
	}

	#[benchmark]
	fn vote_approval(n: Linear<1, { T::MaxOptions::get() }>) {
		let ballot = ballot::<T>(TallyMethod::Approval, Secrecy::Public, T::MaxOptions::get());
		let first = all_options::<T>(n);
		let who = voted::<T>(ballot, &first);

		#[extrinsic_call]
		vote(RawOrigin::Signed(who), ballot, reversed::<T>(&first));

		assert_eq!(Tallies::<T>::get(ballot).map(|tally| tally.counted), Some(1));
	}

	#[benchmark]
	fn vote_ranked(n: Linear<1, { T::MaxRankedCandidates::get() }>) {
		let candidates = T::MaxRankedCandidates::get();
		let ballot = ballot::<T>(TallyMethod::RankedChoice, Secrecy::Public, candidates);
		let first = all_options::<T>(n);
		let who = voted::<T>(ballot, &first);

		#[extrinsic_call]
		vote(RawOrigin::Signed(who), ballot, reversed::<T>(&first));

		assert_eq!(Tallies::<T>::get(ballot).map(|tally| tally.counted), Some(1));
	}

	/// A public ranked vote of `n` options whose voter's credential was revoked: the
	/// credential check reads every trusted issuer and the vote leaves every count it was in.
	#[benchmark]
	fn strike_vote(n: Linear<1, { T::MaxRankedCandidates::get() }>) {
		let candidates = T::MaxRankedCandidates::get();
		let ballot = ballot::<T>(TallyMethod::RankedChoice, Secrecy::Public, candidates);
		let who = voted::<T>(ballot, &all_options::<T>(n));
		T::Credentials::revoke_for_benchmark(&who, SCHEMA);
		let voter = T::Credentials::did_of(&who).expect("the voter has a DID");
		let striker: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(striker), ballot, voter.clone());

		assert!(!Votes::<T>::contains_key(ballot, &voter));
		assert_eq!(Tallies::<T>::get(ballot).map(|tally| tally.counted), Some(0));
	}

	/// A binding ballot, whose stored proposal stops being held.
	#[benchmark]
	fn cancel() {
		let ballot = binding_ballot::<T>(proposal::<T>(T::MaxProposalLength::get()));
		let origin =
			T::AuthorityOrigin::try_successful_origin().expect("the authority has an origin");

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, ballot);

		assert!(matches!(
			BallotInfo::<T>::get(ballot).map(|record| record.status),
			Some(BallotStatus::Cancelled { .. })
		));
	}

	#[benchmark]
	fn finalize_counted(o: Linear<2, { T::MaxOptions::get() }>) {
		let ballot = ballot::<T>(TallyMethod::Plurality, Secrecy::Public, o);
		voted::<T>(ballot, &all_options::<T>(1));
		to_close::<T>(ballot);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		finalize(RawOrigin::Signed(caller), ballot);

		assert!(Results::<T>::contains_key(ballot));
	}

	/// Every candidate gets one first preference and nothing else, so no one has a majority
	/// until one is left: every round is counted.
	#[benchmark]
	fn finalize_ranked() {
		let candidates = T::MaxRankedCandidates::get();
		let ballot = ballot::<T>(TallyMethod::RankedChoice, Secrecy::Public, candidates);
		let voters: Vec<_> = (0..candidates).map(|candidate| voter::<T>(candidate).0).collect();
		open::<T>(ballot);
		for (candidate, who) in voters.into_iter().enumerate() {
			let choice = BoundedVec::truncate_from(vec![candidate as OptionIndex]);
			assert!(Pallet::<T>::vote(RawOrigin::Signed(who).into(), ballot, choice).is_ok());
		}
		to_close::<T>(ballot);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		finalize(RawOrigin::Signed(caller), ballot);

		let rounds = Results::<T>::get(ballot).map(|result| result.rounds.len() as u32);
		assert_eq!(rounds, Some(candidates));
	}

	/// Removes `n` votes of distinct accounts, each with a deposit to return.
	#[benchmark]
	fn clean_up(n: Linear<1, 1_000>) {
		let ballot = ballot::<T>(TallyMethod::Plurality, Secrecy::Secret, 2);
		let deposit = T::VoteDeposit::get();
		for i in 0..n {
			let who: T::AccountId = account("holder", i, 0);
			T::Currency::set_balance(&who, plenty::<T>());
			assert!(T::Currency::hold(&HoldReason::VoteDeposit.into(), &who, deposit).is_ok());
			let did = T::DidId::decode(&mut TrailingZeroInput::new(&i.to_le_bytes()))
				.expect("zero-padded input decodes");
			let state = VoteState::Committed(H256::repeat_byte(3));
			Votes::<T>::insert(ballot, did, Vote { account: who, deposit, state });
		}
		let origin =
			T::AuthorityOrigin::try_successful_origin().expect("the authority has an origin");
		assert!(Pallet::<T>::cancel(origin, ballot).is_ok());
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), ballot, n);

		assert_eq!(Votes::<T>::iter_prefix(ballot).count(), 0);
	}

	/// The proposal's preimage is read, decoded and weighed, and held for the ballot.
	#[benchmark]
	fn create_binding_ballot(l: Linear<0, { T::MaxProposalLength::get() }>) {
		let origin =
			T::AuthorityOrigin::try_successful_origin().expect("the authority has an origin");
		let now = now::<T>();
		let schedule = Schedule {
			voting_starts: now,
			voting_ends: now + 10u32.into(),
			reveal_ends: now + 20u32.into(),
		};
		let title = BoundedVec::truncate_from(vec![b't'; T::MaxTitleLength::get() as usize]);
		let eligibility = Eligibility { schema: SCHEMA, district: Some(DISTRICT) };
		let call = proposal::<T>(l);
		let ballot = NextBallotId::<T>::get();

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			title,
			H256::repeat_byte(1),
			eligibility,
			Secrecy::Secret,
			schedule,
			1,
			call,
			Perbill::from_percent(50),
			T::MinEnactmentDelay::get(),
		);

		assert!(Proposals::<T>::contains_key(ballot));
	}

	/// A binding ballot that passed: its proposal is scheduled into an agenda with one place
	/// left.
	#[benchmark]
	fn finalize_binding() {
		let ballot = binding_ballot::<T>(proposal::<T>(T::MaxProposalLength::get()));
		voted::<T>(ballot, &BoundedVec::truncate_from(vec![AYE]));
		to_close::<T>(ballot);
		let at = frame_system::Pallet::<T>::block_number() + T::MinEnactmentDelay::get();
		fill_agenda::<T>(at);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		finalize(RawOrigin::Signed(caller), ballot);

		let status = Proposals::<T>::get(ballot).map(|proposal| proposal.status);
		assert_eq!(status, Some(ProposalStatus::Scheduled { at }));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
