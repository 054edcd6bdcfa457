//! The register's mechanics by feature; the calls in `lib.rs` compose them.

mod encumbrances;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
pub(crate) mod parcels;
mod reads;
mod rights;
mod sales;
