//! `polis-node`: the Polis chain's node binary.

#![warn(missing_docs)]
// sc-cli and sc-service fix the error types a node returns, and theirs are large.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
