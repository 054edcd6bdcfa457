//! A Polis chain in memory, built block by block as a block author builds it, with the chain's
//! invariants checked after every block.

use crate::devices;
use codec::Encode;
use frame_support::{
	dispatch::{DispatchClass, PerDispatchClass},
	traits::{fungible::Mutate, PalletsInfoAccess, TryState},
	weights::Weight,
};
use frame_system::offchain::CreateSignedTransaction;
use frame_try_runtime::TryStateSelect;
use polis_runtime::{
	configs::RuntimeBlockWeights, genesis_config_presets, AllPalletsWithSystem, BlockNumber,
	BuildStorage, Executive, Header, Runtime, RuntimeCall, RuntimeError, RuntimeEvent,
	TimestampCall, UncheckedExtrinsic,
};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::{sr25519, H256};
use sp_keyring::Sr25519Keyring;
use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
use sp_runtime::{
	traits::Header as HeaderT, transaction_validity::TransactionValidityError, Digest, DigestItem,
	DispatchError,
};

/// What became of one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
	/// Included, and the call succeeded.
	Succeeded,
	/// Included (fees paid), and the call failed with this error.
	Failed(String),
	/// Not includable: a bad origin for the extensions, no funds for fees, a full block.
	Rejected(String),
}

/// The first block's slot: any will do; one of this era, as a fresh chain's would be.
const FIRST_SLOT: u64 = 1_700_000_000_000 / polis_runtime::time::SLOT_DURATION;

/// The timestamp of block 1, when no slot was skipped before it (as in the regression inputs).
pub const FIRST_BLOCK_TIMESTAMP: u64 = FIRST_SLOT * polis_runtime::time::SLOT_DURATION;

/// A broken invariant or an impossible state: what the fuzzer is looking for.
pub type Finding = String;

pub struct Chain {
	ext: sp_io::TestExternalities,
	parent_hash: H256,
	next_slot: u64,
	issuance_at_block_start: u128,
	/// Where the last submitted transaction's events start in the block's.
	transaction_events_from: usize,
}

impl Chain {
	/// A chain from the `development` preset: Alice is sudo; the well-known accounts are endowed.
	pub fn new() -> Self {
		let config =
			genesis_config_presets::preset_config(&sp_genesis_builder::DEV_RUNTIME_PRESET.into())
				.expect("the development preset builds");
		let storage = config.build_storage().expect("the development genesis builds");
		let mut ext = sp_io::TestExternalities::new(storage);
		let keystore = MemoryKeystore::new();
		for key in signers() {
			keystore
				.sr25519_generate_new(pallet_sensor_oracle::KEY_TYPE, Some(&key.to_seed()))
				.expect("the memory keystore stores keys");
		}
		ext.register_extension(KeystoreExt::new(keystore));
		let parent_hash = ext.execute_with(|| frame_system::Pallet::<Runtime>::block_hash(0));
		let next_slot = FIRST_SLOT;
		Self { ext, parent_hash, next_slot, issuance_at_block_start: 0, transaction_events_from: 0 }
	}

	pub fn execute_with<R>(&mut self, f: impl FnOnce() -> R) -> R {
		self.ext.execute_with(f)
	}

	/// Starts the next block, `skipped_slots` slots after the last one, with Aura's slot in the
	/// pre-runtime digest and the timestamp inherent applied.
	pub fn start_block(&mut self, skipped_slots: u64) {
		let slot = self.next_slot + skipped_slots;
		self.next_slot = slot + 1;
		let parent_hash = self.parent_hash;
		let issuance = self.execute_with(|| {
			let number = frame_system::Pallet::<Runtime>::block_number() + 1;
			let digest = Digest {
				logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode())],
			};
			let header =
				Header::new(number, Default::default(), Default::default(), parent_hash, digest);
			Executive::initialize_block(&header);
			let now = slot * polis_runtime::time::SLOT_DURATION;
			let timestamp =
				UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(TimestampCall::set { now }));
			Executive::apply_extrinsic(timestamp)
				.expect("the timestamp inherent is valid")
				.expect("the timestamp inherent succeeds");
			refill_signers();
			pallet_balances::TotalIssuance::<Runtime>::get()
		});
		self.issuance_at_block_start = issuance;
	}

	/// Signs `call` for `signer` as a wallet would (the runtime's own standard extensions, the
	/// signer's next nonce) and applies it as the block author applies a pool transaction.
	pub fn submit(&mut self, signer: Sr25519Keyring, call: RuntimeCall) -> Outcome {
		let (events_before, outcome) = self.execute_with(|| {
			let events_before = frame_system::Pallet::<Runtime>::event_count() as usize;
			(events_before, Self::sign_and_apply(signer, call, events_before))
		});
		self.transaction_events_from = events_before;
		outcome
	}

	/// Signs `call` as `signer` (and its device payloads with the devices' keys) and applies it.
	fn sign_and_apply(
		signer: Sr25519Keyring,
		mut call: RuntimeCall,
		events_before: usize,
	) -> Outcome {
		let account = signer.to_account_id();
		devices::sign_for_devices(&mut call, &account);
		let nonce = frame_system::Pallet::<Runtime>::account_nonce(&account);
		let public: sr25519::Public = signer.public();
		let Some(transaction) =
			<Runtime as CreateSignedTransaction<RuntimeCall>>::create_signed_transaction::<
				pallet_sensor_oracle::crypto::SubmitterId,
			>(call, public.into(), account, nonce)
		else {
			return Outcome::Rejected("could not be signed".into());
		};
		match Executive::apply_extrinsic(transaction) {
			Ok(Ok(())) => root_call_outcome(events_before).unwrap_or(Outcome::Succeeded),
			Ok(Err(error)) => Outcome::Failed(describe(error)),
			Err(TransactionValidityError::Invalid(invalid)) => {
				Outcome::Rejected(format!("{invalid:?}"))
			},
			Err(TransactionValidityError::Unknown(unknown)) => {
				Outcome::Rejected(format!("{unknown:?}"))
			},
		}
	}

	/// The events of the last submitted transaction, for checking its effects.
	pub fn transaction_events(&mut self) -> Vec<RuntimeEvent> {
		let from = self.transaction_events_from;
		self.execute_with(|| {
			frame_system::Pallet::<Runtime>::read_events_no_consensus()
				.skip(from)
				.map(|record| record.event)
				.collect()
		})
	}

	/// Ends the block as the author does and checks the chain's invariants.
	pub fn finish_block(&mut self, issuance_may_grow: bool) -> Result<(), Finding> {
		let issuance_before = self.issuance_at_block_start;
		let result: Result<H256, Finding> = self.execute_with(|| {
			let length = frame_system::Pallet::<Runtime>::block_size();
			let header = Executive::finalize_block();
			check_weight(&frame_system::Pallet::<Runtime>::block_weight(), length)?;
			let number: BlockNumber = *header.number();
			if <AllPalletsWithSystem as TryState<BlockNumber>>::try_state(
				number,
				TryStateSelect::All,
			)
			.is_err()
			{
				return Err(format!(
					"try_state failed at block {number}: {}",
					failing_pallets(number)
				));
			}
			check_issuance(issuance_before, issuance_may_grow)?;
			Ok(header.hash())
		});
		self.parent_hash = result?;
		Ok(())
	}
}

/// Each pallet whose invariants fail at block `number`, with what it says.
fn failing_pallets(number: BlockNumber) -> String {
	<AllPalletsWithSystem as PalletsInfoAccess>::infos()
		.into_iter()
		.filter_map(|pallet| {
			let only = TryStateSelect::Only(vec![pallet.name.as_bytes().to_vec()]);
			<AllPalletsWithSystem as TryState<BlockNumber>>::try_state(number, only)
				.err()
				.map(|error| format!("{}: {error:?}", pallet.name))
		})
		.collect::<Vec<_>>()
		.join("; ")
}

/// The accounts the fuzzer signs with: the six well-known development accounts.
pub fn signers() -> impl Iterator<Item = Sr25519Keyring> {
	Sr25519Keyring::invulnerable()
}

/// Mints a fresh endowment (issuance and all) for any signer a call drained, so that one
/// `transfer_all` does not end the fuzzing of everything else. A signer stays drained when the
/// issuance cannot take another endowment (Root set a balance near the maximum).
fn refill_signers() {
	for signer in signers() {
		let account = signer.to_account_id();
		if pallet_balances::Pallet::<Runtime>::free_balance(&account)
			< genesis_config_presets::ENDOWMENT / 1_000
		{
			let _ = <pallet_balances::Pallet<Runtime> as Mutate<_>>::mint_into(
				&account,
				genesis_config_presets::ENDOWMENT,
			);
		}
	}
}

/// A sudo transaction succeeds whatever its call does; the call's own result is in the event.
fn root_call_outcome(events_before: usize) -> Option<Outcome> {
	frame_system::Pallet::<Runtime>::read_events_no_consensus().skip(events_before).find_map(
		|record| match record.event {
			RuntimeEvent::Sudo(
				pallet_sudo::Event::Sudid { sudo_result }
				| pallet_sudo::Event::SudoAsDone { sudo_result },
			) => Some(match sudo_result {
				Ok(()) => Outcome::Succeeded,
				Err(error) => Outcome::Failed(describe(error)),
			}),
			_ => None,
		},
	)
}

/// A dispatch error by name: `LandRegistry::Overlaps`, `BadOrigin`, `Token(FundsUnavailable)`.
pub fn describe(error: DispatchError) -> String {
	match RuntimeError::from_dispatch_error(error) {
		Some(module_error) => format!("{module_error:?}").replacen('(', "::", 1).replace(')', ""),
		None => format!("{error:?}"),
	}
}

/// The transactions' weight and the block's length stay within the limits. Only the mandatory
/// class (inherents, hooks) may go past them: `pallet_session` claims the whole block when a
/// session rotates, so that no transaction shares it.
fn check_weight(used: &PerDispatchClass<Weight>, length: u32) -> Result<(), Finding> {
	let limits = RuntimeBlockWeights::get();
	let transactions =
		used.get(DispatchClass::Normal).saturating_add(*used.get(DispatchClass::Operational));
	if transactions.any_gt(limits.max_block) {
		return Err(format!(
			"transactions weigh {} in a block whose limit is {}",
			transactions.ref_time(),
			limits.max_block.ref_time()
		));
	}
	for class in [DispatchClass::Normal, DispatchClass::Operational] {
		if let Some(limit) = limits.get(class).max_total {
			if used.get(class).any_gt(limit) {
				return Err(format!(
					"{class:?} transactions weigh {} above their limit {}",
					used.get(class).ref_time(),
					limit.ref_time()
				));
			}
		}
	}
	let max_length = DispatchClass::all()
		.iter()
		.map(|class| *polis_runtime::configs::RuntimeBlockLength::get().max.get(*class))
		.max()
		.unwrap_or(0);
	if length > max_length {
		return Err(format!("block length {length} is above the limit {max_length}"));
	}
	Ok(())
}

/// Every unit in issuance is in some account, and only Root creates units. Root can also set
/// balances whose sum no `u128` holds (`force_set_balance`), where `pallet_balances` saturates
/// the issuance; from then on the sum is not comparable and only growth is checked.
fn check_issuance(before: u128, may_grow: bool) -> Result<(), Finding> {
	let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
	let held = frame_system::Account::<Runtime>::iter_values()
		.map(|account| account.data.free.checked_add(account.data.reserved))
		.try_fold(0u128, |sum, balance| sum.checked_add(balance?));
	if let Some(held) = held {
		if held != issuance {
			return Err(format!("accounts hold {held} but the total issuance is {issuance}"));
		}
	}
	if issuance > before && !may_grow {
		return Err(format!("the total issuance grew from {before} to {issuance} without Root"));
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::regressions;

	fn chain_in_a_block() -> Chain {
		let mut chain = Chain::new();
		chain.start_block(0);
		chain
	}

	#[test]
	fn the_regression_inputs_give_the_expected_outcomes() {
		let mut chain = Chain::new();
		assert!(regressions::replay(&mut chain, regressions::all()).is_ok());
	}

	/// An upgrade to this runtime runs its pending migrations (the runtime's `Migrations`) with
	/// their `pre_upgrade` and `post_upgrade` checks, then every pallet's `try_state`, here on a
	/// chain the regression inputs filled.
	#[test]
	fn an_upgrade_passes_every_pending_migration_s_checks() {
		let mut chain = Chain::new();
		assert!(regressions::replay(&mut chain, regressions::all()).is_ok());
		let outcome = chain.execute_with(|| {
			polis_runtime::Executive::try_runtime_upgrade(
				frame_try_runtime::UpgradeCheckSelect::All,
			)
		});
		assert!(outcome.is_ok(), "{outcome:?}");
	}

	#[test]
	fn an_empty_block_breaks_nothing() {
		assert_eq!(chain_in_a_block().finish_block(false), Ok(()));
	}

	/// What `finish_block` reports after `breakage` ran in the block.
	fn finding_after(mut chain: Chain, root_used: bool, breakage: impl FnOnce()) -> String {
		chain.execute_with(breakage);
		chain.finish_block(root_used).expect_err("the breakage is found")
	}

	#[test]
	fn units_minted_without_an_account_are_found() {
		let finding = finding_after(chain_in_a_block(), true, || {
			pallet_balances::TotalIssuance::<Runtime>::mutate(|units| *units += 1)
		});
		assert!(finding.contains("total issuance"), "{finding}");
	}

	#[test]
	fn issuance_grown_without_root_is_found() {
		let finding = finding_after(chain_in_a_block(), false, || {
			let alice = Sr25519Keyring::Alice.to_account_id();
			<pallet_balances::Pallet<Runtime> as Mutate<_>>::mint_into(&alice, 1).unwrap();
		});
		assert!(finding.contains("without Root"), "{finding}");
	}

	#[test]
	fn a_pallet_invariant_broken_is_found() {
		let mut chain = Chain::new();
		regressions::replay(&mut chain, regressions::all()).unwrap();
		chain.start_block(0);
		let finding = finding_after(chain, false, || pallet_did::NextSchemaId::<Runtime>::put(0));
		assert!(finding.contains("try_state"), "{finding}");
	}

	#[test]
	fn transactions_over_the_block_weight_are_found() {
		let finding = finding_after(chain_in_a_block(), false, || {
			frame_system::Pallet::<Runtime>::register_extra_weight_unchecked(
				RuntimeBlockWeights::get().max_block,
				DispatchClass::Normal,
			)
		});
		assert!(finding.contains("limit"), "{finding}");
	}
}
