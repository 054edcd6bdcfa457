//! # Ballots pallet
//!
//! City ballots — referendums, council elections, participatory budgets — in which each eligible
//! resident votes once, the vote can stay secret until the count, and anyone can audit the
//! result.
//!
//! ## Ballots
//!
//! The `AuthorityOrigin` (the election authority) creates a ballot with a title and the hash of
//! its full text, up to `MaxOptions` options, an eligibility rule, a schedule, a quorum and a
//! tally method:
//!
//! - **plurality**: one option per voter, the most votes win (a tie is reported as such);
//! - **approval**: any set of options per voter, the most approvals win;
//! - **ranked choice**: a ranking per voter, counted by instant runoff over at most
//!   `MaxRankedCandidates` options. A tie for last place is broken by the latest earlier round in
//!   which the tied options differed, then by listing order (the later option goes).
//!
//! ## Who votes
//!
//! Eligibility is per person: the voter's account must hold, through its DID, a credential of
//! the ballot's schema (checked through [`CredentialCheck`]) that is valid when voting and was
//! issued before voting opened, carrying the ballot's district if it has one. The vote is stored
//! under the DID, so one DID votes once whichever account it votes from.
//!
//! ## Secret and public ballots
//!
//! A secret ballot is commit-reveal. While voting is open a voter commits
//! `blake2_256(SCALE(ballot id, voter DID, choice, salt))` (the choice as a `Vec<u8>` of option
//! indices, the salt 32 random bytes) and may commit again to change their mind. In the reveal
//! window the voter reveals choice and salt; a reveal that does not hash to the commitment is
//! rejected, and commitments never revealed are reported in the result, not counted. A public
//! ballot takes the choice directly while voting is open, and a voter may change it.
//!
//! Counting is incremental: each counted vote updates the running count in a bounded number of
//! storage writes (one for plurality and approval, one per ranked option for ranked choice:
//! the count of rankings that put an option right after a given set of options, from which every
//! runoff round is summed). Once its windows are over, anyone finalizes the ballot, which
//! stores the result with its turnout. The authority can cancel a ballot before its last window
//! closes.
//!
//! ## Binding ballots
//!
//! A binding ballot asks Aye or Nay on a proposal, a call of the runtime (inline, or a stored
//! preimage the ballot keeps requested while it runs). If the quorum is reached and more than
//! the ballot's threshold of the counted votes are Aye, finalizing schedules the call for the
//! ballot's enactment delay later, dispatched with the [`Origin::CitizenBallot`] origin, which
//! the runtime grants ([`EnsureCitizenBallot`]) only to the calls residents may decide.
//! Otherwise, or if the ballot is cancelled, nothing is enacted.
//!
//! ## Audit and clean-up
//!
//! The `BallotsApi::audit` runtime API recounts a ballot from its stored votes alone and returns
//! that next to the stored result. Votes stay for `AuditPeriod` blocks after finalization (a
//! cancelled ballot's at once); then anyone removes them in bounded steps with `clean_up`, which
//! returns the voters' deposits. The ballot and its result stay as the public record.
//!
//! ## Deposits
//!
//! A voter's first commitment (or public vote) on a ballot holds `VoteDeposit` until clean-up.
//!
//! ## Limits
//!
//! - Commit-reveal keeps votes secret until the reveal window, not after it: reveals are
//!   public, so the scheme is not coercion-resistant.
//! - A voter who does not reveal is not counted; the commitment is reported as unrevealed.
//! - Results are kept permanently; votes only until clean-up.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod count;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::{vec, vec::Vec};
use codec::Encode;
use frame_support::{
	dispatch::DispatchResult,
	dispatch::GetDispatchInfo,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		schedule::{v3::Named as ScheduleNamed, DispatchTime, HARD_DEADLINE},
		tokens::Precision,
		Get, QueryPreimage, StorePreimage,
	},
	weights::Weight,
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use polis_primitives::CredentialCheck;
use sp_core::H256;
use sp_runtime::{traits::Saturating, ArithmeticError, DispatchError, PerThing, Perbill};

/// The balance type of the deposit currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Most options a ranked-choice ballot can have at all: finalizing it sums over the subsets
/// of eliminated options, which doubles with each option.
pub const RANKED_CANDIDATES_CEILING: u32 = 12;

// `create_ballot` takes each term of a ballot as its own argument, so that wallets show them.
#[allow(clippy::too_many_arguments)]
/// Most votes `audit` recounts in one runtime call.
pub const MAX_AUDITED_VOTES: u32 = 20_000;

pub use polis_primitives::MAX_PAGE;

// `create_ballot` takes a ballot's eight parts as arguments, as polkadot.js shows them.
#[allow(clippy::too_many_arguments)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency vote deposits are held in.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The election authority: creates and cancels ballots.
		type AuthorityOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The identifier of a voter's DID.
		type DidId: Parameter + MaxEncodedLen;

		/// Where eligibility is checked.
		type Credentials: CredentialCheck<
			Self::AccountId,
			BlockNumberFor<Self>,
			DidId = Self::DidId,
		>;

		/// Held from a voter per ballot until the votes are cleaned up.
		#[pallet::constant]
		type VoteDeposit: Get<BalanceOf<Self>>;
		/// Longest ballot title, in bytes.
		#[pallet::constant]
		type MaxTitleLength: Get<u32>;
		/// Longest option label, in bytes.
		#[pallet::constant]
		type MaxOptionLength: Get<u32>;
		/// Most options of a ballot (at most 256).
		#[pallet::constant]
		type MaxOptions: Get<u32>;
		/// Most options of a ranked-choice ballot (at most `RANKED_CANDIDATES_CEILING`).
		#[pallet::constant]
		type MaxRankedCandidates: Get<u32>;
		/// Blocks after finalization during which the votes stay for anyone to recount.
		#[pallet::constant]
		type AuditPeriod: Get<BlockNumberFor<Self>>;

		/// The runtime's call: what a binding ballot enacts.
		type RuntimeCall: Parameter + GetDispatchInfo + From<frame_system::Call<Self>>;
		/// The runtime's origins, among them this pallet's `CitizenBallot`.
		type PalletsOrigin: From<Origin>;
		/// Enacts the proposals of binding ballots that passed.
		type Scheduler: ScheduleNamed<
			BlockNumberFor<Self>,
			CallOf<Self>,
			Self::PalletsOrigin,
			Hasher = Self::Hashing,
		>;
		/// Where proposals too long to carry inline are stored, as preimages.
		type Preimages: QueryPreimage<H = Self::Hashing> + StorePreimage;
		/// Longest proposal, in encoded bytes.
		#[pallet::constant]
		type MaxProposalLength: Get<u32>;
		/// Heaviest proposal: the scheduler must dispatch it within one block.
		#[pallet::constant]
		type MaxProposalWeight: Get<Weight>;
		/// Fewest blocks (at least one) between a binding ballot's finalization and its
		/// enactment, so that those it affects see the change coming.
		type MinEnactmentDelay: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A vote, until the ballot's votes are cleaned up.
		VoteDeposit,
	}

	/// The origin of a call that a binding ballot enacted: the city's residents decided it in
	/// the ballot. The runtime grants it to the calls residents may decide, and no others.
	#[pallet::origin]
	#[derive(
		Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
	)]
	pub enum Origin {
		/// The binding ballot with this identifier passed.
		CitizenBallot(BallotId),
	}

	/// The identifier the next ballot gets.
	#[pallet::storage]
	pub type NextBallotId<T> = StorageValue<_, BallotId, ValueQuery>;

	/// Every ballot ever created, with its status.
	#[pallet::storage]
	pub type BallotInfo<T: Config> = StorageMap<_, Twox64Concat, BallotId, Ballot<T>>;

	/// The running count of each ballot, until its votes are cleaned up.
	#[pallet::storage]
	pub type Tallies<T: Config> = StorageMap<_, Twox64Concat, BallotId, Tally<T>>;

	/// Votes by ballot and voter DID.
	#[pallet::storage]
	pub type Votes<T: Config> =
		StorageDoubleMap<_, Twox64Concat, BallotId, Blake2_128Concat, T::DidId, Vote<T>>;

	/// Ranked-choice running count: rankings that rank an option right after exactly a given
	/// set of options (a bit set), by ballot, option and set.
	#[pallet::storage]
	pub type PreferenceCounts<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, BallotId>,
			NMapKey<Blake2_128Concat, OptionIndex>,
			NMapKey<Blake2_128Concat, u32>,
		),
		u32,
		ValueQuery,
	>;

	/// Results of finalized ballots.
	#[pallet::storage]
	pub type Results<T: Config> = StorageMap<_, Twox64Concat, BallotId, BallotResult<T>>;

	/// The proposal of each binding ballot, kept as the public record.
	#[pallet::storage]
	pub type Proposals<T: Config> = StorageMap<_, Twox64Concat, BallotId, Proposal<T>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A ballot was created.
		BallotCreated {
			ballot: BallotId,
			method: TallyMethod,
			secrecy: Secrecy,
			schedule: Schedule<BlockNumberFor<T>>,
		},
		/// A voter committed to a secret vote for the first time.
		VoteCommitted { ballot: BallotId, voter: T::DidId },
		/// A voter replaced their commitment.
		CommitmentReplaced { ballot: BallotId, voter: T::DidId },
		/// A voter revealed a vote, which was counted.
		VoteRevealed { ballot: BallotId, voter: T::DidId, choice: Choice<T> },
		/// A voter cast a public vote, which was counted.
		VoteCast { ballot: BallotId, voter: T::DidId, choice: Choice<T> },
		/// A voter changed their public vote.
		VoteChanged { ballot: BallotId, voter: T::DidId, choice: Choice<T> },
		/// The authority cancelled a ballot.
		BallotCancelled { ballot: BallotId },
		/// A ballot was counted and its result stored.
		BallotFinalized { ballot: BallotId, outcome: Outcome<T>, counted: u32, unrevealed: u32 },
		/// A public vote was struck from the count: its voter's credential stopped making them
		/// eligible before voting closed. Its deposit was returned.
		VoteStruck { ballot: BallotId, voter: T::DidId },
		/// Votes of a finished ballot were removed and their deposits returned.
		VotesCleanedUp { ballot: BallotId, removed: u32 },
		/// The last votes and counts of a finished ballot are gone.
		BallotCleanedUp { ballot: BallotId },
		/// A binding ballot was created: `call_hash` is enacted if more than `threshold` of the
		/// counted votes are for it, `enactment_delay` blocks after finalization.
		ProposalSubmitted {
			ballot: BallotId,
			call_hash: T::Hash,
			threshold: Perbill,
			enactment_delay: BlockNumberFor<T>,
		},
		/// A binding ballot passed; the scheduler enacts its proposal in block `at`.
		ProposalScheduled { ballot: BallotId, at: BlockNumberFor<T> },
		/// A binding ballot did not pass; its proposal is not enacted.
		ProposalRejected { ballot: BallotId },
		/// A binding ballot was cancelled; its proposal is not enacted.
		ProposalWithdrawn { ballot: BallotId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No ballot has this identifier.
		UnknownBallot,
		/// A ballot needs at least two options.
		TooFewOptions,
		/// Two options have the same label.
		DuplicateOption,
		/// A ranked-choice ballot has more than `MaxRankedCandidates` options.
		TooManyCandidates,
		/// Voting must not start in the past and each window must end after it starts; a
		/// secret ballot needs a reveal window, a public one has none.
		InvalidSchedule,
		/// The quorum must be at least one vote.
		InvalidQuorum,
		/// The ballot was cancelled or finalized.
		BallotNotOngoing,
		/// The ballot is not open for voting now.
		NotVotingPhase,
		/// The ballot is not in its reveal window now.
		NotRevealPhase,
		/// Commitments are for secret ballots; this one is public.
		NotSecretBallot,
		/// Direct votes are for public ballots; this one is secret.
		NotPublicBallot,
		/// The caller holds no credential that makes them eligible for this ballot.
		NotEligible,
		/// The caller has no commitment on this ballot.
		NoCommitment,
		/// The caller's vote on this ballot is already revealed.
		AlreadyRevealed,
		/// The choice and salt do not hash to the commitment.
		CommitmentMismatch,
		/// The choice is empty, names an option the ballot lacks or names one twice, or is
		/// not a single option on a plurality ballot.
		InvalidChoice,
		/// The ballot's last window has closed; it can only be finalized.
		BallotClosed,
		/// The ballot's last window has not closed yet.
		BallotNotClosed,
		/// The ballot is still ongoing.
		BallotNotFinished,
		/// The votes of a finalized ballot stay until its audit period is over.
		AuditPeriodNotOver,
		/// The ballot's votes are already cleaned up.
		NothingToCleanUp,
		/// A clean-up must remove at least one item.
		ZeroLimit,
		/// The DID has no vote on this ballot.
		NoVote,
		/// The voter still holds a credential that makes them eligible.
		StillEligible,
		/// The proposal's preimage is not stored (note it with the preimage pallet first), or
		/// it is given by hash alone, without its length.
		ProposalUnavailable,
		/// The proposal is longer than `MaxProposalLength`.
		ProposalTooLong,
		/// The proposal's bytes are not a call of this runtime.
		UndecodableProposal,
		/// The proposal weighs more than `MaxProposalWeight`.
		ProposalTooHeavy,
		/// The threshold must be at least half and less than all of the counted votes.
		InvalidThreshold,
		/// The enactment delay is shorter than `MinEnactmentDelay`.
		EnactmentTooSoon,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxOptions::get() >= 2 && T::MaxOptions::get() <= 256);
			assert!(T::MaxRankedCandidates::get() >= 2);
			assert!(T::MaxRankedCandidates::get() <= T::MaxOptions::get());
			assert!(T::MaxRankedCandidates::get() <= RANKED_CANDIDATES_CEILING);
			assert!(!T::MinEnactmentDelay::get().is_zero());
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Creates a ballot. Voting may start in the current block.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_ballot(options.len() as u32))]
		pub fn create_ballot(
			origin: OriginFor<T>,
			title: BoundedVec<u8, T::MaxTitleLength>,
			document_hash: H256,
			options: BoundedVec<OptionLabel<T>, T::MaxOptions>,
			eligibility: Eligibility,
			method: TallyMethod,
			secrecy: Secrecy,
			schedule: Schedule<BlockNumberFor<T>>,
			quorum: u32,
		) -> DispatchResult {
			T::AuthorityOrigin::ensure_origin(origin)?;
			Self::do_create_ballot(
				title,
				document_hash,
				options,
				eligibility,
				method,
				secrecy,
				schedule,
				quorum,
			)?;
			Ok(())
		}

		/// Commits to a secret vote, or replaces the caller's commitment, while voting is open.
		///
		/// `commitment` is `blake2_256(SCALE(ballot, voter DID, choice, salt))`. The first
		/// commitment holds `VoteDeposit`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::commit())]
		pub fn commit(origin: OriginFor<T>, ballot: BallotId, commitment: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Self::ongoing(ballot)?;
			ensure!(record.secrecy == Secrecy::Secret, Error::<T>::NotSecretBallot);
			let voter = Self::eligible_voter(&who, &record)?;
			match Votes::<T>::get(ballot, &voter) {
				Some(mut vote) => {
					vote.state = VoteState::Committed(commitment);
					Votes::<T>::insert(ballot, &voter, vote);
					Self::deposit_event(Event::CommitmentReplaced { ballot, voter });
				},
				None => {
					Self::add_voter(ballot, &who, &voter, VoteState::Committed(commitment))?;
					Self::deposit_event(Event::VoteCommitted { ballot, voter });
				},
			}
			Ok(())
		}

		/// Reveals the caller's committed vote in the reveal window, and counts it.
		#[pallet::call_index(2)]
		#[pallet::weight(
			T::WeightInfo::reveal_approval(choice.len() as u32)
				.max(T::WeightInfo::reveal_ranked(Pallet::<T>::ranked_len(choice)))
		)]
		pub fn reveal(
			origin: OriginFor<T>,
			ballot: BallotId,
			choice: Choice<T>,
			salt: [u8; 32],
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Self::ongoing(ballot)?;
			ensure!(record.secrecy == Secrecy::Secret, Error::<T>::NotSecretBallot);
			ensure!(
				record.schedule.phase(Self::now()) == Phase::Revealing,
				Error::<T>::NotRevealPhase
			);
			let voter = T::Credentials::did_of(&who).ok_or(Error::<T>::NoCommitment)?;
			let mut vote = Votes::<T>::get(ballot, &voter).ok_or(Error::<T>::NoCommitment)?;
			let VoteState::Committed(commitment) = vote.state else {
				return Err(Error::<T>::AlreadyRevealed.into());
			};
			ensure!(
				Self::commitment_hash(ballot, &voter, &choice, &salt) == commitment,
				Error::<T>::CommitmentMismatch
			);
			// A credential revoked (or its issuer distrusted) since the commitment no longer
			// makes its holder a voter.
			ensure!(Self::votes_as(&who, &record) == Some(voter.clone()), Error::<T>::NotEligible);
			ensure!(
				count::is_valid_choice(record.method, record.options.len(), &choice),
				Error::<T>::InvalidChoice
			);
			Self::tally(ballot, &record, &choice, Direction::Add)?;
			vote.state = VoteState::Revealed(choice.clone());
			Votes::<T>::insert(ballot, &voter, vote);
			Self::deposit_event(Event::VoteRevealed { ballot, voter, choice });
			Ok(())
		}

		/// Casts or changes the caller's vote on a public ballot while voting is open; it is
		/// counted at once. The first vote holds `VoteDeposit`.
		#[pallet::call_index(3)]
		#[pallet::weight(
			T::WeightInfo::vote_approval(choice.len() as u32)
				.max(T::WeightInfo::vote_ranked(Pallet::<T>::ranked_len(choice)))
		)]
		pub fn vote(origin: OriginFor<T>, ballot: BallotId, choice: Choice<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Self::ongoing(ballot)?;
			ensure!(record.secrecy == Secrecy::Public, Error::<T>::NotPublicBallot);
			let voter = Self::eligible_voter(&who, &record)?;
			ensure!(
				count::is_valid_choice(record.method, record.options.len(), &choice),
				Error::<T>::InvalidChoice
			);
			let previous = Votes::<T>::get(ballot, &voter);
			match previous {
				Some(mut vote) => {
					if let VoteState::Revealed(old) = &vote.state {
						Self::tally(ballot, &record, old, Direction::Remove)?;
					}
					Self::tally(ballot, &record, &choice, Direction::Add)?;
					vote.state = VoteState::Revealed(choice.clone());
					Votes::<T>::insert(ballot, &voter, vote);
					Self::deposit_event(Event::VoteChanged { ballot, voter, choice });
				},
				None => {
					Self::tally(ballot, &record, &choice, Direction::Add)?;
					Self::add_voter(ballot, &who, &voter, VoteState::Revealed(choice.clone()))?;
					Self::deposit_event(Event::VoteCast { ballot, voter, choice });
				},
			}
			Ok(())
		}

		/// Cancels a ballot before its last window closes. Its votes can be cleaned up at once.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::cancel())]
		pub fn cancel(origin: OriginFor<T>, ballot: BallotId) -> DispatchResult {
			T::AuthorityOrigin::ensure_origin(origin)?;
			let mut record = Self::ongoing(ballot)?;
			let now = Self::now();
			ensure!(record.schedule.phase(now) != Phase::Closed, Error::<T>::BallotClosed);
			record.status = BallotStatus::Cancelled { at: now };
			BallotInfo::<T>::insert(ballot, record);
			Self::deposit_event(Event::BallotCancelled { ballot });
			if let Some(mut proposal) = Proposals::<T>::get(ballot) {
				T::Preimages::drop(&proposal.call);
				proposal.status = ProposalStatus::Withdrawn;
				Proposals::<T>::insert(ballot, proposal);
				Self::deposit_event(Event::ProposalWithdrawn { ballot });
			}
			Ok(())
		}

		/// Counts a ballot whose last window has closed and stores its result. Anyone may.
		#[pallet::call_index(5)]
		#[pallet::weight(
			T::WeightInfo::finalize_counted(T::MaxOptions::get())
				.max(T::WeightInfo::finalize_ranked())
				.max(T::WeightInfo::finalize_binding())
		)]
		pub fn finalize(origin: OriginFor<T>, ballot: BallotId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let mut record = Self::ongoing(ballot)?;
			let now = Self::now();
			ensure!(record.schedule.phase(now) == Phase::Closed, Error::<T>::BallotNotClosed);
			let result = Self::running_result(ballot, &record)?;
			record.status = BallotStatus::Finalized { at: now };
			let method = record.method;
			let options = record.options.len() as u32;
			BallotInfo::<T>::insert(ballot, record);
			Self::deposit_event(Event::BallotFinalized {
				ballot,
				outcome: result.outcome.clone(),
				counted: result.counted,
				unrevealed: result.unrevealed,
			});
			let binding = match Proposals::<T>::get(ballot) {
				Some(proposal) => {
					Self::decide_proposal(ballot, proposal, &result, now)?;
					true
				},
				None => false,
			};
			Results::<T>::insert(ballot, result);
			let weight = match method {
				_ if binding => T::WeightInfo::finalize_binding(),
				TallyMethod::RankedChoice => T::WeightInfo::finalize_ranked(),
				_ => T::WeightInfo::finalize_counted(options),
			};
			Ok(Some(weight).into())
		}

		/// Removes up to `limit` votes and running counts of a finished ballot, returning the
		/// votes' deposits. Anyone may, once a cancelled ballot is cancelled or a finalized
		/// ballot's audit period is over.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::clean_up(*limit))]
		pub fn clean_up(
			origin: OriginFor<T>,
			ballot: BallotId,
			limit: u32,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			ensure!(limit > 0, Error::<T>::ZeroLimit);
			let record = BallotInfo::<T>::get(ballot).ok_or(Error::<T>::UnknownBallot)?;
			match record.status {
				BallotStatus::Ongoing => return Err(Error::<T>::BallotNotFinished.into()),
				BallotStatus::Finalized { at } => ensure!(
					Self::now() >= at.saturating_add(T::AuditPeriod::get()),
					Error::<T>::AuditPeriodNotOver
				),
				BallotStatus::Cancelled { .. } => {},
			}
			let tally_removed = Tallies::<T>::take(ballot).is_some();
			let mut votes_removed = 0u32;
			for (_, vote) in Votes::<T>::drain_prefix(ballot).take(limit as usize) {
				Self::release_deposit(&vote)?;
				votes_removed.saturating_inc();
			}
			let budget = limit.saturating_sub(votes_removed);
			let counts_removed =
				PreferenceCounts::<T>::drain_prefix((ballot,)).take(budget as usize).count() as u32;
			let removed = votes_removed.saturating_add(counts_removed);
			ensure!(tally_removed || removed > 0, Error::<T>::NothingToCleanUp);
			Self::deposit_event(Event::VotesCleanedUp { ballot, removed: votes_removed });
			if Votes::<T>::iter_prefix(ballot).next().is_none()
				&& PreferenceCounts::<T>::iter_prefix((ballot,)).next().is_none()
			{
				Self::deposit_event(Event::BallotCleanedUp { ballot });
			}
			Ok(Some(T::WeightInfo::clean_up(removed.max(1))).into())
		}

		/// Strikes `voter`'s public vote from the count while voting is open, if the account
		/// that cast it no longer holds a credential that makes it eligible (revoked, expired,
		/// issuer distrusted or deactivated). Its deposit is returned. Anyone may.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::strike_vote(T::MaxRankedCandidates::get()))]
		pub fn strike_vote(
			origin: OriginFor<T>,
			ballot: BallotId,
			voter: T::DidId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let record = Self::ongoing(ballot)?;
			ensure!(record.secrecy == Secrecy::Public, Error::<T>::NotPublicBallot);
			ensure!(
				record.schedule.phase(Self::now()) == Phase::Voting,
				Error::<T>::NotVotingPhase
			);
			let vote = Votes::<T>::get(ballot, &voter).ok_or(Error::<T>::NoVote)?;
			ensure!(
				Self::votes_as(&vote.account, &record) != Some(voter.clone()),
				Error::<T>::StillEligible
			);
			let VoteState::Revealed(choice) = &vote.state else {
				return Err(Error::<T>::NoVote.into());
			};
			Self::tally(ballot, &record, choice, Direction::Remove)?;
			Tallies::<T>::try_mutate(ballot, |tally| -> DispatchResult {
				let tally = tally.as_mut().ok_or(Error::<T>::UnknownBallot)?;
				tally.voters = tally.voters.checked_sub(1).ok_or(ArithmeticError::Underflow)?;
				Ok(())
			})?;
			Votes::<T>::remove(ballot, &voter);
			Self::release_deposit(&vote)?;
			Self::deposit_event(Event::VoteStruck { ballot, voter });
			Ok(Some(T::WeightInfo::strike_vote(Self::ranked_len(choice))).into())
		}

		/// Creates a binding ballot: a yes-or-no question (options `Aye` and `Nay`, one per
		/// voter) on `proposal`, a call of this runtime. If the quorum is reached and more than
		/// `threshold` of the counted votes are `Aye`, finalizing the ballot schedules the call
		/// for `enactment_delay` blocks later, dispatched with the ballot's `CitizenBallot`
		/// origin; otherwise nothing is enacted.
		///
		/// A `proposal` longer than 128 bytes is given by hash and length, its preimage noted
		/// beforehand, so that voters can read it; it stays stored while the ballot runs.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::create_binding_ballot(
			proposal.len().unwrap_or(0).min(T::MaxProposalLength::get())
		))]
		pub fn create_binding_ballot(
			origin: OriginFor<T>,
			title: BoundedVec<u8, T::MaxTitleLength>,
			document_hash: H256,
			eligibility: Eligibility,
			secrecy: Secrecy,
			schedule: Schedule<BlockNumberFor<T>>,
			quorum: u32,
			proposal: BoundedCallOf<T>,
			threshold: Perbill,
			enactment_delay: BlockNumberFor<T>,
		) -> DispatchResult {
			T::AuthorityOrigin::ensure_origin(origin)?;
			ensure!(
				threshold >= Perbill::from_percent(50) && threshold < Perbill::one(),
				Error::<T>::InvalidThreshold
			);
			ensure!(
				enactment_delay >= T::MinEnactmentDelay::get() && !enactment_delay.is_zero(),
				Error::<T>::EnactmentTooSoon
			);
			Self::check_proposal(&proposal)?;
			let options = BINDING_OPTIONS
				.iter()
				.map(|label| OptionLabel::<T>::try_from(label.to_vec()))
				.collect::<Result<Vec<_>, _>>()
				.and_then(|labels| BoundedVec::try_from(labels).map_err(|_| Vec::new()))
				.map_err(|_| Error::<T>::TooFewOptions)?;
			let ballot = Self::do_create_ballot(
				title,
				document_hash,
				options,
				eligibility,
				TallyMethod::Plurality,
				secrecy,
				schedule,
				quorum,
			)?;
			T::Preimages::hold(&proposal);
			Self::deposit_event(Event::ProposalSubmitted {
				ballot,
				call_hash: proposal.hash(),
				threshold,
				enactment_delay,
			});
			Proposals::<T>::insert(
				ballot,
				Proposal {
					call: proposal,
					threshold,
					enactment_delay,
					status: ProposalStatus::Pending,
				},
			);
			Ok(())
		}
	}
}

/// Whether a vote is added to or taken out of the running count.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
	Add,
	Remove,
}

impl<T: Config> Pallet<T> {
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The commitment of a secret vote: `blake2_256(SCALE(ballot, voter, choice, salt))`.
	pub fn commitment_hash(
		ballot: BallotId,
		voter: &T::DidId,
		choice: &[OptionIndex],
		salt: &[u8; 32],
	) -> H256 {
		H256(sp_io::hashing::blake2_256(&(ballot, voter, choice, salt).encode()))
	}

	/// Checks and stores a new ballot; returns its identifier.
	#[allow(clippy::too_many_arguments)]
	fn do_create_ballot(
		title: BoundedVec<u8, T::MaxTitleLength>,
		document_hash: H256,
		options: BoundedVec<OptionLabel<T>, T::MaxOptions>,
		eligibility: Eligibility,
		method: TallyMethod,
		secrecy: Secrecy,
		schedule: Schedule<BlockNumberFor<T>>,
		quorum: u32,
	) -> Result<BallotId, DispatchError> {
		frame_support::ensure!(options.len() >= 2, Error::<T>::TooFewOptions);
		let mut labels: Vec<&OptionLabel<T>> = options.iter().collect();
		labels.sort();
		frame_support::ensure!(
			labels.windows(2).all(|pair| pair[0] != pair[1]),
			Error::<T>::DuplicateOption
		);
		frame_support::ensure!(
			method != TallyMethod::RankedChoice
				|| options.len() as u32 <= T::MaxRankedCandidates::get(),
			Error::<T>::TooManyCandidates
		);
		let now = Self::now();
		let reveal_window_ok = match secrecy {
			Secrecy::Secret => schedule.reveal_ends > schedule.voting_ends,
			Secrecy::Public => schedule.reveal_ends == schedule.voting_ends,
		};
		frame_support::ensure!(
			schedule.voting_starts >= now
				&& schedule.voting_ends > schedule.voting_starts
				&& reveal_window_ok,
			Error::<T>::InvalidSchedule
		);
		frame_support::ensure!(quorum >= 1, Error::<T>::InvalidQuorum);

		let id = NextBallotId::<T>::get();
		NextBallotId::<T>::put(id.checked_add(1).ok_or(ArithmeticError::Overflow)?);
		let counts = BoundedVec::truncate_from(vec![0; options.len()]);
		Tallies::<T>::insert(id, Tally { voters: 0, counted: 0, counts });
		BallotInfo::<T>::insert(
			id,
			Ballot {
				title,
				document_hash,
				options,
				eligibility,
				method,
				secrecy,
				schedule,
				quorum,
				created_at: now,
				status: BallotStatus::Ongoing,
			},
		);
		Self::deposit_event(Event::BallotCreated { ballot: id, method, secrecy, schedule });
		Ok(id)
	}

	/// Refuses a proposal voters could not read or the scheduler could not enact: one whose
	/// preimage is missing, too long, not a call, or too heavy for a block.
	fn check_proposal(proposal: &BoundedCallOf<T>) -> DispatchResult {
		let len = proposal.len().ok_or(Error::<T>::ProposalUnavailable)?;
		frame_support::ensure!(len <= T::MaxProposalLength::get(), Error::<T>::ProposalTooLong);
		frame_support::ensure!(T::Preimages::have(proposal), Error::<T>::ProposalUnavailable);
		let (call, _) =
			T::Preimages::peek(proposal).map_err(|_| Error::<T>::UndecodableProposal)?;
		frame_support::ensure!(
			call.get_dispatch_info().call_weight.all_lte(T::MaxProposalWeight::get()),
			Error::<T>::ProposalTooHeavy
		);
		Ok(())
	}

	/// Whether a binding ballot's `result` passes its proposal: the quorum reached and more
	/// than `threshold` of the counted votes for it.
	pub fn passes(threshold: Perbill, result: &BallotResult<T>) -> bool {
		if result.outcome == Outcome::QuorumNotReached {
			return false;
		}
		let ayes = result
			.rounds
			.first()
			.and_then(|counts| counts.get(usize::from(AYE)).copied())
			.unwrap_or(0);
		u64::from(ayes) * u64::from(Perbill::ACCURACY)
			> u64::from(threshold.deconstruct()) * u64::from(result.counted)
	}

	/// The scheduler's name of a binding ballot's enactment.
	pub fn enactment_task(ballot: BallotId) -> [u8; 32] {
		sp_io::hashing::blake2_256(&(b"polis/ballots/enact", ballot).encode())
	}

	/// Schedules a finalized binding ballot's proposal if the ballot passed, and records what
	/// became of it. A full agenda in the enactment block fails the finalization, which can be
	/// tried again in a later block.
	fn decide_proposal(
		ballot: BallotId,
		mut proposal: Proposal<T>,
		result: &BallotResult<T>,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		if Self::passes(proposal.threshold, result) {
			let at = now.saturating_add(proposal.enactment_delay);
			T::Scheduler::schedule_named(
				Self::enactment_task(ballot),
				DispatchTime::At(at),
				None,
				HARD_DEADLINE,
				Origin::CitizenBallot(ballot).into(),
				proposal.call.clone(),
			)?;
			proposal.status = ProposalStatus::Scheduled { at };
			Self::deposit_event(Event::ProposalScheduled { ballot, at });
		} else {
			proposal.status = ProposalStatus::Rejected;
			Self::deposit_event(Event::ProposalRejected { ballot });
		}
		// The scheduler holds the preimage of a scheduled call itself.
		T::Preimages::drop(&proposal.call);
		Proposals::<T>::insert(ballot, proposal);
		Ok(())
	}

	/// The length of `choice` as a ranking, for weighing: never more than a ranking can be.
	fn ranked_len(choice: &Choice<T>) -> u32 {
		(choice.len() as u32).min(T::MaxRankedCandidates::get())
	}

	fn ongoing(ballot: BallotId) -> Result<Ballot<T>, DispatchError> {
		let record = BallotInfo::<T>::get(ballot).ok_or(Error::<T>::UnknownBallot)?;
		frame_support::ensure!(
			record.status == BallotStatus::Ongoing,
			Error::<T>::BallotNotOngoing
		);
		Ok(record)
	}

	/// The DID `who` votes for, if voting is open and `who` is eligible.
	fn eligible_voter(who: &T::AccountId, record: &Ballot<T>) -> Result<T::DidId, DispatchError> {
		frame_support::ensure!(
			record.schedule.phase(Self::now()) == Phase::Voting,
			Error::<T>::NotVotingPhase
		);
		Ok(Self::votes_as(who, record).ok_or(Error::<T>::NotEligible)?)
	}

	/// The DID `who` votes for on this ballot: the subject of a credential of the ballot's
	/// schema (and district) issued before voting started and valid now.
	fn votes_as(who: &T::AccountId, record: &Ballot<T>) -> Option<T::DidId> {
		T::Credentials::valid_credential(
			who,
			record.eligibility.schema,
			Some(record.schedule.voting_starts),
			record.eligibility.district,
		)
		.map(|credential| credential.subject)
	}

	fn add_voter(
		ballot: BallotId,
		who: &T::AccountId,
		voter: &T::DidId,
		state: VoteState<T>,
	) -> DispatchResult {
		let deposit = T::VoteDeposit::get();
		T::Currency::hold(&HoldReason::VoteDeposit.into(), who, deposit)?;
		Tallies::<T>::try_mutate(ballot, |tally| -> DispatchResult {
			let tally = tally.as_mut().ok_or(Error::<T>::UnknownBallot)?;
			tally.voters = tally.voters.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			Ok(())
		})?;
		Votes::<T>::insert(ballot, voter, Vote { account: who.clone(), deposit, state });
		Ok(())
	}

	/// Returns a vote's deposit. A release that fails (a free balance that cannot take the
	/// deposit back) fails the call, so that no vote is removed while its deposit stays held.
	fn release_deposit(vote: &Vote<T>) -> DispatchResult {
		T::Currency::release(
			&HoldReason::VoteDeposit.into(),
			&vote.account,
			vote.deposit,
			Precision::BestEffort,
		)?;
		Ok(())
	}

	/// Adds `choice` to, or takes it out of, the running count.
	fn tally(
		ballot: BallotId,
		record: &Ballot<T>,
		choice: &[OptionIndex],
		direction: Direction,
	) -> DispatchResult {
		let step = |n: u32| match direction {
			Direction::Add => n.checked_add(1).ok_or(ArithmeticError::Overflow),
			Direction::Remove => n.checked_sub(1).ok_or(ArithmeticError::Underflow),
		};
		Tallies::<T>::try_mutate(ballot, |tally| -> DispatchResult {
			let tally = tally.as_mut().ok_or(Error::<T>::UnknownBallot)?;
			tally.counted = step(tally.counted)?;
			for &option in count::first_round_options(record.method, choice) {
				let count =
					tally.counts.get_mut(usize::from(option)).ok_or(Error::<T>::InvalidChoice)?;
				*count = step(*count)?;
			}
			Ok(())
		})?;
		if record.method == TallyMethod::RankedChoice {
			for (option, before) in count::preference_keys(choice) {
				PreferenceCounts::<T>::try_mutate((ballot, option, before), |count| {
					step(*count).map(|next| *count = next)
				})?;
			}
		}
		Ok(())
	}

	/// The result the running count gives now.
	fn running_result(
		ballot: BallotId,
		record: &Ballot<T>,
	) -> Result<BallotResult<T>, DispatchError> {
		let tally = Tallies::<T>::get(ballot).ok_or(Error::<T>::UnknownBallot)?;
		let candidates = record.options.len();
		Ok(Self::decide(
			record,
			tally.voters,
			tally.counted,
			tally.counts.into_inner(),
			|eliminated| {
				let mut counts = vec![0u32; candidates];
				for option in
					(0..candidates as OptionIndex).filter(|o| eliminated & count::bit(*o) == 0)
				{
					counts[usize::from(option)] = count::subsets(eliminated)
						.map(|before| PreferenceCounts::<T>::get((ballot, option, before)))
						.fold(0u32, u32::saturating_add);
				}
				counts
			},
		))
	}

	/// The result of `record` from its turnout, first-round counts and, for ranked choice,
	/// a way to count any runoff round.
	fn decide(
		record: &Ballot<T>,
		voters: u32,
		counted: u32,
		first_round: Vec<u32>,
		count_round: impl FnMut(u32) -> Vec<u32>,
	) -> BallotResult<T> {
		let bounded = |counts: Vec<u32>| Counts::<T>::truncate_from(counts);
		let unrevealed = voters.saturating_sub(counted);
		let (outcome, rounds, exhausted) = if counted < record.quorum {
			(Outcome::QuorumNotReached, vec![bounded(first_round)], 0)
		} else if record.method == TallyMethod::RankedChoice {
			let runoff = count::instant_runoff(record.options.len(), counted, count_round);
			let rounds = runoff.rounds.into_iter().map(bounded).collect();
			(Outcome::Winner(runoff.winner), rounds, runoff.exhausted)
		} else {
			let leaders = count::leaders(&first_round);
			let outcome = match leaders.as_slice() {
				[winner] => Outcome::Winner(*winner),
				_ => Outcome::Tie(BoundedVec::truncate_from(leaders)),
			};
			(outcome, vec![bounded(first_round)], 0)
		};
		BallotResult {
			outcome,
			voters,
			counted,
			unrevealed,
			exhausted,
			rounds: BoundedVec::truncate_from(rounds),
		}
	}

	/// The votes of `ballot`: every voter, and the counted choices.
	fn stored_votes(ballot: BallotId) -> (Vec<T::DidId>, Vec<Choice<T>>) {
		let mut unrevealed = Vec::new();
		let mut choices = Vec::new();
		for (voter, vote) in Votes::<T>::iter_prefix(ballot) {
			match vote.state {
				VoteState::Committed(_) => unrevealed.push(voter),
				VoteState::Revealed(choice) => choices.push(choice),
			}
		}
		(unrevealed, choices)
	}

	/// The result computed from the stored votes alone, without the running count.
	fn recount(record: &Ballot<T>, unrevealed: usize, choices: &[Choice<T>]) -> BallotResult<T> {
		let candidates = record.options.len();
		let mut first_round = vec![0u32; candidates];
		for choice in choices {
			for &option in count::first_round_options(record.method, choice) {
				if let Some(count) = first_round.get_mut(usize::from(option)) {
					*count = count.saturating_add(1);
				}
			}
		}
		let rankings: Vec<&[OptionIndex]> = choices.iter().map(|choice| &choice[..]).collect();
		let counted = choices.len() as u32;
		let voters = counted.saturating_add(unrevealed as u32);
		Self::decide(record, voters, counted, first_round, |eliminated| {
			count::round_of(candidates, &rankings, eliminated)
		})
	}

	/// Recounts `ballot` from its stored votes and sets the recount next to the stored result
	/// (for an ongoing ballot, the result its running count gives now). `None` if the ballot is
	/// unknown, its votes are cleaned up, or it has more than `MAX_AUDITED_VOTES` votes (read
	/// those with `votes`, a page at a time, and recount them off chain).
	pub fn audit(ballot: BallotId) -> Option<Audit<T>> {
		let record = BallotInfo::<T>::get(ballot)?;
		if Tallies::<T>::get(ballot)?.voters > MAX_AUDITED_VOTES {
			return None;
		}
		let stored = match Results::<T>::get(ballot) {
			Some(result) => result,
			None => Self::running_result(ballot, &record).ok()?,
		};
		let (unrevealed, choices) = Self::stored_votes(ballot);
		let recomputed = Self::recount(&record, unrevealed.len(), &choices);
		Some(Audit { matches: stored == recomputed, stored, recomputed, unrevealed })
	}

	/// Up to `limit` (at most `MAX_PAGE`) votes of `ballot` with their voters, after
	/// `start_after` (the last voter of the previous page), in the register's order.
	pub fn votes(
		ballot: BallotId,
		start_after: Option<T::DidId>,
		limit: u32,
	) -> Vec<(T::DidId, VoteState<T>)> {
		polis_primitives::page(
			start_after,
			limit,
			|| Votes::<T>::iter_prefix(ballot),
			|last| Votes::<T>::iter_prefix_from(ballot, Votes::<T>::hashed_key_for(ballot, last)),
		)
		.map(|(voter, vote)| (voter, vote.state))
		.collect()
	}

	/// Checks the pallet's invariants: every running count equals the sum of the counted
	/// votes, and every finalized result equals a recount.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::ensure;

		let next = NextBallotId::<T>::get();
		for (id, record) in BallotInfo::<T>::iter() {
			ensure!(id < next, "a ballot id is not below NextBallotId");
			let ongoing = record.status == BallotStatus::Ongoing;
			ensure!(
				matches!(record.status, BallotStatus::Finalized { .. })
					== Results::<T>::contains_key(id),
				"a result exists exactly for each finalized ballot"
			);
			let Some(tally) = Tallies::<T>::get(id) else {
				ensure!(!ongoing, "an ongoing ballot has no running count");
				continue;
			};
			ensure!(tally.counts.len() == record.options.len(), "counts do not match options");
			let (unrevealed, choices) = Self::stored_votes(id);
			ensure!(
				tally.voters as usize == unrevealed.len() + choices.len(),
				"voter count differs from the votes stored"
			);
			ensure!(
				record.secrecy == Secrecy::Secret || unrevealed.is_empty(),
				"a public ballot holds a commitment"
			);
			let recount = Self::recount(&record, unrevealed.len(), &choices);
			ensure!(tally.counted == recount.counted, "counted differs from the counted votes");
			ensure!(
				Some(&tally.counts) == recount.rounds.first(),
				"tally differs from the sum of counted votes"
			);
			if record.method == TallyMethod::RankedChoice {
				let mut expected: BTreeMap<(OptionIndex, u32), u32> = BTreeMap::new();
				for choice in &choices {
					for key in count::preference_keys(choice) {
						*expected.entry(key).or_default() += 1;
					}
				}
				let stored: BTreeMap<(OptionIndex, u32), u32> =
					PreferenceCounts::<T>::iter_prefix((id,))
						.filter(|(_, count)| *count > 0)
						.collect();
				ensure!(stored == expected, "preference counts differ from the counted rankings");
			}
			if let Some(result) = Results::<T>::get(id) {
				ensure!(result == recount, "stored result differs from a recount");
			}
		}
		for (id, proposal) in Proposals::<T>::iter() {
			let record = BallotInfo::<T>::get(id).ok_or("a proposal's ballot does not exist")?;
			ensure!(
				record.method == TallyMethod::Plurality
					&& record.options.len() == BINDING_OPTIONS.len(),
				"a binding ballot is not a plurality vote on Aye and Nay"
			);
			ensure!(
				proposal.threshold >= Perbill::from_percent(50)
					&& proposal.threshold < Perbill::one(),
				"a proposal's threshold is out of range"
			);
			let consistent = match (proposal.status, record.status) {
				(ProposalStatus::Pending, BallotStatus::Ongoing) => true,
				(ProposalStatus::Withdrawn, BallotStatus::Cancelled { .. }) => true,
				(ProposalStatus::Scheduled { at }, BallotStatus::Finalized { at: finalized }) => {
					at == finalized.saturating_add(proposal.enactment_delay)
						&& Results::<T>::get(id)
							.is_some_and(|result| Self::passes(proposal.threshold, &result))
				},
				(ProposalStatus::Rejected, BallotStatus::Finalized { .. }) => Results::<T>::get(id)
					.is_some_and(|result| !Self::passes(proposal.threshold, &result)),
				_ => false,
			};
			ensure!(consistent, "a proposal's status does not follow from its ballot's");
		}
		Ok(())
	}
}

/// An origin check that only a binding ballot's enactment passes. Succeeds with the ballot.
pub struct EnsureCitizenBallot;

impl<O: Into<Result<Origin, O>> + From<Origin>> frame_support::traits::EnsureOrigin<O>
	for EnsureCitizenBallot
{
	type Success = BallotId;

	fn try_origin(origin: O) -> Result<BallotId, O> {
		origin.into().map(|Origin::CitizenBallot(ballot)| ballot)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		Ok(O::from(Origin::CitizenBallot(0)))
	}
}

sp_api::decl_runtime_apis! {
	/// Reads of the ballots pallet for auditors.
	pub trait BallotsApi<AuditReport: codec::Codec, DidId: codec::Codec, VoteRecord: codec::Codec> {
		/// The ballot recounted from its stored votes, next to its stored result; `None` if the
		/// ballot is unknown, its votes are cleaned up, or it has more than
		/// `MAX_AUDITED_VOTES` votes.
		fn audit(ballot: BallotId) -> Option<AuditReport>;
		/// Up to `limit` (at most `MAX_PAGE`) votes of the ballot with their voters, after
		/// `start_after`: the stored votes, a page at a time, for a recount off chain.
		fn votes(ballot: BallotId, start_after: Option<DidId>, limit: u32) -> Vec<(DidId, VoteRecord)>;
	}
}
