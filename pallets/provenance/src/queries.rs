//! Reads for the runtime API: a lot's trace up or down the lot graph, its events, and whether
//! a recall has reached it or is on its way.

use alloc::{
	collections::{BTreeMap, BTreeSet, VecDeque},
	vec::Vec,
};
use codec::{Decode, Encode};
use scale_info::TypeInfo;

use crate::*;

pub use polis_primitives::MAX_PAGE;
/// Most lots one query visits: a trace deeper than this is cut, a recall exposure that needs
/// more is `Undetermined`.
pub const MAX_VISITS: u32 = 100_000;

/// Which way a trace follows the lot graph.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum Direction {
	/// Towards what a lot was made from, and what a container holds.
	Upstream,
	/// Towards what was made from a lot, and the container holding it.
	Downstream,
}

/// How a lot in a trace is linked to the lot before it.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum Link {
	/// It was made from the lot before (downstream).
	MadeFrom,
	/// The lot before was made from it (upstream).
	MadeInto,
	/// It holds the lot before (downstream: the container).
	Holds,
	/// The lot before holds it (upstream: the contents).
	PackedIn,
}

/// A lot reached by a trace.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct TraceStep {
	pub lot: LotId,
	/// Links from the traced lot.
	pub depth: u32,
	/// The lot it was reached from, and how.
	pub via: LotId,
	pub link: Link,
}

/// A page of a trace, nearest lots first.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct TracePage {
	pub steps: Vec<TraceStep>,
	/// Where the next page starts, if there is more.
	pub next: Option<u32>,
}

/// An event of a lot, with its error declaration if it was declared wrong.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct LotEvent<Record, Declaration> {
	pub id: EventId,
	pub record: Record,
	pub declared_wrong: Option<Declaration>,
}

/// A lot's codes, as EPCIS names it: its product class's (a GTIN) and its own (a lot code or
/// an SSCC), and the class's unit.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct LotIdentity {
	pub lot: LotId,
	pub class_code: Vec<u8>,
	pub code: Vec<u8>,
	pub unit: Unit,
}

/// Whether a recall concerns a lot.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum Exposure {
	/// No lot it was made from, nor any lot it holds, was recalled.
	Unaffected,
	/// The recall has reached it; `path` runs from the recalled lot to it.
	Reached { recall: RecallId, path: Vec<LotId> },
	/// The recall has not reached it yet but will: it spreads along `path`, from the recalled
	/// lot to it, and has reached the lots of the path up to `reached_until` (exclusive).
	Pending { recall: RecallId, path: Vec<LotId>, reached_until: u32 },
	/// The lot's ancestry is larger than one query visits (`MAX_VISITS` lots).
	Undetermined,
	/// No lot has this id.
	UnknownLot,
}

/// A search would visit more than `MAX_VISITS` lots.
struct TooLarge;

impl<T: Config> Pallet<T> {
	/// Entries `from .. from + limit` of the breadth-first trace from `lot` going `direction`;
	/// `limit` at most `MAX_PAGE`. The trace visits at most `MAX_VISITS` lots.
	pub fn trace(lot: LotId, direction: Direction, from: u32, limit: u32) -> TracePage {
		let limit = limit.min(MAX_PAGE);
		let end = from.saturating_add(limit).min(MAX_VISITS);
		let mut steps = Vec::new();
		let mut seen = BTreeSet::from([lot]);
		let mut queue = VecDeque::from([(lot, 0u32)]);
		let mut position = 0u32;
		while let Some((current, depth)) = queue.pop_front() {
			let Some(record) = Lots::<T>::get(current) else { continue };
			for (next, link) in Self::links(&record, direction) {
				if !seen.insert(next) {
					continue;
				}
				if position >= end {
					return TracePage { steps, next: (end < MAX_VISITS).then_some(end) };
				}
				if position >= from {
					steps.push(TraceStep { lot: next, depth: depth + 1, via: current, link });
				}
				position += 1;
				queue.push_back((next, depth + 1));
			}
		}
		TracePage { steps, next: None }
	}

	/// Up to `limit` (at most `MAX_PAGE`) of `lot`'s events after `after`, in recording order,
	/// whose event time lies within `window` (inclusive) if given.
	pub fn lot_events(
		lot: LotId,
		window: Option<(u64, u64)>,
		after: Option<EventId>,
		limit: u32,
	) -> Vec<LotEvent<EventRecord<T>, ErrorDeclaration<T>>> {
		let mut ids: Vec<EventId> = LotEvents::<T>::iter_key_prefix(lot)
			.take(MAX_VISITS as usize)
			.filter(|id| after.is_none_or(|after| *id > after))
			.collect();
		ids.sort_unstable();
		ids.into_iter()
			.filter_map(|id| Events::<T>::get(id).map(|record| (id, record)))
			.filter(|(_, record)| {
				window.is_none_or(|(start, end)| (start..=end).contains(&record.context.time))
			})
			.take(limit.min(MAX_PAGE) as usize)
			.map(|(id, record)| LotEvent {
				id,
				record,
				declared_wrong: ErrorDeclarations::<T>::get(id),
			})
			.collect()
	}

	/// The codes of up to `MAX_PAGE` lots, `None` for an unknown lot.
	pub fn lot_identities(lots: Vec<LotId>) -> Vec<Option<LotIdentity>> {
		lots.into_iter()
			.take(MAX_PAGE as usize)
			.map(|lot| {
				let record = Lots::<T>::get(lot)?;
				let class = Classes::<T>::get(record.class)?;
				Some(LotIdentity {
					lot,
					class_code: class.code.into_inner(),
					code: record.code.into_inner(),
					unit: class.unit,
				})
			})
			.collect()
	}

	/// The codes of up to `MAX_PAGE` locations, `None` for an unknown (or removed) one.
	pub fn location_codes(locations: Vec<LocationId>) -> Vec<Option<Vec<u8>>> {
		locations
			.into_iter()
			.take(MAX_PAGE as usize)
			.map(|location| Locations::<T>::get(location).map(|record| record.code.into_inner()))
			.collect()
	}

	/// Whether a recall has reached `lot` or is on its way to it, and along which lots.
	pub fn exposure(lot: LotId) -> Exposure {
		let Some(record) = Lots::<T>::get(lot) else { return Exposure::UnknownLot };
		if let Some(recall) = record.recall {
			return match Self::path_from_recalled(lot, recall) {
				Some(path) => Exposure::Reached { recall, path },
				None => Exposure::Undetermined,
			};
		}
		// The nearest ancestor a recall reached: the recall spreads from it to this lot.
		let (ancestor, recall, path_down) = match Self::nearest_recalled_ancestor(lot) {
			Ok(Some(found)) => found,
			Ok(None) => return Exposure::Unaffected,
			Err(TooLarge) => return Exposure::Undetermined,
		};
		let Some(mut path) = Self::path_from_recalled(ancestor, recall) else {
			return Exposure::Undetermined;
		};
		let reached_until = path.len() as u32;
		path.extend(path_down.into_iter().skip(1));
		Exposure::Pending { recall, path, reached_until }
	}

	/// The lots linked to `record` going `direction`, with how.
	fn links(record: &Lot<T>, direction: Direction) -> Vec<(LotId, Link)> {
		match direction {
			Direction::Downstream => record
				.children
				.iter()
				.map(|child| (*child, Link::MadeFrom))
				.chain(record.container.map(|holder| (holder, Link::Holds)))
				.collect(),
			Direction::Upstream => record
				.parents
				.iter()
				.map(|parent| (*parent, Link::MadeInto))
				.chain(record.contents.iter().map(|packed| (*packed, Link::PackedIn)))
				.collect(),
		}
	}

	/// Searches upstream from `lot` for the nearest lot a recall reached: that lot, its
	/// recall, and the path from it down to `lot`; `None` if there is none.
	#[allow(clippy::type_complexity)]
	fn nearest_recalled_ancestor(
		lot: LotId,
	) -> Result<Option<(LotId, RecallId, Vec<LotId>)>, TooLarge> {
		let mut came_from = BTreeMap::from([(lot, lot)]);
		let mut queue = VecDeque::from([lot]);
		while let Some(current) = queue.pop_front() {
			let Some(record) = Lots::<T>::get(current) else { continue };
			if let Some(recall) = record.recall {
				return Ok(Some((current, recall, Self::walk_back(&came_from, current, lot))));
			}
			for (next, _) in Self::links(&record, Direction::Upstream) {
				if came_from.len() >= MAX_VISITS as usize {
					return Err(TooLarge);
				}
				came_from.entry(next).or_insert_with(|| {
					queue.push_back(next);
					current
				});
			}
		}
		Ok(None)
	}

	/// The path from the lot `recall` started at down to `lot`, through lots it reached.
	fn path_from_recalled(lot: LotId, recall: RecallId) -> Option<Vec<LotId>> {
		let origin = Recalls::<T>::get(recall)?.lot;
		let mut came_from = BTreeMap::from([(lot, lot)]);
		let mut queue = VecDeque::from([(lot, Lots::<T>::get(lot)?)]);
		while let Some((current, record)) = queue.pop_front() {
			if current == origin {
				return Some(Self::walk_back(&came_from, current, lot));
			}
			for (next, _) in Self::links(&record, Direction::Upstream) {
				if came_from.contains_key(&next) {
					continue;
				}
				if came_from.len() >= MAX_VISITS as usize {
					return None;
				}
				// Each lot is read once: those the recall reached are queued with their record.
				if let Some(reached) = Lots::<T>::get(next).filter(|lot| lot.recall == Some(recall))
				{
					came_from.insert(next, current);
					queue.push_back((next, reached));
				}
			}
		}
		None
	}

	/// The path from `top` down to `bottom`, following `came_from` (each lot to the lot it was
	/// found from, searching up from `bottom`).
	fn walk_back(came_from: &BTreeMap<LotId, LotId>, top: LotId, bottom: LotId) -> Vec<LotId> {
		let mut path = Vec::from([top]);
		let mut current = top;
		while current != bottom {
			match came_from.get(&current) {
				Some(next) if *next != current => {
					current = *next;
					path.push(current);
				},
				_ => break,
			}
		}
		path
	}
}

sp_api::decl_runtime_apis! {
	/// Reads of the provenance registry: traces, a lot's events and its recall exposure.
	pub trait ProvenanceApi<Record, Declaration>
	where
		Record: codec::Codec,
		Declaration: codec::Codec,
	{
		/// Entries `from .. from + limit` (at most `MAX_PAGE`) of the breadth-first trace from
		/// `lot` going `direction`, nearest lots first.
		fn trace(lot: LotId, direction: Direction, from: u32, limit: u32) -> TracePage;
		/// Up to `limit` (at most `MAX_PAGE`) of `lot`'s events after `after`, in recording
		/// order, whose event time (milliseconds after the Unix epoch) lies within `window`.
		fn lot_events(
			lot: LotId,
			window: Option<(u64, u64)>,
			after: Option<EventId>,
			limit: u32,
		) -> Vec<LotEvent<Record, Declaration>>;
		/// The codes of up to `MAX_PAGE` lots, `None` for an unknown lot.
		fn lot_identities(lots: Vec<LotId>) -> Vec<Option<LotIdentity>>;
		/// The codes of up to `MAX_PAGE` locations, `None` for an unknown (or removed) one.
		fn location_codes(locations: Vec<LocationId>) -> Vec<Option<Vec<u8>>>;
		/// Proves that `event_hash` is leaf `leaf_index` of anchor `anchor`'s batch.
		fn verify_anchored_event(
			anchor: AnchorId,
			event_hash: sp_core::H256,
			proof: Vec<sp_core::H256>,
			leaf_index: u32,
		) -> Result<(), AnchorProofError>;
		/// Whether a recall has reached `lot` or is on its way to it, and along which lots.
		fn exposure(lot: LotId) -> Exposure;
	}
}
