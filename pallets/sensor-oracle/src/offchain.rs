//! The off-chain worker: fetches signed readings and anchor claims from sensor gateways over
//! HTTP, drops what the chain would reject, and submits the rest as signed transactions of the
//! node's `sens` key.
//!
//! Gateways are listed, whitespace-separated, in the node's persistent off-chain storage under
//! [`GATEWAYS_STORAGE_KEY`] (set with `polis-node --sensor-gateway`, or the
//! `offchain_localStorageSet` RPC); the first [`MAX_GATEWAYS`] are fetched. Each serves
//! `GET <url>/feed`: a SCALE-encoded [`GatewayFeed`], at most `GatewayFeed::max_encoded_len()`
//! bytes. All gateways are asked at once and must have answered within [`FETCH_TIMEOUT_MS`];
//! a run holds a lock longer than it can take, so runs never overlap.
//!
//! Transactions are ordinary signed transactions (the submitter pays fees and its nonce rules
//! out replays); the readings in them carry their own device signatures, which the chain
//! checks again.

use super::*;
use alloc::{collections::BTreeMap, string::String};
use codec::{Decode, DecodeAll, MaxEncodedLen};
use frame_support::{dispatch::DispatchClass, traits::Get, BoundedVec};
use frame_system::offchain::{AppCrypto, SendSignedTransaction, Signer};
use sp_core::crypto::KeyTypeId;
use sp_runtime::{
	offchain::{
		http,
		storage::StorageValueRef,
		storage_lock::{StorageLock, Time},
		Duration, StorageKind, Timestamp,
	},
	traits::IdentifyAccount,
	RuntimeAppPublic,
};

/// The key type of the off-chain worker's submitting account.
pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"sens");

/// Persistent off-chain storage key of the gateway URLs, whitespace-separated.
pub const GATEWAYS_STORAGE_KEY: &[u8] = b"polis::sensor-gateways";

const PENDING_KEY: &[u8] = b"polis::sensor-oracle::pending";
const LOCK_KEY: &[u8] = b"polis::sensor-oracle::lock";
/// Most gateways one node's worker fetches.
pub const MAX_GATEWAYS: usize = 8;
/// How long the gateways may take to send their feeds, all together.
pub const FETCH_TIMEOUT_MS: u64 = 3_000;
/// How long a run may hold the lock: past the fetches, checking and signing at most
/// `MAX_FEED_READINGS` readings takes well under a second.
const LOCK_MS: u64 = 20_000;
/// Blocks after which transactions still not included are given up and the feeds fetched again.
const RETRY_AFTER_BLOCKS: u32 = 10;
/// Most `submit_readings` transactions one run submits (fewer if fewer fill a block).
const MAX_READING_CALLS_PER_RUN: usize = 16;
/// Most anchor claims one run submits.
const MAX_ANCHORS_PER_RUN: usize = 4;

/// The submitting key's crypto: sr25519 keys of type `sens`, signing for a `MultiSigner`
/// account.
pub mod crypto {
	use super::KEY_TYPE;
	use sp_runtime::{
		app_crypto::{app_crypto, sr25519},
		MultiSignature, MultiSigner,
	};
	app_crypto!(sr25519, KEY_TYPE);

	/// The off-chain worker's signing key, for `Config::SubmitterId`.
	pub struct SubmitterId;

	impl frame_system::offchain::AppCrypto<MultiSigner, MultiSignature> for SubmitterId {
		type RuntimeAppPublic = Public;
		type GenericSignature = sp_core::sr25519::Signature;
		type GenericPublic = sp_core::sr25519::Public;
	}
}

/// What the last run submitted: the account's nonce after it and the block it ran in.
#[derive(Encode, Decode)]
struct Pending<Nonce, BlockNumber> {
	nonce_after: Nonce,
	block: BlockNumber,
}

impl<T: Config> Pallet<T> {
	/// One run of the off-chain worker.
	pub(crate) fn relay_gateway_feeds(block: BlockNumberFor<T>) {
		let mut lock = StorageLock::<Time>::with_deadline(LOCK_KEY, Duration::from_millis(LOCK_MS));
		let Ok(_guard) = lock.try_lock() else { return };
		let urls = Self::gateway_urls();
		if urls.is_empty() {
			return;
		}
		let Some(account) = Self::submitter_account() else {
			log::warn!(target: LOG_TARGET, "gateways configured but no `sens` key in the keystore");
			return;
		};
		if Self::previous_run_pending(&account, block) {
			return;
		}

		let mut readings = Vec::new();
		let mut anchors = Vec::new();
		for (url, fetched) in urls.iter().zip(Self::fetch_feeds(&urls)) {
			match fetched {
				Ok(feed) => {
					readings.extend(feed.readings);
					anchors.extend(feed.anchors);
				},
				Err(reason) => log::warn!(target: LOG_TARGET, "gateway {url}: {reason}"),
			}
		}
		let calls = Self::calls_to_submit(readings, anchors);
		if calls.is_empty() {
			return;
		}

		let signer = Signer::<T, T::SubmitterId>::any_account();
		let nonce_before = frame_system::Pallet::<T>::account_nonce(&account);
		let mut sent: u32 = 0;
		for call in calls {
			match signer.send_signed_transaction(|_| call.clone()) {
				Some((_, Ok(()))) => sent += 1,
				_ => log::warn!(target: LOG_TARGET, "the transaction pool refused a submission"),
			}
		}
		log::info!(target: LOG_TARGET, "submitted {sent} transactions from {} gateways", urls.len());
		if sent > 0 {
			let nonce_after = nonce_before.saturating_add(sent.into());
			StorageValueRef::persistent(PENDING_KEY).set(&Pending { nonce_after, block });
		}
	}

	/// The calls that relay what the gateways served and the chain would accept: readings in
	/// time order, each newer than its feed's last, in calls of at most `MaxReadingsPerCall`,
	/// as many calls as fill one block; then anchor claims in time order per gateway.
	pub fn calls_to_submit(
		mut readings: Vec<SignedReading>,
		mut anchors: Vec<SignedAnchorClaim>,
	) -> Vec<Call<T>> {
		readings.sort_by_key(|signed| signed.reading.timestamp);
		// Read once for the whole feed: the clock, genesis hash and metrics the checks need.
		let (now, genesis) = (Self::now_ms(), Self::genesis_hash());
		let mut metrics = MetricCache::default();
		let mut newest = BTreeMap::<(PublicKey, MetricId), u64>::new();
		readings.retain(|signed| {
			let feed = (signed.device, signed.reading.metric);
			let is_newer = newest.get(&feed).is_none_or(|last| *last < signed.reading.timestamp);
			let accepted =
				is_newer && Self::check_against_state(signed, now, &genesis, &mut metrics).is_ok();
			if accepted {
				newest.insert(feed, signed.reading.timestamp);
			}
			accepted
		});
		let per_call = T::MaxReadingsPerCall::get() as usize;
		let mut calls: Vec<Call<T>> = readings
			.chunks(per_call)
			.take(Self::reading_calls_per_block())
			.map(|chunk| Call::submit_readings {
				readings: BoundedVec::truncate_from(chunk.to_vec()),
			})
			.collect();

		anchors.sort_by_key(|signed| signed.claim.from);
		let mut anchored_until = BTreeMap::<PublicKey, u64>::new();
		let readings_calls = calls.len();
		for SignedAnchorClaim { claim, signature } in anchors {
			if calls.len() - readings_calls == MAX_ANCHORS_PER_RUN {
				break;
			}
			let after_previous =
				anchored_until.get(&claim.gateway).is_none_or(|end| *end < claim.from);
			if after_previous && Self::check_anchor(&claim, &signature).is_ok() {
				anchored_until.insert(claim.gateway, claim.until);
				calls.push(Call::anchor_readings { claim, signature });
			}
		}
		calls
	}

	/// How many full `submit_readings` calls fit in a block's share for normal transactions, at
	/// least one and at most `MAX_READING_CALLS_PER_RUN`: more would only wait in the pool.
	/// Counted at what a call of readings that each start an interval is refunded to, as a
	/// city's meters' are.
	fn reading_calls_per_block() -> usize {
		let call = T::WeightInfo::submit_readings(T::MaxReadingsPerCall::get(), 0, 0).ref_time();
		let weights = <T as frame_system::Config>::BlockWeights::get();
		let block =
			weights.get(DispatchClass::Normal).max_total.unwrap_or(weights.max_block).ref_time();
		let fitting = block.checked_div(call).unwrap_or(u64::MAX);
		usize::try_from(fitting).unwrap_or(usize::MAX).clamp(1, MAX_READING_CALLS_PER_RUN)
	}

	/// The first `MAX_GATEWAYS` gateway URLs configured.
	fn gateway_urls() -> Vec<String> {
		let urls: Vec<String> =
			sp_io::offchain::local_storage_get(StorageKind::PERSISTENT, GATEWAYS_STORAGE_KEY)
				.and_then(|bytes| String::from_utf8(bytes).ok())
				.map(|urls| urls.split_whitespace().map(String::from).collect())
				.unwrap_or_default();
		if urls.len() > MAX_GATEWAYS {
			log::warn!(
				target: LOG_TARGET,
				"{} gateways configured: fetching the first {MAX_GATEWAYS}",
				urls.len()
			);
		}
		urls.into_iter().take(MAX_GATEWAYS).collect()
	}

	/// The account of the first `sens` key, which `Signer::any_account` signs with.
	fn submitter_account() -> Option<T::AccountId> {
		type AppPublicOf<T> = <<T as Config>::SubmitterId as AppCrypto<
			<T as frame_system::offchain::SigningTypes>::Public,
			<T as frame_system::offchain::SigningTypes>::Signature,
		>>::RuntimeAppPublic;
		type GenericPublicOf<T> = <<T as Config>::SubmitterId as AppCrypto<
			<T as frame_system::offchain::SigningTypes>::Public,
			<T as frame_system::offchain::SigningTypes>::Signature,
		>>::GenericPublic;
		let key = AppPublicOf::<T>::all().into_iter().next()?;
		let generic: GenericPublicOf<T> = key.into();
		let public: <T as frame_system::offchain::SigningTypes>::Public = generic.into();
		Some(public.into_account())
	}

	/// Whether the last run's transactions may still be in the pool: the account's nonce has
	/// not caught up with them and they are not older than `RETRY_AFTER_BLOCKS`.
	fn previous_run_pending(account: &T::AccountId, block: BlockNumberFor<T>) -> bool {
		let stored = StorageValueRef::persistent(PENDING_KEY)
			.get::<Pending<T::Nonce, BlockNumberFor<T>>>()
			.ok()
			.flatten();
		stored.is_some_and(|pending| {
			frame_system::Pallet::<T>::account_nonce(account) < pending.nonce_after
				&& block < pending.block.saturating_add(RETRY_AFTER_BLOCKS.into())
		})
	}

	/// Asks every gateway for its feed at once; each answer must arrive, whole and no longer
	/// than a feed can be, before one shared deadline.
	fn fetch_feeds(urls: &[String]) -> Vec<Result<GatewayFeed, &'static str>> {
		let deadline = sp_io::offchain::timestamp().add(Duration::from_millis(FETCH_TIMEOUT_MS));
		let mut waiting = Vec::new();
		let mut failed_to_send = Vec::new();
		for url in urls {
			let feed_url = alloc::format!("{}/feed", url.trim_end_matches('/'));
			match http::Request::get(&feed_url).deadline(deadline).send() {
				Ok(request) => {
					waiting.push(request);
					failed_to_send.push(false);
				},
				Err(_) => failed_to_send.push(true),
			}
		}
		let mut answers = http::PendingRequest::try_wait_all(waiting, deadline).into_iter();
		failed_to_send
			.into_iter()
			.map(|failed| {
				if failed {
					return Err("the request could not be sent");
				}
				let response = answers
					.next()
					.ok_or("no answer")?
					.map_err(|_| "no answer in time")?
					.map_err(|_| "the request failed")?;
				Self::read_feed(response, deadline)
			})
			.collect()
	}

	/// Reads and decodes a gateway's answer, refusing one longer than a feed can be.
	fn read_feed(
		response: http::Response,
		deadline: Timestamp,
	) -> Result<GatewayFeed, &'static str> {
		if response.code != 200 {
			return Err("the gateway did not answer 200 OK");
		}
		let limit = GatewayFeed::max_encoded_len();
		let mut body = response.body();
		body.deadline(deadline);
		let mut bytes = Vec::new();
		for byte in body.by_ref() {
			if bytes.len() == limit {
				return Err("the feed is longer than a feed can be");
			}
			bytes.push(byte);
		}
		if body.error().is_some() {
			return Err("the feed was not read whole in time");
		}
		GatewayFeed::decode_all(&mut &bytes[..]).map_err(|_| "the feed is not a SCALE GatewayFeed")
	}
}
