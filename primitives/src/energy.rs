//! Energy: what the energy market offers the other pallets (the carbon credits pallet builds
//! on its certificates).

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::DispatchResult;

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

/// What a certificate's renewable energy may back: each renewable Wh delivered through the
/// market has one owner of its attributes, either its buyers or its generator, never both.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum CertificateKind {
	/// A buyer's share of its book's renewable deliveries: its claim to have consumed
	/// renewable energy.
	Consumption,
	/// A generator's own delivery, whose attributes it kept instead of passing them to its
	/// buyers: it may back carbon credits for the emissions it avoided.
	Generation,
}

/// A certificate as other pallets see it: renewable energy delivered through the market in
/// one zone and interval.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CertificateInfo<AccountId> {
	pub owner: AccountId,
	pub kind: CertificateKind,
	pub zone: ZoneId,
	/// The delivery interval, in ms since the Unix epoch: `[period_start_ms, period_end_ms)`.
	pub period_start_ms: u64,
	pub period_end_ms: u64,
	/// Wh by source not yet claimed by anything built on the certificate.
	pub unclaimed_wh: Vec<(EnergySource, u64)>,
}

/// Energy attribute certificates, for pallets that build on renewable energy (carbon
/// credits). Each Wh can be claimed once, across all certificates and all claimants.
pub trait RenewableEnergy<AccountId> {
	/// The certificate's renewable energy not yet claimed; `None` if there is no such
	/// certificate (a fully claimed one is removed).
	fn certificate(certificate: CertificateId) -> Option<CertificateInfo<AccountId>>;

	/// Claims `wh` of `source` from `owner`'s `certificate` for good: fails unless `owner`
	/// owns it and that much is unclaimed.
	fn claim(
		owner: &AccountId,
		certificate: CertificateId,
		source: EnergySource,
		wh: u64,
	) -> DispatchResult;

	/// Issues `owner` a generation certificate of `wh` of `source` delivered in the interval
	/// holding `at_ms`, for benchmarks of pallets that claim them.
	#[cfg(feature = "runtime-benchmarks")]
	fn generation_certificate_for_benchmark(
		owner: &AccountId,
		source: EnergySource,
		wh: u64,
		at_ms: u64,
	) -> CertificateId;
}
