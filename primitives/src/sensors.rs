//! Sensor data: what the sensor oracle offers the other pallets.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use crate::PublicKey;

/// Identifier of a metric (energy imported, PM2.5, vehicles counted, …), as governance
/// registers it in the sensor oracle.
pub type MetricId = u32;

/// The number of an interval: a reading taken at `timestamp` milliseconds after the Unix epoch
/// falls in interval `timestamp / interval length`.
pub type IntervalIndex = u32;

/// What a feed's readings in one interval add up to.
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
pub struct IntervalSummary {
	/// The sum of the values (for a meter: the energy of the interval).
	pub sum: i128,
	pub min: i64,
	pub max: i64,
	/// The value of the latest reading.
	pub last: i64,
	/// How many readings the interval holds.
	pub count: u32,
}

impl IntervalSummary {
	/// The summary of one reading.
	pub fn of(value: i64) -> Self {
		Self { sum: value.into(), min: value, max: value, last: value, count: 1 }
	}

	/// Adds a later reading; `None` if the count would overflow (the sum of `u32::MAX` `i64`
	/// values always fits an `i128`).
	pub fn add(&self, value: i64) -> Option<Self> {
		Some(Self {
			sum: self.sum.checked_add(value.into())?,
			min: self.min.min(value),
			max: self.max.max(value),
			last: value,
			count: self.count.checked_add(1)?,
		})
	}
}

/// Interval values of device feeds, for pallets that settle against them (the energy market
/// reads a meter's energy imported and exported per 15-minute interval).
pub trait MeterReadings {
	/// The length of an interval in milliseconds.
	fn interval_length_ms() -> u64;

	/// The summary of `device`'s readings of `metric` in `interval`; `None` if there were none
	/// or the interval is no longer kept (the sensor oracle keeps a feed's intervals of the last
	/// `MaxIntervalsPerFeed` interval lengths).
	fn interval(
		device: &PublicKey,
		metric: MetricId,
		interval: IntervalIndex,
	) -> Option<IntervalSummary>;
}

/// Told of every reading the sensor oracle accepts, after it is stored.
pub trait OnReading<DidId> {
	fn on_reading(device: &PublicKey, owner: &DidId, metric: MetricId, value: i64, timestamp: u64);
}

impl<DidId> OnReading<DidId> for () {
	fn on_reading(_: &PublicKey, _: &DidId, _: MetricId, _: i64, _: u64) {}
}
