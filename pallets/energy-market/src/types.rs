//! The records the energy market keeps.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use polis_primitives::{CertificateKind, EnergySource, PublicKey, ZoneId};
use scale_info::TypeInfo;
use sp_runtime::Perquintill;

use crate::{BalanceOf, Config, DidOf};

/// The number of a delivery slot: the sensor oracle's interval index, so that a slot's
/// delivery is exactly a meter's interval summary.
pub type SlotIndex = polis_primitives::IntervalIndex;

/// Identifier of an order, assigned in order.
pub type OrderId = u64;

/// What a device signs, prefixed to every order it places for its owner, so that no other
/// signature of the device key can pass for an order.
pub const DEVICE_ORDER_CONTEXT: &[u8] = b"polis:energy-order";

/// An order a device (a home battery controller) signs for its owner's DID.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct DeviceOrder<Balance> {
	pub zone: ZoneId,
	pub slot: SlotIndex,
	pub side: Side,
	/// The owner's electricity meter (the device itself, or another device of the same DID).
	pub meter: PublicKey,
	pub quantity_wh: u64,
	pub limit_price: Balance,
	/// The device's count of orders placed so far: a signed order is placed once.
	pub nonce: u32,
}

/// One order of a schedule (`place_orders`): its slot and terms.
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
pub struct OrderLine<Balance> {
	pub slot: SlotIndex,
	pub side: Side,
	pub quantity_wh: u64,
	pub limit_price: Balance,
}

/// Whether an order buys or sells energy.
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
pub enum Side {
	Buy,
	Sell,
}

/// A grid zone as governance defines it. Prices are per kWh.
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
pub struct Zone<T: Config> {
	/// The grid operator's account: it sets operating envelopes and receives grid fees,
	/// imbalance penalties and payments for energy its grid supplied.
	pub operator: T::AccountId,
	/// Most energy per slot the upstream grid can bring into the zone, in Wh.
	pub import_capacity_wh: u64,
	/// Most energy per slot the upstream grid can take out of the zone, in Wh.
	pub export_capacity_wh: u64,
	/// The utility's retail price: the upstream grid sells at it.
	pub retail_price: BalanceOf<T>,
	/// The utility's feed-in tariff: the upstream grid buys at it. Below `retail_price`.
	pub feed_in_tariff: BalanceOf<T>,
	/// Paid per kWh a buyer takes, to the operator.
	pub grid_fee: BalanceOf<T>,
}

/// The market's rules as governance sets them.
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
pub struct MarketRules<T: Config> {
	/// Orders for a slot are accepted until this many ms before it starts.
	pub gate_closure_ms: u64,
	/// Settlement opens this many ms after the slot ends; meter data not in by then counts as
	/// not delivered.
	pub settlement_delay_ms: u64,
	/// The highest limit price an order may name, per kWh.
	pub price_cap: BalanceOf<T>,
	/// What a shortfall costs per kWh; at least `price_cap`.
	pub imbalance_price: BalanceOf<T>,
}

/// An open order, with the terms it was placed under.
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
pub struct Order<T: Config> {
	pub owner: T::AccountId,
	/// The owner's DID when the order was placed: the meter must still be its device at
	/// settlement.
	pub did: DidOf<T>,
	pub zone: ZoneId,
	pub slot: SlotIndex,
	pub side: Side,
	/// The owner's electricity meter, whose import (buy) or export (sell) settles the order.
	pub meter: PublicKey,
	pub quantity_wh: u64,
	/// The highest price per kWh a buyer pays, or the lowest a seller accepts.
	pub limit_price: BalanceOf<T>,
	/// The imbalance price per kWh when the order was placed: what its shortfall costs.
	pub imbalance_price: BalanceOf<T>,
	/// The zone's grid fee per kWh when the order was placed (buyers pay it).
	pub grid_fee: BalanceOf<T>,
	/// Still held from the owner for the order: its most cost (buy) or its collateral (sell).
	pub held: BalanceOf<T>,
	/// Held for the order's storage.
	pub deposit: BalanceOf<T>,
	/// The renewable source of a seller whose DID holds a generator credential.
	pub source: Option<EnergySource>,
	/// Whether a renewable seller keeps its delivery's attributes (a generation certificate)
	/// instead of passing them to its buyers.
	pub keeps_attributes: bool,
	/// A sell order's energy delivered, once measured at settlement.
	pub delivered_wh: Option<u64>,
}

/// The volume a book holds at one price.
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
pub struct PriceLevel<Balance> {
	pub price: Balance,
	pub volume_wh: u64,
}

/// How much of each class of an order book side was filled, and how much of that was traded
/// between participants (the rest is the upstream grid's, settled by the utility).
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
	Default,
)]
pub struct SideFill {
	/// Of orders strictly better than the clearing price (1 unless the other side ran short).
	pub inside: Perquintill,
	/// Of orders at the clearing price: the pro-rata rationing at the margin.
	pub marginal: Perquintill,
	/// Of a participant's fill, the part traded with other participants.
	pub local: Perquintill,
}

/// The outcome of clearing one zone's book for one slot: enough to derive every order's fill.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Clearing<Balance> {
	/// The uniform price per kWh every fill pays (pay-as-clear).
	pub price: Balance,
	/// Energy traded, the upstream grid's included.
	pub volume_wh: u64,
	/// Energy traded between participants; what settlement moves on chain.
	pub local_volume_wh: u64,
	/// Energy the upstream grid sold into the zone.
	pub grid_import_wh: u64,
	/// Energy the upstream grid bought out of the zone.
	pub grid_export_wh: u64,
	pub buy: SideFill,
	pub sell: SideFill,
}

/// Where a book stands.
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
pub enum BookState<T: Config> {
	/// Taking orders until gate closure.
	Open,
	/// Cleared; `None` if nothing could trade. Orders wait for settlement.
	Cleared(Option<Clearing<BalanceOf<T>>>),
}

/// One zone's orders for one slot, aggregated by price as they arrive, so that clearing reads
/// one record per zone whatever the number of orders.
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
pub struct Book<T: Config> {
	/// Buy volume by limit price, ascending.
	pub bids: BoundedVec<PriceLevel<BalanceOf<T>>, T::MaxPriceLevels>,
	/// Sell volume by limit price, ascending.
	pub asks: BoundedVec<PriceLevel<BalanceOf<T>>, T::MaxPriceLevels>,
	/// Orders in the book (open, or awaiting settlement).
	pub orders: u32,
	pub state: BookState<T>,
}

impl<T: Config> Default for Book<T> {
	fn default() -> Self {
		Self {
			bids: Default::default(),
			asks: Default::default(),
			orders: 0,
			state: BookState::Open,
		}
	}
}

/// The stage a cleared book's settlement is in, in this order: sellers' deliveries are
/// measured first (buyers' certificates depend on them), then buyers pay into the book's pot,
/// then sellers are paid out of it.
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
	Default,
)]
pub enum Stage {
	/// Measuring sellers' deliveries, after the last one measured (if any).
	#[default]
	Delivery,
	Payment,
	Payout,
}

/// A cleared book's settlement so far.
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
	frame_support::DefaultNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct SettlementProgress<T: Config> {
	/// What the book's orders have paid into the pot, less what it paid out.
	pub pot: BalanceOf<T>,
	/// Renewable energy sellers delivered, by source.
	pub renewable_wh: BoundedVec<(EnergySource, u64), ConstU32<{ SOURCES }>>,
	pub stage: Stage,
	/// The last sell order whose delivery was measured: sell orders stay listed until paid,
	/// and measuring walks them in the order of their keys.
	pub measured_up_to: Option<OrderId>,
}

/// An account's participation in a zone's market, checked when it joined or renewed.
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
pub struct Participant<T: Config> {
	/// The DID whose participant credential for the zone was checked.
	pub did: DidOf<T>,
	pub zone: ZoneId,
	/// The renewable source of the DID's generator credential, if it held one.
	pub source: Option<EnergySource>,
	/// Whether, as a generator, it keeps its deliveries' attributes (generation certificates,
	/// which may back carbon credits) instead of passing them to its buyers.
	pub keeps_attributes: bool,
	/// When the participation lapses (ms since the Unix epoch) unless renewed.
	pub until_ms: u64,
	/// Held for the record.
	pub deposit: BalanceOf<T>,
}

/// The number of [`EnergySource`]s.
pub const SOURCES: u32 = 5;

/// Renewable energy a buyer consumed in one zone and slot, by source, each Wh claimable once.
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
pub struct Certificate<T: Config> {
	pub owner: T::AccountId,
	pub kind: CertificateKind,
	pub zone: ZoneId,
	pub slot: SlotIndex,
	/// Unclaimed Wh by source.
	pub energy: BoundedVec<(EnergySource, u64), ConstU32<{ SOURCES }>>,
	/// Held from the owner for the certificate's storage (the order's deposit, carried over).
	pub deposit: BalanceOf<T>,
}

/// A meter's operating envelope in a zone: the most it may buy (import) or sell (export) per
/// slot.
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
pub struct Envelope<T: Config> {
	pub import_wh: u64,
	pub export_wh: u64,
	/// The operator that set it, and holds its deposit.
	pub depositor: T::AccountId,
	pub deposit: BalanceOf<T>,
}

/// A book as clients see it (runtime API).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct BookView<Balance> {
	/// Buy volume by limit price, ascending.
	pub bids: alloc::vec::Vec<PriceLevel<Balance>>,
	/// Sell volume by limit price, ascending.
	pub asks: alloc::vec::Vec<PriceLevel<Balance>>,
	pub orders: u32,
	/// Whether the book was cleared, and if so at what price and volumes (`None`: no trade).
	pub cleared: Option<Option<Clearing<Balance>>>,
}

/// An order as its owner sees it (runtime API).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct OrderView<Balance> {
	pub id: OrderId,
	pub zone: ZoneId,
	pub slot: SlotIndex,
	pub side: Side,
	pub meter: PublicKey,
	pub quantity_wh: u64,
	pub limit_price: Balance,
	/// Collateral still held.
	pub held: Balance,
	/// Its fill once its book is cleared.
	pub fill_wh: Option<u64>,
	/// A seller's delivery once measured.
	pub delivered_wh: Option<u64>,
}

/// A certificate as its owner sees it (runtime API).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct CertificateView {
	pub id: polis_primitives::CertificateId,
	pub kind: CertificateKind,
	pub zone: ZoneId,
	pub slot: SlotIndex,
	/// Unclaimed Wh by source.
	pub energy: alloc::vec::Vec<(EnergySource, u64)>,
}
