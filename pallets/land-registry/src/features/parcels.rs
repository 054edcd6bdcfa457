//! Parcels in the register: boundaries checked, indexed by grid cell, compared for overlap,
//! created, retired and passed to new owners.

use crate::*;

/// A checked boundary with what the register keeps and compares of it.
pub(crate) struct Footprint<T: Config> {
	pub boundary: Boundary<T>,
	pub bounds: Bounds,
	pub cells: Vec<Cell>,
	pub triangles: Triangulation<T>,
	pub shape: Shape,
}

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

	pub(crate) fn cells_of(bounds: &Bounds) -> Result<Vec<Cell>, DispatchError> {
		bounds
			.cells(T::CellSize::get(), T::MaxCellsPerParcel::get())
			.ok_or_else(|| Error::<T>::ParcelTooLarge.into())
	}

	/// A boundary checked, made counter-clockwise, boxed, indexed and triangulated.
	pub(crate) fn footprint(boundary: Boundary<T>) -> Result<Footprint<T>, DispatchError> {
		let boundary = Self::checked_boundary(boundary)?;
		let bounds = Bounds::of(&boundary).ok_or(Error::<T>::TooFewVertices)?;
		let cells = Self::cells_of(&bounds)?;
		let triangles = geometry::triangulate(&boundary).ok_or(Error::<T>::NotSimple)?;
		// A polygon has fewer triangles than vertices.
		let triangles = Triangulation::<T>::truncate_from(triangles);
		let shape = Self::shape_of(&boundary, &triangles)?;
		Ok(Footprint { boundary, bounds, cells, triangles, shape })
	}

	pub(crate) fn shape_of(
		boundary: &[Point],
		triangles: &[geometry::TriangleIndices],
	) -> Result<Shape, DispatchError> {
		Shape::new(boundary, triangles).ok_or_else(|| Error::<T>::NotSimple.into())
	}

	/// Checks that the footprint overlaps no active parcel, of any district, sharing one of
	/// its cells; returns how many parcels, and how many pairs of triangles, it compared.
	pub(crate) fn ensure_no_overlap(footprint: &Footprint<T>) -> Result<(u32, u32), DispatchError> {
		let mut candidates = BTreeSet::new();
		for cell in &footprint.cells {
			let listed = CellIndex::<T>::get(cell);
			// A full cell refuses the parcel before any comparison is paid for.
			frame_support::ensure!(
				(listed.len() as u32) < T::MaxParcelsPerCell::get(),
				Error::<T>::CellFull
			);
			candidates.extend(listed);
		}
		let mut pairs = 0u32;
		for &candidate in &candidates {
			let Some(other) = Parcels::<T>::get(candidate) else { continue };
			if !footprint.bounds.interiors_meet(&other.bounds) {
				continue;
			}
			let other = Self::shape_of(&other.boundary, &other.triangles)?;
			let (overlaps, compared) = geometry::overlap_counting(&footprint.shape, &other);
			frame_support::ensure!(!overlaps, Error::<T>::Overlaps);
			pairs = pairs.saturating_add(compared);
		}
		Ok((candidates.len() as u32, pairs))
	}

	/// Stores a new active parcel, indexes it, holds the registrar's deposit and records its
	/// first owner.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn create_parcel(
		district: DistrictId,
		footprint: Footprint<T>,
		land_use: LandUse,
		document_hash: H256,
		owner: T::AccountId,
		registrar: &T::AccountId,
		predecessors: Lineage<T>,
		acquisition: Acquisition<BalanceOf<T>>,
	) -> Result<ParcelId, DispatchError> {
		let Footprint { boundary, bounds, cells, triangles, .. } = footprint;
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
				bounds,
				triangles,
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
		for cell in Self::cells_of(&record.bounds)? {
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
