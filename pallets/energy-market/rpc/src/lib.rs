//! `energy_*` RPC methods of `polis-node`, answered by `pallet-energy-market`'s runtime API.
//! Balances are decimal strings, so that JavaScript keeps every digit.
//!
//! - `energy_book(zone, slot, at?)`: the book's depth by price on both sides and, once cleared,
//!   its clearing (price, volumes, fill fractions in parts per 10^18); `null` if there is none.
//! - `energy_ordersOf(who, startAfter?, limit?, at?)`: a page of the account's orders (at most
//!   1,000), with fills once cleared and deliveries once measured.
//! - `energy_certificatesOf(who, startAfter?, limit?, at?)`: a page of its certificates
//!   (`Consumption` or `Generation`, zone, slot, unclaimed Wh by source).

use std::{fmt::Display, sync::Arc};

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::error::{ErrorObject, ErrorObjectOwned},
};
use pallet_energy_market::{
	BookView, Clearing, OrderId, OrderView, PriceLevel, SideFill, SlotIndex,
};
use polis_primitives::{CertificateId, ZoneId, MAX_PAGE};
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

pub use pallet_energy_market::EnergyMarketApi as EnergyMarketRuntimeApi;

#[rpc(client, server)]
pub trait EnergyMarketRpcApi<BlockHash, AccountId> {
	/// A zone's book for a slot, or `null`.
	#[method(name = "energy_book")]
	fn book(&self, zone: ZoneId, slot: SlotIndex, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Up to `limit` (default and most: 1,000) of `who`'s orders, after `start_after`.
	#[method(name = "energy_ordersOf")]
	fn orders_of(
		&self,
		who: AccountId,
		start_after: Option<OrderId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// Up to `limit` (default and most: 1,000) of `who`'s certificates, after `start_after`.
	#[method(name = "energy_certificatesOf")]
	fn certificates_of(
		&self,
		who: AccountId,
		start_after: Option<CertificateId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;
}

/// The `energy_*` RPC handler.
pub struct EnergyMarket<Client, Block, Balance> {
	client: Arc<Client>,
	_types: std::marker::PhantomData<(Block, Balance)>,
}

impl<Client, Block, Balance> EnergyMarket<Client, Block, Balance> {
	pub fn new(client: Arc<Client>) -> Self {
		Self { client, _types: Default::default() }
	}
}

fn runtime_error(error: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(1, "Runtime API call failed", Some(format!("{error:?}")))
}

impl<Client, Block, AccountId, Balance> EnergyMarketRpcApiServer<<Block as BlockT>::Hash, AccountId>
	for EnergyMarket<Client, Block, Balance>
where
	Block: BlockT,
	Client: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	Client::Api: EnergyMarketRuntimeApi<Block, AccountId, Balance>,
	AccountId: Codec + Send + Sync + 'static + for<'de> serde::Deserialize<'de>,
	Balance: Codec + Display + Send + Sync + 'static,
{
	fn book(&self, zone: ZoneId, slot: SlotIndex, at: Option<Block::Hash>) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let view = self.client.runtime_api().book(at, zone, slot).map_err(runtime_error)?;
		Ok(view.map_or(Value::Null, book_json))
	}

	fn orders_of(
		&self,
		who: AccountId,
		start_after: Option<OrderId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let limit = limit.unwrap_or(MAX_PAGE);
		let orders = self
			.client
			.runtime_api()
			.orders_of(at, who, start_after, limit)
			.map_err(runtime_error)?;
		Ok(Value::Array(orders.into_iter().map(order_json).collect()))
	}

	fn certificates_of(
		&self,
		who: AccountId,
		start_after: Option<CertificateId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let limit = limit.unwrap_or(MAX_PAGE);
		let certificates = self
			.client
			.runtime_api()
			.certificates_of(at, who, start_after, limit)
			.map_err(runtime_error)?;
		Ok(Value::Array(
			certificates
				.into_iter()
				.map(|certificate| {
					json!({
						"id": certificate.id,
						"kind": format!("{:?}", certificate.kind),
						"zone": certificate.zone,
						"slot": certificate.slot,
						"energy": certificate.energy.into_iter().map(|(source, wh)| json!({
							"source": format!("{source:?}"),
							"wh": wh,
						})).collect::<Vec<_>>(),
					})
				})
				.collect(),
		))
	}
}

fn levels_json<Balance: Display>(levels: Vec<PriceLevel<Balance>>) -> Value {
	Value::Array(
		levels
			.into_iter()
			.map(|level| json!({ "price": level.price.to_string(), "volumeWh": level.volume_wh }))
			.collect(),
	)
}

fn fill_json(fill: SideFill) -> Value {
	json!({
		"inside": fill.inside.deconstruct(),
		"marginal": fill.marginal.deconstruct(),
		"local": fill.local.deconstruct(),
	})
}

fn clearing_json<Balance: Display>(clearing: Clearing<Balance>) -> Value {
	json!({
		"price": clearing.price.to_string(),
		"volumeWh": clearing.volume_wh,
		"localVolumeWh": clearing.local_volume_wh,
		"gridImportWh": clearing.grid_import_wh,
		"gridExportWh": clearing.grid_export_wh,
		"buy": fill_json(clearing.buy),
		"sell": fill_json(clearing.sell),
	})
}

fn book_json<Balance: Display>(view: BookView<Balance>) -> Value {
	json!({
		"bids": levels_json(view.bids),
		"asks": levels_json(view.asks),
		"orders": view.orders,
		"cleared": view.cleared.is_some(),
		"clearing": view.cleared.flatten().map(clearing_json),
	})
}

fn order_json<Balance: Display>(order: OrderView<Balance>) -> Value {
	json!({
		"id": order.id,
		"zone": order.zone,
		"slot": order.slot,
		"side": format!("{:?}", order.side),
		"meter": format!("{:?}", order.meter),
		"quantityWh": order.quantity_wh,
		"limitPrice": order.limit_price.to_string(),
		"held": order.held.to_string(),
		"fillWh": order.fill_wh,
		"deliveredWh": order.delivered_wh,
	})
}
