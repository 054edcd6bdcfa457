//! Merkle anchoring: one root on chain stands for a large batch kept off chain, and anyone
//! proves an item of the batch against it. The sensor oracle anchors batches of signed
//! readings this way, the provenance registry batches of EPCIS event hashes.

use alloc::vec::Vec;
use sp_core::H256;
use sp_runtime::traits::BlakeTwo256;

/// Most hashes in a Merkle proof: a tree of `u32` leaves is at most 32 levels deep.
pub const MAX_PROOF_LENGTH: usize = 32;

/// Whether `leaf` is leaf `leaf_index` of the binary Merkle tree (Blake2-256, as the
/// `binary-merkle-tree` crate builds it: leaves hashed, odd nodes promoted) of `count` leaves
/// whose root is `root`, by `proof`. A proof longer than a tree of `count` leaves can need is
/// refused unread.
pub fn proves_leaf(
	root: &H256,
	proof: Vec<H256>,
	count: u32,
	leaf_index: u32,
	leaf: &[u8],
) -> bool {
	proof.len() <= MAX_PROOF_LENGTH
		&& leaf_index < count
		&& binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
			root, proof, count, leaf_index, &leaf,
		)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn batch() -> Vec<Vec<u8>> {
		(0u8..5).map(|n| alloc::vec![n; 32]).collect()
	}

	#[test]
	fn each_leaf_of_a_batch_proves_against_its_root() {
		let leaves = batch();
		let root = binary_merkle_tree::merkle_root::<BlakeTwo256, _>(&leaves);
		for index in 0..leaves.len() as u32 {
			let proof = binary_merkle_tree::merkle_proof::<BlakeTwo256, _, _>(&leaves, index);
			assert!(proves_leaf(&root, proof.proof, 5, index, &leaves[index as usize]));
		}
	}

	#[test]
	fn a_changed_leaf_another_index_or_an_overlong_proof_does_not_prove() {
		let leaves = batch();
		let root = binary_merkle_tree::merkle_root::<BlakeTwo256, _>(&leaves);
		let proof = binary_merkle_tree::merkle_proof::<BlakeTwo256, _, _>(&leaves, 1).proof;
		assert!(!proves_leaf(&root, proof.clone(), 5, 1, &[9; 32]));
		assert!(!proves_leaf(&root, proof.clone(), 5, 2, &leaves[1]));
		assert!(!proves_leaf(&root, proof, 5, 7, &leaves[1]));
		assert!(!proves_leaf(
			&root,
			alloc::vec![H256::zero(); MAX_PROOF_LENGTH + 1],
			5,
			1,
			&leaves[1]
		));
	}
}
