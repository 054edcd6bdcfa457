//! # Sensor oracle pallet
//!
//! IoT readings on chain that are provably from a registered device, untampered and cheap
//! enough for a whole city.
//!
//! ## Roles
//!
//! - The `MetricOrigin` (governance; Root for now) registers **metrics**: a name with its
//!   unit, the range a reading must lie in and an optional alert band.
//! - **Device owners** (the DID that registered a device in the DID pallet, read through
//!   [`DeviceRegistry`]) open a **feed** per device and metric (at most `MaxFeedsPerDevice`
//!   a device), with `FeedDeposit` held, and close it to get the deposit back (less
//!   `MarkDeposit` while its replay mark is kept).
//! - **Submitters** (a gateway's operator, the node's off-chain worker, anyone) carry signed
//!   readings to the chain; trust comes from the device signatures, not from the submitter.
//! - **Gateways** (devices of kind `Gateway`) sign anchors: the Merkle root of a large batch.
//!
//! ## Readings
//!
//! A device signs each reading (metric, value, timestamp in ms) as
//! `(READING_CONTEXT, genesis hash, device key, reading)`. `submit_readings` accepts up to
//! `MaxReadingsPerCall` of them. A reading is **skipped** (and its weight refunded) when what
//! others did since it was signed makes it unwanted: its device was revoked or removed since
//! its feed opened, its feed is closed, it is not newer than the feed's last reading (a
//! duplicate, a replay, or a copy another relay carried first) or it is older than
//! `MaxReadingAge`. So no one can fail someone else's batch by front-running a reading out of
//! it. A reading that could never be valid fails the whole call: a bad signature, a value
//! outside the metric's range, a timestamp more than `MaxClockDrift` ahead of the chain's
//! clock. An accepted reading is added to its feed's summary of its interval
//! (`IntervalLength` ms: sum, min, max, last, count). A reading entering or leaving the
//! metric's alert band emits an event, and `OnReading` is told of every reading. Other pallets
//! read intervals through [`MeterReadings`].
//!
//! ## What a reading costs
//!
//! A city's meters each report once an interval, so nearly every reading is the first of its
//! feed's interval; the storage is laid out for that case. A feed's intervals live in a ring of
//! `MaxIntervalsPerFeed` slots (`interval % MaxIntervalsPerFeed`): a reading that starts an
//! interval overwrites its slot without reading it (the interval there is older by at least
//! the ring's length), so the feed keeps every interval of the last `MaxIntervalsPerFeed`
//! interval lengths and nothing has to be pruned. The DID pallet tells the oracle when a device
//! is revoked or removed (`OnDeviceRevoked`), which marks its feeds, so a reading needs no
//! look-up of its device. Metrics are looked up once per call. So a reading that starts an
//! interval reads one item (its feed) and writes two (its feed and its interval); one that adds
//! to an interval also reads the interval. Each call is charged every reading at the dearer
//! kind and refunded to what it stored.
//!
//! ## Replay protection that survives the feed
//!
//! A feed's last timestamp is its replay guard. Closing a feed whose last reading could still
//! be accepted (it is younger than `MaxReadingAge`) keeps that timestamp as a **closed-feed
//! mark**, with `MarkDeposit` of the feed's deposit held for it; reopening the feed (by the
//! same owner, or by the DID the device moved to) starts from the mark, so no signed reading
//! is accepted twice. Once the mark is older than `MaxReadingAge` anyone may remove it with
//! `forget_mark`, returning its deposit.
//!
//! ## Anchors
//!
//! A gateway signs an anchor claim, `(ANCHOR_CONTEXT, genesis hash, claim)`: the root of a
//! binary Merkle tree (Blake2-256, as built by the `binary-merkle-tree` crate) over
//! SCALE-encoded `SignedReading`s, with their count and time range. Anyone submits it, holding
//! `AnchorDeposit`. A gateway's anchors cover disjoint, increasing time ranges, so a claim
//! cannot be replayed.
//! Anyone proves a reading against an anchor with the runtime API
//! `SensorOracleApi::verify_anchored_reading`, which checks the Merkle proof, the device
//! signature and the time range. After `AnchorRetention` blocks anyone may remove an anchor,
//! returning its deposit.
//!
//! ## Storage versions
//!
//! Version 1 keeps a feed's latest interval summary in the feed. A chain whose feeds are of
//! version 0 migrates them with [`migrations::v1::FeedLatestInterval`], a multi-block migration
//! for `pallet-migrations` that migrates feeds block by block and puts version 1 when done.
//!
//! ## Limits
//!
//! - Anchored readings are not checked on chain one by one (that is what makes anchoring
//!   cheap): a proof shows that the gateway anchored a reading the device signed; whether
//!   the device was active then is for the verifier to judge with the DID pallet's history.
//! - The tree hashes inner nodes and leaves alike; a leaf is only accepted if it decodes as a
//!   signed reading whose signature verifies, which an inner node does not.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
#[cfg(test)]
mod mock;
pub mod offchain;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use offchain::{crypto, GATEWAYS_STORAGE_KEY, KEY_TYPE};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::Encode;
use frame_support::{
	dispatch::DispatchResult,
	ensure,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::Precision,
		Get, UnixTime,
	},
	weights::Weight,
};
use frame_system::pallet_prelude::BlockNumberFor;
use polis_primitives::{
	DeviceKind, DeviceRegistry, IntervalIndex, IntervalSummary, MeterReadings, MetricId,
	OnDeviceRevoked, OnReading, PublicKey,
};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	ArithmeticError, DispatchError, MultiSignature,
};

/// The balance type of the deposit currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// What benchmarks need of the runtime beyond `Config`.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Sets the chain's clock to `now` milliseconds after the Unix epoch.
	fn set_time(now: u64);
}

const LOG_TARGET: &str = "runtime::sensor-oracle";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// Version 1: a feed keeps its latest interval's summary ([`migrations::v1`]).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		frame_system::Config + frame_system::offchain::CreateSignedTransaction<Call<Self>>
	{
		/// The off-chain worker's signing key (see [`crypto::SubmitterId`]).
		type SubmitterId: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>;

		/// The currency of deposits.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Registers and removes metrics.
		type MetricOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Where devices are registered and revoked.
		type Devices: DeviceRegistry<Self::AccountId>;

		/// The chain's clock, against which reading timestamps are checked.
		type Time: UnixTime;

		/// Told of every accepted reading.
		type OnReading: OnReading<Self::AccountId>;

		/// Held from the device owner per open feed: it covers the feed and its most intervals.
		#[pallet::constant]
		type FeedDeposit: Get<BalanceOf<Self>>;
		/// Kept of a closed feed's deposit while its replay mark is stored (at most
		/// `FeedDeposit`).
		#[pallet::constant]
		type MarkDeposit: Get<BalanceOf<Self>>;
		/// Held from the submitter per anchor.
		#[pallet::constant]
		type AnchorDeposit: Get<BalanceOf<Self>>;

		/// Length of an interval in milliseconds.
		#[pallet::constant]
		type IntervalLength: Get<u64>;
		/// Slots of a feed's ring of intervals: it keeps its intervals of the last
		/// `MaxIntervalsPerFeed` interval lengths.
		#[pallet::constant]
		type MaxIntervalsPerFeed: Get<u32>;
		/// Most feeds one device may have (one per metric it measures).
		#[pallet::constant]
		type MaxFeedsPerDevice: Get<u32>;
		/// How old, in milliseconds, a reading may be when it is submitted.
		#[pallet::constant]
		type MaxReadingAge: Get<u64>;
		/// How far, in milliseconds, a reading's timestamp may run ahead of the chain's clock.
		#[pallet::constant]
		type MaxClockDrift: Get<u64>;
		/// Most readings in one `submit_readings`.
		#[pallet::constant]
		type MaxReadingsPerCall: Get<u32>;
		/// Most bytes of a metric's name.
		#[pallet::constant]
		type MaxMetricName: Get<u32>;
		/// Blocks an anchor is kept before anyone may remove it.
		#[pallet::constant]
		type AnchorRetention: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets the clock for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// An open feed, from the device owner.
		FeedDeposit,
		/// An anchor, from its submitter.
		AnchorDeposit,
	}

	/// Registered metrics.
	#[pallet::storage]
	pub type Metrics<T: Config> = StorageMap<_, Twox64Concat, MetricId, Metric<T>>;

	/// Open feeds by device key and metric.
	#[pallet::storage]
	pub type Feeds<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, PublicKey, Blake2_128Concat, MetricId, Feed<T>>;

	/// A feed's ring of interval summaries, by device, metric and slot
	/// (`interval % MaxIntervalsPerFeed`).
	#[pallet::storage]
	pub type Intervals<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, PublicKey>,
			NMapKey<Blake2_128Concat, MetricId>,
			NMapKey<Blake2_128Concat, u32>,
		),
		StoredInterval,
	>;

	/// The last reading timestamp of a closed feed, kept while readings that old are still
	/// accepted, so that reopening the feed or moving its device cannot replay them.
	#[pallet::storage]
	pub type ClosedFeedMarks<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		PublicKey,
		Blake2_128Concat,
		MetricId,
		ClosedFeedMark<T>,
	>;

	/// Anchored batches.
	#[pallet::storage]
	pub type Anchors<T: Config> = StorageMap<_, Twox64Concat, AnchorId, Anchor<T>>;

	/// The id the next anchor gets.
	#[pallet::storage]
	pub type NextAnchorId<T: Config> = StorageValue<_, AnchorId, ValueQuery>;

	/// The end of the time range a gateway last anchored; its next anchor must start later.
	#[pallet::storage]
	pub type AnchoredUntil<T: Config> = StorageMap<_, Blake2_128Concat, PublicKey, u64>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Metrics registered at genesis: id, name, min, max, alert below, alert above.
		#[allow(clippy::type_complexity)]
		pub metrics: Vec<(MetricId, Vec<u8>, i64, i64, Option<i64>, Option<i64>)>,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (id, name, min, max, alert_below, alert_above) in &self.metrics {
				let spec = MetricSpec::<T> {
					name: name.clone().try_into().expect("genesis metric name too long"),
					min: *min,
					max: *max,
					alert_below: *alert_below,
					alert_above: *alert_above,
				};
				assert!(spec.is_consistent(), "genesis metric {id} has inconsistent bounds");
				assert!(!Metrics::<T>::contains_key(id), "genesis metric {id} listed twice");
				Metrics::<T>::insert(id, Metric { spec, feeds: 0 });
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A metric was registered or its definition changed.
		MetricSet { metric: MetricId },
		/// A metric was removed.
		MetricRemoved { metric: MetricId },
		/// A device owner opened a feed.
		FeedOpened { device: PublicKey, metric: MetricId, owner: T::AccountId },
		/// A feed was closed, its intervals removed and its deposit returned (less the mark's).
		FeedClosed { device: PublicKey, metric: MetricId },
		/// A feed's device was revoked or removed: the feed takes no more readings.
		FeedDeviceRevoked { device: PublicKey, metric: MetricId },
		/// A closed feed's last reading timestamp is kept until it is older than
		/// `MaxReadingAge`.
		MarkKept { device: PublicKey, metric: MetricId, last_timestamp: u64 },
		/// A closed feed's mark was removed (its feed reopened, or it expired) and its deposit
		/// returned.
		MarkRemoved { device: PublicKey, metric: MetricId },
		/// Signed readings were accepted; `skipped` others were already outdated (see the
		/// crate documentation) and left out.
		ReadingsAccepted { submitter: T::AccountId, accepted: u32, skipped: u32 },
		/// A reading left the metric's alert band (or crossed from one side to the other).
		AlertRaised { device: PublicKey, metric: MetricId, value: i64, bound: AlertBound },
		/// A reading came back into the metric's alert band.
		AlertCleared { device: PublicKey, metric: MetricId, value: i64 },
		/// A gateway anchored a batch of readings.
		Anchored { id: AnchorId, gateway: PublicKey, root: H256, count: u32, from: u64, until: u64 },
		/// An anchor past its retention was removed and its deposit returned.
		AnchorRemoved { id: AnchorId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The metric's bounds are not ordered.
		InconsistentMetric,
		/// No metric with this id.
		UnknownMetric,
		/// The metric still has open feeds.
		MetricInUse,
		/// The device is unknown or no longer active.
		DeviceNotActive,
		/// The caller does not own the device.
		NotDeviceOwner,
		/// The device already has a feed of this metric.
		FeedExists,
		/// The device has no feed of this metric.
		NoFeed,
		/// Only the owner may close the feed of a device that was not revoked.
		NotFeedOwner,
		/// The device has `MaxFeedsPerDevice` feeds already.
		TooManyFeeds,
		/// The device has no closed-feed mark of this metric.
		NoMark,
		/// The mark is still younger than `MaxReadingAge`: readings it guards against could
		/// still be accepted.
		MarkStillNeeded,
		/// No readings were given.
		NoReadings,
		/// A reading's (or anchor claim's) signature does not verify against its device key.
		BadSignature,
		/// A reading's value lies outside its metric's range.
		ValueOutOfRange,
		/// A reading is not newer than its feed's last one: a duplicate, replay or reordering.
		NotNewer,
		/// A reading is older than `MaxReadingAge`.
		StaleReading,
		/// A reading's timestamp is more than `MaxClockDrift` ahead of the chain's clock.
		FutureReading,
		/// The device is not a gateway.
		NotAGateway,
		/// An anchor must cover at least one reading.
		EmptyAnchor,
		/// An anchor's time range ends before it starts or lies in the future.
		InvalidTimeRange,
		/// An anchor's time range starts before the end of the gateway's last one.
		OverlapsLastAnchor,
		/// No anchor with this id.
		UnknownAnchor,
		/// The anchor is still within its retention period.
		AnchorRetained,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::IntervalLength::get() > 0, "IntervalLength must be positive");
			assert!(T::MaxIntervalsPerFeed::get() > 0, "a feed must keep an interval");
			assert!(T::MaxFeedsPerDevice::get() > 0, "a device must be able to have a feed");
			assert!(T::MaxReadingsPerCall::get() > 0, "a call must carry a reading");
			assert!(
				T::MarkDeposit::get() <= T::FeedDeposit::get(),
				"a closed feed's mark is paid out of its deposit"
			);
		}

		fn offchain_worker(block: BlockNumberFor<T>) {
			Self::relay_gateway_feeds(block);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers `metric` or changes its definition; readings already accepted stay.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_metric())]
		pub fn set_metric(
			origin: OriginFor<T>,
			metric: MetricId,
			spec: MetricSpec<T>,
		) -> DispatchResult {
			T::MetricOrigin::ensure_origin(origin)?;
			ensure!(spec.is_consistent(), Error::<T>::InconsistentMetric);
			Metrics::<T>::mutate(metric, |entry| match entry {
				Some(existing) => existing.spec = spec,
				None => *entry = Some(Metric { spec, feeds: 0 }),
			});
			Self::deposit_event(Event::MetricSet { metric });
			Ok(())
		}

		/// Removes a metric that no feed uses.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_metric())]
		pub fn remove_metric(origin: OriginFor<T>, metric: MetricId) -> DispatchResult {
			T::MetricOrigin::ensure_origin(origin)?;
			let entry = Metrics::<T>::get(metric).ok_or(Error::<T>::UnknownMetric)?;
			ensure!(entry.feeds == 0, Error::<T>::MetricInUse);
			Metrics::<T>::remove(metric);
			Self::deposit_event(Event::MetricRemoved { metric });
			Ok(())
		}

		/// Opens `device`'s feed of `metric`; the caller must own the active device.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::open_feed())]
		pub fn open_feed(
			origin: OriginFor<T>,
			device: PublicKey,
			metric: MetricId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = T::Devices::active_device(&device).ok_or(Error::<T>::DeviceNotActive)?;
			ensure!(info.owner == who, Error::<T>::NotDeviceOwner);
			ensure!(!Feeds::<T>::contains_key(device, metric), Error::<T>::FeedExists);
			let most = T::MaxFeedsPerDevice::get() as usize;
			ensure!(
				Feeds::<T>::iter_key_prefix(device).take(most).count() < most,
				Error::<T>::TooManyFeeds
			);
			let mut entry = Metrics::<T>::get(metric).ok_or(Error::<T>::UnknownMetric)?;
			entry.feeds = entry.feeds.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			let deposit = T::FeedDeposit::get();
			T::Currency::hold(&HoldReason::FeedDeposit.into(), &who, deposit)?;
			let last_timestamp = match ClosedFeedMarks::<T>::get(device, metric) {
				Some(mark) => {
					Self::remove_mark(&device, metric, &mark)?;
					mark.last_timestamp
				},
				None => 0,
			};
			Metrics::<T>::insert(metric, entry);
			Feeds::<T>::insert(
				device,
				metric,
				Feed {
					owner: who.clone(),
					deposit,
					last_timestamp,
					alert: None,
					readings: 0,
					latest: None,
					device_revoked: false,
				},
			);
			Self::deposit_event(Event::FeedOpened { device, metric, owner: who });
			Ok(())
		}

		/// Closes a feed, removing its intervals and returning its deposit to the owner. The
		/// owner may always close it; anyone may once its device was revoked or removed. A last
		/// reading younger than `MaxReadingAge` is kept as the feed's mark, holding
		/// `MarkDeposit` of the deposit.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::close_feed(T::MaxIntervalsPerFeed::get()))]
		pub fn close_feed(
			origin: OriginFor<T>,
			device: PublicKey,
			metric: MetricId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let feed = Feeds::<T>::get(device, metric).ok_or(Error::<T>::NoFeed)?;
			ensure!(feed.owner == who || feed.device_revoked, Error::<T>::NotFeedOwner);
			let keep_mark =
				feed.last_timestamp != 0 && !Self::is_expired(feed.last_timestamp, Self::now_ms());
			let mark_deposit =
				if keep_mark { feed.deposit.min(T::MarkDeposit::get()) } else { Zero::zero() };
			T::Currency::release(
				&HoldReason::FeedDeposit.into(),
				&feed.owner,
				feed.deposit.saturating_sub(mark_deposit),
				Precision::BestEffort,
			)?;
			if keep_mark {
				let last_timestamp = feed.last_timestamp;
				ClosedFeedMarks::<T>::insert(
					device,
					metric,
					ClosedFeedMark { last_timestamp, depositor: feed.owner, deposit: mark_deposit },
				);
				Self::deposit_event(Event::MarkKept { device, metric, last_timestamp });
			}
			let removed =
				Intervals::<T>::clear_prefix((device, metric), T::MaxIntervalsPerFeed::get(), None);
			Feeds::<T>::remove(device, metric);
			Metrics::<T>::mutate(metric, |entry| {
				if let Some(entry) = entry {
					entry.feeds.saturating_dec();
				}
			});
			Self::deposit_event(Event::FeedClosed { device, metric });
			Ok(Some(T::WeightInfo::close_feed(removed.unique)).into())
		}

		/// Submits signed readings, skipping the outdated ones and refunding their weight (see
		/// the crate documentation for the checks).
		#[pallet::call_index(4)]
		#[pallet::weight(Pallet::<T>::readings_weight(readings.len() as u32))]
		pub fn submit_readings(
			origin: OriginFor<T>,
			readings: BoundedVec<SignedReading, T::MaxReadingsPerCall>,
		) -> DispatchResultWithPostInfo {
			let submitter = ensure_signed(origin)?;
			ensure!(!readings.is_empty(), Error::<T>::NoReadings);
			let now = Self::now_ms();
			let genesis = Self::genesis_hash();
			let mut metrics = MetricCache::default();
			let (mut started, mut added): (u32, u32) = (0, 0);
			for signed in &readings {
				match Self::check_against_state(signed, now, &genesis, &mut metrics) {
					Ok((feed, alert)) => match Self::store_reading(signed, feed, alert)? {
						Stored::StartedInterval => started.saturating_inc(),
						Stored::AddedToInterval => added.saturating_inc(),
					},
					Err(error) if error.skips_reading() => {},
					Err(error) => return Err(error.into()),
				}
			}
			let accepted = started.saturating_add(added);
			let skipped = (readings.len() as u32).saturating_sub(accepted);
			Self::deposit_event(Event::ReadingsAccepted { submitter, accepted, skipped });
			Ok(Some(T::WeightInfo::submit_readings(started, added, skipped)).into())
		}

		/// Anchors the Merkle root of a batch of signed readings a gateway collected. The
		/// gateway signs the claim, so anyone (its operator, an off-chain worker) may submit
		/// it; the submitter holds the deposit.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::anchor_readings())]
		pub fn anchor_readings(
			origin: OriginFor<T>,
			claim: AnchorClaim,
			signature: MultiSignature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::check_anchor(&claim, &signature)?;
			let AnchorClaim { gateway, root, count, from, until } = claim;
			let id = NextAnchorId::<T>::get();
			let next = id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			let deposit = T::AnchorDeposit::get();
			T::Currency::hold(&HoldReason::AnchorDeposit.into(), &who, deposit)?;
			Anchors::<T>::insert(
				id,
				Anchor {
					gateway,
					depositor: who,
					deposit,
					root,
					count,
					from,
					until,
					anchored_at: frame_system::Pallet::<T>::block_number(),
				},
			);
			NextAnchorId::<T>::put(next);
			AnchoredUntil::<T>::insert(gateway, until);
			Self::deposit_event(Event::Anchored { id, gateway, root, count, from, until });
			Ok(())
		}

		/// Removes an anchor older than `AnchorRetention` blocks, returning its deposit.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::remove_anchor())]
		pub fn remove_anchor(origin: OriginFor<T>, id: AnchorId) -> DispatchResult {
			ensure_signed(origin)?;
			let anchor = Anchors::<T>::get(id).ok_or(Error::<T>::UnknownAnchor)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				now >= anchor.anchored_at.saturating_add(T::AnchorRetention::get()),
				Error::<T>::AnchorRetained
			);
			T::Currency::release(
				&HoldReason::AnchorDeposit.into(),
				&anchor.depositor,
				anchor.deposit,
				Precision::BestEffort,
			)?;
			Anchors::<T>::remove(id);
			Self::deposit_event(Event::AnchorRemoved { id });
			Ok(())
		}

		/// Removes a closed feed's mark once it is older than `MaxReadingAge` (no reading it
		/// guards against can be accepted any more), returning its deposit to its depositor.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::forget_mark())]
		pub fn forget_mark(
			origin: OriginFor<T>,
			device: PublicKey,
			metric: MetricId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let mark = ClosedFeedMarks::<T>::get(device, metric).ok_or(Error::<T>::NoMark)?;
			ensure!(
				Self::is_expired(mark.last_timestamp, Self::now_ms()),
				Error::<T>::MarkStillNeeded
			);
			Self::remove_mark(&device, metric, &mark)
		}
	}
}

impl<T> Error<T> {
	/// Whether a reading failing with this error is skipped rather than failing its whole
	/// batch: others (the device owner, another relay, time) can cause it after the reading
	/// was signed and relayed.
	pub fn skips_reading(&self) -> bool {
		matches!(
			self,
			Error::DeviceNotActive | Error::NoFeed | Error::NotNewer | Error::StaleReading
		)
	}
}

impl<T: Config> Pallet<T> {
	/// The message a device signs for `reading`.
	pub fn reading_message(device: &PublicKey, reading: &Reading) -> Vec<u8> {
		(READING_CONTEXT, Self::genesis_hash(), device, reading).encode()
	}

	/// The message a gateway signs for an anchor claim.
	pub fn anchor_message(claim: &AnchorClaim) -> Vec<u8> {
		(ANCHOR_CONTEXT, Self::genesis_hash(), claim).encode()
	}

	/// Checks an anchor claim as `anchor_readings` would, without storing it.
	pub fn check_anchor(claim: &AnchorClaim, signature: &MultiSignature) -> Result<(), Error<T>> {
		let info = T::Devices::active_device(&claim.gateway).ok_or(Error::<T>::DeviceNotActive)?;
		ensure!(info.kind == DeviceKind::Gateway, Error::<T>::NotAGateway);
		ensure!(
			claim.gateway.verify(&Self::anchor_message(claim), signature),
			Error::<T>::BadSignature
		);
		ensure!(claim.count > 0, Error::<T>::EmptyAnchor);
		let latest_allowed = Self::now_ms().saturating_add(T::MaxClockDrift::get());
		ensure!(
			claim.from <= claim.until && claim.until <= latest_allowed,
			Error::<T>::InvalidTimeRange
		);
		if let Some(end) = AnchoredUntil::<T>::get(claim.gateway) {
			ensure!(claim.from > end, Error::<T>::OverlapsLastAnchor);
		}
		Ok(())
	}

	/// Whether `signed` carries its device's signature of its reading.
	pub fn signature_is_valid(signed: &SignedReading) -> bool {
		let message = Self::reading_message(&signed.device, &signed.reading);
		signed.device.verify(&message, &signed.signature)
	}

	/// Checks a reading as `submit_readings` would, without storing it: the off-chain worker
	/// relays only readings the call would accept.
	pub fn check_reading(signed: &SignedReading) -> Result<(), Error<T>> {
		let metrics = &mut MetricCache::default();
		Self::check_against_state(signed, Self::now_ms(), &Self::genesis_hash(), metrics)
			.map(|_| ())
	}

	/// What `submit_readings` of `count` readings is charged before it runs: each at the dearer
	/// of starting an interval and adding to one.
	pub fn readings_weight(count: u32) -> Weight {
		T::WeightInfo::submit_readings(count, 0, 0).max(T::WeightInfo::submit_readings(0, count, 0))
	}

	/// Proves `reading` against anchor `id`: `proof` leads from its leaf (leaf `leaf_index`
	/// of the anchor's `count`) to the root, the device signed it and it lies in the anchor's
	/// time range.
	pub fn verify_anchored_reading(
		id: AnchorId,
		reading: &SignedReading,
		proof: Vec<H256>,
		leaf_index: u32,
	) -> Result<(), ProofError> {
		let anchor = Anchors::<T>::get(id).ok_or(ProofError::UnknownAnchor)?;
		let leaf = reading.encode();
		if !polis_primitives::proves_leaf(&anchor.root, proof, anchor.count, leaf_index, &leaf) {
			return Err(ProofError::NotInBatch);
		}
		if !Self::signature_is_valid(reading) {
			return Err(ProofError::BadSignature);
		}
		let timestamp = reading.reading.timestamp;
		if timestamp < anchor.from || timestamp > anchor.until {
			return Err(ProofError::OutsideTimeRange);
		}
		Ok(())
	}

	/// Stores `summary` as `device`'s interval of `metric`, for benchmarks of the pallets that
	/// read intervals.
	#[cfg(feature = "runtime-benchmarks")]
	pub fn store_interval_for_benchmark(
		device: &PublicKey,
		metric: MetricId,
		interval: IntervalIndex,
		summary: IntervalSummary,
	) {
		let stored = StoredInterval { interval, summary };
		Intervals::<T>::insert((device, metric, Self::slot_of(interval)), stored);
	}

	/// The slot of a feed's ring that holds `interval`.
	fn slot_of(interval: IntervalIndex) -> u32 {
		interval % T::MaxIntervalsPerFeed::get().max(1)
	}

	/// The interval a timestamp falls in.
	pub fn interval_of(timestamp: u64) -> Result<IntervalIndex, ArithmeticError> {
		let length = T::IntervalLength::get();
		let index = timestamp.checked_div(length).ok_or(ArithmeticError::DivisionByZero)?;
		index.try_into().map_err(|_| ArithmeticError::Overflow)
	}

	fn now_ms() -> u64 {
		polis_primitives::unix_millis::<T::Time>()
	}

	fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// Whether a reading taken at `timestamp` is too old to be accepted at `now`.
	fn is_expired(timestamp: u64, now: u64) -> bool {
		timestamp.saturating_add(T::MaxReadingAge::get()) < now
	}

	/// Releases a closed feed's mark deposit and removes the mark.
	fn remove_mark(
		device: &PublicKey,
		metric: MetricId,
		mark: &ClosedFeedMark<T>,
	) -> DispatchResult {
		T::Currency::release(
			&HoldReason::FeedDeposit.into(),
			&mark.depositor,
			mark.deposit,
			Precision::BestEffort,
		)?;
		ClosedFeedMarks::<T>::remove(device, metric);
		Self::deposit_event(Event::MarkRemoved { device: *device, metric });
		Ok(())
	}

	/// Every check of a reading; returns its feed and the alert its value raises, for storing
	/// it. The checks whose errors skip a reading (see [`Error::skips_reading`]) come first, so
	/// that a skipped reading costs no signature verification.
	fn check_against_state(
		signed: &SignedReading,
		now: u64,
		genesis: &T::Hash,
		metrics: &mut MetricCache<T>,
	) -> Result<(Feed<T>, Option<AlertBound>), Error<T>> {
		let SignedReading { device, reading, signature } = signed;
		let feed = Feeds::<T>::get(device, reading.metric).ok_or(Error::<T>::NoFeed)?;
		ensure!(!feed.device_revoked, Error::<T>::DeviceNotActive);
		ensure!(reading.timestamp > feed.last_timestamp, Error::<T>::NotNewer);
		ensure!(!Self::is_expired(reading.timestamp, now), Error::<T>::StaleReading);
		let message = (READING_CONTEXT, genesis, device, reading).encode();
		ensure!(device.verify(&message, signature), Error::<T>::BadSignature);
		let metric = metrics.get(reading.metric).ok_or(Error::<T>::UnknownMetric)?;
		ensure!(
			metric.min <= reading.value && reading.value <= metric.max,
			Error::<T>::ValueOutOfRange
		);
		ensure!(
			reading.timestamp <= now.saturating_add(T::MaxClockDrift::get()),
			Error::<T>::FutureReading
		);
		Ok((feed, metric.alert_for(reading.value)))
	}

	/// Stores a checked reading in its feed and interval, raising or clearing its alert.
	fn store_reading(
		signed: &SignedReading,
		mut feed: Feed<T>,
		alert: Option<AlertBound>,
	) -> Result<Stored, DispatchError> {
		let SignedReading { device, reading, .. } = signed;
		let interval = Self::interval_of(reading.timestamp)?;
		let key = (*device, reading.metric, Self::slot_of(interval));
		let (summary, stored) = match feed.latest {
			Some(latest) if latest.interval == interval => (
				latest.summary.add(reading.value).ok_or(ArithmeticError::Overflow)?,
				Stored::AddedToInterval,
			),
			_ => (IntervalSummary::of(reading.value), Stored::StartedInterval),
		};
		let latest = StoredInterval { interval, summary };
		Intervals::<T>::insert(key, latest);
		feed.latest = Some(latest);

		if alert != feed.alert {
			let (device, metric, value) = (*device, reading.metric, reading.value);
			Self::deposit_event(match alert {
				Some(bound) => Event::AlertRaised { device, metric, value, bound },
				None => Event::AlertCleared { device, metric, value },
			});
		}
		feed.alert = alert;
		feed.last_timestamp = reading.timestamp;
		feed.readings = feed.readings.saturating_add(1);
		T::OnReading::on_reading(
			device,
			&feed.owner,
			reading.metric,
			reading.value,
			reading.timestamp,
		);
		Feeds::<T>::insert(device, reading.metric, feed);
		Ok(stored)
	}

	/// Checks the pallet's invariants: the storage is of the code's version (no migration is
	/// pending); a feed not marked revoked has its device active under
	/// the feed's owner; no device has more than `MaxFeedsPerDevice` feeds; each stored
	/// interval sits in its slot, no later than its feed's latest interval, which is its last
	/// reading's and stored; no interval is stored outside a feed; metric feed counts match the
	/// feeds; a closed-feed mark exists only for a closed feed that had readings; deposits held
	/// match the feeds, marks and anchors; anchors have ordered time ranges within their
	/// gateway's anchored range.
	#[cfg(any(test, feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		use frame_support::traits::GetStorageVersion;

		ensure!(
			Self::on_chain_storage_version() == Self::in_code_storage_version(),
			"the storage is of another version than the code's: a migration is pending"
		);
		let mut feeds_per_metric = BTreeMap::<MetricId, u32>::new();
		let mut feeds_per_device = BTreeMap::<PublicKey, u32>::new();
		let mut feed_deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (device, metric, feed) in Feeds::<T>::iter() {
			ensure!(Metrics::<T>::contains_key(metric), "a feed's metric is not registered");
			*feeds_per_metric.entry(metric).or_default() += 1;
			*feeds_per_device.entry(device).or_default() += 1;
			let held = feed_deposits.entry(feed.owner.clone()).or_default();
			*held = held.saturating_add(feed.deposit);
			ensure!(
				feed.device_revoked
					|| T::Devices::active_device(&device)
						.is_some_and(|info| info.owner == feed.owner),
				"a feed whose device was revoked is not marked so"
			);
			for (slot, stored) in Intervals::<T>::iter_prefix((device, metric)) {
				ensure!(slot == Self::slot_of(stored.interval), "an interval is in another's slot");
				ensure!(
					feed.latest.is_some_and(|latest| stored.interval <= latest.interval),
					"an interval is later than its feed's latest"
				);
			}
			if let Some(latest) = feed.latest {
				ensure!(
					Self::interval_of(feed.last_timestamp) == Ok(latest.interval),
					"a feed's latest interval is not its last reading's"
				);
				ensure!(
					Intervals::<T>::get((device, metric, Self::slot_of(latest.interval)))
						== Some(latest),
					"a feed's latest interval is not stored as the feed has it"
				);
			}
		}
		ensure!(
			feeds_per_device.values().all(|feeds| *feeds <= T::MaxFeedsPerDevice::get()),
			"a device has more feeds than allowed"
		);
		for (device, metric, mark) in ClosedFeedMarks::<T>::iter() {
			ensure!(!Feeds::<T>::contains_key(device, metric), "a mark is kept for an open feed");
			ensure!(mark.last_timestamp > 0, "a mark is kept for a feed without readings");
			let held = feed_deposits.entry(mark.depositor.clone()).or_default();
			*held = held.saturating_add(mark.deposit);
		}
		for (metric, entry) in Metrics::<T>::iter() {
			ensure!(
				entry.feeds == feeds_per_metric.get(&metric).copied().unwrap_or(0),
				"a metric's feed count does not match its feeds"
			);
		}
		ensure!(
			Intervals::<T>::iter_keys()
				.all(|(device, metric, _)| Feeds::<T>::contains_key(device, metric)),
			"an interval is stored for a closed feed"
		);

		let mut anchor_deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		let next_id = NextAnchorId::<T>::get();
		for (id, anchor) in Anchors::<T>::iter() {
			ensure!(id < next_id, "an anchor id is not below the next id");
			ensure!(anchor.from <= anchor.until && anchor.count > 0, "an anchor is malformed");
			ensure!(
				AnchoredUntil::<T>::get(anchor.gateway).is_some_and(|end| end >= anchor.until),
				"an anchor ends after its gateway's anchored range"
			);
			let held = anchor_deposits.entry(anchor.depositor.clone()).or_default();
			*held = held.saturating_add(anchor.deposit);
		}

		for (reason, expected) in
			[(HoldReason::FeedDeposit, feed_deposits), (HoldReason::AnchorDeposit, anchor_deposits)]
		{
			for (account, amount) in &expected {
				ensure!(
					T::Currency::balance_on_hold(&reason.into(), account) == *amount,
					"deposits held do not match the records"
				);
			}
		}
		Ok(())
	}
}

impl<T: Config> MeterReadings for Pallet<T> {
	fn interval_length_ms() -> u64 {
		T::IntervalLength::get()
	}

	fn interval(
		device: &PublicKey,
		metric: MetricId,
		interval: IntervalIndex,
	) -> Option<IntervalSummary> {
		Intervals::<T>::get((device, metric, Self::slot_of(interval)))
			.filter(|stored| stored.interval == interval)
			.map(|stored| stored.summary)
	}
}

impl<T: Config> OnDeviceRevoked for Pallet<T> {
	fn weight() -> Weight {
		T::WeightInfo::device_revoked()
	}

	/// Marks the device's feeds (at most `MaxFeedsPerDevice`), which then take no more readings.
	fn device_revoked(device: &PublicKey) {
		let feeds: Vec<_> =
			Feeds::<T>::iter_prefix(device).take(T::MaxFeedsPerDevice::get() as usize).collect();
		for (metric, mut feed) in feeds {
			feed.device_revoked = true;
			Feeds::<T>::insert(device, metric, feed);
			Self::deposit_event(Event::FeedDeviceRevoked { device: *device, metric });
		}
	}
}

/// What storing a reading did, which decides its weight.
enum Stored {
	/// It was the first reading of its interval in its feed.
	StartedInterval,
	/// It added to its feed's summary of its interval.
	AddedToInterval,
}

/// The metrics a call looked up, so each is read and decoded once however many readings use
/// it.
struct MetricCache<T: Config>(Vec<(MetricId, MetricSpec<T>)>);

impl<T: Config> Default for MetricCache<T> {
	fn default() -> Self {
		Self(Vec::new())
	}
}

impl<T: Config> MetricCache<T> {
	fn get(&mut self, metric: MetricId) -> Option<&MetricSpec<T>> {
		let index = match self.0.iter().position(|(id, _)| *id == metric) {
			Some(index) => index,
			None => {
				self.0.push((metric, Metrics::<T>::get(metric)?.spec));
				self.0.len() - 1
			},
		};
		self.0.get(index).map(|(_, spec)| spec)
	}
}

sp_api::decl_runtime_apis! {
	/// Reads of the sensor oracle for clients.
	pub trait SensorOracleApi {
		/// Proves a reading against an anchored batch (see `Pallet::verify_anchored_reading`).
		fn verify_anchored_reading(
			anchor: AnchorId,
			reading: SignedReading,
			proof: Vec<H256>,
			leaf_index: u32,
		) -> Result<(), ProofError>;

		/// The message a device signs for a reading on this chain.
		fn reading_message(device: PublicKey, reading: Reading) -> Vec<u8>;
	}
}
