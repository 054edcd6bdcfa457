//! Traits and types that Polis pallets share.
//!
//! Pallets never import each other: what one pallet offers the others is a trait here,
//! implemented by the owning pallet and wired together in the runtime. Tests implement the
//! traits with mocks.

#![cfg_attr(not(feature = "std"), no_std)]

pub mod energy;
pub mod identity;
pub mod sensors;

/// Most items one page of a runtime API read returns.
pub const MAX_PAGE: u32 = 1_000;

pub use energy::*;
pub use identity::*;
pub use sensors::*;
