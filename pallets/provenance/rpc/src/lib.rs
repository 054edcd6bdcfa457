//! `provenance_*` RPC methods of `polis-node`, answered by `pallet-provenance`'s runtime API.
//!
//! - `provenance_trace(lot, direction, from?, limit?, at?)`: a page of the lots reached from
//!   `lot` going `"upstream"` (what it was made from, what a container holds) or
//!   `"downstream"` (what was made from it, the containers holding it), nearest first, each
//!   with its depth, the lot it was reached from, the link and its EPCIS identifier;
//!   `next` is where the next page starts (at most 1,000 lots a page).
//! - `provenance_events(lot, fromTime?, toTime?, after?, limit?, at?)`: the lot's events
//!   after event `after`, in recording order, whose event time (milliseconds after the Unix
//!   epoch) lies in the window, as a GS1 EPCIS 2.0 JSON-LD document (at most 1,000 events;
//!   `polis:next` names the last event of a full page, to pass as `after`).
//! - `provenance_exposure(lot, at?)`: whether a recall has reached the lot (`reached`), is on
//!   its way to it (`pending`, with how far along the path it has come), neither
//!   (`unaffected`), or the lot is unknown; with the path from the recalled lot.

pub mod epcis;

use std::{
	collections::BTreeSet,
	fmt::Display,
	sync::Arc,
	time::{SystemTime, UNIX_EPOCH},
};

use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::error::{ErrorObject, ErrorObjectOwned},
};
use pallet_provenance::{Config, Direction, EventId, EventKind, Exposure, Link, LotId, MAX_PAGE};
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

pub use pallet_provenance::{ErrorDeclaration, EventRecord, ProvenanceApi as ProvenanceRuntimeApi};

#[rpc(client, server)]
pub trait ProvenanceRpcApi<BlockHash> {
	/// A page of the trace from `lot` going `direction` (`"upstream"` or `"downstream"`).
	#[method(name = "provenance_trace")]
	fn trace(
		&self,
		lot: LotId,
		direction: String,
		from: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// The lot's events in a time window, as an EPCIS 2.0 JSON-LD document.
	#[method(name = "provenance_events")]
	fn events(
		&self,
		lot: LotId,
		from_time: Option<u64>,
		to_time: Option<u64>,
		after: Option<EventId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// Whether a recall has reached the lot or is on its way to it, and along which lots.
	#[method(name = "provenance_exposure")]
	fn exposure(&self, lot: LotId, at: Option<BlockHash>) -> RpcResult<Value>;
}

/// The `provenance_*` RPC handler, for the runtime `T`.
pub struct Provenance<Client, Block, T> {
	client: Arc<Client>,
	_types: std::marker::PhantomData<(Block, T)>,
}

impl<Client, Block, T> Provenance<Client, Block, T> {
	pub fn new(client: Arc<Client>) -> Self {
		Self { client, _types: Default::default() }
	}
}

fn runtime_error(error: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(1, "Runtime API call failed", Some(format!("{error:?}")))
}

fn invalid_params(message: &str) -> ErrorObjectOwned {
	ErrorObject::owned(jsonrpsee::types::error::INVALID_PARAMS_CODE, message, None::<()>)
}

impl<Client, Block, T> ProvenanceRpcApiServer<<Block as BlockT>::Hash>
	for Provenance<Client, Block, T>
where
	Block: BlockT,
	T: Config + Send + Sync + 'static,
	T::DidId: Display,
	frame_system::pallet_prelude::BlockNumberFor<T>: Into<u64>,
	Client: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	Client::Api: ProvenanceRuntimeApi<Block, EventRecord<T>, ErrorDeclaration<T>>,
{
	fn trace(
		&self,
		lot: LotId,
		direction: String,
		from: Option<u32>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Value> {
		let direction = match direction.as_str() {
			"upstream" => Direction::Upstream,
			"downstream" => Direction::Downstream,
			_ => return Err(invalid_params("direction is \"upstream\" or \"downstream\"")),
		};
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let api = self.client.runtime_api();
		let page = api
			.trace(at, lot, direction, from.unwrap_or(0), limit.unwrap_or(MAX_PAGE))
			.map_err(runtime_error)?;
		let lots = page.steps.iter().map(|step| step.lot).collect::<BTreeSet<_>>();
		let names = self.names(at, lots, BTreeSet::new())?;
		let steps = page.steps.iter().map(|step| {
			json!({
				"lot": step.lot,
				"id": epcis::lot_uri(step.lot, &names),
				"depth": step.depth,
				"via": step.via,
				"link": match step.link {
					Link::MadeFrom => "madeFrom",
					Link::MadeInto => "madeInto",
					Link::Holds => "holds",
					Link::PackedIn => "packedIn",
				},
			})
		});
		Ok(json!({ "steps": steps.collect::<Vec<_>>(), "next": page.next }))
	}

	fn events(
		&self,
		lot: LotId,
		from_time: Option<u64>,
		to_time: Option<u64>,
		after: Option<EventId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Value> {
		let window = match (from_time, to_time) {
			(None, None) => None,
			(from, to) => Some((from.unwrap_or(0), to.unwrap_or(u64::MAX))),
		};
		let limit = limit.unwrap_or(MAX_PAGE).min(MAX_PAGE);
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let events = self
			.client
			.runtime_api()
			.lot_events(at, lot, window, after, limit)
			.map_err(runtime_error)?;
		let mut lots = BTreeSet::from([lot]);
		let mut locations = BTreeSet::new();
		for event in &events {
			lots.extend(lots_named(&event.record.kind));
			locations.extend(event.record.context.read_point);
		}
		let names = self.names(at, lots, locations)?;
		let created = SystemTime::now()
			.duration_since(UNIX_EPOCH)
			.map_or(0, |since| since.as_millis() as u64);
		let mut document = epcis::document::<T>(&events, &names, created);
		if events.len() as u32 == limit {
			document["polis:next"] = events.last().map(|event| event.id).into();
		}
		Ok(document)
	}

	fn exposure(&self, lot: LotId, at: Option<Block::Hash>) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let exposure = self.client.runtime_api().exposure(at, lot).map_err(runtime_error)?;
		Ok(match exposure {
			Exposure::Unaffected => json!({ "status": "unaffected" }),
			Exposure::Reached { recall, path } => {
				json!({ "status": "reached", "recall": recall, "path": path })
			},
			Exposure::Pending { recall, path, reached_until } => json!({
				"status": "pending",
				"recall": recall,
				"path": path,
				"reachedUntil": reached_until,
			}),
			Exposure::Undetermined => json!({ "status": "undetermined" }),
			Exposure::UnknownLot => json!({ "status": "unknownLot" }),
		})
	}
}

impl<Client, Block, T> Provenance<Client, Block, T>
where
	Block: BlockT,
	T: Config,
	Client: ProvideRuntimeApi<Block>,
	Client::Api: ProvenanceRuntimeApi<Block, EventRecord<T>, ErrorDeclaration<T>>,
{
	/// The codes of `lots` and `locations`, read in pages of the runtime API's size.
	fn names(
		&self,
		at: Block::Hash,
		lots: BTreeSet<LotId>,
		locations: BTreeSet<pallet_provenance::LocationId>,
	) -> RpcResult<epcis::Names> {
		let api = self.client.runtime_api();
		let mut names = epcis::Names::default();
		let lots = lots.into_iter().collect::<Vec<_>>();
		for page in lots.chunks(MAX_PAGE as usize) {
			let identities = api.lot_identities(at, page.to_vec()).map_err(runtime_error)?;
			names
				.lots
				.extend(identities.into_iter().flatten().map(|identity| (identity.lot, identity)));
		}
		let locations = locations.into_iter().collect::<Vec<_>>();
		for page in locations.chunks(MAX_PAGE as usize) {
			let codes = api.location_codes(at, page.to_vec()).map_err(runtime_error)?;
			let found = page.iter().zip(codes).filter_map(|(id, code)| Some((*id, code?)));
			names.locations.extend(found);
		}
		Ok(names)
	}
}

/// The lots an event names.
fn lots_named<T: Config>(kind: &EventKind<T>) -> Vec<LotId> {
	match kind {
		EventKind::Object { lots, .. } => lots.to_vec(),
		EventKind::Aggregation { container, lots, .. } => {
			std::iter::once(*container).chain(lots.iter().copied()).collect()
		},
		EventKind::Transformation { inputs, outputs } => {
			inputs.iter().chain(outputs.iter()).map(|(lot, _)| *lot).collect()
		},
		EventKind::Transaction { lot, .. }
		| EventKind::Association { lot, .. }
		| EventKind::Handout { lot, .. } => vec![*lot],
	}
}
