//! `polis-load`: how many transactions of each kind a real `polis-node` takes in, per second and
//! per block.
//!
//! For each scenario the tool derives `--accounts` accounts (`//Load/<n>`), sets up what they
//! need (Alice funds them; a scenario may need DIDs, a schema, a trusted issuer), pre-signs
//! `--per-account` transactions from each with explicit nonces, submits them all at once, and
//! follows the best blocks until every one is in a block: it prints how many landed per second
//! and per block, the normal class's weight each block used, and what was left in the pool.
//!
//! The calls are typed by code that `subxt` generates from `polis-metadata.scale`, the runtime's
//! metadata (V16) as `node tools/polis-load/fetch-metadata.mjs` fetches it from a dev node.

use std::{
	collections::HashSet,
	time::{Duration, Instant},
};

use clap::{Parser, ValueEnum};
use subxt::{
	client::OnlineClientAtBlockImpl,
	config::{DefaultExtrinsicParamsBuilder, RpcConfigFor},
	rpcs::{client::RpcParams, LegacyRpcMethods, RpcClient},
	transactions::SubmittableTransaction,
	utils::{AccountId32, MultiAddress, H256},
	OnlineClient, OnlineClientAtBlock, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};

#[subxt::subxt(runtime_metadata_path = "polis-metadata.scale")]
mod polis {}

use polis::runtime_types::{
	bounded_collections::bounded_vec::BoundedVec,
	frame_system::pallet::Call as SystemCall,
	pallet_did::pallet::Call as DidCall,
	pallet_energy_market::pallet::Call as EnergyCall,
	pallet_land_registry::{geometry::Point, pallet::Call as LandCall},
	pallet_utility::pallet::Call as UtilityCall,
	polis_runtime::RuntimeCall,
};

type Client = OnlineClient<PolkadotConfig>;
type Rpc = LegacyRpcMethods<RpcConfigFor<PolkadotConfig>>;

/// The node under load, through subxt's client and the RPC methods it does not wrap.
struct Node {
	client: Client,
	legacy: Rpc,
	rpc: RpcClient,
}
type Params = DefaultExtrinsicParamsBuilder<PolkadotConfig>;
type Transaction = SubmittableTransaction<PolkadotConfig, OnlineClientAtBlockImpl<PolkadotConfig>>;
type Error = Box<dyn std::error::Error>;

/// One POLIS in plancks.
const UNIT: u128 = 1_000_000_000_000;
/// Most transactions Alice funds accounts with in one `utility.batch_all`.
const FUNDING_BATCH: usize = 500;
/// A scenario ends once this many blocks pass with none of its transactions in them.
const IDLE_BLOCKS: u32 = 10;
/// How long a measurement waits for its last block to be finalized.
const FINALITY_WAIT: Duration = Duration::from_secs(120);
/// Readings in one `submit_readings`.
const READINGS_PER_CALL: usize = 512;
/// The dev presets' `energy-import-wh` metric, which the meters report.
const ENERGY_IMPORT: u32 = 1;
/// What a device signs to show it belongs to a DID (`pallet_did::DEVICE_PROOF_CONTEXT`).
const DEVICE_PROOF_CONTEXT: &[u8] = b"polis:device-registration";
/// What a device signs with a reading (`pallet_sensor_oracle::READING_CONTEXT`).
const READING_CONTEXT: &[u8] = b"polis:reading";

#[derive(Parser)]
#[command(about = "Measures transactions per second and per block through a real polis-node")]
struct Args {
	/// The node's WebSocket RPC.
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// What to load the chain with, in this order (all but `transfers` need the accounts'
	/// DIDs: run `dids` first, on a fresh chain; `orders` needs their meters from `readings`).
	#[arg(
		long,
		value_delimiter = ',',
		default_value = "transfers,dids,attestations,readings,titles,orders"
	)]
	scenario: Vec<Scenario>,
	/// How many accounts sign.
	#[arg(long, default_value_t = 500)]
	accounts: u32,
	/// Transactions each account signs in `transfers`; `dids` signs one each, `attestations`
	/// one per account (all by the issuer).
	#[arg(long, default_value_t = 4)]
	per_account: u32,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum, Debug)]
enum Scenario {
	/// `balances.transfer_keep_alive` from every account to the next.
	Transfers,
	/// `did.create`: every account creates its DID.
	Dids,
	/// `did.attest`: one trusted issuer (Alice) attests a credential to every account.
	Attestations,
	/// `sensor_oracle.submit_readings`: each account's meter signs one reading, in a feed of its
	/// own (the city case), carried `READINGS_PER_CALL` a transaction.
	Readings,
	/// A title transfer, each step measured: Alice, the registrar, registers a parcel for every
	/// account; each account offers it to the next account, who pays into escrow; Alice
	/// approves and each seller completes the sale.
	Titles,
	/// `energy_market.place_order`: every account, a market participant, places an order on
	/// its meter (from `readings`) for one slot, buying and selling in turn.
	Orders,
}

/// What a scenario (or one stage of it) measured.
struct Figures {
	/// The scenario, and the stage for a scenario of several.
	label: String,
	submitted: usize,
	included: usize,
	/// Transactions in blocks whose call failed.
	failed: usize,
	seconds: f64,
	per_block: Vec<usize>,
	/// Each block's normal-class weight used, as a share of the class's maximum.
	weight_shares: Vec<f64>,
	/// What each transaction carries on average (readings; one for the other scenarios).
	items_per_transaction: f64,
	left_in_pool: usize,
}

#[tokio::main]
async fn main() -> Result<(), Error> {
	let args = Args::parse();
	let rpc = RpcClient::from_url(&args.url).await?;
	let node = Node {
		client: Client::from_rpc_client(rpc.clone()).await?,
		legacy: Rpc::new(rpc.clone()),
		rpc,
	};
	let alice = keypair("//Alice")?;
	let accounts: Vec<Keypair> =
		(0..args.accounts).map(|n| keypair(&format!("//Load/{n}"))).collect::<Result<_, _>>()?;

	let mut figures = Vec::new();
	for scenario in &args.scenario {
		eprintln!("[{scenario:?}] setting up {} accounts", accounts.len());
		match scenario {
			Scenario::Transfers => {
				let transactions = transfers(&node, &alice, &accounts, args.per_account).await?;
				figures.push(measure(&node, "Transfers", transactions).await?);
			},
			Scenario::Dids => {
				let transactions = dids(&node, &alice, &accounts).await?;
				figures.push(measure(&node, "Dids", transactions).await?);
			},
			Scenario::Attestations => {
				let transactions = attestations(&node, &alice, &accounts).await?;
				figures.push(measure(&node, "Attestations", transactions).await?);
			},
			Scenario::Readings => {
				let transactions = readings(&node, &alice, &accounts).await?;
				let mut measured = measure(&node, "Readings", transactions).await?;
				let accepted = accepted_readings(&node, accounts.len()).await?;
				if accepted < accounts.len() {
					return Err(
						format!("{accepted} of {} readings accepted", accounts.len()).into()
					);
				}
				measured.items_per_transaction = accepted as f64 / measured.submitted.max(1) as f64;
				figures.push(measured);
			},
			Scenario::Titles => figures.extend(titles(&node, &alice, &accounts).await?),
			Scenario::Orders => {
				let transactions = orders(&node, &alice, &accounts).await?;
				figures.push(measure(&node, "Orders", transactions).await?);
			},
		}
	}
	print_table(&figures);
	if figures.iter().any(|figure| figure.included < figure.submitted || figure.failed > 0) {
		return Err("not every transaction landed and succeeded".into());
	}
	Ok(())
}

fn keypair(uri: &str) -> Result<Keypair, Error> {
	Ok(Keypair::from_uri(&uri.parse::<SecretUri>()?)?)
}

fn account(pair: &Keypair) -> AccountId32 {
	pair.public_key().to_account_id()
}

/// The value at a plain storage `address` in the current block.
async fn current_value<Addr>(node: &Node, address: Addr) -> Result<Addr::Value, Error>
where
	Addr: subxt::storage::Address<KeyParts = ()>,
{
	let at = node.client.at_current_block().await?;
	Ok(at.storage().entry(address)?.fetch(()).await?.decode()?)
}

/// The account's next nonce, counting what the pool holds.
async fn next_nonce(node: &Node, pair: &Keypair) -> Result<u64, Error> {
	Ok(node.legacy.system_account_next_index(&account(pair)).await?)
}

/// A transaction signed and encoded, with its hash.
struct Signed {
	hash: H256,
	bytes: Vec<u8>,
}

/// `call` signed from `signer` with `nonce`, immortal, offline (with `at`'s metadata and
/// runtime version).
fn signed_offline<Call: subxt::transactions::Payload>(
	at: &OnlineClientAtBlock<PolkadotConfig>,
	call: &Call,
	signer: &Keypair,
	nonce: u64,
) -> Result<Transaction, Error> {
	let mut signable = at
		.transactions()
		.create_signable_offline(call, Params::new().immortal().nonce(nonce).build())?;
	Ok(signable.sign(signer)?)
}

/// Signs `call` as [`signed_offline`] does, for submitting later.
fn sign<Call: subxt::transactions::Payload>(
	at: &OnlineClientAtBlock<PolkadotConfig>,
	call: &Call,
	signer: &Keypair,
	nonce: u64,
) -> Result<Signed, Error> {
	let signed = signed_offline(at, call, signer, nonce)?;
	Ok(Signed { hash: signed.hash(), bytes: signed.into_encoded() })
}

/// Signs and submits `call` from `signer` (with the nonce the pool expects) and waits until it
/// succeeded in a finalized block.
async fn submit_and_wait<Call: subxt::transactions::Payload>(
	node: &Node,
	call: &Call,
	signer: &Keypair,
) -> Result<(), Error> {
	let nonce = next_nonce(node, signer).await?;
	let at = node.client.at_current_block().await?;
	let signed = signed_offline(&at, call, signer, nonce)?;
	signed.submit_and_watch().await?.wait_for_finalized_success().await?;
	Ok(())
}

/// Gives every account `amount`, in batches from Alice.
async fn fund(
	node: &Node,
	alice: &Keypair,
	accounts: &[Keypair],
	amount: u128,
) -> Result<(), Error> {
	let at = node.client.at_current_block().await?;
	let mut nonce = next_nonce(node, alice).await?;
	let mut batches = Vec::new();
	for chunk in accounts.chunks(FUNDING_BATCH) {
		let calls = chunk
			.iter()
			.map(|pair| {
				RuntimeCall::Balances(
					polis::runtime_types::pallet_balances::pallet::Call::transfer_keep_alive {
						dest: MultiAddress::Id(account(pair)),
						value: amount,
					},
				)
			})
			.collect();
		batches.push(sign(&at, &polis::transactions().utility().batch_all(calls), alice, nonce)?);
		nonce += 1;
	}
	let count = batches.len();
	measure_quietly(node, batches, count).await
}

async fn transfers(
	node: &Node,
	alice: &Keypair,
	accounts: &[Keypair],
	per_account: u32,
) -> Result<Vec<Signed>, Error> {
	fund(node, alice, accounts, 10 * UNIT).await?;
	let at = node.client.at_current_block().await?;
	let mut transactions = Vec::new();
	for (index, pair) in accounts.iter().enumerate() {
		let next = &accounts[(index + 1) % accounts.len()];
		let first = next_nonce(node, pair).await?;
		for n in 0..u64::from(per_account) {
			let call = polis::transactions()
				.balances()
				.transfer_keep_alive(MultiAddress::Id(account(next)), UNIT / 100);
			transactions.push(sign(&at, &call, pair, first + n)?);
		}
	}
	Ok(transactions)
}

async fn dids(node: &Node, alice: &Keypair, accounts: &[Keypair]) -> Result<Vec<Signed>, Error> {
	// A DID's deposit and the fee.
	fund(node, alice, accounts, 10 * UNIT).await?;
	let at = node.client.at_current_block().await?;
	let mut transactions = Vec::new();
	for pair in accounts {
		let key = polis::runtime_types::polis_primitives::identity::PublicKey::Sr25519(
			pair.public_key().0,
		);
		let call = polis::transactions().did().create(key);
		let nonce = next_nonce(node, pair).await?;
		transactions.push(sign(&at, &call, pair, nonce)?);
	}
	Ok(transactions)
}

async fn attestations(
	node: &Node,
	alice: &Keypair,
	accounts: &[Keypair],
) -> Result<Vec<Signed>, Error> {
	let schema = trusted_schema(node, alice, "polis-load-attestation").await?;
	credentials(node, alice, accounts, schema, None).await
}

/// Alice's attestations of `schema` (scoped to `scope`) to every account, signed.
async fn credentials(
	node: &Node,
	alice: &Keypair,
	accounts: &[Keypair],
	schema: u32,
	scope: Option<u32>,
) -> Result<Vec<Signed>, Error> {
	let at = node.client.at_current_block().await?;
	let first = next_nonce(node, alice).await?;
	let mut transactions = Vec::new();
	for (n, pair) in accounts.iter().enumerate() {
		let claim = H256::from_low_u64_be(n as u64);
		let call = polis::transactions().did().attest(account(pair), schema, claim, 0, None, scope);
		transactions.push(sign(&at, &call, alice, first + n as u64)?);
	}
	Ok(transactions)
}

/// A new credential schema (named `name` and the time) whose trusted issuer is Alice, who gets
/// a DID first if she has none.
async fn trusted_schema(node: &Node, alice: &Keypair, name: &str) -> Result<u32, Error> {
	let at = node.client.at_current_block().await?;
	let alice_did =
		at.storage().entry(polis::storage().did().dids())?.try_fetch((account(alice),)).await?;
	if alice_did.is_none() {
		let key = polis::runtime_types::polis_primitives::identity::PublicKey::Sr25519(
			alice.public_key().0,
		);
		submit_and_wait(node, &polis::transactions().did().create(key), alice).await?;
	}
	let started = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?;
	let name = format!("{name}-{}", started.as_millis()).into_bytes();
	let register =
		polis::transactions().did().register_schema(BoundedVec(name), H256::repeat_byte(7));
	submit_and_wait(node, &register, alice).await?;
	// The schema just registered: the last one, as the call succeeded in a finalized block.
	let next = current_value(node, polis::storage().did().next_schema_id()).await?;
	let schema = next.checked_sub(1).ok_or("no schema registered")?;
	sudo(
		node,
		alice,
		vec![RuntimeCall::Did(DidCall::add_trusted_issuer { schema, issuer: account(alice) })],
	)
	.await?;
	Ok(schema)
}

/// Dispatches `calls` as Root, through Alice's sudo key, in one `batch_all`.
async fn sudo(node: &Node, alice: &Keypair, calls: Vec<RuntimeCall>) -> Result<(), Error> {
	let batch = RuntimeCall::Utility(UtilityCall::batch_all { calls });
	submit_and_wait(node, &polis::transactions().sudo().sudo(batch), alice).await
}

/// The `system.set_storage` item that sets the runtime's storage parameter `name`.
fn parameter(name: &str, value: impl subxt::ext::codec::Encode) -> (Vec<u8>, Vec<u8>) {
	(sp_crypto_hashing::twox_128(format!(":{name}:").as_bytes()).to_vec(), value.encode())
}

async fn readings(
	node: &Node,
	alice: &Keypair,
	accounts: &[Keypair],
) -> Result<Vec<Signed>, Error> {
	use polis::runtime_types::{
		pallet_sensor_oracle::{
			pallet::Call as OracleCall,
			types::{Reading, SignedReading},
		},
		polis_primitives::identity::{DeviceKind, PublicKey},
		sp_runtime::MultiSignature,
	};
	use subxt::ext::codec::Encode;

	// A feed's deposit and the fees.
	fund(node, alice, accounts, 30 * UNIT).await?;
	let at = node.client.at_current_block().await?;
	let genesis = node.client.genesis_hash();
	let meters: Vec<Keypair> = (0..accounts.len())
		.map(|n| keypair(&format!("//Load/{n}/meter")))
		.collect::<Result<_, _>>()?;
	// Each account registers its meter as its first device and opens the meter's feed.
	let mut setup = Vec::new();
	for (pair, meter) in accounts.iter().zip(&meters) {
		let proof_message = (DEVICE_PROOF_CONTEXT, genesis, account(pair), 0u32).encode();
		let device = || PublicKey::Sr25519(meter.public_key().0);
		let calls = vec![
			RuntimeCall::Did(DidCall::register_device {
				device: device(),
				kind: DeviceKind::ElectricityMeter,
				metadata: None,
				proof: MultiSignature::Sr25519(meter.sign(&proof_message).0),
			}),
			RuntimeCall::SensorOracle(OracleCall::open_feed {
				device: device(),
				metric: ENERGY_IMPORT,
			}),
		];
		let nonce = next_nonce(node, pair).await?;
		setup.push(sign(&at, &polis::transactions().utility().batch_all(calls), pair, nonce)?);
	}
	let count = setup.len();
	measure_quietly(node, setup, count).await?;

	// One reading a meter, at the chain's time, carried by the accounts in turn.
	let now = current_value(node, polis::storage().timestamp().now()).await?;
	let mut signed = meters.iter().map(|meter| {
		let key = meter.public_key().0;
		let (metric, value, timestamp) = (ENERGY_IMPORT, 250i64, now);
		// The device key encodes as its enum's first variant, `Sr25519`.
		let message = (READING_CONTEXT, genesis, 0u8, key, metric, value, timestamp).encode();
		SignedReading {
			device: PublicKey::Sr25519(key),
			reading: Reading { metric, value, timestamp },
			signature: MultiSignature::Sr25519(meter.sign(&message).0),
		}
	});
	let mut transactions = Vec::new();
	for carrier in accounts {
		let chunk: Vec<SignedReading> = signed.by_ref().take(READINGS_PER_CALL).collect();
		if chunk.is_empty() {
			break;
		}
		let call = polis::transactions().sensor_oracle().submit_readings(BoundedVec(chunk));
		let nonce = next_nonce(node, carrier).await?;
		transactions.push(sign(&at, &call, carrier, nonce)?);
	}
	Ok(transactions)
}

/// The district the title scenario registers parcels in.
const LOAD_DISTRICT: u32 = 90;
/// The zone the order scenario trades in.
const LOAD_ZONE: u32 = 90;
/// What each title sells for.
const TITLE_PRICE: u128 = UNIT;

/// Parcel `n`: a 90 m square alone in its 110 m cell of a grid north of the equator.
fn parcel_boundary(n: usize) -> Vec<Point> {
	const CELL: i32 = 10_000;
	const SIDE: i32 = 9_000;
	let (row, column) = ((n / 1_000) as i32, (n % 1_000) as i32);
	let (lat, lon) = (100_000_000 + row * CELL + 500, column * CELL + 500);
	vec![
		Point { lat, lon },
		Point { lat, lon: lon + SIDE },
		Point { lat: lat + SIDE, lon: lon + SIDE },
		Point { lat: lat + SIDE, lon },
	]
}

/// Sets Alice up as the registrar of `LOAD_DISTRICT` (with sales approved free of an objection
/// period), registers a parcel for every account, then measures a sale of each to the next
/// account step by step.
async fn titles(node: &Node, alice: &Keypair, accounts: &[Keypair]) -> Result<Vec<Figures>, Error> {
	use polis::runtime_types::pallet_land_registry::types::LandUse;

	// The sale deposit, the price in escrow and the fees.
	fund(node, alice, accounts, 10 * UNIT).await?;
	let schema = trusted_schema(node, alice, "polis-load-registrar").await?;
	let credential = polis::transactions().did().attest(
		account(alice),
		schema,
		H256::repeat_byte(9),
		0,
		None,
		Some(LOAD_DISTRICT),
	);
	submit_and_wait(node, &credential, alice).await?;
	let registrars = polis::storage().land_registry().registrars();
	let at = node.client.at_current_block().await?;
	let appointed =
		at.storage().entry(registrars)?.try_fetch((LOAD_DISTRICT, account(alice))).await?;
	let mut setup = vec![RuntimeCall::System(SystemCall::set_storage {
		items: vec![parameter("LandRegistrarSchema", schema), parameter("ObjectionPeriod", 0u32)],
	})];
	if appointed.is_none() {
		setup.push(RuntimeCall::LandRegistry(LandCall::appoint_registrar {
			district: LOAD_DISTRICT,
			registrar: account(alice),
		}));
	}
	sudo(node, alice, setup).await?;

	// Parcels are numbered in the order Alice's nonces put them in; numbers not yet given out
	// place them clear of earlier runs' parcels.
	let first_parcel =
		current_value(node, polis::storage().land_registry().next_parcel_id()).await?;
	let at = node.client.at_current_block().await?;
	let nonce = next_nonce(node, alice).await?;
	let mut registrations = Vec::new();
	for (n, pair) in accounts.iter().enumerate() {
		let call = polis::transactions().land_registry().register_parcel(
			LOAD_DISTRICT,
			BoundedVec(parcel_boundary(first_parcel as usize + n)),
			LandUse::Residential,
			H256::from_low_u64_be(n as u64),
			account(pair),
		);
		registrations.push(sign(&at, &call, alice, nonce + n as u64)?);
	}
	let mut figures = vec![measure(node, "Titles: register_parcel", registrations).await?];

	let parcel = |n: usize| first_parcel + n as u64;
	let buyer = |n: usize| &accounts[(n + 1) % accounts.len()];
	let at = node.client.at_current_block().await?;
	let mut proposals = Vec::new();
	for (n, seller) in accounts.iter().enumerate() {
		let call = polis::transactions().land_registry().propose_sale(
			parcel(n),
			account(buyer(n)),
			TITLE_PRICE,
		);
		proposals.push(sign(&at, &call, seller, next_nonce(node, seller).await?)?);
	}
	figures.push(measure(node, "Titles: propose_sale", proposals).await?);

	let mut acceptances = Vec::new();
	for n in 0..accounts.len() {
		let call = polis::transactions().land_registry().accept_sale(parcel(n), TITLE_PRICE);
		acceptances.push(sign(&at, &call, buyer(n), next_nonce(node, buyer(n)).await?)?);
	}
	figures.push(measure(node, "Titles: accept_sale", acceptances).await?);

	let nonce = next_nonce(node, alice).await?;
	let mut approvals = Vec::new();
	for n in 0..accounts.len() {
		let call = polis::transactions().land_registry().approve_sale(parcel(n));
		approvals.push(sign(&at, &call, alice, nonce + n as u64)?);
	}
	figures.push(measure(node, "Titles: approve_sale", approvals).await?);

	let mut completions = Vec::new();
	for (n, seller) in accounts.iter().enumerate() {
		let call = polis::transactions().land_registry().complete_sale(parcel(n));
		completions.push(sign(&at, &call, seller, next_nonce(node, seller).await?)?);
	}
	figures.push(measure(node, "Titles: complete_sale", completions).await?);
	Ok(figures)
}

/// Makes every account a participant of `LOAD_ZONE` (Alice attests the credential, each
/// joins), then signs an order from each on its meter for the slot after next.
async fn orders(node: &Node, alice: &Keypair, accounts: &[Keypair]) -> Result<Vec<Signed>, Error> {
	use polis::runtime_types::{
		pallet_energy_market::types::{Side, Zone},
		polis_primitives::identity::PublicKey,
	};

	// The participant's and the order's deposits, the collateral and the fees.
	fund(node, alice, accounts, 20 * UNIT).await?;
	let schema = trusted_schema(node, alice, "polis-load-participant").await?;
	let zone = Zone {
		operator: account(alice),
		import_capacity_wh: 1_000_000_000,
		export_capacity_wh: 1_000_000_000,
		retail_price: UNIT * 3 / 10,
		feed_in_tariff: UNIT / 10,
		grid_fee: UNIT / 50,
	};
	sudo(
		node,
		alice,
		vec![
			RuntimeCall::System(SystemCall::set_storage {
				items: vec![parameter("EnergyParticipantSchema", schema)],
			}),
			RuntimeCall::EnergyMarket(EnergyCall::set_zone { zone: LOAD_ZONE, spec: zone }),
		],
	)
	.await?;
	let participants = credentials(node, alice, accounts, schema, Some(LOAD_ZONE)).await?;
	measure_quietly(node, participants, accounts.len()).await?;
	let at = node.client.at_current_block().await?;
	let mut joins = Vec::new();
	for pair in accounts {
		let call = polis::transactions().energy_market().join(LOAD_ZONE, false);
		joins.push(sign(&at, &call, pair, next_nonce(node, pair).await?)?);
	}
	measure_quietly(node, joins, accounts.len()).await?;

	let now = current_value(node, polis::storage().timestamp().now()).await?;
	let slot_length = at.constants().entry(polis::constants().sensor_oracle().interval_length())?;
	let slot = u32::try_from(now / slot_length + 2)?;
	let mut transactions = Vec::new();
	for (n, pair) in accounts.iter().enumerate() {
		let meter = keypair(&format!("//Load/{n}/meter"))?;
		let side = if n % 2 == 0 { Side::Sell } else { Side::Buy };
		let call = polis::transactions().energy_market().place_order(
			LOAD_ZONE,
			slot,
			side,
			PublicKey::Sr25519(meter.public_key().0),
			1_000,
			UNIT / 5,
		);
		transactions.push(sign(&at, &call, pair, next_nonce(node, pair).await?)?);
	}
	Ok(transactions)
}

/// How many of the first `count` meters' feeds hold a reading.
async fn accepted_readings(node: &Node, count: usize) -> Result<usize, Error> {
	let at = node.client.at_current_block().await?;
	let feeds = at.storage().entry(polis::storage().sensor_oracle().feeds())?;
	let mut accepted = 0;
	for n in 0..count {
		let meter = keypair(&format!("//Load/{n}/meter"))?;
		let device = polis::runtime_types::polis_primitives::identity::PublicKey::Sr25519(
			meter.public_key().0,
		);
		if let Some(feed) = feeds.try_fetch((device, ENERGY_IMPORT)).await? {
			if feed.decode()?.readings > 0 {
				accepted += 1;
			}
		}
	}
	Ok(accepted)
}

/// Submits `transactions` without measuring, and waits until `expected` of them are in and
/// succeeded.
async fn measure_quietly(
	node: &Node,
	transactions: Vec<Signed>,
	expected: usize,
) -> Result<(), Error> {
	let figures = measure(node, "setup", transactions).await?;
	if figures.included < expected || figures.failed > 0 {
		return Err("the setup's transactions did not all land and succeed".into());
	}
	Ok(())
}

/// Submits `transactions` at once and follows the best blocks until all are in one, or none
/// lands for `IDLE_BLOCKS` blocks; then waits until the last block they landed in is
/// finalized, so that what follows reads (at the finalized block) what they did.
async fn measure(node: &Node, label: &str, transactions: Vec<Signed>) -> Result<Figures, Error> {
	use subxt::events::Phase;

	let constants = node.client.at_current_block().await?;
	let normal_max = constants
		.constants()
		.entry(polis::constants().system().block_weights())?
		.per_class
		.normal
		.max_total
		.map(|weight| weight.ref_time)
		.unwrap_or(u64::MAX);
	let mut pending: HashSet<H256> = transactions.iter().map(|signed| signed.hash).collect();
	let submitted = transactions.len();
	eprintln!("[{label}] {submitted} transactions signed; submitting");
	let mut blocks = node.client.stream_best_blocks().await?;
	let started = Instant::now();
	let mut finished = started;
	for signed in &transactions {
		node.legacy.author_submit_extrinsic(&signed.bytes).await?;
	}
	let (mut per_block, mut weight_shares, mut idle, mut failed) = (Vec::new(), Vec::new(), 0, 0);
	let mut last_block = 0;
	while !pending.is_empty() && idle < IDLE_BLOCKS {
		let Some(block) = blocks.next().await else { break };
		let block = block?;
		let at = block.at().await?;
		let mut ours = HashSet::new();
		for extrinsic in at.extrinsics().fetch().await?.iter() {
			let extrinsic = extrinsic?;
			if pending.remove(&extrinsic.hash()) {
				ours.insert(extrinsic.index() as u32);
			}
		}
		if ours.is_empty() {
			idle += 1;
			continue;
		}
		idle = 0;
		finished = Instant::now();
		last_block = block.number();
		for event in at.events().fetch().await?.iter() {
			let event = event?;
			if let Phase::ApplyExtrinsic(index) = event.phase() {
				if ours.contains(&index)
					&& event.pallet_name() == "System"
					&& event.event_name() == "ExtrinsicFailed"
				{
					failed += 1;
				}
			}
		}
		let used = at
			.storage()
			.entry(polis::storage().system().block_weight())?
			.fetch(())
			.await?
			.decode()?;
		per_block.push(ours.len());
		weight_shares.push(used.normal.ref_time as f64 / normal_max as f64);
	}
	let left_in_pool =
		node.rpc.request::<Vec<String>>("author_pendingExtrinsics", RpcParams::new()).await?.len();
	let finality_deadline = Instant::now() + FINALITY_WAIT;
	while node.client.at_current_block().await?.block_number() < last_block {
		if Instant::now() > finality_deadline {
			return Err(
				format!("block #{last_block} not finalized within {FINALITY_WAIT:?}").into()
			);
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
	Ok(Figures {
		label: label.to_owned(),
		submitted,
		included: submitted - pending.len(),
		failed,
		seconds: finished.duration_since(started).max(Duration::from_millis(1)).as_secs_f64(),
		per_block,
		weight_shares,
		items_per_transaction: 1.0,
		left_in_pool,
	})
}

fn print_table(figures: &[Figures]) {
	println!("| scenario | submitted | in blocks | failed | seconds | per second | blocks | most in a block | normal-class weight used (mean, most) | left in pool | items a transaction | items per second |");
	println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
	for figure in figures {
		let blocks = figure.per_block.len();
		let most = figure.per_block.iter().max().copied().unwrap_or(0);
		let mean_share = figure.weight_shares.iter().sum::<f64>() / blocks.max(1) as f64;
		let most_share = figure.weight_shares.iter().copied().fold(0.0, f64::max);
		println!(
			"| {} | {} | {} | {} | {:.1} | {:.0} | {} | {} | {:.0} %, {:.0} % | {} | {:.0} | {:.0} |",
			figure.label,
			figure.submitted,
			figure.included,
			figure.failed,
			figure.seconds,
			figure.included as f64 / figure.seconds,
			blocks,
			most,
			mean_share * 100.0,
			most_share * 100.0,
			figure.left_in_pool,
			figure.items_per_transaction,
			figure.included as f64 * figure.items_per_transaction / figure.seconds,
		);
	}
}
