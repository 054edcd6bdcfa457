//! Anchoring: an organisation records a large batch of EPCIS events off chain and anchors the
//! Merkle root of their hashes; anyone proves one event against it (`polis_primitives`'s
//! Merkle anchoring, shared with the sensor oracle).

use frame_support::{dispatch::DispatchResult, ensure};
use sp_core::H256;

use crate::*;

/// The roles of organisations that record events (all but beneficiaries).
const ORGANISATIONS: [Role; 7] = [
	Role::Producer,
	Role::Processor,
	Role::Carrier,
	Role::Retailer,
	Role::Inspector,
	Role::Regulator,
	Role::AidAgency,
];

impl<T: Config> Pallet<T> {
	pub(crate) fn do_anchor_events(
		who: T::AccountId,
		root: H256,
		count: u32,
		from: u64,
		until: u64,
	) -> DispatchResult {
		let organisation = Self::org_with_role(&who, &ORGANISATIONS)?;
		ensure!(count > 0, Error::<T>::EmptyAnchor);
		ensure!(from <= until && until <= Self::now(), Error::<T>::InvalidTimeRange);
		let deposit = Self::hold(&who, T::RecordDeposit::get())?;
		let anchor = Self::next_id::<NextAnchorId<T>, _>()?;
		EventAnchors::<T>::insert(
			anchor,
			EventAnchor {
				organisation: organisation.clone(),
				root,
				count,
				from,
				until,
				anchored_in: frame_system::Pallet::<T>::block_number(),
				depositor: who,
				deposit,
			},
		);
		Self::deposit_event(Event::EventsAnchored { anchor, organisation, root, count });
		Ok(())
	}

	/// Proves that `event_hash` is leaf `leaf_index` of anchor `anchor`'s batch, by `proof`.
	pub fn verify_anchored_event(
		anchor: AnchorId,
		event_hash: H256,
		proof: alloc::vec::Vec<H256>,
		leaf_index: u32,
	) -> Result<(), AnchorProofError> {
		let record = EventAnchors::<T>::get(anchor).ok_or(AnchorProofError::UnknownAnchor)?;
		let in_batch = polis_primitives::proves_leaf(
			&record.root,
			proof,
			record.count,
			leaf_index,
			event_hash.as_ref(),
		);
		in_batch.then_some(()).ok_or(AnchorProofError::NotInBatch)
	}
}
