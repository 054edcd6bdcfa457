//! The runtime APIs the node and clients call into.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult, ExtrinsicInclusionMode,
};
use sp_version::RuntimeVersion;

use super::{
	AccountId, AnonymousCredentials, Aura, Balance, Ballots, Block, BlockNumber, CarbonCredits,
	Did, EnergyMarket, Executive, Grandpa, InherentDataExt, LandRegistry, Nonce, Provenance,
	Runtime, RuntimeCall, RuntimeGenesisConfig, SensorOracle, SessionKeys, System,
	TransactionPayment, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Equivocation reports need key-ownership proofs from a session historical pallet,
			// which this runtime does not have yet.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl pallet_did_runtime_api::DidApi<Block, AccountId, BlockNumber> for Runtime {
		fn resolve(did: AccountId) -> Option<pallet_did_runtime_api::DidResolution<AccountId, BlockNumber>> {
			Did::resolve(&did)
		}

		fn credential_status(
			subject: AccountId,
			schema: polis_primitives::SchemaId,
			issuer: AccountId,
		) -> pallet_did_runtime_api::CredentialStatus<BlockNumber> {
			Did::credential_status(&subject, schema, &issuer)
		}

		fn consent_granted(subject: AccountId, organisation: AccountId, category: Vec<u8>) -> bool {
			Did::consent_granted(&subject, &organisation, &category)
		}
	}

	impl pallet_ballots::BallotsApi<
		Block,
		pallet_ballots::Audit<Runtime>,
		AccountId,
		pallet_ballots::VoteState<Runtime>,
	> for Runtime {
		fn audit(ballot: pallet_ballots::BallotId) -> Option<pallet_ballots::Audit<Runtime>> {
			Ballots::audit(ballot)
		}

		fn votes(
			ballot: pallet_ballots::BallotId,
			start_after: Option<AccountId>,
			limit: u32,
		) -> Vec<(AccountId, pallet_ballots::VoteState<Runtime>)> {
			Ballots::votes(ballot, start_after, limit)
		}
	}

	impl pallet_land_registry::LandRegistryApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn parcel(
			parcel: pallet_land_registry::ParcelId,
		) -> Option<pallet_land_registry::ParcelView<AccountId, Balance, BlockNumber>> {
			LandRegistry::parcel_view(parcel)
		}

		fn parcels_of(
			owner: AccountId,
			start_after: Option<pallet_land_registry::ParcelId>,
			limit: u32,
		) -> Vec<pallet_land_registry::ParcelId> {
			LandRegistry::parcels_of(&owner, start_after, limit)
		}

		fn history(
			parcel: pallet_land_registry::ParcelId,
			from: u32,
			limit: u32,
		) -> Vec<pallet_land_registry::OwnershipView<AccountId, Balance, BlockNumber>> {
			LandRegistry::history_view(parcel, from, limit)
		}
	}

	impl pallet_provenance::ProvenanceApi<
		Block,
		pallet_provenance::EventRecord<Runtime>,
		pallet_provenance::ErrorDeclaration<Runtime>,
	> for Runtime {
		fn trace(
			lot: pallet_provenance::LotId,
			direction: pallet_provenance::Direction,
			from: u32,
			limit: u32,
		) -> pallet_provenance::TracePage {
			Provenance::trace(lot, direction, from, limit)
		}

		fn lot_events(
			lot: pallet_provenance::LotId,
			window: Option<(u64, u64)>,
			after: Option<pallet_provenance::EventId>,
			limit: u32,
		) -> Vec<
			pallet_provenance::LotEvent<
				pallet_provenance::EventRecord<Runtime>,
				pallet_provenance::ErrorDeclaration<Runtime>,
			>,
		> {
			Provenance::lot_events(lot, window, after, limit)
		}

		fn lot_identities(
			lots: Vec<pallet_provenance::LotId>,
		) -> Vec<Option<pallet_provenance::LotIdentity>> {
			Provenance::lot_identities(lots)
		}

		fn location_codes(
			locations: Vec<pallet_provenance::LocationId>,
		) -> Vec<Option<Vec<u8>>> {
			Provenance::location_codes(locations)
		}

		fn exposure(lot: pallet_provenance::LotId) -> pallet_provenance::Exposure {
			Provenance::exposure(lot)
		}

		fn verify_anchored_event(
			anchor: pallet_provenance::AnchorId,
			event_hash: sp_core::H256,
			proof: Vec<sp_core::H256>,
			leaf_index: u32,
		) -> Result<(), pallet_provenance::AnchorProofError> {
			Provenance::verify_anchored_event(anchor, event_hash, proof, leaf_index)
		}
	}

	impl pallet_anonymous_credentials::AnonymousCredentialsApi<Block> for Runtime {
		fn ring_candidates(
			schema: polis_primitives::SchemaId,
			scope: Option<polis_primitives::ScopeCode>,
			enrolled_by: u64,
			start_after: Option<polis_primitives::MemberId>,
			limit: u32,
		) -> Vec<(polis_primitives::MemberId, polis_primitives::MembershipKey)> {
			AnonymousCredentials::ring_candidates(schema, scope, enrolled_by, start_after, limit)
		}
	}

	impl pallet_energy_market::EnergyMarketApi<Block, AccountId, Balance> for Runtime {
		fn book(
			zone: polis_primitives::ZoneId,
			slot: pallet_energy_market::SlotIndex,
		) -> Option<pallet_energy_market::BookView<Balance>> {
			EnergyMarket::book_view(zone, slot)
		}

		fn orders_of(
			who: AccountId,
			start_after: Option<pallet_energy_market::OrderId>,
			limit: u32,
		) -> Vec<pallet_energy_market::OrderView<Balance>> {
			EnergyMarket::orders_of(&who, start_after, limit)
		}

		fn device_order_message(
			device: polis_primitives::PublicKey,
			order: pallet_energy_market::DeviceOrder<Balance>,
		) -> Vec<u8> {
			EnergyMarket::device_order_message(&device, &order)
		}

		fn certificates_of(
			who: AccountId,
			start_after: Option<polis_primitives::CertificateId>,
			limit: u32,
		) -> Vec<pallet_energy_market::CertificateView> {
			EnergyMarket::certificates_of(&who, start_after, limit)
		}
	}

	impl pallet_carbon_credits::CarbonCreditsApi<Block, AccountId, BlockNumber> for Runtime {
		fn project(
			project: pallet_carbon_credits::ProjectId,
		) -> Option<pallet_carbon_credits::ProjectView<AccountId>> {
			CarbonCredits::project_view(project)
		}

		fn holdings_of(
			who: AccountId,
			start_after: Option<pallet_carbon_credits::BatchId>,
			limit: u32,
		) -> Vec<(pallet_carbon_credits::BatchId, u64)> {
			CarbonCredits::holdings_of(&who, start_after, limit)
		}

		fn retirement(
			retirement: pallet_carbon_credits::RetirementId,
		) -> Option<pallet_carbon_credits::RetirementView<AccountId, BlockNumber>> {
			CarbonCredits::retirement_view(retirement)
		}

		fn inventory(
			inventory: pallet_carbon_credits::InventoryId,
		) -> Option<pallet_carbon_credits::InventoryView<AccountId>> {
			CarbonCredits::inventory_view(inventory)
		}

		fn year_totals(year: u16) -> pallet_carbon_credits::YearTotals {
			CarbonCredits::year_totals(year)
		}

		fn beneficiary_total(year: u16, beneficiary: Vec<u8>) -> u64 {
			CarbonCredits::beneficiary_total(year, &beneficiary)
		}
	}

	impl pallet_sensor_oracle::SensorOracleApi<Block> for Runtime {
		fn verify_anchored_reading(
			anchor: pallet_sensor_oracle::AnchorId,
			reading: pallet_sensor_oracle::SignedReading,
			proof: Vec<sp_core::H256>,
			leaf_index: u32,
		) -> Result<(), pallet_sensor_oracle::ProofError> {
			SensorOracle::verify_anchored_reading(anchor, &reading, proof, leaf_index)
		}

		fn reading_message(
			device: polis_primitives::PublicKey,
			reading: pallet_sensor_oracle::Reading,
		) -> Vec<u8> {
			SensorOracle::reading_message(&device, &reading)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::{
				extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
			};
			use super::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);

			let storage_info = AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use frame_support::traits::WhitelistedStorageKeys;
			use frame_system_benchmarking::{
				extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
			};
			use sp_storage::TrackedStorageKey;
			use super::*;

			let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// A failing pre/post-upgrade check must abort the try-runtime run loudly.
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, super::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("execute-block failed")
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}
}
