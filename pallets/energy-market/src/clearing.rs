//! Uniform-price clearing of one zone's book for one slot.
//!
//! The upstream grid takes part as two more orders: a seller of up to the zone's import
//! capacity at the retail price, and a buyer of up to its export capacity at the feed-in
//! tariff. While the grid has room, local prices stay between the two; a zone whose import
//! (or export) is congested clears at its own price above the retail price (or below the
//! feed-in tariff), without a power-flow solve.
//!
//! The clearing price is the candidate price (a limit price in the book, or one of the grid's)
//! at which the most energy trades; among those, the one leaving the least unmatched supply or
//! demand; among those, the highest if demand is left unmatched (scarcity raises the price) and
//! the lowest otherwise, as in exchanges' call auctions. Orders strictly better than the price
//! are filled first; orders at the price share what is left pro rata.
//!
//! The cost is linear in the number of price levels, not of orders.

use sp_runtime::{traits::UniqueSaturatedInto, Perquintill};

use crate::{Clearing, PriceLevel, SideFill};

/// The upstream grid as the clearing sees it.
#[derive(Clone, Copy, Debug)]
pub struct GridOffer<Balance> {
	pub retail_price: Balance,
	pub import_wh: u64,
	pub feed_in_tariff: Balance,
	pub export_wh: u64,
}

/// Volumes on one side of the book relative to a price.
#[derive(Default, Clone, Copy)]
struct Classes {
	/// Participants' volume strictly better than the price.
	inside: u128,
	/// Participants' volume at the price.
	at: u128,
	/// The grid's volume strictly better than the price.
	grid_inside: u128,
	/// The grid's volume at the price.
	grid_at: u128,
}

impl Classes {
	fn total(&self) -> u128 {
		self.inside + self.at + self.grid_inside + self.grid_at
	}
}

/// Clears a book: `bids` and `asks` ascending by price with positive volumes. `None` if no
/// energy can trade.
pub fn clear<Balance: Copy + Ord>(
	bids: &[PriceLevel<Balance>],
	asks: &[PriceLevel<Balance>],
	grid: &GridOffer<Balance>,
) -> Option<Clearing<Balance>> {
	let price = best_price(bids, asks, grid)?;
	let supply = ask_classes(asks, grid, price);
	let demand = bid_classes(bids, grid, price);
	let volume = supply.total().min(demand.total());
	if volume == 0 {
		return None;
	}
	let (sell_inside, sell_marginal) =
		rationing(supply.inside + supply.grid_inside, supply.at + supply.grid_at, volume);
	let (buy_inside, buy_marginal) =
		rationing(demand.inside + demand.grid_inside, demand.at + demand.grid_at, volume);
	let filled = |volume: u128, fraction: Perquintill| fraction.mul_floor(volume);
	let local_supply = filled(supply.inside, sell_inside) + filled(supply.at, sell_marginal);
	let local_demand = filled(demand.inside, buy_inside) + filled(demand.at, buy_marginal);
	let local_volume = local_supply.min(local_demand);
	let grid_import =
		filled(supply.grid_inside, sell_inside) + filled(supply.grid_at, sell_marginal);
	let grid_export = filled(demand.grid_inside, buy_inside) + filled(demand.grid_at, buy_marginal);
	Some(Clearing {
		price,
		volume_wh: volume.unique_saturated_into(),
		local_volume_wh: local_volume.unique_saturated_into(),
		grid_import_wh: grid_import.unique_saturated_into(),
		grid_export_wh: grid_export.unique_saturated_into(),
		buy: SideFill {
			inside: buy_inside,
			marginal: buy_marginal,
			local: ratio(local_volume, local_demand),
		},
		sell: SideFill {
			inside: sell_inside,
			marginal: sell_marginal,
			local: ratio(local_volume, local_supply),
		},
	})
}

/// The price clearing picks (see the module documentation); `None` if nothing can trade at
/// any price.
fn best_price<Balance: Copy + Ord>(
	bids: &[PriceLevel<Balance>],
	asks: &[PriceLevel<Balance>],
	grid: &GridOffer<Balance>,
) -> Option<Balance> {
	let mut candidates: alloc::vec::Vec<Balance> =
		bids.iter().chain(asks.iter()).map(|level| level.price).collect();
	if grid.import_wh > 0 {
		candidates.push(grid.retail_price);
	}
	if grid.export_wh > 0 {
		candidates.push(grid.feed_in_tariff);
	}
	candidates.sort();
	candidates.dedup();

	// One sweep upwards: supply at or below the price grows, demand at or above it shrinks.
	let mut supply: u128 = 0;
	let mut demand: u128 = bids.iter().map(|level| u128::from(level.volume_wh)).sum();
	let (mut next_ask, mut next_bid) = (0, 0);
	let mut best: Option<(u128, u128, Balance)> = None;
	for price in candidates {
		while next_ask < asks.len() && asks[next_ask].price <= price {
			supply += u128::from(asks[next_ask].volume_wh);
			next_ask += 1;
		}
		while next_bid < bids.len() && bids[next_bid].price < price {
			demand -= u128::from(bids[next_bid].volume_wh);
			next_bid += 1;
		}
		let total_supply =
			supply + if grid.retail_price <= price { u128::from(grid.import_wh) } else { 0 };
		let total_demand =
			demand + if grid.feed_in_tariff >= price { u128::from(grid.export_wh) } else { 0 };
		let volume = total_supply.min(total_demand);
		let unmatched = total_supply.abs_diff(total_demand);
		// Candidates come in ascending order: on a full tie, a higher price replaces the best
		// only while demand is the longer side.
		let better = match best {
			None => true,
			Some((best_volume, best_unmatched, _)) => {
				volume > best_volume
					|| (volume == best_volume && unmatched < best_unmatched)
					|| (volume == best_volume
						&& unmatched == best_unmatched
						&& total_demand > total_supply)
			},
		};
		if better {
			best = Some((volume, unmatched, price));
		}
	}
	best.filter(|(volume, _, _)| *volume > 0).map(|(_, _, price)| price)
}

fn ask_classes<Balance: Copy + Ord>(
	asks: &[PriceLevel<Balance>],
	grid: &GridOffer<Balance>,
	price: Balance,
) -> Classes {
	let mut classes = Classes::default();
	for level in asks {
		if level.price < price {
			classes.inside += u128::from(level.volume_wh);
		} else if level.price == price {
			classes.at += u128::from(level.volume_wh);
		}
	}
	let import = u128::from(grid.import_wh);
	if grid.retail_price < price {
		classes.grid_inside = import;
	} else if grid.retail_price == price {
		classes.grid_at = import;
	}
	classes
}

fn bid_classes<Balance: Copy + Ord>(
	bids: &[PriceLevel<Balance>],
	grid: &GridOffer<Balance>,
	price: Balance,
) -> Classes {
	let mut classes = Classes::default();
	for level in bids {
		if level.price > price {
			classes.inside += u128::from(level.volume_wh);
		} else if level.price == price {
			classes.at += u128::from(level.volume_wh);
		}
	}
	let export = u128::from(grid.export_wh);
	if grid.feed_in_tariff > price {
		classes.grid_inside = export;
	} else if grid.feed_in_tariff == price {
		classes.grid_at = export;
	}
	classes
}

/// The fractions of the inside and marginal volume that `volume` fills.
fn rationing(inside: u128, at: u128, volume: u128) -> (Perquintill, Perquintill) {
	let inside_filled = inside.min(volume);
	(ratio(inside_filled, inside), ratio(volume - inside_filled, at))
}

/// `part / whole` rounded down; nothing of nothing is all of it.
fn ratio(part: u128, whole: u128) -> Perquintill {
	if whole == 0 {
		Perquintill::one()
	} else {
		Perquintill::from_rational(part.min(whole), whole)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn levels(entries: &[(u64, u64)]) -> alloc::vec::Vec<PriceLevel<u64>> {
		entries.iter().map(|&(price, volume_wh)| PriceLevel { price, volume_wh }).collect()
	}

	const NO_GRID: GridOffer<u64> =
		GridOffer { retail_price: 300, import_wh: 0, feed_in_tariff: 100, export_wh: 0 };
	const GRID: GridOffer<u64> =
		GridOffer { retail_price: 300, import_wh: 10_000, feed_in_tariff: 100, export_wh: 10_000 };

	#[test]
	fn crossing_orders_trade_at_the_price_that_leaves_nothing_unmatched() {
		let outcome = clear(&levels(&[(400, 1_000)]), &levels(&[(200, 1_000)]), &GRID).unwrap();
		assert_eq!(outcome.price, 200);
		assert_eq!(outcome.volume_wh, 1_000);
		assert_eq!(outcome.local_volume_wh, 1_000);
		assert_eq!((outcome.grid_import_wh, outcome.grid_export_wh), (0, 0));
		assert_eq!(outcome.buy.inside, Perquintill::one());
		assert_eq!(outcome.sell.marginal, Perquintill::one());
	}

	#[test]
	fn orders_that_do_not_cross_do_not_trade() {
		assert_eq!(clear(&levels(&[(100, 1_000)]), &levels(&[(200, 1_000)]), &NO_GRID), None);
		assert_eq!(clear(&[], &levels(&[(200, 1_000)]), &NO_GRID), None);
		assert_eq!(clear::<u64>(&[], &[], &GRID), None);
	}

	#[test]
	fn the_grid_fills_local_demand_at_the_retail_price_up_to_its_capacity() {
		let outcome = clear(&levels(&[(400, 3_000)]), &levels(&[(200, 1_000)]), &GRID).unwrap();
		assert_eq!(outcome.price, 300);
		assert_eq!(outcome.volume_wh, 3_000);
		assert_eq!(outcome.grid_import_wh, 2_000);
		assert_eq!(outcome.local_volume_wh, 1_000);
		assert_eq!(outcome.buy.local, Perquintill::from_rational(1u64, 3));
		assert_eq!(outcome.sell.local, Perquintill::one());
	}

	#[test]
	fn congested_import_clears_at_the_buyers_price_above_retail() {
		let outcome = clear(&levels(&[(500, 15_000)]), &[], &GRID).unwrap();
		assert_eq!(outcome.price, 500);
		assert_eq!(outcome.volume_wh, 10_000);
		assert_eq!(outcome.grid_import_wh, 10_000);
		assert_eq!(outcome.local_volume_wh, 0);
		assert_eq!(outcome.buy.marginal, Perquintill::from_rational(2u64, 3));
	}

	#[test]
	fn congested_export_clears_at_the_sellers_price_below_the_feed_in_tariff() {
		let outcome = clear(&levels(&[(20, 1_000)]), &levels(&[(10, 15_000)]), &GRID).unwrap();
		assert_eq!(outcome.price, 10);
		assert_eq!(outcome.volume_wh, 11_000);
		assert_eq!(outcome.grid_export_wh, 10_000);
		assert_eq!(outcome.local_volume_wh, 1_000);
		// The seller's 15 kWh: 11 sold, of which 1 to its neighbour (less rounding).
		let fill = outcome.sell.local.mul_floor(outcome.sell.marginal.mul_floor(15_000u64));
		assert!((999..=1_000).contains(&fill), "fill {fill}");
	}

	#[test]
	fn orders_at_the_margin_share_the_rest_pro_rata() {
		let outcome = clear(&levels(&[(400, 1_000)]), &levels(&[(200, 500)]), &NO_GRID).unwrap();
		// Demand is left unmatched at every price from 200 to 400: the highest wins.
		assert_eq!(outcome.price, 400);
		assert_eq!(outcome.volume_wh, 500);
		assert_eq!(outcome.buy.marginal, Perquintill::from_rational(1u64, 2));
		assert_eq!(outcome.sell.inside, Perquintill::one());
	}

	#[test]
	fn inside_orders_fill_before_the_margin() {
		let outcome =
			clear(&levels(&[(300, 600), (500, 600)]), &levels(&[(100, 900)]), &NO_GRID).unwrap();
		assert_eq!(outcome.price, 300);
		assert_eq!(outcome.buy.inside, Perquintill::one());
		assert_eq!(outcome.buy.marginal, Perquintill::from_rational(1u64, 2));
	}

	#[test]
	fn volumes_beyond_u64_are_summed_without_overflow() {
		let outcome = clear(
			&levels(&[(400, u64::MAX), (500, u64::MAX)]),
			&levels(&[(100, u64::MAX)]),
			&NO_GRID,
		)
		.unwrap();
		assert_eq!(outcome.volume_wh, u64::MAX);
		assert_eq!(outcome.price, 500);
	}
}
