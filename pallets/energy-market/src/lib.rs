//! # Energy market pallet
//!
//! A neighbourhood electricity market: prosumers sell to their neighbours in delivery slots,
//! cleared on chain at one price per grid zone and settled against their meters' signed
//! readings.
//!
//! ## Roles
//!
//! - The `MarketOrigin` (governance; Root for now) defines **grid zones** (feeder or
//!   transformer areas: the upstream grid's import and export capacity, the utility's retail
//!   price and feed-in tariff, a grid fee and the zone's operator account) and the market's
//!   **rules** (gate closure, settlement delay, price cap, imbalance price).
//! - A zone's **operator** sets operating envelopes: the most a meter may import or export per
//!   slot. It receives grid fees, imbalance penalties and what buyers pay for energy its grid
//!   supplied in place of a seller's.
//! - **Participants**: accounts that joined a zone while their DID held a `ParticipantSchema`
//!   credential scoped to it (its id is the scope code). Credentials are checked on joining,
//!   for `ParticipationPeriod`, not on every order; anyone evicts a participation whose
//!   credentials changed. Every order names the participant's own electricity meter, an active
//!   device of its DID; a meter carries one order per slot.
//! - A **device** of a participant's DID (a home battery controller) signs orders for it;
//!   anyone submits them (`place_order_by_device`), each once (the device's order nonce).
//! - **Anyone** settles cleared books in batches (`settle`); `on_idle` does it too.
//!
//! ## Slots and orders
//!
//! A delivery slot is the sensor oracle's interval (`MeterReadings::interval_length_ms`), so a
//! slot's delivery is exactly a meter's interval summary. Orders for a slot are accepted from
//! `MaxSlotsAhead` slots before it until its gate closure (`gate_closure_ms` before it
//! starts), and may be cancelled until then. An order buys or sells `quantity_wh` at a limit
//! price per kWh, a multiple of `PriceTick` up to the price cap. Placing one holds
//! `OrderDeposit`, and as collateral its most cost: a buyer `quantity × (imbalance price +
//! grid fee)`, a seller `quantity × imbalance price`. An order keeps the imbalance price and
//! grid fee it was placed under: governance changes apply to later orders.
//!
//! ## Clearing
//!
//! At gate closure `on_initialize` clears the slot's books, one uniform price per zone
//! (pay-as-clear), with the upstream grid as a seller at the retail price and a buyer at the
//! feed-in tariff, each up to the zone's capacity; a congested zone gets its own price (see
//! [`clearing`]). Books aggregate volume by price as orders arrive, so clearing costs the same
//! for ten orders as for ten thousand. One result is stored per book; each order's fill is
//! derived from it. The part of the fills traded with the upstream grid is the utility's to
//! settle with its customers; settlement here moves the part traded between participants.
//!
//! ## Settlement
//!
//! Once `settlement_delay_ms` has passed after the slot's end, the meters' interval summaries
//! are read (`ExportMetric` for sellers, `ImportMetric` for buyers); a meter with no data, or
//! no longer a device of the order's DID, delivered nothing. In three stages:
//! 1. **Delivery**: a seller delivered `min(fill, export)`; its shortfall costs it the
//!    imbalance price, paid into the book's pot.
//! 2. **Payment**: a buyer took `min(fill, import)`; it pays the clearing price for what it
//!    took, the imbalance price for the rest of its fill, and the grid fee for what it took,
//!    into the pot. It receives a certificate of the renewable energy it took (below).
//! 3. **Payout**: a seller is paid the clearing price for what it delivered, out of the pot.
//!
//! Then the pot's remainder (fees, penalties, the price of energy the grid supplied in place
//! of a missing delivery, rounding) goes to the zone's operator. Every hold is released once,
//! when its order settles. A shortfall only costs the party that caused it: as the imbalance
//! price is at least the price cap, a buyer's payment covers the sellers' share of its fill.
//!
//! ## Certificates
//!
//! A seller whose DID held one of the `GeneratorSchemas` credentials (solar, wind, …) when it
//! joined delivers renewable energy. A buyer's consumption certificate holds its share of the
//! book's renewable deliveries by source (its fill over all participants' fills), at most what
//! it took, for the one zone and slot: a 15-minute energy attribute certificate. A generator
//! that joined keeping its attributes is left out of that pool and receives, at payout, a
//! generation certificate of its own delivery instead (which may back carbon credits): each
//! renewable Wh's attributes have one owner. Other pallets claim a certificate's Wh through
//! [`RenewableEnergy`], each Wh once; the owner may release a certificate to recover its
//! deposit.
//!
//! ## Limits
//!
//! - One order per meter and slot: no price ladders (a meter's delivery is measured as a
//!   whole, so one order per meter keeps the deviation rule exact).
//! - A certificate names the zone and slot, not the generating meters: renewable deliveries of
//!   a book are pooled, so no Wh is certified twice but a buyer cannot tell which neighbour's
//!   panels it came from.
//! - Clearing catches up one slot per block after the chain stalls.
//! - The slot length is the sensor oracle's: changing it (test networks shorten it) while books
//!   are open misplaces them in time.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod clearing;
#[cfg(test)]
mod mock;
mod orders;
mod reads;
mod settlement;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::Encode;
use frame_support::{
	dispatch::DispatchResult,
	ensure,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::Precision,
		ConstU32, Get, UnixTime,
	},
	BoundedVec, PalletId,
};
use frame_system::pallet_prelude::BlockNumberFor;
use polis_primitives::{
	CertificateId, CertificateInfo, CertificateKind, CredentialCheck, DeviceKind, DeviceRegistry,
	EnergySource, MeterReadings, MetricId, PublicKey, RenewableEnergy, SchemaId, ZoneId,
};
use sp_runtime::{
	traits::{AccountIdConversion, Bounded, Convert, Saturating, Zero},
	ArithmeticError, DispatchError, MultiSignature,
};

/// The balance type of the market's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// The identifier of a participant's DID.
pub type DidOf<T> = <T as Config>::DidId;

/// What benchmarks need of the runtime beyond `Config`.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<T: Config> {
	/// Sets the chain's clock to `now` milliseconds after the Unix epoch.
	fn set_time(now: u64);
	/// Records `wh` of `metric` for `meter` in `interval`, as the sensor oracle would.
	fn record_interval(meter: &PublicKey, metric: MetricId, interval: SlotIndex, wh: u64);
	/// The account that acts for `did`.
	fn account_of(did: &DidOf<T>) -> <T as frame_system::Config>::AccountId;
	/// Makes `schemas` the generator credentials `GeneratorSchemas` lists.
	fn set_generator_schemas(schemas: Vec<(SchemaId, EnergySource)>);
}

/// Wh in a kWh: prices are per kWh.
const WH_PER_KWH: u128 = 1_000;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency of orders and deposits.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Defines zones and sets the market's rules.
		type MarketOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The identifier of a participant's DID.
		type DidId: Parameter + MaxEncodedLen;

		/// Where participants' and generators' credentials are checked.
		type Credentials: CredentialCheck<
			Self::AccountId,
			BlockNumberFor<Self>,
			DidId = Self::DidId,
		>;

		/// Where meters are registered as devices of a DID.
		type Devices: DeviceRegistry<Self::DidId>;

		/// The account that acts for a DID: it holds what a device's orders commit.
		type DidAccount: Convert<Self::DidId, Self::AccountId>;

		/// The meters' interval summaries, against which orders settle.
		type Meters: MeterReadings;

		/// The chain's clock.
		type Time: UnixTime;

		/// The credential a participant's DID holds, scoped to the zone.
		#[pallet::constant]
		type ParticipantSchema: Get<SchemaId>;
		/// The credentials that make a seller a renewable generator, and of which source; the
		/// first `MaxGeneratorSchemas` count.
		type GeneratorSchemas: Get<Vec<(SchemaId, EnergySource)>>;
		/// Most generator credentials checked when an account joins.
		#[pallet::constant]
		type MaxGeneratorSchemas: Get<u32>;
		/// How long a participation lasts before its credentials must be checked again, in ms.
		#[pallet::constant]
		type ParticipationPeriod: Get<u64>;
		/// The metric of a meter's energy imported, in Wh per reading.
		#[pallet::constant]
		type ImportMetric: Get<MetricId>;
		/// The metric of a meter's energy exported, in Wh per reading.
		#[pallet::constant]
		type ExportMetric: Get<MetricId>;

		/// The account that holds books' pots during settlement.
		#[pallet::constant]
		type PalletId: Get<PalletId>;
		/// Held per order (and then per certificate) and per operating envelope.
		#[pallet::constant]
		type Deposit: Get<BalanceOf<Self>>;
		/// Held per participant.
		#[pallet::constant]
		type ParticipantDeposit: Get<BalanceOf<Self>>;
		/// Limit prices are multiples of this.
		#[pallet::constant]
		type PriceTick: Get<BalanceOf<Self>>;
		/// Most price levels on one side of a book: the price cap is at most this many ticks.
		#[pallet::constant]
		type MaxPriceLevels: Get<u32>;
		/// Most orders in one zone's book for one slot.
		#[pallet::constant]
		type MaxOrdersPerBook: Get<u32>;
		/// Most open orders of one account.
		#[pallet::constant]
		type MaxOrdersPerAccount: Get<u32>;
		/// The largest order, in Wh.
		#[pallet::constant]
		type MaxOrderWh: Get<u64>;
		/// How many slots ahead orders are accepted.
		#[pallet::constant]
		type MaxSlotsAhead: Get<u32>;
		/// Most orders one `place_orders` call places.
		#[pallet::constant]
		type MaxOrdersPerCall: Get<u32>;
		/// Most zones.
		#[pallet::constant]
		type MaxZones: Get<u32>;
		/// Most slots with books waiting for clearing: the slots orders are taken for, and
		/// those a stalled chain has yet to clear.
		#[pallet::constant]
		type MaxPendingSlots: Get<u32>;
		/// The longest settlement delay governance may set, in ms: well inside the time the
		/// sensor oracle keeps intervals.
		#[pallet::constant]
		type MaxSettlementDelay: Get<u64>;
		/// Most books waiting for `on_idle` to settle them.
		#[pallet::constant]
		type MaxBooksAwaitingSettlement: Get<u32>;
		/// Most orders one `settle` call handles.
		#[pallet::constant]
		type MaxSettlementBatch: Get<u32>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;

		/// Sets the clock, meter data and generator schemas for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// An order's collateral: a buyer's most cost, a seller's most penalty.
		Collateral,
		/// The deposit of a participant, an order, a certificate or an operating envelope.
		Deposit,
	}

	/// Grid zones.
	#[pallet::storage]
	pub type Zones<T: Config> = StorageMap<_, Twox64Concat, ZoneId, Zone<T>>;

	/// How many zones there are.
	#[pallet::storage]
	pub type ZoneCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Books a zone has, open or awaiting settlement; a zone with books is not removed.
	#[pallet::storage]
	pub type ZoneBooks<T: Config> = StorageMap<_, Twox64Concat, ZoneId, u32>;

	/// The market's rules; no orders are taken until governance sets them.
	#[pallet::storage]
	pub type Rules<T: Config> = StorageValue<_, MarketRules<T>>;

	/// Operating envelopes: the most a meter may import and export per slot in a zone, with
	/// the deposit held from the operator.
	#[pallet::storage]
	pub type Envelopes<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ZoneId, Blake2_128Concat, PublicKey, Envelope<T>>;

	/// Participants: the zone an account trades in, with what its credentials said when it
	/// joined or renewed.
	#[pallet::storage]
	pub type Participants<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Participant<T>>;

	/// Orders, open or awaiting settlement.
	#[pallet::storage]
	pub type Orders<T: Config> = StorageMap<_, Twox64Concat, OrderId, Order<T>>;

	/// The id the next order gets.
	#[pallet::storage]
	pub type NextOrderId<T: Config> = StorageValue<_, OrderId, ValueQuery>;

	/// The order a meter carries in a slot.
	#[pallet::storage]
	pub type MeterOrders<T: Config> =
		StorageDoubleMap<_, Twox64Concat, SlotIndex, Blake2_128Concat, PublicKey, OrderId>;

	/// How many orders an account has, open or awaiting settlement.
	#[pallet::storage]
	pub type OpenOrders<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// How many orders a device has placed for its owner: the nonce its next order signs.
	#[pallet::storage]
	pub type DeviceOrderNonces<T: Config> =
		StorageMap<_, Blake2_128Concat, PublicKey, u32, ValueQuery>;

	/// An account's orders, open or awaiting settlement.
	#[pallet::storage]
	pub type AccountOrders<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, OrderId, ()>;

	/// Books by zone and slot.
	#[pallet::storage]
	pub type Books<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ZoneId, Twox64Concat, SlotIndex, Book<T>>;

	/// A book's orders by side, until they are settled.
	#[pallet::storage]
	pub type BookOrders<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, ZoneId>,
			NMapKey<Twox64Concat, SlotIndex>,
			NMapKey<Twox64Concat, Side>,
			NMapKey<Twox64Concat, OrderId>,
		),
		(),
	>;

	/// The zones with a book for a slot, waiting for the slot's gate closure.
	#[pallet::storage]
	pub type BooksToClear<T: Config> =
		StorageMap<_, Twox64Concat, SlotIndex, BoundedVec<ZoneId, T::MaxZones>, ValueQuery>;

	/// The slots with books waiting for their gate closure, ascending.
	#[pallet::storage]
	pub type SlotsToClear<T: Config> =
		StorageValue<_, BoundedVec<SlotIndex, T::MaxPendingSlots>, ValueQuery>;

	/// Cleared books in the order `on_idle` settles them.
	#[pallet::storage]
	pub type AwaitingSettlement<T: Config> =
		StorageValue<_, BoundedVec<(ZoneId, SlotIndex), T::MaxBooksAwaitingSettlement>, ValueQuery>;

	/// The settlement of a cleared book so far.
	#[pallet::storage]
	pub type Settlements<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ZoneId, Twox64Concat, SlotIndex, SettlementProgress<T>>;

	/// Energy attribute certificates.
	#[pallet::storage]
	pub type Certificates<T: Config> = StorageMap<_, Twox64Concat, CertificateId, Certificate<T>>;

	/// An account's certificates.
	#[pallet::storage]
	pub type AccountCertificates<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, CertificateId, ()>;

	/// The id the next certificate gets.
	#[pallet::storage]
	pub type NextCertificateId<T: Config> = StorageValue<_, CertificateId, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The market's rules at genesis, if any: gate closure and settlement delay in ms,
		/// price cap and imbalance price per kWh.
		pub rules: Option<(u64, u64, u128, u128)>,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// Books' pots pass through this account: it must exist before the first payment.
			let pot = Pallet::<T>::pot_account();
			let minimum = T::Currency::minimum_balance();
			if T::Currency::balance(&pot) < minimum {
				T::Currency::mint_into(&pot, minimum).expect("minting the pot's minimum balance");
			}
			if let Some((gate_closure_ms, settlement_delay_ms, price_cap, imbalance_price)) =
				self.rules
			{
				let balance = |value: u128| -> BalanceOf<T> {
					value.try_into().unwrap_or_else(|_| panic!("genesis price {value} overflows"))
				};
				let rules = MarketRules::<T> {
					gate_closure_ms,
					settlement_delay_ms,
					price_cap: balance(price_cap),
					imbalance_price: balance(imbalance_price),
				};
				Pallet::<T>::check_rules(&rules).expect("genesis market rules are inconsistent");
				Rules::<T>::put(rules);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance defined or changed a zone.
		ZoneSet { zone: ZoneId },
		/// Governance removed a zone.
		ZoneRemoved { zone: ZoneId },
		/// Governance set the market's rules.
		RulesSet,
		/// A zone's operator set or removed a meter's operating envelope.
		EnvelopeSet { zone: ZoneId, meter: PublicKey, envelope: Option<(u64, u64)> },
		/// An account joined a zone's market or renewed its participation, until `until_ms`;
		/// `source` is its renewable source if it is a generator, which keeps its deliveries'
		/// attributes if `keeps_attributes`.
		ParticipantJoined {
			who: T::AccountId,
			zone: ZoneId,
			source: Option<EnergySource>,
			keeps_attributes: bool,
			until_ms: u64,
		},
		/// A participant left the market; its orders still settle.
		ParticipantLeft { who: T::AccountId },
		/// A participation whose credentials no longer hold, or that lapsed, was removed.
		ParticipantEvicted { who: T::AccountId },
		/// An order was placed; `held` is its collateral.
		OrderPlaced {
			order: OrderId,
			owner: T::AccountId,
			zone: ZoneId,
			slot: SlotIndex,
			side: Side,
			quantity_wh: u64,
			limit_price: BalanceOf<T>,
			held: BalanceOf<T>,
		},
		/// Line `index` of a schedule (`place_orders`) for `slot` was not placed, for `error`;
		/// the other lines were.
		OrderSkipped { index: u32, slot: SlotIndex, error: DispatchError },
		/// An order was cancelled before gate closure and its holds released.
		OrderCancelled { order: OrderId },
		/// A book was cleared; `clearing` is `None` if nothing could trade.
		BookCleared { zone: ZoneId, slot: SlotIndex, clearing: Option<Clearing<BalanceOf<T>>> },
		/// A seller's delivery was measured; `penalty` was paid for its shortfall.
		DeliveryMeasured { order: OrderId, fill_wh: u64, delivered_wh: u64, penalty: BalanceOf<T> },
		/// A buyer paid for its fill: `paid` covers the energy it took and its shortfall,
		/// `grid_fee` the grid.
		BuyerSettled {
			order: OrderId,
			fill_wh: u64,
			taken_wh: u64,
			paid: BalanceOf<T>,
			grid_fee: BalanceOf<T>,
		},
		/// A seller was paid for what it delivered.
		SellerSettled { order: OrderId, paid: BalanceOf<T> },
		/// A book was settled; its pot's remainder went to the zone's operator.
		BookSettled { zone: ZoneId, slot: SlotIndex, to_operator: BalanceOf<T> },
		/// A buyer received a certificate of the renewable energy it took, or a generator
		/// that keeps its attributes one of the renewable energy it delivered.
		CertificateIssued {
			certificate: CertificateId,
			kind: CertificateKind,
			owner: T::AccountId,
			zone: ZoneId,
			slot: SlotIndex,
			energy: BoundedVec<(EnergySource, u64), ConstU32<{ SOURCES }>>,
		},
		/// Wh of a certificate were claimed by another pallet (carbon credits).
		CertificateClaimed { certificate: CertificateId, source: EnergySource, wh: u64 },
		/// A certificate was fully claimed or released, and its deposit returned.
		CertificateRemoved { certificate: CertificateId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No zone with this id.
		UnknownZone,
		/// All `MaxZones` zones are defined.
		TooManyZones,
		/// The zone still has books.
		ZoneInUse,
		/// The zone's feed-in tariff is not below its retail price.
		InconsistentZone,
		/// The rules are inconsistent: the price cap is zero or more than `MaxPriceLevels`
		/// ticks, the imbalance price is below it, or a delay is too long.
		InconsistentRules,
		/// Governance has not set the market's rules yet.
		NoRules,
		/// The caller is not the zone's operator.
		NotOperator,
		/// The quantity is zero or above `MaxOrderWh`.
		InvalidQuantity,
		/// The limit price is zero, above the price cap, or not a multiple of `PriceTick`.
		InvalidPrice,
		/// The slot's gate has closed.
		GateClosed,
		/// The slot is more than `MaxSlotsAhead` ahead.
		SlotTooFarAhead,
		/// The caller's DID holds no valid participant credential for the zone.
		NoParticipantCredential,
		/// The account has not joined the zone, or its DID is no longer active.
		NotAParticipant,
		/// The participation has lapsed: join again.
		ParticipationLapsed,
		/// The participation still holds: its credentials are valid and it has not lapsed.
		StillEligible,
		/// Only a generator (a DID with a generator credential) keeps its deliveries'
		/// attributes.
		NotAGenerator,
		/// The meter is not an active electricity meter of the caller's DID.
		NotYourMeter,
		/// The meter already carries an order for this slot.
		MeterBusy,
		/// The quantity exceeds the meter's operating envelope.
		ExceedsEnvelope,
		/// The caller has `MaxOrdersPerAccount` orders.
		TooManyOrders,
		/// The book holds `MaxOrdersPerBook` orders.
		BookFull,
		/// `MaxPendingSlots` slots already wait for clearing.
		TooManyPendingSlots,
		/// No order with this id.
		UnknownOrder,
		/// The device is unknown or no longer active.
		DeviceNotActive,
		/// The device's signature of the order does not verify.
		BadSignature,
		/// The order's nonce is not the device's next one: placed already, or out of turn.
		StaleNonce,
		/// The caller does not own the order or certificate.
		NotOwner,
		/// No book for this zone and slot.
		UnknownBook,
		/// The book has not been cleared yet.
		NotCleared,
		/// The slot's settlement delay has not passed.
		TooEarlyToSettle,
		/// No certificate with this id.
		UnknownCertificate,
		/// The certificate holds less unclaimed energy of this source.
		InsufficientEnergy,
		/// A batch is empty, or settles more than `MaxSettlementBatch` orders.
		InvalidBatch,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxPriceLevels::get() > 0, "a book needs a price level");
			assert!(T::MaxOrdersPerBook::get() > 0, "a book needs an order");
			assert!(T::MaxZones::get() > 0, "the market needs a zone");
			assert!(T::MaxSettlementBatch::get() > 0, "a batch settles an order");
			assert!(
				T::MaxOrdersPerCall::get() <= T::MaxSlotsAhead::get()
					&& T::MaxOrdersPerCall::get() <= T::MaxOrdersPerAccount::get(),
				"a full schedule's slots are open at once and its orders within an account's"
			);
			assert!(!T::PriceTick::get().is_zero(), "prices need a positive tick");
			assert!(
				u128::from(T::MaxOrdersPerBook::get())
					.checked_mul(u128::from(T::MaxOrderWh::get()))
					.is_some_and(|volume| volume <= u128::from(u64::MAX)),
				"a book's volume must fit a u64"
			);
			assert!(T::Meters::interval_length_ms() > 0, "slots need a length");
		}

		fn on_initialize(_: BlockNumberFor<T>) -> Weight {
			Self::clear_due_books()
		}

		fn on_idle(_: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::settle_in_idle_time(remaining)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Defines `zone` or changes it; orders already placed keep their grid fee.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_zone())]
		pub fn set_zone(origin: OriginFor<T>, zone: ZoneId, spec: Zone<T>) -> DispatchResult {
			T::MarketOrigin::ensure_origin(origin)?;
			ensure!(spec.feed_in_tariff < spec.retail_price, Error::<T>::InconsistentZone);
			if !Zones::<T>::contains_key(zone) {
				let count = ZoneCount::<T>::get();
				ensure!(count < T::MaxZones::get(), Error::<T>::TooManyZones);
				ZoneCount::<T>::put(count + 1);
			}
			Zones::<T>::insert(zone, spec);
			Self::deposit_event(Event::ZoneSet { zone });
			Ok(())
		}

		/// Removes a zone that has no books.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_zone())]
		pub fn remove_zone(origin: OriginFor<T>, zone: ZoneId) -> DispatchResult {
			T::MarketOrigin::ensure_origin(origin)?;
			ensure!(Zones::<T>::contains_key(zone), Error::<T>::UnknownZone);
			ensure!(!ZoneBooks::<T>::contains_key(zone), Error::<T>::ZoneInUse);
			Zones::<T>::remove(zone);
			ZoneCount::<T>::mutate(|count| count.saturating_dec());
			Self::deposit_event(Event::ZoneRemoved { zone });
			Ok(())
		}

		/// Sets the market's rules; orders already placed keep their imbalance price.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_rules())]
		pub fn set_rules(origin: OriginFor<T>, rules: MarketRules<T>) -> DispatchResult {
			T::MarketOrigin::ensure_origin(origin)?;
			Self::check_rules(&rules)?;
			Rules::<T>::put(rules);
			Self::deposit_event(Event::RulesSet);
			Ok(())
		}

		/// Sets (`Some((import_wh, export_wh))`) or removes a meter's operating envelope; only
		/// the zone's operator, who holds `Deposit` per envelope. Orders already placed stay.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_envelope())]
		pub fn set_envelope(
			origin: OriginFor<T>,
			zone: ZoneId,
			meter: PublicKey,
			envelope: Option<(u64, u64)>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let spec = Zones::<T>::get(zone).ok_or(Error::<T>::UnknownZone)?;
			ensure!(spec.operator == who, Error::<T>::NotOperator);
			let existing = Envelopes::<T>::get(zone, meter);
			match (envelope, existing) {
				(Some((import_wh, export_wh)), Some(mut kept)) => {
					kept.import_wh = import_wh;
					kept.export_wh = export_wh;
					Envelopes::<T>::insert(zone, meter, kept);
				},
				(Some((import_wh, export_wh)), None) => {
					let deposit = T::Deposit::get();
					T::Currency::hold(&HoldReason::Deposit.into(), &who, deposit)?;
					Envelopes::<T>::insert(
						zone,
						meter,
						Envelope { import_wh, export_wh, depositor: who, deposit },
					);
				},
				(None, Some(kept)) => {
					Self::release(HoldReason::Deposit, &kept.depositor, kept.deposit);
					Envelopes::<T>::remove(zone, meter);
				},
				(None, None) => {},
			}
			Self::deposit_event(Event::EnvelopeSet { zone, meter, envelope });
			Ok(())
		}

		/// Places an order for `slot` in `zone` on the caller's `meter` (see the crate
		/// documentation for what is held).
		#[pallet::call_index(4)]
		#[pallet::weight(Pallet::<T>::place_orders_weight(1))]
		pub fn place_order(
			origin: OriginFor<T>,
			zone: ZoneId,
			slot: SlotIndex,
			side: Side,
			meter: PublicKey,
			quantity_wh: u64,
			limit_price: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::place_one(who, zone, meter, OrderLine { slot, side, quantity_wh, limit_price })
		}

		/// Cancels the caller's order before its slot's gate closure, releasing its holds.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::cancel_order())]
		pub fn cancel_order(origin: OriginFor<T>, order: OrderId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_order(&who, order)
		}

		/// Settles up to `max_orders` orders of a cleared book whose settlement delay has
		/// passed; anyone may call it. The weight of orders not needed is refunded; a book
		/// settled already (by another caller, or `on_idle`) leaves nothing to do, which is no
		/// error.
		#[pallet::call_index(6)]
		#[pallet::weight(Pallet::<T>::settle_weight(*max_orders))]
		pub fn settle(
			origin: OriginFor<T>,
			zone: ZoneId,
			slot: SlotIndex,
			max_orders: u32,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			ensure!(
				max_orders > 0 && max_orders <= T::MaxSettlementBatch::get(),
				Error::<T>::InvalidBatch
			);
			let used =
				Self::settle_book(zone, slot, max_orders, Self::settle_weight(max_orders))?.weight;
			Ok(Some(used).into())
		}

		/// Places an order a device signed for its owner's DID (see [`DeviceOrder`]); anyone may
		/// submit it. The DID's account holds what the order commits, as if it had placed it.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::place_order_by_device().saturating_add(
			T::WeightInfo::place_orders_new_books(1)
				.saturating_sub(T::WeightInfo::place_orders_full_books(1))
		))]
		pub fn place_order_by_device(
			origin: OriginFor<T>,
			device: PublicKey,
			order: DeviceOrder<BalanceOf<T>>,
			signature: MultiSignature,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let info = T::Devices::active_device(&device).ok_or(Error::<T>::DeviceNotActive)?;
			let nonce = DeviceOrderNonces::<T>::get(device);
			ensure!(order.nonce == nonce, Error::<T>::StaleNonce);
			ensure!(
				device.verify(&Self::device_order_message(&device, &order), &signature),
				Error::<T>::BadSignature
			);
			DeviceOrderNonces::<T>::insert(device, nonce.saturating_add(1));
			let DeviceOrder { zone, slot, side, meter, quantity_wh, limit_price, .. } = order;
			let owner = T::DidAccount::convert(info.owner);
			Self::place_one(owner, zone, meter, OrderLine { slot, side, quantity_wh, limit_price })
		}

		/// Gives up the caller's certificate and its unclaimed energy, returning its deposit.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::release_certificate())]
		pub fn release_certificate(
			origin: OriginFor<T>,
			certificate: CertificateId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record =
				Certificates::<T>::get(certificate).ok_or(Error::<T>::UnknownCertificate)?;
			ensure!(record.owner == who, Error::<T>::NotOwner);
			Self::remove_certificate(certificate, &record);
			Ok(())
		}

		/// Joins `zone`'s market, or renews the caller's participation (in the same or
		/// another zone), for `ParticipationPeriod`: its DID's participant credential scoped
		/// to the zone is checked, and its generator credential recorded. A generator that
		/// `keeps_attributes` receives generation certificates of its deliveries, and its
		/// buyers' certificates leave them out. Holds `ParticipantDeposit` once.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::join())]
		pub fn join(origin: OriginFor<T>, zone: ZoneId, keeps_attributes: bool) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(Zones::<T>::contains_key(zone), Error::<T>::UnknownZone);
			let credential = T::Credentials::valid_credential(
				&who,
				T::ParticipantSchema::get(),
				None,
				Some(zone),
			)
			.ok_or(Error::<T>::NoParticipantCredential)?;
			let deposit = match Participants::<T>::get(&who) {
				Some(existing) => existing.deposit,
				None => {
					let deposit = T::ParticipantDeposit::get();
					T::Currency::hold(&HoldReason::Deposit.into(), &who, deposit)?;
					deposit
				},
			};
			let source = Self::renewable_source(&who);
			ensure!(!keeps_attributes || source.is_some(), Error::<T>::NotAGenerator);
			let until_ms = Self::now_ms().saturating_add(T::ParticipationPeriod::get());
			Participants::<T>::insert(
				&who,
				Participant {
					did: credential.subject,
					zone,
					source,
					keeps_attributes,
					until_ms,
					deposit,
				},
			);
			Self::deposit_event(Event::ParticipantJoined {
				who,
				zone,
				source,
				keeps_attributes,
				until_ms,
			});
			Ok(())
		}

		/// Leaves the market, returning the participant's deposit; its orders still settle.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::leave())]
		pub fn leave(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let participant = Participants::<T>::take(&who).ok_or(Error::<T>::NotAParticipant)?;
			Self::release(HoldReason::Deposit, &who, participant.deposit);
			Self::deposit_event(Event::ParticipantLeft { who });
			Ok(())
		}

		/// Removes `who`'s participation if it lapsed, its DID is no longer active, its
		/// participant credential no longer holds or its generator credential changed; anyone
		/// may call it (an issuer after a revocation, the zone's operator). The deposit goes
		/// back to `who`, who may join again.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::evict())]
		pub fn evict(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			ensure_signed(origin)?;
			let participant = Participants::<T>::get(&who).ok_or(Error::<T>::NotAParticipant)?;
			ensure!(!Self::participation_holds(&who, &participant), Error::<T>::StillEligible);
			Participants::<T>::remove(&who);
			Self::release(HoldReason::Deposit, &who, participant.deposit);
			Self::deposit_event(Event::ParticipantEvicted { who });
			Ok(())
		}

		/// Places a schedule of orders on the caller's `meter` in `zone`, one per line (a home
		/// battery's next hours): what the orders hold is held at once. A line whose terms are
		/// invalid fails the call; a line the market refuses (its gate closed, the meter busy in
		/// its slot, its book full, the caller's orders at their bound) is skipped with
		/// `OrderSkipped`.
		#[pallet::call_index(12)]
		#[pallet::weight(Pallet::<T>::place_orders_weight(orders.len() as u32))]
		pub fn place_orders(
			origin: OriginFor<T>,
			zone: ZoneId,
			meter: PublicKey,
			orders: BoundedVec<OrderLine<BalanceOf<T>>, T::MaxOrdersPerCall>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::place_schedule(who, zone, meter, orders)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The weight of placing `orders` orders at once: the costlier of orders each opening a
	/// book (and a pending slot) and orders each entering a book full of price levels.
	pub fn place_orders_weight(orders: u32) -> frame_support::weights::Weight {
		T::WeightInfo::place_orders_new_books(orders)
			.max(T::WeightInfo::place_orders_full_books(orders))
	}

	/// The account through which books' pots pass.
	pub fn pot_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The message a device signs for an order it places for its owner.
	pub fn device_order_message(device: &PublicKey, order: &DeviceOrder<BalanceOf<T>>) -> Vec<u8> {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		(DEVICE_ORDER_CONTEXT, genesis, device, order).encode()
	}

	fn now_ms() -> u64 {
		polis_primitives::unix_millis::<T::Time>()
	}

	/// When `slot` starts, in ms since the Unix epoch.
	pub fn slot_start(slot: SlotIndex) -> u64 {
		u64::from(slot).saturating_mul(T::Meters::interval_length_ms())
	}

	/// The slot `now` lies in.
	fn slot_at(now: u64) -> SlotIndex {
		(now / T::Meters::interval_length_ms()).try_into().unwrap_or(SlotIndex::MAX)
	}

	/// The last slot whose gate has closed at `now`.
	fn last_closed_slot(now: u64, rules: &MarketRules<T>) -> SlotIndex {
		Self::slot_at(now.saturating_add(rules.gate_closure_ms))
	}

	fn check_rules(rules: &MarketRules<T>) -> DispatchResult {
		let most_levels: BalanceOf<T> = T::MaxPriceLevels::get().into();
		let highest_cap = T::PriceTick::get().saturating_mul(most_levels);
		let longest_gate =
			T::Meters::interval_length_ms().saturating_mul(T::MaxSlotsAhead::get().into());
		ensure!(
			!rules.price_cap.is_zero()
				&& rules.price_cap <= highest_cap
				&& rules.imbalance_price >= rules.price_cap
				&& rules.gate_closure_ms < longest_gate
				&& rules.settlement_delay_ms <= T::MaxSettlementDelay::get(),
			Error::<T>::InconsistentRules
		);
		Ok(())
	}

	/// What `wh` cost at `price` per kWh, rounded up (for what is held).
	fn cost_ceil(wh: u64, price: BalanceOf<T>) -> Result<BalanceOf<T>, DispatchError> {
		let price: u128 = price.try_into().map_err(|_| ArithmeticError::Overflow)?;
		let cost = u128::from(wh).checked_mul(price).ok_or(ArithmeticError::Overflow)?;
		Ok(cost.div_ceil(WH_PER_KWH).try_into().map_err(|_| ArithmeticError::Overflow)?)
	}

	/// What `wh` cost at `price` per kWh, rounded down (for what is paid); saturates, as it
	/// never exceeds what `cost_ceil` allowed to be held.
	fn cost_floor(wh: u64, price: BalanceOf<T>) -> BalanceOf<T> {
		let price: u128 = price.try_into().unwrap_or(u128::MAX);
		let cost = u128::from(wh).saturating_mul(price) / WH_PER_KWH;
		cost.try_into().unwrap_or_else(|_| BalanceOf::<T>::max_value())
	}

	fn release(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) {
		if amount.is_zero() {
			return;
		}
		if let Err(error) = T::Currency::release(&reason.into(), who, amount, Precision::BestEffort)
		{
			log::error!(target: LOG_TARGET, "releasing {amount:?} held from {who:?}: {error:?}");
		}
	}

	/// The source of the first generator credential `who`'s DID holds, if any.
	fn renewable_source(who: &T::AccountId) -> Option<EnergySource> {
		T::GeneratorSchemas::get()
			.into_iter()
			.take(T::MaxGeneratorSchemas::get() as usize)
			.find_map(|(schema, source)| {
				T::Credentials::valid_credential(who, schema, None, None).map(|_| source)
			})
	}

	/// Whether `who`'s participation is still what joining now would record.
	fn participation_holds(who: &T::AccountId, participant: &Participant<T>) -> bool {
		Self::now_ms() < participant.until_ms
			&& T::Credentials::did_of(who).is_some_and(|did| did == participant.did)
			&& T::Credentials::valid_credential(
				who,
				T::ParticipantSchema::get(),
				None,
				Some(participant.zone),
			)
			.is_some()
			&& Self::renewable_source(who) == participant.source
	}

	/// Adds `volume` at `price` to a side of a book, keeping it ascending.
	fn add_volume(
		levels: &mut BoundedVec<PriceLevel<BalanceOf<T>>, T::MaxPriceLevels>,
		price: BalanceOf<T>,
		volume: u64,
	) -> DispatchResult {
		match levels.binary_search_by(|level| level.price.cmp(&price)) {
			Ok(index) => {
				let level = &mut levels[index];
				level.volume_wh =
					level.volume_wh.checked_add(volume).ok_or(ArithmeticError::Overflow)?;
			},
			Err(index) => levels
				.try_insert(index, PriceLevel { price, volume_wh: volume })
				// Prices are multiples of the tick up to `MaxPriceLevels` ticks: never full.
				.map_err(|_| Error::<T>::InvalidPrice)?,
		}
		Ok(())
	}

	/// Takes `volume` at `price` out of a side of a book, dropping the level once empty.
	fn remove_volume(
		levels: &mut BoundedVec<PriceLevel<BalanceOf<T>>, T::MaxPriceLevels>,
		price: BalanceOf<T>,
		volume: u64,
	) {
		if let Ok(index) = levels.binary_search_by(|level| level.price.cmp(&price)) {
			let level = &mut levels[index];
			level.volume_wh = level.volume_wh.saturating_sub(volume);
			if level.volume_wh == 0 {
				levels.remove(index);
			}
		}
	}

	/// The weight `settle` is charged for `orders` orders: enough to pass through every stage
	/// and settle them in the costliest.
	pub fn settle_weight(orders: u32) -> frame_support::weights::Weight {
		let stages = [Stage::Delivery, Stage::Payment, Stage::Payout];
		let fixed = stages.into_iter().map(|stage| Self::stage_weight(stage, 0));
		let per_order = stages
			.into_iter()
			.map(|stage| Self::stage_weight(stage, 1).saturating_sub(Self::stage_weight(stage, 0)));
		let zero = frame_support::weights::Weight::zero();
		fixed.fold(zero, |sum, weight| sum.saturating_add(weight)).saturating_add(
			per_order.fold(zero, |most, weight| most.max(weight)).saturating_mul(orders.into()),
		)
	}

	/// The weight of settling `orders` orders in `stage`.
	pub(crate) fn stage_weight(stage: Stage, orders: u32) -> frame_support::weights::Weight {
		match stage {
			Stage::Delivery => T::WeightInfo::settle_deliveries(orders),
			Stage::Payment => T::WeightInfo::settle_payments(orders),
			Stage::Payout => T::WeightInfo::settle_payouts(orders),
		}
	}

	/// Counts a book of `zone` in or out.
	fn count_zone_book(zone: ZoneId, added: bool) {
		ZoneBooks::<T>::mutate_exists(zone, |books| {
			let count = books.unwrap_or(0);
			let count = if added { count.saturating_add(1) } else { count.saturating_sub(1) };
			*books = Some(count).filter(|count| *count > 0);
		});
	}

	fn do_cancel_order(who: &T::AccountId, id: OrderId) -> DispatchResult {
		let order = Orders::<T>::get(id).ok_or(Error::<T>::UnknownOrder)?;
		ensure!(order.owner == *who, Error::<T>::NotOwner);
		let rules = Rules::<T>::get().ok_or(Error::<T>::NoRules)?;
		ensure!(
			order.slot > Self::last_closed_slot(Self::now_ms(), &rules),
			Error::<T>::GateClosed
		);
		let mut book = Books::<T>::get(order.zone, order.slot).ok_or(Error::<T>::UnknownBook)?;
		ensure!(book.state == BookState::Open, Error::<T>::GateClosed);
		let levels = match order.side {
			Side::Buy => &mut book.bids,
			Side::Sell => &mut book.asks,
		};
		Self::remove_volume(levels, order.limit_price, order.quantity_wh);
		book.orders.saturating_dec();
		if book.orders == 0 {
			Books::<T>::remove(order.zone, order.slot);
			let zones_left = BooksToClear::<T>::mutate(order.slot, |zones| {
				zones.retain(|zone| *zone != order.zone);
				zones.len()
			});
			if zones_left == 0 {
				BooksToClear::<T>::remove(order.slot);
				SlotsToClear::<T>::mutate(|slots| slots.retain(|pending| *pending != order.slot));
			}
			Self::count_zone_book(order.zone, false);
		} else {
			Books::<T>::insert(order.zone, order.slot, book);
		}
		BookOrders::<T>::remove((order.zone, order.slot, order.side, id));
		Self::forget_order(id, &order);
		Self::release(HoldReason::Deposit, who, order.deposit);
		Self::deposit_event(Event::OrderCancelled { order: id });
		Ok(())
	}

	/// Releases an order's collateral and removes it and its indexes (not its book entry).
	fn forget_order(id: OrderId, order: &Order<T>) {
		Self::release(HoldReason::Collateral, &order.owner, order.held);
		Orders::<T>::remove(id);
		AccountOrders::<T>::remove(&order.owner, id);
		MeterOrders::<T>::remove(order.slot, order.meter);
		OpenOrders::<T>::mutate_exists(&order.owner, |open| {
			*open = open.map(|count| count.saturating_sub(1)).filter(|count| *count > 0);
		});
	}

	/// Clears the next slot whose gate has closed, if any: all of its books.
	pub(crate) fn clear_due_books() -> frame_support::weights::Weight {
		let Some(rules) = Rules::<T>::get() else {
			return T::WeightInfo::clear_books(0);
		};
		let closed = Self::last_closed_slot(Self::now_ms(), &rules);
		let mut slots = SlotsToClear::<T>::get();
		let Some(&next) = slots.first().filter(|next| **next <= closed) else {
			return T::WeightInfo::clear_books(0);
		};
		slots.remove(0);
		SlotsToClear::<T>::put(slots);
		let zones = BooksToClear::<T>::take(next);
		for zone in &zones {
			Self::clear_book(*zone, next);
		}
		T::WeightInfo::clear_books(zones.len() as u32)
	}

	fn clear_book(zone: ZoneId, slot: SlotIndex) {
		let Some(mut book) = Books::<T>::get(zone, slot) else { return };
		let Some(spec) = Zones::<T>::get(zone) else { return };
		let grid = clearing::GridOffer {
			retail_price: spec.retail_price,
			import_wh: spec.import_capacity_wh,
			feed_in_tariff: spec.feed_in_tariff,
			export_wh: spec.export_capacity_wh,
		};
		let result = clearing::clear(&book.bids, &book.asks, &grid);
		book.state = BookState::Cleared(result.clone());
		Books::<T>::insert(zone, slot, book);
		Settlements::<T>::insert(zone, slot, SettlementProgress::<T>::default());
		let queued = AwaitingSettlement::<T>::mutate(|books| books.try_push((zone, slot)));
		if queued.is_err() {
			log::warn!(target: LOG_TARGET, "book {zone}/{slot} left for `settle`: the queue is full");
		}
		Self::deposit_event(Event::BookCleared { zone, slot, clearing: result });
	}
}

impl<T: Config> RenewableEnergy<T::AccountId> for Pallet<T> {
	fn certificate(certificate: CertificateId) -> Option<CertificateInfo<T::AccountId>> {
		let record = Certificates::<T>::get(certificate)?;
		Some(CertificateInfo {
			owner: record.owner,
			kind: record.kind,
			zone: record.zone,
			period_start_ms: Self::slot_start(record.slot),
			period_end_ms: Self::slot_start(record.slot.saturating_add(1)),
			unclaimed_wh: record.energy.into_inner(),
		})
	}

	fn claim(
		owner: &T::AccountId,
		certificate: CertificateId,
		source: EnergySource,
		wh: u64,
	) -> DispatchResult {
		let mut record =
			Certificates::<T>::get(certificate).ok_or(Error::<T>::UnknownCertificate)?;
		ensure!(record.owner == *owner, Error::<T>::NotOwner);
		let entry = record
			.energy
			.iter_mut()
			.find(|(of, _)| *of == source)
			.ok_or(Error::<T>::InsufficientEnergy)?;
		entry.1 = entry.1.checked_sub(wh).ok_or(Error::<T>::InsufficientEnergy)?;
		record.energy.retain(|(_, left)| *left > 0);
		Self::deposit_event(Event::CertificateClaimed { certificate, source, wh });
		if record.energy.is_empty() {
			Self::remove_certificate(certificate, &record);
		} else {
			Certificates::<T>::insert(certificate, record);
		}
		Ok(())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn generation_certificate_for_benchmark(
		owner: &T::AccountId,
		source: EnergySource,
		wh: u64,
		at_ms: u64,
	) -> CertificateId {
		let deposit = T::Deposit::get();
		let held = T::Currency::hold(&HoldReason::Deposit.into(), owner, deposit);
		assert!(held.is_ok(), "the benchmark's owner is funded");
		let slot = (at_ms / T::Meters::interval_length_ms()).try_into().unwrap_or(SlotIndex::MAX);
		let energy = BoundedVec::truncate_from(alloc::vec![(source, wh)]);
		Self::issue_certificate(owner, CertificateKind::Generation, 0, slot, energy, deposit)
	}
}

const LOG_TARGET: &str = "runtime::energy-market";

sp_api::decl_runtime_apis! {
	/// Reads of the energy market for clients.
	pub trait EnergyMarketApi<AccountId, Balance>
	where
		AccountId: codec::Codec,
		Balance: codec::Codec,
	{
		/// A zone's book for a slot: depth by price on both sides, and its clearing once
		/// cleared; `None` if the book has no orders or has been settled.
		fn book(zone: ZoneId, slot: SlotIndex) -> Option<BookView<Balance>>;
		/// Up to `limit` (at most `MAX_PAGE`) of `who`'s orders, open or awaiting settlement,
		/// with their fills once cleared, after `start_after`.
		fn orders_of(who: AccountId, start_after: Option<OrderId>, limit: u32) -> Vec<OrderView<Balance>>;
		/// The message a device signs for an order it places for its owner.
		fn device_order_message(device: PublicKey, order: DeviceOrder<Balance>) -> Vec<u8>;
		/// Up to `limit` (at most `MAX_PAGE`) of `who`'s certificates, after `start_after`.
		fn certificates_of(
			who: AccountId,
			start_after: Option<CertificateId>,
			limit: u32,
		) -> Vec<CertificateView>;
	}
}
