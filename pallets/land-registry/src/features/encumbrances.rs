//! Encumbrances coming into force and proposals leaving the queue.

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn put_in_force(
		parcel: ParcelId,
		id: EncumbranceId,
		kind: EncumbranceKind,
		holder: T::AccountId,
		document_hash: H256,
		deposit: Deposit<T>,
	) -> DispatchResult {
		Encumbrances::<T>::try_mutate(parcel, |in_force| {
			in_force
				.try_push(Encumbrance {
					id,
					kind,
					holder,
					document_hash,
					registered_at: Self::now(),
					consented_sale: None,
					deposit,
				})
				.map_err(|_| Error::<T>::TooManyEncumbrances.into())
		})
	}

	/// Removes a proposal from the parcel's proposals.
	pub(crate) fn take_proposal(
		parcel: ParcelId,
		encumbrance: EncumbranceId,
	) -> Result<EncumbranceProposal<T>, DispatchError> {
		let proposal = EncumbranceProposals::<T>::take(parcel, encumbrance)
			.ok_or(Error::<T>::UnknownEncumbrance)?;
		Parcels::<T>::try_mutate(parcel, |record| -> DispatchResult {
			let record = record.as_mut().ok_or(Error::<T>::UnknownParcel)?;
			record.proposals = record.proposals.checked_sub(1).ok_or(ArithmeticError::Underflow)?;
			Ok(())
		})?;
		Ok(proposal)
	}

	pub(crate) fn release_encumbrance_deposit(
		account: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		T::Currency::release(
			&HoldReason::EncumbranceDeposit.into(),
			account,
			amount,
			Precision::Exact,
		)
		.map(|_| ())
	}
}
