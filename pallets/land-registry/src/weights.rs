//! Provisional weights, replaced by scripts/benchmark.sh.

use core::marker::PhantomData;
use frame_support::weights::Weight;

pub trait WeightInfo {
	fn appoint_registrar() -> Weight;
	fn dismiss_registrar() -> Weight;
	fn register_parcel(v: u32, n: u32) -> Weight;
	fn subdivide(c: u32) -> Weight;
	fn merge(p: u32) -> Weight;
	fn rectify_owner() -> Weight;
	fn propose_sale() -> Weight;
	fn accept_sale() -> Weight;
	fn approve_sale() -> Weight;
	fn object_to_sale() -> Weight;
	fn rule_on_objection() -> Weight;
	fn complete_sale() -> Weight;
	fn cancel_sale() -> Weight;
	fn propose_encumbrance() -> Weight;
	fn accept_encumbrance() -> Weight;
	fn reject_encumbrance() -> Weight;
	fn register_encumbrance() -> Weight;
	fn discharge_encumbrance() -> Weight;
	fn consent_to_sale() -> Weight;
	fn raise_dispute() -> Weight;
	fn resolve_dispute() -> Weight;
}
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn appoint_registrar() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn dismiss_registrar() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn register_parcel(_v: u32, _n: u32) -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn subdivide(_c: u32) -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn merge(_p: u32) -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn rectify_owner() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn propose_sale() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn accept_sale() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn approve_sale() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn object_to_sale() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn rule_on_objection() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn complete_sale() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn cancel_sale() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn propose_encumbrance() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn accept_encumbrance() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn reject_encumbrance() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn register_encumbrance() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn discharge_encumbrance() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn consent_to_sale() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn raise_dispute() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn resolve_dispute() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
}
impl WeightInfo for () {
	fn appoint_registrar() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn dismiss_registrar() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn register_parcel(_v: u32, _n: u32) -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn subdivide(_c: u32) -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn merge(_p: u32) -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn rectify_owner() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn propose_sale() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn accept_sale() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn approve_sale() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn object_to_sale() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn rule_on_objection() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn complete_sale() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn cancel_sale() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn propose_encumbrance() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn accept_encumbrance() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn reject_encumbrance() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn register_encumbrance() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn discharge_encumbrance() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn consent_to_sale() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn raise_dispute() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
	fn resolve_dispute() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
	}
}
