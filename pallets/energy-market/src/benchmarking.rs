//! Benchmarks of the energy market, each at its worst case: books with every price level
//! taken on both sides, participants whose generator credential is the last of
//! `MaxGeneratorSchemas` checked, sellers each short of their fill, buyers receiving a
//! certificate of every source, and books settled to the end.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, EnsureOrigin, Hooks},
	weights::Weight,
};
use frame_system::RawOrigin;
use sp_core::sr25519;
use sp_runtime::{traits::One, Perquintill};

const ZONE: ZoneId = 1;
const KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"benm");

fn fund<T: Config>(who: &T::AccountId) {
	let plenty = T::Currency::minimum_balance().saturating_mul(1_000_000_000u32.into());
	T::Currency::set_balance(who, plenty);
}

fn signed<T: Config>(who: &T::AccountId) -> RawOrigin<T::AccountId> {
	RawOrigin::Signed(who.clone())
}

fn meter(seed: u32) -> PublicKey {
	let mut bytes = [7u8; 32];
	bytes[..4].copy_from_slice(&seed.to_le_bytes());
	PublicKey::Sr25519(sr25519::Public::from_raw(bytes))
}

/// The slot the clock is in; benchmarks trade in `now_slot() + 2`.
fn now_slot() -> SlotIndex {
	2_000_000
}

fn trading_slot() -> SlotIndex {
	now_slot() + 2
}

fn tick<T: Config>(ticks: u32) -> BalanceOf<T> {
	T::PriceTick::get().saturating_mul(ticks.into())
}

/// Rules with the highest price cap, a zone run by a funded operator, the clock at the start
/// of `now_slot()`.
fn market<T: Config>() -> T::AccountId {
	let cap = tick::<T>(T::MaxPriceLevels::get());
	Rules::<T>::put(MarketRules {
		gate_closure_ms: 0,
		settlement_delay_ms: 0,
		price_cap: cap,
		imbalance_price: cap,
	});
	let operator: T::AccountId = account("operator", 0, 0);
	fund::<T>(&operator);
	let spec = zone::<T>(operator.clone());
	if !Zones::<T>::contains_key(ZONE) {
		ZoneCount::<T>::mutate(|count| *count += 1);
	}
	Zones::<T>::insert(ZONE, spec);
	T::BenchmarkHelper::set_time(Pallet::<T>::slot_start(now_slot()));
	let pot = Pallet::<T>::pot_account();
	fund::<T>(&pot);
	operator
}

fn zone<T: Config>(operator: T::AccountId) -> Zone<T> {
	Zone {
		operator,
		import_capacity_wh: 1_000_000,
		export_capacity_wh: 1_000_000,
		retail_price: tick::<T>(T::MaxPriceLevels::get() / 2 + 1),
		feed_in_tariff: tick::<T>(T::MaxPriceLevels::get() / 2),
		grid_fee: tick::<T>(1),
	}
}

/// `MaxGeneratorSchemas` generator schemas, each of its own schema id from 1_000.
fn generator_schemas<T: Config>() -> Vec<(SchemaId, EnergySource)> {
	let schemas: Vec<_> = (0..T::MaxGeneratorSchemas::get())
		.map(|index| (1_000 + index, sources()[index as usize % sources().len()]))
		.collect();
	T::BenchmarkHelper::set_generator_schemas(schemas.clone());
	schemas
}

/// An account whose DID holds the zone's participant credential and a meter; a generator of
/// the last of `MaxGeneratorSchemas` sources if `generator`. It has not joined yet.
fn eligible<T: Config>(seed: u32, generator: bool) -> (T::AccountId, PublicKey) {
	let meter = meter(seed);
	let did = T::Devices::register_for_benchmark(meter, DeviceKind::ElectricityMeter);
	let who = T::BenchmarkHelper::account_of(&did);
	fund::<T>(&who);
	T::Credentials::issue_for_benchmark(&who, T::ParticipantSchema::get(), Some(ZONE));
	if generator {
		if let Some((schema, _)) = generator_schemas::<T>().last() {
			T::Credentials::issue_for_benchmark(&who, *schema, None);
		}
	}
	(who, meter)
}

/// A participant of the zone with a meter of its DID (see [`eligible`]).
fn participant<T: Config>(seed: u32, generator: bool) -> (T::AccountId, PublicKey) {
	let (who, meter) = eligible::<T>(seed, generator);
	assert!(Pallet::<T>::join(signed::<T>(&who).into(), ZONE, false).is_ok());
	(who, meter)
}

/// Fills both sides of the trading slot's book with one order at every price level but the
/// lowest (as the book's order bound allows), from meters no one else uses.
fn full_book<T: Config>() {
	// Each order takes a level of its own, as far as the book's order bound allows.
	let levels = T::MaxPriceLevels::get().min(T::MaxOrdersPerBook::get() / 2);
	for level in 2..=levels {
		for side in [Side::Buy, Side::Sell] {
			let seed = 1_000_000 + level * 2 + (side == Side::Buy) as u32;
			insert_order::<T>(trader::<T>(seed), seed, side, 1_000, tick::<T>(level));
		}
	}
}

/// A funded account of its own for each seed.
fn trader<T: Config>(seed: u32) -> T::AccountId {
	let owner: T::AccountId = account("trader", seed, 0);
	fund::<T>(&owner);
	owner
}

/// An order of `owner` on meter `seed`, held for as `place_order` would hold it; the book is
/// updated while open.
fn insert_order<T: Config>(
	owner: T::AccountId,
	seed: u32,
	side: Side,
	quantity_wh: u64,
	limit_price: BalanceOf<T>,
) -> OrderId {
	let meter = meter(seed);
	let did = T::Devices::register_for_benchmark(meter, DeviceKind::ElectricityMeter);
	let rules = Rules::<T>::get().unwrap();
	let held =
		Pallet::<T>::cost_ceil(quantity_wh, rules.imbalance_price.saturating_add(tick::<T>(1)))
			.unwrap();
	let deposit = T::Deposit::get();
	T::Currency::hold(&HoldReason::Collateral.into(), &owner, held).unwrap();
	T::Currency::hold(&HoldReason::Deposit.into(), &owner, deposit).unwrap();
	let slot = trading_slot();
	let id = NextOrderId::<T>::get();
	NextOrderId::<T>::put(id + 1);
	let mut book = Books::<T>::get(ZONE, slot).unwrap_or_default();
	if book.state == BookState::Open {
		let levels = match side {
			Side::Buy => &mut book.bids,
			Side::Sell => &mut book.asks,
		};
		Pallet::<T>::add_volume(levels, limit_price, quantity_wh).unwrap();
	}
	if book.orders == 0 && book.state == BookState::Open {
		BooksToClear::<T>::mutate(slot, |zones| zones.try_push(ZONE).unwrap());
		SlotsToClear::<T>::mutate(|slots| {
			if !slots.contains(&slot) {
				slots.try_push(slot).unwrap();
			}
		});
		Pallet::<T>::count_zone_book(ZONE, true);
	}
	book.orders += 1;
	Books::<T>::insert(ZONE, slot, book);
	BookOrders::<T>::insert((ZONE, slot, side, id), ());
	MeterOrders::<T>::insert(slot, meter, id);
	OpenOrders::<T>::mutate(&owner, |open| *open += 1);
	AccountOrders::<T>::insert(&owner, id, ());
	Orders::<T>::insert(
		id,
		Order {
			owner,
			did,
			zone: ZONE,
			slot,
			side,
			meter,
			quantity_wh,
			limit_price,
			imbalance_price: rules.imbalance_price,
			grid_fee: tick::<T>(1),
			held,
			deposit,
			source: None,
			keeps_attributes: false,
			delivered_wh: None,
		},
	);
	id
}

/// Marks the trading slot's book cleared at the middle price, every order fully filled, with
/// the settlement delay passed and settlement at `stage`.
fn cleared_book<T: Config>(stage: Stage) {
	let slot = trading_slot();
	let mut book = Books::<T>::get(ZONE, slot).unwrap_or_default();
	book.state = BookState::Cleared(Some(Clearing {
		price: tick::<T>(1),
		volume_wh: 1_000_000,
		local_volume_wh: 1_000_000,
		grid_import_wh: 0,
		grid_export_wh: 0,
		buy: SideFill {
			inside: Perquintill::one(),
			marginal: Perquintill::one(),
			local: Perquintill::one(),
		},
		sell: SideFill {
			inside: Perquintill::one(),
			marginal: Perquintill::one(),
			local: Perquintill::one(),
		},
	}));
	Books::<T>::insert(ZONE, slot, book);
	BooksToClear::<T>::remove(slot);
	SlotsToClear::<T>::mutate(|slots| slots.retain(|pending| *pending != slot));
	Settlements::<T>::insert(ZONE, slot, SettlementProgress::<T> { stage, ..Default::default() });
	T::BenchmarkHelper::set_time(Pallet::<T>::slot_start(slot + 1));
}

fn sources() -> [EnergySource; SOURCES as usize] {
	[
		EnergySource::Solar,
		EnergySource::Wind,
		EnergySource::Hydro,
		EnergySource::Biomass,
		EnergySource::Geothermal,
	]
}

/// An operating envelope for `meter` that no order exceeds (so that orders read it).
fn unlimited_envelope<T: Config>(operator: T::AccountId, meter: PublicKey) {
	Envelopes::<T>::insert(
		ZONE,
		meter,
		Envelope {
			import_wh: u64::MAX,
			export_wh: u64::MAX,
			depositor: operator,
			deposit: Zero::zero(),
		},
	);
}

/// The market (see [`market`]) and a generator participant whose meter has an operating
/// envelope that no order exceeds.
fn generator_within_envelope<T: Config>() -> (T::AccountId, PublicKey) {
	let operator = market::<T>();
	let (seller, meter) = participant::<T>(1, true);
	unlimited_envelope::<T>(operator, meter);
	(seller, meter)
}

/// Sell orders of 1 kWh at the lowest price, one for each of `n` slots from `first` (the
/// first open slot, so that `MaxOrdersPerCall` slots are within `MaxSlotsAhead`).
fn schedule<T: Config>(
	first: SlotIndex,
	n: u32,
) -> BoundedVec<OrderLine<BalanceOf<T>>, T::MaxOrdersPerCall> {
	let lines = (first..first + n).map(|slot| OrderLine {
		slot,
		side: Side::Sell,
		quantity_wh: 1_000,
		limit_price: tick::<T>(1),
	});
	BoundedVec::truncate_from(lines.collect())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_zone() -> Result<(), BenchmarkError> {
		let origin =
			T::MarketOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let operator: T::AccountId = account("operator", 0, 0);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, ZONE, zone::<T>(operator));
		assert_eq!(ZoneCount::<T>::get(), 1);
		Ok(())
	}

	#[benchmark]
	fn remove_zone() -> Result<(), BenchmarkError> {
		market::<T>();
		let origin =
			T::MarketOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, ZONE);
		assert!(!Zones::<T>::contains_key(ZONE));
		Ok(())
	}

	#[benchmark]
	fn set_rules() -> Result<(), BenchmarkError> {
		let origin =
			T::MarketOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let cap = tick::<T>(T::MaxPriceLevels::get());
		let rules = MarketRules {
			gate_closure_ms: 1,
			settlement_delay_ms: 1,
			price_cap: cap,
			imbalance_price: cap,
		};
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, rules);
		assert!(Rules::<T>::get().is_some());
		Ok(())
	}

	#[benchmark]
	fn set_envelope() {
		let operator = market::<T>();
		#[extrinsic_call]
		_(signed::<T>(&operator), ZONE, meter(1), Some((1_000, 1_000)));
		assert!(Envelopes::<T>::contains_key(ZONE, meter(1)));
	}

	/// A generator's schedule of `n` sell orders on its meter (within its envelope), each
	/// opening its slot's book: every other zone has a book waiting for that slot, and the
	/// pending slots but these are later ones, so each slot goes in at the front.
	#[benchmark]
	fn place_orders_new_books(n: Linear<1, { T::MaxOrdersPerCall::get() }>) {
		let (seller, meter) = generator_within_envelope::<T>();
		let first = now_slot() + 1;
		let other_zones = (ZONE + 1..ZONE + T::MaxZones::get()).collect::<Vec<_>>();
		for slot in first..first + n {
			BooksToClear::<T>::insert(slot, BoundedVec::truncate_from(other_zones.clone()));
		}
		let later_slots = T::MaxPendingSlots::get().saturating_sub(n);
		let pending = (0..later_slots).map(|later| first + n + later).collect::<Vec<_>>();
		SlotsToClear::<T>::put(BoundedVec::truncate_from(pending));
		let lines = schedule::<T>(first, n);
		#[extrinsic_call]
		place_orders(signed::<T>(&seller), ZONE, meter, lines);
		assert_eq!(OpenOrders::<T>::get(&seller), n);
		assert_eq!(SlotsToClear::<T>::get().len() as u32, later_slots + n);
	}

	/// A generator's schedule of `n` sell orders on its meter (within its envelope), each
	/// entering a book with every price level taken on both sides but the lowest, at which it
	/// sells.
	#[benchmark]
	fn place_orders_full_books(n: Linear<1, { T::MaxOrdersPerCall::get() }>) {
		let (seller, meter) = generator_within_envelope::<T>();
		let first = now_slot() + 1;
		let mut book = Book::<T>::default();
		for level in 2..=T::MaxPriceLevels::get() {
			Pallet::<T>::add_volume(&mut book.bids, tick::<T>(level), 1_000).unwrap();
			Pallet::<T>::add_volume(&mut book.asks, tick::<T>(level), 1_000).unwrap();
		}
		book.orders = (2 * (T::MaxPriceLevels::get() - 1)).min(T::MaxOrdersPerBook::get() - 1);
		for slot in first..first + n {
			Books::<T>::insert(ZONE, slot, book.clone());
			BooksToClear::<T>::insert(slot, BoundedVec::truncate_from(alloc::vec![ZONE]));
		}
		SlotsToClear::<T>::put(BoundedVec::truncate_from((first..first + n).collect::<Vec<_>>()));
		let lines = schedule::<T>(first, n);
		#[extrinsic_call]
		place_orders(signed::<T>(&seller), ZONE, meter, lines);
		assert_eq!(OpenOrders::<T>::get(&seller), n);
	}

	/// An ecdsa device (the costliest scheme to verify) orders for its owner.
	#[benchmark]
	fn place_order_by_device() {
		let operator = market::<T>();
		full_book::<T>();
		let (_, meter) = participant::<T>(1, true);
		unlimited_envelope::<T>(operator, meter);
		let key = sp_io::crypto::ecdsa_generate(KEY_TYPE, Some(b"//battery".to_vec()));
		let device = PublicKey::Ecdsa(key);
		T::Devices::register_for_benchmark(device, DeviceKind::Other);
		let order = DeviceOrder {
			zone: ZONE,
			slot: trading_slot(),
			side: Side::Sell,
			meter,
			quantity_wh: 1_000,
			limit_price: tick::<T>(1),
			nonce: 0,
		};
		let message = Pallet::<T>::device_order_message(&device, &order);
		let signature = sp_io::crypto::ecdsa_sign(KEY_TYPE, &key, &message)
			.expect("the benchmark keystore holds the device key");
		let relayer: T::AccountId = account("relayer", 0, 0);
		fund::<T>(&relayer);
		#[extrinsic_call]
		_(signed::<T>(&relayer), device, order, signature.into());
		assert_eq!(DeviceOrderNonces::<T>::get(device), 1);
	}

	#[benchmark]
	fn cancel_order() {
		market::<T>();
		full_book::<T>();
		let (seller, meter) = participant::<T>(1, true);
		assert!(Pallet::<T>::place_order(
			signed::<T>(&seller).into(),
			ZONE,
			trading_slot(),
			Side::Sell,
			meter,
			1_000,
			tick::<T>(1)
		)
		.is_ok());
		let order = NextOrderId::<T>::get() - 1;
		#[extrinsic_call]
		_(signed::<T>(&seller), order);
		assert!(!Orders::<T>::contains_key(order));
	}

	/// `on_initialize` at a gate closure: `z` books with every price level taken.
	#[benchmark]
	fn clear_books(z: Linear<0, { T::MaxZones::get() }>) {
		let operator = market::<T>();
		let slot = trading_slot();
		for zone in 0..z {
			Zones::<T>::insert(ZONE + zone, super::zone::<T>(operator.clone()));
			let mut book = Book::<T>::default();
			for level in 1..=T::MaxPriceLevels::get() {
				Pallet::<T>::add_volume(&mut book.bids, tick::<T>(level), 1_000).unwrap();
				Pallet::<T>::add_volume(&mut book.asks, tick::<T>(level), 1_000).unwrap();
			}
			book.orders = 1;
			Books::<T>::insert(ZONE + zone, slot, book);
			BooksToClear::<T>::mutate(slot, |zones| zones.try_push(ZONE + zone).unwrap());
		}
		// Every other pending slot is later.
		let pending = (0..T::MaxPendingSlots::get()).map(|later| slot + later).collect::<Vec<_>>();
		SlotsToClear::<T>::put(BoundedVec::truncate_from(pending));
		T::BenchmarkHelper::set_time(Pallet::<T>::slot_start(slot));
		#[block]
		{
			Pallet::<T>::on_initialize(One::one());
		}
		assert!(!SlotsToClear::<T>::get().contains(&slot));
	}

	/// `n` sellers' deliveries measured, each of its own account, short of its fill (a
	/// penalty) and a generator; one more is left, so the stage goes on.
	#[benchmark]
	fn settle_deliveries(n: Linear<1, { T::MaxSettlementBatch::get() }>) {
		market::<T>();
		let slot = trading_slot();
		for seed in 1..=n + 1 {
			let id = insert_order::<T>(trader::<T>(seed), seed, Side::Sell, 1_000, tick::<T>(1));
			Orders::<T>::mutate(id, |order| {
				order.as_mut().unwrap().source = Some(EnergySource::Solar)
			});
			T::BenchmarkHelper::record_interval(&meter(seed), T::ExportMetric::get(), slot, 500);
		}
		cleared_book::<T>(Stage::Delivery);
		#[block]
		{
			assert!(Pallet::<T>::settle_book(ZONE, slot, n, Weight::MAX).is_ok());
		}
		let measured = Orders::<T>::iter().filter(|(_, order)| order.delivered_wh == Some(500));
		assert_eq!(measured.count(), n as usize);
	}

	/// `n` buyers settled, each short of its fill and receiving a certificate of every source;
	/// one more is left, so the stage goes on.
	#[benchmark]
	fn settle_payments(n: Linear<1, { T::MaxSettlementBatch::get() }>) {
		market::<T>();
		let slot = trading_slot();
		for seed in 1..=n + 1 {
			insert_order::<T>(trader::<T>(seed), seed, Side::Buy, 1_000, tick::<T>(1));
			T::BenchmarkHelper::record_interval(&meter(seed), T::ImportMetric::get(), slot, 900);
		}
		cleared_book::<T>(Stage::Payment);
		Settlements::<T>::mutate(ZONE, slot, |progress| {
			let progress = progress.as_mut().unwrap();
			for source in sources() {
				progress.renewable_wh.try_push((source, 200_000)).unwrap();
			}
		});
		#[block]
		{
			assert!(Pallet::<T>::settle_book(ZONE, slot, n, Weight::MAX).is_ok());
		}
		assert_eq!(Certificates::<T>::iter().count(), n as usize);
	}

	/// `n` sellers paid, each a generator keeping its attributes (a certificate), the last
	/// closing the book and paying its operator.
	#[benchmark]
	fn settle_payouts(n: Linear<1, { T::MaxSettlementBatch::get() }>) {
		market::<T>();
		let slot = trading_slot();
		for seed in 1..=n {
			let id = insert_order::<T>(trader::<T>(seed), seed, Side::Sell, 1_000, tick::<T>(1));
			Orders::<T>::mutate(id, |order| {
				let order = order.as_mut().unwrap();
				order.delivered_wh = Some(1_000);
				order.source = Some(EnergySource::Solar);
				order.keeps_attributes = true;
			});
		}
		cleared_book::<T>(Stage::Payout);
		Settlements::<T>::mutate(ZONE, slot, |progress| {
			progress.as_mut().unwrap().pot =
				T::Currency::minimum_balance().saturating_mul(1_000u32.into());
		});
		#[block]
		{
			assert!(Pallet::<T>::settle_book(ZONE, slot, n + 1, Weight::MAX).is_ok());
		}
		assert!(!Books::<T>::contains_key(ZONE, slot));
		assert_eq!(Certificates::<T>::iter().count(), n as usize);
	}

	#[benchmark]
	fn release_certificate() {
		let owner: T::AccountId = account("buyer", 0, 0);
		fund::<T>(&owner);
		let deposit = T::Deposit::get();
		T::Currency::hold(&HoldReason::Deposit.into(), &owner, deposit).unwrap();
		let energy =
			BoundedVec::truncate_from(sources().into_iter().map(|source| (source, 1)).collect());
		Certificates::<T>::insert(
			0,
			Certificate {
				owner: owner.clone(),
				kind: CertificateKind::Consumption,
				zone: ZONE,
				slot: trading_slot(),
				energy,
				deposit,
			},
		);
		AccountCertificates::<T>::insert(&owner, 0, ());
		#[extrinsic_call]
		_(signed::<T>(&owner), 0);
		assert!(!Certificates::<T>::contains_key(0));
	}

	/// A generator joins: its participant credential and every generator credential checked.
	#[benchmark]
	fn join() {
		market::<T>();
		let (who, _) = eligible::<T>(1, true);
		#[extrinsic_call]
		_(signed::<T>(&who), ZONE, true);
		assert!(
			Participants::<T>::get(&who).is_some_and(|participant| participant.source.is_some())
		);
	}

	#[benchmark]
	fn leave() {
		market::<T>();
		let (who, _) = participant::<T>(1, false);
		#[extrinsic_call]
		_(signed::<T>(&who));
		assert!(!Participants::<T>::contains_key(&who));
	}

	/// A generator whose generator credential was revoked: every check runs.
	#[benchmark]
	fn evict() {
		market::<T>();
		let (who, _) = participant::<T>(1, true);
		let (schema, _) = *generator_schemas::<T>().last().unwrap();
		T::Credentials::revoke_for_benchmark(&who, schema);
		let caller: T::AccountId = account("caller", 0, 0);
		#[extrinsic_call]
		_(signed::<T>(&caller), who.clone());
		assert!(!Participants::<T>::contains_key(&who));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
