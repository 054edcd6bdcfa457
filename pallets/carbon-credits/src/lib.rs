//! # Carbon credits pallet
//!
//! A city carbon registry: methodologies, projects on the city's land parcels, monitoring
//! reports verified into batches of credits (one per monitoring period, its vintage) with a
//! serial number per tonne of CO₂e and a buffer pool against reversals, and credits
//! transferred, cancelled or retired with an on-chain certificate.
//!
//! ## Roles
//!
//! - The **registry authority** (`RegistryOrigin`; governance, Root for now) registers
//!   methodologies, registers validated projects, suspends, reinstates and ends them.
//! - **Project developers**: accounts whose DID holds a `DeveloperSchema` credential. A
//!   developer proposes a project on land parcels it owns or holds a right of use over
//!   ([`LandRights`]) and submits its monitoring reports.
//! - **Validation and verification bodies**: accounts whose DID holds a `VerifierSchema`
//!   credential. One validates a proposed project, approves or rejects monitoring reports and
//!   records reversals; never for a project of its own DID.
//! - **Holders** transfer, cancel and retire credits.
//! - **Pledgers** (a city, a company) open pledge inventories for a year and count their own
//!   retirements against them.
//!
//! ## Metered issuance
//!
//! Under a `metered` methodology a project is credited from its renewable generation as the
//! chain measured it, not from monitoring reports: the developer, a generator in the energy
//! market that keeps its deliveries' attributes, claims its generation certificates for the
//! project (`claim_metered_energy`), each Wh at its year's grid emission factor (grams of
//! CO₂e per kWh, set by the registry authority per calendar year); whole tonnes of the tally
//! become a report (`submit_metered_report`) that a verifier approves into a batch like any
//! other, the fraction of a tonne carried over to the next.
//!
//! A renewable Wh is counted once, by these rules together:
//! 1. Its attributes go to its buyers (consumption certificates, for their own claims of
//!    renewable use) or stay with its generator (a generation certificate), never both: the
//!    energy market leaves a keeping generator's deliveries out of its buyers' certificates.
//! 2. Only generation certificates, and only the developer's own, back credits.
//! 3. Claiming takes a certificate's Wh for good (the energy market's [`RenewableEnergy`]).
//! 4. A metered methodology's projects file no monitoring reports, so their generation is
//!    never also credited from a document.
//!
//! ## Credits
//!
//! Approving a report issues a batch: the report's tonnes, of which the methodology's buffer
//! share (rounded up) goes to the buffer pool, which nobody can transfer, and the rest to the
//! developer. Serials are given out in issuance order, one per tonne, and never twice.
//! Retiring or cancelling credits takes the batch's next serials from the front; a
//! retirement's certificate names them, with its beneficiary, reason, jurisdiction and the
//! consumption period it compensates, and retired serials never move again. A verified
//! reversal (a fire, a change of land use) cancels tonnes from the batch's buffer and suspends
//! the project. Per batch: holders' credits + listed + retired + cancelled + buffer =
//! issued.
//!
//! When the land registry tells of a change to a project's parcel (its title passed to
//! another owner, or it was subdivided or merged away), the project goes under the registry
//! authority's review: no report of it is approved until the authority clears the review (or
//! suspends or ends the project).
//!
//! ## Bridged credits
//!
//! The registry authority registers an external registry (Verra, Gold Standard) with the
//! account that bridges its credits in. That account bridges an external project (a local
//! record with no parcels, which files no reports) and imports ranges of its serials as
//! batches, once it has retired or locked them there: a range overlapping one already admitted
//! from the same registry is refused, so an external serial is admitted once. Bridged batches
//! withhold no buffer (the external registry keeps its own) and are held, moved and retired
//! like any other.
//!
//! ## Market
//!
//! A holder lists credits at a fixed price per tonne (`list_credits`): they leave its holding
//! for the listing's escrow until bought or withdrawn. A buyer buys some or all of them at the
//! listed price, at most the price it names (so a listing cannot be repriced under it), and may
//! retire what it buys in the same call (`buy_and_retire`).
//!
//! ## Pledges
//!
//! A retirement may count against one of its owner's pledge inventories (`open_inventory`: a
//! name and the calendar year of the consumption it covers, which the retirement's period must
//! start in). The registry keeps totals of retired tonnes per inventory and project, per year
//! and project, and per year and beneficiary, which the runtime API reports.
//!
//! ## Limits
//!
//! - Credits are whole tonnes.
//! - A project has one monitoring report waiting at a time, and reports follow each other in
//!   time: a report starts where the last issued one ended, or later.
//! - A retirement certificate is kept for good, and so is its deposit.
//! - A generation certificate names its zone and interval, not its meter: that the meter
//!   stands on the project's parcels is for the verifier to check before approving.
//! - A rejected metered report's tonnes return to the project's tally, to be reported again.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod bridge;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
mod market;
#[cfg(test)]
mod mock;
mod pledges;
mod reads;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
	dispatch::DispatchResult,
	ensure,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::{Precision, Preservation},
		Get, UnixTime,
	},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use polis_primitives::{
	CertificateId, CertificateKind, CredentialCheck, LandRights, OnParcelChange, ParcelChange,
	ParcelId, RenewableEnergy, SchemaId,
};
use sp_core::H256;
use sp_runtime::{
	traits::{CheckedAdd, CheckedMul, One, Saturating, Zero},
	ArithmeticError, DispatchError, Percent,
};

/// The balance type of the registry's deposits.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// The identifier of a DID.
pub type DidOf<T> = <T as Config>::DidId;

/// What benchmarks need of the runtime beyond `Config`.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Sets the chain's clock to `now` milliseconds after the Unix epoch.
	fn set_time(now: u64);
}

/// Milliseconds in a day: batch names count vintages in days.
const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// Milligrams in a tonne: metered tallies count avoided emissions in milligrams.
const MG_PER_TONNE: u64 = 1_000_000_000;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency of deposits.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The registry authority.
		type RegistryOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The identifier of a DID.
		type DidId: Parameter + MaxEncodedLen;

		/// Where developers' and verifiers' credentials are checked.
		type Credentials: CredentialCheck<
			Self::AccountId,
			BlockNumberFor<Self>,
			DidId = Self::DidId,
		>;

		/// Where projects' parcels, and the developers' rights over them, are checked.
		type Land: LandRights<Self::AccountId>;

		/// Where metered projects' generation certificates are read and claimed.
		type Energy: RenewableEnergy<Self::AccountId>;

		/// The chain's clock: monitoring periods end before now.
		type Time: UnixTime;

		/// The credential of project developers.
		#[pallet::constant]
		type DeveloperSchema: Get<SchemaId>;
		/// The credential of validation and verification bodies.
		#[pallet::constant]
		type VerifierSchema: Get<SchemaId>;
		/// Held per project, monitoring report and retirement certificate.
		#[pallet::constant]
		type Deposit: Get<BalanceOf<Self>>;
		/// Most parcels of one project.
		#[pallet::constant]
		type MaxParcels: Get<u32>;
		/// The longest beneficiary, reason or jurisdiction of a retirement, in bytes.
		#[pallet::constant]
		type MaxTextLen: Get<u32>;
		/// Most generation certificates claimed in one call.
		#[pallet::constant]
		type MaxCertificatesPerClaim: Get<u32>;
		/// Most projects, not ended, standing on one parcel.
		#[pallet::constant]
		type MaxProjectsPerParcel: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets the clock for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a project, a monitoring report or a retirement certificate.
		Deposit,
	}

	/// Methodologies.
	#[pallet::storage]
	pub type Methodologies<T: Config> = StorageMap<_, Twox64Concat, MethodologyId, Methodology>;

	/// The id the next methodology gets.
	#[pallet::storage]
	pub type NextMethodologyId<T: Config> = StorageValue<_, MethodologyId, ValueQuery>;

	/// Projects.
	#[pallet::storage]
	pub type Projects<T: Config> = StorageMap<_, Twox64Concat, ProjectId, Project<T>>;

	/// The id the next project gets.
	#[pallet::storage]
	pub type NextProjectId<T: Config> = StorageValue<_, ProjectId, ValueQuery>;

	/// Monitoring reports waiting for verification.
	#[pallet::storage]
	pub type Reports<T: Config> = StorageMap<_, Twox64Concat, ReportId, Report<T>>;

	/// The id the next monitoring report gets.
	#[pallet::storage]
	pub type NextReportId<T: Config> = StorageValue<_, ReportId, ValueQuery>;

	/// Batches of credits.
	#[pallet::storage]
	pub type Batches<T: Config> = StorageMap<_, Twox64Concat, BatchId, Batch<T>>;

	/// The id the next batch gets.
	#[pallet::storage]
	pub type NextBatchId<T: Config> = StorageValue<_, BatchId, ValueQuery>;

	/// The serial the next batch starts at.
	#[pallet::storage]
	pub type NextSerial<T: Config> = StorageValue<_, Serial, ValueQuery>;

	/// Credits held, by holder and batch.
	#[pallet::storage]
	pub type Credits<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, BatchId, u64>;

	/// The projects, not ended, standing on a parcel.
	#[pallet::storage]
	pub type ParcelProjects<T: Config> = StorageMap<
		_,
		Twox64Concat,
		ParcelId,
		BoundedVec<ProjectId, T::MaxProjectsPerParcel>,
		ValueQuery,
	>;

	/// A project's batches.
	#[pallet::storage]
	pub type ProjectBatches<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ProjectId, Twox64Concat, BatchId, ()>;

	/// Retirement certificates.
	#[pallet::storage]
	pub type Retirements<T: Config> = StorageMap<_, Twox64Concat, RetirementId, Retirement<T>>;

	/// The id the next retirement certificate gets.
	#[pallet::storage]
	pub type NextRetirementId<T: Config> = StorageValue<_, RetirementId, ValueQuery>;

	/// The grid's emission factor per calendar year (UTC), in grams of CO₂e per kWh: what a
	/// metered Wh delivered that year avoided.
	#[pallet::storage]
	pub type EmissionFactors<T: Config> = StorageMap<_, Twox64Concat, u16, u32>;

	/// External registries credits are bridged from.
	#[pallet::storage]
	pub type ExternalRegistries<T: Config> =
		StorageMap<_, Twox64Concat, RegistryId, ExternalRegistry<T>>;

	/// The id the next external registry gets.
	#[pallet::storage]
	pub type NextRegistryId<T: Config> = StorageValue<_, RegistryId, ValueQuery>;

	/// The local project of each bridged external project.
	#[pallet::storage]
	pub type ExternalProjects<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		RegistryId,
		Blake2_128Concat,
		BoundedVec<u8, T::MaxTextLen>,
		ProjectId,
	>;

	/// The serial ranges admitted from each external registry, keyed by their last serial as
	/// big-endian bytes: the keys sort numerically, so the one range that could overlap a new
	/// one is found in one read. `Identity` is safe here: only the registry's appointed bridge
	/// account chooses these keys.
	#[pallet::storage]
	pub type AdmittedRanges<T: Config> =
		StorageDoubleMap<_, Twox64Concat, RegistryId, Identity, [u8; 8], AdmittedRange>;

	/// Sell orders.
	#[pallet::storage]
	pub type Listings<T: Config> = StorageMap<_, Twox64Concat, ListingId, Listing<T>>;

	/// The id the next sell order gets.
	#[pallet::storage]
	pub type NextListingId<T: Config> = StorageValue<_, ListingId, ValueQuery>;

	/// Pledge inventories.
	#[pallet::storage]
	pub type Inventories<T: Config> = StorageMap<_, Twox64Concat, InventoryId, Inventory<T>>;

	/// The id the next pledge inventory gets.
	#[pallet::storage]
	pub type NextInventoryId<T: Config> = StorageValue<_, InventoryId, ValueQuery>;

	/// Tonnes retired against an inventory, by project.
	#[pallet::storage]
	pub type InventoryRetired<T: Config> =
		StorageDoubleMap<_, Twox64Concat, InventoryId, Twox64Concat, ProjectId, u64, ValueQuery>;

	/// Tonnes retired for consumption in a calendar year.
	#[pallet::storage]
	pub type YearRetired<T: Config> = StorageMap<_, Blake2_128Concat, u16, u64, ValueQuery>;

	/// Tonnes retired for consumption in a calendar year, by project.
	#[pallet::storage]
	pub type RetiredByYear<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, u16, Twox64Concat, ProjectId, u64, ValueQuery>;

	/// Tonnes retired for consumption in a calendar year, by beneficiary (the BLAKE2-256 hash of
	/// its name).
	#[pallet::storage]
	pub type RetiredByBeneficiary<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, u16, Blake2_128Concat, H256, u64, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The registry authority registered a methodology.
		MethodologyRegistered { methodology: MethodologyId },
		/// A developer proposed a project.
		ProjectProposed { project: ProjectId, developer: T::AccountId },
		/// A validation body validated a project.
		ProjectValidated { project: ProjectId, validator: T::AccountId },
		/// The registry authority changed a project's status.
		ProjectStatusChanged { project: ProjectId, status: ProjectStatus },
		/// A developer submitted a monitoring report, or a metered one.
		ReportSubmitted { report: ReportId, project: ProjectId, tonnes: u64 },
		/// The registry authority set (or, with `None`, removed) a year's emission factor.
		EmissionFactorSet { year: u16, grams_per_kwh: Option<u32> },
		/// A developer claimed generation certificates for its metered project: `wh` avoiding
		/// `avoided_mg` of CO₂e were added to its tally.
		MeteredEnergyClaimed { project: ProjectId, certificates: u32, wh: u64, avoided_mg: u64 },
		/// A verifier rejected a monitoring report.
		ReportRejected { report: ReportId, verifier: T::AccountId },
		/// A verifier approved a monitoring report and a batch was issued: `buffer` of its
		/// `issued` tonnes went to the buffer pool, the rest to the developer.
		BatchIssued {
			batch: BatchId,
			name: BatchName,
			report: ReportId,
			verifier: T::AccountId,
			issued: u64,
			buffer: u64,
			first_serial: Serial,
		},
		/// Credits changed hands.
		CreditsTransferred { batch: BatchId, from: T::AccountId, to: T::AccountId, tonnes: u64 },
		/// Credits were retired; the certificate names their serials.
		CreditsRetired {
			retirement: RetirementId,
			batch: BatchId,
			owner: T::AccountId,
			tonnes: u64,
			first_serial: Serial,
			inventory: Option<InventoryId>,
		},
		/// A pledge inventory was opened.
		InventoryOpened { inventory: InventoryId, owner: T::AccountId, year: u16 },
		/// A change to one of a project's parcels put it under review.
		ProjectUnderReview { project: ProjectId, parcel: ParcelId, change: ParcelChange },
		/// The registry authority cleared a project's review.
		ReviewCleared { project: ProjectId },
		/// A holder listed credits for sale.
		CreditsListed {
			listing: ListingId,
			seller: T::AccountId,
			batch: BatchId,
			tonnes: u64,
			price_per_tonne: BalanceOf<T>,
		},
		/// A buyer bought listed credits, paying `paid` to the seller.
		CreditsBought { listing: ListingId, buyer: T::AccountId, tonnes: u64, paid: BalanceOf<T> },
		/// A listing was sold out or withdrawn; what was left went back to the seller.
		ListingClosed { listing: ListingId, returned: u64 },
		/// The registry authority registered an external registry and its bridge account.
		ExternalRegistryRegistered { registry_id: RegistryId, bridge: T::AccountId },
		/// A bridge account bridged an external project as `project`.
		ProjectBridged {
			project: ProjectId,
			registry_id: RegistryId,
			external_id: BoundedVec<u8, T::MaxTextLen>,
		},
		/// External serials `first_external_serial ..` were admitted as `batch` (serials
		/// `first_serial ..` here), held by the bridge account.
		CreditsBridged {
			batch: BatchId,
			registry_id: RegistryId,
			first_external_serial: u64,
			tonnes: u64,
			first_serial: Serial,
			evidence_hash: H256,
		},
		/// A holder cancelled credits (serials `first_serial ..`), for `reason`.
		CreditsCancelled {
			batch: BatchId,
			holder: T::AccountId,
			tonnes: u64,
			first_serial: Serial,
			reason: BoundedVec<u8, T::MaxTextLen>,
		},
		/// A verifier recorded a reversal: tonnes cancelled from the buffer pool (serials
		/// `first_serial ..`), the project suspended.
		ReversalRecorded {
			batch: BatchId,
			tonnes: u64,
			first_serial: Serial,
			evidence_hash: H256,
			verifier: T::AccountId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No methodology with this id.
		UnknownMethodology,
		/// No project with this id.
		UnknownProject,
		/// No monitoring report with this id.
		UnknownReport,
		/// No batch with this id.
		UnknownBatch,
		/// The caller's DID holds no valid developer credential.
		NotADeveloper,
		/// The caller's DID holds no valid verifier credential.
		NotAVerifier,
		/// A verifier may not validate or verify a project of its own DID.
		SelfVerification,
		/// The caller is not the project's developer.
		NotTheDeveloper,
		/// A project stands on at least one parcel.
		NoParcels,
		/// A parcel is listed twice.
		DuplicateParcel,
		/// A parcel is not an active parcel the developer owns or holds a right of use over.
		NoRightsToParcel,
		/// The project's status does not allow this.
		WrongStatus,
		/// This status cannot follow the project's current one.
		InvalidTransition,
		/// The project already has a monitoring report waiting.
		ReportPending,
		/// The monitoring period is empty, ends in the future, or starts before the end of
		/// the last period credited.
		InvalidPeriod,
		/// A report claims, and a transfer, cancellation or retirement moves, at least a tonne.
		ZeroTonnes,
		/// The holder has fewer credits of the batch.
		InsufficientCredits,
		/// The batch's buffer pool holds fewer credits.
		InsufficientBuffer,
		/// A transfer to oneself.
		SelfTransfer,
		/// The project's methodology issues from metered generation, not monitoring reports.
		MeteredMethodology,
		/// The project's methodology does not issue from metered generation.
		NotMetered,
		/// A claim names at least one certificate.
		NoCertificates,
		/// A certificate is named twice.
		DuplicateCertificate,
		/// No energy certificate with this id (or all its energy was claimed).
		UnknownCertificate,
		/// A consumption certificate: only a generator's own generation backs credits.
		NotGenerationEnergy,
		/// The certificate is not the developer's.
		NotCertificateOwner,
		/// No emission factor is set for the year of a certificate's delivery.
		NoEmissionFactor,
		/// No pledge inventory with this id.
		UnknownInventory,
		/// The pledge inventory is someone else's.
		NotInventoryOwner,
		/// The retirement's period does not start in the inventory's year.
		WrongInventoryYear,
		/// A parcel already carries `MaxProjectsPerParcel` projects.
		TooManyProjectsOnParcel,
		/// The project is under review after a change to one of its parcels.
		UnderReview,
		/// The project is not under review.
		NotUnderReview,
		/// No listing with this id.
		UnknownListing,
		/// The caller is not the listing's seller.
		NotTheSeller,
		/// A seller does not buy its own listing.
		OwnListing,
		/// The listing offers fewer tonnes.
		InsufficientListed,
		/// The listing's price is above the most the buyer would pay.
		PriceAboveLimit,
		/// Credits are listed at a price above zero.
		ZeroPrice,
		/// No external registry with this id.
		UnknownRegistry,
		/// The caller is not the external registry's bridge account.
		NotTheBridge,
		/// The external project is bridged already.
		AlreadyBridged,
		/// The project is not bridged from an external registry.
		NotBridged,
		/// A bridged project's credits are imported, not reported.
		BridgedProject,
		/// Some of the external serials were admitted already.
		SerialsAlreadyBridged,
		/// The caller has no DID.
		NoDid,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a methodology; the registry authority only.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_methodology())]
		pub fn register_methodology(
			origin: OriginFor<T>,
			methodology: Methodology,
		) -> DispatchResult {
			T::RegistryOrigin::ensure_origin(origin)?;
			let id = Self::next_id::<NextMethodologyId<T>, _>()?;
			Methodologies::<T>::insert(id, methodology);
			Self::deposit_event(Event::MethodologyRegistered { methodology: id });
			Ok(())
		}

		/// Proposes a project under `methodology` on `parcels`, each one the caller owns or
		/// holds a right of use over; a developer only. Holds `Deposit`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::propose_project(parcels.len() as u32))]
		pub fn propose_project(
			origin: OriginFor<T>,
			methodology: MethodologyId,
			parcels: BoundedVec<ParcelId, T::MaxParcels>,
			document_hash: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let did = T::Credentials::valid_credential(&who, T::DeveloperSchema::get(), None, None)
				.ok_or(Error::<T>::NotADeveloper)?
				.subject;
			ensure!(Methodologies::<T>::contains_key(methodology), Error::<T>::UnknownMethodology);
			ensure!(!parcels.is_empty(), Error::<T>::NoParcels);
			let mut sorted = parcels.clone().into_inner();
			sorted.sort_unstable();
			ensure!(sorted.windows(2).all(|pair| pair[0] != pair[1]), Error::<T>::DuplicateParcel);
			ensure!(
				parcels.iter().all(|parcel| T::Land::has_rights(*parcel, &who)),
				Error::<T>::NoRightsToParcel
			);
			let deposit = T::Deposit::get();
			T::Currency::hold(&HoldReason::Deposit.into(), &who, deposit)?;
			let id = Self::next_id::<NextProjectId<T>, _>()?;
			for parcel in parcels.iter() {
				ParcelProjects::<T>::try_mutate(parcel, |projects| projects.try_push(id))
					.map_err(|_| Error::<T>::TooManyProjectsOnParcel)?;
			}
			Projects::<T>::insert(
				id,
				Project {
					developer: who.clone(),
					did,
					methodology,
					parcels,
					document_hash,
					status: ProjectStatus::Proposed,
					validator: None,
					issued_until: 0,
					pending_report: None,
					batches: 0,
					metered: MeteredTally::default(),
					review: None,
					external: None,
					deposit,
				},
			);
			Self::deposit_event(Event::ProjectProposed { project: id, developer: who });
			Ok(())
		}

		/// Validates a proposed project; a validation body, not of the developer's DID.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::validate_project())]
		pub fn validate_project(origin: OriginFor<T>, project: ProjectId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut record = Projects::<T>::get(project).ok_or(Error::<T>::UnknownProject)?;
			let verifier = Self::independent_verifier(&who, &record)?;
			ensure!(record.status == ProjectStatus::Proposed, Error::<T>::WrongStatus);
			record.status = ProjectStatus::Validated;
			record.validator = Some(verifier);
			Projects::<T>::insert(project, record);
			Self::deposit_event(Event::ProjectValidated { project, validator: who });
			Ok(())
		}

		/// Moves a project on in its life; the registry authority only. A validated project is
		/// registered; a registered one suspended or ended; a suspended one reinstated or
		/// ended. An ended project no longer counts on its parcels.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_project_status(T::MaxParcels::get()))]
		pub fn set_project_status(
			origin: OriginFor<T>,
			project: ProjectId,
			status: ProjectStatus,
		) -> DispatchResult {
			T::RegistryOrigin::ensure_origin(origin)?;
			let mut record = Projects::<T>::get(project).ok_or(Error::<T>::UnknownProject)?;
			use ProjectStatus::*;
			let allowed = matches!(
				(record.status, status),
				(Validated, Registered)
					| (Registered, Suspended)
					| (Registered, Ended)
					| (Suspended, Registered)
					| (Suspended, Ended)
			);
			ensure!(allowed, Error::<T>::InvalidTransition);
			if status == Ended {
				for parcel in record.parcels.iter() {
					ParcelProjects::<T>::mutate(parcel, |projects| {
						projects.retain(|p| *p != project)
					});
				}
			}
			record.status = status;
			Projects::<T>::insert(project, record);
			Self::deposit_event(Event::ProjectStatusChanged { project, status });
			Ok(())
		}

		/// Submits a registered project's monitoring report for `[period_start, period_end)`
		/// (ms since the Unix epoch, ended by now, starting where the last credited period
		/// ended or later), claiming `tonnes`; its developer only. Holds `Deposit` until a
		/// verifier decides.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::submit_report())]
		pub fn submit_report(
			origin: OriginFor<T>,
			project: ProjectId,
			period_start: u64,
			period_end: u64,
			tonnes: u64,
			report_hash: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Projects::<T>::get(project).ok_or(Error::<T>::UnknownProject)?;
			ensure!(record.developer == who, Error::<T>::NotTheDeveloper);
			ensure!(record.external.is_none(), Error::<T>::BridgedProject);
			ensure!(record.status == ProjectStatus::Registered, Error::<T>::WrongStatus);
			ensure!(!Self::is_metered(&record)?, Error::<T>::MeteredMethodology);
			ensure!(record.pending_report.is_none(), Error::<T>::ReportPending);
			ensure!(
				period_start < period_end
					&& period_end <= Self::now_ms()
					&& period_start >= record.issued_until,
				Error::<T>::InvalidPeriod
			);
			ensure!(tonnes > 0, Error::<T>::ZeroTonnes);
			Self::file_report(
				&who,
				project,
				record,
				(period_start, period_end),
				tonnes,
				Evidence::Document(report_hash),
			)
		}

		/// Approves a monitoring report and issues its batch (see the crate documentation);
		/// a verifier, not of the developer's DID. The report's deposit is returned.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::approve_report())]
		pub fn approve_report(origin: OriginFor<T>, report: ReportId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let claim = Reports::<T>::get(report).ok_or(Error::<T>::UnknownReport)?;
			let mut record = Projects::<T>::get(claim.project).ok_or(Error::<T>::UnknownProject)?;
			Self::independent_verifier(&who, &record)?;
			ensure!(record.status == ProjectStatus::Registered, Error::<T>::WrongStatus);
			ensure!(record.review.is_none(), Error::<T>::UnderReview);
			let methodology = Methodologies::<T>::get(record.methodology)
				.ok_or(Error::<T>::UnknownMethodology)?;

			let buffer = Self::buffer_share(methodology.buffer, claim.tonnes);
			record.issued_until = record.issued_until.max(claim.period_end);
			record.pending_report = None;
			Self::release(&record.developer, claim.deposit)?;
			let (id, name, first_serial) = Self::issue_batch(
				claim.project,
				&mut record,
				(claim.period_start, claim.period_end),
				claim.tonnes,
				buffer,
			)?;
			Projects::<T>::insert(claim.project, record);
			Reports::<T>::remove(report);
			Self::deposit_event(Event::BatchIssued {
				batch: id,
				name,
				report,
				verifier: who,
				issued: claim.tonnes,
				buffer,
				first_serial,
			});
			Ok(())
		}

		/// Rejects a monitoring report; a verifier, not of the developer's DID. The report's
		/// deposit is returned and the developer may submit the period again; a metered
		/// report's tonnes and Wh return to the project's tally.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::reject_report())]
		pub fn reject_report(origin: OriginFor<T>, report: ReportId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let claim = Reports::<T>::get(report).ok_or(Error::<T>::UnknownReport)?;
			let mut record = Projects::<T>::get(claim.project).ok_or(Error::<T>::UnknownProject)?;
			Self::independent_verifier(&who, &record)?;
			record.pending_report = None;
			if let Evidence::Metered { wh } = claim.evidence {
				let tally = &mut record.metered;
				tally.wh = tally.wh.checked_add(wh).ok_or(ArithmeticError::Overflow)?;
				tally.avoided_mg = claim
					.tonnes
					.checked_mul(MG_PER_TONNE)
					.and_then(|mg| mg.checked_add(tally.avoided_mg))
					.ok_or(ArithmeticError::Overflow)?;
				Self::widen_period(tally, claim.period_start, claim.period_end);
			}
			Self::release(&record.developer, claim.deposit)?;
			Projects::<T>::insert(claim.project, record);
			Reports::<T>::remove(report);
			Self::deposit_event(Event::ReportRejected { report, verifier: who });
			Ok(())
		}

		/// Transfers `tonnes` of the caller's credits of `batch` to `to`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::transfer())]
		pub fn transfer(
			origin: OriginFor<T>,
			batch: BatchId,
			to: T::AccountId,
			tonnes: u64,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(Batches::<T>::contains_key(batch), Error::<T>::UnknownBatch);
			ensure!(tonnes > 0, Error::<T>::ZeroTonnes);
			ensure!(who != to, Error::<T>::SelfTransfer);
			Self::debit(batch, &who, tonnes)?;
			Self::credit(batch, &to, tonnes)?;
			Self::deposit_event(Event::CreditsTransferred { batch, from: who, to, tonnes });
			Ok(())
		}

		/// Retires `tonnes` of the caller's credits of `batch` for `claim`, taking the batch's
		/// next serials, and counts them against the claim's inventory (the caller's, of the
		/// year its period starts in) and the registry's totals; the certificate is kept for
		/// good, with its `Deposit`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::retire())]
		pub fn retire(
			origin: OriginFor<T>,
			batch: BatchId,
			tonnes: u64,
			claim: RetirementClaim<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_retire(who, batch, tonnes, claim)
		}

		/// Cancels `tonnes` of the caller's credits of `batch` for `reason` (a correction, an
		/// export to another registry), taking the batch's next serials.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::cancel())]
		pub fn cancel(
			origin: OriginFor<T>,
			batch: BatchId,
			tonnes: u64,
			reason: BoundedVec<u8, T::MaxTextLen>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut record = Batches::<T>::get(batch).ok_or(Error::<T>::UnknownBatch)?;
			ensure!(tonnes > 0, Error::<T>::ZeroTonnes);
			Self::debit(batch, &who, tonnes)?;
			let first_serial = Self::take_serials(&mut record, tonnes)?;
			record.cancelled =
				record.cancelled.checked_add(tonnes).ok_or(ArithmeticError::Overflow)?;
			Batches::<T>::insert(batch, record);
			Self::deposit_event(Event::CreditsCancelled {
				batch,
				holder: who,
				tonnes,
				first_serial,
				reason,
			});
			Ok(())
		}

		/// Records a verified reversal of `batch`'s project (`evidence_hash`: the verification
		/// report): cancels `tonnes` from the batch's buffer pool and suspends the project; a
		/// verifier, not of the developer's DID.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::record_reversal())]
		pub fn record_reversal(
			origin: OriginFor<T>,
			batch: BatchId,
			tonnes: u64,
			evidence_hash: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut record = Batches::<T>::get(batch).ok_or(Error::<T>::UnknownBatch)?;
			let mut project =
				Projects::<T>::get(record.project).ok_or(Error::<T>::UnknownProject)?;
			Self::independent_verifier(&who, &project)?;
			ensure!(tonnes > 0, Error::<T>::ZeroTonnes);
			ensure!(tonnes <= record.buffer, Error::<T>::InsufficientBuffer);
			// The pool holds the batch's last serials; reversals cancel from its front. Within
			// the batch's serials, which fitted when it was issued: no overflow.
			let pool_start =
				record.issued.saturating_sub(record.buffer.saturating_add(record.buffer_cancelled));
			let first_serial = record
				.first_serial
				.saturating_add(pool_start)
				.saturating_add(record.buffer_cancelled);
			record.buffer.saturating_reduce(tonnes);
			record.buffer_cancelled.saturating_accrue(tonnes);
			record.cancelled =
				record.cancelled.checked_add(tonnes).ok_or(ArithmeticError::Overflow)?;
			let project_id = record.project;
			Batches::<T>::insert(batch, record);
			if matches!(project.status, ProjectStatus::Registered) {
				project.status = ProjectStatus::Suspended;
				Projects::<T>::insert(project_id, project);
				Self::deposit_event(Event::ProjectStatusChanged {
					project: project_id,
					status: ProjectStatus::Suspended,
				});
			}
			Self::deposit_event(Event::ReversalRecorded {
				batch,
				tonnes,
				first_serial,
				evidence_hash,
				verifier: who,
			});
			Ok(())
		}

		/// Sets the grid's emission factor for `year` (grams of CO₂e per kWh), or removes it;
		/// the registry authority only. Claims already made keep the factor they were made at.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_emission_factor())]
		pub fn set_emission_factor(
			origin: OriginFor<T>,
			year: u16,
			grams_per_kwh: Option<u32>,
		) -> DispatchResult {
			T::RegistryOrigin::ensure_origin(origin)?;
			EmissionFactors::<T>::set(year, grams_per_kwh);
			Self::deposit_event(Event::EmissionFactorSet { year, grams_per_kwh });
			Ok(())
		}

		/// Claims all the unclaimed energy of the caller's generation `certificates` for its
		/// registered metered `project`, adding it and the emissions it avoided (at the
		/// emission factor of each delivery's year) to the project's tally; its developer
		/// only. The certificates' energy can back nothing else afterwards.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::claim_metered_energy(certificates.len() as u32))]
		pub fn claim_metered_energy(
			origin: OriginFor<T>,
			project: ProjectId,
			certificates: BoundedVec<CertificateId, T::MaxCertificatesPerClaim>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut record = Projects::<T>::get(project).ok_or(Error::<T>::UnknownProject)?;
			ensure!(record.developer == who, Error::<T>::NotTheDeveloper);
			ensure!(record.external.is_none(), Error::<T>::BridgedProject);
			ensure!(record.status == ProjectStatus::Registered, Error::<T>::WrongStatus);
			ensure!(Self::is_metered(&record)?, Error::<T>::NotMetered);
			ensure!(!certificates.is_empty(), Error::<T>::NoCertificates);
			let mut sorted = certificates.clone().into_inner();
			sorted.sort_unstable();
			ensure!(
				sorted.windows(2).all(|pair| pair[0] != pair[1]),
				Error::<T>::DuplicateCertificate
			);
			let (mut wh, mut avoided_mg) = (0u64, 0u64);
			for id in &certificates {
				let info = T::Energy::certificate(*id).ok_or(Error::<T>::UnknownCertificate)?;
				ensure!(info.kind == CertificateKind::Generation, Error::<T>::NotGenerationEnergy);
				ensure!(info.owner == who, Error::<T>::NotCertificateOwner);
				let grams_per_kwh = EmissionFactors::<T>::get(year_of(info.period_start_ms))
					.ok_or(Error::<T>::NoEmissionFactor)?;
				for (source, unclaimed) in info.unclaimed_wh {
					T::Energy::claim(&who, *id, source, unclaimed)?;
					wh = wh.checked_add(unclaimed).ok_or(ArithmeticError::Overflow)?;
					// Wh × g/kWh = mg.
					avoided_mg = unclaimed
						.checked_mul(grams_per_kwh.into())
						.and_then(|mg| mg.checked_add(avoided_mg))
						.ok_or(ArithmeticError::Overflow)?;
				}
				Self::widen_period(&mut record.metered, info.period_start_ms, info.period_end_ms);
			}
			let tally = &mut record.metered;
			tally.wh = tally.wh.checked_add(wh).ok_or(ArithmeticError::Overflow)?;
			tally.avoided_mg =
				tally.avoided_mg.checked_add(avoided_mg).ok_or(ArithmeticError::Overflow)?;
			Projects::<T>::insert(project, record);
			Self::deposit_event(Event::MeteredEnergyClaimed {
				project,
				certificates: certificates.len() as u32,
				wh,
				avoided_mg,
			});
			Ok(())
		}

		/// Reports the whole tonnes of a registered metered project's tally, over the period
		/// its claimed deliveries span, for a verifier to approve; its developer only. The
		/// fraction of a tonne stays in the tally. Holds `Deposit` until a verifier decides.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::submit_metered_report())]
		pub fn submit_metered_report(origin: OriginFor<T>, project: ProjectId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut record = Projects::<T>::get(project).ok_or(Error::<T>::UnknownProject)?;
			ensure!(record.developer == who, Error::<T>::NotTheDeveloper);
			ensure!(record.external.is_none(), Error::<T>::BridgedProject);
			ensure!(record.status == ProjectStatus::Registered, Error::<T>::WrongStatus);
			ensure!(Self::is_metered(&record)?, Error::<T>::NotMetered);
			ensure!(record.pending_report.is_none(), Error::<T>::ReportPending);
			let tally = record.metered;
			let tonnes = tally.avoided_mg / MG_PER_TONNE;
			ensure!(tonnes > 0, Error::<T>::ZeroTonnes);
			// A tally with avoided emissions has claimed Wh, so a period.
			let period = tally.period.ok_or(Error::<T>::ZeroTonnes)?;
			record.metered =
				MeteredTally { wh: 0, avoided_mg: tally.avoided_mg % MG_PER_TONNE, period: None };
			Self::file_report(
				&who,
				project,
				record,
				period,
				tonnes,
				Evidence::Metered { wh: tally.wh },
			)
		}

		/// Clears the review a change to one of the project's parcels put it under; the
		/// registry authority only, once it has checked the project still stands (the
		/// developer's rights, the new parcels).
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::clear_review())]
		pub fn clear_review(origin: OriginFor<T>, project: ProjectId) -> DispatchResult {
			T::RegistryOrigin::ensure_origin(origin)?;
			let mut record = Projects::<T>::get(project).ok_or(Error::<T>::UnknownProject)?;
			ensure!(record.review.take().is_some(), Error::<T>::NotUnderReview);
			Projects::<T>::insert(project, record);
			Self::deposit_event(Event::ReviewCleared { project });
			Ok(())
		}

		/// Lists `tonnes` of the caller's credits of `batch` for sale at `price_per_tonne`: they
		/// go into the listing's escrow. Holds `Deposit` until the listing closes.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::list_credits())]
		pub fn list_credits(
			origin: OriginFor<T>,
			batch: BatchId,
			tonnes: u64,
			price_per_tonne: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(Batches::<T>::contains_key(batch), Error::<T>::UnknownBatch);
			ensure!(tonnes > 0, Error::<T>::ZeroTonnes);
			ensure!(!price_per_tonne.is_zero(), Error::<T>::ZeroPrice);
			Self::debit(batch, &who, tonnes)?;
			let deposit = T::Deposit::get();
			T::Currency::hold(&HoldReason::Deposit.into(), &who, deposit)?;
			let id = Self::next_id::<NextListingId<T>, _>()?;
			Listings::<T>::insert(
				id,
				Listing { seller: who.clone(), batch, tonnes, price_per_tonne, deposit },
			);
			Self::deposit_event(Event::CreditsListed {
				listing: id,
				seller: who,
				batch,
				tonnes,
				price_per_tonne,
			});
			Ok(())
		}

		/// Withdraws the caller's listing: its credits and deposit go back to it.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::withdraw_listing())]
		pub fn withdraw_listing(origin: OriginFor<T>, listing: ListingId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Listings::<T>::get(listing).ok_or(Error::<T>::UnknownListing)?;
			ensure!(record.seller == who, Error::<T>::NotTheSeller);
			Self::close_listing(listing, record)
		}

		/// Buys `tonnes` of `listing` at its price, if that is at most `max_price_per_tonne`.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::buy_credits())]
		pub fn buy_credits(
			origin: OriginFor<T>,
			listing: ListingId,
			tonnes: u64,
			max_price_per_tonne: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_buy(&who, listing, tonnes, max_price_per_tonne)?;
			Ok(())
		}

		/// Buys `tonnes` of `listing` as `buy_credits` does and retires them for `claim` as
		/// `retire` does, in one call.
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::buy_and_retire())]
		pub fn buy_and_retire(
			origin: OriginFor<T>,
			listing: ListingId,
			tonnes: u64,
			max_price_per_tonne: BalanceOf<T>,
			claim: RetirementClaim<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let batch = Self::do_buy(&who, listing, tonnes, max_price_per_tonne)?;
			Self::do_retire(who, batch, tonnes, claim)
		}

		/// Registers an external registry whose credits `bridge` may bring in; the registry
		/// authority only.
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::register_external_registry())]
		pub fn register_external_registry(
			origin: OriginFor<T>,
			name: BoundedVec<u8, T::MaxTextLen>,
			bridge: T::AccountId,
		) -> DispatchResult {
			T::RegistryOrigin::ensure_origin(origin)?;
			let registry = Self::next_id::<NextRegistryId<T>, _>()?;
			ExternalRegistries::<T>::insert(
				registry,
				ExternalRegistry { name, bridge: bridge.clone() },
			);
			Self::deposit_event(Event::ExternalRegistryRegistered {
				registry_id: registry,
				bridge,
			});
			Ok(())
		}

		/// Bridges the external project `external_id` of the external registry `registry_id`
		/// under `methodology` as a registered local project of the caller; the registry's
		/// bridge account only. Holds `Deposit`.
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::bridge_project())]
		pub fn bridge_project(
			origin: OriginFor<T>,
			registry_id: RegistryId,
			external_id: BoundedVec<u8, T::MaxTextLen>,
			methodology: MethodologyId,
			document_hash: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_bridge_project(who, registry_id, external_id, methodology, document_hash)
		}

		/// Admits the external serials `first_external_serial ..` (`tonnes` of them, of the
		/// vintage `[vintage_start, vintage_end)`) of the bridged `project` as a batch held by
		/// the caller, the registry's bridge account, which has retired or locked them there
		/// (`evidence_hash`: the external registry's record). Serials admitted before are
		/// refused.
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::import_credits())]
		pub fn import_credits(
			origin: OriginFor<T>,
			project: ProjectId,
			first_external_serial: u64,
			tonnes: u64,
			vintage_start: u64,
			vintage_end: u64,
			evidence_hash: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_import_credits(
				who,
				project,
				(first_external_serial, tonnes),
				(vintage_start, vintage_end),
				evidence_hash,
			)
		}

		/// Opens a pledge inventory `name` for consumption in `year`, against which the
		/// caller's retirements may count. Holds `Deposit`; the inventory is kept for good.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::open_inventory())]
		pub fn open_inventory(
			origin: OriginFor<T>,
			name: BoundedVec<u8, T::MaxTextLen>,
			year: u16,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let deposit = T::Deposit::get();
			T::Currency::hold(&HoldReason::Deposit.into(), &who, deposit)?;
			let id = Self::next_id::<NextInventoryId<T>, _>()?;
			Inventories::<T>::insert(
				id,
				Inventory { owner: who.clone(), name, year, tonnes: 0, deposit },
			);
			Self::deposit_event(Event::InventoryOpened { inventory: id, owner: who, year });
			Ok(())
		}
	}
}

impl<T: Config> OnParcelChange for Pallet<T> {
	fn on_parcel_change(parcel: ParcelId, change: ParcelChange) {
		for project in ParcelProjects::<T>::get(parcel) {
			Projects::<T>::mutate_extant(project, |record| {
				// The first change is the one to review.
				if record.review.is_none() {
					record.review = Some((parcel, change));
					Self::deposit_event(Event::ProjectUnderReview { project, parcel, change });
				}
			});
		}
	}

	fn weight() -> frame_support::weights::Weight {
		T::WeightInfo::on_parcel_change(T::MaxProjectsPerParcel::get())
	}
}

/// The calendar year (UTC) of `ms` after the Unix epoch.
pub fn year_of(ms: u64) -> u16 {
	// Counted from 1 March of year 0, leap days fall at the end of a year; 400 years of the
	// Gregorian calendar are 146,097 days.
	let days = ms / DAY_MS + 719_468;
	let (era, day_of_era) = (days / 146_097, days % 146_097);
	let year_of_era =
		(day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
	let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	// Months from March; January and February (10 and 11) belong to the next civil year.
	let month = (5 * day_of_year + 2) / 153;
	let year = era * 400 + year_of_era + u64::from(month >= 10);
	year.try_into().unwrap_or(u16::MAX)
}

impl<T: Config> Pallet<T> {
	fn now_ms() -> u64 {
		polis_primitives::unix_millis::<T::Time>()
	}

	/// The caller's DID if it holds a verifier credential and is not the project's developer.
	fn independent_verifier(
		who: &T::AccountId,
		project: &Project<T>,
	) -> Result<DidOf<T>, DispatchError> {
		let did = T::Credentials::valid_credential(who, T::VerifierSchema::get(), None, None)
			.ok_or(Error::<T>::NotAVerifier)?
			.subject;
		ensure!(did != project.did, Error::<T>::SelfVerification);
		Ok(did)
	}

	/// Retires `tonnes` of `who`'s credits of `batch` for `claim` (see `retire`).
	fn do_retire(
		who: T::AccountId,
		batch: BatchId,
		tonnes: u64,
		claim: RetirementClaim<T>,
	) -> DispatchResult {
		let mut record = Batches::<T>::get(batch).ok_or(Error::<T>::UnknownBatch)?;
		ensure!(tonnes > 0, Error::<T>::ZeroTonnes);
		ensure!(claim.period_start < claim.period_end, Error::<T>::InvalidPeriod);
		Self::count_retirement(&who, record.project, &claim, tonnes)?;
		Self::debit(batch, &who, tonnes)?;
		let deposit = T::Deposit::get();
		T::Currency::hold(&HoldReason::Deposit.into(), &who, deposit)?;
		let first_serial = Self::take_serials(&mut record, tonnes)?;
		record.retired = record.retired.checked_add(tonnes).ok_or(ArithmeticError::Overflow)?;
		Batches::<T>::insert(batch, record);
		let id = Self::next_id::<NextRetirementId<T>, _>()?;
		let inventory = claim.inventory;
		Retirements::<T>::insert(
			id,
			Retirement {
				owner: who.clone(),
				batch,
				tonnes,
				first_serial,
				claim,
				retired_at: frame_system::Pallet::<T>::block_number(),
				deposit,
			},
		);
		Self::deposit_event(Event::CreditsRetired {
			retirement: id,
			batch,
			owner: who,
			tonnes,
			first_serial,
			inventory,
		});
		Ok(())
	}

	/// Issues a batch of `tonnes` of `project` for `vintage`, `buffer` of them into the buffer
	/// pool and the rest to its developer, with the next serials; returns its id, name and
	/// first serial. The caller stores `record`.
	fn issue_batch(
		project: ProjectId,
		record: &mut Project<T>,
		(vintage_start, vintage_end): (u64, u64),
		tonnes: u64,
		buffer: u64,
	) -> Result<(BatchId, BatchName, Serial), DispatchError> {
		let first_serial = NextSerial::<T>::get();
		NextSerial::<T>::put(first_serial.checked_add(tonnes).ok_or(ArithmeticError::Overflow)?);
		let id = Self::next_id::<NextBatchId<T>, _>()?;
		record.batches = record.batches.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let batch = Batch {
			project,
			sequence: record.batches,
			vintage_start,
			vintage_end,
			issued: tonnes,
			first_serial,
			retired: 0,
			cancelled: 0,
			buffer,
			consumed: 0,
			buffer_cancelled: 0,
			issued_at: frame_system::Pallet::<T>::block_number(),
		};
		let name = Self::batch_name(&batch);
		let tradable = tonnes.saturating_sub(buffer);
		if tradable > 0 {
			Credits::<T>::insert(&record.developer, id, tradable);
		}
		Batches::<T>::insert(id, batch);
		ProjectBatches::<T>::insert(project, id, ());
		Ok((id, name, first_serial))
	}

	/// Hands out the next identifier of the counter `Counter`, advancing it.
	fn next_id<Counter, Id>() -> Result<Id, DispatchError>
	where
		Counter: frame_support::StorageValue<Id, Query = Id>,
		Id: codec::FullCodec + CheckedAdd + One + Copy,
	{
		let id = Counter::get();
		Counter::put(id.checked_add(&Id::one()).ok_or(ArithmeticError::Overflow)?);
		Ok(id)
	}

	/// Whether the project's methodology issues from metered generation.
	fn is_metered(project: &Project<T>) -> Result<bool, DispatchError> {
		Ok(Methodologies::<T>::get(project.methodology)
			.ok_or(Error::<T>::UnknownMethodology)?
			.metered)
	}

	/// Holds the report's deposit from `developer` and files it as the project's pending
	/// report.
	fn file_report(
		developer: &T::AccountId,
		project: ProjectId,
		mut record: Project<T>,
		(period_start, period_end): (u64, u64),
		tonnes: u64,
		evidence: Evidence,
	) -> DispatchResult {
		let deposit = T::Deposit::get();
		T::Currency::hold(&HoldReason::Deposit.into(), developer, deposit)?;
		let id = Self::next_id::<NextReportId<T>, _>()?;
		Reports::<T>::insert(
			id,
			Report { project, period_start, period_end, tonnes, evidence, deposit },
		);
		record.pending_report = Some(id);
		Projects::<T>::insert(project, record);
		Self::deposit_event(Event::ReportSubmitted { report: id, project, tonnes });
		Ok(())
	}

	/// Widens the tally's period to cover `[start, end)`.
	fn widen_period(tally: &mut MeteredTally, start: u64, end: u64) {
		tally.period = Some(match tally.period {
			Some((from, to)) => (from.min(start), to.max(end)),
			None => (start, end),
		});
	}

	/// The buffer pool's share of `tonnes`, rounded up: the pool never holds less than the
	/// methodology asks.
	fn buffer_share(buffer: Percent, tonnes: u64) -> u64 {
		buffer.mul_ceil(tonnes)
	}

	/// A batch's name from its project, vintage and sequence.
	pub fn batch_name(batch: &Batch<T>) -> BatchName {
		let day = |ms: u64| (ms / DAY_MS).try_into().unwrap_or(u32::MAX);
		BatchName {
			project: batch.project,
			start_day: day(batch.vintage_start),
			end_day: day(batch.vintage_end),
			sequence: batch.sequence,
		}
	}

	/// Takes `tonnes` of `who`'s credits of `batch`.
	fn debit(batch: BatchId, who: &T::AccountId, tonnes: u64) -> DispatchResult {
		Credits::<T>::try_mutate_exists(who, batch, |held| -> DispatchResult {
			let left =
				held.unwrap_or(0).checked_sub(tonnes).ok_or(Error::<T>::InsufficientCredits)?;
			*held = Some(left).filter(|left| *left > 0);
			Ok(())
		})
	}

	/// Gives `who` `tonnes` of credits of `batch`.
	fn credit(batch: BatchId, who: &T::AccountId, tonnes: u64) -> DispatchResult {
		Credits::<T>::try_mutate(who, batch, |held| -> DispatchResult {
			*held = Some(held.unwrap_or(0).checked_add(tonnes).ok_or(ArithmeticError::Overflow)?);
			Ok(())
		})
	}

	/// The next `tonnes` serials of `batch`'s holders' credits; returns the first.
	fn take_serials(batch: &mut Batch<T>, tonnes: u64) -> Result<Serial, DispatchError> {
		let first =
			batch.first_serial.checked_add(batch.consumed).ok_or(ArithmeticError::Overflow)?;
		batch.consumed = batch.consumed.checked_add(tonnes).ok_or(ArithmeticError::Overflow)?;
		Ok(first)
	}

	/// Returns a record's deposit. Fails rather than drop the record with its deposit still
	/// held (a balance that cannot take it back, as one set near the maximum).
	fn release(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::release(&HoldReason::Deposit.into(), who, amount, Precision::Exact)?;
		Ok(())
	}
}

sp_api::decl_runtime_apis! {
	/// Reads of the carbon registry for clients.
	pub trait CarbonCreditsApi<AccountId, BlockNumber>
	where
		AccountId: codec::Codec,
		BlockNumber: codec::Codec,
	{
		/// A project with its batches (at most `MAX_PAGE`), `None` if there is none.
		fn project(project: ProjectId) -> Option<ProjectView<AccountId>>;
		/// Up to `limit` (at most `MAX_PAGE`) of `who`'s holdings as (batch, tonnes), after
		/// `start_after`.
		fn holdings_of(who: AccountId, start_after: Option<BatchId>, limit: u32) -> Vec<(BatchId, u64)>;
		/// A retirement certificate.
		fn retirement(retirement: RetirementId) -> Option<RetirementView<AccountId, BlockNumber>>;
		/// A pledge inventory with its tonnes by project (at most `MAX_PAGE`).
		fn inventory(inventory: InventoryId) -> Option<InventoryView<AccountId>>;
		/// Tonnes retired for consumption in `year`, in all and by project (at most
		/// `MAX_PAGE`).
		fn year_totals(year: u16) -> YearTotals;
		/// Tonnes retired for consumption in `year` naming `beneficiary`.
		fn beneficiary_total(year: u16, beneficiary: Vec<u8>) -> u64;
	}
}
