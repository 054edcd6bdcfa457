//! Bootstrap weights, replaced by scripts/benchmark.sh output.

use core::marker::PhantomData;
use frame_support::weights::Weight;

pub trait WeightInfo {
	fn create() -> Weight;
	fn add_key() -> Weight;
	fn rotate_key() -> Weight;
	fn remove_key() -> Weight;
	fn add_service() -> Weight;
	fn remove_service() -> Weight;
	fn deactivate() -> Weight;
	fn register_device() -> Weight;
	fn revoke_device() -> Weight;
	fn remove_device() -> Weight;
	fn register_schema() -> Weight;
	fn add_trusted_issuer() -> Weight;
	fn remove_trusted_issuer() -> Weight;
	fn attest() -> Weight;
	fn revoke_attestation() -> Weight;
	fn remove_attestation() -> Weight;
	fn grant_consent() -> Weight;
	fn revoke_consent() -> Weight;
	fn remove_expired_consent() -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn create() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn add_key() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn rotate_key() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn remove_key() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn add_service() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn remove_service() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn deactivate() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn register_device() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn revoke_device() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn remove_device() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn register_schema() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn add_trusted_issuer() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn remove_trusted_issuer() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn attest() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn revoke_attestation() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn remove_attestation() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn grant_consent() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn revoke_consent() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn remove_expired_consent() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
}

impl WeightInfo for () {
	fn create() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn add_key() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn rotate_key() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn remove_key() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn add_service() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn remove_service() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn deactivate() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn register_device() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn revoke_device() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn remove_device() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn register_schema() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn add_trusted_issuer() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn remove_trusted_issuer() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn attest() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn revoke_attestation() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn remove_attestation() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn grant_consent() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn revoke_consent() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn remove_expired_consent() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
}
