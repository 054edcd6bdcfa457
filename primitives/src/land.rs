//! Land: what the land registry tells other pallets about parcels (the carbon credits pallet
//! locates its projects on them).

/// Identifier of a land parcel, assigned in registration order.
pub type ParcelId = u64;

/// Parcels and the rights over them, without knowing how the land registry stores them.
pub trait LandRights<AccountId> {
	/// Whether `parcel` is an active parcel that `who` owns, or over which `who` holds a right
	/// of use (an easement: a solar lease, a planting agreement).
	fn has_rights(parcel: ParcelId, who: &AccountId) -> bool;

	/// Registers an active parcel owned by `owner`, for benchmarks of pallets that need one.
	#[cfg(feature = "runtime-benchmarks")]
	fn parcel_for_benchmark(owner: &AccountId) -> ParcelId;
}
