//! Settlement of cleared books against the meters' interval summaries (see the crate
//! documentation for the rules), and the pallet's invariants.

use super::*;
use frame_support::{
	traits::{
		tokens::{Fortitude, Preservation, Restriction},
		ConstU32,
	},
	weights::Weight,
	BoundedVec,
};
use sp_runtime::traits::{UniqueSaturatedInto, Zero};

/// What one `settle_book` call did.
pub(crate) struct Settled {
	/// The weight used, by the stages' benchmarks.
	pub weight: Weight,
	/// Whether the book is settled to the end (or was already).
	pub finished: bool,
}

impl<T: Config> Pallet<T> {
	/// Settles orders of a cleared book, stage after stage, as many as `max_orders` and
	/// `budget` allow, then the book once none is left. A book already settled leaves nothing
	/// to do.
	pub(crate) fn settle_book(
		zone: ZoneId,
		slot: SlotIndex,
		max_orders: u32,
		budget: Weight,
	) -> Result<Settled, DispatchError> {
		let rules = Rules::<T>::get().ok_or(Error::<T>::NoRules)?;
		let opens =
			Self::slot_start(slot.saturating_add(1)).saturating_add(rules.settlement_delay_ms);
		let due = Self::now_ms() >= opens;
		let Some(book) = Books::<T>::get(zone, slot) else {
			ensure!(due, Error::<T>::UnknownBook);
			let weight = T::DbWeight::get().reads(3);
			return Ok(Settled { weight, finished: true });
		};
		let BookState::Cleared(clearing) = book.state else {
			return Err(Error::<T>::NotCleared.into());
		};
		ensure!(due, Error::<T>::TooEarlyToSettle);

		let mut progress = Settlements::<T>::get(zone, slot).unwrap_or_default();
		let mut used = Weight::zero();
		let mut settled = 0;
		let mut removed = 0;
		let mut finished = false;
		loop {
			let stage = progress.stage;
			let base = Self::stage_weight(stage, 0);
			let per_order = Self::stage_weight(stage, 1).saturating_sub(base);
			// Not even the stage's fixed part fits: the budget is spent.
			let Some(room) = budget.checked_sub(&used.saturating_add(base)) else { break };
			let affordable = room.checked_div_per_component(&per_order).unwrap_or(u64::MAX);
			let take = affordable.min((max_orders - settled).into()) as u32;
			if take == 0 {
				break;
			}
			// One more than the batch, to tell whether the stage ends with it.
			let mut ids: Vec<OrderId> = match (stage, progress.measured_up_to) {
				(Stage::Delivery, Some(last)) => BookOrders::<T>::iter_key_prefix_from(
					(zone, slot, Side::Sell),
					BookOrders::<T>::hashed_key_for((zone, slot, Side::Sell, last)),
				)
				.take(take as usize + 1)
				.collect(),
				(Stage::Payment, _) => BookOrders::<T>::iter_key_prefix((zone, slot, Side::Buy))
					.take(take as usize + 1)
					.collect(),
				_ => BookOrders::<T>::iter_key_prefix((zone, slot, Side::Sell))
					.take(take as usize + 1)
					.collect(),
			};
			let stage_ends = ids.len() <= take as usize;
			ids.truncate(take as usize);
			let count = ids.len() as u32;
			used.saturating_accrue(Self::stage_weight(stage, count));
			for id in ids {
				match stage {
					Stage::Delivery => {
						if let Some(order) = Orders::<T>::get(id) {
							Self::measure_delivery(id, order, clearing.as_ref(), &mut progress);
						}
						progress.measured_up_to = Some(id);
					},
					Stage::Payment => {
						BookOrders::<T>::remove((zone, slot, Side::Buy, id));
						if let Some(order) = Orders::<T>::get(id) {
							Self::settle_buyer(id, order, clearing.as_ref(), &mut progress);
						}
						removed += 1;
					},
					Stage::Payout => {
						BookOrders::<T>::remove((zone, slot, Side::Sell, id));
						if let Some(order) = Orders::<T>::get(id) {
							Self::pay_seller(id, order, clearing.as_ref(), &mut progress);
						}
						removed += 1;
					},
				}
			}
			settled += count;
			if !stage_ends {
				break;
			}
			match stage {
				Stage::Delivery => progress.stage = Stage::Payment,
				Stage::Payment => progress.stage = Stage::Payout,
				Stage::Payout => {
					finished = true;
					break;
				},
			}
		}
		if finished {
			Self::close_book(zone, slot, progress);
		} else if !used.is_zero() {
			Settlements::<T>::insert(zone, slot, progress);
			Books::<T>::insert(
				zone,
				slot,
				Book {
					orders: book.orders.saturating_sub(removed),
					state: BookState::Cleared(clearing),
					..book
				},
			);
		}
		Ok(Settled { weight: used, finished })
	}

	/// Settles the books awaiting settlement, oldest first, with the block's spare weight.
	pub(crate) fn settle_in_idle_time(remaining: Weight) -> Weight {
		let mut used = T::DbWeight::get().reads(1);
		let mut queue = AwaitingSettlement::<T>::get();
		let mut changed = false;
		while let Some((zone, slot)) = queue.first().copied() {
			let budget = remaining.saturating_sub(used);
			match Self::settle_book(zone, slot, u32::MAX, budget) {
				Ok(settled) => {
					used.saturating_accrue(settled.weight);
					if !settled.finished {
						if settled.weight.is_zero() {
							break;
						}
						// A stage ended or its batch filled: go on while the block has room.
						continue;
					}
				},
				// Not yet due: neither is any book cleared after it.
				Err(error) if error == Error::<T>::TooEarlyToSettle.into() => break,
				Err(_) => used.saturating_accrue(T::DbWeight::get().reads(3)),
			}
			queue.remove(0);
			changed = true;
		}
		if changed {
			AwaitingSettlement::<T>::put(queue);
			used.saturating_accrue(T::DbWeight::get().writes(1));
		}
		used
	}

	/// An order's fill under `clearing`: its class's fraction of its quantity, and of that the
	/// part traded with other participants.
	pub fn fill_of(order: &Order<T>, clearing: Option<&Clearing<BalanceOf<T>>>) -> u64 {
		let Some(clearing) = clearing else { return 0 };
		let (fill, better, at) = match order.side {
			Side::Buy => (
				&clearing.buy,
				order.limit_price > clearing.price,
				order.limit_price == clearing.price,
			),
			Side::Sell => (
				&clearing.sell,
				order.limit_price < clearing.price,
				order.limit_price == clearing.price,
			),
		};
		let fraction = if better {
			fill.inside
		} else if at {
			fill.marginal
		} else {
			return 0;
		};
		fill.local.mul_floor(fraction.mul_floor(order.quantity_wh))
	}

	/// The energy of `metric` the order's meter measured in its slot; nothing if the meter is
	/// no longer a device of the order's DID.
	fn measured(order: &Order<T>, metric: MetricId) -> u64 {
		let still_ours =
			T::Devices::active_device(&order.meter).is_some_and(|device| device.owner == order.did);
		if !still_ours {
			return 0;
		}
		T::Meters::interval(&order.meter, metric, order.slot)
			.map(|summary| summary.sum.clamp(0, u64::MAX.into()).unique_saturated_into())
			.unwrap_or(0)
	}

	/// Moves up to `amount` of `who`'s collateral into the pot; returns what moved.
	fn collect(who: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
		if amount.is_zero() {
			return Zero::zero();
		}
		T::Currency::transfer_on_hold(
			&HoldReason::Collateral.into(),
			who,
			&Self::pot_account(),
			amount,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Polite,
		)
		.unwrap_or_else(|error| {
			log::error!(target: LOG_TARGET, "collecting {amount:?} from {who:?}: {error:?}");
			Zero::zero()
		})
	}

	/// Stage 1: a seller's delivery and the penalty for its shortfall.
	fn measure_delivery(
		id: OrderId,
		mut order: Order<T>,
		clearing: Option<&Clearing<BalanceOf<T>>>,
		progress: &mut SettlementProgress<T>,
	) {
		let fill_wh = Self::fill_of(&order, clearing);
		let delivered_wh = if fill_wh > 0 {
			fill_wh.min(Self::measured(&order, T::ExportMetric::get()))
		} else {
			0
		};
		let owed = Self::cost_floor(fill_wh - delivered_wh, order.imbalance_price).min(order.held);
		let penalty = Self::collect(&order.owner, owed);
		progress.pot.saturating_accrue(penalty);
		order.held.saturating_reduce(penalty);
		// A generator that keeps its attributes is certified at payout, not through its buyers.
		if let (Some(source), false) = (order.source, order.keeps_attributes) {
			if delivered_wh > 0 {
				Self::add_renewable(progress, source, delivered_wh);
			}
		}
		order.delivered_wh = Some(delivered_wh);
		Orders::<T>::insert(id, order);
		Self::deposit_event(Event::DeliveryMeasured { order: id, fill_wh, delivered_wh, penalty });
	}

	fn add_renewable(progress: &mut SettlementProgress<T>, source: EnergySource, wh: u64) {
		match progress.renewable_wh.iter_mut().find(|(of, _)| *of == source) {
			Some(entry) => entry.1 = entry.1.saturating_add(wh),
			// One entry per source: never full.
			None => {
				let _ = progress.renewable_wh.try_push((source, wh));
			},
		}
	}

	/// Stage 2: a buyer pays into the pot and receives its certificate.
	fn settle_buyer(
		id: OrderId,
		mut order: Order<T>,
		clearing: Option<&Clearing<BalanceOf<T>>>,
		progress: &mut SettlementProgress<T>,
	) {
		let fill_wh = Self::fill_of(&order, clearing);
		let taken_wh = if fill_wh > 0 {
			fill_wh.min(Self::measured(&order, T::ImportMetric::get()))
		} else {
			0
		};
		let price = clearing.map(|clearing| clearing.price).unwrap_or_default();
		let energy = Self::cost_floor(taken_wh, price)
			.saturating_add(Self::cost_floor(fill_wh - taken_wh, order.imbalance_price));
		let paid = Self::collect(&order.owner, energy.min(order.held));
		order.held.saturating_reduce(paid);
		let grid_fee =
			Self::collect(&order.owner, Self::cost_floor(taken_wh, order.grid_fee).min(order.held));
		order.held.saturating_reduce(grid_fee);
		progress.pot.saturating_accrue(paid.saturating_add(grid_fee));
		Self::deposit_event(Event::BuyerSettled { order: id, fill_wh, taken_wh, paid, grid_fee });

		let local_volume = clearing.map(|clearing| clearing.local_volume_wh).unwrap_or(0);
		let energy = Self::certified_energy(progress, fill_wh, taken_wh, local_volume);
		Self::forget_order(id, &order);
		if energy.is_empty() {
			Self::release(HoldReason::Deposit, &order.owner, order.deposit);
		} else {
			Self::issue_certificate(
				&order.owner,
				CertificateKind::Consumption,
				order.zone,
				order.slot,
				energy,
				order.deposit,
			);
		}
	}

	/// A buyer's share of the book's renewable deliveries: `fill / local volume` of each
	/// source, at most `taken` in all.
	fn certified_energy(
		progress: &SettlementProgress<T>,
		fill_wh: u64,
		taken_wh: u64,
		local_volume_wh: u64,
	) -> BoundedVec<(EnergySource, u64), ConstU32<{ SOURCES }>> {
		let mut energy = BoundedVec::new();
		if local_volume_wh == 0 {
			return energy;
		}
		let mut left = taken_wh;
		for (source, delivered) in &progress.renewable_wh {
			let share = u128::from(*delivered) * u128::from(fill_wh) / u128::from(local_volume_wh);
			let wh = share.min(left.into()) as u64;
			if wh > 0 {
				left -= wh;
				// One entry per source: never full.
				let _ = energy.try_push((*source, wh));
			}
		}
		energy
	}

	/// Issues `owner` a certificate of `energy`, holding `deposit` (already held) for it.
	pub(crate) fn issue_certificate(
		owner: &T::AccountId,
		kind: CertificateKind,
		zone: ZoneId,
		slot: SlotIndex,
		energy: BoundedVec<(EnergySource, u64), ConstU32<{ SOURCES }>>,
		deposit: BalanceOf<T>,
	) -> CertificateId {
		let id = NextCertificateId::<T>::get();
		NextCertificateId::<T>::put(id.saturating_add(1));
		AccountCertificates::<T>::insert(owner, id, ());
		Certificates::<T>::insert(
			id,
			Certificate { owner: owner.clone(), kind, zone, slot, energy: energy.clone(), deposit },
		);
		Self::deposit_event(Event::CertificateIssued {
			certificate: id,
			kind,
			owner: owner.clone(),
			zone,
			slot,
			energy,
		});
		id
	}

	/// Stage 3: a seller is paid for its delivery out of the pot; a generator that keeps its
	/// attributes receives a certificate of its renewable delivery.
	fn pay_seller(
		id: OrderId,
		order: Order<T>,
		clearing: Option<&Clearing<BalanceOf<T>>>,
		progress: &mut SettlementProgress<T>,
	) {
		let price = clearing.map(|clearing| clearing.price).unwrap_or_default();
		let owed = Self::cost_floor(order.delivered_wh.unwrap_or(0), price).min(progress.pot);
		let paid = if owed.is_zero() {
			owed
		} else {
			match T::Currency::transfer(
				&Self::pot_account(),
				&order.owner,
				owed,
				Preservation::Preserve,
			) {
				Ok(paid) => paid,
				Err(error) => {
					log::error!(target: LOG_TARGET, "paying order {id}: {error:?}");
					Zero::zero()
				},
			}
		};
		progress.pot.saturating_reduce(paid);
		Self::forget_order(id, &order);
		Self::deposit_event(Event::SellerSettled { order: id, paid });
		let delivered_wh = order.delivered_wh.unwrap_or(0);
		match order.source {
			Some(source) if order.keeps_attributes && delivered_wh > 0 => {
				Self::issue_certificate(
					&order.owner,
					CertificateKind::Generation,
					order.zone,
					order.slot,
					BoundedVec::truncate_from(alloc::vec![(source, delivered_wh)]),
					order.deposit,
				);
			},
			_ => Self::release(HoldReason::Deposit, &order.owner, order.deposit),
		}
	}

	/// Pays the pot's remainder to the zone's operator and removes the book.
	fn close_book(zone: ZoneId, slot: SlotIndex, progress: SettlementProgress<T>) {
		let operator = Zones::<T>::get(zone).map(|spec| spec.operator);
		let to_operator = match operator {
			Some(operator) if !progress.pot.is_zero() => T::Currency::transfer(
				&Self::pot_account(),
				&operator,
				progress.pot,
				Preservation::Preserve,
			)
			.unwrap_or_else(|error| {
				// The amount stays in the pot account, above its books' pots.
				log::error!(target: LOG_TARGET, "paying book {zone}/{slot}'s operator: {error:?}");
				Zero::zero()
			}),
			_ => Zero::zero(),
		};
		Books::<T>::remove(zone, slot);
		Settlements::<T>::remove(zone, slot);
		Self::count_zone_book(zone, false);
		Self::deposit_event(Event::BookSettled { zone, slot, to_operator });
	}

	pub(crate) fn remove_certificate(id: CertificateId, record: &Certificate<T>) {
		Self::release(HoldReason::Deposit, &record.owner, record.deposit);
		Certificates::<T>::remove(id);
		AccountCertificates::<T>::remove(&record.owner, id);
		Self::deposit_event(Event::CertificateRemoved { certificate: id });
	}

	/// The pallet's invariants: what is held matches the records, books match their orders,
	/// cleared volumes balance, and the pot account covers the books' pots.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		let mut collateral = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		let mut deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		let mut open = BTreeMap::<T::AccountId, u32>::new();
		let mut book_orders = BTreeMap::<(ZoneId, SlotIndex), u32>::new();
		for (id, order) in Orders::<T>::iter() {
			collateral.entry(order.owner.clone()).or_default().saturating_accrue(order.held);
			deposits.entry(order.owner.clone()).or_default().saturating_accrue(order.deposit);
			*open.entry(order.owner.clone()).or_default() += 1;
			*book_orders.entry((order.zone, order.slot)).or_default() += 1;
			ensure!(
				MeterOrders::<T>::get(order.slot, order.meter) == Some(id),
				"an order is not its meter's order for the slot"
			);
			ensure!(
				BookOrders::<T>::contains_key((order.zone, order.slot, order.side, id)),
				"an order is not listed in its book"
			);
		}
		ensure!(
			BookOrders::<T>::iter_keys().count() == Orders::<T>::iter().count(),
			"a book lists an order that does not exist"
		);
		ensure!(
			MeterOrders::<T>::iter().count() == Orders::<T>::iter().count(),
			"a meter carries an order that does not exist"
		);
		ensure!(
			AccountOrders::<T>::iter().all(|(owner, id, _)| {
				Orders::<T>::get(id).is_some_and(|order| order.owner == owner)
			}) && AccountOrders::<T>::iter().count() == Orders::<T>::iter().count(),
			"an account's order index does not match its orders"
		);
		ensure!(
			AccountCertificates::<T>::iter().all(|(owner, id, _)| {
				Certificates::<T>::get(id).is_some_and(|certificate| certificate.owner == owner)
			}) && AccountCertificates::<T>::iter().count() == Certificates::<T>::iter().count(),
			"an account's certificate index does not match its certificates"
		);
		for (account, count) in OpenOrders::<T>::iter() {
			ensure!(open.get(&account) == Some(&count), "an account's order count is wrong");
		}
		ensure!(
			OpenOrders::<T>::iter().count() == open.len(),
			"an account's orders are not counted"
		);
		for (_, certificate) in Certificates::<T>::iter() {
			ensure!(
				!certificate.energy.is_empty() && certificate.energy.iter().all(|(_, wh)| *wh > 0),
				"a certificate holds no energy"
			);
			deposits.entry(certificate.owner).or_default().saturating_accrue(certificate.deposit);
		}
		for (account, participant) in Participants::<T>::iter() {
			deposits.entry(account).or_default().saturating_accrue(participant.deposit);
		}
		for (_, _, envelope) in Envelopes::<T>::iter() {
			deposits.entry(envelope.depositor).or_default().saturating_accrue(envelope.deposit);
		}
		for (reason, expected) in
			[(HoldReason::Collateral, &collateral), (HoldReason::Deposit, &deposits)]
		{
			for (account, amount) in expected {
				ensure!(
					T::Currency::balance_on_hold(&reason.into(), account) == *amount,
					"funds held do not match the records"
				);
			}
		}

		let mut books_per_zone = BTreeMap::<ZoneId, u32>::new();
		let mut pots = BalanceOf::<T>::zero();
		for (zone, slot, book) in Books::<T>::iter() {
			*books_per_zone.entry(zone).or_default() += 1;
			ensure!(
				book.orders == book_orders.get(&(zone, slot)).copied().unwrap_or(0),
				"a book's order count is wrong"
			);
			for levels in [&book.bids, &book.asks] {
				ensure!(
					levels.windows(2).all(|pair| pair[0].price < pair[1].price)
						&& levels.iter().all(|level| level.volume_wh > 0),
					"a book's price levels are not ascending and non-empty"
				);
			}
			match &book.state {
				BookState::Open => {
					ensure!(
						Orders::<T>::iter().all(|(_, order)| {
							(order.zone, order.slot) != (zone, slot) || order.delivered_wh.is_none()
						}),
						"an open book's order has a delivery"
					);
					ensure!(
						BooksToClear::<T>::get(slot).contains(&zone)
							&& SlotsToClear::<T>::get().contains(&slot),
						"an open book is not waiting for clearing"
					);
					let mut volumes = BTreeMap::<(bool, BalanceOf<T>), u64>::new();
					for (_, order) in Orders::<T>::iter()
						.filter(|(_, order)| order.zone == zone && order.slot == slot)
					{
						*volumes
							.entry((order.side == Side::Buy, order.limit_price))
							.or_default() += order.quantity_wh;
					}
					let listed =
						book.bids.iter().map(|level| ((true, level.price), level.volume_wh)).chain(
							book.asks.iter().map(|level| ((false, level.price), level.volume_wh)),
						);
					ensure!(
						listed.collect::<BTreeMap<_, _>>() == volumes,
						"an open book's levels do not add up its orders"
					);
				},
				BookState::Cleared(clearing) => {
					let progress = Settlements::<T>::get(zone, slot)
						.ok_or("a cleared book has no settlement record")?;
					pots.saturating_accrue(progress.pot);
					// Measuring walks the sell orders in key order, up to the cursor.
					let mut measured_ids = alloc::collections::BTreeSet::new();
					if let Some(last) = progress.measured_up_to {
						for id in BookOrders::<T>::iter_key_prefix((zone, slot, Side::Sell)) {
							measured_ids.insert(id);
							if id == last {
								break;
							}
						}
					}
					for (id, order) in Orders::<T>::iter()
						.filter(|(_, order)| order.zone == zone && order.slot == slot)
					{
						let measured = order.delivered_wh.is_some();
						let expected = match (order.side, progress.stage) {
							(Side::Buy, Stage::Payout) => {
								return Err("a buyer is left to pay after payments ended".into())
							},
							(Side::Buy, _) => false,
							(Side::Sell, Stage::Delivery) => measured_ids.contains(&id),
							(Side::Sell, _) => true,
						};
						ensure!(
							measured == expected,
							"a seller's delivery is measured out of turn"
						);
					}
					if let Some(clearing) = clearing {
						let parts = u128::from(clearing.local_volume_wh)
							+ u128::from(clearing.grid_import_wh)
							+ u128::from(clearing.grid_export_wh);
						ensure!(
							clearing.volume_wh > 0 && parts <= u128::from(clearing.volume_wh),
							"a clearing's volumes do not balance"
						);
					}
				},
			}
		}
		let slots = SlotsToClear::<T>::get();
		ensure!(slots.windows(2).all(|pair| pair[0] < pair[1]), "slots to clear are not ascending");
		for slot in slots.iter() {
			ensure!(!BooksToClear::<T>::get(slot).is_empty(), "a slot to clear has no books");
		}
		for (zone, books) in ZoneBooks::<T>::iter() {
			ensure!(books_per_zone.get(&zone) == Some(&books), "a zone's book count is wrong");
			ensure!(Zones::<T>::contains_key(zone), "a removed zone has books");
		}
		ensure!(
			ZoneBooks::<T>::iter().count() == books_per_zone.len(),
			"a zone's books are not counted"
		);
		ensure!(
			ZoneCount::<T>::get() as usize == Zones::<T>::iter().count(),
			"the zone count is wrong"
		);
		ensure!(
			T::Currency::balance(&Self::pot_account())
				>= pots.saturating_add(T::Currency::minimum_balance()),
			"the pot account does not cover the books' pots"
		);
		Ok(())
	}
}
