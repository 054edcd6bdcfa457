//! The runtime's base weights, measured on this runtime by the benchmark CLI
//! (scripts/measure-weights.sh): a block's and an extrinsic's fixed cost (`benchmark overhead`)
//! and a storage read's and write's (`benchmark storage` on ParityDB), each 1.25 times the
//! measured average.

pub mod block_weights;
pub mod extrinsic_weights;
pub mod paritydb_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
pub use paritydb_weights::ParityDbWeight;
