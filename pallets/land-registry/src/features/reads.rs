//! Reads for the runtime API: parcels, their owners and their history, a page at a time.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Up to `limit` (at most `MAX_PAGE`) entries of the ownership history of `parcel`,
	/// oldest first, from entry `from`.
	pub fn history(parcel: ParcelId, from: u32, limit: u32) -> Vec<OwnershipRecord<T>> {
		let length = Parcels::<T>::get(parcel).map_or(0, |p| p.history_length);
		let until = from.saturating_add(limit.min(MAX_PAGE)).min(length);
		(from..until).filter_map(|entry| History::<T>::get(parcel, entry)).collect()
	}

	/// `history`, as the runtime API shows it.
	pub fn history_view(parcel: ParcelId, from: u32, limit: u32) -> Vec<OwnershipViewOf<T>> {
		Self::history(parcel, from, limit)
			.into_iter()
			.map(|entry| OwnershipView {
				owner: entry.owner,
				since: entry.since,
				acquisition: entry.acquisition,
			})
			.collect()
	}

	/// Up to `limit` (at most `MAX_PAGE`) active parcels of `owner`, after `start_after` (the
	/// last of the previous page) in the register's order.
	pub fn parcels_of(
		owner: &T::AccountId,
		start_after: Option<ParcelId>,
		limit: u32,
	) -> Vec<ParcelId> {
		let page = limit.min(MAX_PAGE) as usize;
		match start_after {
			Some(last) => ParcelsOf::<T>::iter_key_prefix_from(
				owner,
				ParcelsOf::<T>::hashed_key_for(owner, last),
			)
			.take(page)
			.collect(),
			None => ParcelsOf::<T>::iter_key_prefix(owner).take(page).collect(),
		}
	}

	/// Everything the register holds about `parcel`, for the runtime API.
	pub fn parcel_view(parcel: ParcelId) -> Option<ParcelViewOf<T>> {
		let record = Parcels::<T>::get(parcel)?;
		let (retired_at, successors) = match record.status {
			ParcelStatus::Active => (None, Vec::new()),
			ParcelStatus::Retired { at, successors } => (Some(at), successors.into_inner()),
		};
		let in_force = Encumbrances::<T>::get(parcel).into_iter().map(|e| EncumbranceView {
			id: e.id,
			kind: e.kind,
			holder: e.holder,
			document_hash: e.document_hash,
			registered_at: Some(e.registered_at),
			consented_sale: e.consented_sale,
		});
		let proposed =
			EncumbranceProposals::<T>::iter_prefix(parcel).map(|(id, p)| EncumbranceView {
				id,
				kind: p.kind,
				holder: p.holder,
				document_hash: p.document_hash,
				registered_at: None,
				consented_sale: None,
			});
		let sale = Sales::<T>::get(parcel).map(|sale| SaleView {
			id: sale.id,
			seller: sale.seller,
			buyer: sale.buyer,
			price: sale.price,
			stage: match sale.status {
				SaleStatus::Proposed => SaleStageView::Proposed,
				SaleStatus::Escrowed => SaleStageView::Escrowed,
				SaleStatus::Approved { objection_window_ends } => {
					SaleStageView::Approved { objection_window_ends }
				},
				SaleStatus::Frozen { objection_window_ends, objection } => SaleStageView::Frozen {
					objection_window_ends,
					objector: objection.objector,
					grounds: objection.grounds,
				},
			},
			expires_at: sale.expires_at,
		});
		Some(ParcelView {
			id: parcel,
			district: record.district,
			boundary: record.boundary.into_inner(),
			land_use: record.land_use,
			document_hash: record.document_hash,
			owner: record.owner,
			registered_at: record.registered_at,
			retired_at,
			predecessors: record.predecessors.into_inner(),
			successors,
			history: Self::history_view(
				parcel,
				record.history_length.saturating_sub(VIEW_HISTORY),
				VIEW_HISTORY,
			),
			history_length: record.history_length,
			encumbrances: in_force.chain(proposed).collect(),
			sale,
			disputes: Disputes::<T>::get(parcel)
				.into_iter()
				.map(|d| DisputeView {
					id: d.id,
					claimant: d.claimant,
					grounds: d.grounds,
					raised_at: d.raised_at,
				})
				.collect(),
		})
	}
}
