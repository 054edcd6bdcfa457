//! Pledges: retirements counted against their owners' inventories, and the registry's totals
//! per year, project and beneficiary.

use super::*;

impl<T: Config> Pallet<T> {
	/// Counts `tonnes` of `project` retired by `owner` for `claim` against its inventory and the
	/// totals per year, project and beneficiary.
	pub(crate) fn count_retirement(
		owner: &T::AccountId,
		project: ProjectId,
		claim: &RetirementClaim<T>,
		tonnes: u64,
	) -> DispatchResult {
		let year = year_of(claim.period_start);
		if let Some(id) = claim.inventory {
			let mut inventory = Inventories::<T>::get(id).ok_or(Error::<T>::UnknownInventory)?;
			ensure!(inventory.owner == *owner, Error::<T>::NotInventoryOwner);
			ensure!(inventory.year == year, Error::<T>::WrongInventoryYear);
			inventory.tonnes =
				inventory.tonnes.checked_add(tonnes).ok_or(ArithmeticError::Overflow)?;
			Inventories::<T>::insert(id, inventory);
			InventoryRetired::<T>::try_mutate(id, project, |total| Self::accrue(total, tonnes))?;
		}
		YearRetired::<T>::try_mutate(year, |total| Self::accrue(total, tonnes))?;
		RetiredByYear::<T>::try_mutate(year, project, |total| Self::accrue(total, tonnes))?;
		let beneficiary = Self::beneficiary_key(&claim.beneficiary);
		RetiredByBeneficiary::<T>::try_mutate(year, beneficiary, |total| {
			Self::accrue(total, tonnes)
		})
	}

	fn accrue(total: &mut u64, tonnes: u64) -> DispatchResult {
		*total = total.checked_add(tonnes).ok_or(ArithmeticError::Overflow)?;
		Ok(())
	}

	/// The key of a beneficiary's totals: the BLAKE2-256 hash of its name.
	pub fn beneficiary_key(beneficiary: &[u8]) -> H256 {
		H256(sp_io::hashing::blake2_256(beneficiary))
	}
}
