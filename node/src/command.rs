//! Dispatches `polis-node`'s subcommands.

#[cfg(feature = "runtime-benchmarks")]
use frame_benchmarking_cli::{BenchmarkCmd, SUBSTRATE_REFERENCE_HARDWARE};
use polis_runtime::opaque::Block;
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;
#[cfg(feature = "runtime-benchmarks")]
use sp_runtime::traits::HashingFor;

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"Polis Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://example.invalid/polis/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		chain_spec::load(id)
	}
}

/// Parses the command line and runs the node or the chosen subcommand.
pub fn run() -> sc_cli::Result<()> {
	let cli = Cli::from_args();
	// Addresses the node prints (logs, `did_resolve`) use Polis's own SS58 prefix.
	sp_core::crypto::set_default_ss58_version(polis_runtime::SS58_PREFIX.into());

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let chain_spec = cli.load_spec(&cmd.chain)?;
			cmd.run(chain_spec)
		},
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		// Benchmarking a runtime Wasm given by path needs no chain spec, so it runs without a
		// runner (which loads one): the node scripts/benchmark.sh builds carries no Wasm of its
		// own, and so no built-in chain spec.
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(BenchmarkCmd::Pallet(cmd))) if cmd.runtime.is_some() => {
			cmd.run_with_spec::<HashingFor<Block>, ()>(None)
		},
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| match cmd {
				BenchmarkCmd::Pallet(cmd) => {
					cmd.run_with_spec::<HashingFor<Block>, ()>(Some(config.chain_spec))
				},
				BenchmarkCmd::Block(cmd) => {
					let PartialComponents { client, .. } = service::new_partial(&config)?;
					cmd.run(client)
				},
				BenchmarkCmd::Storage(cmd) => {
					let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
					let db = backend.expose_db();
					let storage = backend.expose_storage();
					let shared_cache = backend.expose_shared_trie_cache();
					cmd.run(config, client, db, storage, shared_cache)
				},
				BenchmarkCmd::Overhead(cmd) => {
					cmd.run_with_default_builder_and_spec::<Block, ()>(Some(config.chain_spec))
				},
				BenchmarkCmd::Extrinsic(_) => {
					Err("`benchmark extrinsic` is not supported; use `benchmark overhead` for the \
					 per-extrinsic base weight and `benchmark pallet` for calls"
						.into())
				},
				BenchmarkCmd::Machine(cmd) => {
					cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone())
				},
			})
		},
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		},
		None => {
			let runner = cli.create_runner(&cli.run)?;
			let sensor_gateways = cli.sensor_gateways.clone();
			runner.run_node_until_exit(|mut config| async move {
				// sc-cli lets the RPC server move to a random port when the requested one is
				// taken; an operator who asked for a port must get an error instead.
				for endpoint in config.rpc.addr.iter_mut().flatten() {
					endpoint.retry_random_port = false;
				}
				ensure_ports_free(&config)?;
				match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => {
						service::new_full::<
							sc_network::NetworkWorker<
								Block,
								<Block as sp_runtime::traits::Block>::Hash,
							>,
						>(config, sensor_gateways)
						.map_err(sc_cli::Error::Service)
					},
					sc_network::config::NetworkBackendType::Litep2p => service::new_full::<
						sc_network::Litep2pNetworkBackend,
					>(
						config, sensor_gateways
					)
					.map_err(sc_cli::Error::Service),
				}
			})
		},
	}
}

/// Fails with an error naming the port when a port the node must listen on is taken, before
/// anything starts (the servers' own errors do not say which address they could not bind).
fn ensure_ports_free(config: &sc_service::Configuration) -> sc_cli::Result<()> {
	let rpc = config
		.rpc
		.addr
		.iter()
		.flatten()
		.filter(|endpoint| !endpoint.is_optional)
		.map(|endpoint| ("RPC", "--rpc-port", endpoint.listen_addr));
	let prometheus =
		config.prometheus_config.iter().map(|p| ("Prometheus", "--prometheus-port", p.port));
	let p2p = config
		.network
		.listen_addresses
		.iter()
		.filter_map(tcp_address)
		.map(|address| ("p2p", "--port", address));
	for (service, flag, address) in rpc.chain(prometheus).chain(p2p) {
		if let Err(error) = std::net::TcpListener::bind(address) {
			if error.kind() == std::io::ErrorKind::AddrInUse {
				return Err(sc_cli::Error::Input(format!(
					"The {service} port {address} is already in use: stop what listens there or \
					 choose another port with {flag}"
				)));
			}
		}
	}
	Ok(())
}

/// The IP and TCP port of a listen multiaddress such as `/ip4/0.0.0.0/tcp/30333`.
fn tcp_address(address: &sc_network::Multiaddr) -> Option<std::net::SocketAddr> {
	use sc_network::multiaddr::Protocol;
	let (mut ip, mut port) = (None, None);
	for protocol in address.iter() {
		match protocol {
			Protocol::Ip4(v4) => ip = Some(std::net::IpAddr::V4(v4)),
			Protocol::Ip6(v6) => ip = Some(std::net::IpAddr::V6(v6)),
			Protocol::Tcp(tcp) => port = Some(tcp),
			_ => {},
		}
	}
	Some(std::net::SocketAddr::new(ip?, port?))
}
