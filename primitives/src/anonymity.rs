//! Anonymous credentials: a credential holder proves that it is one of a ring of enrolled
//! holders without saying which, and that it has not acted before in a context (a programme's
//! period, a ballot), by a linkable ring signature over ristretto255 whose key image is bound
//! to the context: the **nullifier**.
//!
//! Each holder enrols a membership key `P = x·G`. For a context `C` let `H = hash_to_point(C)`;
//! the holder's nullifier there is `I = x·H`: the same in every proof it makes in `C`, unlinkable
//! to its nullifiers in other contexts and to its key (under the decisional Diffie–Hellman
//! assumption). A proof over the ring `P_0 … P_{n-1}` is the challenge `c_0`, responses
//! `s_0 … s_{n-1}` and `I`, and verifies when, with
//! `c_{i+1} = Hs(D, s_i·G + c_i·P_i, s_i·H + c_i·I)`, the chain closes: `c_n = c_0` (back's
//! linkable spontaneous anonymous group signature, with the context's point in place of a
//! hash of the signer's key). `D = blake2_256(SCALE(("polis:ring", ring, I, C, message)))`
//! binds the ring, the nullifier, the context and the signed message; `Hs` reduces
//! `blake2_512(D ‖ L ‖ R)` modulo the group order, and `hash_to_point(C)` is ristretto255's
//! one-way map of `blake2_512("polis:ring-context" ‖ C)`.
//!
//! Signing is deterministic (its nonces are hashes of the secret and `D`), so it needs no
//! randomness and runs in benchmarks too.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use curve25519_dalek::{
	constants::RISTRETTO_BASEPOINT_POINT,
	ristretto::{CompressedRistretto, RistrettoPoint},
	scalar::Scalar,
	traits::{Identity, VartimeMultiscalarMul},
};
use frame_support::{pallet_prelude::ConstU32, weights::Weight, BoundedVec};
use scale_info::TypeInfo;
use sp_crypto_hashing::{blake2_256, blake2_512};

use crate::{SchemaId, ScopeCode};

/// Most members of a ring.
pub const MAX_RING: u32 = 32;

/// A membership key: a compressed ristretto255 point.
pub type MembershipKey = [u8; 32];

/// A holder's tag in one context: the same in every proof it makes there.
pub type Nullifier = [u8; 32];

/// An enrolled member's id.
pub type MemberId = u32;

/// A linkable ring signature: the first challenge, one response per ring member, and the key
/// image (the nullifier).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct RingSignature {
	pub challenge: [u8; 32],
	pub responses: BoundedVec<[u8; 32], ConstU32<MAX_RING>>,
	pub key_image: Nullifier,
}

/// A proof that one of the `ring`'s members (member ids, ascending) signed.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct AnonymousProof {
	pub ring: BoundedVec<MemberId, ConstU32<MAX_RING>>,
	pub signature: RingSignature,
}

/// Why an anonymous proof was refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AnonymityError {
	/// The ring is smaller than the least the chain accepts, not ascending, or names an
	/// unknown member.
	InvalidRing,
	/// A ring member no longer holds a valid credential of the schema and scope, or enrolled
	/// its key after the proof's deadline.
	IneligibleMember,
	/// The signature does not verify.
	BadSignature,
}

/// What the anonymous credentials pallet offers other pallets.
pub trait AnonymousCredentials<AccountId, DidId> {
	/// Verifies that one of `proof.ring`'s members signed `message` in `context`; each of them
	/// must hold a valid credential of `schema` (carrying `scope` if given) and have enrolled
	/// its key no later than `enrolled_by` (ms since the Unix epoch: the start of the period
	/// the proof is for, so that a key enrolled or replaced within a period cannot act twice in
	/// it). Returns the signer's nullifier in `context`.
	fn verify(
		schema: SchemaId,
		scope: Option<ScopeCode>,
		enrolled_by: u64,
		context: &[u8],
		message: &[u8],
		proof: &AnonymousProof,
	) -> Result<Nullifier, AnonymityError>;

	/// Whether `did` has a membership key for `schema`: it then acts anonymously only.
	fn is_enrolled(schema: SchemaId, did: &DidId) -> bool;

	/// The weight of `verify` with a ring of `members`.
	fn verify_weight(members: u32) -> Weight;

	/// Enrols `secret`'s key for the DID of `account`, which holds a valid credential of
	/// `schema`, as of `enrolled_at`; returns the member id.
	#[cfg(feature = "runtime-benchmarks")]
	fn enrol_for_benchmark(
		account: &AccountId,
		schema: SchemaId,
		secret: &[u8; 32],
		enrolled_at: u64,
	) -> MemberId;
}

fn hash_to_scalar(data: &[u8]) -> Scalar {
	Scalar::from_bytes_mod_order_wide(&blake2_512(data))
}

fn context_point(context: &[u8]) -> RistrettoPoint {
	let mut data = b"polis:ring-context".to_vec();
	data.extend_from_slice(context);
	RistrettoPoint::from_uniform_bytes(&blake2_512(&data))
}

fn decompress(bytes: &[u8; 32]) -> Option<RistrettoPoint> {
	CompressedRistretto(*bytes).decompress().filter(|point| *point != RistrettoPoint::identity())
}

fn secret_scalar(secret: &[u8; 32]) -> Option<Scalar> {
	Option::from(Scalar::from_canonical_bytes(*secret)).filter(|scalar| *scalar != Scalar::ZERO)
}

/// Binds the ring, nullifier, context and message.
fn domain(
	ring: &[MembershipKey],
	key_image: &Nullifier,
	context: &[u8],
	message: &[u8],
) -> [u8; 32] {
	blake2_256(&(b"polis:ring", ring, key_image, context, message).encode())
}

fn next_challenge(domain: &[u8; 32], left: &RistrettoPoint, right: &RistrettoPoint) -> Scalar {
	let mut data = Vec::with_capacity(96);
	data.extend_from_slice(domain);
	data.extend_from_slice(left.compress().as_bytes());
	data.extend_from_slice(right.compress().as_bytes());
	hash_to_scalar(&data)
}

/// Whether `key` is a membership key: a ristretto255 point other than the identity.
pub fn is_membership_key(key: &MembershipKey) -> bool {
	decompress(key).is_some()
}

/// The membership key of `secret` (a canonical, non-zero scalar), if it is one.
pub fn membership_key(secret: &[u8; 32]) -> Option<MembershipKey> {
	let scalar = secret_scalar(secret)?;
	Some((scalar * RISTRETTO_BASEPOINT_POINT).compress().to_bytes())
}

/// A secret derived from `seed`: 64 bytes of it reduced to a scalar.
pub fn secret_from_seed(seed: &[u8]) -> [u8; 32] {
	let mut data = b"polis:ring-secret".to_vec();
	data.extend_from_slice(seed);
	hash_to_scalar(&data).to_bytes()
}

/// `secret`'s nullifier in `context`.
pub fn nullifier(secret: &[u8; 32], context: &[u8]) -> Option<Nullifier> {
	let scalar = secret_scalar(secret)?;
	Some((scalar * context_point(context)).compress().to_bytes())
}

/// Signs `message` in `context` as the member at `position` of `ring`, whose key is
/// `secret`'s; `None` if it is not, or the ring is empty or too large.
pub fn sign(
	ring: &[MembershipKey],
	position: usize,
	secret: &[u8; 32],
	context: &[u8],
	message: &[u8],
) -> Option<RingSignature> {
	let size = ring.len();
	if size == 0 || size > MAX_RING as usize || position >= size {
		return None;
	}
	let x = secret_scalar(secret)?;
	if (x * RISTRETTO_BASEPOINT_POINT).compress().to_bytes() != ring[position] {
		return None;
	}
	let points = ring.iter().map(decompress).collect::<Option<Vec<_>>>()?;
	let base = context_point(context);
	let image = x * base;
	let key_image = image.compress().to_bytes();
	let domain = domain(ring, &key_image, context, message);
	let derived =
		|label: &[u8], index: u32| hash_to_scalar(&(label, secret, &domain, index).encode());

	let nonce = derived(b"polis:ring-nonce", 0);
	let mut responses = alloc::vec![Scalar::ZERO; size];
	let mut challenges = alloc::vec![Scalar::ZERO; size];
	let mut challenge =
		next_challenge(&domain, &(nonce * RISTRETTO_BASEPOINT_POINT), &(nonce * base));
	for step in 1..size {
		let index = (position + step) % size;
		challenges[index] = challenge;
		let response = derived(b"polis:ring-decoy", index as u32);
		responses[index] = response;
		let left = RistrettoPoint::vartime_double_scalar_mul_basepoint(
			&challenge,
			&points[index],
			&response,
		);
		let right = RistrettoPoint::vartime_multiscalar_mul([response, challenge], [base, image]);
		challenge = next_challenge(&domain, &left, &right);
	}
	challenges[position] = challenge;
	responses[position] = nonce - challenge * x;
	Some(RingSignature {
		challenge: challenges[0].to_bytes(),
		responses: BoundedVec::truncate_from(
			responses.iter().map(|response| response.to_bytes()).collect(),
		),
		key_image,
	})
}

/// Verifies `signature` of `message` in `context` by a member of `ring`; returns the
/// signer's nullifier.
pub fn verify(
	ring: &[MembershipKey],
	context: &[u8],
	message: &[u8],
	signature: &RingSignature,
) -> Option<Nullifier> {
	if ring.is_empty() || ring.len() != signature.responses.len() {
		return None;
	}
	let image = decompress(&signature.key_image)?;
	let base = context_point(context);
	let first: Scalar = Option::from(Scalar::from_canonical_bytes(signature.challenge))?;
	let domain = domain(ring, &signature.key_image, context, message);
	let mut challenge = first;
	for (key, response) in ring.iter().zip(signature.responses.iter()) {
		let point = decompress(key)?;
		let response: Scalar = Option::from(Scalar::from_canonical_bytes(*response))?;
		let left =
			RistrettoPoint::vartime_double_scalar_mul_basepoint(&challenge, &point, &response);
		let right = RistrettoPoint::vartime_multiscalar_mul([response, challenge], [base, image]);
		challenge = next_challenge(&domain, &left, &right);
	}
	(challenge == first).then_some(signature.key_image)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn members(count: u8) -> (Vec<[u8; 32]>, Vec<MembershipKey>) {
		let secrets: Vec<_> = (0..count).map(|seed| secret_from_seed(&[seed])).collect();
		let keys = secrets.iter().map(|secret| membership_key(secret).unwrap()).collect();
		(secrets, keys)
	}

	#[test]
	fn any_member_signs_and_the_proof_verifies_to_its_nullifier() {
		let (secrets, ring) = members(5);
		for (position, secret) in secrets.iter().enumerate() {
			let signature = sign(&ring, position, secret, b"period 1", b"lot 7").unwrap();
			assert_eq!(
				verify(&ring, b"period 1", b"lot 7", &signature),
				Some(nullifier(secret, b"period 1").unwrap())
			);
		}
	}

	#[test]
	fn a_member_has_one_nullifier_per_context_whatever_the_ring_or_message() {
		let (secrets, ring) = members(6);
		let first = sign(&ring[..3], 1, &secrets[1], b"period 1", b"lot 7").unwrap();
		let second = sign(&ring[1..], 0, &secrets[1], b"period 1", b"lot 8").unwrap();
		let next_period = sign(&ring[..3], 1, &secrets[1], b"period 2", b"lot 7").unwrap();
		assert_eq!(first.key_image, second.key_image);
		assert_ne!(first.key_image, next_period.key_image);
		let others = nullifier(&secrets[2], b"period 1").unwrap();
		assert_ne!(first.key_image, others);
	}

	#[test]
	fn a_proof_does_not_verify_for_another_message_context_ring_or_nullifier() {
		let (secrets, ring) = members(4);
		let signature = sign(&ring, 2, &secrets[2], b"period 1", b"lot 7").unwrap();
		assert!(verify(&ring, b"period 1", b"lot 8", &signature).is_none());
		assert!(verify(&ring, b"period 2", b"lot 7", &signature).is_none());
		let (_, strangers) = members(8);
		let mut other_ring = ring.clone();
		other_ring[0] = strangers[7];
		assert!(verify(&other_ring, b"period 1", b"lot 7", &signature).is_none());
		let mut forged = signature.clone();
		forged.key_image = nullifier(&secrets[1], b"period 1").unwrap();
		assert!(verify(&ring, b"period 1", b"lot 7", &forged).is_none());
		let mut tampered = signature.clone();
		tampered.responses[0][0] ^= 1;
		assert!(verify(&ring, b"period 1", b"lot 7", &tampered).is_none());
		let mut short = signature;
		short.responses.pop();
		assert!(verify(&ring, b"period 1", b"lot 7", &short).is_none());
	}

	#[test]
	fn only_the_key_at_the_position_signs() {
		let (secrets, ring) = members(3);
		assert!(sign(&ring, 0, &secrets[1], b"c", b"m").is_none());
		assert!(sign(&ring, 3, &secrets[0], b"c", b"m").is_none());
		assert!(sign(&[], 0, &secrets[0], b"c", b"m").is_none());
		assert!(membership_key(&[0; 32]).is_none());
		assert!(!is_membership_key(&[0; 32]));
		assert!(is_membership_key(&ring[0]));
	}

	fn bytes32(hex: &str) -> [u8; 32] {
		let bytes = sp_core::bytes::from_hex(hex).unwrap();
		bytes.try_into().unwrap()
	}

	/// A proof made by the JavaScript implementation wallets use (`e2e/lib/ring.js`).
	#[test]
	fn a_proof_made_in_javascript_verifies_to_the_same_nullifier() {
		let secrets = [
			"0x05253c08b3f0b53c86a4c23b1ee1e4e6a92c872426732f9b59492fe95184ed0a",
			"0xff014c2268765c3f09220f65d43c9d9b6e773b9ddb8a7768fbff12e126588107",
			"0x0aa8ff8db9e10b6786cf0632575dd81a2d34fd053ce938107d5156dcb861ce0c",
		]
		.map(bytes32);
		let ring = [
			"0x8c800b5cda7788dfb69b8df710c35f7e46726b461210a00bbb9f39ed72c2a751",
			"0x4c443e0936818f51932baa34f47afa6f8bdedfca375ae0c424cc25bf79250513",
			"0x78d3db7290ad1af411c0badcbc79b10d691bccc9abc54e0998a4b8df072fac56",
		]
		.map(bytes32);
		for (secret, key) in secrets.iter().zip(&ring) {
			assert_eq!(membership_key(secret).as_ref(), Some(key));
		}
		let signature = RingSignature {
			challenge: bytes32(
				"0x758efb5dd8d0c8398537b11197c537c3fe463e30b78254f5d4a3a96c5473b10f",
			),
			responses: BoundedVec::truncate_from(
				[
					"0x2e4b5b9d41527986ad4e8a14e2f68e096b4863615f68a4c58e1ee6d9f9a29c0c",
					"0x0c374af401f4cbb2b5439fe4072588c748d5e061c0d60dcff8e0e6e04d3ecf0a",
					"0xc3ef55cbc11de23e090f2ecc42b06460913b9490ba2c942e0f0786ec6f166d08",
				]
				.map(bytes32)
				.to_vec(),
			),
			key_image: bytes32(
				"0x5a40c03295baa4041a4d20ff80c194db3482488cf21fa0fa586af987dc818661",
			),
		};
		let context = b"polis:aid-nullifier test";
		assert_eq!(nullifier(&secrets[1], context), Some(signature.key_image));
		assert_eq!(
			verify(&ring, context, b"claim of lot 7", &signature),
			Some(signature.key_image)
		);
	}

	#[test]
	fn a_ring_of_one_is_no_anonymity_but_still_a_valid_proof() {
		let (secrets, ring) = members(1);
		let signature = sign(&ring, 0, &secrets[0], b"c", b"m").unwrap();
		assert!(verify(&ring, b"c", b"m", &signature).is_some());
	}
}
