//! Storage migrations of the sensor oracle.
//!
//! - Version 0 → 1 (#17): a feed keeps its latest interval's summary (`Feed::latest`) instead of
//!   only its index (`latest_interval`), so that a reading adds to it without reading the ring.
//!   A city has a feed per meter and metric, more than one block can migrate, so this runs as a
//!   multi-block migration (`pallet-migrations`): each block migrates as many feeds as its
//!   migration weight allows and keeps a cursor, while the chain takes no transactions.

use frame_support::{
	migrations::{MigrationId, SteppedMigration, SteppedMigrationError},
	pallet_prelude::*,
	traits::{GetStorageVersion, StorageVersion},
	weights::WeightMeter,
};
use polis_primitives::{IntervalIndex, MetricId, PublicKey};

use crate::{Config, Feed, Feeds, Intervals, Pallet, WeightInfo};

/// Names this pallet's migrations among the chain's (with their storage versions).
const MIGRATIONS_ID: &[u8; 19] = b"polis-sensor-oracle";

/// Version 0 → 1: a feed's latest interval with its summary.
pub mod v1 {
	use super::*;

	/// The layout of storage version 0.
	pub mod v0 {
		use super::*;
		use crate::{AlertBound, BalanceOf};
		use frame_support::{storage_alias, Blake2_128Concat};

		/// A feed as version 0 stored it.
		#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug)]
		pub struct Feed<AccountId, Balance> {
			pub owner: AccountId,
			pub deposit: Balance,
			pub last_timestamp: u64,
			pub alert: Option<AlertBound>,
			pub readings: u64,
			/// Only the index of the feed's latest interval, whose summary is in its ring slot.
			pub latest_interval: Option<IntervalIndex>,
			pub device_revoked: bool,
		}

		/// `feed` as version 0 kept it: what tests and benchmarks store to make a chain of
		/// version 0.
		#[cfg(any(test, feature = "runtime-benchmarks"))]
		pub fn feed_of<T: Config>(feed: &crate::Feed<T>) -> Feed<T::AccountId, BalanceOf<T>> {
			Feed {
				owner: feed.owner.clone(),
				deposit: feed.deposit,
				last_timestamp: feed.last_timestamp,
				alert: feed.alert,
				readings: feed.readings,
				latest_interval: feed.latest.map(|latest| latest.interval),
				device_revoked: feed.device_revoked,
			}
		}

		/// [`crate::Feeds`] as version 0 stored it.
		#[storage_alias]
		pub type Feeds<T: Config> = StorageDoubleMap<
			Pallet<T>,
			Blake2_128Concat,
			PublicKey,
			Blake2_128Concat,
			MetricId,
			Feed<<T as frame_system::Config>::AccountId, BalanceOf<T>>,
		>;
	}

	/// Moves each feed's latest interval summary from its ring slot into the feed, feed by feed
	/// in key order; the cursor is the last feed migrated. A chain already at version 1 (every
	/// chain started since) migrates nothing.
	pub struct FeedLatestInterval<T>(PhantomData<T>);

	impl<T: Config> SteppedMigration for FeedLatestInterval<T> {
		type Cursor = (PublicKey, MetricId);
		type Identifier = MigrationId<19>;

		fn id() -> Self::Identifier {
			MigrationId { pallet_id: *MIGRATIONS_ID, version_from: 0, version_to: 1 }
		}

		fn step(
			mut cursor: Option<Self::Cursor>,
			meter: &mut WeightMeter,
		) -> Result<Option<Self::Cursor>, SteppedMigrationError> {
			let required = T::WeightInfo::migrate_feed();
			if meter.remaining().any_lt(required) {
				return Err(SteppedMigrationError::InsufficientWeight { required });
			}
			if Pallet::<T>::on_chain_storage_version() != StorageVersion::new(0) {
				return Ok(None);
			}
			let mut feeds = match &cursor {
				Some((device, metric)) => {
					v0::Feeds::<T>::iter_from(v0::Feeds::<T>::hashed_key_for(device, metric))
				},
				None => v0::Feeds::<T>::iter(),
			};
			// Each feed overwrites its own key, which the iterator has passed: iterating on
			// from it is sound.
			while meter.try_consume(required).is_ok() {
				let Some((device, metric, old)) = feeds.next() else {
					StorageVersion::new(1).put::<Pallet<T>>();
					return Ok(None);
				};
				Feeds::<T>::insert(device, metric, migrated_feed::<T>(device, metric, old));
				cursor = Some((device, metric));
			}
			Ok(cursor)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			let latest: alloc::vec::Vec<_> = v0::Feeds::<T>::iter()
				.map(|(device, metric, feed)| (device, metric, feed.latest_interval))
				.collect();
			Ok(latest.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before: alloc::vec::Vec<(PublicKey, MetricId, Option<IntervalIndex>)> =
				Decode::decode(&mut &state[..])
					.map_err(|_| "the pre-upgrade state does not decode")?;
			ensure!(
				Pallet::<T>::on_chain_storage_version() == StorageVersion::new(1),
				"the sensor oracle's storage version is not 1 after its migration"
			);
			ensure!(
				Feeds::<T>::iter_keys().count() == before.len(),
				"the migration lost or made feeds"
			);
			for (device, metric, latest_interval) in before {
				let feed =
					Feeds::<T>::get(device, metric).ok_or("a migrated feed does not decode")?;
				ensure!(
					feed.latest.map(|latest| latest.interval) == latest_interval,
					"a migrated feed's latest interval moved"
				);
			}
			Ok(())
		}
	}

	/// `old` with its latest interval's summary, read from the interval's ring slot.
	fn migrated_feed<T: Config>(
		device: PublicKey,
		metric: MetricId,
		old: v0::Feed<T::AccountId, crate::BalanceOf<T>>,
	) -> Feed<T> {
		let latest = old.latest_interval.and_then(|interval| {
			let stored = Intervals::<T>::get((device, metric, Pallet::<T>::slot_of(interval)));
			// Version 0 kept a feed's latest interval in its slot; a slot holding another
			// interval would be a broken state, and a feed without a latest interval only
			// starts the next reading's interval afresh.
			let stored = stored.filter(|stored| stored.interval == interval);
			if stored.is_none() {
				log::warn!(
					target: crate::LOG_TARGET,
					"feed ({device:?}, {metric}): latest interval {interval} missing from its ring slot",
				);
			}
			stored
		});
		Feed {
			owner: old.owner,
			deposit: old.deposit,
			last_timestamp: old.last_timestamp,
			alert: old.alert,
			readings: old.readings,
			latest,
			device_revoked: old.device_revoked,
		}
	}
}
