//! What the register tells other pallets about rights over parcels ([`LandRights`]).

use crate::*;
use polis_primitives::LandRights;

impl<T: Config> LandRights<T::AccountId> for Pallet<T> {
	fn has_rights(parcel: ParcelId, who: &T::AccountId) -> bool {
		let Some(record) = Parcels::<T>::get(parcel) else { return false };
		matches!(record.status, ParcelStatus::Active)
			&& (record.owner == *who
				|| Encumbrances::<T>::get(parcel).iter().any(|encumbrance| {
					encumbrance.kind == EncumbranceKind::Easement && encumbrance.holder == *who
				}))
	}

	/// A square parcel in a cell of its own, owned by someone else, whose `MaxEncumbrances`
	/// easements end with `holder`'s: the costliest parcel to check.
	#[cfg(feature = "runtime-benchmarks")]
	fn parcel_for_benchmark(holder: &T::AccountId) -> ParcelId {
		let index = NextParcelId::<T>::get() as i32;
		let side = T::CellSize::get();
		let (lat, lon) = (2 * side * (index % 1_000), 2 * side * (index / 1_000));
		let square = [
			(lat, lon),
			(lat, lon + side / 2),
			(lat + side / 2, lon + side / 2),
			(lat + side / 2, lon),
		];
		let boundary = BoundedVec::truncate_from(
			square.into_iter().map(|(lat, lon)| geometry::Point::new(lat, lon)).collect(),
		);
		let footprint = Self::footprint(boundary).expect("a square inside one cell is a parcel");
		let registrar: T::AccountId = frame_benchmarking::account("parcel-registrar", 0, 0);
		let plenty = T::Currency::minimum_balance().saturating_mul(1_000_000u32.into());
		T::Currency::set_balance(&registrar, plenty);
		let owner: T::AccountId = frame_benchmarking::account("parcel-owner", index as u32, 0);
		let parcel = Self::create_parcel(
			0,
			footprint,
			LandUse::Agricultural,
			H256::zero(),
			owner,
			&registrar,
			Lineage::<T>::default(),
			Acquisition::FirstRegistration,
		)
		.expect("a parcel in a cell of its own is stored");
		let easements = T::MaxEncumbrances::get();
		for id in 0..easements {
			let easement_holder = if id + 1 == easements {
				holder.clone()
			} else {
				frame_benchmarking::account("easement-holder", id, 0)
			};
			let deposit = Deposit { account: registrar.clone(), amount: Zero::zero() };
			Self::put_in_force(
				parcel,
				id.into(),
				EncumbranceKind::Easement,
				easement_holder,
				H256::zero(),
				deposit,
			)
			.expect("at most `MaxEncumbrances` easements");
		}
		parcel
	}
}
