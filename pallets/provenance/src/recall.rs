//! Recalls: a lot is marked and the mark spreads, in bounded steps, to every lot made from it
//! and every container holding a marked lot.
//!
//! A lot is marked when it is reached and queued; taking it from the queue reaches its
//! children. Marking a packed lot marks its container at once, so unpacking cannot hide a
//! container from a recall. A lot already marked (by this recall or another) is not queued
//! again: whoever marked it reaches its children.

use frame_support::{dispatch::DispatchResult, ensure};
use sp_runtime::DispatchError;

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_recall(
		who: T::AccountId,
		did: DidOf<T>,
		lot: LotId,
		reason: Text<T>,
		context: EventContext,
	) -> DispatchResult {
		let record = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
		if record.producer != did {
			Self::org_with_role(&who, &[Role::Regulator])
				.map_err(|_| Error::<T>::NotProducerOrRegulator)?;
		}
		ensure!(record.recall.is_none(), Error::<T>::LotRecalled);
		Self::check_context(&context)?;
		let recall = Self::next_id::<NextRecallId<T>, _>()?;
		let mut state = Recall { lot, by: did.clone(), reason, head: 0, tail: 0 };
		Self::reach(recall, &mut state, lot, record, None);
		Recalls::<T>::insert(recall, state);
		Self::record(
			&who,
			did.clone(),
			EventKind::Object { action: Action::Observe, lots: Self::one(lot) },
			context,
			BizStep::Recalling,
			Disposition::Recalled,
			Evidence::new(),
		)?;
		Self::deposit_event(Event::Recalled { recall, lot, by: did });
		Ok(())
	}

	/// Takes up to `steps` lots from the recall's queue and reaches their children; returns
	/// how many lots it took and how many children they had.
	pub(crate) fn do_propagate_recall(
		recall: RecallId,
		steps: u32,
	) -> Result<(u32, u32), DispatchError> {
		let mut state = Recalls::<T>::get(recall).ok_or(Error::<T>::UnknownRecall)?;
		ensure!(state.head < state.tail, Error::<T>::RecallComplete);
		let start = state.head;
		let mut children = 0u32;
		for _ in 0..steps {
			if state.head == state.tail {
				break;
			}
			let Some(lot) = RecallQueue::<T>::take(recall, state.head) else { break };
			state.head = state.head.saturating_add(1);
			let Some(record) = Lots::<T>::get(lot) else { continue };
			children = children.saturating_add(record.children.len() as u32);
			for child in record.children {
				if let Some(reached) = Lots::<T>::get(child).filter(|next| next.recall.is_none()) {
					Self::reach(recall, &mut state, child, reached, Some(lot));
				}
			}
		}
		if state.head == state.tail {
			Self::deposit_event(Event::RecallCompleted { recall, reached: state.tail });
		}
		let taken = state.head.saturating_sub(start);
		Recalls::<T>::insert(recall, state);
		Ok((taken, children))
	}

	/// Marks `lot` as reached by `recall` (through `via`) and queues it; marks its container
	/// too.
	fn reach(
		recall: RecallId,
		state: &mut Recall<T>,
		lot: LotId,
		mut record: Lot<T>,
		via: Option<LotId>,
	) {
		let container = record.container;
		Self::mark(recall, state, lot, &mut record, via);
		if let Some(container) = container {
			if let Some(mut holder) = Lots::<T>::get(container).filter(|held| held.recall.is_none())
			{
				Self::mark(recall, state, container, &mut holder, Some(lot));
			}
		}
	}

	fn mark(
		recall: RecallId,
		state: &mut Recall<T>,
		lot: LotId,
		record: &mut Lot<T>,
		via: Option<LotId>,
	) {
		record.recall = Some(recall);
		if record.status == LotStatus::Active {
			record.status = LotStatus::Recalled;
		}
		Lots::<T>::insert(lot, &*record);
		RecallQueue::<T>::insert(recall, state.tail, lot);
		state.tail = state.tail.saturating_add(1);
		if let Some(via) = via {
			Self::deposit_event(Event::RecallReached { recall, lot, via });
		}
	}
}
