//! What a sale needs to go ahead, and undoing one.

use crate::*;

impl<T: Config> Pallet<T> {
	/// A sale may go ahead when the parcel is undisputed, carries no encumbrance the buyer
	/// did not agree to, and every lien, mortgage and caveat holder consented to it.
	pub(crate) fn ensure_transferable(parcel: ParcelId, sale: &Sale<T>) -> DispatchResult {
		frame_support::ensure!(!Disputes::<T>::contains_key(parcel), Error::<T>::Disputed);
		let in_force = Encumbrances::<T>::get(parcel);
		frame_support::ensure!(!sale.title_changed(&in_force), Error::<T>::TitleChanged);
		let blocked =
			in_force.iter().any(|e| e.kind.blocks_transfer() && e.consented_sale != Some(sale.id));
		frame_support::ensure!(!blocked, Error::<T>::UnconsentedEncumbrance);
		Ok(())
	}

	pub(crate) fn reduce_escrow(amount: BalanceOf<T>) -> DispatchResult {
		let total =
			TotalEscrow::<T>::get().checked_sub(&amount).ok_or(ArithmeticError::Underflow)?;
		TotalEscrow::<T>::put(total);
		Ok(())
	}

	/// Removes a sale, returning the buyer's escrow, the seller's deposit and a pending
	/// objection's deposit.
	pub(crate) fn cancel(parcel: ParcelId, sale: Sale<T>) -> DispatchResult {
		if let SaleStatus::Frozen { objection, .. } = &sale.status {
			T::Currency::release(
				&HoldReason::DisputeDeposit.into(),
				&objection.objector,
				objection.deposit,
				Precision::Exact,
			)?;
		}
		if sale.is_escrowed() {
			T::Currency::release(
				&HoldReason::Escrow.into(),
				&sale.buyer,
				sale.price,
				Precision::Exact,
			)?;
			Self::reduce_escrow(sale.price)?;
		}
		T::Currency::release(
			&HoldReason::SaleDeposit.into(),
			&sale.seller,
			sale.deposit,
			Precision::Exact,
		)?;
		Sales::<T>::remove(parcel);
		Self::deposit_event(Event::SaleCancelled { parcel, sale: sale.id });
		Ok(())
	}
}
