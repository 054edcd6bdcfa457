//! Fixed-price sell orders: credits escrowed in a listing until bought or withdrawn.

use super::*;

impl<T: Config> Pallet<T> {
	/// `who` buys `tonnes` of `listing` at its price, at most `max_price_per_tonne`: pays the
	/// seller and receives the credits. Returns their batch.
	pub(crate) fn do_buy(
		who: &T::AccountId,
		listing: ListingId,
		tonnes: u64,
		max_price_per_tonne: BalanceOf<T>,
	) -> Result<BatchId, DispatchError> {
		let mut record = Listings::<T>::get(listing).ok_or(Error::<T>::UnknownListing)?;
		ensure!(record.seller != *who, Error::<T>::OwnListing);
		ensure!(tonnes > 0, Error::<T>::ZeroTonnes);
		ensure!(tonnes <= record.tonnes, Error::<T>::InsufficientListed);
		ensure!(record.price_per_tonne <= max_price_per_tonne, Error::<T>::PriceAboveLimit);
		let price = BalanceOf::<T>::try_from(tonnes)
			.ok()
			.and_then(|tonnes| record.price_per_tonne.checked_mul(&tonnes))
			.ok_or(ArithmeticError::Overflow)?;
		T::Currency::transfer(who, &record.seller, price, Preservation::Preserve)?;
		Self::credit(record.batch, who, tonnes)?;
		record.tonnes -= tonnes;
		let batch = record.batch;
		Self::deposit_event(Event::CreditsBought {
			listing,
			buyer: who.clone(),
			tonnes,
			paid: price,
		});
		if record.tonnes == 0 {
			Self::close_listing(listing, record)?;
		} else {
			Listings::<T>::insert(listing, record);
		}
		Ok(batch)
	}

	/// Removes a listing, returning what is left of its credits and its deposit to the seller.
	pub(crate) fn close_listing(listing: ListingId, record: Listing<T>) -> DispatchResult {
		if record.tonnes > 0 {
			Self::credit(record.batch, &record.seller, record.tonnes)?;
		}
		Self::release(&record.seller, record.deposit)?;
		Listings::<T>::remove(listing);
		Self::deposit_event(Event::ListingClosed { listing, returned: record.tonnes });
		Ok(())
	}
}
