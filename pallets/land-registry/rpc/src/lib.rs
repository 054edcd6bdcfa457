//! `land_*` RPC methods of `polis-node`, answered by `pallet-land-registry`'s runtime API.
//!
//! - `land_parcel(parcel, at?)`: the parcel as JSON — title, boundary (degrees × 1e7), lineage,
//!   ownership history, encumbrances, open sale and disputes — or `null` if it never existed.
//!   Balances are decimal strings, so that JavaScript keeps every digit.
//! - `land_parcelsOf(owner, startAfter?, limit?, at?)`: a page of the identifiers of the
//!   owner's active parcels (at most 1,000; the next page starts after the last).

use std::{fmt::Display, sync::Arc};

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::error::{ErrorObject, ErrorObjectOwned},
};
use pallet_land_registry::{Acquisition, ParcelId, ParcelView, SaleStageView};
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::{Block as BlockT, NumberFor};

pub use pallet_land_registry::LandRegistryApi as LandRegistryRuntimeApi;

#[rpc(client, server)]
pub trait LandRegistryRpcApi<BlockHash, AccountId> {
	/// The parcel with its title, history, encumbrances, open sale and disputes, or `null`.
	#[method(name = "land_parcel")]
	fn parcel(&self, parcel: ParcelId, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Up to `limit` (default and most: 1,000) active parcels of `owner`, after `start_after`
	/// (the last parcel of the previous page).
	#[method(name = "land_parcelsOf")]
	fn parcels_of(
		&self,
		owner: AccountId,
		start_after: Option<ParcelId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<ParcelId>>;
}

/// The `land_*` RPC handler.
pub struct LandRegistry<Client, Block, Balance> {
	client: Arc<Client>,
	_types: std::marker::PhantomData<(Block, Balance)>,
}

impl<Client, Block, Balance> LandRegistry<Client, Block, Balance> {
	pub fn new(client: Arc<Client>) -> Self {
		Self { client, _types: Default::default() }
	}
}

fn runtime_error(error: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(1, "Runtime API call failed", Some(format!("{error:?}")))
}

impl<Client, Block, AccountId, Balance> LandRegistryRpcApiServer<<Block as BlockT>::Hash, AccountId>
	for LandRegistry<Client, Block, Balance>
where
	Block: BlockT,
	NumberFor<Block>: Into<u64>,
	Client: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	Client::Api: LandRegistryRuntimeApi<Block, AccountId, Balance, NumberFor<Block>>,
	AccountId: Codec + Display + Send + Sync + 'static + for<'de> serde::Deserialize<'de>,
	Balance: Codec + Display + Send + Sync + 'static,
{
	fn parcel(&self, parcel: ParcelId, at: Option<Block::Hash>) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let view = self.client.runtime_api().parcel(at, parcel).map_err(runtime_error)?;
		Ok(view.map_or(Value::Null, parcel_json))
	}

	fn parcels_of(
		&self,
		owner: AccountId,
		start_after: Option<ParcelId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<ParcelId>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let limit = limit.unwrap_or(pallet_land_registry::MAX_PAGE);
		self.client.runtime_api().parcels_of(at, owner, start_after, limit).map_err(runtime_error)
	}
}

fn parcel_json<AccountId: Display, Balance: Display, BlockNumber: Into<u64>>(
	view: ParcelView<AccountId, Balance, BlockNumber>,
) -> Value {
	json!({
		"id": view.id,
		"district": view.district,
		"boundary": view.boundary.iter().map(|p| json!({ "lat": p.lat, "lon": p.lon })).collect::<Vec<_>>(),
		"landUse": format!("{:?}", view.land_use),
		"documentHash": format!("{:?}", view.document_hash),
		"owner": view.owner.to_string(),
		"registeredAt": view.registered_at.into(),
		"retiredAt": view.retired_at.map(Into::into),
		"predecessors": view.predecessors,
		"successors": view.successors,
		"historyLength": view.history_length,
		"history": view.history.into_iter().map(|entry| json!({
			"owner": entry.owner.to_string(),
			"since": entry.since.into(),
			"acquisition": acquisition_json(entry.acquisition),
		})).collect::<Vec<_>>(),
		"encumbrances": view.encumbrances.into_iter().map(|e| json!({
			"id": e.id,
			"kind": format!("{:?}", e.kind),
			"holder": e.holder.to_string(),
			"documentHash": format!("{:?}", e.document_hash),
			"registeredAt": e.registered_at.map(Into::into),
			"consentedSale": e.consented_sale,
		})).collect::<Vec<_>>(),
		"sale": view.sale.map(|sale| json!({
			"id": sale.id,
			"seller": sale.seller.to_string(),
			"buyer": sale.buyer.to_string(),
			"price": sale.price.to_string(),
			"stage": match sale.stage {
				SaleStageView::Proposed => json!({ "stage": "proposed" }),
				SaleStageView::Escrowed => json!({ "stage": "escrowed" }),
				SaleStageView::Approved { objection_window_ends } => json!({
					"stage": "approved",
					"objectionWindowEnds": objection_window_ends.into(),
				}),
				SaleStageView::Frozen { objection_window_ends, objector, grounds } => json!({
					"stage": "frozen",
					"objectionWindowEnds": objection_window_ends.into(),
					"objector": objector.to_string(),
					"grounds": format!("{grounds:?}"),
				}),
			},
			"expiresAt": sale.expires_at.into(),
		})),
		"disputes": view.disputes.into_iter().map(|d| json!({
			"id": d.id,
			"claimant": d.claimant.to_string(),
			"grounds": format!("{:?}", d.grounds),
			"raisedAt": d.raised_at.into(),
		})).collect::<Vec<_>>(),
	})
}

fn acquisition_json<Balance: Display>(acquisition: Acquisition<Balance>) -> Value {
	match acquisition {
		Acquisition::FirstRegistration => json!({ "type": "firstRegistration" }),
		Acquisition::Sale { sale, price } => {
			json!({ "type": "sale", "sale": sale, "price": price.to_string() })
		},
		Acquisition::Subdivision { parent } => json!({ "type": "subdivision", "parent": parent }),
		Acquisition::Merger => json!({ "type": "merger" }),
		Acquisition::Rectification { document_hash } => {
			json!({ "type": "rectification", "documentHash": format!("{document_hash:?}") })
		},
	}
}
