//! Devices whose keys the fuzzer holds, so that device-signed calls reach past the signature
//! check: random bytes never make a valid signature.
//!
//! Before a call is submitted, every device signature in it (a meter's reading, a device's
//! proof of registration, a gateway's anchor) whose device is one of these is replaced by a
//! valid one over whatever the call now says, even the mutated or replayed parts; the rest stay
//! as drawn, to be refused. The generator draws these devices' keys among its 32-byte values.

use polis_primitives::PublicKey;
use polis_runtime::{Runtime, RuntimeCall};
use rand::{rngs::StdRng, Rng};
use sp_core::{sr25519, Pair};
use sp_runtime::{AccountId32, MultiSignature};

/// How many devices the fuzzer holds keys of.
const DEVICES: u32 = 4;

/// The key pair of device `index`, from the seed `//Device{index}`.
pub fn device_pair(index: u32) -> sr25519::Pair {
	sr25519::Pair::from_string(&format!("//Device{index}"), None).expect("a valid derivation")
}

/// The devices' public keys, as the generator's 32-byte values.
pub fn device_keys() -> impl Iterator<Item = [u8; 32]> {
	(0..DEVICES).map(|index| device_pair(index).public().0)
}

fn pair_of(device: &PublicKey) -> Option<sr25519::Pair> {
	let PublicKey::Sr25519(public) = device else { return None };
	(0..DEVICES).map(device_pair).find(|pair| pair.public() == *public)
}

fn sign(pair: &sr25519::Pair, message: &[u8]) -> MultiSignature {
	MultiSignature::Sr25519(pair.sign(message))
}

/// Moves readings' timestamps into the window the oracle accepts (the last six hours), as a
/// device reporting on time does; the rest of the time a reading keeps its drawn timestamp.
pub fn freshen_readings(call: &mut RuntimeCall, rng: &mut StdRng) {
	let now = pallet_timestamp::Now::<Runtime>::get();
	for_each_call(call, &mut |call| {
		if let RuntimeCall::SensorOracle(pallet_sensor_oracle::Call::submit_readings { readings }) =
			call
		{
			for signed in readings.iter_mut() {
				if rng.gen_bool(0.7) {
					signed.reading.timestamp = now.saturating_sub(rng.gen_range(0..6 * 3_600_000));
				}
			}
		}
	});
}

/// Re-signs, for `signer`'s transaction, every signature of the fuzzer's devices in `call`.
/// Runs inside the chain's externalities: the messages name the genesis hash and the DID's
/// current registration count.
pub fn sign_for_devices(call: &mut RuntimeCall, signer: &AccountId32) {
	for_each_call(call, &mut |call| match call {
		RuntimeCall::SensorOracle(pallet_sensor_oracle::Call::submit_readings { readings }) => {
			for signed in readings.iter_mut() {
				if let Some(pair) = pair_of(&signed.device) {
					let message = pallet_sensor_oracle::Pallet::<Runtime>::reading_message(
						&signed.device,
						&signed.reading,
					);
					signed.signature = sign(&pair, &message);
				}
			}
		},
		RuntimeCall::SensorOracle(pallet_sensor_oracle::Call::anchor_readings {
			claim,
			signature,
		}) => {
			if let Some(pair) = pair_of(&claim.gateway) {
				let message = pallet_sensor_oracle::Pallet::<Runtime>::anchor_message(claim);
				*signature = sign(&pair, &message);
			}
		},
		RuntimeCall::Did(pallet_did::Call::register_device { device, proof, .. }) => {
			if let Some(pair) = pair_of(device) {
				let registration = pallet_did::Dids::<Runtime>::get(signer)
					.map(|document| document.device_registrations)
					.unwrap_or_default();
				let message =
					pallet_did::Pallet::<Runtime>::device_proof_message(signer, registration);
				*proof = sign(&pair, &message);
			}
		},
		_ => {},
	});
}

/// Applies `visit` to `call` and to every call it wraps (sudo, batches).
fn for_each_call(call: &mut RuntimeCall, visit: &mut impl FnMut(&mut RuntimeCall)) {
	match call {
		RuntimeCall::Utility(
			pallet_utility::Call::batch { calls }
			| pallet_utility::Call::batch_all { calls }
			| pallet_utility::Call::force_batch { calls },
		) => {
			for inner in calls.iter_mut() {
				for_each_call(inner, visit);
			}
		},
		RuntimeCall::Sudo(
			pallet_sudo::Call::sudo { call }
			| pallet_sudo::Call::sudo_unchecked_weight { call, .. },
		) => for_each_call(call, visit),
		call => visit(call),
	}
}
