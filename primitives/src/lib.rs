//! Traits and types that Polis pallets share.
//!
//! Pallets never import each other: what one pallet offers the others is a trait here,
//! implemented by the owning pallet and wired together in the runtime. Tests implement the
//! traits with mocks.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod anchoring;
pub mod anonymity;
pub mod energy;
pub mod identity;
pub mod land;
pub mod sensors;

/// The time `Time` tells, in milliseconds since the Unix epoch (saturating).
pub fn unix_millis<Time: frame_support::traits::UnixTime>() -> u64 {
	Time::now().as_millis().try_into().unwrap_or(u64::MAX)
}

/// Most items one page of a runtime API read returns.
pub const MAX_PAGE: u32 = 1_000;

/// One page of a paged read: up to `limit` (at most [`MAX_PAGE`]) items, those `after` the
/// last item of the previous page if `start_after` names it, else `from_start`.
pub fn page<Key, Items: Iterator>(
	start_after: Option<Key>,
	limit: u32,
	from_start: impl FnOnce() -> Items,
	after: impl FnOnce(Key) -> Items,
) -> core::iter::Take<Items> {
	let items = match start_after {
		Some(last) => after(last),
		None => from_start(),
	};
	items.take(limit.min(MAX_PAGE) as usize)
}

pub use anchoring::*;
pub use anonymity::{
	AnonymityError, AnonymousCredentials, AnonymousProof, MemberId, MembershipKey, Nullifier,
	RingSignature,
};
pub use energy::*;
pub use identity::*;
pub use land::*;
pub use sensors::*;

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_page_starts_after_the_last_item_and_holds_at_most_max_page() {
		let items = || 0..5_000u32;
		let after = |last: u32| last + 1..5_000;
		assert_eq!(page(None, 2, items, after).collect::<Vec<_>>(), vec![0, 1]);
		assert_eq!(page(Some(1), 2, items, after).collect::<Vec<_>>(), vec![2, 3]);
		assert_eq!(page(None, u32::MAX, items, after).count(), MAX_PAGE as usize);
	}
}
