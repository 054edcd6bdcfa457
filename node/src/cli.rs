//! Command-line interface of `polis-node`.

use sc_cli::RunCmd;

/// The subcommands of `polis-node`; without one, the node runs.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect and insert keys, and generate node keys.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification. Kept beside `export-chain-spec` for tools (zombienet) that
	/// still call it.
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export a chain specification, plain or raw, to stdout or a file.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Benchmark pallets, storage, block overhead and the machine (a node built with
	/// `--features runtime-benchmarks`: the benchmarking tools' dependencies would add about
	/// a fifth to every build).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Database metadata.
	ChainInfo(sc_cli::ChainInfoCmd),
}

/// `polis-node`'s arguments.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A subcommand; without one, the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Options of the running node.
	#[clap(flatten)]
	pub run: RunCmd,

	/// A sensor gateway whose signed readings the off-chain worker relays (repeat the flag for
	/// several). Stored in the node's off-chain storage, so it holds across restarts.
	#[arg(long = "sensor-gateway", value_name = "URL")]
	pub sensor_gateways: Vec<String>,
}
