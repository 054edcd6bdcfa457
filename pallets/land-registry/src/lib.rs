//! # Land registry pallet
//!
//! A city land register in which a title cannot be forged, sold twice or silently encumbered,
//! and every change of ownership is public.
//!
//! ## Roles
//!
//! - The `RegistryOrigin` (governance; Root for now) appoints and dismisses **registrars** per
//!   district. A registrar acts only while it also holds a valid credential of
//!   `RegistrarSchema` scoped to that district (checked through [`CredentialCheck`]).
//! - **Owners** hold titles; an owner must have a DID.
//! - **Holders** of liens, mortgages, easements and caveats; **claimants** who dispute a title
//!   or object to a sale.
//!
//! ## Parcels
//!
//! A registrar registers a parcel's first title: its district, boundary polygon (at most
//! `MaxVertices` fixed-point points, 1e-7 degrees), land use, document hash and owner. The
//! boundary must be a simple polygon that overlaps no active parcel of the district; only
//! parcels sharing a grid cell (`CellSize`) are tested, a parcel may cover at most
//! `MaxCellsPerParcel` cells and a cell hold at most `MaxParcelsPerCell` parcels, which bounds
//! the check. A registrar **subdivides** a parcel into parcels that exactly tile it and
//! **merges** adjacent parcels of one owner into one that they exactly tile; the old parcels
//! are retired but kept, and lineage links both ways. A registrar may also **rectify** the
//! owner on the strength of a document. Every ownership change is appended to the parcel's
//! history.
//!
//! ## Sales
//!
//! 1. The owner proposes a sale to a buyer at a price (`SaleDeposit` held from the seller).
//! 2. The buyer accepts, paying the price into escrow (held on the buyer's account).
//! 3. The district's registrar approves it; the objection window of `ObjectionPeriod` blocks
//!    opens. Anyone (a lien holder, a co-claimant) may object with `DisputeDeposit`, which
//!    freezes the sale until the registrar rules: upheld, the sale is cancelled; dismissed,
//!    the objector's deposit goes to the seller and the window runs on.
//! 4. After the window anyone completes the sale: in one transaction the escrow goes to the
//!    seller and the title to the buyer.
//!
//! A parcel has at most one open sale, so it cannot be sold twice. Seller, buyer or registrar
//! cancel a sale before approval, the registrar also after it; an unapproved sale may be
//! cancelled by anyone once `SaleExpiry` blocks have passed. Cancelling returns escrow and
//! deposit. A sale cannot be approved or completed while the parcel is disputed or carries a
//! lien, mortgage or caveat whose holder has not consented to that sale.
//!
//! ## Encumbrances and disputes
//!
//! A holder proposes an encumbrance (`EncumbranceDeposit` held) and the owner accepts it, or a
//! registrar registers one directly (the deposit held from the registrar). Its holder
//! discharges it, and the deposit returns. Easements survive transfer; liens, mortgages and
//! caveats also stay on the land after a sale their holder consented to. Any account may
//! dispute a title with `DisputeDeposit`; the registrar resolves it, returning the deposit if
//! upheld and paying it to the owner if not.
//!
//! ## Limits
//!
//! - Subdividing and merging need parcels without open sale, encumbrance or dispute.
//! - A parcel holds at most `MaxEncumbrances` encumbrances and `MaxOpenDisputes` disputes.
//! - Retired parcels keep their record and history; their deposits are returned.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod features;
pub mod geometry;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::{collections::BTreeSet, vec::Vec};
use frame_support::{
	dispatch::DispatchResult,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::{Fortitude, Precision, Restriction},
		Get,
	},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use geometry::{Bounds, Cell, Point, Shape};
use polis_primitives::{CredentialCheck, OnParcelChange, ParcelChange, SchemaId};
use sp_core::H256;
use sp_runtime::{
	traits::{CheckedAdd, CheckedSub, Saturating, Zero},
	ArithmeticError, DispatchError,
};

pub use polis_primitives::MAX_PAGE;

/// Most ownership-history entries a parcel's view carries (the latest).
pub const VIEW_HISTORY: u32 = 32;

/// The balance type of the deposit currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// The runtime API's view of a parcel in a runtime.
pub type ParcelViewOf<T> =
	ParcelView<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// The runtime API's view of an ownership-history entry in a runtime.
pub type OwnershipViewOf<T> =
	OwnershipView<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency of deposits and sale prices.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Appoints and dismisses registrars.
		type RegistryOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Where DIDs and registrar credentials are checked.
		type Credentials: CredentialCheck<Self::AccountId, BlockNumberFor<Self>>;

		/// Told when a parcel's title passes to another owner or the parcel is retired (carbon
		/// projects on it are reviewed).
		type OnParcelChange: OnParcelChange;

		/// The schema of the credential a registrar must hold, scoped to its district.
		#[pallet::constant]
		type RegistrarSchema: Get<SchemaId>;

		/// Held from the registrar per active parcel.
		#[pallet::constant]
		type ParcelDeposit: Get<BalanceOf<Self>>;
		/// Held from the seller per open sale.
		#[pallet::constant]
		type SaleDeposit: Get<BalanceOf<Self>>;
		/// Held from the holder (or registering registrar) per encumbrance or proposal.
		#[pallet::constant]
		type EncumbranceDeposit: Get<BalanceOf<Self>>;
		/// Held from a claimant per dispute and from an objector per objection.
		#[pallet::constant]
		type DisputeDeposit: Get<BalanceOf<Self>>;

		/// Blocks after approval in which a sale can be objected to.
		#[pallet::constant]
		type ObjectionPeriod: Get<BlockNumberFor<Self>>;
		/// Blocks after its proposal after which an unapproved sale may be cancelled by anyone.
		#[pallet::constant]
		type SaleExpiry: Get<BlockNumberFor<Self>>;

		/// Most vertices of a boundary.
		#[pallet::constant]
		type MaxVertices: Get<u32>;
		/// Side of a spatial index cell, in 1e-7 degrees.
		#[pallet::constant]
		type CellSize: Get<i32>;
		/// Most index cells a parcel's bounding box may cover.
		#[pallet::constant]
		type MaxCellsPerParcel: Get<u32>;
		/// Most active parcels in one index cell.
		#[pallet::constant]
		type MaxParcelsPerCell: Get<u32>;
		/// Most parcels a subdivision creates or a merger joins.
		#[pallet::constant]
		type MaxLineage: Get<u32>;
		/// Most encumbrances in force on a parcel.
		#[pallet::constant]
		type MaxEncumbrances: Get<u32>;
		/// Most encumbrances proposed and awaiting the owner on one parcel.
		#[pallet::constant]
		type MaxEncumbranceProposals: Get<u32>;
		/// Most open disputes on a parcel.
		#[pallet::constant]
		type MaxOpenDisputes: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// An active parcel, from the registrar who registered it.
		ParcelDeposit,
		/// An open sale, from the seller.
		SaleDeposit,
		/// A sale's price, from the buyer, until the sale completes or is cancelled.
		Escrow,
		/// An encumbrance or its proposal.
		EncumbranceDeposit,
		/// A dispute or an objection.
		DisputeDeposit,
	}

	/// Registrars by district.
	#[pallet::storage]
	pub type Registrars<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DistrictId,
		Blake2_128Concat,
		T::AccountId,
		(),
		OptionQuery,
	>;

	/// The identifier the next parcel gets.
	#[pallet::storage]
	pub type NextParcelId<T> = StorageValue<_, ParcelId, ValueQuery>;

	/// Every parcel ever registered, active or retired, with its title.
	#[pallet::storage]
	pub type Parcels<T: Config> = StorageMap<_, Twox64Concat, ParcelId, Parcel<T>>;

	/// Ownership history by parcel and entry number, oldest first.
	#[pallet::storage]
	pub type History<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ParcelId, Twox64Concat, u32, OwnershipRecord<T>>;

	/// Active parcels by owner.
	#[pallet::storage]
	pub type ParcelsOf<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		ParcelId,
		(),
		OptionQuery,
	>;

	/// Spatial index: the active parcels, of every district, whose bounding box covers a
	/// cell, so that no two titles overlap wherever their districts meet.
	#[pallet::storage]
	pub type CellIndex<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		Cell,
		BoundedVec<ParcelId, T::MaxParcelsPerCell>,
		ValueQuery,
	>;

	/// The identifier the next sale gets.
	#[pallet::storage]
	pub type NextSaleId<T> = StorageValue<_, SaleId, ValueQuery>;

	/// The open sale of a parcel.
	#[pallet::storage]
	pub type Sales<T: Config> = StorageMap<_, Twox64Concat, ParcelId, Sale<T>>;

	/// Sum of the prices held in escrow.
	#[pallet::storage]
	pub type TotalEscrow<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// The identifier the next encumbrance gets.
	#[pallet::storage]
	pub type NextEncumbranceId<T> = StorageValue<_, EncumbranceId, ValueQuery>;

	/// Encumbrances in force, by parcel.
	#[pallet::storage]
	pub type Encumbrances<T: Config> = StorageMap<
		_,
		Twox64Concat,
		ParcelId,
		BoundedVec<Encumbrance<T>, T::MaxEncumbrances>,
		ValueQuery,
	>;

	/// Encumbrances proposed by holders, awaiting the owner, by parcel and identifier.
	#[pallet::storage]
	pub type EncumbranceProposals<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ParcelId,
		Twox64Concat,
		EncumbranceId,
		EncumbranceProposal<T>,
	>;

	/// The identifier the next dispute gets.
	#[pallet::storage]
	pub type NextDisputeId<T> = StorageValue<_, DisputeId, ValueQuery>;

	/// Open disputes, by parcel.
	#[pallet::storage]
	pub type Disputes<T: Config> = StorageMap<
		_,
		Twox64Concat,
		ParcelId,
		BoundedVec<Dispute<T>, T::MaxOpenDisputes>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A registrar was appointed for a district.
		RegistrarAppointed { district: DistrictId, registrar: T::AccountId },
		/// A registrar was dismissed.
		RegistrarDismissed { district: DistrictId, registrar: T::AccountId },
		/// A parcel's first title was registered.
		ParcelRegistered { parcel: ParcelId, district: DistrictId, owner: T::AccountId },
		/// A parcel was subdivided; it is retired.
		ParcelSubdivided { parent: ParcelId, children: Lineage<T> },
		/// Parcels were merged into one; they are retired.
		ParcelsMerged { parents: Lineage<T>, parcel: ParcelId },
		/// A registrar corrected a parcel's owner.
		OwnerRectified {
			parcel: ParcelId,
			from: T::AccountId,
			to: T::AccountId,
			document_hash: H256,
		},
		/// An owner offered a parcel for sale.
		SaleProposed {
			parcel: ParcelId,
			sale: SaleId,
			seller: T::AccountId,
			buyer: T::AccountId,
			price: BalanceOf<T>,
		},
		/// The buyer accepted and the price is in escrow.
		SaleAccepted { parcel: ParcelId, sale: SaleId },
		/// The registrar approved a sale; objections are open until the given block.
		SaleApproved { parcel: ParcelId, sale: SaleId, objection_window_ends: BlockNumberFor<T> },
		/// An objection froze a sale.
		SaleObjected { parcel: ParcelId, sale: SaleId, objector: T::AccountId },
		/// The registrar upheld an objection; the sale is cancelled.
		ObjectionUpheld { parcel: ParcelId, sale: SaleId },
		/// The registrar dismissed an objection; the objector's deposit went to the seller.
		ObjectionDismissed { parcel: ParcelId, sale: SaleId },
		/// The title moved to the buyer and the escrow to the seller.
		SaleCompleted {
			parcel: ParcelId,
			sale: SaleId,
			seller: T::AccountId,
			buyer: T::AccountId,
			price: BalanceOf<T>,
		},
		/// A sale was cancelled; escrow and deposit were returned.
		SaleCancelled { parcel: ParcelId, sale: SaleId },
		/// A holder proposed an encumbrance.
		EncumbranceProposed {
			parcel: ParcelId,
			encumbrance: EncumbranceId,
			kind: EncumbranceKind,
			holder: T::AccountId,
		},
		/// An encumbrance came into force.
		EncumbranceRegistered {
			parcel: ParcelId,
			encumbrance: EncumbranceId,
			kind: EncumbranceKind,
			holder: T::AccountId,
		},
		/// The owner rejected a proposed encumbrance.
		EncumbranceRejected { parcel: ParcelId, encumbrance: EncumbranceId },
		/// The holder discharged an encumbrance or withdrew its proposal.
		EncumbranceDischarged { parcel: ParcelId, encumbrance: EncumbranceId },
		/// An encumbrance's holder consented to a sale.
		SaleConsented { parcel: ParcelId, encumbrance: EncumbranceId, sale: SaleId },
		/// A title was disputed.
		DisputeRaised { parcel: ParcelId, dispute: DisputeId, claimant: T::AccountId },
		/// The registrar resolved a dispute.
		DisputeResolved { parcel: ParcelId, dispute: DisputeId, upheld: bool },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a registrar of the district.
		AlreadyRegistrar,
		/// The caller is not a registrar of the parcel's district.
		NotRegistrar,
		/// The registrar holds no valid registrar credential for the district.
		NoRegistrarCredential,
		/// An owner or buyer must have an active DID.
		NoDid,
		/// A boundary needs at least three vertices.
		TooFewVertices,
		/// A vertex lies beyond ±90° latitude or ±180° longitude.
		OutOfRange,
		/// The boundary is not a simple polygon.
		NotSimple,
		/// The boundary covers more than `MaxCellsPerParcel` index cells.
		ParcelTooLarge,
		/// An index cell already holds `MaxParcelsPerCell` parcels.
		CellFull,
		/// The boundary overlaps an active parcel of the district.
		Overlaps,
		/// No parcel has this identifier.
		UnknownParcel,
		/// The parcel was subdivided or merged.
		ParcelRetired,
		/// A subdivision or merger needs at least two parcels.
		TooFewParts,
		/// A parcel is listed twice.
		DuplicateParcel,
		/// Merged parcels must lie in one district.
		DistrictMismatch,
		/// Merged parcels must have one owner.
		OwnerMismatch,
		/// The new parcels do not exactly cover the old ones.
		NotATiling,
		/// The parcel has an open sale.
		SaleOpen,
		/// The parcel carries an encumbrance.
		Encumbered,
		/// The parcel carries a lien, mortgage or caveat whose holder has not consented to
		/// the sale.
		UnconsentedEncumbrance,
		/// The parcel has an open dispute.
		Disputed,
		/// The caller does not own the parcel.
		NotOwner,
		/// The account already owns the parcel.
		AlreadyOwner,
		/// The price must not be zero.
		ZeroPrice,
		/// The parcel has no open sale.
		NoSale,
		/// The caller is not the sale's buyer.
		NotBuyer,
		/// The price differs from the sale's.
		PriceMismatch,
		/// The sale is not at the stage this needs.
		WrongSaleStage,
		/// The sale expired before approval.
		SaleExpired,
		/// The objection window is over.
		ObjectionWindowClosed,
		/// The objection window is still open.
		ObjectionWindowOpen,
		/// The caller may not cancel the sale now.
		CannotCancel,
		/// An owner cannot encumber their own parcel.
		HolderIsOwner,
		/// The parcel carries an encumbrance the buyer did not agree to when paying into
		/// escrow; the buyer may withdraw.
		TitleChanged,
		/// The seller and the buyer cannot object to their own sale.
		PartyCannotObject,
		/// An owner cannot dispute their own title.
		OwnerCannotDispute,
		/// The registrar is a party to the matter (owner, buyer, seller, holder, objector or
		/// claimant) and cannot decide it; another registrar of the district must.
		ConflictOfInterest,
		/// The parcel already has `MaxEncumbranceProposals` proposals awaiting its owner.
		TooManyProposals,
		/// The parcel already carries `MaxEncumbrances` encumbrances.
		TooManyEncumbrances,
		/// No encumbrance or proposal of the parcel has this identifier.
		UnknownEncumbrance,
		/// The caller does not hold the encumbrance.
		NotHolder,
		/// The parcel already has `MaxOpenDisputes` open disputes.
		TooManyDisputes,
		/// No open dispute of the parcel has this identifier.
		UnknownDispute,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxVertices::get() >= 3);
			// Triangles name their corners by a byte.
			assert!(T::MaxVertices::get() <= 256);
			assert!(T::CellSize::get() > 0);
			assert!(T::MaxCellsPerParcel::get() >= 1);
			assert!(T::MaxParcelsPerCell::get() >= 2);
			assert!(T::MaxLineage::get() >= 2);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Appoints `registrar` for `district`. It acts only while it also holds a registrar
		/// credential scoped to the district.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::appoint_registrar())]
		pub fn appoint_registrar(
			origin: OriginFor<T>,
			district: DistrictId,
			registrar: T::AccountId,
		) -> DispatchResult {
			T::RegistryOrigin::ensure_origin(origin)?;
			ensure!(
				!Registrars::<T>::contains_key(district, &registrar),
				Error::<T>::AlreadyRegistrar
			);
			Registrars::<T>::insert(district, &registrar, ());
			Self::deposit_event(Event::RegistrarAppointed { district, registrar });
			Ok(())
		}

		/// Dismisses a registrar of `district`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::dismiss_registrar())]
		pub fn dismiss_registrar(
			origin: OriginFor<T>,
			district: DistrictId,
			registrar: T::AccountId,
		) -> DispatchResult {
			T::RegistryOrigin::ensure_origin(origin)?;
			ensure!(Registrars::<T>::contains_key(district, &registrar), Error::<T>::NotRegistrar);
			Registrars::<T>::remove(district, &registrar);
			Self::deposit_event(Event::RegistrarDismissed { district, registrar });
			Ok(())
		}

		/// Registers the first title of a parcel. Holds `ParcelDeposit` from the registrar.
		/// The weight is charged for every parcel the index could name and refunded for
		/// those it did.
		#[pallet::call_index(2)]
		#[pallet::weight(Pallet::<T>::registration_weight(
			boundary.len() as u32,
			Pallet::<T>::most_overlap_candidates(),
			Pallet::<T>::most_triangle_pairs(
				boundary.len() as u32,
				Pallet::<T>::most_overlap_candidates(),
			),
		))]
		pub fn register_parcel(
			origin: OriginFor<T>,
			district: DistrictId,
			boundary: Boundary<T>,
			land_use: LandUse,
			document_hash: H256,
			owner: T::AccountId,
		) -> DispatchResultWithPostInfo {
			let registrar = Self::ensure_registrar(origin, district)?;
			Self::ensure_impartial(&registrar, [&owner])?;
			ensure!(T::Credentials::did_of(&owner).is_some(), Error::<T>::NoDid);
			let vertices = boundary.len() as u32;
			let footprint = Self::footprint(boundary)?;
			let (examined, pairs) = Self::ensure_no_overlap(&footprint)?;
			let parcel = Self::create_parcel(
				district,
				footprint,
				land_use,
				document_hash,
				owner.clone(),
				&registrar,
				Lineage::<T>::default(),
				Acquisition::FirstRegistration,
			)?;
			Self::deposit_event(Event::ParcelRegistered { parcel, district, owner });
			Ok(Some(Self::registration_weight(vertices, examined, pairs)).into())
		}

		/// Subdivides a parcel into parcels that exactly cover it, of the same owner. The
		/// parent is retired and its deposit returned; the registrar's deposit is held for
		/// each child.
		#[pallet::call_index(3)]
		#[pallet::weight(
			T::WeightInfo::subdivide(children.len() as u32)
				.saturating_add(Pallet::<T>::tiling_weight(children.len() as u32))
				.saturating_add(T::OnParcelChange::weight())
		)]
		pub fn subdivide(
			origin: OriginFor<T>,
			parcel: ParcelId,
			children: BoundedVec<ParcelPlan<T>, T::MaxLineage>,
			document_hash: H256,
		) -> DispatchResult {
			let mut parent = Self::active_parcel(parcel)?;
			let registrar = Self::ensure_registrar(origin, parent.district)?;
			Self::ensure_impartial(&registrar, [&parent.owner])?;
			Self::ensure_unburdened(parcel)?;
			ensure!(children.len() >= 2, Error::<T>::TooFewParts);
			let mut plans = Vec::with_capacity(children.len());
			for child in children {
				plans.push((Self::footprint(child.boundary)?, child.land_use));
			}
			let parts: Vec<(&[Point], &Shape)> =
				plans.iter().map(|(part, _)| (&part.boundary[..], &part.shape)).collect();
			ensure!(geometry::tiles(&parent.boundary, &parts), Error::<T>::NotATiling);

			Self::retire(parcel, &mut parent)?;
			let mut created = Vec::with_capacity(plans.len());
			let lineage = Lineage::<T>::truncate_from(alloc::vec![parcel]);
			for (footprint, land_use) in plans {
				created.push(Self::create_parcel(
					parent.district,
					footprint,
					land_use,
					document_hash,
					parent.owner.clone(),
					&registrar,
					lineage.clone(),
					Acquisition::Subdivision { parent: parcel },
				)?);
			}
			// As many as the bounded plans.
			let created = Lineage::<T>::truncate_from(created);
			parent.status = ParcelStatus::Retired { at: Self::now(), successors: created.clone() };
			Parcels::<T>::insert(parcel, parent);
			Self::deposit_event(Event::ParcelSubdivided { parent: parcel, children: created });
			Ok(())
		}

		/// Merges adjacent parcels of one owner and district into one with `boundary`, which
		/// they must exactly cover. The parents are retired and their deposits returned.
		#[pallet::call_index(4)]
		#[pallet::weight(
			T::WeightInfo::merge(parcels.len() as u32)
				.saturating_add(Pallet::<T>::tiling_weight(parcels.len() as u32))
				.saturating_add(T::OnParcelChange::weight().saturating_mul(parcels.len() as u64))
		)]
		pub fn merge(
			origin: OriginFor<T>,
			parcels: Lineage<T>,
			boundary: Boundary<T>,
			land_use: LandUse,
			document_hash: H256,
		) -> DispatchResult {
			ensure!(parcels.len() >= 2, Error::<T>::TooFewParts);
			let unique: BTreeSet<&ParcelId> = parcels.iter().collect();
			ensure!(unique.len() == parcels.len(), Error::<T>::DuplicateParcel);
			let mut parents = Vec::with_capacity(parcels.len());
			for &id in parcels.iter() {
				parents.push((id, Self::active_parcel(id)?));
			}
			let (district, owner) = (parents[0].1.district, parents[0].1.owner.clone());
			ensure!(
				parents.iter().all(|(_, p)| p.district == district),
				Error::<T>::DistrictMismatch
			);
			ensure!(parents.iter().all(|(_, p)| p.owner == owner), Error::<T>::OwnerMismatch);
			let registrar = Self::ensure_registrar(origin, district)?;
			Self::ensure_impartial(&registrar, [&owner])?;
			for &id in parcels.iter() {
				Self::ensure_unburdened(id)?;
			}
			let footprint = Self::footprint(boundary)?;
			let shapes = parents
				.iter()
				.map(|(_, p)| Self::shape_of(&p.boundary, &p.triangles))
				.collect::<Result<Vec<_>, _>>()?;
			let parts: Vec<(&[Point], &Shape)> = parents
				.iter()
				.zip(&shapes)
				.map(|((_, p), shape)| (&p.boundary[..], shape))
				.collect();
			ensure!(geometry::tiles(&footprint.boundary, &parts), Error::<T>::NotATiling);

			for (id, parent) in parents.iter_mut() {
				Self::retire(*id, parent)?;
			}
			let parcel = Self::create_parcel(
				district,
				footprint,
				land_use,
				document_hash,
				owner,
				&registrar,
				parcels.clone(),
				Acquisition::Merger,
			)?;
			let successors = Lineage::<T>::truncate_from(alloc::vec![parcel]);
			for (id, mut parent) in parents {
				parent.status =
					ParcelStatus::Retired { at: Self::now(), successors: successors.clone() };
				Parcels::<T>::insert(id, parent);
			}
			Self::deposit_event(Event::ParcelsMerged { parents: parcels, parcel });
			Ok(())
		}

		/// Corrects a parcel's owner on the strength of a document (a court order, an
		/// inheritance). Encumbrances stay.
		#[pallet::call_index(5)]
		#[pallet::weight(
			T::WeightInfo::rectify_owner().saturating_add(T::OnParcelChange::weight())
		)]
		pub fn rectify_owner(
			origin: OriginFor<T>,
			parcel: ParcelId,
			new_owner: T::AccountId,
			document_hash: H256,
		) -> DispatchResult {
			let mut record = Self::active_parcel(parcel)?;
			let registrar = Self::ensure_registrar(origin, record.district)?;
			Self::ensure_impartial(&registrar, [&record.owner, &new_owner])?;
			ensure!(!Sales::<T>::contains_key(parcel), Error::<T>::SaleOpen);
			ensure!(record.owner != new_owner, Error::<T>::AlreadyOwner);
			ensure!(T::Credentials::did_of(&new_owner).is_some(), Error::<T>::NoDid);
			let from = record.owner.clone();
			Self::change_owner(
				parcel,
				&mut record,
				new_owner.clone(),
				Acquisition::Rectification { document_hash },
			)?;
			Parcels::<T>::insert(parcel, record);
			Self::deposit_event(Event::OwnerRectified {
				parcel,
				from,
				to: new_owner,
				document_hash,
			});
			Ok(())
		}

		/// Offers the caller's parcel to `buyer` at `price`. Holds `SaleDeposit`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::propose_sale())]
		pub fn propose_sale(
			origin: OriginFor<T>,
			parcel: ParcelId,
			buyer: T::AccountId,
			price: BalanceOf<T>,
		) -> DispatchResult {
			let seller = ensure_signed(origin)?;
			let record = Self::active_parcel(parcel)?;
			ensure!(record.owner == seller, Error::<T>::NotOwner);
			ensure!(buyer != seller, Error::<T>::AlreadyOwner);
			ensure!(!price.is_zero(), Error::<T>::ZeroPrice);
			ensure!(!Sales::<T>::contains_key(parcel), Error::<T>::SaleOpen);
			let sale = Self::next_id::<NextSaleId<T>>()?;
			let deposit = T::SaleDeposit::get();
			T::Currency::hold(&HoldReason::SaleDeposit.into(), &seller, deposit)?;
			Sales::<T>::insert(
				parcel,
				Sale {
					id: sale,
					seller: seller.clone(),
					buyer: buyer.clone(),
					price,
					status: SaleStatus::Proposed,
					expires_at: Self::now().saturating_add(T::SaleExpiry::get()),
					deposit,
					agreed_encumbrances: BoundedVec::new(),
				},
			);
			Self::deposit_event(Event::SaleProposed { parcel, sale, seller, buyer, price });
			Ok(())
		}

		/// The buyer accepts a sale at `price` (which must be the sale's) and pays it into
		/// escrow, agreeing to the encumbrances then in force: from now on the owner cannot
		/// add any. The buyer must have a DID.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::accept_sale())]
		pub fn accept_sale(
			origin: OriginFor<T>,
			parcel: ParcelId,
			price: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut sale = Sales::<T>::get(parcel).ok_or(Error::<T>::NoSale)?;
			ensure!(sale.buyer == who, Error::<T>::NotBuyer);
			ensure!(matches!(sale.status, SaleStatus::Proposed), Error::<T>::WrongSaleStage);
			ensure!(sale.price == price, Error::<T>::PriceMismatch);
			ensure!(Self::now() < sale.expires_at, Error::<T>::SaleExpired);
			ensure!(T::Credentials::did_of(&who).is_some(), Error::<T>::NoDid);
			let total =
				TotalEscrow::<T>::get().checked_add(&price).ok_or(ArithmeticError::Overflow)?;
			T::Currency::hold(&HoldReason::Escrow.into(), &who, price)?;
			TotalEscrow::<T>::put(total);
			sale.status = SaleStatus::Escrowed;
			sale.agreed_encumbrances = BoundedVec::truncate_from(
				Encumbrances::<T>::get(parcel).iter().map(|encumbrance| encumbrance.id).collect(),
			);
			let id = sale.id;
			Sales::<T>::insert(parcel, sale);
			Self::deposit_event(Event::SaleAccepted { parcel, sale: id });
			Ok(())
		}

		/// The district's registrar approves an escrowed sale, opening the objection window.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::approve_sale())]
		pub fn approve_sale(origin: OriginFor<T>, parcel: ParcelId) -> DispatchResult {
			let record = Self::active_parcel(parcel)?;
			let registrar = Self::ensure_registrar(origin, record.district)?;
			let mut sale = Sales::<T>::get(parcel).ok_or(Error::<T>::NoSale)?;
			Self::ensure_impartial(&registrar, [&sale.seller, &sale.buyer])?;
			ensure!(matches!(sale.status, SaleStatus::Escrowed), Error::<T>::WrongSaleStage);
			ensure!(Self::now() < sale.expires_at, Error::<T>::SaleExpired);
			Self::ensure_transferable(parcel, &sale)?;
			let objection_window_ends = Self::now().saturating_add(T::ObjectionPeriod::get());
			sale.status = SaleStatus::Approved { objection_window_ends };
			let id = sale.id;
			Sales::<T>::insert(parcel, sale);
			Self::deposit_event(Event::SaleApproved { parcel, sale: id, objection_window_ends });
			Ok(())
		}

		/// Objects to an approved sale in its objection window, freezing it until the
		/// registrar rules. Holds `DisputeDeposit`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::object_to_sale())]
		pub fn object_to_sale(
			origin: OriginFor<T>,
			parcel: ParcelId,
			grounds: H256,
		) -> DispatchResult {
			let objector = ensure_signed(origin)?;
			let mut sale = Sales::<T>::get(parcel).ok_or(Error::<T>::NoSale)?;
			let SaleStatus::Approved { objection_window_ends } = sale.status else {
				return Err(Error::<T>::WrongSaleStage.into());
			};
			ensure!(Self::now() < objection_window_ends, Error::<T>::ObjectionWindowClosed);
			ensure!(
				objector != sale.seller && objector != sale.buyer,
				Error::<T>::PartyCannotObject
			);
			let deposit = T::DisputeDeposit::get();
			T::Currency::hold(&HoldReason::DisputeDeposit.into(), &objector, deposit)?;
			sale.status = SaleStatus::Frozen {
				objection_window_ends,
				objection: Objection { objector: objector.clone(), grounds, deposit },
			};
			let id = sale.id;
			Sales::<T>::insert(parcel, sale);
			Self::deposit_event(Event::SaleObjected { parcel, sale: id, objector });
			Ok(())
		}

		/// The registrar rules on the objection freezing a sale. Upheld: the sale is
		/// cancelled and the objector's deposit returned. Dismissed: the deposit goes to the
		/// seller and the objection window runs on to its end.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::rule_on_objection())]
		pub fn rule_on_objection(
			origin: OriginFor<T>,
			parcel: ParcelId,
			uphold: bool,
		) -> DispatchResult {
			let record = Self::active_parcel(parcel)?;
			let registrar = Self::ensure_registrar(origin, record.district)?;
			let mut sale = Sales::<T>::get(parcel).ok_or(Error::<T>::NoSale)?;
			let SaleStatus::Frozen { objection_window_ends, objection } = sale.status.clone()
			else {
				return Err(Error::<T>::WrongSaleStage.into());
			};
			Self::ensure_impartial(&registrar, [&sale.seller, &sale.buyer, &objection.objector])?;
			if uphold {
				Self::deposit_event(Event::ObjectionUpheld { parcel, sale: sale.id });
				// Cancelling a frozen sale returns the objection's deposit too.
				Self::cancel(parcel, sale)?;
			} else {
				T::Currency::transfer_on_hold(
					&HoldReason::DisputeDeposit.into(),
					&objection.objector,
					&sale.seller,
					objection.deposit,
					Precision::Exact,
					Restriction::Free,
					Fortitude::Polite,
				)?;
				sale.status = SaleStatus::Approved { objection_window_ends };
				let id = sale.id;
				Sales::<T>::insert(parcel, sale);
				Self::deposit_event(Event::ObjectionDismissed { parcel, sale: id });
			}
			Ok(())
		}

		/// Completes an approved sale whose objection window is over: the escrow goes to the
		/// seller and the title to the buyer, atomically. Anyone may call it.
		#[pallet::call_index(11)]
		#[pallet::weight(
			T::WeightInfo::complete_sale().saturating_add(T::OnParcelChange::weight())
		)]
		pub fn complete_sale(origin: OriginFor<T>, parcel: ParcelId) -> DispatchResult {
			ensure_signed(origin)?;
			let mut record = Self::active_parcel(parcel)?;
			let sale = Sales::<T>::get(parcel).ok_or(Error::<T>::NoSale)?;
			let SaleStatus::Approved { objection_window_ends } = sale.status else {
				return Err(Error::<T>::WrongSaleStage.into());
			};
			ensure!(Self::now() >= objection_window_ends, Error::<T>::ObjectionWindowOpen);
			Self::ensure_transferable(parcel, &sale)?;
			T::Currency::transfer_on_hold(
				&HoldReason::Escrow.into(),
				&sale.buyer,
				&sale.seller,
				sale.price,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?;
			Self::reduce_escrow(sale.price)?;
			T::Currency::release(
				&HoldReason::SaleDeposit.into(),
				&sale.seller,
				sale.deposit,
				Precision::Exact,
			)?;
			Self::change_owner(
				parcel,
				&mut record,
				sale.buyer.clone(),
				Acquisition::Sale { sale: sale.id, price: sale.price },
			)?;
			Parcels::<T>::insert(parcel, record);
			Encumbrances::<T>::mutate(parcel, |encumbrances| {
				encumbrances.iter_mut().for_each(|e| e.consented_sale = None)
			});
			Sales::<T>::remove(parcel);
			Self::deposit_event(Event::SaleCompleted {
				parcel,
				sale: sale.id,
				seller: sale.seller,
				buyer: sale.buyer,
				price: sale.price,
			});
			Ok(())
		}

		/// Cancels a sale, returning escrow and deposits. Seller, buyer and registrar may
		/// cancel before approval, and anyone once it has expired; after approval only the
		/// registrar, and a frozen sale only through a ruling on its objection. The buyer may
		/// always withdraw once the parcel carries an encumbrance they did not agree to.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::cancel_sale())]
		pub fn cancel_sale(origin: OriginFor<T>, parcel: ParcelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let sale = Sales::<T>::get(parcel).ok_or(Error::<T>::NoSale)?;
			let district = Parcels::<T>::get(parcel).ok_or(Error::<T>::UnknownParcel)?.district;
			let is_registrar = Self::is_registrar(&who, district);
			// Only the buyer's withdrawal needs the encumbrances read.
			let buyer_withdraws =
				who == sale.buyer && sale.title_changed(&Encumbrances::<T>::get(parcel));
			let allowed = buyer_withdraws
				|| match sale.status {
					SaleStatus::Proposed | SaleStatus::Escrowed => {
						who == sale.seller
							|| who == sale.buyer || is_registrar
							|| Self::now() >= sale.expires_at
					},
					SaleStatus::Approved { .. } => is_registrar,
					SaleStatus::Frozen { .. } => false,
				};
			ensure!(allowed, Error::<T>::CannotCancel);
			Self::cancel(parcel, sale)
		}

		/// Proposes an encumbrance of the caller's on a parcel, for its owner to accept.
		/// Holds `EncumbranceDeposit`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::propose_encumbrance())]
		pub fn propose_encumbrance(
			origin: OriginFor<T>,
			parcel: ParcelId,
			kind: EncumbranceKind,
			document_hash: H256,
		) -> DispatchResult {
			let holder = ensure_signed(origin)?;
			let mut record = Self::active_parcel(parcel)?;
			ensure!(record.owner != holder, Error::<T>::HolderIsOwner);
			ensure!(
				record.proposals < T::MaxEncumbranceProposals::get(),
				Error::<T>::TooManyProposals
			);
			record.proposals.saturating_inc();
			Parcels::<T>::insert(parcel, record);
			let encumbrance = Self::next_id::<NextEncumbranceId<T>>()?;
			let deposit = T::EncumbranceDeposit::get();
			T::Currency::hold(&HoldReason::EncumbranceDeposit.into(), &holder, deposit)?;
			EncumbranceProposals::<T>::insert(
				parcel,
				encumbrance,
				EncumbranceProposal { kind, holder: holder.clone(), document_hash, deposit },
			);
			Self::deposit_event(Event::EncumbranceProposed { parcel, encumbrance, kind, holder });
			Ok(())
		}

		/// The owner accepts a proposed encumbrance, which comes into force; not while a buyer
		/// has paid into escrow for the parcel as it was.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::accept_encumbrance())]
		pub fn accept_encumbrance(
			origin: OriginFor<T>,
			parcel: ParcelId,
			encumbrance: EncumbranceId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Self::active_parcel(parcel)?;
			ensure!(record.owner == who, Error::<T>::NotOwner);
			ensure!(
				!Sales::<T>::get(parcel).is_some_and(|sale| sale.is_escrowed()),
				Error::<T>::SaleOpen
			);
			let proposal = Self::take_proposal(parcel, encumbrance)?;
			let (kind, holder) = (proposal.kind, proposal.holder.clone());
			Self::put_in_force(
				parcel,
				encumbrance,
				kind,
				holder.clone(),
				proposal.document_hash,
				Deposit { account: proposal.holder, amount: proposal.deposit },
			)?;
			Self::deposit_event(Event::EncumbranceRegistered { parcel, encumbrance, kind, holder });
			Ok(())
		}

		/// The owner rejects a proposed encumbrance; its deposit returns to the holder.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::reject_encumbrance())]
		pub fn reject_encumbrance(
			origin: OriginFor<T>,
			parcel: ParcelId,
			encumbrance: EncumbranceId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Parcels::<T>::get(parcel).ok_or(Error::<T>::UnknownParcel)?;
			ensure!(record.owner == who, Error::<T>::NotOwner);
			let proposal = Self::take_proposal(parcel, encumbrance)?;
			Self::release_encumbrance_deposit(&proposal.holder, proposal.deposit)?;
			Self::deposit_event(Event::EncumbranceRejected { parcel, encumbrance });
			Ok(())
		}

		/// A registrar puts an encumbrance in force directly (a court order, a tax lien),
		/// holding `EncumbranceDeposit` from the registrar.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::register_encumbrance())]
		pub fn register_encumbrance(
			origin: OriginFor<T>,
			parcel: ParcelId,
			kind: EncumbranceKind,
			holder: T::AccountId,
			document_hash: H256,
		) -> DispatchResult {
			let record = Self::active_parcel(parcel)?;
			let registrar = Self::ensure_registrar(origin, record.district)?;
			ensure!(record.owner != holder, Error::<T>::HolderIsOwner);
			Self::ensure_impartial(&registrar, [&record.owner, &holder])?;
			let encumbrance = Self::next_id::<NextEncumbranceId<T>>()?;
			let amount = T::EncumbranceDeposit::get();
			T::Currency::hold(&HoldReason::EncumbranceDeposit.into(), &registrar, amount)?;
			Self::put_in_force(
				parcel,
				encumbrance,
				kind,
				holder.clone(),
				document_hash,
				Deposit { account: registrar, amount },
			)?;
			Self::deposit_event(Event::EncumbranceRegistered { parcel, encumbrance, kind, holder });
			Ok(())
		}

		/// The holder discharges an encumbrance in force or withdraws its proposal; the
		/// deposit returns to whoever paid it.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::discharge_encumbrance())]
		pub fn discharge_encumbrance(
			origin: OriginFor<T>,
			parcel: ParcelId,
			encumbrance: EncumbranceId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut in_force = Encumbrances::<T>::get(parcel);
			if let Some(position) = in_force.iter().position(|e| e.id == encumbrance) {
				ensure!(in_force[position].holder == who, Error::<T>::NotHolder);
				let removed = in_force.remove(position);
				Self::release_encumbrance_deposit(
					&removed.deposit.account,
					removed.deposit.amount,
				)?;
				if in_force.is_empty() {
					Encumbrances::<T>::remove(parcel);
				} else {
					Encumbrances::<T>::insert(parcel, in_force);
				}
			} else {
				let proposal = EncumbranceProposals::<T>::get(parcel, encumbrance)
					.ok_or(Error::<T>::UnknownEncumbrance)?;
				ensure!(proposal.holder == who, Error::<T>::NotHolder);
				Self::take_proposal(parcel, encumbrance)?;
				Self::release_encumbrance_deposit(&proposal.holder, proposal.deposit)?;
			}
			Self::deposit_event(Event::EncumbranceDischarged { parcel, encumbrance });
			Ok(())
		}

		/// The holder of an encumbrance in force consents to the parcel's open sale, which
		/// the encumbrance then no longer blocks; it stays on the land.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::consent_to_sale())]
		pub fn consent_to_sale(
			origin: OriginFor<T>,
			parcel: ParcelId,
			encumbrance: EncumbranceId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let sale = Sales::<T>::get(parcel).ok_or(Error::<T>::NoSale)?.id;
			Encumbrances::<T>::try_mutate(parcel, |in_force| -> DispatchResult {
				let entry = in_force
					.iter_mut()
					.find(|e| e.id == encumbrance)
					.ok_or(Error::<T>::UnknownEncumbrance)?;
				ensure!(entry.holder == who, Error::<T>::NotHolder);
				entry.consented_sale = Some(sale);
				Ok(())
			})?;
			Self::deposit_event(Event::SaleConsented { parcel, encumbrance, sale });
			Ok(())
		}

		/// Disputes a parcel's title, holding `DisputeDeposit` until the registrar resolves
		/// it. A disputed parcel's sale cannot be approved or completed.
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::raise_dispute())]
		pub fn raise_dispute(
			origin: OriginFor<T>,
			parcel: ParcelId,
			grounds: H256,
		) -> DispatchResult {
			let claimant = ensure_signed(origin)?;
			let record = Self::active_parcel(parcel)?;
			ensure!(claimant != record.owner, Error::<T>::OwnerCannotDispute);
			let dispute = Self::next_id::<NextDisputeId<T>>()?;
			let deposit = T::DisputeDeposit::get();
			Disputes::<T>::try_mutate(parcel, |open| {
				open.try_push(Dispute {
					id: dispute,
					claimant: claimant.clone(),
					grounds,
					raised_at: Self::now(),
					deposit,
				})
				.map_err(|_| Error::<T>::TooManyDisputes)
			})?;
			T::Currency::hold(&HoldReason::DisputeDeposit.into(), &claimant, deposit)?;
			Self::deposit_event(Event::DisputeRaised { parcel, dispute, claimant });
			Ok(())
		}

		/// The registrar resolves a dispute: upheld, the claimant's deposit returns;
		/// rejected, it goes to the owner. Acting on an upheld claim (rectifying the owner,
		/// registering a caveat) is a separate call.
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::resolve_dispute())]
		pub fn resolve_dispute(
			origin: OriginFor<T>,
			parcel: ParcelId,
			dispute: DisputeId,
			upheld: bool,
		) -> DispatchResult {
			let record = Self::active_parcel(parcel)?;
			let registrar = Self::ensure_registrar(origin, record.district)?;
			let mut open = Disputes::<T>::get(parcel);
			let position =
				open.iter().position(|d| d.id == dispute).ok_or(Error::<T>::UnknownDispute)?;
			Self::ensure_impartial(&registrar, [&record.owner, &open[position].claimant])?;
			let resolved = open.remove(position);
			let reason = HoldReason::DisputeDeposit.into();
			if upheld {
				T::Currency::release(
					&reason,
					&resolved.claimant,
					resolved.deposit,
					Precision::Exact,
				)?;
			} else {
				T::Currency::transfer_on_hold(
					&reason,
					&resolved.claimant,
					&record.owner,
					resolved.deposit,
					Precision::Exact,
					Restriction::Free,
					Fortitude::Polite,
				)?;
			}
			if open.is_empty() {
				Disputes::<T>::remove(parcel);
			} else {
				Disputes::<T>::insert(parcel, open);
			}
			Self::deposit_event(Event::DisputeResolved { parcel, dispute, upheld });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// Most parcels the spatial index can name for a boundary it has room for.
	pub fn most_overlap_candidates() -> u32 {
		T::MaxCellsPerParcel::get().saturating_mul(T::MaxParcelsPerCell::get().saturating_sub(1))
	}

	/// Most pairs of triangles comparing a boundary of `vertices` vertices with `candidates`
	/// parcels takes: each of its triangles with each of theirs.
	pub fn most_triangle_pairs(vertices: u32, candidates: u32) -> u32 {
		candidates
			.saturating_mul(vertices.saturating_sub(2))
			.saturating_mul(T::MaxVertices::get().saturating_sub(2))
	}

	/// A registration's weight: the benchmark's comb of neighbours, and every pair of
	/// triangles at a comparison's cost, however the boundaries are shaped.
	fn registration_weight(
		vertices: u32,
		candidates: u32,
		pairs: u32,
	) -> frame_support::weights::Weight {
		T::WeightInfo::register_parcel(vertices, candidates)
			.saturating_add(T::WeightInfo::compare_triangles(pairs))
	}

	/// What checking that `parts` parcels of the most vertices do not overlap each other
	/// may compare, beyond the benchmarked tilings.
	fn tiling_weight(parts: u32) -> frame_support::weights::Weight {
		let most = T::MaxVertices::get().saturating_sub(2);
		let pairs_of_parts = parts.saturating_mul(parts.saturating_sub(1)) / 2;
		T::WeightInfo::compare_triangles(pairs_of_parts.saturating_mul(most).saturating_mul(most))
	}

	fn next_id<Counter: frame_support::storage::StorageValue<u64, Query = u64>>(
	) -> Result<u64, DispatchError> {
		let id = Counter::get();
		Counter::put(id.checked_add(1).ok_or(ArithmeticError::Overflow)?);
		Ok(id)
	}

	fn is_registrar(who: &T::AccountId, district: DistrictId) -> bool {
		Registrars::<T>::contains_key(district, who)
	}

	/// The signed caller, if it is a registrar of `district` holding a registrar credential
	/// scoped to it.
	fn ensure_registrar(
		origin: T::RuntimeOrigin,
		district: DistrictId,
	) -> Result<T::AccountId, DispatchError> {
		let who = frame_system::ensure_signed(origin)?;
		frame_support::ensure!(Self::is_registrar(&who, district), Error::<T>::NotRegistrar);
		let credential =
			T::Credentials::valid_credential(&who, T::RegistrarSchema::get(), None, Some(district));
		frame_support::ensure!(credential.is_some(), Error::<T>::NoRegistrarCredential);
		Ok(who)
	}

	fn active_parcel(parcel: ParcelId) -> Result<Parcel<T>, DispatchError> {
		let record = Parcels::<T>::get(parcel).ok_or(Error::<T>::UnknownParcel)?;
		frame_support::ensure!(
			matches!(record.status, ParcelStatus::Active),
			Error::<T>::ParcelRetired
		);
		Ok(record)
	}

	/// A registrar decides no matter it is a party to.
	fn ensure_impartial<'a>(
		registrar: &T::AccountId,
		parties: impl IntoIterator<Item = &'a T::AccountId>,
	) -> DispatchResult
	where
		T::AccountId: 'a,
	{
		let involved = parties.into_iter().any(|party| party == registrar);
		frame_support::ensure!(!involved, Error::<T>::ConflictOfInterest);
		Ok(())
	}
}

sp_api::decl_runtime_apis! {
	/// Reads of the land register.
	pub trait LandRegistryApi<AccountId, Balance, BlockNumber>
	where
		AccountId: codec::Codec,
		Balance: codec::Codec,
		BlockNumber: codec::Codec,
	{
		/// A parcel with its title, lineage, latest owners, encumbrances, open sale and
		/// disputes; `None` if no parcel has this identifier.
		fn parcel(parcel: ParcelId) -> Option<ParcelView<AccountId, Balance, BlockNumber>>;
		/// Up to `limit` (at most `MAX_PAGE`) active parcels of `owner`, after `start_after`.
		fn parcels_of(owner: AccountId, start_after: Option<ParcelId>, limit: u32) -> Vec<ParcelId>;
		/// Up to `limit` (at most `MAX_PAGE`) owners of `parcel`, oldest first, from entry
		/// `from`.
		fn history(
			parcel: ParcelId,
			from: u32,
			limit: u32,
		) -> Vec<OwnershipView<AccountId, Balance, BlockNumber>>;
	}
}
