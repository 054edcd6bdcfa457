//! `sensor-gateway`: a simulated fleet of Polis devices behind one gateway.
//!
//! Every `--period-ms` each device signs a reading of its metric (`--metric`, with the value
//! `--value` gives or a simulated one); every `--anchor-ms` the
//! gateway builds a Merkle tree over the readings since its last anchor and signs the claim.
//! It serves, over HTTP:
//!
//! - `GET /feed`: SCALE `GatewayFeed { readings, anchors }`, what the sensor oracle's off-chain
//!   worker fetches;
//! - `GET /devices`: JSON, the gateway and device keys and each device's metric;
//! - `GET /registration?did=0x…&from=N`: JSON, each key's proof of possession for registering
//!   it under that DID in the DID pallet (the keys never leave the gateway), the gateway's
//!   first; the proofs are for the DID's device registrations number N (its
//!   `device_registrations`, default 0), N + 1, … in that order;
//! - `GET /anchors`: JSON, the kept anchor claims;
//! - `GET /proof?root=0x…&index=N`: JSON, a reading of an anchored batch with its Merkle proof,
//!   the arguments of `SensorOracleApi::verify_anchored_reading`;
//! - `GET /status`: JSON, readings produced and anchored.

mod fleet;

use clap::Parser;
use codec::Encode;
use fleet::{Fleet, FleetConfig};
use serde_json::{json, Value};
use sp_core::{bytes, crypto::AccountId32, H256};
use std::{
	io::{BufRead, BufReader, Read, Write},
	net::{TcpListener, TcpStream},
	sync::{Arc, Mutex},
	thread,
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

#[derive(Debug, Parser)]
#[command(
	about = "Simulates Polis devices and serves their signed readings and anchors over HTTP."
)]
struct Args {
	/// Address to serve on.
	#[arg(long, default_value = "127.0.0.1:8088")]
	listen: String,
	/// The chain's genesis hash; asked of `--node` if not given.
	#[arg(long)]
	genesis: Option<String>,
	/// A node's HTTP RPC endpoint, for the genesis hash.
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	node: String,
	/// Number of simulated devices.
	#[arg(long, default_value_t = 10)]
	devices: u32,
	/// The metrics the devices report, in turn: device `i` reports the `i mod n`-th of the
	/// comma-separated list (1 is `energy-import-wh` in the Polis presets, 2
	/// `energy-export-wh`).
	#[arg(long, value_delimiter = ',', default_value = "1")]
	metric: Vec<u32>,
	/// The values the devices report at every reading, in turn like `--metric`; a simulated
	/// spread of 100–499 if not given. With `--period-ms` equal to the chain's interval
	/// length, each interval of a device then sums to exactly its value.
	#[arg(long, value_delimiter = ',')]
	value: Vec<i64>,
	/// Device `i`'s key is derived from `<device-seed>/<i>`.
	#[arg(long, default_value = "//polis/sensor")]
	device_seed: String,
	#[arg(long, default_value = "//polis/gateway")]
	gateway_seed: String,
	/// Milliseconds between two readings of a device.
	#[arg(long, default_value_t = 2_000)]
	period_ms: u64,
	/// Milliseconds between two anchors; 0 never anchors.
	#[arg(long, default_value_t = 12_000)]
	anchor_ms: u64,
	/// How long readings stay in the served feed (ms).
	#[arg(long, default_value_t = 300_000)]
	window_ms: u64,
	/// Most readings the feed serves (the newest).
	#[arg(long, default_value_t = 8_192)]
	max_feed: usize,
	/// Serve anchors only, no readings: for fleets too large to relay reading by reading.
	#[arg(long)]
	anchors_only: bool,
}

fn main() {
	let args = Args::parse();
	let genesis = match &args.genesis {
		Some(hex) => parse_hash(hex).unwrap_or_else(|| fail("--genesis is not a 32-byte hex hash")),
		None => genesis_of(&args.node).unwrap_or_else(|error| fail(&error)),
	};
	let fleet = Fleet::new(FleetConfig {
		genesis,
		metrics: args.metric.clone(),
		values: args.value.clone(),
		devices: args.devices,
		device_seed: args.device_seed.clone(),
		gateway_seed: args.gateway_seed.clone(),
		window_ms: args.window_ms,
		max_feed: if args.anchors_only { 0 } else { args.max_feed },
	});
	let fleet = Arc::new(Mutex::new(fleet));
	spawn_every(args.period_ms, fleet.clone(), |fleet| fleet.produce(now_ms()));
	if args.anchor_ms > 0 {
		spawn_every(args.anchor_ms, fleet.clone(), |fleet| {
			fleet.anchor();
		});
	}

	let listener = TcpListener::bind(&args.listen)
		.unwrap_or_else(|error| fail(&format!("cannot listen on {}: {error}", args.listen)));
	println!(
		"sensor-gateway: {} devices, metrics {:?}, genesis {genesis:?}, serving http://{}",
		args.devices, args.metric, args.listen
	);
	for stream in listener.incoming().flatten() {
		let fleet = fleet.clone();
		thread::spawn(move || {
			if let Err(error) = serve(stream, &fleet) {
				eprintln!("sensor-gateway: {error}");
			}
		});
	}
}

fn fail(message: &str) -> ! {
	eprintln!("sensor-gateway: {message}");
	std::process::exit(1)
}

fn now_ms() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// Runs `action` at a fixed rate, every `period_ms` from the start however long it takes (a
/// late run starts at once), so that a large fleet still reports at its nominal rate.
fn spawn_every(period_ms: u64, fleet: Arc<Mutex<Fleet>>, action: fn(&mut Fleet)) {
	let period = Duration::from_millis(period_ms.max(1));
	thread::spawn(move || {
		let mut next = Instant::now();
		loop {
			if let Ok(mut fleet) = fleet.lock() {
				action(&mut fleet);
			}
			next += period;
			thread::sleep(next.saturating_duration_since(Instant::now()));
		}
	});
}

fn parse_hash(hex: &str) -> Option<H256> {
	let raw = bytes::from_hex(hex).ok()?;
	(raw.len() == 32).then(|| H256::from_slice(&raw))
}

fn hex(data: impl AsRef<[u8]>) -> String {
	bytes::to_hex(data.as_ref(), false)
}

/// Asks a node's HTTP JSON-RPC for its genesis hash.
fn genesis_of(node: &str) -> Result<H256, String> {
	let address = node.strip_prefix("http://").unwrap_or(node).trim_end_matches('/');
	let body = r#"{"jsonrpc":"2.0","id":1,"method":"chain_getBlockHash","params":[0]}"#;
	let mut stream =
		TcpStream::connect(address).map_err(|error| format!("cannot reach {node}: {error}"))?;
	write!(
		stream,
		"POST / HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
		body.len()
	)
	.map_err(|error| error.to_string())?;
	let mut response = String::new();
	stream.read_to_string(&mut response).map_err(|error| error.to_string())?;
	let json = response.split("\r\n\r\n").nth(1).ok_or("no body in the node's answer")?;
	let value: Value = serde_json::from_str(json.trim()).map_err(|error| error.to_string())?;
	value["result"]
		.as_str()
		.and_then(parse_hash)
		.ok_or_else(|| format!("unexpected answer from {node}: {json}"))
}

fn serve(mut stream: TcpStream, fleet: &Mutex<Fleet>) -> std::io::Result<()> {
	let mut request_line = String::new();
	let mut reader = BufReader::new(stream.try_clone()?);
	reader.read_line(&mut request_line)?;
	loop {
		let mut header = String::new();
		if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
			break;
		}
	}
	let target = request_line.split_whitespace().nth(1).unwrap_or("/");
	let (path, query) = target.split_once('?').unwrap_or((target, ""));
	let param =
		|name: &str| query.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='));
	let fleet = fleet.lock().map_err(|_| std::io::Error::other("the fleet lock is poisoned"))?;
	let (status, content_type, body) = match path {
		"/feed" => ("200 OK", "application/octet-stream", fleet.feed().encode()),
		"/devices" => json_ok(json!({
			"gateway": hex(fleet.gateway_key().encode_raw()),
			"devices": fleet.device_keys().iter().map(|key| hex(key.encode_raw())).collect::<Vec<_>>(),
			"metrics": fleet.metrics(),
		})),
		"/status" => {
			let (produced, anchored) = fleet.counts();
			json_ok(json!({ "produced": produced, "anchored": anchored }))
		},
		"/anchors" => json_ok(Value::Array(
			fleet
				.batches()
				.map(|batch| {
					let claim = batch.claim.claim;
					json!({
						"gateway": hex(claim.gateway.encode_raw()),
						"root": hex(claim.root),
						"count": claim.count,
						"from": claim.from,
						"until": claim.until,
						"signature": hex(batch.claim.signature.encode()),
					})
				})
				.collect(),
		)),
		"/registration" => match (
			param("did").and_then(parse_hash),
			param("from").map_or(Some(0), |from| from.parse().ok()),
		) {
			(Some(did), Some(first)) => json_ok(Value::Array(
				fleet
					.registration_proofs(&AccountId32::new(did.0), first)
					.into_iter()
					.map(|(key, kind, proof)| {
						json!({
							"device": hex(key.encode_raw()),
							"kind": format!("{kind:?}"),
							"proof": hex(proof.encode_raw()),
						})
					})
					.collect(),
			)),
			_ => bad_request(
				"give did=0x<32-byte account id> and optionally from=<the DID's device registrations>",
			),
		},
		"/proof" => {
			let root = param("root").and_then(parse_hash);
			let index = param("index").and_then(|index| index.parse().ok());
			match (root, index) {
				(Some(root), Some(index)) => match fleet.proof(root, index) {
					Some(proof) => json_ok(json!({
						"reading": {
							"device": hex(proof.reading.device.encode_raw()),
							"metric": proof.reading.reading.metric,
							"value": proof.reading.reading.value,
							"timestamp": proof.reading.reading.timestamp,
							"signature": hex(proof.reading.signature.encode_raw()),
						},
						"encoded": hex(proof.reading.encode()),
						"proof": proof.proof.iter().map(hex).collect::<Vec<_>>(),
						"leafIndex": proof.leaf_index,
						"count": proof.count,
					})),
					None => ("404 Not Found", "text/plain", b"no such anchored reading".to_vec()),
				},
				_ => bad_request("give root=0x<hash>&index=<leaf>"),
			}
		},
		_ => ("404 Not Found", "text/plain", b"not found".to_vec()),
	};
	drop(fleet);
	write!(
		stream,
		"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
		body.len()
	)?;
	stream.write_all(&body)?;
	stream.flush()
}

fn json_ok(value: Value) -> (&'static str, &'static str, Vec<u8>) {
	("200 OK", "application/json", value.to_string().into_bytes())
}

fn bad_request(hint: &str) -> (&'static str, &'static str, Vec<u8>) {
	("400 Bad Request", "text/plain", hint.as_bytes().to_vec())
}

/// The bytes of a key or signature without its scheme, as polkadot.js writes them.
trait EncodeRaw {
	fn encode_raw(&self) -> Vec<u8>;
}

impl EncodeRaw for polis_primitives::PublicKey {
	fn encode_raw(&self) -> Vec<u8> {
		self.encode()[1..].to_vec()
	}
}

impl EncodeRaw for sp_runtime::MultiSignature {
	fn encode_raw(&self) -> Vec<u8> {
		self.encode()[1..].to_vec()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn every_option_has_a_default_and_lists_split_on_commas() {
		let defaults = Args::try_parse_from(["sensor-gateway"]).expect("no option is required");
		assert_eq!((defaults.metric, defaults.value), (vec![1], vec![]));
		let given =
			Args::try_parse_from(["sensor-gateway", "--metric", "2,2,1", "--value", "2500,-4"])
				.expect("lists parse");
		assert_eq!((given.metric, given.value), (vec![2, 2, 1], vec![2_500, -4]));
	}
}
