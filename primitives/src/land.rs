//! Land: what the land registry tells other pallets about parcels (the carbon credits pallet
//! locates its projects on them and reviews them when they change).

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

/// How a parcel changed, for pallets with records on it.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
	Debug,
)]
pub enum ParcelChange {
	/// Its title passed to another owner: a sale, a rectification.
	Transferred,
	/// It was subdivided or merged into other parcels, and retired.
	Retired,
}

/// Told of changes to parcels by the land registry: a pallet whose records stand on parcels
/// (carbon projects) reviews them.
pub trait OnParcelChange {
	/// `parcel` changed.
	fn on_parcel_change(parcel: ParcelId, change: ParcelChange);

	/// The most one `on_parcel_change` costs, which the land registry's calls add to their
	/// own weight.
	fn weight() -> frame_support::weights::Weight;
}

impl OnParcelChange for () {
	fn on_parcel_change(_: ParcelId, _: ParcelChange) {}

	fn weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
}
