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
//! the project. Per batch: holders' credits + retired + cancelled + buffer = issued.
//!
//! ## Limits
//!
//! - Credits are whole tonnes.
//! - A project has one monitoring report waiting at a time, and reports follow each other in
//!   time: a report starts where the last issued one ended, or later.
//! - A retirement certificate is kept for good, and so is its deposit.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
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
		tokens::Precision,
		Get, UnixTime,
	},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use polis_primitives::{CredentialCheck, LandRights, ParcelId, SchemaId};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
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
		/// A developer submitted a monitoring report.
		ReportSubmitted { report: ReportId, project: ProjectId, tonnes: u64 },
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
			let id = NextMethodologyId::<T>::get();
			NextMethodologyId::<T>::put(id.checked_add(1).ok_or(ArithmeticError::Overflow)?);
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
			let id = NextProjectId::<T>::get();
			NextProjectId::<T>::put(id.checked_add(1).ok_or(ArithmeticError::Overflow)?);
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
		/// ended.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_project_status())]
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
			let mut record = Projects::<T>::get(project).ok_or(Error::<T>::UnknownProject)?;
			ensure!(record.developer == who, Error::<T>::NotTheDeveloper);
			ensure!(record.status == ProjectStatus::Registered, Error::<T>::WrongStatus);
			ensure!(record.pending_report.is_none(), Error::<T>::ReportPending);
			ensure!(
				period_start < period_end
					&& period_end <= Self::now_ms()
					&& period_start >= record.issued_until,
				Error::<T>::InvalidPeriod
			);
			ensure!(tonnes > 0, Error::<T>::ZeroTonnes);
			let deposit = T::Deposit::get();
			T::Currency::hold(&HoldReason::Deposit.into(), &who, deposit)?;
			let id = NextReportId::<T>::get();
			NextReportId::<T>::put(id.checked_add(1).ok_or(ArithmeticError::Overflow)?);
			Reports::<T>::insert(
				id,
				Report { project, period_start, period_end, tonnes, report_hash, deposit },
			);
			record.pending_report = Some(id);
			Projects::<T>::insert(project, record);
			Self::deposit_event(Event::ReportSubmitted { report: id, project, tonnes });
			Ok(())
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
			let methodology = Methodologies::<T>::get(record.methodology)
				.ok_or(Error::<T>::UnknownMethodology)?;

			let buffer = Self::buffer_share(methodology.buffer, claim.tonnes);
			let first_serial = NextSerial::<T>::get();
			NextSerial::<T>::put(
				first_serial.checked_add(claim.tonnes).ok_or(ArithmeticError::Overflow)?,
			);
			let id = NextBatchId::<T>::get();
			NextBatchId::<T>::put(id.checked_add(1).ok_or(ArithmeticError::Overflow)?);
			record.batches = record.batches.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			record.issued_until = claim.period_end;
			record.pending_report = None;
			let batch = Batch {
				project: claim.project,
				sequence: record.batches,
				vintage_start: claim.period_start,
				vintage_end: claim.period_end,
				issued: claim.tonnes,
				first_serial,
				retired: 0,
				cancelled: 0,
				buffer,
				consumed: 0,
				buffer_cancelled: 0,
				issued_at: frame_system::Pallet::<T>::block_number(),
			};
			let name = Self::batch_name(&batch);
			let tradable = claim.tonnes.saturating_sub(buffer);
			if tradable > 0 {
				Credits::<T>::insert(&record.developer, id, tradable);
			}
			Self::release(&record.developer, claim.deposit);
			Batches::<T>::insert(id, batch);
			ProjectBatches::<T>::insert(claim.project, id, ());
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
		/// deposit is returned and the developer may submit the period again.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::reject_report())]
		pub fn reject_report(origin: OriginFor<T>, report: ReportId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let claim = Reports::<T>::get(report).ok_or(Error::<T>::UnknownReport)?;
			let mut record = Projects::<T>::get(claim.project).ok_or(Error::<T>::UnknownProject)?;
			Self::independent_verifier(&who, &record)?;
			record.pending_report = None;
			Self::release(&record.developer, claim.deposit);
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
			Credits::<T>::try_mutate(&to, batch, |held| -> DispatchResult {
				let balance =
					held.unwrap_or(0).checked_add(tonnes).ok_or(ArithmeticError::Overflow)?;
				*held = Some(balance);
				Ok(())
			})?;
			Self::deposit_event(Event::CreditsTransferred { batch, from: who, to, tonnes });
			Ok(())
		}

		/// Retires `tonnes` of the caller's credits of `batch` for `claim`, taking the batch's
		/// next serials; the certificate is kept for good, with its `Deposit`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::retire())]
		pub fn retire(
			origin: OriginFor<T>,
			batch: BatchId,
			tonnes: u64,
			claim: RetirementClaim<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut record = Batches::<T>::get(batch).ok_or(Error::<T>::UnknownBatch)?;
			ensure!(tonnes > 0, Error::<T>::ZeroTonnes);
			ensure!(claim.period_start < claim.period_end, Error::<T>::InvalidPeriod);
			Self::debit(batch, &who, tonnes)?;
			let deposit = T::Deposit::get();
			T::Currency::hold(&HoldReason::Deposit.into(), &who, deposit)?;
			let first_serial = Self::take_serials(&mut record, tonnes)?;
			record.retired = record.retired.checked_add(tonnes).ok_or(ArithmeticError::Overflow)?;
			Batches::<T>::insert(batch, record);
			let id = NextRetirementId::<T>::get();
			NextRetirementId::<T>::put(id.checked_add(1).ok_or(ArithmeticError::Overflow)?);
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
			});
			Ok(())
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
	}
}

impl<T: Config> Pallet<T> {
	fn now_ms() -> u64 {
		T::Time::now().as_millis().try_into().unwrap_or(u64::MAX)
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

	/// The next `tonnes` serials of `batch`'s holders' credits; returns the first.
	fn take_serials(batch: &mut Batch<T>, tonnes: u64) -> Result<Serial, DispatchError> {
		let first =
			batch.first_serial.checked_add(batch.consumed).ok_or(ArithmeticError::Overflow)?;
		batch.consumed = batch.consumed.checked_add(tonnes).ok_or(ArithmeticError::Overflow)?;
		Ok(first)
	}

	fn release(who: &T::AccountId, amount: BalanceOf<T>) {
		if amount.is_zero() {
			return;
		}
		// Held by this pallet for this record: the release cannot fall short.
		let _ =
			T::Currency::release(&HoldReason::Deposit.into(), who, amount, Precision::BestEffort);
	}

	/// The pallet's invariants: per batch, holders' credits + retired + cancelled + buffer =
	/// issued, serials consumed match what was retired and cancelled, batches' serials do not
	/// overlap; deposits held match the records; a project's pending report exists.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		let mut held = BTreeMap::<BatchId, u64>::new();
		for (_, batch, tonnes) in Credits::<T>::iter() {
			ensure!(tonnes > 0, "a holder's credits are recorded as zero");
			*held.entry(batch).or_default() += tonnes;
		}
		let mut ranges = alloc::vec::Vec::new();
		for (id, batch) in Batches::<T>::iter() {
			let accounted = held
				.get(&id)
				.copied()
				.unwrap_or(0)
				.checked_add(batch.retired)
				.and_then(|sum| sum.checked_add(batch.cancelled))
				.and_then(|sum| sum.checked_add(batch.buffer));
			ensure!(
				accounted == Some(batch.issued),
				"a batch's credits do not add up to its issuance"
			);
			ensure!(
				batch.consumed + batch.buffer_cancelled == batch.retired + batch.cancelled
					&& batch.consumed + batch.buffer + batch.buffer_cancelled <= batch.issued,
				"a batch's serials taken do not match its retirements and cancellations"
			);
			ensure!(
				Projects::<T>::contains_key(batch.project)
					&& ProjectBatches::<T>::contains_key(batch.project, id),
				"a batch's project is unknown, or does not list it"
			);
			ranges.push((batch.first_serial, batch.issued));
		}
		ranges.sort_unstable();
		ensure!(
			ranges.windows(2).all(|pair| pair[0].0 + pair[0].1 <= pair[1].0)
				&& ranges.last().is_none_or(|last| last.0 + last.1 <= NextSerial::<T>::get()),
			"batches' serials overlap"
		);

		let mut deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (id, project) in Projects::<T>::iter() {
			deposits
				.entry(project.developer.clone())
				.or_default()
				.saturating_accrue(project.deposit);
			if let Some(report) = project.pending_report {
				let claim = Reports::<T>::get(report).ok_or("a pending report is unknown")?;
				ensure!(claim.project == id, "a pending report is of another project");
				deposits
					.entry(project.developer.clone())
					.or_default()
					.saturating_accrue(claim.deposit);
			}
		}
		ensure!(
			Reports::<T>::iter().all(|(id, claim)| {
				Projects::<T>::get(claim.project).is_some_and(|p| p.pending_report == Some(id))
			}),
			"a report is not its project's pending report"
		);
		for (_, retirement) in Retirements::<T>::iter() {
			deposits.entry(retirement.owner).or_default().saturating_accrue(retirement.deposit);
		}
		for (who, amount) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Deposit.into(), &who) == amount,
				"deposits held do not match the records"
			);
		}
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
	}
}
