//! Benchmarks of the land registry, each at its worst case: boundaries of the most vertices,
//! an overlap check against the most parcels the index can name (all of them near enough to
//! be compared triangle by triangle), parts of a subdivision or merger spanning the most
//! cells, and full encumbrance and dispute lists.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin};
use frame_system::RawOrigin;
use geometry::Point;
use polis_primitives::SchemaId;
use sp_runtime::traits::One;

const DISTRICT: DistrictId = 4;
/// A schema other than the registrar's, issued to give owners a DID.
fn owner_schema<T: Config>() -> SchemaId {
	T::RegistrarSchema::get().wrapping_add(1)
}

fn plenty<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance().saturating_mul(1_000_000u32.into())
}

/// A funded account with a DID.
fn person<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, plenty::<T>());
	T::Credentials::issue_for_benchmark(&who, owner_schema::<T>(), None);
	who
}

/// A funded registrar of `DISTRICT` holding its credential.
fn registrar<T: Config>() -> T::AccountId {
	frame_system::Pallet::<T>::set_block_number(
		frame_system::Pallet::<T>::block_number().max(One::one()),
	);
	let who: T::AccountId = account("registrar", 0, 0);
	T::Currency::set_balance(&who, plenty::<T>());
	T::Credentials::issue_for_benchmark(&who, T::RegistrarSchema::get(), Some(DISTRICT));
	Registrars::<T>::insert(DISTRICT, &who, ());
	who
}

fn doc() -> H256 {
	H256::repeat_byte(1)
}

/// A boundary's vertices as `(lat, lon)`.
type Polygon = Vec<(i32, i32)>;

fn to_boundary<T: Config>(points: Vec<(i32, i32)>) -> Boundary<T> {
	let points: Vec<Point> = points.into_iter().map(|(lat, lon)| Point::new(lat, lon)).collect();
	assert!(points.len() <= T::MaxVertices::get() as usize, "too many vertices");
	BoundedVec::truncate_from(points)
}

/// A rectangle whose bottom edge zigzags up into it, counter-clockwise, with `vertices`
/// vertices (at least 4).
fn zigzag_rectangle(lat0: i32, lon0: i32, lat1: i32, lon1: i32, vertices: u32) -> Vec<(i32, i32)> {
	let inserted = vertices.saturating_sub(4) as i32;
	let step = (lon1 - lon0) / (inserted + 1);
	let mut points = alloc::vec![(lat0, lon0)];
	points.extend((1..=inserted).map(|i| {
		let lift = if i % 2 == 1 { (lat1 - lat0) / 2 } else { 0 };
		(lat0 + lift, lon0 + i * step)
	}));
	points.extend([(lat0, lon1), (lat1, lon1), (lat1, lon0)]);
	points
}

/// Stores an active parcel without checks.
fn place<T: Config>(
	area: Vec<(i32, i32)>,
	owner: &T::AccountId,
	registrar: &T::AccountId,
) -> ParcelId {
	let footprint =
		Pallet::<T>::footprint(to_boundary::<T>(area)).expect("the area is a parcel's boundary");
	Pallet::<T>::create_parcel(
		DISTRICT,
		footprint,
		LandUse::Residential,
		doc(),
		owner.clone(),
		registrar,
		Lineage::<T>::default(),
		Acquisition::FirstRegistration,
	)
	.expect("the parcel is stored")
}

/// Cells per side of the largest square of cells a comb boundary can span.
fn comb_cells<T: Config>() -> i32 {
	let mut side = 1;
	while (side + 1) * (side + 1) <= T::MaxCellsPerParcel::get()
		&& 4 * (side + 1) + 2 <= T::MaxVertices::get()
	{
		side += 1;
	}
	side as i32
}

fn comb_vertices<T: Config>() -> u32 {
	4 * comb_cells::<T>() as u32 + 2
}

/// A comb spanning `side` × `side` cells: a spine along the bottom and a tooth at the east
/// end of each column of cells, so that the space between the teeth is free for neighbours
/// inside the comb's bounding box. The spine's bottom edge zigzags to reach `vertices`.
fn comb<T: Config>(vertices: u32) -> Vec<(i32, i32)> {
	let (cell, side) = (T::CellSize::get(), comb_cells::<T>());
	let (height, width) = (side * cell - 1, side * cell - 1);
	let thickness = cell / 10;
	let inserted = vertices.saturating_sub(comb_vertices::<T>()) as i32;
	let step = width / (inserted + 1);
	let mut points = alloc::vec![(0, 0)];
	points.extend((1..=inserted).map(|i| (if i % 2 == 1 { thickness / 2 } else { 0 }, i * step)));
	points.extend([
		(0, width),
		(height, width),
		(height, width - thickness),
		(thickness, width - thickness),
	]);
	for column in (0..side - 1).rev() {
		let east = (column + 1) * cell - 1;
		points.extend([
			(thickness, east),
			(height, east),
			(height, east - thickness),
			(thickness, east - thickness),
		]);
	}
	points.push((thickness, 0));
	points
}

/// `count` parcels of the most vertices between the comb's teeth, each inside one cell,
/// up to `MaxParcelsPerCell - 1` per cell.
fn comb_neighbours<T: Config>(count: u32, registrar: &T::AccountId) {
	let (cell, side) = (T::CellSize::get(), comb_cells::<T>());
	// One place in each cell stays free for the comb.
	let per_cell = T::MaxParcelsPerCell::get() as i32 - 1;
	let thickness = cell / 10;
	let owner = person::<T>("neighbour", 0);
	for index in 0..count as i32 {
		let (row, column, slot) =
			(index / per_cell / side, index / per_cell % side, index % per_cell);
		assert!(row < side, "more neighbours than the comb's cells hold");
		let bottom = (row * cell).max(thickness + 1);
		let strip = ((row + 1) * cell - bottom) / per_cell;
		let lat0 = bottom + slot * strip;
		let lon0 = column * cell + 1;
		let lon1 = (column + 1) * cell - thickness - 3;
		place::<T>(
			zigzag_rectangle(lat0, lon0, lat0 + strip - 2, lon1, T::MaxVertices::get()),
			&owner,
			registrar,
		);
	}
}

/// `count` bands tiling the largest square of cells a parcel may span, each spanning all of
/// its cells (the worst case of the spatial index: every part is indexed in every cell) and
/// using the most vertices. The bands run along the square's diagonal, between lines
/// `lat = lon + offset` with offsets close to zero, so that each crosses every row and column
/// of cells; the first and last take the two corners. The lines they share zigzag.
fn diagonal_bands<T: Config>(count: u32) -> (Polygon, Vec<Polygon>) {
	let mut cells_per_side = 1;
	while (cells_per_side + 1) * (cells_per_side + 1) <= T::MaxCellsPerParcel::get() {
		cells_per_side += 1;
	}
	let cell = T::CellSize::get();
	let side = cells_per_side as i32 * cell - 1;
	let count = count as i32;
	// Offsets of the `count - 1` shared lines, evenly spread in (-cell / 2, cell / 2), none 0.
	let gap = cell / (count + 1);
	let offset = |k: i32| -cell / 2 + gap / 2 + k * gap + 1;
	// A band has at most 6 corners; the rest of its vertices zigzag its two lines.
	let teeth = ((T::MaxVertices::get() as i32 - 6) / 2).max(0);
	// Points as (lon, lat); a point's place along the square's perimeter, counter-clockwise
	// from the south-west corner.
	let around = |(lon, lat): (i32, i32)| -> i32 {
		if lat == 0 {
			lon
		} else if lon == side {
			side + lat
		} else if lat == side {
			3 * side - lon
		} else {
			4 * side - lat
		}
	};
	let corners = [(0, 0), (side, 0), (side, side), (0, side)];
	// The corners passed going counter-clockwise from `from` to `to`.
	let corners_between = |from: (i32, i32), to: (i32, i32)| -> Vec<(i32, i32)> {
		let span = (around(to) - around(from)).rem_euclid(4 * side);
		let mut passed: Vec<(i32, i32)> = corners
			.iter()
			.copied()
			.filter(|corner| {
				let along = (around(*corner) - around(from)).rem_euclid(4 * side);
				along > 0 && along < span
			})
			.collect();
		passed.sort_by_key(|corner| (around(*corner) - around(from)).rem_euclid(4 * side));
		passed
	};
	// Shared line `k`, from its south-west end to its north-east end, zigzagging north.
	let line = |k: i32| -> Vec<(i32, i32)> {
		let a = offset(k);
		let (start, end) =
			if a >= 0 { ((0, a), (side - a, side)) } else { ((-a, 0), (side, side + a)) };
		let mut points = alloc::vec![start];
		points.extend((1..=teeth).map(|j| {
			let lon = start.0 + (end.0 - start.0) * j / (teeth + 1);
			let lat = start.1 + (end.1 - start.1) * j / (teeth + 1);
			(lon, lat + if j % 2 == 1 { gap / 4 } else { 0 })
		}));
		points.push(end);
		points
	};
	let parts = (0..count)
		.map(|band| {
			let below = (band > 0).then(|| line(band - 1));
			let above = (band < count - 1).then(|| line(band));
			let mut points = Vec::new();
			match (below, above) {
				(Some(below), Some(above)) => {
					let (below_start, below_end) = (below[0], below[below.len() - 1]);
					let (above_start, above_end) = (above[0], above[above.len() - 1]);
					points.extend(below);
					points.extend(corners_between(below_end, above_end));
					points.extend(above.into_iter().rev());
					points.extend(corners_between(above_start, below_start));
				},
				(None, Some(above)) => {
					points.extend(corners_between(above[0], above[above.len() - 1]));
					points.extend(above.into_iter().rev());
				},
				(Some(below), None) => {
					let (below_start, below_end) = (below[0], below[below.len() - 1]);
					points.extend(below);
					points.extend(corners_between(below_end, below_start));
				},
				(None, None) => points.extend(corners),
			}
			points.into_iter().map(|(lon, lat)| (lat, lon)).collect()
		})
		.collect();
	(alloc::vec![(0, 0), (0, side), (side, side), (side, 0)], parts)
}

/// Alice's parcel with an escrowed sale to Bob; returns parcel, seller and buyer.
fn escrowed<T: Config>(registrar: &T::AccountId) -> (ParcelId, T::AccountId, T::AccountId) {
	let (seller, buyer) = (person::<T>("seller", 0), person::<T>("buyer", 0));
	let parcel = place::<T>(zigzag_rectangle(0, 0, 100, 100, 4), &seller, registrar);
	let price = T::Currency::minimum_balance().saturating_mul(100u32.into());
	assert!(Pallet::<T>::propose_sale(
		RawOrigin::Signed(seller.clone()).into(),
		parcel,
		buyer.clone(),
		price
	)
	.is_ok());
	assert!(
		Pallet::<T>::accept_sale(RawOrigin::Signed(buyer.clone()).into(), parcel, price).is_ok()
	);
	(parcel, seller, buyer)
}

/// Fills the parcel's encumbrance list with liens whose holders consented to its sale, if it
/// has one; returns the last lien and its holder.
fn liens<T: Config>(parcel: ParcelId, registrar: &T::AccountId) -> (EncumbranceId, T::AccountId) {
	let sale = Sales::<T>::get(parcel).map(|sale| sale.id);
	let holder = person::<T>("holder", 0);
	let mut last = 0;
	for _ in 0..T::MaxEncumbrances::get() {
		last = Pallet::<T>::next_id::<NextEncumbranceId<T>>().expect("ids remain");
		Pallet::<T>::put_in_force(
			parcel,
			last,
			EncumbranceKind::Lien,
			holder.clone(),
			doc(),
			Deposit { account: registrar.clone(), amount: Zero::zero() },
		)
		.expect("the list has room");
	}
	Encumbrances::<T>::mutate(parcel, |list| list.iter_mut().for_each(|e| e.consented_sale = sale));
	// The buyer agreed to them all: approval and completion compare each with that list.
	let agreed: Vec<EncumbranceId> =
		Encumbrances::<T>::get(parcel).iter().map(|encumbrance| encumbrance.id).collect();
	Sales::<T>::mutate(parcel, |sale| {
		if let Some(sale) = sale {
			sale.agreed_encumbrances = BoundedVec::truncate_from(agreed);
		}
	});
	(last, holder)
}

fn approve<T: Config>(registrar: &T::AccountId, parcel: ParcelId) {
	assert!(Pallet::<T>::approve_sale(RawOrigin::Signed(registrar.clone()).into(), parcel).is_ok());
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn appoint_registrar() {
		let origin = T::RegistryOrigin::try_successful_origin().expect("governance has an origin");
		let who: T::AccountId = account("registrar", 1, 0);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, DISTRICT, who.clone());
		assert!(Registrars::<T>::contains_key(DISTRICT, who));
	}

	#[benchmark]
	fn dismiss_registrar() {
		let origin = T::RegistryOrigin::try_successful_origin().expect("governance has an origin");
		let who = registrar::<T>();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, DISTRICT, who.clone());
		assert!(!Registrars::<T>::contains_key(DISTRICT, who));
	}

	#[benchmark]
	fn register_parcel(
		v: Linear<{ comb_vertices::<T>() }, { T::MaxVertices::get() }>,
		n: Linear<0, { Pallet::<T>::most_overlap_candidates() }>,
	) {
		let registrar = registrar::<T>();
		comb_neighbours::<T>(n, &registrar);
		let owner = person::<T>("owner", 0);
		let area = to_boundary::<T>(comb::<T>(v));
		let parcel = NextParcelId::<T>::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), DISTRICT, area, LandUse::Mixed, doc(), owner);
		assert!(Parcels::<T>::contains_key(parcel));
	}

	/// One comparison of two triangles whose boxes meet and whose interiors do not, so that
	/// both triangles' edges are read: what a registration pays per pair it compares.
	#[benchmark]
	fn compare_triangles(p: Linear<0, 10_000>) {
		let shape = |corners: [(i32, i32); 3]| {
			let points: Vec<Point> =
				corners.into_iter().map(|(lat, lon)| Point::new(lat, lon)).collect();
			geometry::Shape::new(&points, &[[0, 1, 2]]).expect("a triangle's own corners")
		};
		let inner = shape([(6_000, 6_000), (6_000, 10_000), (10_000, 6_000)]);
		let outer = shape([(0, 0), (0, 10_000), (10_000, 0)]);
		#[block]
		{
			assert_eq!(geometry::compare_first_triangles(&inner, &outer, p), 0);
		}
	}

	#[benchmark]
	fn subdivide(c: Linear<2, { T::MaxLineage::get() }>) {
		let registrar = registrar::<T>();
		let owner = person::<T>("owner", 0);
		let (whole, parts) = diagonal_bands::<T>(c);
		let parent = place::<T>(whole, &owner, &registrar);
		let children = parts
			.into_iter()
			.map(|part| ParcelPlan {
				boundary: to_boundary::<T>(part),
				land_use: LandUse::Residential,
			})
			.collect::<Vec<_>>();
		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), parent, BoundedVec::truncate_from(children), doc());
		assert!(matches!(Parcels::<T>::get(parent).unwrap().status, ParcelStatus::Retired { .. }));
	}

	#[benchmark]
	fn merge(p: Linear<2, { T::MaxLineage::get() }>) {
		let registrar = registrar::<T>();
		let owner = person::<T>("owner", 0);
		let (whole, parts) = diagonal_bands::<T>(p);
		let parents: Vec<ParcelId> =
			parts.into_iter().map(|part| place::<T>(part, &owner, &registrar)).collect();
		let merged = NextParcelId::<T>::get();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(registrar),
			BoundedVec::truncate_from(parents),
			to_boundary::<T>(whole),
			LandUse::Mixed,
			doc(),
		);
		assert!(Parcels::<T>::contains_key(merged));
	}

	#[benchmark]
	fn rectify_owner() {
		let registrar = registrar::<T>();
		let owner = person::<T>("owner", 0);
		let heir = person::<T>("heir", 0);
		let parcel = place::<T>(zigzag_rectangle(0, 0, 100, 100, 4), &owner, &registrar);
		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), parcel, heir.clone(), doc());
		assert_eq!(Parcels::<T>::get(parcel).unwrap().owner, heir);
	}

	#[benchmark]
	fn propose_sale() {
		let registrar = registrar::<T>();
		let (seller, buyer) = (person::<T>("seller", 0), person::<T>("buyer", 0));
		let parcel = place::<T>(zigzag_rectangle(0, 0, 100, 100, 4), &seller, &registrar);
		let price = T::Currency::minimum_balance();
		#[extrinsic_call]
		_(RawOrigin::Signed(seller), parcel, buyer, price);
		assert!(Sales::<T>::contains_key(parcel));
	}

	#[benchmark]
	fn accept_sale() {
		let registrar = registrar::<T>();
		let (seller, buyer) = (person::<T>("seller", 0), person::<T>("buyer", 0));
		let parcel = place::<T>(zigzag_rectangle(0, 0, 100, 100, 4), &seller, &registrar);
		let price = T::Currency::minimum_balance();
		assert!(Pallet::<T>::propose_sale(
			RawOrigin::Signed(seller).into(),
			parcel,
			buyer.clone(),
			price
		)
		.is_ok());
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), parcel, price);
		assert!(Sales::<T>::get(parcel).unwrap().is_escrowed());
	}

	#[benchmark]
	fn approve_sale() {
		let registrar = registrar::<T>();
		let (parcel, ..) = escrowed::<T>(&registrar);
		liens::<T>(parcel, &registrar);
		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), parcel);
		assert!(matches!(Sales::<T>::get(parcel).unwrap().status, SaleStatus::Approved { .. }));
	}

	#[benchmark]
	fn object_to_sale() {
		let registrar = registrar::<T>();
		let (parcel, ..) = escrowed::<T>(&registrar);
		approve::<T>(&registrar, parcel);
		let objector = person::<T>("objector", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(objector), parcel, doc());
		assert!(matches!(Sales::<T>::get(parcel).unwrap().status, SaleStatus::Frozen { .. }));
	}

	#[benchmark]
	fn rule_on_objection() {
		let registrar = registrar::<T>();
		let (parcel, ..) = escrowed::<T>(&registrar);
		approve::<T>(&registrar, parcel);
		let objector = person::<T>("objector", 0);
		assert!(
			Pallet::<T>::object_to_sale(RawOrigin::Signed(objector).into(), parcel, doc()).is_ok()
		);
		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), parcel, true);
		assert!(!Sales::<T>::contains_key(parcel));
	}

	#[benchmark]
	fn complete_sale() {
		let registrar = registrar::<T>();
		let (parcel, _, buyer) = escrowed::<T>(&registrar);
		liens::<T>(parcel, &registrar);
		approve::<T>(&registrar, parcel);
		frame_system::Pallet::<T>::set_block_number(
			frame_system::Pallet::<T>::block_number() + T::ObjectionPeriod::get(),
		);
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer.clone()), parcel);
		assert_eq!(Parcels::<T>::get(parcel).unwrap().owner, buyer);
	}

	#[benchmark]
	fn cancel_sale() {
		let registrar = registrar::<T>();
		let (parcel, seller, _) = escrowed::<T>(&registrar);
		#[extrinsic_call]
		_(RawOrigin::Signed(seller), parcel);
		assert!(!Sales::<T>::contains_key(parcel));
	}

	#[benchmark]
	fn propose_encumbrance() {
		let registrar = registrar::<T>();
		let owner = person::<T>("owner", 0);
		let holder = person::<T>("holder", 1);
		let parcel = place::<T>(zigzag_rectangle(0, 0, 100, 100, 4), &owner, &registrar);
		#[extrinsic_call]
		_(RawOrigin::Signed(holder), parcel, EncumbranceKind::Mortgage, doc());
		assert_eq!(EncumbranceProposals::<T>::iter_prefix(parcel).count(), 1);
	}

	#[benchmark]
	fn accept_encumbrance() {
		let registrar = registrar::<T>();
		let owner = person::<T>("owner", 0);
		let holder = person::<T>("holder", 1);
		let parcel = place::<T>(zigzag_rectangle(0, 0, 100, 100, 4), &owner, &registrar);
		let id = NextEncumbranceId::<T>::get();
		assert!(Pallet::<T>::propose_encumbrance(
			RawOrigin::Signed(holder).into(),
			parcel,
			EncumbranceKind::Mortgage,
			doc()
		)
		.is_ok());
		for _ in 1..T::MaxEncumbrances::get() {
			let other = Pallet::<T>::next_id::<NextEncumbranceId<T>>().unwrap();
			Pallet::<T>::put_in_force(
				parcel,
				other,
				EncumbranceKind::Easement,
				registrar.clone(),
				doc(),
				Deposit { account: registrar.clone(), amount: Zero::zero() },
			)
			.unwrap();
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), parcel, id);
		assert_eq!(Encumbrances::<T>::get(parcel).len() as u32, T::MaxEncumbrances::get());
	}

	#[benchmark]
	fn reject_encumbrance() {
		let registrar = registrar::<T>();
		let owner = person::<T>("owner", 0);
		let holder = person::<T>("holder", 1);
		let parcel = place::<T>(zigzag_rectangle(0, 0, 100, 100, 4), &owner, &registrar);
		let id = NextEncumbranceId::<T>::get();
		assert!(Pallet::<T>::propose_encumbrance(
			RawOrigin::Signed(holder).into(),
			parcel,
			EncumbranceKind::Lien,
			doc()
		)
		.is_ok());
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), parcel, id);
		assert!(!EncumbranceProposals::<T>::contains_key(parcel, id));
	}

	#[benchmark]
	fn register_encumbrance() {
		let registrar = registrar::<T>();
		let owner = person::<T>("owner", 0);
		let holder = person::<T>("holder", 1);
		let parcel = place::<T>(zigzag_rectangle(0, 0, 100, 100, 4), &owner, &registrar);
		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), parcel, EncumbranceKind::Caveat, holder, doc());
		assert_eq!(Encumbrances::<T>::get(parcel).len(), 1);
	}

	#[benchmark]
	fn discharge_encumbrance() {
		let registrar = registrar::<T>();
		let owner = person::<T>("owner", 0);
		let parcel = place::<T>(zigzag_rectangle(0, 0, 100, 100, 4), &owner, &registrar);
		let (last, holder) = liens::<T>(parcel, &registrar);
		#[extrinsic_call]
		_(RawOrigin::Signed(holder), parcel, last);
		assert_eq!(Encumbrances::<T>::get(parcel).len() as u32, T::MaxEncumbrances::get() - 1);
	}

	#[benchmark]
	fn consent_to_sale() {
		let registrar = registrar::<T>();
		let (parcel, ..) = escrowed::<T>(&registrar);
		let (last, holder) = liens::<T>(parcel, &registrar);
		Encumbrances::<T>::mutate(parcel, |list| {
			list.iter_mut().for_each(|e| e.consented_sale = None)
		});
		#[extrinsic_call]
		_(RawOrigin::Signed(holder), parcel, last);
		assert!(Encumbrances::<T>::get(parcel).iter().any(|e| e.consented_sale.is_some()));
	}

	#[benchmark]
	fn raise_dispute() {
		let registrar = registrar::<T>();
		let owner = person::<T>("owner", 0);
		let claimant = person::<T>("claimant", 0);
		let parcel = place::<T>(zigzag_rectangle(0, 0, 100, 100, 4), &owner, &registrar);
		for _ in 1..T::MaxOpenDisputes::get() {
			assert!(Pallet::<T>::raise_dispute(
				RawOrigin::Signed(claimant.clone()).into(),
				parcel,
				doc()
			)
			.is_ok());
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(claimant), parcel, doc());
		assert_eq!(Disputes::<T>::get(parcel).len() as u32, T::MaxOpenDisputes::get());
	}

	#[benchmark]
	fn resolve_dispute() {
		let registrar = registrar::<T>();
		let owner = person::<T>("owner", 0);
		let claimant = person::<T>("claimant", 0);
		let parcel = place::<T>(zigzag_rectangle(0, 0, 100, 100, 4), &owner, &registrar);
		for _ in 0..T::MaxOpenDisputes::get() {
			assert!(Pallet::<T>::raise_dispute(
				RawOrigin::Signed(claimant.clone()).into(),
				parcel,
				doc()
			)
			.is_ok());
		}
		let last = NextDisputeId::<T>::get() - 1;
		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), parcel, last, false);
		assert_eq!(Disputes::<T>::get(parcel).len() as u32, T::MaxOpenDisputes::get() - 1);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
