//! # Provenance pallet
//!
//! Supply-chain traceability after GS1 EPCIS 2.0 and CBV 2.0: organisations commission lots
//! of product classes at locations, transform them into other lots, pack them into
//! containers, hand them over with the receiver's acceptance, check their cold chain against
//! device-signed sensor data, and recall them down the lot graph.
//!
//! ## Roles
//!
//! - The `RegistryOrigin` (governance; Root for now) chooses the credential schema of each
//!   [`Role`] (`set_role_schema`).
//! - **Organisations** are DIDs. Every call that needs a role checks that the caller's DID
//!   holds a valid credential of that role's schema (`CredentialCheck`): producers and aid
//!   agencies commission lots; producers and processors register product classes and
//!   transform lots; inspectors and regulators inspect any lot; a lot's producer or any
//!   regulator recalls it. Any DID registers locations and receives lots.
//! - A lot's **custodian** (who has it in hand) packs, ships, observes and attaches devices
//!   to it; its **owner** decommissions it and passes its ownership on with a shipment.
//! - **Anyone** checks a lot's cold chain during a long transit and spreads a recall.
//!
//! ## Events
//!
//! Every call that changes a lot records an EPCIS event: what (the lots), when (the time the
//! caller gives, not after now, and the block), where (a registered location as read point),
//! why (a CBV business step and disposition) and optionally the hash of the full off-chain
//! EPCIS document (opaque bytes and an algorithm tag: the chain does not normalise EPCIS
//! JSON). Each event holds `EventDeposit` from its recorder. Records are append-only: a
//! recorder declares an event wrong and names the events that correct it
//! (`declare_error`).
//!
//! ## Custody and the cold chain
//!
//! A custodian ships a lot (or a container with what it holds) to a named receiver
//! (`ship`); the receiver accepts or rejects it on arrival (`receive`); ownership passes
//! with it if the shipment names a business transaction. A product class may require a
//! condition in transit (a metric's range). On receipt, the interval summaries of the device
//! attached to the lot (`MeterReadings`) over the transit are checked against the lot's
//! conditions; a reading out of range, or an interval that has ended without readings (or
//! without a device), marks the lot non-conforming, with the evidence (device, intervals, values) in the event. A transit
//! longer than `MaxCheckedIntervals` intervals is checked along the way (`check_conditions`,
//! by anyone).
//!
//! ## Recalls
//!
//! A recall marks a lot and spreads, in bounded steps (`propagate_recall`, by anyone), to
//! every lot made from it and every container holding one of those. A lot reached by a
//! recall can no longer be shipped, packed, transformed or observed as conforming.
//!
//! ## Aid distribution
//!
//! An aid agency opens a programme: a ration of a product class per beneficiary and
//! entitlement period, for the beneficiaries of a district (the scope of their beneficiary
//! credential). Its lots reach distribution points through the usual custody handovers, owned
//! by the agency; there, the lot's custodian hands a ration to a beneficiary who signs for it
//! (`hand_out`). A beneficiary receives one ration per programme and period, wherever it
//! claims. Donors follow their lots to the distribution points and the counts handed out
//! there: the records name no beneficiary (a claim is kept under a hash of the programme and
//! the beneficiary's DID).
//!
//! ## Anchoring
//!
//! An organisation that records many events off chain anchors the Merkle root of their hashes
//! (`anchor_events`) instead of recording each; anyone proves one event against the anchor
//! through the runtime API.
//!
//! ## Limits
//!
//! - Containers are not nested: a container holds lots, not other containers.
//! - Lots, events and product classes are permanent records: their deposits stay held.
//! - A shipment the receiver never answers stays open.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod aid;
mod anchoring;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod custody;
mod invariants;
#[cfg(test)]
mod mock;
pub mod queries;
mod recall;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use queries::*;
pub use types::*;
pub use weights::WeightInfo;

use aid::Claimant;
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
use polis_primitives::{
	anonymity::MAX_RING, AnonymousCredentials, AnonymousProof, CredentialCheck, DeviceRegistry,
	LandRights, MeterReadings, ParcelId, PublicKey, SchemaId,
};
use sp_runtime::{
	traits::{CheckedAdd, IdentifyAccount, One, Verify, Zero},
	ArithmeticError, DispatchError,
};

/// The balance type of the registry's deposits.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// The identifier of a DID.
pub type DidOf<T> = <T as Config>::DidId;

/// What benchmarks need of the runtime beyond `Config`.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<T: Config> {
	/// Sets the chain's clock to `now` milliseconds after the Unix epoch.
	fn set_time(now: u64);
	/// An account controlling `did`.
	fn account_of(did: &DidOf<T>) -> T::AccountId;
	/// Records `value` as `device`'s only reading of `metric` in `interval`.
	fn record_reading(
		device: &PublicKey,
		metric: polis_primitives::MetricId,
		interval: polis_primitives::IntervalIndex,
		value: i64,
	);
	/// A beneficiary's account and its signature of `message`, made with the costliest kind
	/// of key to verify.
	fn beneficiary_proof(message: &[u8]) -> (T::AccountId, T::Signature);
}

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

		/// Chooses the credential schema of each role.
		type RegistryOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The identifier of a DID.
		type DidId: Parameter + MaxEncodedLen;

		/// Where organisations' roles are checked.
		type Credentials: CredentialCheck<
			Self::AccountId,
			BlockNumberFor<Self>,
			DidId = Self::DidId,
		>;

		/// Where the devices attached to lots are checked.
		type Devices: DeviceRegistry<Self::DidId>;

		/// Where the devices' interval summaries are read for cold-chain checks.
		type Meters: MeterReadings;

		/// Where locations' parcels, and the rights over them, are checked.
		type Land: LandRights<Self::AccountId>;

		/// The chain's clock: events happen no later than now.
		type Time: UnixTime;

		/// A beneficiary's signature of an aid claim, verified against its account.
		type Signature: Verify<Signer: IdentifyAccount<AccountId = Self::AccountId>> + Parameter;

		/// Where anonymous beneficiaries' ring proofs are verified.
		type Anonymity: AnonymousCredentials<Self::AccountId, Self::DidId>;

		/// Held per location, product class and lot.
		#[pallet::constant]
		type RecordDeposit: Get<BalanceOf<Self>>;
		/// Held per recorded event.
		#[pallet::constant]
		type EventDeposit: Get<BalanceOf<Self>>;
		/// The longest code (GLN, GTIN, lot code, SSCC, transaction reference), in bytes.
		#[pallet::constant]
		type MaxCodeLen: Get<u32>;
		/// The longest reason, in bytes.
		#[pallet::constant]
		type MaxTextLen: Get<u32>;
		/// Most lots one event names (inputs or outputs of a transformation, lots packed), and
		/// so most lots one lot is made from.
		#[pallet::constant]
		type MaxLotsPerEvent: Get<u32>;
		/// Most lots made from one lot.
		#[pallet::constant]
		type MaxChildren: Get<u32>;
		/// Most lots one container holds.
		#[pallet::constant]
		type MaxContents: Get<u32>;
		/// Most intervals one condition check reads per metric.
		#[pallet::constant]
		type MaxCheckedIntervals: Get<u32>;
		/// Most lots one `propagate_recall` call takes from a recall's queue.
		#[pallet::constant]
		type MaxRecallSteps: Get<u32>;
		/// Most claims one `prune_claims` call removes.
		#[pallet::constant]
		type MaxClaimsPruned: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets the clock and sensor readings for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a location, a product class, a lot or an event.
		Deposit,
	}

	/// The credential schema of each role.
	#[pallet::storage]
	pub type RoleSchemas<T: Config> = StorageMap<_, Twox64Concat, Role, SchemaId>;

	/// Locations.
	#[pallet::storage]
	pub type Locations<T: Config> = StorageMap<_, Twox64Concat, LocationId, Location<T>>;

	/// The location of each code.
	#[pallet::storage]
	pub type LocationCodes<T: Config> = StorageMap<_, Blake2_128Concat, Code<T>, LocationId>;

	/// The id the next location gets.
	#[pallet::storage]
	pub type NextLocationId<T: Config> = StorageValue<_, LocationId, ValueQuery>;

	/// The device watching each location's conditions (a cold room's thermometer).
	#[pallet::storage]
	pub type LocationDevices<T: Config> = StorageMap<_, Twox64Concat, LocationId, PublicKey>;

	/// Product classes.
	#[pallet::storage]
	pub type Classes<T: Config> = StorageMap<_, Twox64Concat, ClassId, ProductClass<T>>;

	/// The product class of each code.
	#[pallet::storage]
	pub type ClassCodes<T: Config> = StorageMap<_, Blake2_128Concat, Code<T>, ClassId>;

	/// The id the next product class gets.
	#[pallet::storage]
	pub type NextClassId<T: Config> = StorageValue<_, ClassId, ValueQuery>;

	/// Lots and containers.
	#[pallet::storage]
	pub type Lots<T: Config> = StorageMap<_, Twox64Concat, LotId, Lot<T>>;

	/// The lot of each code, within its product class.
	#[pallet::storage]
	pub type LotCodes<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ClassId, Blake2_128Concat, Code<T>, LotId>;

	/// The id the next lot gets.
	#[pallet::storage]
	pub type NextLotId<T: Config> = StorageValue<_, LotId, ValueQuery>;

	/// Lots handed over and not yet accepted or rejected.
	#[pallet::storage]
	pub type Shipments<T: Config> = StorageMap<_, Twox64Concat, LotId, Shipment<T>>;

	/// Lots with conditions at hand at a watched location, since they arrived there.
	#[pallet::storage]
	pub type Stays<T: Config> = StorageMap<_, Twox64Concat, LotId, Stay>;

	/// Recorded events.
	#[pallet::storage]
	pub type Events<T: Config> = StorageMap<_, Twox64Concat, EventId, EventRecord<T>>;

	/// The events naming each lot, in recording order.
	#[pallet::storage]
	pub type LotEvents<T: Config> =
		StorageDoubleMap<_, Twox64Concat, LotId, Twox64Concat, EventId, ()>;

	/// The id the next event gets.
	#[pallet::storage]
	pub type NextEventId<T: Config> = StorageValue<_, EventId, ValueQuery>;

	/// Events declared wrong, with the events correcting them.
	#[pallet::storage]
	pub type ErrorDeclarations<T: Config> =
		StorageMap<_, Twox64Concat, EventId, ErrorDeclaration<T>>;

	/// Recalls.
	#[pallet::storage]
	pub type Recalls<T: Config> = StorageMap<_, Twox64Concat, RecallId, Recall<T>>;

	/// The id the next recall gets.
	#[pallet::storage]
	pub type NextRecallId<T: Config> = StorageValue<_, RecallId, ValueQuery>;

	/// Each recall's queue of lots reached whose descendants are still to be reached.
	#[pallet::storage]
	pub type RecallQueue<T: Config> =
		StorageDoubleMap<_, Twox64Concat, RecallId, Twox64Concat, u32, LotId>;

	/// Anchored batches of event hashes.
	#[pallet::storage]
	pub type EventAnchors<T: Config> = StorageMap<_, Twox64Concat, AnchorId, EventAnchor<T>>;

	/// The id the next anchor gets.
	#[pallet::storage]
	pub type NextAnchorId<T: Config> = StorageValue<_, AnchorId, ValueQuery>;

	/// Aid programmes.
	#[pallet::storage]
	pub type Programmes<T: Config> = StorageMap<_, Twox64Concat, ProgrammeId, AidProgramme<T>>;

	/// The id the next aid programme gets.
	#[pallet::storage]
	pub type NextProgrammeId<T: Config> = StorageValue<_, ProgrammeId, ValueQuery>;

	/// The beneficiaries served per programme and period, by a hash that does not name them.
	#[pallet::storage]
	pub type Claims<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		(ProgrammeId, PeriodIndex),
		Blake2_128Concat,
		[u8; 32],
		(),
	>;

	/// What each programme handed out at each distribution point.
	#[pallet::storage]
	pub type PointHandouts<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ProgrammeId,
		Twox64Concat,
		LocationId,
		Handouts,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The registry origin set (or, with `None`, removed) a role's credential schema.
		RoleSchemaSet { role: Role, schema: Option<SchemaId> },
		/// An organisation registered a location.
		LocationRegistered { location: LocationId, owner: DidOf<T>, code: Code<T> },
		/// A location was removed and its deposit returned.
		LocationRemoved { location: LocationId },
		/// A location's owner set (or, with `None`, removed) the device watching it.
		LocationDeviceSet { location: LocationId, device: Option<PublicKey> },
		/// A lot with conditions arrived at a watched location: its stay is checked against
		/// `device`'s readings until it leaves.
		StayBegun { lot: LotId, location: LocationId, device: PublicKey },
		/// A lot left a watched location (shipped, packed, used up or destroyed).
		StayEnded { lot: LotId, location: LocationId },
		/// An organisation registered a product class.
		ClassRegistered { class: ClassId, owner: DidOf<T>, code: Code<T> },
		/// A lot was created: commissioned, or made by a transformation.
		LotCreated { lot: LotId, class: ClassId, code: Code<T>, quantity: u64, owner: DidOf<T> },
		/// An EPCIS event was recorded.
		EventRecorded {
			event: EventId,
			recorder: DidOf<T>,
			step: BizStep,
			disposition: Disposition,
		},
		/// A recorder declared an event wrong.
		ErrorDeclared { event: EventId, corrective: BoundedVec<EventId, T::MaxLotsPerEvent> },
		/// A custodian shipped a lot to a receiver.
		Shipped { lot: LotId, sender: DidOf<T>, receiver: DidOf<T> },
		/// The receiver accepted a lot: it is now its custodian (and owner, if `owner_changed`).
		Accepted { lot: LotId, receiver: DidOf<T>, owner_changed: bool },
		/// The receiver rejected a lot: it stays with the sender.
		Rejected { lot: LotId, receiver: DidOf<T> },
		/// A check of a lot's transit or stay found a breach or missing data.
		ConditionBreached { lot: LotId, evidence: ConditionEvidence },
		/// A lot's transit or stay was checked up to (not including) `checked_until`.
		ConditionsChecked { lot: LotId, checked_until: polis_primitives::IntervalIndex },
		/// A lot was recalled.
		Recalled { recall: RecallId, lot: LotId, by: DidOf<T> },
		/// A recall reached a lot made from a recalled one, or a container holding a recalled
		/// lot.
		RecallReached { recall: RecallId, lot: LotId, via: LotId },
		/// A recall has reached every lot it spreads to.
		RecallCompleted { recall: RecallId, reached: u32 },
		/// An organisation anchored the Merkle root of a batch of `count` event hashes.
		EventsAnchored { anchor: AnchorId, organisation: DidOf<T>, root: sp_core::H256, count: u32 },
		/// An aid agency opened a programme handing out `ration` of `class` per beneficiary
		/// and period.
		ProgrammeOpened {
			programme: ProgrammeId,
			agency: DidOf<T>,
			class: ClassId,
			district: Option<polis_primitives::ScopeCode>,
			ration: u64,
		},
		/// An aid programme hands out nothing more.
		ProgrammeClosed { programme: ProgrammeId },
		/// A ration was handed out from a lot at a distribution point (to a beneficiary the
		/// event does not name).
		HandedOut { programme: ProgrammeId, lot: LotId, point: LocationId, quantity: u64 },
		/// The sender withdrew a shipment its receiver had not answered; the lot is back at
		/// hand.
		ShipmentCancelled { lot: LotId, sender: DidOf<T> },
		/// Claims of a past period were removed: the period's signatures can no longer be used.
		ClaimsPruned { programme: ProgrammeId, period: PeriodIndex, removed: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller has no DID.
		NoDid,
		/// The caller's DID holds no valid credential of a role this call needs.
		MissingRole,
		/// No location with this id.
		UnknownLocation,
		/// No product class with this id.
		UnknownClass,
		/// No lot with this id.
		UnknownLot,
		/// No event with this id.
		UnknownEvent,
		/// No recall with this id.
		UnknownRecall,
		/// The recall has reached every lot it spreads to.
		RecallComplete,
		/// The code is taken.
		CodeTaken,
		/// The caller holds no rights over the parcel.
		NoRightsToParcel,
		/// The caller is not the location's owner.
		NotLocationOwner,
		/// The caller is not the lot's custodian.
		NotCustodian,
		/// The caller is not the lot's owner.
		NotOwner,
		/// The caller is not the shipment's receiver.
		NotReceiver,
		/// The caller is not the event's recorder.
		NotRecorder,
		/// The caller is neither the lot's producer nor a regulator.
		NotProducerOrRegulator,
		/// A condition's range is empty (`min` above `max`).
		EmptyRange,
		/// A quantity is zero.
		ZeroQuantity,
		/// A lot has less left than a transformation takes.
		InsufficientQuantity,
		/// The lot is not active: consumed, recalled or destroyed.
		NotActive,
		/// A recall reached the lot.
		LotRecalled,
		/// The lot is in transit.
		InTransit,
		/// The lot is not in transit.
		NotInTransit,
		/// The lot is packed in a container.
		Packed,
		/// The lot is not packed in this container.
		NotInContainer,
		/// A container cannot be packed into another.
		NestedContainer,
		/// The container holds lots.
		NotEmpty,
		/// The container holds as many lots as it may.
		ContainerFull,
		/// A lot is named twice.
		DuplicateLot,
		/// A call names at least one lot.
		NoLots,
		/// A lot has as many children as it may.
		TooManyChildren,
		/// The lots' conditions name more metrics than a lot may carry.
		TooManyConditions,
		/// The event happened after now.
		EventInFuture,
		/// The device is not an active device of the caller's DID.
		NotOwnDevice,
		/// The lot has a device attached already.
		DeviceAttached,
		/// The lot has no device attached.
		NoDevice,
		/// A lot cannot be shipped to its own custodian.
		SelfShipment,
		/// The transit or stay has more intervals unchecked than this call reads: check them
		/// first (`check_conditions`).
		ConditionCheckPending,
		/// There is nothing to check yet.
		NothingToCheck,
		/// The event was declared wrong already.
		AlreadyDeclared,
		/// A corrective event is the event itself, was recorded before it, or by someone
		/// else.
		InvalidCorrection,
		/// A decommissioning disposition is one of destroyed, damaged, expired or other.
		InvalidDisposition,
		/// An entitlement period is zero long.
		ZeroPeriod,
		/// No aid programme with this id.
		UnknownProgramme,
		/// The aid programme is closed.
		ProgrammeClosed,
		/// The caller is not the programme's agency.
		NotProgrammeAgency,
		/// The lot is not of the programme's product class.
		WrongClass,
		/// The lot is not owned by the programme's agency.
		NotProgrammeLot,
		/// The lot was found non-conforming: it is not handed out.
		NonConforming,
		/// A handout names its distribution point as the read point.
		NoReadPoint,
		/// The beneficiary holds no valid beneficiary credential (of the programme's district).
		NotEligible,
		/// The beneficiary's signature (or ring signature) is not of this programme, period and
		/// lot.
		InvalidClaimProof,
		/// The beneficiary received this period's ration already.
		AlreadyClaimed,
		/// The beneficiary enrolled for anonymous claims: it claims anonymously only.
		ClaimAnonymously,
		/// An anonymous claim's ring is smaller than the least accepted, not ascending, or
		/// names an unknown member.
		InvalidRing,
		/// A member of an anonymous claim's ring holds no valid beneficiary credential (of the
		/// programme's district), or enrolled its key after the period began.
		IneligibleRingMember,
		/// An anchor covers at least one event.
		EmptyAnchor,
		/// An anchor's time range ends before it starts or after now.
		InvalidTimeRange,
		/// The caller is not the shipment's sender.
		NotSender,
		/// Only the class's owner makes lots of it from nothing; a transformation makes
		/// lots of its inputs' classes or of the caller's own.
		NotClassOwner,
		/// The period's claims are still needed: it is the programme's current period.
		PeriodOpen,
		/// No claims of this programme and period are left.
		NoClaims,
		/// The lot is neither in transit nor kept at a watched location: nothing checks it.
		NotWatched,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The credential schema of each role.
		pub role_schemas: alloc::vec::Vec<(Role, SchemaId)>,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (role, schema) in &self.role_schemas {
				RoleSchemas::<T>::insert(role, schema);
			}
		}
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
		/// Sets the credential schema of `role`, or with `None` removes it (no one holds the
		/// role then); the registry origin only.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_role_schema())]
		pub fn set_role_schema(
			origin: OriginFor<T>,
			role: Role,
			schema: Option<SchemaId>,
		) -> DispatchResult {
			T::RegistryOrigin::ensure_origin(origin)?;
			RoleSchemas::<T>::set(role, schema);
			Self::deposit_event(Event::RoleSchemaSet { role, schema });
			Ok(())
		}

		/// Registers a location under `code`, on `parcel` if given (one the caller owns or
		/// holds a right of use over); any DID. Holds `RecordDeposit`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::register_location())]
		pub fn register_location(
			origin: OriginFor<T>,
			code: Code<T>,
			parcel: Option<ParcelId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let owner = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
			ensure!(!LocationCodes::<T>::contains_key(&code), Error::<T>::CodeTaken);
			if let Some(parcel) = parcel {
				ensure!(T::Land::has_rights(parcel, &who), Error::<T>::NoRightsToParcel);
			}
			let deposit = Self::hold(&who, T::RecordDeposit::get())?;
			let location = Self::next_id::<NextLocationId<T>, _>()?;
			LocationCodes::<T>::insert(&code, location);
			Locations::<T>::insert(
				location,
				Location {
					owner: owner.clone(),
					code: code.clone(),
					parcel,
					depositor: who,
					deposit,
				},
			);
			Self::deposit_event(Event::LocationRegistered { location, owner, code });
			Ok(())
		}

		/// Removes a location, freeing its code and returning its deposit; its owner only.
		/// Events keep naming it as their read point.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::remove_location())]
		pub fn remove_location(origin: OriginFor<T>, location: LocationId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
			let record = Locations::<T>::get(location).ok_or(Error::<T>::UnknownLocation)?;
			ensure!(record.owner == did, Error::<T>::NotLocationOwner);
			Locations::<T>::remove(location);
			LocationCodes::<T>::remove(&record.code);
			LocationDevices::<T>::remove(location);
			Self::release(&record.depositor, record.deposit)?;
			Self::deposit_event(Event::LocationRemoved { location });
			Ok(())
		}

		/// Sets `device`, an active device of the caller's DID, as the one watching
		/// `location`, or with `None` removes it; the location's owner. Lots with conditions
		/// that arrive there afterwards are checked against its readings for as long as they
		/// stay; lots already there keep the device they arrived under. The location's
		/// deposit covers the entry.
		#[pallet::call_index(25)]
		#[pallet::weight(T::WeightInfo::set_location_device())]
		pub fn set_location_device(
			origin: OriginFor<T>,
			location: LocationId,
			device: Option<PublicKey>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
			let record = Locations::<T>::get(location).ok_or(Error::<T>::UnknownLocation)?;
			ensure!(record.owner == did, Error::<T>::NotLocationOwner);
			if let Some(device) = device {
				Self::ensure_own_device(&device, &did)?;
			}
			LocationDevices::<T>::set(location, device);
			Self::deposit_event(Event::LocationDeviceSet { location, device });
			Ok(())
		}

		/// Registers a product class under `code`, counted in `unit`, whose lots must be kept
		/// in `condition` in transit if given; a producer, processor or aid agency, which
		/// becomes the class's owner (as a GTIN's brand owner). Holds `RecordDeposit`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::register_class())]
		pub fn register_class(
			origin: OriginFor<T>,
			code: Code<T>,
			unit: Unit,
			condition: Option<Condition>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let owner =
				Self::org_with_role(&who, &[Role::Producer, Role::Processor, Role::AidAgency])?;
			ensure!(!ClassCodes::<T>::contains_key(&code), Error::<T>::CodeTaken);
			if let Some(condition) = condition {
				ensure!(condition.min <= condition.max, Error::<T>::EmptyRange);
			}
			let deposit = Self::hold(&who, T::RecordDeposit::get())?;
			let class = Self::next_id::<NextClassId<T>, _>()?;
			ClassCodes::<T>::insert(&code, class);
			Classes::<T>::insert(
				class,
				ProductClass {
					owner: owner.clone(),
					code: code.clone(),
					unit,
					condition,
					depositor: who,
					deposit,
				},
			);
			Self::deposit_event(Event::ClassRegistered { class, owner, code });
			Ok(())
		}

		/// Commissions a lot of `class` under `code` (unique within the class) holding
		/// `quantity`, owned and held by the caller; a producer or aid agency owning the class,
		/// so that nobody makes lots under another's product code. Holds `RecordDeposit` and
		/// `EventDeposit`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::commission())]
		pub fn commission(
			origin: OriginFor<T>,
			class: ClassId,
			code: Code<T>,
			quantity: u64,
			context: EventContext,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let did = Self::org_with_role(&who, &[Role::Producer, Role::AidAgency])?;
			Self::check_context(&context)?;
			let lot = Self::create_lot(&who, &did, class, code, quantity, BoundedVec::new(), &[])?;
			Self::record(
				&who,
				did,
				EventKind::Object { action: Action::Add, lots: Self::one(lot) },
				context,
				BizStep::Commissioning,
				Disposition::Active,
				Evidence::new(),
			)
		}

		/// Records that the caller observed a lot (`step` and `disposition` as it saw it):
		/// the lot's custodian, or any inspector or regulator. A non-conformant disposition
		/// marks the lot non-conforming. Holds `EventDeposit`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::observe())]
		pub fn observe(
			origin: OriginFor<T>,
			lot: LotId,
			step: BizStep,
			disposition: Disposition,
			context: EventContext,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
			let mut record = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
			let as_custodian = Self::custodian_of(&record)? == did;
			if !as_custodian {
				Self::org_with_role(&who, &[Role::Inspector, Role::Regulator])
					.map_err(|_| Error::<T>::NotCustodian)?;
			}
			Self::check_context(&context)?;
			if disposition == Disposition::NonConformant && !record.non_conforming {
				record.non_conforming = true;
				Lots::<T>::insert(lot, &record);
			}
			Self::note_location(lot, &mut record, context.read_point);
			Self::record(
				&who,
				did,
				EventKind::Object { action: Action::Observe, lots: Self::one(lot) },
				context,
				step,
				disposition,
				Evidence::new(),
			)?;
			// The custodian's own observation checks no credential.
			Ok(as_custodian.then(T::WeightInfo::observe_as_custodian).into())
		}

		/// Decommissions a lot (destroyed, damaged, expired or otherwise gone); its owner,
		/// while it is active or recalled (recalled goods are destroyed), not packed, not in
		/// transit and empty. Holds `EventDeposit`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::decommission())]
		pub fn decommission(
			origin: OriginFor<T>,
			lot: LotId,
			disposition: Disposition,
			context: EventContext,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
			ensure!(
				matches!(
					disposition,
					Disposition::Destroyed
						| Disposition::Damaged
						| Disposition::Expired
						| Disposition::Other
				),
				Error::<T>::InvalidDisposition
			);
			let mut record = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
			ensure!(record.owner == did, Error::<T>::NotOwner);
			ensure!(
				matches!(record.status, LotStatus::Active | LotStatus::Recalled),
				Error::<T>::NotActive
			);
			ensure!(record.container.is_none(), Error::<T>::Packed);
			ensure!(!Shipments::<T>::contains_key(lot), Error::<T>::InTransit);
			ensure!(record.contents.is_empty(), Error::<T>::NotEmpty);
			Self::check_context(&context)?;
			Self::end_stay(lot)?;
			record.status = LotStatus::Destroyed;
			Lots::<T>::insert(lot, record);
			Self::record(
				&who,
				did,
				EventKind::Object { action: Action::Delete, lots: Self::one(lot) },
				context,
				BizStep::Decommissioning,
				disposition,
				Evidence::new(),
			)
		}

		/// Transforms: takes the given quantities of `inputs` (lots the caller holds at hand)
		/// and makes `outputs`, new lots of the given classes (an input's, or one the caller
		/// owns), codes and quantities, owned and held by the caller, each made from every
		/// input; a processor or producer. An
		/// input with nothing left is consumed. Quantities need not balance (milk becomes
		/// cheese); each lot's own account does: what it was made with is what is left plus
		/// what transformations took. Holds `RecordDeposit` per output and `EventDeposit`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::transform(inputs.len() as u32, outputs.len() as u32))]
		pub fn transform(
			origin: OriginFor<T>,
			inputs: BoundedVec<(LotId, u64), T::MaxLotsPerEvent>,
			outputs: BoundedVec<(ClassId, Code<T>, u64), T::MaxLotsPerEvent>,
			context: EventContext,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let did = Self::org_with_role(&who, &[Role::Processor, Role::Producer])?;
			ensure!(!inputs.is_empty() && !outputs.is_empty(), Error::<T>::NoLots);
			Self::check_context(&context)?;
			// As many inputs as the call's bounded list holds.
			let input_ids: BoundedVec<LotId, T::MaxLotsPerEvent> =
				BoundedVec::truncate_from(inputs.iter().map(|(lot, _)| *lot).collect());
			Self::ensure_distinct(&input_ids)?;
			let mut taken = alloc::vec::Vec::with_capacity(inputs.len());
			for (lot, quantity) in inputs.iter() {
				ensure!(*quantity > 0, Error::<T>::ZeroQuantity);
				let mut record = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
				ensure!(Self::custodian_of(&record)? == did, Error::<T>::NotCustodian);
				Self::ensure_at_hand(*lot, &record)?;
				record.remaining = record
					.remaining
					.checked_sub(*quantity)
					.ok_or(Error::<T>::InsufficientQuantity)?;
				if record.remaining == 0 {
					record.status = LotStatus::Consumed;
					Self::end_stay(*lot)?;
				} else {
					Self::ensure_stay_checked(*lot)?;
				}
				taken.push((*lot, record));
			}
			let input_classes: alloc::vec::Vec<ClassId> =
				taken.iter().map(|(_, record)| record.class).collect();
			let mut made = BoundedVec::<(LotId, u64), T::MaxLotsPerEvent>::new();
			for (class, code, quantity) in outputs {
				let lot = Self::create_lot(
					&who,
					&did,
					class,
					code,
					quantity,
					input_ids.clone(),
					&input_classes,
				)?;
				for (_, input) in taken.iter_mut() {
					input.children.try_push(lot).map_err(|_| Error::<T>::TooManyChildren)?;
				}
				// As many outputs as the call's bounded list holds.
				let _ = made.try_push((lot, quantity));
			}
			for (lot, record) in taken {
				Lots::<T>::insert(lot, record);
			}
			Self::record(
				&who,
				did,
				EventKind::Transformation { inputs, outputs: made },
				context,
				BizStep::Transforming,
				Disposition::Active,
				Evidence::new(),
			)
		}

		/// Packs `lots` into `container` (itself a lot, of a class of logistic units); the
		/// custodian of all of them, at hand. The container's conditions become the tightest
		/// of its own and its contents'. Holds `EventDeposit`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::pack(lots.len() as u32))]
		pub fn pack(
			origin: OriginFor<T>,
			container: LotId,
			lots: BoundedVec<LotId, T::MaxLotsPerEvent>,
			context: EventContext,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
			ensure!(!lots.is_empty(), Error::<T>::NoLots);
			Self::ensure_distinct(&lots)?;
			Self::check_context(&context)?;
			let mut holder = Lots::<T>::get(container).ok_or(Error::<T>::UnknownLot)?;
			ensure!(Self::custodian_of(&holder)? == did, Error::<T>::NotCustodian);
			Self::ensure_at_hand(container, &holder)?;
			for lot in lots.iter() {
				ensure!(*lot != container, Error::<T>::NestedContainer);
				let mut record = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
				ensure!(record.custodian == did, Error::<T>::NotCustodian);
				Self::ensure_at_hand(*lot, &record)?;
				ensure!(record.contents.is_empty(), Error::<T>::NestedContainer);
				holder.contents.try_push(*lot).map_err(|_| Error::<T>::ContainerFull)?;
				for condition in record.conditions.iter() {
					Self::tighten(&mut holder.conditions, *condition)?;
				}
				// Packed, the lot is watched through its container.
				Self::end_stay(*lot)?;
				record.container = Some(container);
				Lots::<T>::insert(lot, record);
			}
			if !Stays::<T>::contains_key(container) {
				Self::begin_stay(container, &holder);
			}
			Lots::<T>::insert(container, holder);
			Self::record(
				&who,
				did,
				EventKind::Aggregation { action: Action::Add, container, lots },
				context,
				BizStep::Packing,
				Disposition::InProgress,
				Evidence::new(),
			)
		}

		/// Unpacks `lots` from `container`; the container's custodian, at hand. They are
		/// then held by that custodian, at the container's location. Holds `EventDeposit`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::unpack(T::MaxContents::get()))]
		pub fn unpack(
			origin: OriginFor<T>,
			container: LotId,
			lots: BoundedVec<LotId, T::MaxLotsPerEvent>,
			context: EventContext,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
			ensure!(!lots.is_empty(), Error::<T>::NoLots);
			Self::ensure_distinct(&lots)?;
			Self::check_context(&context)?;
			let mut holder = Lots::<T>::get(container).ok_or(Error::<T>::UnknownLot)?;
			ensure!(holder.custodian == did, Error::<T>::NotCustodian);
			ensure!(!Shipments::<T>::contains_key(container), Error::<T>::InTransit);
			for lot in lots.iter() {
				let mut record = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
				ensure!(record.container == Some(container), Error::<T>::NotInContainer);
				holder.contents.retain(|packed| packed != lot);
				record.container = None;
				record.custodian = holder.custodian.clone();
				record.location = holder.location;
				// What a breach or an inspection found of the container, it found of its goods.
				record.non_conforming |= holder.non_conforming;
				Self::begin_stay(*lot, &record);
				Lots::<T>::insert(lot, record);
			}
			holder.conditions = Self::own_conditions(&holder)?;
			for packed in holder.contents.clone() {
				let record = Lots::<T>::get(packed).ok_or(Error::<T>::UnknownLot)?;
				for condition in record.conditions {
					Self::tighten(&mut holder.conditions, condition)?;
				}
			}
			Lots::<T>::insert(container, holder);
			Self::record(
				&who,
				did,
				EventKind::Aggregation { action: Action::Delete, container, lots },
				context,
				BizStep::Unpacking,
				Disposition::Active,
				Evidence::new(),
			)
		}

		/// Attaches `device`, an active device of the caller's DID, to a lot it holds at hand
		/// (a container's temperature logger): its readings will be checked against the lot's
		/// conditions in transit. Holds `EventDeposit`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::attach_device())]
		pub fn attach_device(
			origin: OriginFor<T>,
			lot: LotId,
			device: PublicKey,
			context: EventContext,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
			let mut record = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
			ensure!(Self::custodian_of(&record)? == did, Error::<T>::NotCustodian);
			ensure!(!Shipments::<T>::contains_key(lot), Error::<T>::InTransit);
			ensure!(record.device.is_none(), Error::<T>::DeviceAttached);
			Self::ensure_own_device(&device, &did)?;
			Self::check_context(&context)?;
			record.device = Some(device);
			Lots::<T>::insert(lot, record);
			Self::record(
				&who,
				did,
				EventKind::Association { action: Action::Add, lot, device },
				context,
				BizStep::SensorReporting,
				Disposition::Active,
				Evidence::new(),
			)
		}

		/// Detaches a lot's device; its custodian, while the lot is not in transit. Holds
		/// `EventDeposit`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::detach_device())]
		pub fn detach_device(
			origin: OriginFor<T>,
			lot: LotId,
			context: EventContext,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
			let mut record = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
			ensure!(Self::custodian_of(&record)? == did, Error::<T>::NotCustodian);
			ensure!(!Shipments::<T>::contains_key(lot), Error::<T>::InTransit);
			let device = record.device.take().ok_or(Error::<T>::NoDevice)?;
			Self::check_context(&context)?;
			Lots::<T>::insert(lot, record);
			Self::record(
				&who,
				did,
				EventKind::Association { action: Action::Delete, lot, device },
				context,
				BizStep::SensorReporting,
				Disposition::Active,
				Evidence::new(),
			)
		}

		/// Ships a lot (with what it holds, if a container) to `receiver`, to `destination`
		/// if given; its custodian, at hand. If `transaction` is given, the caller must own
		/// the lot and ownership passes to the receiver on acceptance. A lot leaving a watched
		/// location has its stay checked to now first, the evidence in the shipping event.
		/// Holds `EventDeposit`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::ship(T::MaxCheckedIntervals::get()))]
		pub fn ship(
			origin: OriginFor<T>,
			lot: LotId,
			receiver: DidOf<T>,
			destination: Option<LocationId>,
			transaction: Option<BizTransaction<T>>,
			context: EventContext,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
			let checked =
				Self::do_ship(who, did, lot, receiver, destination, transaction, context)?;
			Ok(Some(T::WeightInfo::ship(checked)).into())
		}

		/// Accepts or rejects a lot shipped to the caller. The lot's conditions are checked
		/// over its transit first; on acceptance the caller holds it (and owns it, if the
		/// shipment names a transaction), at the shipment's destination. Holds `EventDeposit`
		/// (two if ownership passes: the transaction is an event of its own).
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::receive(T::MaxCheckedIntervals::get()))]
		pub fn receive(
			origin: OriginFor<T>,
			lot: LotId,
			accept: bool,
			context: EventContext,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
			let checked = Self::do_receive(who, did, lot, accept, context)?;
			Ok(Some(T::WeightInfo::receive(checked)).into())
		}

		/// Checks a lot in transit, or kept at a watched location, against its conditions over
		/// up to `MaxCheckedIntervals` intervals that have ended since the last check; anyone.
		/// A breach or missing data marks the lot non-conforming.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::check_conditions(T::MaxCheckedIntervals::get()))]
		pub fn check_conditions(origin: OriginFor<T>, lot: LotId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_check_conditions(lot)
		}

		/// Declares an event wrong, naming the events (recorded later by the caller) that
		/// correct it; the event's recorder. The event stays on record.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::declare_error(corrective.len() as u32))]
		pub fn declare_error(
			origin: OriginFor<T>,
			event: EventId,
			reason: Text<T>,
			corrective: BoundedVec<EventId, T::MaxLotsPerEvent>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
			let record = Events::<T>::get(event).ok_or(Error::<T>::UnknownEvent)?;
			ensure!(record.recorder == did, Error::<T>::NotRecorder);
			ensure!(!ErrorDeclarations::<T>::contains_key(event), Error::<T>::AlreadyDeclared);
			for correction in corrective.iter() {
				let fix = Events::<T>::get(correction).ok_or(Error::<T>::UnknownEvent)?;
				ensure!(*correction > event && fix.recorder == did, Error::<T>::InvalidCorrection);
			}
			ErrorDeclarations::<T>::insert(
				event,
				ErrorDeclaration {
					declared_at: Self::now(),
					reason,
					corrective: corrective.clone(),
				},
			);
			Self::deposit_event(Event::ErrorDeclared { event, corrective });
			Ok(())
		}

		/// Recalls a lot for `reason`; its producer, or any regulator. The recall then spreads
		/// to every lot made from it and every container holding one (`propagate_recall`).
		/// Holds `EventDeposit`.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::recall())]
		pub fn recall(
			origin: OriginFor<T>,
			lot: LotId,
			reason: Text<T>,
			context: EventContext,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
			Self::do_recall(who, did, lot, reason, context)
		}

		/// Spreads a recall over up to `steps` (at most `MaxRecallSteps`) lots of its queue;
		/// anyone. Charged for the steps taken and the children they reached: the queue may
		/// hold fewer lots, and lots fewer than `MaxChildren` children.
		#[pallet::call_index(17)]
		#[pallet::weight({
			let steps = (*steps).min(T::MaxRecallSteps::get());
			T::WeightInfo::propagate_recall(steps, steps.saturating_mul(T::MaxChildren::get()))
		})]
		pub fn propagate_recall(
			origin: OriginFor<T>,
			recall: RecallId,
			steps: u32,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let (taken, children) =
				Self::do_propagate_recall(recall, steps.min(T::MaxRecallSteps::get()))?;
			Ok(Some(T::WeightInfo::propagate_recall(taken, children)).into())
		}

		/// Opens an aid programme handing each beneficiary `ration` of `class` per `period`
		/// milliseconds (counted from now), to beneficiaries of `district` if given; an aid
		/// agency. Holds `RecordDeposit`.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::open_programme())]
		pub fn open_programme(
			origin: OriginFor<T>,
			class: ClassId,
			district: Option<polis_primitives::ScopeCode>,
			ration: u64,
			period: u64,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_open_programme(who, class, district, ration, period)
		}

		/// Closes an aid programme: nothing more is handed out under it; its agency. Its
		/// record and counts stay.
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::close_programme())]
		pub fn close_programme(origin: OriginFor<T>, programme: ProgrammeId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close_programme(who, programme)
		}

		/// Hands the programme's ration from `lot` (the programme agency's, of its class, in
		/// the caller's hands, conforming) to `beneficiary`, at the distribution point named
		/// as `context`'s read point; the lot's custodian. The beneficiary holds a valid
		/// beneficiary credential (of the programme's district) and signs
		/// `(AID_CLAIM_CONTEXT, genesis hash, programme, period, lot)`; it receives one ration
		/// per period. Holds `EventDeposit` from the caller: the beneficiary pays nothing.
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::hand_out())]
		pub fn hand_out(
			origin: OriginFor<T>,
			programme: ProgrammeId,
			lot: LotId,
			beneficiary: T::AccountId,
			proof: T::Signature,
			context: EventContext,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
			Self::do_hand_out(
				who,
				did,
				programme,
				lot,
				Claimant::Named { beneficiary, proof },
				context,
			)
		}

		/// Hands the programme's ration from `lot` to a beneficiary who does not say who it
		/// is, as `hand_out` does: `proof` is a ring signature of the same message by one of
		/// the beneficiaries enrolled for anonymous claims (`pallet-anonymous-credentials`),
		/// each holding a valid beneficiary credential (of the programme's district) and
		/// enrolled before the period began. Its nullifier in the period's context
		/// (`nullifier_context`) is the claim: one ration per beneficiary and period, and no
		/// record links two claims of one beneficiary. Refunded to the ring's size.
		#[pallet::call_index(24)]
		#[pallet::weight(T::WeightInfo::hand_out_anonymously())]
		pub fn hand_out_anonymously(
			origin: OriginFor<T>,
			programme: ProgrammeId,
			lot: LotId,
			proof: AnonymousProof,
			context: EventContext,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
			let members = proof.ring.len() as u32;
			Self::do_hand_out(who, did, programme, lot, Claimant::Anonymous(proof), context)?;
			let unused = T::Anonymity::verify_weight(MAX_RING)
				.saturating_sub(T::Anonymity::verify_weight(members));
			Ok(Some(T::WeightInfo::hand_out_anonymously().saturating_sub(unused)).into())
		}

		/// Anchors the Merkle root (binary tree, Blake2-256) of a batch of `count` 32-byte
		/// EPCIS event hashes whose events happened between `from` and `until` (inclusive, not
		/// after now), kept off chain; an organisation (any role but beneficiary). Anyone then
		/// proves an event against it (`ProvenanceApi::verify_anchored_event`). Holds
		/// `RecordDeposit`, kept.
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::anchor_events())]
		pub fn anchor_events(
			origin: OriginFor<T>,
			root: sp_core::H256,
			count: u32,
			from: u64,
			until: u64,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_anchor_events(who, root, count, from, until)
		}

		/// Withdraws a shipment its receiver has not answered; its sender. The transit is
		/// checked against the lot's conditions first, as on receipt, so that a breach on the
		/// way stays on record however the shipment ends. Holds `EventDeposit`.
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::cancel_shipment(T::MaxCheckedIntervals::get()))]
		pub fn cancel_shipment(
			origin: OriginFor<T>,
			lot: LotId,
			context: EventContext,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
			let checked = Self::do_cancel_shipment(who, did, lot, context)?;
			Ok(Some(T::WeightInfo::cancel_shipment(checked)).into())
		}

		/// Removes up to `limit` (at most `MaxClaimsPruned`) claims of a programme's period
		/// that is over (any period of a closed programme); anyone, free of fees when it
		/// removes at least one.
		#[pallet::call_index(23)]
		#[pallet::weight(T::WeightInfo::prune_claims((*limit).min(T::MaxClaimsPruned::get())))]
		pub fn prune_claims(
			origin: OriginFor<T>,
			programme: ProgrammeId,
			period: PeriodIndex,
			limit: u32,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let removed =
				Self::do_prune_claims(programme, period, limit.min(T::MaxClaimsPruned::get()))?;
			Ok(frame_support::dispatch::PostDispatchInfo {
				actual_weight: Some(T::WeightInfo::prune_claims(removed)),
				pays_fee: Pays::No,
			})
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The DID of `who`, if it holds a valid credential of one of `roles`.
	fn org_with_role(who: &T::AccountId, roles: &[Role]) -> Result<DidOf<T>, DispatchError> {
		let did = T::Credentials::did_of(who).ok_or(Error::<T>::NoDid)?;
		let holds = |role: &Role| {
			RoleSchemas::<T>::get(role).is_some_and(|schema| {
				T::Credentials::valid_credential(who, schema, None, None).is_some()
			})
		};
		ensure!(roles.iter().any(holds), Error::<T>::MissingRole);
		Ok(did)
	}

	/// Checks what a caller says about an event: not after now, at a registered location.
	fn check_context(context: &EventContext) -> DispatchResult {
		ensure!(context.time <= Self::now(), Error::<T>::EventInFuture);
		if let Some(location) = context.read_point {
			ensure!(Locations::<T>::contains_key(location), Error::<T>::UnknownLocation);
		}
		Ok(())
	}

	/// Milliseconds after the Unix epoch.
	fn now() -> u64 {
		polis_primitives::unix_millis::<T::Time>()
	}

	/// Who has the lot in hand: its container's custodian while it is packed.
	fn custodian_of(lot: &Lot<T>) -> Result<DidOf<T>, DispatchError> {
		match lot.container {
			Some(container) => {
				Ok(Lots::<T>::get(container).ok_or(Error::<T>::UnknownLot)?.custodian)
			},
			None => Ok(lot.custodian.clone()),
		}
	}

	/// Fails unless the lot is active, not recalled, not packed and not in transit.
	fn ensure_at_hand(lot: LotId, record: &Lot<T>) -> DispatchResult {
		ensure!(record.recall.is_none(), Error::<T>::LotRecalled);
		ensure!(record.status == LotStatus::Active, Error::<T>::NotActive);
		ensure!(record.container.is_none(), Error::<T>::Packed);
		ensure!(!Shipments::<T>::contains_key(lot), Error::<T>::InTransit);
		Ok(())
	}

	/// Fails unless `device` is an active device of `did`.
	fn ensure_own_device(device: &PublicKey, did: &DidOf<T>) -> DispatchResult {
		ensure!(
			T::Devices::active_device(device).is_some_and(|info| info.owner == *did),
			Error::<T>::NotOwnDevice
		);
		Ok(())
	}

	fn ensure_distinct(lots: &[LotId]) -> DispatchResult {
		let mut sorted = lots.to_vec();
		sorted.sort_unstable();
		ensure!(sorted.windows(2).all(|pair| pair[0] != pair[1]), Error::<T>::DuplicateLot);
		Ok(())
	}

	/// Records a lot's location from an event's read point.
	fn note_location(lot: LotId, record: &mut Lot<T>, read_point: Option<LocationId>) {
		if read_point.is_some() && record.location != read_point {
			record.location = read_point;
			Lots::<T>::insert(lot, &*record);
		}
	}

	/// Creates a lot of `class` held and owned by `did`, its deposit held from `who`; `did`
	/// owns the class or it is one of `inherited` (its inputs' classes).
	fn create_lot(
		who: &T::AccountId,
		did: &DidOf<T>,
		class: ClassId,
		code: Code<T>,
		quantity: u64,
		parents: BoundedVec<LotId, T::MaxLotsPerEvent>,
		inherited: &[ClassId],
	) -> Result<LotId, DispatchError> {
		ensure!(quantity > 0, Error::<T>::ZeroQuantity);
		let product = Classes::<T>::get(class).ok_or(Error::<T>::UnknownClass)?;
		ensure!(product.owner == *did || inherited.contains(&class), Error::<T>::NotClassOwner);
		ensure!(!LotCodes::<T>::contains_key(class, &code), Error::<T>::CodeTaken);
		let deposit = Self::hold(who, T::RecordDeposit::get())?;
		let lot = Self::next_id::<NextLotId<T>, _>()?;
		LotCodes::<T>::insert(class, &code, lot);
		let conditions = product.condition.into_iter().collect::<alloc::vec::Vec<_>>();
		Lots::<T>::insert(
			lot,
			Lot {
				class,
				code: code.clone(),
				producer: did.clone(),
				owner: did.clone(),
				custodian: did.clone(),
				produced: quantity,
				remaining: quantity,
				status: LotStatus::Active,
				location: None,
				parents,
				children: BoundedVec::new(),
				container: None,
				contents: BoundedVec::new(),
				device: None,
				// A class has at most one condition.
				conditions: BoundedVec::truncate_from(conditions),
				non_conforming: false,
				recall: None,
				depositor: who.clone(),
				deposit,
			},
		);
		Self::deposit_event(Event::LotCreated { lot, class, code, quantity, owner: did.clone() });
		Ok(lot)
	}

	/// The conditions of a lot's own class.
	fn own_conditions(lot: &Lot<T>) -> Result<Conditions, DispatchError> {
		let class = Classes::<T>::get(lot.class).ok_or(Error::<T>::UnknownClass)?;
		Ok(BoundedVec::truncate_from(class.condition.into_iter().collect()))
	}

	/// Adds `condition` to `conditions`, narrowing the range of its metric if it is there.
	fn tighten(conditions: &mut Conditions, condition: Condition) -> DispatchResult {
		match conditions.iter_mut().find(|held| held.metric == condition.metric) {
			Some(held) => {
				held.min = held.min.max(condition.min);
				held.max = held.max.min(condition.max);
				Ok(())
			},
			None => {
				conditions.try_push(condition).map_err(|_| Error::<T>::TooManyConditions.into())
			},
		}
	}

	/// A list of one lot.
	fn one(lot: LotId) -> BoundedVec<LotId, T::MaxLotsPerEvent> {
		BoundedVec::truncate_from(alloc::vec![lot])
	}

	/// Records an EPCIS event, indexing it under every lot it names; holds `EventDeposit`
	/// from `who`.
	fn record(
		who: &T::AccountId,
		recorder: DidOf<T>,
		kind: EventKind<T>,
		context: EventContext,
		step: BizStep,
		disposition: Disposition,
		evidence: Evidence,
	) -> DispatchResult {
		let deposit = Self::hold(who, T::EventDeposit::get())?;
		let event = Self::next_id::<NextEventId<T>, _>()?;
		let index = |lot: &LotId| LotEvents::<T>::insert(lot, event, ());
		match &kind {
			EventKind::Object { lots, .. } => lots.iter().for_each(index),
			EventKind::Aggregation { container, lots, .. } => {
				index(container);
				lots.iter().for_each(index);
			},
			EventKind::Transformation { inputs, outputs } => {
				inputs.iter().chain(outputs.iter()).for_each(|(lot, _)| index(lot))
			},
			EventKind::Transaction { lot, .. }
			| EventKind::Association { lot, .. }
			| EventKind::Handout { lot, .. } => index(lot),
		}
		Events::<T>::insert(
			event,
			EventRecord {
				kind,
				recorder: recorder.clone(),
				context,
				recorded_in: frame_system::Pallet::<T>::block_number(),
				step,
				disposition,
				evidence,
				depositor: who.clone(),
				deposit,
			},
		);
		Self::deposit_event(Event::EventRecorded { event, recorder, step, disposition });
		Ok(())
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

	/// Holds `amount` from `who` as a deposit; returns it.
	fn hold(who: &T::AccountId, amount: BalanceOf<T>) -> Result<BalanceOf<T>, DispatchError> {
		T::Currency::hold(&HoldReason::Deposit.into(), who, amount)?;
		Ok(amount)
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
