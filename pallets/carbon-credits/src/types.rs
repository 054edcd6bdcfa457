//! The records the carbon registry keeps.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use polis_primitives::{ParcelChange, ParcelId};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Percent;

use crate::{BalanceOf, Config, DidOf};

/// Identifier of a methodology, assigned in registration order.
pub type MethodologyId = u32;
/// Identifier of a project, assigned in proposal order.
pub type ProjectId = u32;
/// Identifier of a monitoring report, assigned in submission order.
pub type ReportId = u64;
/// Identifier of a batch of credits, assigned in issuance order.
pub type BatchId = u64;
/// Identifier of a retirement certificate, assigned in retirement order.
pub type RetirementId = u64;
/// A credit's serial number: one per tonne of CO₂e, unique across the registry.
pub type Serial = u64;
/// Identifier of a pledge inventory, assigned in opening order.
pub type InventoryId = u32;
/// Identifier of a sell order, assigned in listing order.
pub type ListingId = u64;
/// Identifier of an external registry credits are bridged from, assigned in registration order.
pub type RegistryId = u32;

/// What a methodology's credits stand for.
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
pub enum CreditType {
	/// Emissions avoided (renewable energy displacing the grid's).
	Avoidance,
	/// CO₂ removed from the atmosphere (trees, soil).
	Removal,
}

/// A methodology, as governance registers it.
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
pub struct Methodology {
	/// Hash of the methodology's document, kept off chain.
	pub document_hash: H256,
	pub credit_type: CreditType,
	/// The share of every issuance withheld into the buffer pool against reversals.
	pub buffer: Percent,
	/// How long, in years, the project must keep its carbon stored (removals).
	pub permanence_years: u16,
	/// Whether its projects are credited from their renewable generation metered on chain
	/// (generation certificates of the energy market) instead of monitoring reports.
	pub metered: bool,
}

/// Where a project is in its life.
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
pub enum ProjectStatus {
	/// Proposed by its developer, waiting for a validation body.
	Proposed,
	/// Validated, waiting for the registry authority to register it.
	Validated,
	/// Registered: its monitoring reports are verified into credits.
	Registered,
	/// Suspended by the registry authority (after a reversal, or for review).
	Suspended,
	/// Ended: issues no more credits.
	Ended,
}

/// A project as its developer proposed it.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Project<T: Config> {
	pub developer: T::AccountId,
	/// The developer's DID, whose verifiers may not verify the project.
	pub did: DidOf<T>,
	pub methodology: MethodologyId,
	/// The land parcels it stands on: the developer owned or held each when proposing.
	pub parcels: BoundedVec<ParcelId, T::MaxParcels>,
	/// Hash of the project's design document, kept off chain.
	pub document_hash: H256,
	pub status: ProjectStatus,
	/// The validation body's DID, once validated.
	pub validator: Option<DidOf<T>>,
	/// The end of the last monitoring period credits were issued for, in ms since the Unix
	/// epoch: a report starts there or later, so no period is credited twice.
	pub issued_until: u64,
	/// The monitoring report waiting for verification, if any.
	pub pending_report: Option<ReportId>,
	/// Batches issued so far; the next batch's sequence number.
	pub batches: u32,
	/// Metered generation claimed and not yet reported (metered methodologies only).
	pub metered: MeteredTally,
	/// The parcel change that put the project under the registry authority's review, if any:
	/// no report is approved until the review is cleared.
	pub review: Option<(ParcelId, ParcelChange)>,
	/// For a project bridged from an external registry, where its credits are issued: it has
	/// no parcels and files no reports; its credits are imported.
	pub external: Option<ExternalProject<T>>,
	/// Held from the developer for the record.
	pub deposit: BalanceOf<T>,
}

/// A project of an external registry, as its credits are bridged in.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct ExternalProject<T: Config> {
	pub registry_id: RegistryId,
	/// Its identifier there ("VCS-981").
	pub id: BoundedVec<u8, T::MaxTextLen>,
}

/// An external registry (Verra, Gold Standard) whose credits may be bridged in.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct ExternalRegistry<T: Config> {
	pub name: BoundedVec<u8, T::MaxTextLen>,
	/// The account that bridges its credits in: it retires or locks them there first.
	pub bridge: T::AccountId,
}

/// A range of an external registry's serials admitted as one batch.
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
pub struct AdmittedRange {
	/// The range's first external serial (it is keyed by its last).
	pub first: u64,
	pub batch: BatchId,
}

/// Renewable generation a metered project claimed from generation certificates since its last
/// metered report.
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
pub struct MeteredTally {
	/// Wh claimed.
	pub wh: u64,
	/// The emissions they avoided, in milligrams of CO₂e (Wh × the year's grams per kWh),
	/// with the fraction of a tonne left over from the last report.
	pub avoided_mg: u64,
	/// The earliest start and latest end of the delivery intervals claimed, in ms since the
	/// Unix epoch; `None` while no Wh are claimed.
	pub period: Option<(u64, u64)>,
}

/// What a report's tonnes rest on.
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
pub enum Evidence {
	/// A monitoring report kept off chain, by its hash.
	Document(H256),
	/// Metered renewable generation claimed on chain: this many Wh.
	Metered { wh: u64 },
}

/// A monitoring report waiting for a verifier.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Report<T: Config> {
	pub project: ProjectId,
	/// The monitoring period, in ms since the Unix epoch: `[period_start, period_end)`.
	pub period_start: u64,
	pub period_end: u64,
	/// Tonnes of CO₂e claimed.
	pub tonnes: u64,
	pub evidence: Evidence,
	/// Held from the developer until the report is approved or rejected.
	pub deposit: BalanceOf<T>,
}

/// A batch of credits: one project's issuance for one monitoring period (its vintage).
///
/// Its serials are `first_serial .. first_serial + issued`: retirements and cancellations take
/// them from the front, in order (`consumed`), the buffer pool holds the last `buffer` of them
/// and reversals cancel from the pool's front (`buffer_cancelled`). Invariant: the holders'
/// balances + `retired` + `cancelled` + `buffer` = `issued`.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Batch<T: Config> {
	pub project: ProjectId,
	/// The batch's number within its project, from 1.
	pub sequence: u32,
	/// The monitoring period it was issued for, in ms since the Unix epoch.
	pub vintage_start: u64,
	pub vintage_end: u64,
	pub issued: u64,
	pub first_serial: Serial,
	/// Credits retired, and cancelled (by holders, or from the buffer after a reversal).
	pub retired: u64,
	pub cancelled: u64,
	/// Credits in the buffer pool, which nobody can transfer.
	pub buffer: u64,
	/// Serials taken by retirements and cancellations of holders' credits, from the front.
	pub consumed: u64,
	/// Buffer credits cancelled after reversals, from the pool's front.
	pub buffer_cancelled: u64,
	pub issued_at: BlockNumberFor<T>,
}

/// The name of a batch as registries print it: `<project>-<vintage start>-<vintage end>-<n>`
/// (the vintage as days since the Unix epoch).
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
pub struct BatchName {
	pub project: ProjectId,
	pub start_day: u32,
	pub end_day: u32,
	pub sequence: u32,
}

/// What a retirement is for, as its owner declares it.
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
pub struct RetirementClaim<T: Config> {
	/// Who the retirement is for: a DID's name, a person, an organisation.
	pub beneficiary: BoundedVec<u8, T::MaxTextLen>,
	/// Why: "the city's 2026 climate pledge".
	pub reason: BoundedVec<u8, T::MaxTextLen>,
	/// Where the emissions it compensates happened (an ISO 3166-2 code, a city).
	pub jurisdiction: BoundedVec<u8, T::MaxTextLen>,
	/// The consumption period it compensates, in ms since the Unix epoch.
	pub period_start: u64,
	pub period_end: u64,
	/// The owner's pledge inventory it counts against, of the year the period starts in.
	pub inventory: Option<InventoryId>,
}

/// A named inventory of retirements: a city's climate pledge for a year.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Inventory<T: Config> {
	/// Whose retirements count against it.
	pub owner: T::AccountId,
	pub name: BoundedVec<u8, T::MaxTextLen>,
	/// The calendar year (UTC) of the consumption it covers.
	pub year: u16,
	/// Tonnes retired against it.
	pub tonnes: u64,
	/// Held from the owner for the record, which is kept for good.
	pub deposit: BalanceOf<T>,
}

/// A retirement certificate: credits retired for good, with their serials.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Retirement<T: Config> {
	pub owner: T::AccountId,
	pub batch: BatchId,
	pub tonnes: u64,
	/// The serials retired: `first_serial .. first_serial + tonnes`.
	pub first_serial: Serial,
	pub claim: RetirementClaim<T>,
	pub retired_at: BlockNumberFor<T>,
	/// Held from the owner for the record, which is kept for good.
	pub deposit: BalanceOf<T>,
}

/// A batch as clients see it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct BatchView {
	pub id: BatchId,
	pub name: BatchName,
	pub issued: u64,
	pub first_serial: Serial,
	pub retired: u64,
	pub cancelled: u64,
	pub buffer: u64,
}

/// A project with its batches, as clients see it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct ProjectView<AccountId> {
	pub developer: AccountId,
	pub methodology: MethodologyId,
	pub parcels: alloc::vec::Vec<ParcelId>,
	pub status: ProjectStatus,
	pub issued_until: u64,
	pub pending_report: Option<ReportId>,
	/// Metered generation claimed and not yet reported.
	pub metered: MeteredTally,
	/// The parcel change it is under review for, if any.
	pub review: Option<(ParcelId, ParcelChange)>,
	/// For a bridged project, its external registry and its identifier there.
	pub external: Option<(RegistryId, alloc::vec::Vec<u8>)>,
	/// Its batches in issuance order, at most `MAX_PAGE`.
	pub batches: alloc::vec::Vec<BatchView>,
}

/// A retirement certificate as clients see it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct RetirementView<AccountId, BlockNumber> {
	pub owner: AccountId,
	pub batch: BatchId,
	pub batch_name: BatchName,
	pub tonnes: u64,
	/// The serials retired: `first_serial .. first_serial + tonnes`.
	pub first_serial: Serial,
	pub beneficiary: alloc::vec::Vec<u8>,
	pub reason: alloc::vec::Vec<u8>,
	pub jurisdiction: alloc::vec::Vec<u8>,
	pub period_start: u64,
	pub period_end: u64,
	pub inventory: Option<InventoryId>,
	pub retired_at: BlockNumber,
}

/// Credits offered at a fixed price per tonne, held in escrow until bought or withdrawn.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Listing<T: Config> {
	pub seller: T::AccountId,
	pub batch: BatchId,
	/// Tonnes still offered.
	pub tonnes: u64,
	pub price_per_tonne: BalanceOf<T>,
	/// Held from the seller for the record until it closes.
	pub deposit: BalanceOf<T>,
}

/// A pledge inventory as clients see it, with its tonnes by project.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct InventoryView<AccountId> {
	pub owner: AccountId,
	pub name: alloc::vec::Vec<u8>,
	pub year: u16,
	pub tonnes: u64,
	/// Tonnes by project, at most `MAX_PAGE` projects.
	pub by_project: alloc::vec::Vec<(ProjectId, u64)>,
}

/// Retirements for consumption in one year, as clients see them.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct YearTotals {
	pub tonnes: u64,
	/// Tonnes by project, at most `MAX_PAGE` projects.
	pub by_project: alloc::vec::Vec<(ProjectId, u64)>,
}
