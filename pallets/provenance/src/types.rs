//! The records the provenance registry keeps, shaped after GS1 EPCIS 2.0 and CBV 2.0.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use polis_primitives::{IntervalIndex, MetricId, ParcelId, PublicKey, ScopeCode};
use scale_info::TypeInfo;

use crate::{BalanceOf, Config, DidOf};

/// Identifier of a location, assigned in registration order.
pub type LocationId = u64;
/// Identifier of a product class, assigned in registration order.
pub type ClassId = u64;
/// Identifier of a lot (or a container: a logistic unit is a lot too), assigned in order.
pub type LotId = u64;
/// Identifier of a recorded event, assigned in recording order.
pub type EventId = u64;
/// Identifier of a recall, assigned in order.
pub type RecallId = u32;
/// Identifier of an anchored batch of event hashes, assigned in order.
pub type AnchorId = u64;
/// Identifier of an aid programme, assigned in order.
pub type ProgrammeId = u32;
/// The index of an aid programme's entitlement period, counted from its opening.
pub type PeriodIndex = u32;

/// What a beneficiary signs to receive aid, SCALE-encoded with the genesis hash, the programme,
/// the period and the lot: `(AID_CLAIM_CONTEXT, genesis hash, programme, period, lot)`.
pub const AID_CLAIM_CONTEXT: &[u8] = b"polis:aid-claim";

/// What names the context of a programme's period in which an anonymous beneficiary's claims
/// share one nullifier: `(AID_NULLIFIER_CONTEXT, genesis hash, programme, period)`.
pub const AID_NULLIFIER_CONTEXT: &[u8] = b"polis:aid-nullifier";

/// An external code: a GLN for a location, a GTIN for a product class, a traceability lot
/// code or an SSCC for a lot, a business transaction's reference. Opaque bytes; any scheme's
/// codes fit.
pub type Code<T> = BoundedVec<u8, <T as Config>::MaxCodeLen>;
/// A reason given in words (a recall's, an error declaration's).
pub type Text<T> = BoundedVec<u8, <T as Config>::MaxTextLen>;

/// What an organisation does in a supply chain; each role is a credential of a schema
/// governance chooses.
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
	serde::Serialize,
	serde::Deserialize,
)]
pub enum Role {
	/// Grows, makes or imports goods: commissions lots, registers product classes.
	Producer,
	/// Transforms lots into others (processing, splitting, merging).
	Processor,
	/// Carries goods for others.
	Carrier,
	/// Sells goods to consumers.
	Retailer,
	/// Inspects lots.
	Inspector,
	/// Inspects lots and recalls any lot.
	Regulator,
	/// Commissions and distributes aid.
	AidAgency,
	/// Receives aid (the credential's scope is the beneficiary's district).
	Beneficiary,
}

/// The unit a product class counts its lots' quantities in.
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
pub enum Unit {
	/// Pieces, packs, containers.
	Each,
	Gram,
	Kilogram,
	Millilitre,
	Litre,
}

/// A condition goods of a class must be kept in while in transit (a cold chain): every
/// reading of `metric` between `min` and `max` inclusive.
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
pub struct Condition {
	pub metric: MetricId,
	pub min: i64,
	pub max: i64,
}

/// Most distinct metrics a lot's conditions name (a container's gather its contents'):
/// temperature and humidity, say.
pub const MAX_CONDITIONS: u32 = 2;

/// The conditions a lot must be kept in, at most one per metric.
pub type Conditions = BoundedVec<Condition, ConstU32<MAX_CONDITIONS>>;

/// What a check of a lot's transit found, one entry per condition.
pub type Evidence = BoundedVec<ConditionEvidence, ConstU32<MAX_CONDITIONS>>;

/// A read point or business location.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Location<T: Config> {
	/// The organisation that registered it.
	pub owner: DidOf<T>,
	pub code: Code<T>,
	/// The land parcel it stands on, over which the owner held rights when registering it.
	pub parcel: Option<ParcelId>,
	/// The account that paid the deposit, and the deposit.
	pub depositor: T::AccountId,
	pub deposit: BalanceOf<T>,
}

/// A product class (a GTIN).
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct ProductClass<T: Config> {
	/// The organisation that registered it.
	pub owner: DidOf<T>,
	pub code: Code<T>,
	pub unit: Unit,
	/// What its lots must be kept in while in transit, if anything.
	pub condition: Option<Condition>,
	pub depositor: T::AccountId,
	pub deposit: BalanceOf<T>,
}

/// Where a lot is in its life.
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
pub enum LotStatus {
	Active,
	/// All of it went into transformations.
	Consumed,
	/// Reached by a recall while active.
	Recalled,
	/// Decommissioned: destroyed, lost, disposed of.
	Destroyed,
}

/// A lot (a traceability lot code), or a container (an SSCC): goods of one class.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Lot<T: Config> {
	pub class: ClassId,
	pub code: Code<T>,
	/// The organisation that commissioned it, or that transformed its parents into it.
	pub producer: DidOf<T>,
	pub owner: DidOf<T>,
	/// Who has it in hand. While the lot is packed its container's custodian has it.
	pub custodian: DidOf<T>,
	/// The quantity it was created with, in its class's unit.
	pub produced: u64,
	/// What is left of it: the rest went into transformations.
	pub remaining: u64,
	pub status: LotStatus,
	/// Where it was last recorded.
	pub location: Option<LocationId>,
	/// The lots it was made from.
	pub parents: BoundedVec<LotId, T::MaxLotsPerEvent>,
	/// The lots made from it.
	pub children: BoundedVec<LotId, T::MaxChildren>,
	/// The container it is packed in.
	pub container: Option<LotId>,
	/// The lots packed in it, if it is a container.
	pub contents: BoundedVec<LotId, T::MaxContents>,
	/// The sensor device attached to it (a container's logger).
	pub device: Option<PublicKey>,
	/// What it must be kept in while in transit: its class's condition, and for a container
	/// the tightest range per metric of its own class's and its contents'.
	pub conditions: Conditions,
	/// A condition check found a breach, or missing data, while it was in transit.
	pub non_conforming: bool,
	/// The recall that reached it, if any.
	pub recall: Option<RecallId>,
	pub depositor: T::AccountId,
	pub deposit: BalanceOf<T>,
}

/// A business transaction's kind, as CBV 2.0 names them.
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
pub enum TransactionKind {
	PurchaseOrder,
	Invoice,
	DespatchAdvice,
	BillOfLading,
	ReceivingAdvice,
}

/// A reference to a business transaction (an EPCIS `bizTransaction`).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct BizTransaction<T: Config> {
	pub kind: TransactionKind,
	pub reference: Code<T>,
}

/// A lot handed over and not yet accepted or rejected.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Shipment<T: Config> {
	pub sender: DidOf<T>,
	pub receiver: DidOf<T>,
	pub destination: Option<LocationId>,
	/// When the shipment was recorded on chain, in milliseconds after the Unix epoch.
	pub shipped_at: u64,
	/// The first interval of the transit whose condition has not been checked yet.
	pub unchecked_from: IntervalIndex,
	/// If given, ownership passes to the receiver on acceptance under this transaction.
	pub transaction: Option<BizTransaction<T>>,
}

/// A lot with conditions kept at a location watched by a device: from its arrival there until
/// it leaves, checked against its conditions like a transit.
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
pub struct Stay {
	pub location: LocationId,
	/// The location's device when the lot arrived: the whole stay is checked against its
	/// readings, so that detaching or replacing it later hides no breach.
	pub device: PublicKey,
	/// The first interval of the stay whose conditions have not been checked yet.
	pub unchecked_from: IntervalIndex,
}

/// An EPCIS action: what an event does to the objects it names.
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
pub enum Action {
	Add,
	Observe,
	Delete,
}

/// A CBV business step: why an event happened.
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
pub enum BizStep {
	Commissioning,
	Decommissioning,
	Inspecting,
	Storing,
	Holding,
	Packing,
	Unpacking,
	Shipping,
	Receiving,
	Accepting,
	Transforming,
	RetailSelling,
	SensorReporting,
	Recalling,
	Other,
	/// Handing goods to the person they are meant for (aid to a beneficiary).
	Dispensing,
	/// Declaring that goods of an earlier shipping event were not shipped after all.
	VoidShipping,
}

/// A CBV disposition: the state of the objects after an event.
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
pub enum Disposition {
	Active,
	InProgress,
	InTransit,
	Conformant,
	NonConformant,
	Damaged,
	Expired,
	Recalled,
	Destroyed,
	Rejected,
	SellableAccessible,
	Other,
	/// Handed to the person it was meant for.
	Dispensed,
}

/// A hash algorithm of off-chain documents.
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
pub enum HashAlgorithm {
	Sha256,
	Sha3_256,
	Blake2b256,
	Keccak256,
}

/// The hash of an event's full EPCIS document, kept off chain: the chain does not normalise
/// EPCIS JSON, so the hash is whatever the recorder computed.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct DocumentHash {
	pub algorithm: HashAlgorithm,
	pub digest: BoundedVec<u8, ConstU32<64>>,
}

/// What a caller says about an event besides its objects: when and where it happened, and
/// the hash of its off-chain document.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct EventContext {
	/// When it happened, in milliseconds after the Unix epoch; not after now.
	pub time: u64,
	/// The read point, a registered location.
	pub read_point: Option<LocationId>,
	pub document: Option<DocumentHash>,
}

/// What an event did, by EPCIS event type.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub enum EventKind<T: Config> {
	/// Lots commissioned (`Add`), observed or inspected (`Observe`), decommissioned (`Delete`).
	Object { action: Action, lots: BoundedVec<LotId, T::MaxLotsPerEvent> },
	/// Lots packed into (`Add`) or unpacked from (`Delete`) a container.
	Aggregation { action: Action, container: LotId, lots: BoundedVec<LotId, T::MaxLotsPerEvent> },
	/// Quantities of input lots became output lots.
	Transformation {
		inputs: BoundedVec<(LotId, u64), T::MaxLotsPerEvent>,
		outputs: BoundedVec<(LotId, u64), T::MaxLotsPerEvent>,
	},
	/// A lot's ownership passed under a business transaction.
	Transaction { lot: LotId, transaction: BizTransaction<T>, from: DidOf<T>, to: DidOf<T> },
	/// A device was attached to (`Add`) or detached from (`Delete`) a lot.
	Association { action: Action, lot: LotId, device: PublicKey },
	/// A programme's ration was handed out from a lot to a beneficiary, who is not named (an
	/// EPCIS object event with a quantity).
	Handout { programme: ProgrammeId, lot: LotId, quantity: u64 },
}

/// What the sensor data said about a lot's transit or stay (an EPCIS sensor element).
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
pub struct ConditionEvidence {
	/// The device whose readings were checked; none was attached if `None`.
	pub device: Option<PublicKey>,
	pub metric: MetricId,
	/// The intervals checked, `from` to `to` inclusive.
	pub from: IntervalIndex,
	pub to: IntervalIndex,
	pub outcome: ConditionOutcome,
}

/// The outcome of a condition check.
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
pub enum ConditionOutcome {
	/// Every interval that has ended had readings, and every reading was in range.
	Kept,
	/// An interval's readings left the range: its lowest and highest values.
	Breached { interval: IntervalIndex, min: i64, max: i64 },
	/// An interval that has ended had no readings (or no device was attached).
	Missing { interval: IntervalIndex },
}

/// An event as recorded.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct EventRecord<T: Config> {
	pub kind: EventKind<T>,
	/// The organisation that recorded it.
	pub recorder: DidOf<T>,
	pub context: EventContext,
	/// The block it was recorded in.
	pub recorded_in: BlockNumberFor<T>,
	pub step: BizStep,
	pub disposition: Disposition,
	/// What the sensor data said, for events that checked conditions.
	pub evidence: Evidence,
	pub depositor: T::AccountId,
	pub deposit: BalanceOf<T>,
}

/// An error declaration (EPCIS 2.0): the event was wrong; the corrective events replace it.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct ErrorDeclaration<T: Config> {
	pub declared_at: u64,
	pub reason: Text<T>,
	pub corrective: BoundedVec<EventId, T::MaxLotsPerEvent>,
}

/// A recall spreading from a lot to every lot made from it and every container holding one.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Recall<T: Config> {
	pub lot: LotId,
	pub by: DidOf<T>,
	pub reason: Text<T>,
	/// The queue of the lots reached, in order: positions `0 .. tail` of `RecallQueue` were
	/// used, so `tail` lots were reached; those at `head .. tail` still have their children to
	/// reach. The recall is complete when `head == tail`.
	pub head: u32,
	pub tail: u32,
}

/// How much of a programme was handed out, and how many times.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Handouts {
	pub count: u32,
	pub quantity: u64,
}

/// An aid programme: an agency hands each eligible beneficiary a ration of a product class per
/// period, from its lots, at distribution points.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct AidProgramme<T: Config> {
	/// The aid agency running it, which owns the lots handed out.
	pub agency: DidOf<T>,
	/// What is handed out.
	pub class: ClassId,
	/// The district a beneficiary's credential must carry, if any.
	pub district: Option<ScopeCode>,
	/// The quantity each beneficiary receives per period, in the class's unit.
	pub ration: u64,
	/// The length of an entitlement period, in milliseconds.
	pub period: u64,
	/// When period 0 started (the programme's opening), in milliseconds after the Unix epoch.
	pub start: u64,
	/// No more handouts once closed.
	pub closed: bool,
	/// Everything handed out so far.
	pub handed_out: Handouts,
	/// Claims removed once their period was over: with the claims kept, one per handout.
	pub claims_pruned: u32,
	pub depositor: T::AccountId,
	pub deposit: BalanceOf<T>,
}

/// The Merkle root of a batch of EPCIS event hashes an organisation keeps off chain.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct EventAnchor<T: Config> {
	pub organisation: DidOf<T>,
	/// Root of the binary Merkle tree (Blake2-256) over the 32-byte event hashes.
	pub root: sp_core::H256,
	/// How many event hashes the batch holds.
	pub count: u32,
	/// The event times the batch covers, in milliseconds after the Unix epoch, inclusive.
	pub from: u64,
	pub until: u64,
	/// The block it was anchored in.
	pub anchored_in: BlockNumberFor<T>,
	pub depositor: T::AccountId,
	pub deposit: BalanceOf<T>,
}

/// Why an event hash does not prove against an anchor.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum AnchorProofError {
	UnknownAnchor,
	/// The proof does not lead from the hash (at its index) to the anchor's root.
	NotInBatch,
}
