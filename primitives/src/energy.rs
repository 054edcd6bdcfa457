//! Energy: what the energy market offers the other pallets (the carbon credits pallet builds
//! on its certificates).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::DispatchResult;

use crate::IntervalIndex;

/// Identifier of a grid zone (a feeder or transformer area).
pub type ZoneId = u32;

/// Identifier of an energy attribute certificate.
pub type CertificateId = u64;

/// Where renewable energy came from, as the generator's credential attests.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum EnergySource {
	Solar,
	Wind,
	Hydro,
	Biomass,
	Geothermal,
}

/// The renewable energy of one certificate as other pallets see it: energy delivered through
/// the market in one zone and interval, consumed by the certificate's owner.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RenewableEnergyInfo<AccountId> {
	pub owner: AccountId,
	pub zone: ZoneId,
	/// The delivery interval (the sensor oracle's interval index).
	pub interval: IntervalIndex,
	pub source: EnergySource,
	/// Wh not yet claimed by anything built on the certificate.
	pub unclaimed_wh: u64,
}

/// Energy attribute certificates, for pallets that build on renewable energy (carbon
/// credits). Each Wh can be claimed once, across all certificates and all claimants.
pub trait RenewableEnergy<AccountId> {
	/// The renewable energy of `source` that `certificate` still holds.
	fn renewable_energy(
		certificate: CertificateId,
		source: EnergySource,
	) -> Option<RenewableEnergyInfo<AccountId>>;

	/// Claims `wh` of `source` from `owner`'s `certificate` for good: fails unless `owner`
	/// owns it and that much is unclaimed.
	fn claim(
		owner: &AccountId,
		certificate: CertificateId,
		source: EnergySource,
		wh: u64,
	) -> DispatchResult;
}
