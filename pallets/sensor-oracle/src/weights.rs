//! Provisional weights, replaced by scripts/benchmark.sh.

use core::marker::PhantomData;
use frame_support::weights::Weight;

pub trait WeightInfo {
	fn set_metric() -> Weight;
	fn remove_metric() -> Weight;
	fn open_feed() -> Weight;
	fn close_feed(i: u32) -> Weight;
	fn submit_readings(r: u32) -> Weight;
	fn anchor_readings() -> Weight;
	fn remove_anchor() -> Weight;
}
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn set_metric() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn remove_metric() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn open_feed() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn close_feed(_i: u32) -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn submit_readings(_r: u32) -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn anchor_readings() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn remove_anchor() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
}
impl WeightInfo for () {
	fn set_metric() -> Weight {
		Weight::zero()
	}
	fn remove_metric() -> Weight {
		Weight::zero()
	}
	fn open_feed() -> Weight {
		Weight::zero()
	}
	fn close_feed(_i: u32) -> Weight {
		Weight::zero()
	}
	fn submit_readings(_r: u32) -> Weight {
		Weight::zero()
	}
	fn anchor_readings() -> Weight {
		Weight::zero()
	}
	fn remove_anchor() -> Weight {
		Weight::zero()
	}
}
