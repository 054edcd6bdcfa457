//! `carbon_*` RPC methods of `polis-node`, answered by `pallet-carbon-credits`' runtime API.
//!
//! - `carbon_project(project, at?)`: the project (developer, methodology, parcels, status, the
//!   end of its last credited period, its pending report) with its batches (name, issued, first
//!   serial, retired, cancelled, buffer); `null` if there is none.
//! - `carbon_holdingsOf(who, startAfter?, limit?, at?)`: a page of the holder's credits as
//!   `{ batch, tonnes }` (at most 1,000; the next page starts after the last batch).
//! - `carbon_retirement(retirement, at?)`: a retirement certificate, its texts as UTF-8; `null`
//!   if there is none.

use std::{fmt::Display, sync::Arc};

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::error::{ErrorObject, ErrorObjectOwned},
};
use pallet_carbon_credits::{
	BatchId, BatchName, BatchView, ProjectId, ProjectView, RetirementId, RetirementView,
};
use polis_primitives::MAX_PAGE;
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

pub use pallet_carbon_credits::CarbonCreditsApi as CarbonCreditsRuntimeApi;

#[rpc(client, server)]
pub trait CarbonCreditsRpcApi<BlockHash, AccountId> {
	/// A project with its batches, or `null`.
	#[method(name = "carbon_project")]
	fn project(&self, project: ProjectId, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Up to `limit` (default and most: 1,000) of `who`'s holdings, after `start_after`.
	#[method(name = "carbon_holdingsOf")]
	fn holdings_of(
		&self,
		who: AccountId,
		start_after: Option<BatchId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// A retirement certificate, or `null`.
	#[method(name = "carbon_retirement")]
	fn retirement(&self, retirement: RetirementId, at: Option<BlockHash>) -> RpcResult<Value>;
}

/// The `carbon_*` RPC handler.
pub struct CarbonCredits<Client, Block, BlockNumber> {
	client: Arc<Client>,
	_types: std::marker::PhantomData<(Block, BlockNumber)>,
}

impl<Client, Block, BlockNumber> CarbonCredits<Client, Block, BlockNumber> {
	pub fn new(client: Arc<Client>) -> Self {
		Self { client, _types: Default::default() }
	}
}

fn runtime_error(error: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(1, "Runtime API call failed", Some(format!("{error:?}")))
}

impl<Client, Block, AccountId, BlockNumber>
	CarbonCreditsRpcApiServer<<Block as BlockT>::Hash, AccountId>
	for CarbonCredits<Client, Block, BlockNumber>
where
	Block: BlockT,
	Client: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	Client::Api: CarbonCreditsRuntimeApi<Block, AccountId, BlockNumber>,
	AccountId: Codec + Display + Send + Sync + 'static + for<'de> serde::Deserialize<'de>,
	BlockNumber: Codec + Into<u64> + Send + Sync + 'static,
{
	fn project(&self, project: ProjectId, at: Option<Block::Hash>) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let view = self.client.runtime_api().project(at, project).map_err(runtime_error)?;
		Ok(view.map_or(Value::Null, project_json))
	}

	fn holdings_of(
		&self,
		who: AccountId,
		start_after: Option<BatchId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let limit = limit.unwrap_or(MAX_PAGE);
		let holdings = self
			.client
			.runtime_api()
			.holdings_of(at, who, start_after, limit)
			.map_err(runtime_error)?;
		Ok(Value::Array(
			holdings
				.into_iter()
				.map(|(batch, tonnes)| json!({ "batch": batch, "tonnes": tonnes }))
				.collect(),
		))
	}

	fn retirement(&self, retirement: RetirementId, at: Option<Block::Hash>) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let view = self.client.runtime_api().retirement(at, retirement).map_err(runtime_error)?;
		Ok(view.map_or(Value::Null, retirement_json))
	}
}

fn name_json(name: BatchName) -> Value {
	json!({
		"project": name.project,
		"startDay": name.start_day,
		"endDay": name.end_day,
		"sequence": name.sequence,
		"text": format!("{}-{}-{}-{}", name.project, name.start_day, name.end_day, name.sequence),
	})
}

fn batch_json(batch: BatchView) -> Value {
	json!({
		"id": batch.id,
		"name": name_json(batch.name),
		"issued": batch.issued,
		"firstSerial": batch.first_serial,
		"retired": batch.retired,
		"cancelled": batch.cancelled,
		"buffer": batch.buffer,
	})
}

fn project_json<AccountId: Display>(view: ProjectView<AccountId>) -> Value {
	json!({
		"developer": view.developer.to_string(),
		"methodology": view.methodology,
		"parcels": view.parcels,
		"status": format!("{:?}", view.status),
		"issuedUntil": view.issued_until,
		"pendingReport": view.pending_report,
		"batches": view.batches.into_iter().map(batch_json).collect::<Vec<_>>(),
	})
}

fn retirement_json<AccountId: Display, BlockNumber: Into<u64>>(
	view: RetirementView<AccountId, BlockNumber>,
) -> Value {
	let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
	json!({
		"owner": view.owner.to_string(),
		"batch": view.batch,
		"batchName": name_json(view.batch_name),
		"tonnes": view.tonnes,
		"firstSerial": view.first_serial,
		"lastSerial": view.first_serial.saturating_add(view.tonnes).saturating_sub(1),
		"beneficiary": text(view.beneficiary),
		"reason": text(view.reason),
		"jurisdiction": text(view.jurisdiction),
		"periodStart": view.period_start,
		"periodEnd": view.period_end,
		"retiredAt": view.retired_at.into(),
	})
}
