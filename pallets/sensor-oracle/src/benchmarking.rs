//! Benchmarks of the sensor oracle, each at its worst case: ecdsa device keys (the costliest
//! scheme to verify), every reading from its own device, each raising an alert, a reading that
//! starts an interval overwriting an older one in its ring slot; a skipped reading passes every
//! check but the last of those that skip; a closed feed keeps its mark and a reopened one
//! removes it; a device has the most feeds; a migrated feed has a latest interval.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::{
	migrations::SteppedMigration,
	pallet_prelude::*,
	traits::{fungible::Mutate, GetStorageVersion},
	weights::WeightMeter,
};
use frame_system::RawOrigin;
use sp_core::crypto::KeyTypeId;
use sp_runtime::{MultiSignature, Saturating};

const KEY_TYPE: KeyTypeId = KeyTypeId(*b"bsen");
const METRIC: MetricId = 1;

fn device_key(seed: u32) -> sp_core::ecdsa::Public {
	sp_io::crypto::ecdsa_generate(KEY_TYPE, Some(alloc::format!("//device{seed}").into_bytes()))
}

/// `message` signed with device `seed`'s key.
fn sign(seed: u32, message: &[u8]) -> MultiSignature {
	sp_io::crypto::ecdsa_sign(KEY_TYPE, &device_key(seed), message)
		.expect("the benchmark keystore holds the device key")
		.into()
}

fn fund<T: Config>(who: &T::AccountId) {
	let plenty = T::Currency::minimum_balance().saturating_mul(1_000_000u32.into());
	T::Currency::set_balance(who, plenty);
}

/// The whitelisted caller, funded.
fn funded<T: Config>() -> T::AccountId {
	let who = whitelisted_caller();
	fund::<T>(&who);
	who
}

/// Registers an ecdsa device of `kind`; returns its key and its funded owner.
fn device<T: Config>(seed: u32, kind: DeviceKind) -> (PublicKey, T::AccountId) {
	let key = PublicKey::Ecdsa(device_key(seed));
	let owner = T::Devices::register_for_benchmark(key, kind);
	fund::<T>(&owner);
	(key, owner)
}

fn signed<T: Config>(who: &T::AccountId) -> RawOrigin<T::AccountId> {
	RawOrigin::Signed(who.clone())
}

/// A metric with the longest name, whose every positive value raises an alert.
fn metric_spec<T: Config>() -> MetricSpec<T> {
	MetricSpec {
		name: BoundedVec::truncate_from(alloc::vec![b'm'; T::MaxMetricName::get() as usize]),
		min: i64::MIN,
		max: i64::MAX,
		alert_below: None,
		alert_above: Some(0),
	}
}

fn register_metric<T: Config>() {
	Metrics::<T>::insert(METRIC, Metric { spec: metric_spec::<T>(), feeds: 0 });
}

/// Opens `count` feeds of `key`, of metrics other than `METRIC`.
fn other_feeds<T: Config>(key: PublicKey, owner: &T::AccountId, count: u32) {
	for metric in (METRIC + 1..).take(count as usize) {
		Metrics::<T>::insert(metric, Metric { spec: metric_spec::<T>(), feeds: 0 });
		assert!(Pallet::<T>::open_feed(signed::<T>(owner).into(), key, metric).is_ok());
	}
}

/// The clock at the start of an interval far from the epoch.
fn start_clock<T: Config>() -> u64 {
	let now = T::IntervalLength::get().saturating_mul(1_000_000);
	T::BenchmarkHelper::set_time(now);
	now
}

/// Keeps a closed feed's mark for `device`, its deposit held from `owner`.
fn closed_feed_mark<T: Config>(key: PublicKey, owner: &T::AccountId, last_timestamp: u64) {
	let deposit = T::MarkDeposit::get();
	assert!(T::Currency::hold(&HoldReason::FeedDeposit.into(), owner, deposit).is_ok());
	ClosedFeedMarks::<T>::insert(
		key,
		METRIC,
		ClosedFeedMark { last_timestamp, depositor: owner.clone(), deposit },
	);
}

/// Opens `device`'s feed and fills its ring with `count` intervals up to the one of its last
/// reading, taken at `last_timestamp`.
fn filled_feed<T: Config>(key: PublicKey, owner: &T::AccountId, count: u32, last_timestamp: u64) {
	let latest = interval_at::<T>(last_timestamp);
	assert!(Pallet::<T>::open_feed(signed::<T>(owner).into(), key, METRIC).is_ok());
	for interval in latest + 1 - count..=latest {
		let stored = StoredInterval { interval, summary: IntervalSummary::of(0) };
		Intervals::<T>::insert((key, METRIC, Pallet::<T>::slot_of(interval)), stored);
	}
	Feeds::<T>::mutate(key, METRIC, |feed| {
		if let Some(feed) = feed {
			feed.last_timestamp = last_timestamp;
			feed.latest = (count > 0)
				.then_some(StoredInterval { interval: latest, summary: IntervalSummary::of(0) });
		}
	});
}

/// The interval of `now`.
fn interval_at<T: Config>(now: u64) -> IntervalIndex {
	Pallet::<T>::interval_of(now).expect("the clock fits an interval index")
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_metric() -> Result<(), BenchmarkError> {
		register_metric::<T>();
		let origin =
			T::MetricOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, METRIC, metric_spec::<T>());

		assert!(Metrics::<T>::contains_key(METRIC));
		Ok(())
	}

	#[benchmark]
	fn remove_metric() -> Result<(), BenchmarkError> {
		register_metric::<T>();
		let origin =
			T::MetricOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, METRIC);

		assert!(!Metrics::<T>::contains_key(METRIC));
		Ok(())
	}

	#[benchmark]
	fn open_feed() {
		register_metric::<T>();
		let now = start_clock::<T>();
		let (key, owner) = device::<T>(0, DeviceKind::ElectricityMeter);
		other_feeds::<T>(key, &owner, T::MaxFeedsPerDevice::get() - 1);
		closed_feed_mark::<T>(key, &owner, now);
		#[extrinsic_call]
		_(signed::<T>(&owner), key, METRIC);

		assert_eq!(Feeds::<T>::get(key, METRIC).map(|feed| feed.last_timestamp), Some(now));
		assert!(!ClosedFeedMarks::<T>::contains_key(key, METRIC));
	}

	#[benchmark]
	fn close_feed(i: Linear<0, { T::MaxIntervalsPerFeed::get() }>) {
		register_metric::<T>();
		let now = start_clock::<T>();
		let (key, owner) = device::<T>(0, DeviceKind::ElectricityMeter);
		filled_feed::<T>(key, &owner, i, now);
		#[extrinsic_call]
		_(signed::<T>(&owner), key, METRIC);

		assert!(!Feeds::<T>::contains_key(key, METRIC));
		assert!(ClosedFeedMarks::<T>::contains_key(key, METRIC));
	}

	/// `r` readings that start an interval (overwriting the one a ring length before), `a`
	/// that add to one and `s` skipped as stale: each a third of a full call. The feeds of
	/// a full call are set up whatever the components, so that the state read does not grow
	/// with them and the fit's fixed cost is the call's own.
	#[benchmark]
	fn submit_readings(
		r: Linear<0, { T::MaxReadingsPerCall::get() / 3 }>,
		a: Linear<0, { T::MaxReadingsPerCall::get() / 3 }>,
		s: Linear<0, { T::MaxReadingsPerCall::get() / 3 }>,
	) {
		register_metric::<T>();
		let now = start_clock::<T>();
		let reading_interval = interval_at::<T>(now + 1);
		let overwritten = StoredInterval {
			interval: reading_interval - T::MaxIntervalsPerFeed::get(),
			summary: IntervalSummary::of(0),
		};
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let mut readings = Vec::new();
		for seed in 0..T::MaxReadingsPerCall::get() / 3 * 3 {
			let (key, owner) = device::<T>(seed, DeviceKind::ElectricityMeter);
			let adds = (r..r + a).contains(&seed);
			let skipped = (r + a..r + a + s).contains(&seed);
			let stale = now - T::MaxReadingAge::get() - 1;
			let last_timestamp = if adds {
				now
			} else if skipped {
				stale - 1
			} else {
				now - 1
			};
			filled_feed::<T>(key, &owner, 1, last_timestamp);
			if !adds {
				let slot = Pallet::<T>::slot_of(reading_interval);
				Intervals::<T>::insert((key, METRIC, slot), overwritten);
			}
			if seed < r + a + s {
				let timestamp = if skipped { stale } else { now + 1 };
				let reading = Reading { metric: METRIC, value: 1, timestamp };
				let signature = sign(seed, &(READING_CONTEXT, genesis, key, reading).encode());
				readings.push(SignedReading { device: key, reading, signature });
			}
		}
		let readings: BoundedVec<_, T::MaxReadingsPerCall> = BoundedVec::truncate_from(readings);
		let submitter: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(signed::<T>(&submitter), readings);

		let accepted = Feeds::<T>::iter().filter(|(_, _, feed)| feed.readings == 1).count();
		assert_eq!(accepted as u32, r + a);
	}

	/// A device with the most feeds is revoked.
	#[benchmark]
	fn device_revoked() {
		register_metric::<T>();
		let (key, owner) = device::<T>(0, DeviceKind::ElectricityMeter);
		other_feeds::<T>(key, &owner, T::MaxFeedsPerDevice::get());
		#[block]
		{
			<Pallet<T> as OnDeviceRevoked>::device_revoked(&key);
		}

		assert!(Feeds::<T>::iter_prefix(key).all(|(_, feed)| feed.device_revoked));
	}

	#[benchmark]
	fn anchor_readings() {
		let now = start_clock::<T>();
		let (gateway, _) = device::<T>(0, DeviceKind::Gateway);
		AnchoredUntil::<T>::insert(gateway, now - 2);
		let claim = AnchorClaim {
			gateway,
			root: H256::repeat_byte(1),
			count: u32::MAX,
			from: now - 1,
			until: now,
		};
		let signature = sign(0, &Pallet::<T>::anchor_message(&claim));
		let submitter = funded::<T>();
		#[extrinsic_call]
		_(signed::<T>(&submitter), claim, signature);

		assert_eq!(AnchoredUntil::<T>::get(gateway), Some(now));
	}

	#[benchmark]
	fn remove_anchor() {
		let now = start_clock::<T>();
		let (gateway, _) = device::<T>(0, DeviceKind::Gateway);
		let claim =
			AnchorClaim { gateway, root: H256::repeat_byte(1), count: 1, from: now, until: now };
		let signature = sign(0, &Pallet::<T>::anchor_message(&claim));
		let submitter = funded::<T>();
		assert!(
			Pallet::<T>::anchor_readings(signed::<T>(&submitter).into(), claim, signature).is_ok()
		);
		let id = NextAnchorId::<T>::get() - 1;
		frame_system::Pallet::<T>::set_block_number(
			frame_system::Pallet::<T>::block_number().saturating_add(T::AnchorRetention::get()),
		);
		#[extrinsic_call]
		_(signed::<T>(&submitter), id);

		assert!(!Anchors::<T>::contains_key(id));
	}

	#[benchmark]
	fn forget_mark() {
		let now = start_clock::<T>();
		let (key, owner) = device::<T>(0, DeviceKind::ElectricityMeter);
		closed_feed_mark::<T>(key, &owner, now.saturating_sub(T::MaxReadingAge::get()) - 1);
		let caller = funded::<T>();
		#[extrinsic_call]
		_(signed::<T>(&caller), key, METRIC);

		assert!(!ClosedFeedMarks::<T>::contains_key(key, METRIC));
	}

	/// One step of the version 0 → 1 migration that migrates the last feed: the feed and its
	/// latest interval's ring slot read, the feed written, the iteration ended and version 1
	/// put.
	#[benchmark]
	fn migrate_feed() {
		let now = start_clock::<T>();
		let (key, owner) = device::<T>(0, DeviceKind::ElectricityMeter);
		register_metric::<T>();
		filled_feed::<T>(key, &owner, 1, now);
		let feed = Feeds::<T>::get(key, METRIC).expect("the feed is open");
		migrations::v1::v0::Feeds::<T>::insert(key, METRIC, migrations::v1::v0::feed_of(&feed));
		StorageVersion::new(0).put::<Pallet<T>>();
		let mut meter = WeightMeter::new();
		#[block]
		{
			let done = migrations::v1::FeedLatestInterval::<T>::step(None, &mut meter);
			assert_eq!(done, Ok(None));
		}

		assert_eq!(Feeds::<T>::get(key, METRIC), Some(feed));
		assert_eq!(Pallet::<T>::on_chain_storage_version(), StorageVersion::new(1));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
