//! Placeholder weights until `polis-node benchmark pallet` generates them.

use frame_support::weights::Weight;

pub trait WeightInfo {
	fn set_role_schema() -> Weight;
	fn register_location() -> Weight;
	fn remove_location() -> Weight;
	fn register_class() -> Weight;
	fn commission() -> Weight;
	fn observe() -> Weight;
	fn decommission() -> Weight;
	fn transform(i: u32, o: u32) -> Weight;
	fn pack(n: u32) -> Weight;
	fn unpack(n: u32) -> Weight;
	fn attach_device() -> Weight;
	fn detach_device() -> Weight;
	fn ship() -> Weight;
	fn receive(i: u32) -> Weight;
	fn check_conditions(i: u32) -> Weight;
	fn declare_error(n: u32) -> Weight;
	fn recall() -> Weight;
	fn propagate_recall(s: u32) -> Weight;
}

impl WeightInfo for () {
	fn set_role_schema() -> Weight {
		Weight::zero()
	}
	fn register_location() -> Weight {
		Weight::zero()
	}
	fn remove_location() -> Weight {
		Weight::zero()
	}
	fn register_class() -> Weight {
		Weight::zero()
	}
	fn commission() -> Weight {
		Weight::zero()
	}
	fn observe() -> Weight {
		Weight::zero()
	}
	fn decommission() -> Weight {
		Weight::zero()
	}
	fn transform(_i: u32, _o: u32) -> Weight {
		Weight::zero()
	}
	fn pack(_n: u32) -> Weight {
		Weight::zero()
	}
	fn unpack(_n: u32) -> Weight {
		Weight::zero()
	}
	fn attach_device() -> Weight {
		Weight::zero()
	}
	fn detach_device() -> Weight {
		Weight::zero()
	}
	fn ship() -> Weight {
		Weight::zero()
	}
	fn receive(_i: u32) -> Weight {
		Weight::zero()
	}
	fn check_conditions(_i: u32) -> Weight {
		Weight::zero()
	}
	fn declare_error(_n: u32) -> Weight {
		Weight::zero()
	}
	fn recall() -> Weight {
		Weight::zero()
	}
	fn propagate_recall(_s: u32) -> Weight {
		Weight::zero()
	}
}
