//! Counting rules, independent of storage: the running count and the audit's recount both
//! decide through these functions, so they can only differ in the numbers they feed in.

use crate::{OptionIndex, TallyMethod};
use alloc::{vec, vec::Vec};
use core::cmp::Ordering;

/// Whether `choice` is a well-formed vote among `options` options: non-empty, in range, no
/// option twice, and exactly one option for plurality.
pub fn is_valid_choice(method: TallyMethod, options: usize, choice: &[OptionIndex]) -> bool {
	if choice.is_empty() || (method == TallyMethod::Plurality && choice.len() != 1) {
		return false;
	}
	let mut seen = [false; 256];
	choice.iter().all(|&option| {
		let fresh = usize::from(option) < options && !seen[usize::from(option)];
		seen[usize::from(option)] = true;
		fresh
	})
}

/// The options a vote adds one to in the first round: all of them for plurality and approval,
/// the first preference for ranked choice.
pub fn first_round_options(method: TallyMethod, choice: &[OptionIndex]) -> &[OptionIndex] {
	match method {
		TallyMethod::RankedChoice => &choice[..choice.len().min(1)],
		TallyMethod::Plurality | TallyMethod::Approval => choice,
	}
}

/// The bit of `option` in a set of options.
pub fn bit(option: OptionIndex) -> u32 {
	1u32 << option
}

/// The options with the most votes.
pub fn leaders(counts: &[u32]) -> Vec<OptionIndex> {
	let top = counts.iter().copied().max().unwrap_or_default();
	(0..counts.len()).filter(|&i| counts[i] == top).map(|i| i as OptionIndex).collect()
}

/// The outcome of an instant-runoff count.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Runoff {
	pub winner: OptionIndex,
	/// Per-option counts of every round, eliminated options at zero.
	pub rounds: Vec<Vec<u32>>,
	/// Rankings left without a continuing candidate in the last round.
	pub exhausted: u32,
}

/// Instant runoff among `candidates` options over `counted` rankings. `count_round` gives,
/// for a set of eliminated options, each continuing option's votes: the rankings whose
/// highest continuing preference it is.
///
/// Each round, an option with more than half the continuing votes wins; otherwise the option
/// with the fewest votes is eliminated. A tie for fewest is broken by the latest earlier round
/// in which the tied options differ (the one with fewer votes then goes), and if they never
/// differed, the option listed last goes. The last option standing wins.
pub fn instant_runoff(
	candidates: usize,
	counted: u32,
	mut count_round: impl FnMut(u32) -> Vec<u32>,
) -> Runoff {
	let mut eliminated = 0u32;
	let mut rounds: Vec<Vec<u32>> = Vec::with_capacity(candidates);
	loop {
		let counts = count_round(eliminated);
		let continuing: Vec<OptionIndex> = (0..candidates as OptionIndex)
			.filter(|&option| eliminated & bit(option) == 0)
			.collect();
		let votes = |option: OptionIndex| counts[usize::from(option)];
		let continuing_votes: u64 = continuing.iter().map(|&option| u64::from(votes(option))).sum();
		let leader = continuing.iter().copied().max_by_key(|&option| votes(option));
		rounds.push(counts.clone());
		match leader {
			Some(leader)
				if continuing.len() == 1 || u64::from(votes(leader)) * 2 > continuing_votes =>
			{
				let exhausted = u64::from(counted).saturating_sub(continuing_votes) as u32;
				return Runoff { winner: leader, rounds, exhausted };
			},
			_ => {
				let loser = continuing
					.iter()
					.copied()
					.min_by(|&a, &b| weaker_first(a, b, &rounds))
					.unwrap_or_default();
				eliminated |= bit(loser);
			},
		}
	}
}

/// Orders `a` before `b` if `a` is the one to eliminate: fewer votes in the latest round they
/// differ in, else listed later.
fn weaker_first(a: OptionIndex, b: OptionIndex, rounds: &[Vec<u32>]) -> Ordering {
	rounds
		.iter()
		.rev()
		.map(|round| round[usize::from(a)].cmp(&round[usize::from(b)]))
		.find(|order| order.is_ne())
		.unwrap_or_else(|| b.cmp(&a))
}

/// Each option's votes in the round after `eliminated` went: the rankings whose highest
/// continuing preference it is.
pub fn round_of(candidates: usize, rankings: &[&[OptionIndex]], eliminated: u32) -> Vec<u32> {
	let mut counts = vec![0u32; candidates];
	for ranking in rankings {
		if let Some(&option) = ranking.iter().find(|&&option| eliminated & bit(option) == 0) {
			counts[usize::from(option)] = counts[usize::from(option)].saturating_add(1);
		}
	}
	counts
}

/// The sets of options ranked before each option of `ranking`, paired with that option: the
/// keys of the running ranked-choice count that a ranking adds one to.
pub fn preference_keys(ranking: &[OptionIndex]) -> impl Iterator<Item = (OptionIndex, u32)> + '_ {
	ranking.iter().scan(0u32, |before, &option| {
		let key = (option, *before);
		*before |= bit(option);
		Some(key)
	})
}

/// Every subset of `set`, `set` itself first and the empty set last.
pub fn subsets(set: u32) -> impl Iterator<Item = u32> {
	let mut next = Some(set);
	core::iter::from_fn(move || {
		let current = next?;
		next = (current != 0).then(|| (current - 1) & set);
		Some(current)
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	fn instant_runoff_of(candidates: usize, rankings: &[&[OptionIndex]]) -> Runoff {
		instant_runoff(candidates, rankings.len() as u32, |eliminated| {
			round_of(candidates, rankings, eliminated)
		})
	}

	#[test]
	fn choices_are_checked_for_shape_range_and_repeats() {
		use TallyMethod::*;
		assert!(is_valid_choice(Plurality, 3, &[2]));
		assert!(!is_valid_choice(Plurality, 3, &[0, 1]));
		assert!(!is_valid_choice(Plurality, 3, &[3]));
		assert!(!is_valid_choice(Approval, 3, &[]));
		assert!(is_valid_choice(Approval, 3, &[2, 0]));
		assert!(!is_valid_choice(Approval, 3, &[0, 0]));
		assert!(is_valid_choice(RankedChoice, 3, &[1, 2, 0]));
		assert!(!is_valid_choice(RankedChoice, 3, &[1, 2, 1]));
		assert!(is_valid_choice(RankedChoice, 256, &[255, 0]));
	}

	#[test]
	fn subsets_are_enumerated_once_each() {
		let mut all: Vec<u32> = subsets(0b1011).collect();
		all.sort();
		assert_eq!(all, vec![0b0000, 0b0001, 0b0010, 0b0011, 0b1000, 0b1001, 0b1010, 0b1011]);
		assert_eq!(subsets(0).collect::<Vec<_>>(), vec![0]);
	}

	#[test]
	fn preference_keys_carry_the_options_ranked_before() {
		let keys: Vec<_> = preference_keys(&[2, 0, 3]).collect();
		assert_eq!(keys, vec![(2, 0), (0, 0b100), (3, 0b101)]);
	}

	#[test]
	fn a_first_round_majority_wins_at_once() {
		let runoff = instant_runoff_of(3, &[&[0], &[0, 1], &[1]]);
		assert_eq!(runoff, Runoff { winner: 0, rounds: vec![vec![2, 1, 0]], exhausted: 0 });
	}

	#[test]
	fn eliminated_options_transfer_their_votes_to_next_preferences() {
		// A 2, B 2, C 1: C goes, its voter prefers B next; B wins 3 to 2.
		let rankings: [&[u8]; 5] = [&[0], &[0, 2], &[1], &[1, 0], &[2, 1]];
		let runoff = instant_runoff_of(3, &rankings);
		assert_eq!(runoff.winner, 1);
		assert_eq!(runoff.rounds, vec![vec![2, 2, 1], vec![2, 3, 0]]);
		assert_eq!(runoff.exhausted, 0);
	}

	#[test]
	fn rankings_without_continuing_candidates_are_exhausted() {
		// C goes first, and its voter ranked no one else. A and B then tie in every round, so
		// B, listed later, goes: A wins alone and the three other rankings are exhausted.
		let rankings: [&[u8]; 5] = [&[0], &[0], &[1], &[1], &[2]];
		let runoff = instant_runoff_of(3, &rankings);
		assert_eq!(runoff.rounds, vec![vec![2, 2, 1], vec![2, 2, 0], vec![2, 0, 0]]);
		assert_eq!(runoff.winner, 0);
		assert_eq!(runoff.exhausted, 3);
	}

	#[test]
	fn a_tie_for_last_with_no_earlier_round_eliminates_the_option_listed_later() {
		// A 4, B 2, C 3, D 2: B and D tie for last, D goes and its votes go to B: A 4, B 4,
		// C 3. C goes to B, and B wins 7 to 4.
		let rankings: [&[u8]; 11] =
			[&[0], &[0], &[0], &[0], &[1], &[1], &[2, 1], &[2, 1], &[2, 1], &[3, 1], &[3, 1]];
		let runoff = instant_runoff_of(4, &rankings);
		assert_eq!(runoff.rounds, vec![vec![4, 2, 3, 2], vec![4, 4, 3, 0], vec![4, 7, 0, 0]]);
		assert_eq!(runoff.winner, 1);
	}

	#[test]
	fn a_tie_for_last_is_broken_by_the_latest_round_in_which_the_options_differ() {
		let rounds = vec![vec![5, 3, 4], vec![5, 4, 4]];
		assert_eq!(weaker_first(1, 2, &rounds), Ordering::Less);
		assert_eq!(weaker_first(2, 1, &rounds), Ordering::Greater);
		let never_differed = vec![vec![5, 4, 4]];
		assert_eq!(weaker_first(1, 2, &never_differed), Ordering::Greater);
	}

	#[test]
	fn the_last_option_standing_wins_a_two_way_tie_by_listing_order() {
		let runoff = instant_runoff_of(2, &[&[0], &[1]]);
		assert_eq!(runoff.winner, 0);
		assert_eq!(runoff.rounds, vec![vec![1, 1], vec![1, 0]]);
	}

	#[test]
	fn leaders_are_every_option_with_the_top_count() {
		assert_eq!(leaders(&[3, 5, 5, 1]), vec![1, 2]);
		assert_eq!(leaders(&[0, 0]), vec![0, 1]);
	}
}
