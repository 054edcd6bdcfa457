//! Benchmarks of the anonymous credentials pallet, each at its worst case: credentials checked
//! as the runtime's costliest check (every trusted issuer of the schema read), and proofs over
//! rings of up to `MAX_RING` members, each checked.

use super::*;
use codec::Encode;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_support::BoundedVec;
use frame_system::RawOrigin;
use polis_primitives::anonymity::{membership_key, secret_from_seed, sign};
use sp_runtime::traits::Saturating;

const SCHEMA: SchemaId = 1;
const SCOPE: ScopeCode = 1;

fn secret(index: u32, generation: u8) -> [u8; 32] {
	secret_from_seed(&(index, generation).encode())
}

fn key(index: u32, generation: u8) -> MembershipKey {
	membership_key(&secret(index, generation)).expect("a derived secret is a scalar")
}

/// Holder `index`: an account whose DID holds the schema's credential for `SCOPE`, with money.
fn holder<T: Config>(index: u32) -> T::AccountId {
	let who: T::AccountId = account("holder", index, 0);
	T::Credentials::issue_for_benchmark(&who, SCHEMA, Some(SCOPE));
	let plenty = T::Currency::minimum_balance().saturating_mul(1_000_000u32.into());
	T::Currency::set_balance(&who, plenty.saturating_add(T::Deposit::get()));
	who
}

fn enrolled<T: Config>(index: u32) -> (T::AccountId, MemberId) {
	let who = holder::<T>(index);
	assert!(
		Pallet::<T>::enrol(RawOrigin::Signed(who.clone()).into(), SCHEMA, key(index, 0)).is_ok()
	);
	let did = T::Credentials::did_of(&who).expect("the holder has a DID");
	(who, MemberOf::<T>::get(SCHEMA, did).expect("enrolled"))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn enrol() {
		let who = holder::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), SCHEMA, key(0, 0));
		assert_eq!(NextMemberId::<T>::get(), 1);
	}

	#[benchmark]
	fn replace_key() {
		let (who, member) = enrolled::<T>(0);
		#[extrinsic_call]
		enrol(RawOrigin::Signed(who), SCHEMA, key(0, 1));
		assert_eq!(KeyOwners::<T>::get(key(0, 1)), Some(member));
	}

	#[benchmark]
	fn leave() {
		let (who, member) = enrolled::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), SCHEMA);
		assert!(!Members::<T>::contains_key(member));
	}

	/// The member's credential was revoked: the check reads every issuer before failing.
	#[benchmark]
	fn remove_ineligible() {
		let (who, member) = enrolled::<T>(0);
		T::Credentials::revoke_for_benchmark(&who, SCHEMA);
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), member);
		assert!(!Members::<T>::contains_key(member));
	}

	/// A proof over a ring of `n` members, by the last.
	#[benchmark]
	fn verify_proof(n: Linear<{ T::MinRingSize::get() }, MAX_RING>) {
		let ring: Vec<MemberId> = (0..n).map(|index| enrolled::<T>(index).1).collect();
		let keys: Vec<MembershipKey> = (0..n).map(|index| key(index, 0)).collect();
		let signer = (n - 1) as usize;
		let signature = sign(&keys, signer, &secret(n - 1, 0), b"context", b"message")
			.expect("the signer's key is in the ring");
		let proof = AnonymousProof { ring: BoundedVec::truncate_from(ring), signature };
		let enrolled_by = Pallet::<T>::now_ms();
		let verified;
		#[block]
		{
			verified = <Pallet<T> as AnonymousCredentials<_, _>>::verify(
				SCHEMA,
				Some(SCOPE),
				enrolled_by,
				b"context",
				b"message",
				&proof,
			);
		}
		assert!(verified.is_ok());
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
