//! The records the land registry keeps.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
pub use polis_primitives::ParcelId;
use polis_primitives::ScopeCode;
use scale_info::TypeInfo;
use sp_core::H256;

use crate::{
	geometry::{Bounds, Point, TriangleIndices},
	BalanceOf, Config,
};

/// Identifier of a sale, assigned in proposal order.
pub type SaleId = u64;
/// Identifier of an encumbrance, assigned in proposal order.
pub type EncumbranceId = u64;
/// Identifier of a dispute, assigned in order.
pub type DisputeId = u64;
/// A city district; registrar credentials carry it as their scope.
pub type DistrictId = ScopeCode;

/// A parcel's boundary: a simple polygon, stored counter-clockwise.
pub type Boundary<T> = BoundedVec<Point, <T as Config>::MaxVertices>;
/// A boundary's triangulation (a polygon of `n` vertices has `n - 2` triangles).
pub type Triangulation<T> = BoundedVec<TriangleIndices, <T as Config>::MaxVertices>;
/// Parcels a parcel was split from or merged from, or into.
pub type Lineage<T> = BoundedVec<ParcelId, <T as Config>::MaxLineage>;

/// What the land may be used for under the city's zoning.
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
pub enum LandUse {
	Residential,
	Commercial,
	Industrial,
	Agricultural,
	Public,
	Mixed,
	Other,
}

/// Funds held from an account for a record, returned to it when the record goes.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Deposit<T: Config> {
	pub account: T::AccountId,
	pub amount: BalanceOf<T>,
}

/// Whether a parcel is in force.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub enum ParcelStatus<T: Config> {
	Active,
	/// Subdivided or merged in this block into `successors`; kept as part of the record.
	Retired {
		at: BlockNumberFor<T>,
		successors: Lineage<T>,
	},
}

/// A parcel and its title.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Parcel<T: Config> {
	pub district: DistrictId,
	pub boundary: Boundary<T>,
	/// The boundary's bounding box, kept so that overlap tests reject far parcels unread.
	pub bounds: Bounds,
	/// The boundary's triangulation, kept so that overlap tests need not triangulate it again.
	pub triangles: Triangulation<T>,
	pub land_use: LandUse,
	/// Hash of the title deed or survey plan kept off chain.
	pub document_hash: H256,
	pub owner: T::AccountId,
	pub status: ParcelStatus<T>,
	/// The parcels it was subdivided or merged from.
	pub predecessors: Lineage<T>,
	pub registered_at: BlockNumberFor<T>,
	/// Number of entries in its ownership history.
	pub history_length: u32,
	/// Encumbrances proposed and not yet accepted, rejected or withdrawn (at most
	/// `MaxEncumbranceProposals`).
	pub proposals: u32,
	/// Held from the registrar who registered it, while it is active.
	pub deposit: Deposit<T>,
}

/// How an owner came to hold a parcel.
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
pub enum Acquisition<Balance> {
	/// The first title of a newly registered parcel.
	FirstRegistration,
	/// A completed sale.
	Sale { sale: SaleId, price: Balance },
	/// Split from a parcel of theirs.
	Subdivision { parent: ParcelId },
	/// Merged from parcels of theirs.
	Merger,
	/// The registrar corrected the register on the strength of a document (a court order,
	/// an inheritance).
	Rectification { document_hash: H256 },
}

/// One entry of a parcel's ownership history.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct OwnershipRecord<T: Config> {
	pub owner: T::AccountId,
	pub since: BlockNumberFor<T>,
	pub acquisition: Acquisition<BalanceOf<T>>,
}

/// An objection lodged in a sale's objection window.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Objection<T: Config> {
	pub objector: T::AccountId,
	/// Hash of the grounds, kept off chain.
	pub grounds: H256,
	pub deposit: BalanceOf<T>,
}

/// Where a sale stands.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub enum SaleStatus<T: Config> {
	/// Offered to the buyer.
	Proposed,
	/// Accepted: the price is held in escrow from the buyer.
	Escrowed,
	/// Approved by the registrar; completes after the objection window.
	Approved { objection_window_ends: BlockNumberFor<T> },
	/// Frozen by an objection until the registrar rules on it.
	Frozen { objection_window_ends: BlockNumberFor<T>, objection: Objection<T> },
}

/// An open sale of a parcel; a parcel has at most one.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Sale<T: Config> {
	pub id: SaleId,
	pub seller: T::AccountId,
	pub buyer: T::AccountId,
	pub price: BalanceOf<T>,
	pub status: SaleStatus<T>,
	/// Unless approved by then, anyone may cancel it from this block on.
	pub expires_at: BlockNumberFor<T>,
	/// Held from the seller until the sale completes or is cancelled.
	pub deposit: BalanceOf<T>,
	/// The encumbrances in force when the buyer paid into escrow: the title the buyer agreed
	/// to. One added since (a registrar's court order) stops approval and completion and lets
	/// the buyer withdraw.
	pub agreed_encumbrances: BoundedVec<EncumbranceId, T::MaxEncumbrances>,
}

impl<T: Config> Sale<T> {
	/// Whether the price is held in escrow.
	pub fn is_escrowed(&self) -> bool {
		!matches!(self.status, SaleStatus::Proposed)
	}

	/// Whether, once escrowed, the parcel carries an encumbrance the buyer did not agree to.
	pub fn title_changed(&self, in_force: &[Encumbrance<T>]) -> bool {
		self.is_escrowed()
			&& in_force
				.iter()
				.any(|encumbrance| !self.agreed_encumbrances.contains(&encumbrance.id))
	}
}

/// A right or claim over someone else's land.
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
pub enum EncumbranceKind {
	/// A creditor's claim; blocks transfer unless its holder consents.
	Lien,
	/// Security for a loan; blocks transfer unless its holder consents.
	Mortgage,
	/// A right of way or of use; survives transfer.
	Easement,
	/// A warning that someone claims an interest; blocks transfer unless its holder consents.
	Caveat,
}

impl EncumbranceKind {
	/// Whether it stops a sale its holder has not consented to.
	pub fn blocks_transfer(&self) -> bool {
		!matches!(self, Self::Easement)
	}
}

/// An encumbrance in force on a parcel.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Encumbrance<T: Config> {
	pub id: EncumbranceId,
	pub kind: EncumbranceKind,
	pub holder: T::AccountId,
	/// Hash of its terms, kept off chain.
	pub document_hash: H256,
	pub registered_at: BlockNumberFor<T>,
	/// The sale its holder consented to, if any.
	pub consented_sale: Option<SaleId>,
	pub deposit: Deposit<T>,
}

/// An encumbrance a holder proposed, awaiting the owner's acceptance.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct EncumbranceProposal<T: Config> {
	pub kind: EncumbranceKind,
	pub holder: T::AccountId,
	pub document_hash: H256,
	pub deposit: BalanceOf<T>,
}

/// A flag on a parcel that someone contests its title.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Dispute<T: Config> {
	pub id: DisputeId,
	pub claimant: T::AccountId,
	/// Hash of the claim, kept off chain.
	pub grounds: H256,
	pub raised_at: BlockNumberFor<T>,
	pub deposit: BalanceOf<T>,
}

/// A boundary and land use of a parcel to be created by subdivision.
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
pub struct ParcelPlan<T: Config> {
	pub boundary: Boundary<T>,
	pub land_use: LandUse,
}

/// Where an open sale stands, as the runtime API reports it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum SaleStageView<AccountId, BlockNumber> {
	Proposed,
	Escrowed,
	Approved { objection_window_ends: BlockNumber },
	Frozen { objection_window_ends: BlockNumber, objector: AccountId, grounds: H256 },
}

/// An open sale, as the runtime API reports it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct SaleView<AccountId, Balance, BlockNumber> {
	pub id: SaleId,
	pub seller: AccountId,
	pub buyer: AccountId,
	pub price: Balance,
	pub stage: SaleStageView<AccountId, BlockNumber>,
	pub expires_at: BlockNumber,
}

/// An encumbrance in force or proposed, as the runtime API reports it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct EncumbranceView<AccountId, BlockNumber> {
	pub id: EncumbranceId,
	pub kind: EncumbranceKind,
	pub holder: AccountId,
	pub document_hash: H256,
	/// `None` while it awaits the owner's acceptance.
	pub registered_at: Option<BlockNumber>,
	pub consented_sale: Option<SaleId>,
}

/// An open dispute, as the runtime API reports it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct DisputeView<AccountId, BlockNumber> {
	pub id: DisputeId,
	pub claimant: AccountId,
	pub grounds: H256,
	pub raised_at: BlockNumber,
}

/// One entry of an ownership history, as the runtime API reports it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct OwnershipView<AccountId, Balance, BlockNumber> {
	pub owner: AccountId,
	pub since: BlockNumber,
	pub acquisition: Acquisition<Balance>,
}

/// A parcel with its title, lineage, history, encumbrances, open sale and disputes.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct ParcelView<AccountId, Balance, BlockNumber> {
	pub id: ParcelId,
	pub district: DistrictId,
	pub boundary: alloc::vec::Vec<Point>,
	pub land_use: LandUse,
	pub document_hash: H256,
	pub owner: AccountId,
	pub registered_at: BlockNumber,
	/// The block it was subdivided or merged in, if it was.
	pub retired_at: Option<BlockNumber>,
	pub predecessors: alloc::vec::Vec<ParcelId>,
	pub successors: alloc::vec::Vec<ParcelId>,
	/// The latest `VIEW_HISTORY` owners, oldest first; `LandRegistryApi::history` pages
	/// through all `history_length`.
	pub history: alloc::vec::Vec<OwnershipView<AccountId, Balance, BlockNumber>>,
	pub history_length: u32,
	/// In force, then proposed.
	pub encumbrances: alloc::vec::Vec<EncumbranceView<AccountId, BlockNumber>>,
	pub sale: Option<SaleView<AccountId, Balance, BlockNumber>>,
	pub disputes: alloc::vec::Vec<DisputeView<AccountId, BlockNumber>>,
}
