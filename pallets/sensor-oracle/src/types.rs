//! The records the sensor oracle keeps and the messages devices sign.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use polis_primitives::{IntervalIndex, IntervalSummary, MetricId, PublicKey};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::MultiSignature;

use crate::{BalanceOf, Config};

/// Identifier of an anchored batch, assigned in order.
pub type AnchorId = u64;

/// What a device signs, prefixed to every reading's message so that no other signature of the
/// device key can pass for a reading.
pub const READING_CONTEXT: &[u8] = b"polis:reading";

/// What a gateway signs, prefixed to every anchor claim's message.
pub const ANCHOR_CONTEXT: &[u8] = b"polis:anchor";

/// One measurement as the device took it.
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
pub struct Reading {
	pub metric: MetricId,
	/// In the metric's unit (for energy, watt-hours in the reading's period).
	pub value: i64,
	/// Milliseconds since the Unix epoch.
	pub timestamp: u64,
}

/// A reading with its device's signature of
/// `(READING_CONTEXT, genesis hash, device, reading)`, SCALE-encoded.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct SignedReading {
	pub device: PublicKey,
	pub reading: Reading,
	pub signature: MultiSignature,
}

/// Which side of a metric's alert band a value lies on.
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
pub enum AlertBound {
	Below,
	Above,
}

/// A metric as governance defines it.
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
pub struct MetricSpec<T: Config> {
	/// What is measured and its unit, for example `energy-import-wh`.
	pub name: BoundedVec<u8, T::MaxMetricName>,
	/// The least value a reading may carry.
	pub min: i64,
	/// The greatest value a reading may carry.
	pub max: i64,
	/// A value below this raises an alert.
	pub alert_below: Option<i64>,
	/// A value above this raises an alert.
	pub alert_above: Option<i64>,
}

impl<T: Config> MetricSpec<T> {
	/// Whether the bounds are ordered: `min <= max`, each alert bound within them and the
	/// lower alert bound not above the upper one.
	pub fn is_consistent(&self) -> bool {
		let within = |bound: Option<i64>| bound.is_none_or(|b| self.min <= b && b <= self.max);
		let ordered = match (self.alert_below, self.alert_above) {
			(Some(below), Some(above)) => below <= above,
			_ => true,
		};
		self.min <= self.max && within(self.alert_below) && within(self.alert_above) && ordered
	}

	/// The alert a value raises, if any.
	pub fn alert_for(&self, value: i64) -> Option<AlertBound> {
		if self.alert_below.is_some_and(|bound| value < bound) {
			Some(AlertBound::Below)
		} else if self.alert_above.is_some_and(|bound| value > bound) {
			Some(AlertBound::Above)
		} else {
			None
		}
	}
}

/// A registered metric and how many feeds use it.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Metric<T: Config> {
	pub spec: MetricSpec<T>,
	/// Open feeds of this metric; a metric in use cannot be removed.
	pub feeds: u32,
}

/// A device's feed of one metric.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Feed<T: Config> {
	/// The device owner's account, which opened the feed and holds its deposit.
	pub owner: T::AccountId,
	pub deposit: BalanceOf<T>,
	/// The timestamp of the latest accepted reading (0 before the first, or the closed feed's
	/// mark when reopened): every later reading must be newer, which rejects duplicates and
	/// replays.
	pub last_timestamp: u64,
	/// The alert the latest reading raised, if any; an event marks each change.
	pub alert: Option<AlertBound>,
	/// Readings accepted since the feed opened.
	pub readings: u64,
	/// The interval of the latest reading stored since the feed opened, with its summary so
	/// far (also in its ring slot): a reading of the same interval adds to this summary
	/// without reading the ring, a reading of a later one starts a new summary.
	pub latest: Option<StoredInterval>,
	/// Whether the device was revoked (or removed) since the feed opened: the feed takes no
	/// more readings and anyone may close it. The DID pallet says so through
	/// `OnDeviceRevoked`, so that a reading needs no look-up of its device.
	pub device_revoked: bool,
}

/// A feed's summary of one interval, stored in the slot `interval % MaxIntervalsPerFeed` of
/// its feed, which a later interval of the same slot overwrites.
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
pub struct StoredInterval {
	pub interval: IntervalIndex,
	pub summary: IntervalSummary,
}

/// What is kept of a closed feed whose last reading could still be replayed.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct ClosedFeedMark<T: Config> {
	/// The closed feed's last reading timestamp: a reopened feed accepts only newer ones.
	pub last_timestamp: u64,
	/// The closed feed's owner, who holds the mark's deposit.
	pub depositor: T::AccountId,
	pub deposit: BalanceOf<T>,
}

/// What a gateway claims of a batch of readings it collected.
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
pub struct AnchorClaim {
	pub gateway: PublicKey,
	/// Root of the binary Merkle tree (Blake2-256) over the SCALE-encoded `SignedReading`s.
	pub root: H256,
	/// Number of leaves.
	pub count: u32,
	/// The earliest and latest reading timestamp in the batch (ms).
	pub from: u64,
	pub until: u64,
}

/// The Merkle root of a large batch of signed readings, anchored by a gateway.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Anchor<T: Config> {
	/// The gateway device that collected the batch.
	pub gateway: PublicKey,
	/// The account that submitted the claim and holds the deposit.
	pub depositor: T::AccountId,
	pub deposit: BalanceOf<T>,
	/// Root of the binary Merkle tree (Blake2-256) over the SCALE-encoded `SignedReading`s.
	pub root: H256,
	/// Number of leaves.
	pub count: u32,
	/// The earliest and latest reading timestamp in the batch.
	pub from: u64,
	pub until: u64,
	pub anchored_at: BlockNumberFor<T>,
}

/// Why a reading cannot be proved against an anchor.
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
pub enum ProofError {
	/// No anchor with this id (never anchored, or removed).
	UnknownAnchor,
	/// The proof does not lead from the reading to the anchor's root.
	NotInBatch,
	/// The device's signature of the reading does not verify.
	BadSignature,
	/// The reading's timestamp lies outside the anchor's time range.
	OutsideTimeRange,
}

/// An anchor claim with its gateway's signature of `(ANCHOR_CONTEXT, genesis hash, claim)`.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct SignedAnchorClaim {
	pub claim: AnchorClaim,
	pub signature: MultiSignature,
}

/// Most readings a gateway's feed may carry: as many as the off-chain worker submits in a run.
pub const MAX_FEED_READINGS: u32 = 8_192;

/// Most anchor claims a gateway's feed may carry.
pub const MAX_FEED_ANCHORS: u32 = 64;

/// What a sensor gateway serves at `GET <url>/feed`, SCALE-encoded, for the off-chain worker,
/// which refuses a body longer than `GatewayFeed::max_encoded_len()`.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug, Default)]
pub struct GatewayFeed {
	/// The newest readings, in any order.
	pub readings: BoundedVec<SignedReading, ConstU32<MAX_FEED_READINGS>>,
	pub anchors: BoundedVec<SignedAnchorClaim, ConstU32<MAX_FEED_ANCHORS>>,
}
