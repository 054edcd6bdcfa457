//! Placing orders: alone (`place_order`, `place_order_by_device`) or as a meter's schedule
//! (`place_orders`), each entered into its book the same way.

use super::*;
use frame_support::storage::with_storage_layer;
use sp_runtime::traits::CheckedAdd;

/// What a participant's orders on one meter in one zone are checked against, read once for a
/// whole schedule.
pub(crate) struct OrderContext<T: Config> {
	who: T::AccountId,
	zone: ZoneId,
	meter: PublicKey,
	grid_fee: BalanceOf<T>,
	rules: MarketRules<T>,
	participant: Participant<T>,
	/// The meter's operating envelope in the zone: the most it imports and exports per slot.
	envelope: Option<(u64, u64)>,
	now: u64,
}

/// What the orders entered so far hold from their owner.
#[derive(Default)]
struct Holds<Balance> {
	collateral: Balance,
	deposits: Balance,
}

impl<T: Config> Pallet<T> {
	/// Places one order of `who`, failing on any error.
	pub(crate) fn place_one(
		who: T::AccountId,
		zone: ZoneId,
		meter: PublicKey,
		line: OrderLine<BalanceOf<T>>,
	) -> DispatchResult {
		let context = Self::order_context(who, zone, meter)?;
		Self::check_order_line(&context, &line)?;
		let mut holds = Holds::default();
		Self::enter_order(&context, &line, &mut holds)?;
		Self::hold_for_orders(&context.who, holds)
	}

	/// Places a schedule of orders of `who` on one meter. Every line's terms must be valid;
	/// a line the market's state refuses (its gate closed, the meter busy in its slot, its book
	/// full, ...) is skipped with `OrderSkipped`, so that no one can fail the whole schedule by
	/// filling one book first.
	pub(crate) fn place_schedule(
		who: T::AccountId,
		zone: ZoneId,
		meter: PublicKey,
		lines: BoundedVec<OrderLine<BalanceOf<T>>, T::MaxOrdersPerCall>,
	) -> DispatchResult {
		ensure!(!lines.is_empty(), Error::<T>::InvalidBatch);
		let context = Self::order_context(who, zone, meter)?;
		for line in &lines {
			Self::check_order_line(&context, line)?;
		}
		let mut holds = Holds::default();
		for (index, line) in lines.iter().enumerate() {
			let entered = with_storage_layer(|| Self::enter_order(&context, line, &mut holds));
			if let Err(error) = entered {
				Self::deposit_event(Event::OrderSkipped {
					index: index as u32,
					slot: line.slot,
					error,
				});
			}
		}
		Self::hold_for_orders(&context.who, holds)
	}

	/// Reads what `who`'s orders on `meter` in `zone` need, checking that `who` trades in the
	/// zone and `meter` is an electricity meter of its DID.
	fn order_context(
		who: T::AccountId,
		zone: ZoneId,
		meter: PublicKey,
	) -> Result<OrderContext<T>, DispatchError> {
		let spec = Zones::<T>::get(zone).ok_or(Error::<T>::UnknownZone)?;
		let rules = Rules::<T>::get().ok_or(Error::<T>::NoRules)?;
		let now = Self::now_ms();
		let participant = Participants::<T>::get(&who)
			.filter(|participant| participant.zone == zone)
			.ok_or(Error::<T>::NotAParticipant)?;
		ensure!(now < participant.until_ms, Error::<T>::ParticipationLapsed);
		ensure!(
			T::Credentials::did_of(&who).is_some_and(|did| did == participant.did),
			Error::<T>::NotAParticipant
		);
		let device = T::Devices::active_device(&meter).ok_or(Error::<T>::NotYourMeter)?;
		ensure!(
			device.owner == participant.did && device.kind == DeviceKind::ElectricityMeter,
			Error::<T>::NotYourMeter
		);
		let envelope = Envelopes::<T>::get(zone, meter)
			.map(|envelope| (envelope.import_wh, envelope.export_wh));
		Ok(OrderContext {
			who,
			zone,
			meter,
			grid_fee: spec.grid_fee,
			rules,
			participant,
			envelope,
			now,
		})
	}

	/// Checks an order's own terms: its quantity, limit price and slot.
	fn check_order_line(
		context: &OrderContext<T>,
		line: &OrderLine<BalanceOf<T>>,
	) -> DispatchResult {
		ensure!(
			line.quantity_wh > 0 && line.quantity_wh <= T::MaxOrderWh::get(),
			Error::<T>::InvalidQuantity
		);
		ensure!(
			!line.limit_price.is_zero()
				&& line.limit_price <= context.rules.price_cap
				&& (line.limit_price % T::PriceTick::get()).is_zero(),
			Error::<T>::InvalidPrice
		);
		ensure!(
			line.slot <= Self::slot_at(context.now).saturating_add(T::MaxSlotsAhead::get()),
			Error::<T>::SlotTooFarAhead
		);
		Ok(())
	}

	/// Enters an order into its book and adds what it holds to `holds`; on an error it may
	/// have written storage, which the caller's transaction layer undoes.
	fn enter_order(
		context: &OrderContext<T>,
		line: &OrderLine<BalanceOf<T>>,
		holds: &mut Holds<BalanceOf<T>>,
	) -> DispatchResult {
		let OrderContext { who, zone, meter, grid_fee, rules, participant, envelope, now } =
			context;
		let (zone, meter, grid_fee) = (*zone, *meter, *grid_fee);
		let OrderLine { slot, side, quantity_wh, limit_price } = *line;
		ensure!(slot > Self::last_closed_slot(*now, rules), Error::<T>::GateClosed);
		ensure!(!MeterOrders::<T>::contains_key(slot, meter), Error::<T>::MeterBusy);
		if let Some((import_wh, export_wh)) = envelope {
			let limit = match side {
				Side::Buy => import_wh,
				Side::Sell => export_wh,
			};
			ensure!(quantity_wh <= *limit, Error::<T>::ExceedsEnvelope);
		}
		let open = OpenOrders::<T>::get(who);
		ensure!(open < T::MaxOrdersPerAccount::get(), Error::<T>::TooManyOrders);

		let mut book = Books::<T>::get(zone, slot).unwrap_or_default();
		ensure!(book.state == BookState::Open, Error::<T>::GateClosed);
		ensure!(book.orders < T::MaxOrdersPerBook::get(), Error::<T>::BookFull);
		let levels = match side {
			Side::Buy => &mut book.bids,
			Side::Sell => &mut book.asks,
		};
		Self::add_volume(levels, limit_price, quantity_wh)?;
		let new_book = book.orders == 0;
		book.orders += 1;

		let (source, keeps_attributes) = match side {
			Side::Sell => (participant.source, participant.keeps_attributes),
			Side::Buy => (None, false),
		};
		let imbalance_price = rules.imbalance_price;
		let held = match side {
			Side::Buy => Self::cost_ceil(quantity_wh, imbalance_price.saturating_add(grid_fee))?,
			Side::Sell => Self::cost_ceil(quantity_wh, imbalance_price)?,
		};
		let deposit = T::Deposit::get();
		let collateral = holds.collateral.checked_add(&held).ok_or(ArithmeticError::Overflow)?;
		let deposits = holds.deposits.checked_add(&deposit).ok_or(ArithmeticError::Overflow)?;

		if new_book {
			BooksToClear::<T>::try_mutate(slot, |zones| zones.try_push(zone))
				.map_err(|_| Error::<T>::TooManyZones)?;
			SlotsToClear::<T>::try_mutate(|slots| match slots.binary_search(&slot) {
				Ok(_) => Ok(()),
				Err(index) => slots.try_insert(index, slot),
			})
			.map_err(|_| Error::<T>::TooManyPendingSlots)?;
			Self::count_zone_book(zone, true);
		}
		let id = NextOrderId::<T>::get();
		NextOrderId::<T>::put(id.checked_add(1).ok_or(ArithmeticError::Overflow)?);
		BookOrders::<T>::insert((zone, slot, side, id), ());
		MeterOrders::<T>::insert(slot, meter, id);
		OpenOrders::<T>::insert(who, open + 1);
		AccountOrders::<T>::insert(who, id, ());
		Books::<T>::insert(zone, slot, book);
		Orders::<T>::insert(
			id,
			Order {
				owner: who.clone(),
				did: participant.did.clone(),
				zone,
				slot,
				side,
				meter,
				quantity_wh,
				limit_price,
				imbalance_price,
				grid_fee,
				held,
				deposit,
				source,
				keeps_attributes,
				delivered_wh: None,
			},
		);
		*holds = Holds { collateral, deposits };
		Self::deposit_event(Event::OrderPlaced {
			order: id,
			owner: who.clone(),
			zone,
			slot,
			side,
			quantity_wh,
			limit_price,
			held,
		});
		Ok(())
	}

	/// Holds what the orders entered commit, all at once.
	fn hold_for_orders(who: &T::AccountId, holds: Holds<BalanceOf<T>>) -> DispatchResult {
		if !holds.collateral.is_zero() {
			T::Currency::hold(&HoldReason::Collateral.into(), who, holds.collateral)?;
		}
		if !holds.deposits.is_zero() {
			T::Currency::hold(&HoldReason::Deposit.into(), who, holds.deposits)?;
		}
		Ok(())
	}
}
