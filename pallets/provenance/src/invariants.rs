//! The registry's invariants, checked by `try_state` and the tests.

use alloc::{collections::BTreeMap, collections::BTreeSet, vec::Vec};
use frame_support::traits::fungible::InspectHold;
use sp_runtime::{traits::Saturating, TryRuntimeError};

use crate::*;

impl<T: Config> Pallet<T> {
	/// Quantities are conserved through transformations and handouts, custody is consistent
	/// (packing, shipments, the lot graph), recalls are closed, aid programmes' counts add up,
	/// and every deposit is held.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		Self::check_quantities()?;
		Self::check_custody()?;
		Self::check_recalls()?;
		Self::check_programmes()?;
		Self::check_deposits()
	}

	/// What each lot was made with is what is left of it plus what transformations took and
	/// what was handed out of it; only a lot with nothing left is consumed.
	fn check_quantities() -> Result<(), TryRuntimeError> {
		let mut taken = BTreeMap::<LotId, u64>::new();
		let mut take = |lot: LotId, quantity: u64| {
			let total = taken.entry(lot).or_default();
			*total = total.saturating_add(quantity);
		};
		for (_, event) in Events::<T>::iter() {
			match event.kind {
				EventKind::Transformation { inputs, .. } => {
					inputs.into_iter().for_each(|(lot, quantity)| take(lot, quantity))
				},
				EventKind::Handout { lot, quantity, .. } => take(lot, quantity),
				_ => {},
			}
		}
		for (id, lot) in Lots::<T>::iter() {
			let used = taken.get(&id).copied().unwrap_or_default();
			ensure!(
				lot.remaining.checked_add(used) == Some(lot.produced),
				"a lot's quantity is not what it was made with less what transformations and handouts took"
			);
			ensure!(
				(lot.status == LotStatus::Consumed) == (lot.remaining == 0),
				"a lot is consumed exactly when nothing is left of it"
			);
			ensure!(
				LotCodes::<T>::get(lot.class, &lot.code) == Some(id),
				"a lot is not found by its code"
			);
		}
		Ok(())
	}

	/// Parents and children name each other; a packed lot and its container name each other,
	/// containers are not nested and packed lots are not in transit; a shipment's sender has
	/// the lot in hand; a lot watched in storage is at hand (or recalled) and checked no
	/// further than now.
	fn check_custody() -> Result<(), TryRuntimeError> {
		for (id, lot) in Lots::<T>::iter() {
			for parent in lot.parents.iter() {
				let parent = Lots::<T>::get(parent).ok_or("a lot's parent is missing")?;
				ensure!(parent.children.contains(&id), "a parent does not name its child");
			}
			for child in lot.children.iter() {
				let child = Lots::<T>::get(child).ok_or("a lot's child is missing")?;
				ensure!(child.parents.contains(&id), "a child does not name its parent");
			}
			if let Some(container) = lot.container {
				let holder = Lots::<T>::get(container).ok_or("a lot's container is missing")?;
				ensure!(holder.contents.contains(&id), "a container does not hold its lot");
				ensure!(holder.container.is_none(), "containers are nested");
				ensure!(lot.contents.is_empty(), "a packed lot holds lots");
				ensure!(!Shipments::<T>::contains_key(id), "a packed lot is in transit");
			}
			for packed in lot.contents.iter() {
				let packed = Lots::<T>::get(packed).ok_or("a container's lot is missing")?;
				ensure!(packed.container == Some(id), "a lot is not in the container holding it");
			}
		}
		for (id, shipment) in Shipments::<T>::iter() {
			let lot = Lots::<T>::get(id).ok_or("a shipment's lot is missing")?;
			ensure!(lot.custodian == shipment.sender, "a lot in transit left its sender's hands");
		}
		let current = Self::interval_of(Self::now());
		for (id, stay) in Stays::<T>::iter() {
			let lot = Lots::<T>::get(id).ok_or("a stay's lot is missing")?;
			ensure!(
				matches!(lot.status, LotStatus::Active | LotStatus::Recalled),
				"a lot used up or destroyed is still watched"
			);
			ensure!(lot.container.is_none(), "a packed lot is watched apart from its container");
			ensure!(!Shipments::<T>::contains_key(id), "a lot in transit is watched in storage");
			ensure!(stay.unchecked_from <= current, "a stay is checked beyond now");
		}
		Ok(())
	}

	/// A recall's queue holds exactly its positions `head .. tail`; a lot a recall reached
	/// has its container reached, and its children too unless it is still queued.
	fn check_recalls() -> Result<(), TryRuntimeError> {
		let mut queued = BTreeSet::<LotId>::new();
		for (id, recall) in Recalls::<T>::iter() {
			ensure!(recall.head <= recall.tail, "a recall's queue ends before it starts");
			let positions: Vec<u32> = RecallQueue::<T>::iter_prefix(id).map(|(at, _)| at).collect();
			ensure!(
				positions.len() as u32 == recall.tail - recall.head
					&& positions.iter().all(|at| (recall.head..recall.tail).contains(at)),
				"a recall's queue is not its positions head .. tail"
			);
			queued.extend(RecallQueue::<T>::iter_prefix_values(id));
		}
		let reached = |lot: &LotId| Lots::<T>::get(lot).is_some_and(|lot| lot.recall.is_some());
		for (id, lot) in Lots::<T>::iter() {
			let Some(recall) = lot.recall else { continue };
			ensure!(Recalls::<T>::contains_key(recall), "a lot names an unknown recall");
			ensure!(
				lot.container.iter().all(reached),
				"a recall reached a lot but not its container"
			);
			ensure!(
				queued.contains(&id) || lot.children.iter().all(reached),
				"a recall reached a lot, and left it, without reaching its children"
			);
		}
		Ok(())
	}

	/// Each programme's total is the sum of its distribution points' and of its handout
	/// events, one ration each, and it holds one claim per handout (counting those pruned).
	fn check_programmes() -> Result<(), TryRuntimeError> {
		let mut from_events = BTreeMap::<ProgrammeId, Handouts>::new();
		for (_, event) in Events::<T>::iter() {
			if let EventKind::Handout { programme, quantity, .. } = event.kind {
				let total = from_events.entry(programme).or_default();
				total.count.saturating_inc();
				total.quantity.saturating_accrue(quantity);
			}
		}
		let mut claims = BTreeMap::<ProgrammeId, u32>::new();
		for ((programme, _), _, ()) in Claims::<T>::iter() {
			claims.entry(programme).or_default().saturating_inc();
		}
		for (id, programme) in Programmes::<T>::iter() {
			let mut at_points = Handouts::default();
			for total in PointHandouts::<T>::iter_prefix_values(id) {
				at_points.count.saturating_accrue(total.count);
				at_points.quantity.saturating_accrue(total.quantity);
			}
			let total = programme.handed_out;
			ensure!(at_points == total, "a programme's total is not the sum of its points'");
			ensure!(
				from_events.remove(&id).unwrap_or_default() == total,
				"a programme's total is not the sum of its handout events"
			);
			ensure!(
				total.quantity == programme.ration.saturating_mul(total.count.into()),
				"a programme handed out other than one ration a handout"
			);
			ensure!(
				claims.remove(&id).unwrap_or_default().saturating_add(programme.claims_pruned)
					== total.count,
				"a programme holds other than one claim per handout"
			);
		}
		ensure!(
			from_events.is_empty() && claims.is_empty(),
			"a handout or a claim names an unknown programme"
		);
		Ok(())
	}

	/// Each depositor has exactly its records' deposits on hold.
	fn check_deposits() -> Result<(), TryRuntimeError> {
		let mut held = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		let mut add = |who: T::AccountId, amount: BalanceOf<T>| {
			let total = held.entry(who).or_default();
			*total = total.saturating_add(amount);
		};
		Locations::<T>::iter_values().for_each(|record| add(record.depositor, record.deposit));
		Classes::<T>::iter_values().for_each(|record| add(record.depositor, record.deposit));
		Lots::<T>::iter_values().for_each(|record| add(record.depositor, record.deposit));
		Events::<T>::iter_values().for_each(|record| add(record.depositor, record.deposit));
		Programmes::<T>::iter_values().for_each(|record| add(record.depositor, record.deposit));
		EventAnchors::<T>::iter_values().for_each(|record| add(record.depositor, record.deposit));
		for (who, amount) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Deposit.into(), &who) == amount,
				"a depositor's hold is not the sum of its records' deposits"
			);
		}
		Ok(())
	}
}
