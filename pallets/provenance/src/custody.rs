//! Custody handover and the cold chain: shipping, receiving, and checking a transit or a stay
//! at a watched location against the lot's conditions.

use frame_support::{dispatch::DispatchResult, ensure, traits::Get};
use polis_primitives::{IntervalIndex, MeterReadings, PublicKey};
use sp_runtime::DispatchError;

use crate::*;

impl<T: Config> Pallet<T> {
	/// Returns how many intervals of the stay it ended it checked.
	pub(crate) fn do_ship(
		who: T::AccountId,
		did: DidOf<T>,
		lot: LotId,
		receiver: DidOf<T>,
		destination: Option<LocationId>,
		transaction: Option<BizTransaction<T>>,
		context: EventContext,
	) -> Result<u32, DispatchError> {
		let mut record = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
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
		// A lot leaves a watched location with its stay checked up to the interval it leaves
		// in, the evidence in the shipping event.
		let (checked, evidence) = match Stays::<T>::get(lot) {
			Some(stay) => {
				let (checked, evidence) =
					Self::check_rest(&record, Some(stay.device), stay.unchecked_from)?;
				Self::note_breaches(lot, &mut record, &evidence);
				Lots::<T>::insert(lot, &record);
				Stays::<T>::remove(lot);
				Self::deposit_event(Event::StayEnded { lot, location: stay.location });
				(checked, evidence)
			},
			None => (0, Evidence::new()),
		};
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
			evidence,
		)?;
		Self::deposit_event(Event::Shipped { lot, sender: did, receiver });
		Ok(checked)
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
		let (checked, evidence) =
			Self::check_rest(&record, record.device, shipment.unchecked_from)?;
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
		// Accepted, the lot is at hand at its destination; rejected, back at the sender's.
		Self::begin_stay(lot, &record);
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
		let (checked, evidence) =
			Self::check_rest(&record, record.device, shipment.unchecked_from)?;
		Self::note_breaches(lot, &mut record, &evidence);
		Shipments::<T>::remove(lot);
		let disposition = Self::checked_disposition(&record);
		Self::begin_stay(lot, &record);
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

	/// Checks `device`'s readings from interval `unchecked_from` up to the current one,
	/// which is still open; with how many intervals that took. A lot with no conditions needs
	/// no check.
	fn check_rest(
		record: &Lot<T>,
		device: Option<PublicKey>,
		unchecked_from: IntervalIndex,
	) -> Result<(u32, Evidence), DispatchError> {
		if record.conditions.is_empty() {
			return Ok((0, Evidence::new()));
		}
		let current = Self::interval_of(Self::now());
		let intervals = current.saturating_sub(unchecked_from).saturating_add(1);
		ensure!(intervals <= T::MaxCheckedIntervals::get(), Error::<T>::ConditionCheckPending);
		Ok((intervals, Self::check_span(record, device, unchecked_from, current, true)))
	}

	/// Begins a stay for a lot come to hand at its location, if it has conditions and a device
	/// watches the location.
	pub(crate) fn begin_stay(lot: LotId, record: &Lot<T>) {
		if record.conditions.is_empty() || record.container.is_some() {
			return;
		}
		let Some(location) = record.location else { return };
		let Some(device) = LocationDevices::<T>::get(location) else { return };
		let unchecked_from = Self::interval_of(Self::now());
		Stays::<T>::insert(lot, Stay { location, device, unchecked_from });
		Self::deposit_event(Event::StayBegun { lot, location, device });
	}

	/// Fails while the lot's stay has intervals that ended unchecked: goods are used or leave
	/// a watched location only once its record of them is up to date, bar the open interval.
	pub(crate) fn ensure_stay_checked(lot: LotId) -> Result<Option<Stay>, DispatchError> {
		let stay = Stays::<T>::get(lot);
		if let Some(stay) = stay {
			let current = Self::interval_of(Self::now());
			ensure!(stay.unchecked_from >= current, Error::<T>::ConditionCheckPending);
		}
		Ok(stay)
	}

	/// Ends the lot's stay, if it has one, once its ended intervals are checked.
	pub(crate) fn end_stay(lot: LotId) -> DispatchResult {
		if let Some(stay) = Self::ensure_stay_checked(lot)? {
			Stays::<T>::remove(lot);
			Self::deposit_event(Event::StayEnded { lot, location: stay.location });
		}
		Ok(())
	}

	/// The state of a lot whose transit has just been checked.
	fn checked_disposition(record: &Lot<T>) -> Disposition {
		match (record.non_conforming, record.conditions.is_empty()) {
			(true, _) => Disposition::NonConformant,
			(false, false) => Disposition::Conformant,
			(false, true) => Disposition::Active,
		}
	}

	/// Checks the ended intervals of a lot's transit, or else of its stay, from the first
	/// unchecked one, `MaxCheckedIntervals` at most.
	pub(crate) fn do_check_conditions(lot: LotId) -> DispatchResult {
		let mut record = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
		let shipment = Shipments::<T>::get(lot);
		let stay = if shipment.is_none() { Stays::<T>::get(lot) } else { None };
		let (device, from) = match (&shipment, &stay) {
			(Some(shipment), _) => (record.device, shipment.unchecked_from),
			(None, Some(stay)) => (Some(stay.device), stay.unchecked_from),
			(None, None) => return Err(Error::<T>::NotWatched.into()),
		};
		let current = Self::interval_of(Self::now());
		ensure!(!record.conditions.is_empty() && from < current, Error::<T>::NothingToCheck);
		let to = current
			.saturating_sub(1)
			.min(from.saturating_add(T::MaxCheckedIntervals::get().saturating_sub(1)));
		let evidence = Self::check_span(&record, device, from, to, false);
		Self::note_breaches(lot, &mut record, &evidence);
		Lots::<T>::insert(lot, record);
		let checked_until = to.saturating_add(1);
		if let Some(mut shipment) = shipment {
			shipment.unchecked_from = checked_until;
			Shipments::<T>::insert(lot, shipment);
		} else if let Some(mut stay) = stay {
			stay.unchecked_from = checked_until;
			Stays::<T>::insert(lot, stay);
		}
		Self::deposit_event(Event::ConditionsChecked { lot, checked_until });
		Ok(())
	}

	/// Checks intervals `from ..= to` of `device` against each of the lot's conditions;
	/// with `last_open`, interval `to` is still open and may lack readings yet. Without a
	/// device every interval lacks readings: a handover within the open interval needs none.
	fn check_span(
		record: &Lot<T>,
		device: Option<PublicKey>,
		from: IntervalIndex,
		to: IntervalIndex,
		last_open: bool,
	) -> Evidence {
		let outcome_of = |condition: &Condition| {
			for interval in from..=to {
				let summary = device
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
			device,
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
	pub(crate) fn interval_of(ms: u64) -> IntervalIndex {
		(ms / T::Meters::interval_length_ms().max(1)).try_into().unwrap_or(IntervalIndex::MAX)
	}
}
