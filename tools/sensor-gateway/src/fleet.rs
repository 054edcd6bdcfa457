//! A simulated fleet of devices behind one gateway: real sr25519 keys, signed readings, and
//! Merkle anchors over the batches the gateway collected.

use codec::Encode;
use pallet_sensor_oracle::{
	AnchorClaim, GatewayFeed, Reading, SignedAnchorClaim, SignedReading, ANCHOR_CONTEXT,
	READING_CONTEXT,
};
use polis_primitives::{DeviceKind, MetricId, PublicKey};
use sp_core::{
	crypto::{AccountId32, DeriveJunction},
	sr25519, Pair, H256,
};
use sp_runtime::{
	traits::{BlakeTwo256, ConstU32},
	BoundedVec, MultiSignature,
};
use std::collections::VecDeque;

/// Anchored batches kept for proofs.
const KEPT_BATCHES: usize = 16;

/// How a fleet is made.
pub struct FleetConfig {
	/// The chain's genesis hash, part of every signed message.
	pub genesis: H256,
	/// The metric device `i` reports is `metrics[i % metrics.len()]`; never empty.
	pub metrics: Vec<MetricId>,
	/// The value device `i` reports is `values[i % values.len()]`; simulated if empty.
	pub values: Vec<i64>,
	pub devices: u32,
	/// Device `i`'s key is derived from `{device_seed}/{i}`.
	pub device_seed: String,
	pub gateway_seed: String,
	/// How long readings stay in the served feed.
	pub window_ms: u64,
	/// Most readings the feed serves (the newest); 0 serves anchors only.
	pub max_feed: usize,
}

/// An anchored batch: the signed claim and the readings its tree was built over.
pub struct Batch {
	pub claim: SignedAnchorClaim,
	pub leaves: Vec<SignedReading>,
}

/// A proof that a reading is in an anchored batch.
pub struct Proof {
	pub reading: SignedReading,
	pub proof: Vec<H256>,
	pub leaf_index: u32,
	pub count: u32,
}

pub struct Fleet {
	config: FleetConfig,
	devices: Vec<sr25519::Pair>,
	gateway: sr25519::Pair,
	recent: VecDeque<SignedReading>,
	unanchored: Vec<SignedReading>,
	batches: VecDeque<Batch>,
	last_timestamp: u64,
	ticks: u64,
	produced: u64,
	anchored: u64,
}

/// The last items of `items` (of which there are `len`), as many as the bound allows.
fn newest<T, const N: u32>(
	items: impl Iterator<Item = T>,
	len: usize,
) -> BoundedVec<T, ConstU32<N>> {
	BoundedVec::truncate_from(items.skip(len.saturating_sub(N as usize)).collect())
}

fn pair(seed: &str) -> sr25519::Pair {
	sr25519::Pair::from_string(seed, None)
		.unwrap_or_else(|error| panic!("invalid seed {seed}: {error:?}"))
}

impl Fleet {
	pub fn new(config: FleetConfig) -> Self {
		// Deriving each key from the seed phrase would cost a PBKDF2 run per device; deriving
		// the soft junction `/<i>` from the base pair gives the same keys at once.
		let base = pair(&config.device_seed);
		let devices = (0..config.devices)
			.map(|i| {
				let junction = DeriveJunction::soft(u64::from(i));
				base.derive(std::iter::once(junction), None)
					.expect("sr25519 derives soft junctions")
					.0
			})
			.collect();
		let gateway = pair(&config.gateway_seed);
		Self {
			config,
			devices,
			gateway,
			recent: VecDeque::new(),
			unanchored: Vec::new(),
			batches: VecDeque::new(),
			last_timestamp: 0,
			ticks: 0,
			produced: 0,
			anchored: 0,
		}
	}

	/// Each device's metric, in device order.
	pub fn metrics(&self) -> Vec<MetricId> {
		(0..self.devices.len()).map(|index| self.metric_of(index)).collect()
	}

	fn metric_of(&self, index: usize) -> MetricId {
		self.config.metrics[index % self.config.metrics.len()]
	}

	/// Device `index`'s value at this tick: the configured one, else a spread of 100–499.
	fn value_of(&self, index: usize) -> i64 {
		match self.config.values.len() {
			0 => 100 + ((index as u64 * 7_919 + self.ticks * 104_729) % 400) as i64,
			count => self.config.values[index % count],
		}
	}

	pub fn gateway_key(&self) -> PublicKey {
		PublicKey::Sr25519(self.gateway.public())
	}

	pub fn device_keys(&self) -> Vec<PublicKey> {
		self.devices.iter().map(|pair| PublicKey::Sr25519(pair.public())).collect()
	}

	/// Readings produced and readings anchored so far.
	pub fn counts(&self) -> (u64, u64) {
		(self.produced, self.anchored)
	}

	/// Each device's proof of possession for registering it under `did` in the DID pallet,
	/// the gateway's first: the proofs are for the DID's registrations number `first`, `first
	/// + 1`, … in that order (a proof is good for one registration number).
	pub fn registration_proofs(
		&self,
		did: &AccountId32,
		first: u32,
	) -> Vec<(PublicKey, DeviceKind, MultiSignature)> {
		let gateway = (self.gateway_key(), DeviceKind::Gateway, &self.gateway);
		let devices = self
			.devices
			.iter()
			.map(|pair| (PublicKey::Sr25519(pair.public()), DeviceKind::ElectricityMeter, pair));
		std::iter::once(gateway)
			.chain(devices)
			.zip(first..)
			.map(|((key, kind, pair), registration)| {
				let message =
					(pallet_did::DEVICE_PROOF_CONTEXT, self.config.genesis, did, registration)
						.encode();
				(key, kind, pair.sign(&message).into())
			})
			.collect()
	}

	/// One reading from every device at `now` (ms), moved past the previous tick so that every
	/// feed's timestamps increase.
	pub fn produce(&mut self, now: u64) {
		let timestamp = now.max(self.last_timestamp + 1);
		self.last_timestamp = timestamp;
		self.ticks += 1;
		for (index, pair) in self.devices.iter().enumerate() {
			let reading =
				Reading { metric: self.metric_of(index), value: self.value_of(index), timestamp };
			let device = PublicKey::Sr25519(pair.public());
			let message = (READING_CONTEXT, self.config.genesis, device, reading).encode();
			let signed = SignedReading { device, reading, signature: pair.sign(&message).into() };
			if self.config.max_feed > 0 {
				self.recent.push_back(signed.clone());
			}
			self.unanchored.push(signed);
		}
		self.produced += self.devices.len() as u64;
		let oldest_kept = timestamp.saturating_sub(self.config.window_ms);
		while self.recent.front().is_some_and(|signed| signed.reading.timestamp < oldest_kept) {
			self.recent.pop_front();
		}
		while self.recent.len() > self.config.max_feed {
			self.recent.pop_front();
		}
	}

	/// Anchors the readings produced since the last anchor: builds the tree and signs the claim.
	pub fn anchor(&mut self) -> Option<&SignedAnchorClaim> {
		if self.unanchored.is_empty() {
			return None;
		}
		let leaves = std::mem::take(&mut self.unanchored);
		let encoded: Vec<Vec<u8>> = leaves.iter().map(Encode::encode).collect();
		let root = binary_merkle_tree::merkle_root::<BlakeTwo256, _>(&encoded);
		let timestamps = leaves.iter().map(|signed| signed.reading.timestamp);
		let claim = AnchorClaim {
			gateway: self.gateway_key(),
			root,
			count: leaves.len() as u32,
			from: timestamps.clone().min().unwrap_or_default(),
			until: timestamps.max().unwrap_or_default(),
		};
		let message = (ANCHOR_CONTEXT, self.config.genesis, claim).encode();
		let signature: MultiSignature = self.gateway.sign(&message).into();
		self.anchored += leaves.len() as u64;
		self.batches.push_back(Batch { claim: SignedAnchorClaim { claim, signature }, leaves });
		if self.batches.len() > KEPT_BATCHES {
			self.batches.pop_front();
		}
		self.batches.back().map(|batch| &batch.claim)
	}

	/// What the off-chain worker fetches: the newest readings and anchor claims, as many as a
	/// feed may carry.
	pub fn feed(&self) -> GatewayFeed {
		GatewayFeed {
			readings: newest(self.recent.iter().cloned(), self.recent.len()),
			anchors: newest(
				self.batches.iter().map(|batch| batch.claim.clone()),
				self.batches.len(),
			),
		}
	}

	pub fn batches(&self) -> impl Iterator<Item = &Batch> {
		self.batches.iter()
	}

	/// The proof of leaf `leaf_index` of the kept batch with `root`.
	pub fn proof(&self, root: H256, leaf_index: u32) -> Option<Proof> {
		let batch = self.batches.iter().find(|batch| batch.claim.claim.root == root)?;
		let reading = batch.leaves.get(leaf_index as usize)?.clone();
		let encoded: Vec<Vec<u8>> = batch.leaves.iter().map(Encode::encode).collect();
		let proof = binary_merkle_tree::merkle_proof::<BlakeTwo256, _, _>(&encoded, leaf_index);
		Some(Proof { reading, proof: proof.proof, leaf_index, count: batch.claim.claim.count })
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn fleet(devices: u32) -> Fleet {
		Fleet::new(FleetConfig {
			genesis: H256::repeat_byte(9),
			metrics: vec![1],
			values: Vec::new(),
			devices,
			device_seed: "//test/sensor".into(),
			gateway_seed: "//test/gateway".into(),
			window_ms: 10_000,
			max_feed: 100,
		})
	}

	fn reading_message(genesis: H256, signed: &SignedReading) -> Vec<u8> {
		(READING_CONTEXT, genesis, signed.device, signed.reading).encode()
	}

	#[test]
	fn devices_report_their_metric_and_value_in_turn() {
		let mut fleet = Fleet::new(FleetConfig {
			metrics: vec![2, 2, 1],
			values: vec![2_500, 400],
			..fleet(4).config
		});
		fleet.produce(1_000);
		let readings: Vec<_> = fleet
			.feed()
			.readings
			.iter()
			.map(|signed| (signed.reading.metric, signed.reading.value))
			.collect();
		assert_eq!(readings, vec![(2, 2_500), (2, 400), (1, 2_500), (2, 400)]);
		assert_eq!(fleet.metrics(), vec![2, 2, 1, 2]);
	}

	#[test]
	fn device_keys_are_those_of_their_seed_paths() {
		let fleet = fleet(3);
		let expected: Vec<PublicKey> = (0..3)
			.map(|i| PublicKey::Sr25519(pair(&format!("//test/sensor/{i}")).public()))
			.collect();
		assert_eq!(fleet.device_keys(), expected);
	}

	#[test]
	fn every_reading_carries_its_devices_signature() {
		let mut fleet = fleet(3);
		fleet.produce(1_000);
		let feed = fleet.feed();
		assert_eq!(feed.readings.len(), 3);
		for signed in &feed.readings {
			assert!(signed
				.device
				.verify(&reading_message(H256::repeat_byte(9), signed), &signed.signature));
			assert!(!signed
				.device
				.verify(&reading_message(H256::zero(), signed), &signed.signature));
		}
	}

	#[test]
	fn timestamps_increase_even_within_one_millisecond() {
		let mut fleet = fleet(1);
		fleet.produce(1_000);
		fleet.produce(1_000);
		let timestamps: Vec<u64> =
			fleet.feed().readings.iter().map(|s| s.reading.timestamp).collect();
		assert_eq!(timestamps, vec![1_000, 1_001]);
	}

	#[test]
	fn the_feed_keeps_the_window_and_the_most_readings() {
		let mut fleet = fleet(40);
		fleet.produce(1_000);
		fleet.produce(5_000);
		fleet.produce(12_000);
		let feed = fleet.feed();
		assert_eq!(feed.readings.len(), 80);
		assert!(feed.readings.iter().all(|signed| signed.reading.timestamp >= 5_000));
		fleet.produce(13_000);
		assert_eq!(fleet.feed().readings.len(), 100);
	}

	#[test]
	fn an_anchor_covers_the_readings_since_the_last_and_proves_each() {
		let mut fleet = fleet(5);
		fleet.produce(1_000);
		fleet.produce(2_000);
		let claim = fleet.anchor().cloned().unwrap();
		assert_eq!((claim.claim.count, claim.claim.from, claim.claim.until), (10, 1_000, 2_000));
		let message = (ANCHOR_CONTEXT, H256::repeat_byte(9), claim.claim).encode();
		assert!(fleet.gateway_key().verify(&message, &claim.signature));
		for index in 0..10 {
			let proof = fleet.proof(claim.claim.root, index).unwrap();
			assert!(binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
				&claim.claim.root,
				proof.proof,
				proof.count,
				index,
				&proof.reading.encode(),
			));
		}
		assert!(fleet.anchor().is_none());
		fleet.produce(3_000);
		assert_eq!(fleet.anchor().unwrap().claim.from, 3_000);
		assert_eq!(fleet.counts(), (15, 15));
	}

	#[test]
	fn registration_proofs_sign_the_did_pallets_message() {
		let fleet = fleet(2);
		let did = AccountId32::new([5; 32]);
		let proofs = fleet.registration_proofs(&did, 4);
		assert_eq!(proofs.len(), 3);
		assert_eq!(proofs[0].1, DeviceKind::Gateway);
		for ((key, _, proof), registration) in proofs.iter().zip(4u32..) {
			let message =
				(pallet_did::DEVICE_PROOF_CONTEXT, H256::repeat_byte(9), &did, registration)
					.encode();
			assert!(key.verify(&message, proof));
		}
	}
}
