//! The runtime's base weights, measured on this runtime by the benchmark CLI
//! (scripts/measure-weights.sh): a block's and an extrinsic's fixed cost (`benchmark overhead`)
//! and a storage read's and write's (`benchmark storage` on ParityDB), each 1.25 times the
//! measured average; and the weights of the polkadot-sdk pallets and transaction extensions
//! measured on this runtime (`scripts/benchmark.sh upstream`).

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system_extensions;
pub mod pallet_collective;
pub mod pallet_membership;
pub mod pallet_migrations;
pub mod pallet_multisig;
pub mod pallet_preimage;
pub mod pallet_proxy;
pub mod pallet_scheduler;
pub mod pallet_transaction_payment;
pub mod pallet_whitelist;
pub mod paritydb_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
pub use paritydb_weights::ParityDbWeight;
