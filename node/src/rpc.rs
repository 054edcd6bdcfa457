//! The node's RPC extensions beyond the standard ones of `sc-service`.

use std::sync::Arc;

use jsonrpsee::RpcModule;
use polis_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Nonce, Runtime};
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the RPC extensions need from the node.
pub struct FullDeps<C, P> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
}

/// Builds the RPC extensions: `system_accountNextIndex`, the `payment_*` fee queries and the
/// `did_*` identity reads, the `land_*` land register reads, the `energy_*` market reads, the
/// `carbon_*` carbon registry reads and the `provenance_*` traces and EPCIS exports.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ pallet_did_rpc::DidRuntimeApi<Block, AccountId, BlockNumber>
		+ pallet_land_registry_rpc::LandRegistryRuntimeApi<Block, AccountId, Balance, BlockNumber>
		+ pallet_energy_market_rpc::EnergyMarketRuntimeApi<Block, AccountId, Balance>
		+ pallet_carbon_credits_rpc::CarbonCreditsRuntimeApi<Block, AccountId, BlockNumber>
		+ pallet_provenance_rpc::ProvenanceRuntimeApi<
			Block,
			pallet_provenance_rpc::EventRecord<Runtime>,
			pallet_provenance_rpc::ErrorDeclaration<Runtime>,
		> + BlockBuilder<Block>,
	P: TransactionPool + 'static,
{
	use pallet_carbon_credits_rpc::{CarbonCredits, CarbonCreditsRpcApiServer};
	use pallet_did_rpc::{Did, DidRpcApiServer};
	use pallet_energy_market_rpc::{EnergyMarket, EnergyMarketRpcApiServer};
	use pallet_land_registry_rpc::{LandRegistry, LandRegistryRpcApiServer};
	use pallet_provenance_rpc::{Provenance, ProvenanceRpcApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(Did::new(client.clone()).into_rpc())?;
	module.merge(LandRegistry::<_, _, Balance>::new(client.clone()).into_rpc())?;
	module.merge(EnergyMarket::<_, _, Balance>::new(client.clone()).into_rpc())?;
	module.merge(CarbonCredits::<_, _, BlockNumber>::new(client.clone()).into_rpc())?;
	module.merge(Provenance::<_, _, Runtime>::new(client).into_rpc())?;

	Ok(module)
}
