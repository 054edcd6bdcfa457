//! What the runtime API reads: books, and a participant's orders and certificates.

use super::*;
use polis_primitives::page;

impl<T: Config> Pallet<T> {
	/// A zone's book for a slot as clients see it.
	pub fn book_view(zone: ZoneId, slot: SlotIndex) -> Option<BookView<BalanceOf<T>>> {
		let book = Books::<T>::get(zone, slot)?;
		Some(BookView {
			bids: book.bids.into_inner(),
			asks: book.asks.into_inner(),
			orders: book.orders,
			cleared: match book.state {
				BookState::Open => None,
				BookState::Cleared(clearing) => Some(clearing),
			},
		})
	}

	/// A page of `who`'s orders with their fills once cleared.
	pub fn orders_of(
		who: &T::AccountId,
		start_after: Option<OrderId>,
		limit: u32,
	) -> Vec<OrderView<BalanceOf<T>>> {
		let ids: Vec<OrderId> = page(
			start_after,
			limit,
			|| AccountOrders::<T>::iter_key_prefix(who),
			|last| {
				AccountOrders::<T>::iter_key_prefix_from(
					who,
					AccountOrders::<T>::hashed_key_for(who, last),
				)
			},
		)
		.collect();
		ids.into_iter()
			.filter_map(|id| {
				let order = Orders::<T>::get(id)?;
				let fill_wh = match Books::<T>::get(order.zone, order.slot)?.state {
					BookState::Open => None,
					BookState::Cleared(clearing) => Some(Self::fill_of(&order, clearing.as_ref())),
				};
				Some(OrderView {
					id,
					zone: order.zone,
					slot: order.slot,
					side: order.side,
					meter: order.meter,
					quantity_wh: order.quantity_wh,
					limit_price: order.limit_price,
					held: order.held,
					fill_wh,
					delivered_wh: order.delivered_wh,
				})
			})
			.collect()
	}

	/// A page of `who`'s certificates.
	pub fn certificates_of(
		who: &T::AccountId,
		start_after: Option<CertificateId>,
		limit: u32,
	) -> Vec<CertificateView> {
		let ids: Vec<CertificateId> = page(
			start_after,
			limit,
			|| AccountCertificates::<T>::iter_key_prefix(who),
			|last| {
				AccountCertificates::<T>::iter_key_prefix_from(
					who,
					AccountCertificates::<T>::hashed_key_for(who, last),
				)
			},
		)
		.collect();
		ids.into_iter()
			.filter_map(|id| {
				let certificate = Certificates::<T>::get(id)?;
				Some(CertificateView {
					id,
					kind: certificate.kind,
					zone: certificate.zone,
					slot: certificate.slot,
					energy: certificate.energy.into_inner(),
				})
			})
			.collect()
	}
}
