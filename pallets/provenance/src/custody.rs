//! Custody handover and the cold chain: shipping, receiving, and checking a transit against
//! the lot's conditions.

use frame_support::{dispatch::DispatchResult, ensure, traits::Get};
use polis_primitives::{IntervalIndex, MeterReadings};
use sp_runtime::DispatchError;

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_ship(
		who: T::AccountId,
		did: DidOf<T>,
		lot: LotId,
		receiver: DidOf<T>,
		destination: Option<LocationId>,
		transaction: Option<BizTransaction<T>>,
		context: EventContext,
	) -> DispatchResult {
		let record = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
		Self::ensure_at_hand(lot, &record)?;
		ensure!(record.custodian == did, Error::<T>::NotCustodian);
		ensure!(receiver != did, Error::<T>::SelfShipment);
		if transaction.is_some() {
			ensure!(record.owner == did, Error::<T>::NotOwner);
		}
		if let Some(location) = destination {
			ensure!(Locations::<T>::contains_key(location), Error::<T>::UnknownLocation);
		}
		Self::check_context(&context)?;
		// The transit is checked from the block that records the shipment, not from the time
		// the sender claims: a back-dated shipment would leave its receiver intervals to check
		// back to whenever the sender chose.
		let now = Self::now();
		Shipments::<T>::insert(
			lot,
			Shipment {
				sender: did.clone(),
				receiver: receiver.clone(),
				destination,
				shipped_at: now,
				unchecked_from: Self::interval_of(now),
				transaction,
			},
		);
		Self::record(
			&who,
			did.clone(),
			EventKind::Object { action: Action::Observe, lots: Self::one(lot) },
			context,
			BizStep::Shipping,
			Disposition::InTransit,
			Evidence::new(),
		)?;
		Self::deposit_event(Event::Shipped { lot, sender: did, receiver });
		Ok(())
	}

	/// Returns how many intervals of the transit it checked.
	pub(crate) fn do_receive(
		who: T::AccountId,
		did: DidOf<T>,
		lot: LotId,
		accept: bool,
		context: EventContext,
	) -> Result<u32, DispatchError> {
		let shipment = Shipments::<T>::get(lot).ok_or(Error::<T>::NotInTransit)?;
		ensure!(shipment.receiver == did, Error::<T>::NotReceiver);
		Self::check_context(&context)?;
		let mut record = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
		let (checked, evidence) = Self::check_rest_of_transit(&record, &shipment)?;
		Self::note_breaches(lot, &mut record, &evidence);
		Shipments::<T>::remove(lot);
		let disposition =
			if accept { Self::checked_disposition(&record) } else { Disposition::Rejected };
		let mut new_owner = None;
		if accept {
			record.custodian = did.clone();
			record.location = shipment.destination;
			if let Some(transaction) = shipment.transaction {
				let seller = core::mem::replace(&mut record.owner, did.clone());
				for packed in record.contents.iter() {
					Lots::<T>::mutate(packed, |content| {
						if let Some(content) = content {
							content.owner = did.clone();
						}
					});
				}
				new_owner = Some((transaction, seller));
			}
		}
		Lots::<T>::insert(lot, record);
		Self::record(
			&who,
			did.clone(),
			EventKind::Object { action: Action::Observe, lots: Self::one(lot) },
			context.clone(),
			BizStep::Receiving,
			disposition,
			evidence,
		)?;
		let owner_changed = new_owner.is_some();
		if let Some((transaction, from)) = new_owner {
			Self::record(
				&who,
				did.clone(),
				EventKind::Transaction { lot, transaction, from, to: did.clone() },
				context,
				BizStep::Accepting,
				Disposition::Active,
				Evidence::new(),
			)?;
		}
		Self::deposit_event(if accept {
			Event::Accepted { lot, receiver: did, owner_changed }
		} else {
			Event::Rejected { lot, receiver: did }
		});
		Ok(checked)
	}

	/// Returns how many intervals of the transit it checked.
	pub(crate) fn do_cancel_shipment(
		who: T::AccountId,
		did: DidOf<T>,
		lot: LotId,
		context: EventContext,
	) -> Result<u32, DispatchError> {
		let shipment = Shipments::<T>::get(lot).ok_or(Error::<T>::NotInTransit)?;
		ensure!(shipment.sender == did, Error::<T>::NotSender);
		Self::check_context(&context)?;
		let mut record = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
		let (checked, evidence) = Self::check_rest_of_transit(&record, &shipment)?;
		Self::note_breaches(lot, &mut record, &evidence);
		Shipments::<T>::remove(lot);
		let disposition = Self::checked_disposition(&record);
		Lots::<T>::insert(lot, record);
		Self::record(
			&who,
			did.clone(),
			EventKind::Object { action: Action::Observe, lots: Self::one(lot) },
			context,
			BizStep::VoidShipping,
			disposition,
			evidence,
		)?;
		Self::deposit_event(Event::ShipmentCancelled { lot, sender: did });
		Ok(checked)
	}

	/// Checks a shipment's unchecked intervals up to the current one, which is still open;
	/// with how many intervals that took. A lot with no conditions needs no check.
	fn check_rest_of_transit(
		record: &Lot<T>,
		shipment: &Shipment<T>,
	) -> Result<(u32, Evidence), DispatchError> {
		if record.conditions.is_empty() {
			return Ok((0, Evidence::new()));
		}
		let current = Self::interval_of(Self::now());
		let intervals = current.saturating_sub(shipment.unchecked_from).saturating_add(1);
		ensure!(intervals <= T::MaxCheckedIntervals::get(), Error::<T>::ConditionCheckPending);
		Ok((intervals, Self::check_transit(record, shipment.unchecked_from, current, true)))
	}

	/// The state of a lot whose transit has just been checked.
	fn checked_disposition(record: &Lot<T>) -> Disposition {
		match (record.non_conforming, record.conditions.is_empty()) {
			(true, _) => Disposition::NonConformant,
			(false, false) => Disposition::Conformant,
			(false, true) => Disposition::Active,
		}
	}

	pub(crate) fn do_check_conditions(lot: LotId) -> DispatchResult {
		let mut shipment = Shipments::<T>::get(lot).ok_or(Error::<T>::NotInTransit)?;
		let mut record = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
		let current = Self::interval_of(Self::now());
		let from = shipment.unchecked_from;
		ensure!(!record.conditions.is_empty() && from < current, Error::<T>::NothingToCheck);
		let to = current
			.saturating_sub(1)
			.min(from.saturating_add(T::MaxCheckedIntervals::get().saturating_sub(1)));
		let evidence = Self::check_transit(&record, from, to, false);
		Self::note_breaches(lot, &mut record, &evidence);
		Lots::<T>::insert(lot, record);
		shipment.unchecked_from = to.saturating_add(1);
		Shipments::<T>::insert(lot, &shipment);
		Self::deposit_event(Event::ConditionsChecked {
			lot,
			checked_until: shipment.unchecked_from,
		});
		Ok(())
	}

	/// Checks intervals `from ..= to` of the lot's device against each of its conditions;
	/// with `last_open`, interval `to` is still open and may lack readings yet. Without a
	/// device every interval lacks readings: a handover within the open interval needs none.
	fn check_transit(
		record: &Lot<T>,
		from: IntervalIndex,
		to: IntervalIndex,
		last_open: bool,
	) -> Evidence {
		let outcome_of = |condition: &Condition| {
			for interval in from..=to {
				let summary = record
					.device
					.and_then(|device| T::Meters::interval(&device, condition.metric, interval));
				match summary {
					None if last_open && interval == to => {},
					None => return ConditionOutcome::Missing { interval },
					Some(summary) if summary.min < condition.min || summary.max > condition.max => {
						return ConditionOutcome::Breached {
							interval,
							min: summary.min,
							max: summary.max,
						}
					},
					Some(_) => {},
				}
			}
			ConditionOutcome::Kept
		};
		let evidence = record.conditions.iter().map(|condition| ConditionEvidence {
			device: record.device,
			metric: condition.metric,
			from,
			to,
			outcome: outcome_of(condition),
		});
		// One entry per condition, and a lot carries at most `MAX_CONDITIONS`.
		Evidence::truncate_from(evidence.collect())
	}

	/// Marks the lot non-conforming if the evidence shows a breach or missing data.
	fn note_breaches(lot: LotId, record: &mut Lot<T>, evidence: &Evidence) {
		for found in evidence.iter().filter(|found| found.outcome != ConditionOutcome::Kept) {
			record.non_conforming = true;
			Self::deposit_event(Event::ConditionBreached { lot, evidence: *found });
		}
	}

	/// The sensor oracle's interval holding the instant `ms`.
	fn interval_of(ms: u64) -> IntervalIndex {
		(ms / T::Meters::interval_length_ms().max(1)).try_into().unwrap_or(IntervalIndex::MAX)
	}
}
