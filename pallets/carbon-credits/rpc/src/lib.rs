//! `carbon_*` RPC methods of `polis-node`, answered by `pallet-carbon-credits`' runtime API.
//!
//! - `carbon_project(project, at?)`: the project (developer, methodology, parcels, status, the
//!   end of its last credited period, its pending report, the metered generation it claimed and
//!   has not yet reported, the parcel change it is under review for, the external registry and
//!   id of a bridged project) with its batches (name,
//!   issued, first serial, retired, cancelled, buffer); `null` if there is none.
//! - `carbon_holdingsOf(who, startAfter?, limit?, at?)`: a page of the holder's credits as
//!   `{ batch, tonnes }` (at most 1,000; the next page starts after the last batch).
//! - `carbon_retirement(retirement, at?)`: a retirement certificate, its texts as UTF-8; `null`
//!   if there is none.
//! - `carbon_inventory(inventory, at?)`: a pledge inventory (owner, name, year, tonnes) with
//!   its tonnes by project; `null` if there is none.
//! - `carbon_yearTotals(year, at?)`: tonnes retired for consumption in the year, in all and by
//!   project; `carbon_beneficiaryTotal(year, beneficiary, at?)`: those naming the beneficiary.

use std::{fmt::Display, sync::Arc};

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::error::{ErrorObject, ErrorObjectOwned},
};
use pallet_carbon_credits::{
	BatchId, BatchName, BatchView, InventoryId, InventoryView, ProjectId, ProjectView,
	RetirementId, RetirementView, YearTotals,
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

	/// A pledge inventory with its tonnes by project, or `null`.
	#[method(name = "carbon_inventory")]
	fn inventory(&self, inventory: InventoryId, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Tonnes retired for consumption in `year`, in all and by project.
	#[method(name = "carbon_yearTotals")]
	fn year_totals(&self, year: u16, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Tonnes retired for consumption in `year` naming `beneficiary`.
	#[method(name = "carbon_beneficiaryTotal")]
	fn beneficiary_total(
		&self,
		year: u16,
		beneficiary: String,
		at: Option<BlockHash>,
	) -> RpcResult<u64>;
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

	fn inventory(&self, inventory: InventoryId, at: Option<Block::Hash>) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let view = self.client.runtime_api().inventory(at, inventory).map_err(runtime_error)?;
		Ok(view.map_or(Value::Null, inventory_json))
	}

	fn year_totals(&self, year: u16, at: Option<Block::Hash>) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let totals = self.client.runtime_api().year_totals(at, year).map_err(runtime_error)?;
		Ok(year_totals_json(totals))
	}

	fn beneficiary_total(
		&self,
		year: u16,
		beneficiary: String,
		at: Option<Block::Hash>,
	) -> RpcResult<u64> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client
			.runtime_api()
			.beneficiary_total(at, year, beneficiary.into_bytes())
			.map_err(runtime_error)
	}
}

fn by_project_json(by_project: Vec<(ProjectId, u64)>) -> Value {
	by_project
		.into_iter()
		.map(|(project, tonnes)| json!({ "project": project, "tonnes": tonnes }))
		.collect()
}

fn inventory_json<AccountId: Display>(view: InventoryView<AccountId>) -> Value {
	json!({
		"owner": view.owner.to_string(),
		"name": String::from_utf8_lossy(&view.name),
		"year": view.year,
		"tonnes": view.tonnes,
		"byProject": by_project_json(view.by_project),
	})
}

fn year_totals_json(totals: YearTotals) -> Value {
	json!({ "tonnes": totals.tonnes, "byProject": by_project_json(totals.by_project) })
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
		"metered": {
			"wh": view.metered.wh,
			"avoidedMg": view.metered.avoided_mg,
			"periodStart": view.metered.period.map(|(start, _)| start),
			"periodEnd": view.metered.period.map(|(_, end)| end),
		},
		"review": view.review.map(|(parcel, change)| json!({
			"parcel": parcel,
			"change": format!("{change:?}"),
		})),
		"external": view.external.map(|(registry, id)| json!({
			"registry": registry,
			"id": String::from_utf8_lossy(&id),
		})),
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
		"inventory": view.inventory,
		"retiredAt": view.retired_at.into(),
	})
}
