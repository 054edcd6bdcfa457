//! Parcels in the register: boundaries checked, indexed by grid cell, compared for overlap,
//! created, retired and passed to new owners.

use crate::*;

impl<T: Config> Pallet<T> {
	/// The boundary, counter-clockwise, if it is a simple polygon on the map.
	pub(crate) fn checked_boundary(boundary: Boundary<T>) -> Result<Boundary<T>, DispatchError> {
		geometry::check_simple(&boundary).map_err(|error| match error {
			geometry::GeometryError::TooFewVertices => Error::<T>::TooFewVertices,
			geometry::GeometryError::OutOfRange => Error::<T>::OutOfRange,
			geometry::GeometryError::NotSimple => Error::<T>::NotSimple,
		})?;
		let mut points = boundary.into_inner();
		geometry::make_counter_clockwise(&mut points);
		// As many points as before.
		Ok(BoundedVec::truncate_from(points))
	}

	pub(crate) fn cells_of(boundary: &[Point]) -> Result<Vec<Cell>, DispatchError> {
		Bounds::of(boundary)
			.cells(T::CellSize::get(), T::MaxCellsPerParcel::get())
			.ok_or_else(|| Error::<T>::ParcelTooLarge.into())
	}

	/// Checks that `boundary` overlaps no active parcel, of any district, sharing one of
	/// `cells`; returns how many parcels it compared.
	pub(crate) fn ensure_no_overlap(
		boundary: &[Point],
		cells: &[Cell],
	) -> Result<u32, DispatchError> {
		let mut candidates = BTreeSet::new();
		for cell in cells {
			let listed = CellIndex::<T>::get(cell);
			// A full cell refuses the parcel before any comparison is paid for.
			frame_support::ensure!(
				(listed.len() as u32) < T::MaxParcelsPerCell::get(),
				Error::<T>::CellFull
			);
			candidates.extend(listed);
		}
		let bounds = Bounds::of(boundary);
		let triangles = geometry::triangulate(boundary).ok_or(Error::<T>::NotSimple)?;
		for &candidate in &candidates {
			let Some(other) = Parcels::<T>::get(candidate) else { continue };
			if !bounds.interiors_meet(&Bounds::of(&other.boundary)) {
				continue;
			}
			let other_triangles =
				geometry::triangulate(&other.boundary).ok_or(Error::<T>::NotSimple)?;
			frame_support::ensure!(
				!geometry::overlap(&triangles, &other_triangles),
				Error::<T>::Overlaps
			);
		}
		Ok(candidates.len() as u32)
	}

	/// Stores a new active parcel, indexes it, holds the registrar's deposit and records its
	/// first owner.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn create_parcel(
		district: DistrictId,
		boundary: Boundary<T>,
		cells: Vec<Cell>,
		land_use: LandUse,
		document_hash: H256,
		owner: T::AccountId,
		registrar: &T::AccountId,
		predecessors: Lineage<T>,
		acquisition: Acquisition<BalanceOf<T>>,
	) -> Result<ParcelId, DispatchError> {
		let parcel = Self::next_id::<NextParcelId<T>>()?;
		for cell in &cells {
			CellIndex::<T>::try_mutate(cell, |ids| ids.try_push(parcel))
				.map_err(|_| Error::<T>::CellFull)?;
		}
		let amount = T::ParcelDeposit::get();
		T::Currency::hold(&HoldReason::ParcelDeposit.into(), registrar, amount)?;
		let now = Self::now();
		History::<T>::insert(
			parcel,
			0,
			OwnershipRecord { owner: owner.clone(), since: now, acquisition },
		);
		ParcelsOf::<T>::insert(&owner, parcel, ());
		Parcels::<T>::insert(
			parcel,
			Parcel {
				district,
				boundary,
				land_use,
				document_hash,
				owner,
				status: ParcelStatus::Active,
				predecessors,
				registered_at: now,
				history_length: 1,
				proposals: 0,
				deposit: Deposit { account: registrar.clone(), amount },
			},
		);
		Ok(parcel)
	}

	/// Takes a parcel out of the index and its owner's list and returns its deposit; the
	/// caller stores its retired status.
	pub(crate) fn retire(parcel: ParcelId, record: &mut Parcel<T>) -> DispatchResult {
		for cell in Self::cells_of(&record.boundary)? {
			CellIndex::<T>::mutate_exists(cell, |ids| {
				if let Some(list) = ids {
					list.retain(|id| *id != parcel);
					if list.is_empty() {
						*ids = None;
					}
				}
			});
		}
		ParcelsOf::<T>::remove(&record.owner, parcel);
		T::OnParcelChange::on_parcel_change(parcel, ParcelChange::Retired);
		T::Currency::release(
			&HoldReason::ParcelDeposit.into(),
			&record.deposit.account,
			record.deposit.amount,
			Precision::Exact,
		)?;
		Ok(())
	}

	pub(crate) fn change_owner(
		parcel: ParcelId,
		record: &mut Parcel<T>,
		owner: T::AccountId,
		acquisition: Acquisition<BalanceOf<T>>,
	) -> DispatchResult {
		let entry = record.history_length;
		record.history_length = entry.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		History::<T>::insert(
			parcel,
			entry,
			OwnershipRecord { owner: owner.clone(), since: Self::now(), acquisition },
		);
		ParcelsOf::<T>::remove(&record.owner, parcel);
		ParcelsOf::<T>::insert(&owner, parcel, ());
		record.owner = owner;
		T::OnParcelChange::on_parcel_change(parcel, ParcelChange::Transferred);
		Ok(())
	}

	/// Subdividing and merging need a parcel without open sale, encumbrance or dispute.
	pub(crate) fn ensure_unburdened(parcel: ParcelId) -> DispatchResult {
		frame_support::ensure!(!Sales::<T>::contains_key(parcel), Error::<T>::SaleOpen);
		frame_support::ensure!(!Encumbrances::<T>::contains_key(parcel), Error::<T>::Encumbered);
		frame_support::ensure!(!Disputes::<T>::contains_key(parcel), Error::<T>::Disputed);
		Ok(())
	}
}
