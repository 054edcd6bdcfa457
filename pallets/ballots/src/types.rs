//! The records the ballots pallet stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::*, traits::Bounded, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use polis_primitives::{SchemaId, ScopeCode};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

use crate::{BalanceOf, Config};

/// Identifier of a ballot, assigned in creation order.
pub type BallotId = u32;

/// Position of an option in its ballot's option list.
pub type OptionIndex = u8;

/// The option indices a voter chooses: one for plurality, a set for approval, a ranking
/// (most preferred first) for ranked choice.
pub type Choice<T> = BoundedVec<OptionIndex, <T as Config>::MaxOptions>;

/// Votes per option, in option order.
pub type Counts<T> = BoundedVec<u32, <T as Config>::MaxOptions>;

/// An option's label.
pub type OptionLabel<T> = BoundedVec<u8, <T as Config>::MaxOptionLength>;

/// Who may vote: holders of a valid credential of `schema`, only those whose credential
/// carries `district` if that is set.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Eligibility {
	pub schema: SchemaId,
	pub district: Option<ScopeCode>,
}

/// How the votes are counted.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum TallyMethod {
	/// One option per voter; the most votes win.
	Plurality,
	/// Any set of options per voter; the most approvals win.
	Approval,
	/// A ranking per voter, counted by instant runoff.
	RankedChoice,
}

/// Whether votes stay hidden until the count.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum Secrecy {
	/// Commit a hash of the vote while voting is open, reveal it in the reveal window.
	Secret,
	/// Votes are cast in the open and counted at once.
	Public,
}

/// A ballot's windows: voting in `[voting_starts, voting_ends)`, revealing in
/// `[voting_ends, reveal_ends)`. A public ballot has no reveal window: `reveal_ends` equals
/// `voting_ends`.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Schedule<BlockNumber> {
	pub voting_starts: BlockNumber,
	pub voting_ends: BlockNumber,
	pub reveal_ends: BlockNumber,
}

/// Where a ballot is in its schedule.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Phase {
	Pending,
	Voting,
	Revealing,
	/// Past its last window: ready to be finalized.
	Closed,
}

impl<BlockNumber: PartialOrd> Schedule<BlockNumber> {
	pub fn phase(&self, now: BlockNumber) -> Phase {
		if now < self.voting_starts {
			Phase::Pending
		} else if now < self.voting_ends {
			Phase::Voting
		} else if now < self.reveal_ends {
			Phase::Revealing
		} else {
			Phase::Closed
		}
	}
}

/// A ballot's life: ongoing until the authority cancels it or anyone finalizes it.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum BallotStatus<BlockNumber> {
	Ongoing,
	Cancelled { at: BlockNumber },
	Finalized { at: BlockNumber },
}

/// A ballot as the election authority created it.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Ballot<T: Config> {
	pub title: BoundedVec<u8, T::MaxTitleLength>,
	/// Hash of the ballot's full text (the question, the candidates' statements).
	pub document_hash: H256,
	pub options: BoundedVec<OptionLabel<T>, T::MaxOptions>,
	pub eligibility: Eligibility,
	pub method: TallyMethod,
	pub secrecy: Secrecy,
	pub schedule: Schedule<BlockNumberFor<T>>,
	/// Fewest counted votes for the ballot to have a result.
	pub quorum: u32,
	pub created_at: BlockNumberFor<T>,
	pub status: BallotStatus<BlockNumberFor<T>>,
}

/// The running count of an ongoing ballot, updated by each counted vote.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Tally<T: Config> {
	/// DIDs that committed or cast a vote.
	pub voters: u32,
	/// Votes counted: revealed (secret ballots) or cast (public ones).
	pub counted: u32,
	/// Per option: votes (plurality), approvals (approval) or first preferences (ranked).
	pub counts: Counts<T>,
}

/// What a voter has put in.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub enum VoteState<T: Config> {
	/// The hash of `(ballot, voter DID, choice, salt)`, not yet revealed.
	Committed(H256),
	/// A counted choice.
	Revealed(Choice<T>),
}

/// One DID's vote on one ballot, with the deposit held for it.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Vote<T: Config> {
	/// The account that voted for the DID and whose deposit is held.
	pub account: T::AccountId,
	pub deposit: BalanceOf<T>,
	pub state: VoteState<T>,
}

/// Who won.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub enum Outcome<T: Config> {
	Winner(OptionIndex),
	/// Plurality and approval: these options share the most votes.
	Tie(Choice<T>),
	/// Fewer votes were counted than the quorum.
	QuorumNotReached,
}

/// A ballot's final result, with its turnout.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct BallotResult<T: Config> {
	pub outcome: Outcome<T>,
	/// DIDs that committed or cast a vote.
	pub voters: u32,
	/// Votes counted.
	pub counted: u32,
	/// Commitments never revealed: reported, not counted.
	pub unrevealed: u32,
	/// Ranked choice: counted rankings whose candidates were all eliminated by the last round.
	pub exhausted: u32,
	/// Per-option counts of each round: one round for plurality and approval, one per
	/// elimination for ranked choice (eliminated options count zero).
	pub rounds: BoundedVec<Counts<T>, T::MaxOptions>,
}

/// A recount of a ballot from its stored votes, next to the result the chain holds.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, DebugNoBound)]
#[scale_info(skip_type_params(T))]
pub struct Audit<T: Config> {
	/// The finalized result; for an ongoing ballot, the result its running count gives now.
	pub stored: BallotResult<T>,
	/// The result computed again from the stored votes alone.
	pub recomputed: BallotResult<T>,
	pub matches: bool,
	/// DIDs whose commitment was not revealed.
	pub unrevealed: alloc::vec::Vec<T::DidId>,
}

/// The runtime call a binding ballot enacts.
pub type CallOf<T> = <T as Config>::RuntimeCall;

/// A binding ballot's call: inline if short, else the hash and length of a stored preimage.
pub type BoundedCallOf<T> = Bounded<CallOf<T>, <T as frame_system::Config>::Hashing>;

/// Where a binding ballot's proposal is in its life.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum ProposalStatus<BlockNumber> {
	/// The ballot is ongoing.
	Pending,
	/// The ballot passed; the scheduler enacts the call in block `at`.
	Scheduled { at: BlockNumber },
	/// The ballot did not pass: too few votes, or too few of them for it.
	Rejected,
	/// The ballot was cancelled.
	Withdrawn,
}

/// What a binding ballot enacts if it passes: `call`, with the ballot's `CitizenBallot`
/// origin, `enactment_delay` blocks after the ballot is finalized. It passes if its quorum is
/// reached and more than `threshold` of the counted votes are for it.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Proposal<T: Config> {
	pub call: BoundedCallOf<T>,
	pub threshold: Perbill,
	pub enactment_delay: BlockNumberFor<T>,
	pub status: ProposalStatus<BlockNumberFor<T>>,
}

/// The options of every binding ballot, in this order.
pub const BINDING_OPTIONS: [&[u8]; 2] = [b"Aye", b"Nay"];

/// The option of a binding ballot that votes for its proposal.
pub const AYE: OptionIndex = 0;
