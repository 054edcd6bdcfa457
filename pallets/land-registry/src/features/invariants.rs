//! The register's invariants, checked by `try_state` and by the tests.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants:
	/// - no two active parcels overlap, whatever their districts, and each is a simple
	///   counter-clockwise polygon indexed in exactly the cells it covers;
	/// - the escrow held equals the prices of the escrowed sales, in total and per buyer;
	///   every open sale is of an active parcel by its owner;
	/// - the owner lists and the ownership histories agree with the titles;
	/// - each parcel counts its pending encumbrance proposals, within the bound.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;
		use sp_runtime::TryRuntimeError;

		let mut indexed = 0usize;
		for (cell, ids) in CellIndex::<T>::iter() {
			for id in &ids {
				let record = Parcels::<T>::get(id).ok_or("the index names an unknown parcel")?;
				frame_support::ensure!(
					matches!(record.status, ParcelStatus::Active),
					"the index names a retired parcel"
				);
				frame_support::ensure!(
					Self::cells_of(&record.bounds).map_err(|_| "too many cells")?.contains(&cell),
					"the index names a parcel in a cell it does not cover"
				);
				indexed += 1;
			}
		}
		let mut expected_entries = 0usize;
		let mut owned = 0usize;
		for (id, record) in Parcels::<T>::iter() {
			frame_support::ensure!(
				record.history_length > 0
					&& History::<T>::iter_prefix(id).count() == record.history_length as usize,
				"history length disagrees with the history"
			);
			let latest = History::<T>::get(id, record.history_length - 1)
				.ok_or("the latest history entry is missing")?;
			frame_support::ensure!(latest.owner == record.owner, "history and title disagree");
			frame_support::ensure!(
				EncumbranceProposals::<T>::iter_prefix(id).count() == record.proposals as usize
					&& record.proposals <= T::MaxEncumbranceProposals::get(),
				"a parcel's proposal count disagrees with its proposals"
			);
			if !matches!(record.status, ParcelStatus::Active) {
				frame_support::ensure!(
					!Sales::<T>::contains_key(id)
						&& !ParcelsOf::<T>::contains_key(&record.owner, id),
					"a retired parcel is for sale or listed as owned"
				);
				continue;
			}
			owned += 1;
			frame_support::ensure!(
				ParcelsOf::<T>::contains_key(&record.owner, id),
				"an owner's list lacks a parcel"
			);
			geometry::check_simple(&record.boundary).map_err(|_| "a boundary is not simple")?;
			frame_support::ensure!(
				geometry::doubled_area(&record.boundary) > 0,
				"a boundary runs clockwise"
			);
			frame_support::ensure!(
				geometry::Bounds::of(&record.boundary) == Some(record.bounds),
				"a parcel's kept bounding box is not its boundary's"
			);
			frame_support::ensure!(
				geometry::triangulates(&record.boundary, &record.triangles),
				"a parcel's kept triangles do not triangulate its boundary"
			);
			let cells = Self::cells_of(&record.bounds).map_err(|_| "too many cells")?;
			expected_entries += cells.len();
			let shape = Self::shape_of(&record.boundary, &record.triangles)
				.map_err(|_| "a triangle names a missing vertex")?;
			let mut neighbours = BTreeSet::new();
			for cell in &cells {
				let ids = CellIndex::<T>::get(cell);
				frame_support::ensure!(ids.contains(&id), "a parcel is missing from a cell");
				neighbours.extend(ids.into_iter().filter(|other| *other > id));
			}
			for other in neighbours {
				let other = Parcels::<T>::get(other).ok_or("unknown neighbour")?;
				let other = Self::shape_of(&other.boundary, &other.triangles)
					.map_err(|_| "a triangle names a missing vertex")?;
				frame_support::ensure!(!geometry::overlap(&shape, &other), "two parcels overlap");
			}
		}
		frame_support::ensure!(indexed == expected_entries, "the index has stray entries");
		frame_support::ensure!(
			ParcelsOf::<T>::iter().count() == owned,
			"an owner's list names a parcel they do not own"
		);

		let mut escrow_by_buyer: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut total = BalanceOf::<T>::zero();
		for (id, sale) in Sales::<T>::iter() {
			let record = Parcels::<T>::get(id).ok_or("a sale of an unknown parcel")?;
			frame_support::ensure!(record.owner == sale.seller, "a sale by a non-owner");
			if sale.is_escrowed() {
				total = total.saturating_add(sale.price);
				let held = escrow_by_buyer.entry(sale.buyer.clone()).or_default();
				*held = held.saturating_add(sale.price);
			}
		}
		frame_support::ensure!(
			TotalEscrow::<T>::get() == total,
			TryRuntimeError::Other("escrow held differs from the open sales")
		);
		for (buyer, expected) in escrow_by_buyer {
			frame_support::ensure!(
				T::Currency::balance_on_hold(&HoldReason::Escrow.into(), &buyer) == expected,
				"a buyer's escrow hold differs from their sales"
			);
		}
		Ok(())
	}
}
