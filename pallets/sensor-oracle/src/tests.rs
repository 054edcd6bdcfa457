use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	storage::unhashed,
	traits::{fungible::InspectHold, StorageVersion},
	BoundedVec,
};
use polis_primitives::DeviceKind;
use sp_runtime::{traits::BadOrigin, MultiSignature, TokenError};

fn batch(readings: Vec<SignedReading>) -> BoundedVec<SignedReading, ConstU32<MAX_READINGS>> {
	readings.try_into().unwrap()
}

fn submit(readings: Vec<SignedReading>) -> DispatchResultWithPostInfo {
	SensorOracle::submit_readings(RuntimeOrigin::signed(SUBMITTER), batch(readings))
}

/// Submits `readings`, which must succeed, and returns the weight it was charged.
fn submit_weight(readings: Vec<SignedReading>) -> Weight {
	submit(readings).expect("the call succeeds").actual_weight.expect("a refund")
}

/// Submits `readings`, which must succeed, and returns how many were accepted and skipped,
/// checking that the call is charged for exactly those (some starting an interval, the others
/// adding to one).
fn submit_counting(readings: Vec<SignedReading>) -> (u32, u32) {
	let charged = submit_weight(readings);
	let counts = events()
		.into_iter()
		.rev()
		.find_map(|event| match event {
			Event::ReadingsAccepted { accepted, skipped, .. } => Some((accepted, skipped)),
			_ => None,
		})
		.expect("ReadingsAccepted");
	let (accepted, skipped) = counts;
	assert!((0..=accepted).any(|started| {
		charged == <() as WeightInfo>::submit_readings(started, accepted - started, skipped)
	}));
	counts
}

fn close(who: AccountId, device: &Device, metric: MetricId) -> DispatchResult {
	SensorOracle::close_feed(RuntimeOrigin::signed(who), device.key(), metric)
		.map(|_| ())
		.map_err(|error| error.error)
}

fn open(who: AccountId, device: &Device, metric: MetricId) -> DispatchResult {
	SensorOracle::open_feed(RuntimeOrigin::signed(who), device.key(), metric)
}

fn spec(min: i64, max: i64, below: Option<i64>, above: Option<i64>) -> MetricSpec<Test> {
	MetricSpec {
		name: b"water-l".to_vec().try_into().unwrap(),
		min,
		max,
		alert_below: below,
		alert_above: above,
	}
}

fn interval(device: &Device, metric: MetricId, at: u64) -> Option<IntervalSummary> {
	SensorOracle::interval(&device.key(), metric, (at / INTERVAL) as u32)
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::SensorOracle(event) => Some(event),
			_ => None,
		})
		.collect()
}

fn feed_deposit_of(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::FeedDeposit.into(), &who)
}

fn anchor_deposit_of(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::AnchorDeposit.into(), &who)
}

use frame_support::{dispatch::DispatchResultWithPostInfo, traits::ConstU32};
use sp_runtime::DispatchResult;

mod metrics {
	use super::*;

	#[test]
	fn governance_registers_a_metric() {
		run(|| {
			assert_ok!(SensorOracle::set_metric(
				RuntimeOrigin::root(),
				9,
				spec(0, 100, Some(1), Some(90))
			));
			let metric = Metrics::<Test>::get(9).unwrap();
			assert_eq!(metric.spec, spec(0, 100, Some(1), Some(90)));
			assert_eq!(metric.feeds, 0);
			assert_eq!(events(), vec![Event::MetricSet { metric: 9 }]);
		});
	}

	#[test]
	fn redefining_a_metric_keeps_its_feeds() {
		run(|| {
			assert_ok!(SensorOracle::set_metric(
				RuntimeOrigin::root(),
				PM25,
				spec(0, 500, None, Some(80))
			));
			let metric = Metrics::<Test>::get(PM25).unwrap();
			assert_eq!(metric.spec.alert_above, Some(80));
			assert_eq!(metric.feeds, 1);
		});
	}

	#[test]
	fn only_governance_sets_metrics() {
		run(|| {
			assert_noop!(
				SensorOracle::set_metric(RuntimeOrigin::signed(OWNER), 9, spec(0, 1, None, None)),
				BadOrigin
			);
		});
	}

	#[test]
	fn bounds_must_be_ordered() {
		run(|| {
			for inconsistent in [
				spec(10, 0, None, None),
				spec(0, 10, Some(-1), None),
				spec(0, 10, None, Some(11)),
				spec(0, 10, Some(6), Some(5)),
			] {
				assert_noop!(
					SensorOracle::set_metric(RuntimeOrigin::root(), 9, inconsistent),
					Error::<Test>::InconsistentMetric
				);
			}
		});
	}

	#[test]
	fn an_unused_metric_can_be_removed() {
		run(|| {
			assert_ok!(SensorOracle::remove_metric(RuntimeOrigin::root(), NOISE));
			assert!(!Metrics::<Test>::contains_key(NOISE));
			assert_eq!(events(), vec![Event::MetricRemoved { metric: NOISE }]);
		});
	}

	#[test]
	fn a_metric_in_use_cannot_be_removed() {
		run(|| {
			assert_noop!(
				SensorOracle::remove_metric(RuntimeOrigin::root(), ENERGY),
				Error::<Test>::MetricInUse
			);
		});
	}

	#[test]
	fn removing_needs_governance_and_a_known_metric() {
		run(|| {
			assert_noop!(
				SensorOracle::remove_metric(RuntimeOrigin::signed(OWNER), NOISE),
				BadOrigin
			);
			assert_noop!(
				SensorOracle::remove_metric(RuntimeOrigin::root(), 99),
				Error::<Test>::UnknownMetric
			);
		});
	}
}

mod feeds {
	use super::*;

	#[test]
	fn the_device_owner_opens_a_feed_with_a_deposit() {
		run(|| {
			assert_ok!(SensorOracle::open_feed(RuntimeOrigin::signed(OWNER), meter().key(), NOISE));
			let feed = Feeds::<Test>::get(meter().key(), NOISE).unwrap();
			assert_eq!(
				(feed.owner, feed.deposit, feed.last_timestamp, feed.readings),
				(OWNER, FEED_DEPOSIT, 0, 0)
			);
			assert_eq!(feed_deposit_of(OWNER), 4 * FEED_DEPOSIT);
			assert_eq!(Metrics::<Test>::get(NOISE).unwrap().feeds, 1);
			assert_eq!(
				events(),
				vec![Event::FeedOpened { device: meter().key(), metric: NOISE, owner: OWNER }]
			);
		});
	}

	#[test]
	fn opening_needs_a_signed_owner_of_an_active_device() {
		run(|| {
			assert_noop!(
				SensorOracle::open_feed(RuntimeOrigin::none(), meter().key(), NOISE),
				BadOrigin
			);
			assert_noop!(
				SensorOracle::open_feed(RuntimeOrigin::signed(OTHER), meter().key(), NOISE),
				Error::<Test>::NotDeviceOwner
			);
			assert_noop!(
				SensorOracle::open_feed(
					RuntimeOrigin::signed(OWNER),
					Device::sr("//Unknown").key(),
					NOISE
				),
				Error::<Test>::DeviceNotActive
			);
			revoke_device(idle_meter().key());
			assert_noop!(
				SensorOracle::open_feed(RuntimeOrigin::signed(OWNER), idle_meter().key(), ENERGY),
				Error::<Test>::DeviceNotActive
			);
		});
	}

	#[test]
	fn a_feed_is_opened_once_for_a_known_metric() {
		run(|| {
			assert_noop!(
				SensorOracle::open_feed(RuntimeOrigin::signed(OWNER), meter().key(), ENERGY),
				Error::<Test>::FeedExists
			);
			assert_noop!(
				SensorOracle::open_feed(RuntimeOrigin::signed(OWNER), meter().key(), 99),
				Error::<Test>::UnknownMetric
			);
		});
	}

	#[test]
	fn opening_needs_funds_for_the_deposit() {
		run(|| {
			let sensor = Device::sr("//PauperSensor");
			register_device(sensor.key(), PAUPER, DeviceKind::Noise);
			assert_noop!(
				SensorOracle::open_feed(RuntimeOrigin::signed(PAUPER), sensor.key(), NOISE),
				TokenError::FundsUnavailable
			);
		});
	}

	#[test]
	fn closing_removes_the_intervals_and_returns_the_deposit() {
		run(|| {
			assert_ok!(submit(vec![
				meter().sign(ENERGY, 5, NOW - INTERVAL),
				meter().sign(ENERGY, 7, NOW)
			]));
			assert_ok!(SensorOracle::close_feed(
				RuntimeOrigin::signed(OWNER),
				meter().key(),
				ENERGY
			));
			assert!(!Feeds::<Test>::contains_key(meter().key(), ENERGY));
			assert_eq!(Intervals::<Test>::iter_prefix((meter().key(), ENERGY)).count(), 0);
			assert_eq!(interval(&meter(), ENERGY, NOW), None);
			assert_eq!(feed_deposit_of(OWNER), 2 * FEED_DEPOSIT + MARK_DEPOSIT);
			assert_eq!(Metrics::<Test>::get(ENERGY).unwrap().feeds, 0);
			assert_eq!(
				events().last(),
				Some(&Event::FeedClosed { device: meter().key(), metric: ENERGY })
			);
		});
	}

	#[test]
	fn anyone_closes_the_feed_of_a_revoked_device_for_its_owner() {
		run(|| {
			assert_noop!(
				SensorOracle::close_feed(RuntimeOrigin::signed(OTHER), meter().key(), ENERGY),
				Error::<Test>::NotFeedOwner
			);
			revoke_device(meter().key());
			assert_ok!(close(OTHER, &meter(), ENERGY));
			assert_eq!(feed_deposit_of(OWNER), 2 * FEED_DEPOSIT);
		});
	}

	#[test]
	fn revoking_a_device_marks_each_of_its_feeds() {
		run(|| {
			System::reset_events();
			revoke_device(air_sensor().key());
			for metric in [PM25, TEMPERATURE] {
				let feed = Feeds::<Test>::get(air_sensor().key(), metric).unwrap();
				assert!(feed.device_revoked);
				assert!(events()
					.contains(&Event::FeedDeviceRevoked { device: air_sensor().key(), metric }));
			}
			assert!(!Feeds::<Test>::get(meter().key(), ENERGY).unwrap().device_revoked);
		});
	}

	#[test]
	fn a_device_has_at_most_max_feeds_per_device() {
		run(|| {
			assert_ok!(open(OWNER, &air_sensor(), NOISE));
			assert_eq!(Feeds::<Test>::iter_prefix(air_sensor().key()).count(), 3);
			assert_noop!(open(OWNER, &air_sensor(), ENERGY), Error::<Test>::TooManyFeeds);
		});
	}

	#[test]
	fn a_feed_without_readings_young_enough_to_replay_keeps_no_mark() {
		run(|| {
			assert_ok!(close(OWNER, &air_sensor(), PM25));
			assert_ok!(submit(vec![meter().sign(ENERGY, 5, NOW - MAX_AGE)]));
			set_time(NOW + 1);
			assert_ok!(close(OWNER, &meter(), ENERGY));
			assert_eq!(ClosedFeedMarks::<Test>::iter().count(), 0);
			assert_eq!(feed_deposit_of(OWNER), FEED_DEPOSIT);
		});
	}

	#[test]
	fn anyone_forgets_a_mark_once_no_reading_it_guards_can_be_accepted() {
		run(|| {
			assert_ok!(submit(vec![meter().sign(ENERGY, 5, NOW)]));
			assert_ok!(close(OWNER, &meter(), ENERGY));
			let forget = |who| SensorOracle::forget_mark(who, meter().key(), ENERGY);
			assert_noop!(forget(RuntimeOrigin::none()), BadOrigin);
			assert_noop!(forget(RuntimeOrigin::signed(OTHER)), Error::<Test>::MarkStillNeeded);
			assert_noop!(
				SensorOracle::forget_mark(RuntimeOrigin::signed(OTHER), meter().key(), PM25),
				Error::<Test>::NoMark
			);
			set_time(NOW + MAX_AGE);
			assert_noop!(forget(RuntimeOrigin::signed(OTHER)), Error::<Test>::MarkStillNeeded);
			set_time(NOW + MAX_AGE + 1);
			assert_ok!(forget(RuntimeOrigin::signed(OTHER)));
			assert_eq!(
				events().last(),
				Some(&Event::MarkRemoved { device: meter().key(), metric: ENERGY })
			);
			assert_eq!(feed_deposit_of(OWNER), 2 * FEED_DEPOSIT);
		});
	}

	#[test]
	fn closing_needs_a_signed_origin_and_an_open_feed() {
		run(|| {
			assert_noop!(
				SensorOracle::close_feed(RuntimeOrigin::none(), meter().key(), ENERGY),
				BadOrigin
			);
			assert_noop!(
				SensorOracle::close_feed(RuntimeOrigin::signed(OWNER), meter().key(), PM25),
				Error::<Test>::NoFeed
			);
		});
	}
}

mod readings {
	use super::*;

	#[test]
	fn a_signed_reading_is_stored_in_its_interval() {
		run(|| {
			assert_ok!(submit(vec![meter().sign(ENERGY, 250, NOW - 1_000)]));
			assert_eq!(
				interval(&meter(), ENERGY, NOW - 1_000),
				Some(IntervalSummary { sum: 250, min: 250, max: 250, last: 250, count: 1 })
			);
			let feed = Feeds::<Test>::get(meter().key(), ENERGY).unwrap();
			assert_eq!((feed.last_timestamp, feed.readings), (NOW - 1_000, 1));
			assert_eq!(
				events(),
				vec![Event::ReadingsAccepted { submitter: SUBMITTER, accepted: 1, skipped: 0 }]
			);
			assert_eq!(readings_seen(), vec![(meter().key(), OWNER, ENERGY, 250)]);
		});
	}

	#[test]
	fn readings_of_one_interval_are_summarised() {
		run(|| {
			assert_ok!(submit(vec![
				meter().sign(ENERGY, 40, NOW + 1),
				meter().sign(ENERGY, 10, NOW + 2),
				meter().sign(ENERGY, 25, NOW + 3),
			]));
			assert_eq!(
				interval(&meter(), ENERGY, NOW),
				Some(IntervalSummary { sum: 75, min: 10, max: 40, last: 25, count: 3 })
			);
			assert_eq!(Intervals::<Test>::iter_prefix((meter().key(), ENERGY)).count(), 1);
		});
	}

	#[test]
	fn readings_of_several_devices_and_metrics_go_in_one_call() {
		run(|| {
			assert_ok!(submit(vec![
				meter().sign(ENERGY, 1, NOW),
				air_sensor().sign(PM25, 12, NOW),
				air_sensor().sign(TEMPERATURE, -30, NOW),
			]));
			assert_eq!(interval(&air_sensor(), PM25, NOW).unwrap().last, 12);
			assert_eq!(interval(&air_sensor(), TEMPERATURE, NOW).unwrap().last, -30);
			assert_eq!(readings_seen().len(), 3);
		});
	}

	/// The ring has `MAX_INTERVALS` slots: the fourth interval takes the first one's.
	#[test]
	fn a_feed_keeps_the_intervals_of_its_ring() {
		run(|| {
			let start = NOW - MAX_AGE;
			let readings =
				(0..4).map(|i| meter().sign(ENERGY, i, start + i as u64 * INTERVAL)).collect();
			assert_ok!(submit(readings));
			assert_eq!(Intervals::<Test>::iter_prefix((meter().key(), ENERGY)).count(), 3);
			assert_eq!(interval(&meter(), ENERGY, start), None);
			for i in 1..4 {
				let summary = interval(&meter(), ENERGY, start + i * INTERVAL).unwrap();
				assert_eq!(summary.sum, i as i128);
			}
		});
	}

	/// A later interval takes the slot of the one `MAX_INTERVALS` before it, whether or not
	/// the feed reported in between.
	#[test]
	fn an_interval_takes_the_slot_of_the_one_a_ring_length_before() {
		run(|| {
			let start = NOW - MAX_AGE;
			let later = start + MAX_INTERVALS as u64 * INTERVAL;
			assert_ok!(submit(vec![
				meter().sign(ENERGY, 1, start),
				meter().sign(ENERGY, 2, later)
			]));
			assert_eq!(interval(&meter(), ENERGY, start), None);
			assert_eq!(interval(&meter(), ENERGY, start + INTERVAL), None);
			assert_eq!(interval(&meter(), ENERGY, later).unwrap().sum, 2);
			assert_eq!(Intervals::<Test>::iter_prefix((meter().key(), ENERGY)).count(), 1);
		});
	}

	/// A reading that starts an interval and one that adds to the feed's latest are each
	/// charged as their kind was benchmarked; neither reads the ring (the feed holds the
	/// latest summary), so both read one item and write two.
	#[test]
	fn a_reading_is_charged_as_the_kind_it_stored() {
		run(|| {
			let started = submit_weight(vec![meter().sign(ENERGY, 1, NOW)]);
			let added = submit_weight(vec![meter().sign(ENERGY, 1, NOW + 1)]);
			assert_eq!(started, <() as WeightInfo>::submit_readings(1, 0, 0));
			assert_eq!(added, <() as WeightInfo>::submit_readings(0, 1, 0));
			assert_eq!(interval(&meter(), ENERGY, NOW).unwrap().count, 2);
			let stored = Feeds::<Test>::get(meter().key(), ENERGY).unwrap().latest.unwrap();
			assert_eq!((stored.interval, stored.summary.count), ((NOW / INTERVAL) as u32, 2));
		});
	}

	#[test]
	fn other_pallets_read_intervals_through_meter_readings() {
		run(|| {
			assert_ok!(submit(vec![meter().sign(ENERGY, 9, NOW)]));
			assert_eq!(<SensorOracle as MeterReadings>::interval_length_ms(), INTERVAL);
			assert_eq!(
				<SensorOracle as MeterReadings>::interval(
					&meter().key(),
					ENERGY,
					(NOW / INTERVAL) as u32
				)
				.map(|summary| summary.sum),
				Some(9)
			);
		});
	}

	#[test]
	fn crossing_the_alert_band_raises_and_clears_alerts() {
		run(|| {
			let sensor = air_sensor();
			assert_ok!(submit(vec![
				sensor.sign(TEMPERATURE, 200, NOW + 1),
				sensor.sign(TEMPERATURE, 450, NOW + 2),
				sensor.sign(TEMPERATURE, 500, NOW + 3),
				sensor.sign(TEMPERATURE, -150, NOW + 4),
				sensor.sign(TEMPERATURE, 0, NOW + 5),
			]));
			let key = sensor.key();
			assert_eq!(
				events(),
				vec![
					Event::AlertRaised {
						device: key,
						metric: TEMPERATURE,
						value: 450,
						bound: AlertBound::Above
					},
					Event::AlertRaised {
						device: key,
						metric: TEMPERATURE,
						value: -150,
						bound: AlertBound::Below
					},
					Event::AlertCleared { device: key, metric: TEMPERATURE, value: 0 },
					Event::ReadingsAccepted { submitter: SUBMITTER, accepted: 5, skipped: 0 },
				]
			);
			assert_eq!(Feeds::<Test>::get(key, TEMPERATURE).unwrap().alert, None);
		});
	}

	#[test]
	fn submitting_needs_a_signed_origin_and_readings() {
		run(|| {
			assert_noop!(
				SensorOracle::submit_readings(
					RuntimeOrigin::none(),
					batch(vec![meter().sign(ENERGY, 1, NOW)])
				),
				BadOrigin
			);
			assert_noop!(submit(vec![]), Error::<Test>::NoReadings);
		});
	}

	#[test]
	fn a_forged_signature_is_rejected() {
		run(|| {
			let mut forged = meter().sign(ENERGY, 1, NOW);
			forged.signature = Device::sr("//Forger")
				.sign_bytes(&SensorOracle::reading_message(&meter().key(), &forged.reading));
			assert_noop!(submit(vec![forged]), Error::<Test>::BadSignature);

			let mut tampered = meter().sign(ENERGY, 1, NOW);
			tampered.reading.value = 1_000;
			assert_noop!(submit(vec![tampered]), Error::<Test>::BadSignature);

			let reading = Reading { metric: ENERGY, value: 1, timestamp: NOW };
			let without_context = SignedReading {
				device: meter().key(),
				reading,
				signature: meter().sign_bytes(&reading.encode()),
			};
			assert_noop!(submit(vec![without_context]), Error::<Test>::BadSignature);
		});
	}

	#[test]
	fn a_revoked_devices_later_readings_are_skipped() {
		run(|| {
			assert_ok!(submit(vec![meter().sign(ENERGY, 1, NOW)]));
			revoke_device(meter().key());
			assert_eq!(submit_counting(vec![meter().sign(ENERGY, 2, NOW + 1)]), (0, 1));
			assert_eq!(Feeds::<Test>::get(meter().key(), ENERGY).unwrap().last_timestamp, NOW);
			assert!(matches!(
				SensorOracle::check_reading(&meter().sign(ENERGY, 2, NOW + 1)),
				Err(Error::<Test>::DeviceNotActive)
			));
		});
	}

	#[test]
	fn a_reading_without_an_open_feed_is_skipped() {
		run(|| {
			assert_eq!(
				submit_counting(vec![
					idle_meter().sign(ENERGY, 1, NOW),
					meter().sign(PM25, 1, NOW)
				]),
				(0, 2)
			);
			assert!(matches!(
				SensorOracle::check_reading(&idle_meter().sign(ENERGY, 1, NOW)),
				Err(Error::<Test>::NoFeed)
			));
		});
	}

	#[test]
	fn a_value_outside_the_metric_range_is_rejected() {
		run(|| {
			assert_noop!(
				submit(vec![meter().sign(ENERGY, -1, NOW)]),
				Error::<Test>::ValueOutOfRange
			);
			assert_noop!(
				submit(vec![meter().sign(ENERGY, 1_000_001, NOW)]),
				Error::<Test>::ValueOutOfRange
			);
		});
	}

	#[test]
	fn duplicates_replays_and_reorderings_are_skipped() {
		run(|| {
			let reading = meter().sign(ENERGY, 5, NOW);
			assert_ok!(submit(vec![reading.clone()]));
			assert_eq!(submit_counting(vec![reading.clone()]), (0, 1));
			assert_eq!(submit_counting(vec![meter().sign(ENERGY, 5, NOW - 1)]), (0, 1));
			assert_eq!(
				submit_counting(vec![
					meter().sign(ENERGY, 6, NOW + 2),
					meter().sign(ENERGY, 6, NOW + 2)
				]),
				(1, 1)
			);
			assert_eq!(interval(&meter(), ENERGY, NOW).unwrap().count, 2);
			assert_eq!(readings_seen().len(), 2);
		});
	}

	#[test]
	fn stale_readings_are_skipped_and_future_ones_rejected() {
		run(|| {
			assert_ok!(submit(vec![meter().sign(ENERGY, 1, NOW - MAX_AGE)]));
			assert_eq!(
				submit_counting(vec![air_sensor().sign(PM25, 1, NOW - MAX_AGE - 1)]),
				(0, 1)
			);
			assert_ok!(submit(vec![air_sensor().sign(PM25, 1, NOW + MAX_DRIFT)]));
			assert_noop!(
				submit(vec![meter().sign(ENERGY, 1, NOW + MAX_DRIFT + 1)]),
				Error::<Test>::FutureReading
			);
			set_time(NOW + 2 * MAX_AGE);
			assert_eq!(submit_counting(vec![meter().sign(ENERGY, 1, NOW)]), (0, 1));
		});
	}

	#[test]
	fn a_reading_that_can_never_be_valid_fails_the_whole_call() {
		run(|| {
			assert_noop!(
				submit(vec![meter().sign(ENERGY, 1, NOW), meter().sign(ENERGY, -1, NOW + 1)]),
				Error::<Test>::ValueOutOfRange
			);
			assert_eq!(interval(&meter(), ENERGY, NOW), None);
		});
	}

	/// A relay's batch is pending; someone copies one of its readings into a call of their own
	/// that lands first. The batch still lands, without that reading, and pays only for what it
	/// stored.
	#[test]
	fn a_reading_copied_out_of_a_pending_batch_does_not_fail_it() {
		run(|| {
			let pending = vec![
				meter().sign(ENERGY, 1, NOW - 3),
				air_sensor().sign(PM25, 2, NOW - 2),
				meter().sign(ENERGY, 3, NOW - 1),
			];
			assert_ok!(SensorOracle::submit_readings(
				RuntimeOrigin::signed(OTHER),
				batch(vec![pending[1].clone()])
			));
			assert_eq!(submit_counting(pending), (2, 1));
			assert_eq!(readings_seen().len(), 3);
		});
	}

	/// Each kind of outdated reading in one batch: all skipped, the good one stored.
	#[test]
	fn outdated_readings_are_skipped_and_their_weight_refunded() {
		run(|| {
			assert_ok!(submit(vec![meter().sign(ENERGY, 1, NOW)]));
			let revoked = Device::sr("//Revoked");
			register_device(revoked.key(), OWNER, DeviceKind::ElectricityMeter);
			assert_ok!(open(OWNER, &revoked, ENERGY));
			revoke_device(revoked.key());
			let batch = vec![
				meter().sign(ENERGY, 1, NOW),
				revoked.sign(ENERGY, 1, NOW),
				idle_meter().sign(ENERGY, 1, NOW),
				air_sensor().sign(PM25, 1, NOW - MAX_AGE - 1),
				air_sensor().sign(PM25, 1, NOW),
			];
			let full = SensorOracle::submit_readings(
				RuntimeOrigin::signed(SUBMITTER),
				self::batch(batch.clone()),
			);
			assert_eq!(
				full.unwrap().actual_weight,
				Some(<() as WeightInfo>::submit_readings(1, 0, 4))
			);
			assert!(
				<() as WeightInfo>::submit_readings(1, 0, 4).ref_time()
					< SensorOracle::readings_weight(5).ref_time()
			);
		});
	}

	#[test]
	fn reopening_a_feed_does_not_replay_its_readings() {
		run(|| {
			let reading = meter().sign(ENERGY, 5, NOW);
			assert_ok!(submit(vec![reading.clone()]));
			assert_ok!(close(OWNER, &meter(), ENERGY));
			assert_eq!(
				events().last(),
				Some(&Event::FeedClosed { device: meter().key(), metric: ENERGY })
			);
			assert!(events().contains(&Event::MarkKept {
				device: meter().key(),
				metric: ENERGY,
				last_timestamp: NOW
			}));
			assert_eq!(feed_deposit_of(OWNER), 2 * FEED_DEPOSIT + MARK_DEPOSIT);

			assert_ok!(open(OWNER, &meter(), ENERGY));
			assert_eq!(Feeds::<Test>::get(meter().key(), ENERGY).unwrap().last_timestamp, NOW);
			assert!(!ClosedFeedMarks::<Test>::contains_key(meter().key(), ENERGY));
			assert_eq!(feed_deposit_of(OWNER), 3 * FEED_DEPOSIT);
			assert_eq!(submit_counting(vec![reading]), (0, 1));
			assert_eq!(readings_seen().len(), 1);
		});
	}

	/// The device is removed from OWNER's DID and registered by OTHER's, with its key.
	#[test]
	fn a_device_moved_to_another_did_feeds_only_its_new_owner() {
		run(|| {
			let before_move = meter().sign(ENERGY, 5, NOW - 1);
			assert_ok!(submit(vec![meter().sign(ENERGY, 4, NOW - 2)]));
			register_device(meter().key(), OTHER, DeviceKind::ElectricityMeter);
			assert_eq!(submit_counting(vec![before_move.clone()]), (0, 1));
			assert!(matches!(
				SensorOracle::check_reading(&before_move),
				Err(Error::<Test>::DeviceNotActive)
			));

			assert_noop!(open(OTHER, &meter(), ENERGY), Error::<Test>::FeedExists);
			assert_ok!(close(OTHER, &meter(), ENERGY));
			assert_eq!(feed_deposit_of(OWNER), 2 * FEED_DEPOSIT + MARK_DEPOSIT);
			assert_ok!(open(OTHER, &meter(), ENERGY));
			assert_eq!(feed_deposit_of(OWNER), 2 * FEED_DEPOSIT);

			let replayed = meter().sign(ENERGY, 4, NOW - 2);
			assert_eq!(submit_counting(vec![replayed, before_move]), (1, 1));
			assert_eq!(readings_seen().last(), Some(&(meter().key(), OTHER, ENERGY, 5)));
		});
	}

	#[test]
	fn the_off_chain_check_agrees_with_the_call() {
		run(|| {
			let good = meter().sign(ENERGY, 1, NOW);
			assert!(SensorOracle::check_reading(&good).is_ok());
			assert_ok!(submit(vec![good.clone()]));
			assert!(matches!(SensorOracle::check_reading(&good), Err(Error::<Test>::NotNewer)));
			assert!(SensorOracle::signature_is_valid(&good));
		});
	}
}

mod anchors {
	use super::*;
	use sp_runtime::traits::BlakeTwo256;

	const ROOT: H256 = H256::repeat_byte(7);

	fn claim(root: H256, count: u32, from: u64, until: u64) -> AnchorClaim {
		AnchorClaim { gateway: gateway().key(), root, count, from, until }
	}

	fn signed_by(device: &Device, claim: AnchorClaim) -> MultiSignature {
		device.sign_bytes(&SensorOracle::anchor_message(&claim))
	}

	fn submit_anchor(claim: AnchorClaim) -> DispatchResult {
		let signature = signed_by(&gateway(), claim);
		SensorOracle::anchor_readings(RuntimeOrigin::signed(SUBMITTER), claim, signature)
	}

	fn anchor(from: u64, until: u64, count: u32) -> DispatchResult {
		submit_anchor(claim(ROOT, count, from, until))
	}

	#[test]
	fn a_gateway_signed_anchor_is_stored_with_the_submitters_deposit() {
		run(|| {
			assert_ok!(anchor(NOW - 1_000, NOW, 1_000_000));
			let stored = Anchors::<Test>::get(0).unwrap();
			assert_eq!(
				(
					stored.gateway,
					stored.depositor,
					stored.root,
					stored.count,
					stored.from,
					stored.until,
					stored.anchored_at
				),
				(gateway().key(), SUBMITTER, ROOT, 1_000_000, NOW - 1_000, NOW, 1)
			);
			assert_eq!(anchor_deposit_of(SUBMITTER), ANCHOR_DEPOSIT);
			assert_eq!(NextAnchorId::<Test>::get(), 1);
			assert_eq!(AnchoredUntil::<Test>::get(gateway().key()), Some(NOW));
			assert_eq!(
				events(),
				vec![Event::Anchored {
					id: 0,
					gateway: gateway().key(),
					root: ROOT,
					count: 1_000_000,
					from: NOW - 1_000,
					until: NOW
				}]
			);
		});
	}

	#[test]
	fn a_gateways_anchors_cover_disjoint_increasing_ranges() {
		run(|| {
			assert_ok!(anchor(NOW - 1_000, NOW - 500, 10));
			assert_noop!(anchor(NOW - 1_000, NOW - 500, 10), Error::<Test>::OverlapsLastAnchor);
			assert_noop!(anchor(NOW - 500, NOW, 10), Error::<Test>::OverlapsLastAnchor);
			assert_noop!(anchor(NOW - 2_000, NOW - 1_500, 10), Error::<Test>::OverlapsLastAnchor);
			assert_ok!(anchor(NOW - 499, NOW, 10));
		});
	}

	#[test]
	fn an_anchor_needs_the_signature_of_an_active_gateway() {
		run(|| {
			let genuine = claim(ROOT, 1, NOW, NOW);
			assert_noop!(
				SensorOracle::anchor_readings(
					RuntimeOrigin::none(),
					genuine,
					signed_by(&gateway(), genuine)
				),
				BadOrigin
			);
			assert_noop!(
				SensorOracle::anchor_readings(
					RuntimeOrigin::signed(SUBMITTER),
					genuine,
					signed_by(&meter(), genuine)
				),
				Error::<Test>::BadSignature
			);
			let altered = claim(ROOT, 2, NOW, NOW);
			assert_noop!(
				SensorOracle::anchor_readings(
					RuntimeOrigin::signed(SUBMITTER),
					altered,
					signed_by(&gateway(), genuine)
				),
				Error::<Test>::BadSignature
			);
			let by_meter = AnchorClaim { gateway: meter().key(), ..genuine };
			assert_noop!(
				SensorOracle::anchor_readings(
					RuntimeOrigin::signed(SUBMITTER),
					by_meter,
					signed_by(&meter(), by_meter)
				),
				Error::<Test>::NotAGateway
			);
			revoke_device(gateway().key());
			assert_noop!(anchor(NOW, NOW, 1), Error::<Test>::DeviceNotActive);
		});
	}

	#[test]
	fn an_anchor_needs_readings_and_a_past_ordered_range() {
		run(|| {
			assert_noop!(anchor(NOW, NOW, 0), Error::<Test>::EmptyAnchor);
			assert_noop!(anchor(NOW, NOW - 1, 1), Error::<Test>::InvalidTimeRange);
			assert_noop!(anchor(NOW, NOW + MAX_DRIFT + 1, 1), Error::<Test>::InvalidTimeRange);
		});
	}

	#[test]
	fn anchoring_needs_funds_for_the_deposit() {
		run(|| {
			let genuine = claim(ROOT, 1, NOW, NOW);
			assert_noop!(
				SensorOracle::anchor_readings(
					RuntimeOrigin::signed(PAUPER),
					genuine,
					signed_by(&gateway(), genuine)
				),
				TokenError::FundsUnavailable
			);
		});
	}

	#[test]
	fn an_anchor_is_removed_after_its_retention() {
		run(|| {
			assert_ok!(anchor(NOW, NOW, 1));
			assert_noop!(
				SensorOracle::remove_anchor(RuntimeOrigin::signed(OTHER), 0),
				Error::<Test>::AnchorRetained
			);
			System::set_block_number(1 + ANCHOR_RETENTION);
			assert_ok!(SensorOracle::remove_anchor(RuntimeOrigin::signed(OTHER), 0));
			assert!(!Anchors::<Test>::contains_key(0));
			assert_eq!(anchor_deposit_of(SUBMITTER), 0);
			assert_eq!(events().last(), Some(&Event::AnchorRemoved { id: 0 }));
			assert_noop!(anchor(NOW, NOW, 1), Error::<Test>::OverlapsLastAnchor);
		});
	}

	#[test]
	fn removing_needs_a_signed_origin_and_a_known_anchor() {
		run(|| {
			assert_noop!(SensorOracle::remove_anchor(RuntimeOrigin::none(), 0), BadOrigin);
			assert_noop!(
				SensorOracle::remove_anchor(RuntimeOrigin::signed(OTHER), 0),
				Error::<Test>::UnknownAnchor
			);
		});
	}

	/// Five readings of three devices, anchored by the gateway as anchor 0.
	fn anchored_batch() -> Vec<SignedReading> {
		let readings = vec![
			meter().sign(ENERGY, 10, NOW - 400),
			air_sensor().sign(PM25, 33, NOW - 300),
			idle_meter().sign(ENERGY, 11, NOW - 200),
			meter().sign(ENERGY, 12, NOW - 100),
			air_sensor().sign(TEMPERATURE, 215, NOW),
		];
		let leaves: Vec<Vec<u8>> = readings.iter().map(Encode::encode).collect();
		let root = binary_merkle_tree::merkle_root::<BlakeTwo256, _>(&leaves);
		assert_ok!(submit_anchor(claim(root, readings.len() as u32, NOW - 400, NOW)));
		readings
	}

	fn proof_of(readings: &[SignedReading], index: u32) -> Vec<H256> {
		let leaves: Vec<Vec<u8>> = readings.iter().map(Encode::encode).collect();
		binary_merkle_tree::merkle_proof::<BlakeTwo256, _, _>(&leaves, index).proof
	}

	#[test]
	fn every_anchored_reading_is_proved_against_the_root() {
		run(|| {
			let readings = anchored_batch();
			for (index, reading) in readings.iter().enumerate() {
				let index = index as u32;
				assert_eq!(
					SensorOracle::verify_anchored_reading(
						0,
						reading,
						proof_of(&readings, index),
						index
					),
					Ok(())
				);
			}
		});
	}

	#[test]
	fn a_reading_not_in_the_batch_fails_its_proof() {
		run(|| {
			let readings = anchored_batch();
			let proof = proof_of(&readings, 1);
			assert_eq!(
				SensorOracle::verify_anchored_reading(0, &readings[1], proof.clone(), 2),
				Err(ProofError::NotInBatch)
			);
			assert_eq!(
				SensorOracle::verify_anchored_reading(0, &readings[1], proof.clone(), 5),
				Err(ProofError::NotInBatch)
			);
			let outsider = air_sensor().sign(PM25, 34, NOW - 300);
			assert_eq!(
				SensorOracle::verify_anchored_reading(0, &outsider, proof.clone(), 1),
				Err(ProofError::NotInBatch)
			);
			assert_eq!(
				SensorOracle::verify_anchored_reading(0, &readings[1], vec![H256::zero(); 33], 1),
				Err(ProofError::NotInBatch)
			);
			assert_eq!(
				SensorOracle::verify_anchored_reading(1, &readings[1], proof, 1),
				Err(ProofError::UnknownAnchor)
			);
		});
	}

	#[test]
	fn an_anchored_forgery_or_out_of_range_reading_fails_its_proof() {
		run(|| {
			let mut forged = meter().sign(ENERGY, 10, NOW - 50);
			forged.signature = Device::sr("//Forger").sign_bytes(b"anything");
			let late = meter().sign(ENERGY, 10, NOW + 1);
			let readings = vec![forged, late];
			let leaves: Vec<Vec<u8>> = readings.iter().map(Encode::encode).collect();
			let root = binary_merkle_tree::merkle_root::<BlakeTwo256, _>(&leaves);
			assert_ok!(submit_anchor(claim(root, 2, NOW - 50, NOW)));
			assert_eq!(
				SensorOracle::verify_anchored_reading(0, &readings[0], proof_of(&readings, 0), 0),
				Err(ProofError::BadSignature)
			);
			assert_eq!(
				SensorOracle::verify_anchored_reading(0, &readings[1], proof_of(&readings, 1), 1),
				Err(ProofError::OutsideTimeRange)
			);
		});
	}
}

#[test]
fn genesis_metrics_are_registered() {
	run(|| {
		let temperature = Metrics::<Test>::get(TEMPERATURE).unwrap();
		assert_eq!(temperature.spec.name.into_inner(), b"temperature-0.1c".to_vec());
		assert_eq!((temperature.spec.min, temperature.spec.max), (-500, 600));
		assert_eq!(
			(temperature.spec.alert_below, temperature.spec.alert_above),
			(Some(-100), Some(400))
		);
		assert_eq!(temperature.feeds, 1);
	});
}

#[test]
fn the_interval_of_a_timestamp_counts_interval_lengths_since_the_epoch() {
	run(|| {
		assert_eq!(SensorOracle::interval_of(0), Ok(0));
		assert_eq!(SensorOracle::interval_of(INTERVAL - 1), Ok(0));
		assert_eq!(SensorOracle::interval_of(INTERVAL), Ok(1));
		assert_eq!(SensorOracle::interval_of(u64::MAX), Err(sp_runtime::ArithmeticError::Overflow));
	});
}

mod offchain_worker {
	use super::*;
	use crate::offchain::MAX_GATEWAYS;
	use codec::Decode;
	use codec::MaxEncodedLen;
	use frame_support::traits::Hooks;
	use sp_core::offchain::{
		testing::{PendingRequest, TestOffchainExt, TestTransactionPoolExt},
		OffchainDbExt, OffchainWorkerExt, StorageKind, TransactionPoolExt,
	};
	use sp_runtime::testing::UintAuthorityId;

	const GATEWAY_URL: &str = "http://gateway.test";

	/// Runs `test` with an off-chain worker environment whose gateway serves what `serve` builds
	/// (once per expected fetch); `test` reads the calls submitted to the pool with its argument.
	fn run_offchain(
		fetches: usize,
		serve: impl Fn() -> GatewayFeed,
		test: impl FnOnce(&dyn Fn() -> Vec<RuntimeCall>),
	) {
		let answers =
			|| (0..fetches).map(|_| (GATEWAY_URL.to_string(), serve().encode())).collect();
		run_offchain_with(GATEWAY_URL, answers, test)
	}

	/// Runs `test` with `gateways` configured, expecting one fetch per item `answers` gives
	/// (in the test's externalities, where readings can be signed): a gateway URL and the body
	/// it answers.
	fn run_offchain_with(
		gateways: &str,
		answers: impl FnOnce() -> Vec<(String, Vec<u8>)>,
		test: impl FnOnce(&dyn Fn() -> Vec<RuntimeCall>),
	) {
		let mut ext = new_test_ext();
		let (offchain, offchain_state) = TestOffchainExt::new();
		let (pool, pool_state) = TestTransactionPoolExt::new();
		ext.register_extension(OffchainDbExt::new(offchain.clone()));
		ext.register_extension(OffchainWorkerExt::new(offchain));
		ext.register_extension(TransactionPoolExt::new(pool));
		ext.execute_with(|| {
			UintAuthorityId::set_all_keys(vec![SUBMITTER]);
			sp_io::offchain::local_storage_set(
				StorageKind::PERSISTENT,
				GATEWAYS_STORAGE_KEY,
				gateways.as_bytes(),
			);
			for (url, body) in answers() {
				offchain_state.write().expect_request(PendingRequest {
					method: "GET".into(),
					uri: alloc::format!("{url}/feed"),
					response: Some(body),
					sent: true,
					..Default::default()
				});
			}
			let submitted = || {
				pool_state
					.read()
					.transactions
					.iter()
					.map(|bytes| Extrinsic::decode(&mut &bytes[..]).unwrap().function)
					.collect()
			};
			test(&submitted);
			SensorOracle::do_try_state().expect("invariants hold");
		});
	}

	fn gateway_feed(readings: Vec<SignedReading>, anchors: Vec<SignedAnchorClaim>) -> GatewayFeed {
		GatewayFeed { readings: readings.try_into().unwrap(), anchors: anchors.try_into().unwrap() }
	}

	fn submitted_readings(call: &RuntimeCall) -> Vec<SignedReading> {
		match call {
			RuntimeCall::SensorOracle(Call::submit_readings { readings }) => readings.to_vec(),
			other => panic!("expected submit_readings, got {other:?}"),
		}
	}

	fn signed_claim(from: u64, until: u64) -> SignedAnchorClaim {
		let claim = AnchorClaim {
			gateway: gateway().key(),
			root: H256::repeat_byte(3),
			count: 9,
			from,
			until,
		};
		let signature = gateway().sign_bytes(&SensorOracle::anchor_message(&claim));
		SignedAnchorClaim { claim, signature }
	}

	#[test]
	fn relays_what_the_chain_would_accept_in_time_order() {
		let accepted_before = || meter().sign(ENERGY, 1, NOW - 10);
		let feed = move || {
			gateway_feed(
				vec![
					air_sensor().sign(PM25, 20, NOW - 1),
					meter().sign(ENERGY, 3, NOW - 5),
					SignedReading {
						signature: Device::sr("//Forger").sign_bytes(b"reading"),
						..meter().sign(ENERGY, 4, NOW - 3)
					},
					accepted_before(),
					meter().sign(ENERGY, 5, NOW - 2),
					idle_meter().sign(ENERGY, 7, NOW - 2),
				],
				vec![signed_claim(NOW - 100, NOW - 50), signed_claim(NOW - 60, NOW)],
			)
		};
		run_offchain(1, feed, |submitted| {
			assert_ok!(submit(vec![accepted_before()]));
			SensorOracle::offchain_worker(1);
			let calls = submitted();
			assert_eq!(calls.len(), 2);
			// sr25519 signatures are randomised: compare what was signed.
			let relayed: Vec<(PublicKey, Reading)> = submitted_readings(&calls[0])
				.into_iter()
				.map(|signed| (signed.device, signed.reading))
				.collect();
			let reading = |metric, value, timestamp| Reading { metric, value, timestamp };
			assert_eq!(
				relayed,
				vec![
					(meter().key(), reading(ENERGY, 3, NOW - 5)),
					(meter().key(), reading(ENERGY, 5, NOW - 2)),
					(air_sensor().key(), reading(PM25, 20, NOW - 1)),
				]
			);
			let expected = signed_claim(NOW - 100, NOW - 50).claim;
			assert!(matches!(
				&calls[1],
				RuntimeCall::SensorOracle(Call::anchor_readings { claim, .. }) if *claim == expected
			));
		});
	}

	#[test]
	fn waits_while_its_last_transactions_are_pending() {
		let feed = || gateway_feed(vec![meter().sign(ENERGY, 3, NOW - 5)], vec![]);
		run_offchain(1, feed, |submitted| {
			SensorOracle::offchain_worker(1);
			// A node discards an off-chain worker's state changes: the nonce is as before.
			frame_system::Account::<Test>::mutate(SUBMITTER, |account| account.nonce = 0);
			SensorOracle::offchain_worker(2);
			assert_eq!(submitted().len(), 1);
		});
	}

	#[test]
	fn fetches_again_once_its_transactions_are_in() {
		let feed = || gateway_feed(vec![meter().sign(ENERGY, 3, NOW - 5)], vec![]);
		run_offchain(2, feed, |submitted| {
			SensorOracle::offchain_worker(1);
			// The test keeps the nonce the submission raised, as the chain does once it is in.
			SensorOracle::offchain_worker(2);
			assert_eq!(submitted().len(), 2);
		});
	}

	#[test]
	fn does_nothing_without_a_key() {
		run_offchain(0, GatewayFeed::default, |submitted| {
			UintAuthorityId::set_all_keys(Vec::<u64>::new());
			SensorOracle::offchain_worker(1);
			assert!(submitted().is_empty());
		});
	}

	#[test]
	fn a_feed_with_more_entries_than_a_feed_may_carry_is_refused() {
		let answers = || {
			let reading = meter().sign(ENERGY, 3, NOW - 5);
			let too_many = vec![reading; MAX_FEED_READINGS as usize + 1];
			let body = (too_many, Vec::<SignedAnchorClaim>::new()).encode();
			assert!(body.len() <= GatewayFeed::max_encoded_len());
			vec![(GATEWAY_URL.into(), body)]
		};
		run_offchain_with(GATEWAY_URL, answers, |submitted| {
			SensorOracle::offchain_worker(1);
			assert!(submitted().is_empty());
		});
	}

	#[test]
	fn a_body_longer_than_a_feed_can_be_is_refused() {
		let answers = || {
			let mut body = gateway_feed(vec![meter().sign(ENERGY, 3, NOW - 5)], vec![]).encode();
			body.resize(GatewayFeed::max_encoded_len() + 1, 0);
			vec![(GATEWAY_URL.into(), body)]
		};
		run_offchain_with(GATEWAY_URL, answers, |submitted| {
			SensorOracle::offchain_worker(1);
			assert!(submitted().is_empty());
		});
	}

	/// The test environment fails on a request it does not expect: a ninth gateway's.
	#[test]
	fn only_the_first_gateways_are_fetched() {
		let urls: Vec<String> =
			(0..=MAX_GATEWAYS).map(|i| alloc::format!("http://gateway{i}.test")).collect();
		let answers = || {
			let feed = gateway_feed(vec![meter().sign(ENERGY, 3, NOW - 5)], vec![]).encode();
			urls.iter().take(MAX_GATEWAYS).map(|url| (url.clone(), feed.clone())).collect()
		};
		run_offchain_with(&urls.join(" "), answers, |submitted| {
			SensorOracle::offchain_worker(1);
			assert_eq!(submitted().len(), 1);
		});
	}

	#[test]
	fn readings_are_split_into_calls_of_the_most_readings() {
		run(|| {
			let readings = (0..MAX_READINGS as u64 + 2)
				.map(|i| meter().sign(ENERGY, 1, NOW - 100 + i))
				.collect();
			let calls = SensorOracle::calls_to_submit(readings, vec![]);
			let sizes: Vec<usize> = calls
				.iter()
				.map(|call| match call {
					Call::submit_readings { readings } => readings.len(),
					_ => 0,
				})
				.collect();
			assert_eq!(sizes, vec![MAX_READINGS as usize, 2]);
		});
	}
}

mod invariants {
	use super::*;

	#[test]
	fn try_state_catches_a_feed_taking_readings_from_a_revoked_device() {
		new_test_ext().execute_with(|| {
			unhashed::kill(&(b"mock-device", meter().key()).encode());
			assert!(SensorOracle::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_an_interval_in_another_intervals_slot() {
		new_test_ext().execute_with(|| {
			assert_ok!(submit(vec![meter().sign(ENERGY, 1, NOW)]));
			assert_ok!(SensorOracle::do_try_state());
			let slot = (NOW / INTERVAL) as u32 % MAX_INTERVALS;
			Intervals::<Test>::mutate((meter().key(), ENERGY, slot), |stored| {
				if let Some(stored) = stored {
					stored.interval -= 1;
				}
			});
			assert!(SensorOracle::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_a_latest_interval_that_is_not_stored() {
		new_test_ext().execute_with(|| {
			assert_ok!(submit(vec![meter().sign(ENERGY, 1, NOW)]));
			let slot = (NOW / INTERVAL) as u32 % MAX_INTERVALS;
			Intervals::<Test>::remove((meter().key(), ENERGY, slot));
			assert!(SensorOracle::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_a_stored_interval_that_differs_from_its_feeds_latest() {
		new_test_ext().execute_with(|| {
			assert_ok!(submit(vec![meter().sign(ENERGY, 1, NOW)]));
			let slot = (NOW / INTERVAL) as u32 % MAX_INTERVALS;
			Intervals::<Test>::mutate((meter().key(), ENERGY, slot), |stored| {
				if let Some(stored) = stored {
					stored.summary = IntervalSummary::of(2);
				}
			});
			assert!(SensorOracle::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_storage_of_an_older_version() {
		new_test_ext().execute_with(|| {
			assert_ok!(SensorOracle::do_try_state());
			StorageVersion::new(0).put::<SensorOracle>();
			assert!(SensorOracle::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_a_mark_kept_for_an_open_feed() {
		new_test_ext().execute_with(|| {
			assert_ok!(SensorOracle::do_try_state());
			let mark = ClosedFeedMark { last_timestamp: NOW, depositor: OWNER, deposit: 0 };
			ClosedFeedMarks::<Test>::insert(meter().key(), ENERGY, mark);
			assert!(SensorOracle::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_a_deposit_the_records_do_not_account_for() {
		new_test_ext().execute_with(|| {
			Feeds::<Test>::mutate(meter().key(), ENERGY, |feed| {
				if let Some(feed) = feed {
					feed.deposit += 1;
				}
			});
			assert!(SensorOracle::do_try_state().is_err());
		});
	}
}

mod migrations {
	use super::*;
	use crate::migrations::v1::{v0, FeedLatestInterval};
	use frame_support::{
		migrations::{SteppedMigration, SteppedMigrationError},
		traits::GetStorageVersion,
		weights::WeightMeter,
	};

	/// Rewrites every feed as storage version 0 kept it, and puts version 0: the state of a
	/// chain from before #17. Returns the feeds as version 1 has them.
	fn downgrade_to_version_0() -> Vec<(PublicKey, MetricId, Feed<Test>)> {
		let feeds: Vec<_> = Feeds::<Test>::iter().collect();
		for (device, metric, feed) in &feeds {
			v0::Feeds::<Test>::insert(device, metric, v0::feed_of(feed));
		}
		StorageVersion::new(0).put::<SensorOracle>();
		feeds
	}

	/// Runs the migration to its end, each step with the weight of `feeds_per_step` feeds;
	/// returns how many steps it took.
	fn migrate(feeds_per_step: u64) -> u32 {
		let per_step = <() as WeightInfo>::migrate_feed().saturating_mul(feeds_per_step);
		let mut cursor = None;
		for steps in 1..100 {
			cursor =
				FeedLatestInterval::<Test>::step(cursor, &mut WeightMeter::with_limit(per_step))
					.expect("a step with weight for a feed succeeds");
			if cursor.is_none() {
				return steps;
			}
		}
		panic!("the migration does not end");
	}

	fn feeds() -> Vec<(PublicKey, MetricId, Feed<Test>)> {
		Feeds::<Test>::iter().collect()
	}

	/// Readings in two intervals of the meter and one of each air-sensor feed.
	fn submit_some_readings() {
		assert_ok!(submit(vec![
			meter().sign(ENERGY, 5, NOW - INTERVAL),
			meter().sign(ENERGY, 7, NOW),
			meter().sign(ENERGY, 9, NOW + 1),
			air_sensor().sign(PM25, 60, NOW),
			air_sensor().sign(TEMPERATURE, 210, NOW),
		]));
	}

	#[test]
	fn a_version_0_feed_gets_its_latest_interval_from_its_ring_slot() {
		run(|| {
			submit_some_readings();
			let before = downgrade_to_version_0();
			assert_eq!(migrate(100), 1);
			assert_eq!(feeds(), before);
			let meter_feed = Feeds::<Test>::get(meter().key(), ENERGY).unwrap();
			let latest = meter_feed.latest.unwrap();
			assert_eq!((latest.interval, latest.summary.sum), ((NOW / INTERVAL) as u32, 16));
			assert_eq!(SensorOracle::on_chain_storage_version(), StorageVersion::new(1));
		});
	}

	/// Three feeds, one per step: three steps migrate them and a fourth finds no more.
	#[test]
	fn a_step_migrates_what_its_weight_allows_and_the_next_goes_on_from_its_cursor() {
		run(|| {
			submit_some_readings();
			let before = downgrade_to_version_0();
			assert_eq!(migrate(1), 4);
			assert_eq!(feeds(), before);
		});
	}

	#[test]
	fn a_feed_without_readings_migrates_without_a_latest_interval() {
		run(|| {
			let before = downgrade_to_version_0();
			assert!(before.iter().all(|(_, _, feed)| feed.latest.is_none()));
			migrate(2);
			assert_eq!(feeds(), before);
		});
	}

	/// A broken version-0 state: the slot of the meter's latest interval holds nothing.
	#[test]
	fn a_feed_whose_ring_lost_its_latest_interval_migrates_without_one() {
		run(|| {
			assert_ok!(submit(vec![meter().sign(ENERGY, 5, NOW)]));
			downgrade_to_version_0();
			let _ = Intervals::<Test>::clear_prefix((meter().key(), ENERGY), MAX_INTERVALS, None);
			migrate(10);
			assert_eq!(Feeds::<Test>::get(meter().key(), ENERGY).unwrap().latest, None);
		});
	}

	#[test]
	fn a_chain_already_at_version_1_migrates_nothing() {
		run(|| {
			submit_some_readings();
			let before = feeds();
			assert_eq!(migrate(1), 1);
			assert_eq!(feeds(), before);
		});
	}

	/// The migration's own checks, run by `pallet-migrations` around it under `try-runtime`.
	#[cfg(feature = "try-runtime")]
	mod try_runtime {
		use super::*;

		#[test]
		fn the_checks_pass_around_the_migration() {
			run(|| {
				submit_some_readings();
				downgrade_to_version_0();
				let state = FeedLatestInterval::<Test>::pre_upgrade().unwrap();
				migrate(1);
				assert_ok!(FeedLatestInterval::<Test>::post_upgrade(state));
			});
		}

		#[test]
		fn the_checks_catch_a_lost_feed_and_a_moved_latest_interval() {
			run(|| {
				submit_some_readings();
				downgrade_to_version_0();
				let state = FeedLatestInterval::<Test>::pre_upgrade().unwrap();
				migrate(1);
				let feed = Feeds::<Test>::take(meter().key(), ENERGY).unwrap();
				assert!(FeedLatestInterval::<Test>::post_upgrade(state.clone()).is_err());
				let moved = Feed { latest: None, ..feed.clone() };
				Feeds::<Test>::insert(meter().key(), ENERGY, moved);
				assert!(FeedLatestInterval::<Test>::post_upgrade(state).is_err());
				Feeds::<Test>::insert(meter().key(), ENERGY, feed);
			});
		}
	}

	#[test]
	fn a_step_without_the_weight_of_one_feed_asks_for_it() {
		run(|| {
			downgrade_to_version_0();
			let required = <() as WeightInfo>::migrate_feed();
			let mut meter =
				WeightMeter::with_limit(required.saturating_sub(Weight::from_parts(1, 0)));
			assert_eq!(
				FeedLatestInterval::<Test>::step(None, &mut meter),
				Err(SteppedMigrationError::InsufficientWeight { required })
			);
			migrate(5);
		});
	}
}
