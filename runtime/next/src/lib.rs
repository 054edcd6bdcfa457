//! The Polis runtime with the `next-spec-version` feature: the same code one spec version
//! ahead, built only as Wasm (`WASM_BINARY`). The e2e suite's upgrade test sets it as the code
//! of a live chain, through the technical committee and the council, to show that an upgrade
//! keeps every pallet's data and that blocks keep finalizing.

#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

// The runtime's exported functions (its runtime APIs) reach the Wasm blob through this crate.
#[cfg(not(feature = "std"))]
pub use polis_runtime::*;
