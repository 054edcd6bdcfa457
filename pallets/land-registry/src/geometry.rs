//! Parcel geometry in exact integer arithmetic, so that every node reaches the same verdict.
//!
//! A boundary is a simple polygon of fixed-point points (1e-7 degrees, about 1 cm). Overlap is
//! tested on triangulations: two simple polygons' interiors meet exactly when the interiors of
//! one triangle of each meet, and two triangles' interiors meet exactly when no edge of either
//! separates them (the separating axis theorem). Shared edges and corners are not overlap.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Largest latitude, in 1e-7 degrees.
pub const MAX_LATITUDE: i32 = 900_000_000;
/// Largest longitude, in 1e-7 degrees.
pub const MAX_LONGITUDE: i32 = 1_800_000_000;

/// A point on the map, in 1e-7 degrees.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Point {
	pub lat: i32,
	pub lon: i32,
}

impl Point {
	pub const fn new(lat: i32, lon: i32) -> Self {
		Self { lat, lon }
	}
}

/// A grid cell of the spatial index: the point's coordinates divided by the cell size,
/// rounded down.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Cell {
	pub lat: i32,
	pub lon: i32,
}

/// Why a boundary is not a valid parcel.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GeometryError {
	/// Fewer than three vertices.
	TooFewVertices,
	/// A latitude beyond ±90° or a longitude beyond ±180°.
	OutOfRange,
	/// Edges cross, touch or fold back, two vertices coincide, or the area is zero.
	NotSimple,
}

/// A point scaled to the doubled grid, where midpoints of grid points are grid points.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct P {
	x: i64,
	y: i64,
}

impl P {
	fn of(point: &Point, scale: i64) -> Self {
		Self { x: point.lon as i64 * scale, y: point.lat as i64 * scale }
	}
}

/// Twice the signed area of the triangle `o a b`: positive when it turns counter-clockwise.
fn cross(o: P, a: P, b: P) -> i128 {
	let (ax, ay) = ((a.x - o.x) as i128, (a.y - o.y) as i128);
	let (bx, by) = ((b.x - o.x) as i128, (b.y - o.y) as i128);
	ax * by - ay * bx
}

/// Whether `p`, collinear with `a b`, lies on the closed segment `a b`.
fn within_box(p: P, a: P, b: P) -> bool {
	p.x >= a.x.min(b.x) && p.x <= a.x.max(b.x) && p.y >= a.y.min(b.y) && p.y <= a.y.max(b.y)
}

fn on_segment(p: P, a: P, b: P) -> bool {
	cross(a, b, p) == 0 && within_box(p, a, b)
}

/// Whether the closed segments `a b` and `c d` share a point.
fn segments_meet(a: P, b: P, c: P, d: P) -> bool {
	let (d1, d2) = (cross(a, b, c).signum(), cross(a, b, d).signum());
	let (d3, d4) = (cross(c, d, a).signum(), cross(c, d, b).signum());
	if d1 * d2 < 0 && d3 * d4 < 0 {
		return true;
	}
	on_segment(c, a, b) || on_segment(d, a, b) || on_segment(a, c, d) || on_segment(b, c, d)
}

/// Whether `a b` and `c d` cross at a point inside both.
fn segments_cross(a: P, b: P, c: P, d: P) -> bool {
	cross(a, b, c).signum() * cross(a, b, d).signum() < 0
		&& cross(c, d, a).signum() * cross(c, d, b).signum() < 0
}

fn scaled(polygon: &[Point], scale: i64) -> Vec<P> {
	polygon.iter().map(|point| P::of(point, scale)).collect()
}

/// Twice the signed area of `polygon`: positive when its vertices run counter-clockwise.
pub fn doubled_area(polygon: &[Point]) -> i128 {
	let points = scaled(polygon, 1);
	let n = points.len();
	(0..n)
		.map(|i| {
			let (a, b) = (points[i], points[(i + 1) % n]);
			a.x as i128 * b.y as i128 - b.x as i128 * a.y as i128
		})
		.sum()
}

/// Checks that `polygon` is a simple polygon of points on the map.
pub fn check_simple(polygon: &[Point]) -> Result<(), GeometryError> {
	let n = polygon.len();
	if n < 3 {
		return Err(GeometryError::TooFewVertices);
	}
	if polygon.iter().any(|p| p.lat.abs() > MAX_LATITUDE || p.lon.abs() > MAX_LONGITUDE) {
		return Err(GeometryError::OutOfRange);
	}
	let p = scaled(polygon, 1);
	for i in 0..n {
		let (a, b, c) = (p[i], p[(i + 1) % n], p[(i + 2) % n]);
		if a == b {
			return Err(GeometryError::NotSimple);
		}
		// Consecutive edges meet only at their shared vertex: no fold back along the line.
		if cross(a, b, c) == 0 {
			let forward = (b.x - a.x) as i128 * (c.x - b.x) as i128
				+ (b.y - a.y) as i128 * (c.y - b.y) as i128;
			if forward <= 0 {
				return Err(GeometryError::NotSimple);
			}
		}
		for j in i + 2..n {
			// Edge n-1 and edge 0 share vertex 0.
			if i == 0 && j == n - 1 {
				continue;
			}
			if segments_meet(a, b, p[j], p[(j + 1) % n]) {
				return Err(GeometryError::NotSimple);
			}
		}
	}
	if doubled_area(polygon) == 0 {
		return Err(GeometryError::NotSimple);
	}
	Ok(())
}

/// Reverses `polygon` if it runs clockwise, so that every stored boundary runs
/// counter-clockwise.
pub fn make_counter_clockwise(polygon: &mut [Point]) {
	if doubled_area(polygon) < 0 {
		polygon.reverse();
	}
}

/// A triangle of a polygon's triangulation: the positions of its three corners among the
/// polygon's vertices, counter-clockwise. Positions fit a byte: a boundary has at most 256
/// vertices.
pub type TriangleIndices = [u8; 3];

fn in_closed_triangle(q: P, a: P, b: P, c: P) -> bool {
	cross(a, b, q) >= 0 && cross(b, c, q) >= 0 && cross(c, a, q) >= 0
}

/// Triangulates a simple counter-clockwise polygon by ear clipping. `None` if no ear can be
/// found, which happens only for boundaries with vertices on other parts of the boundary
/// (and these are rejected as not simple before), if the triangles do not add up to the
/// polygon's area, or if the polygon has more than 256 vertices.
pub fn triangulate(polygon: &[Point]) -> Option<Vec<TriangleIndices>> {
	if polygon.len() > usize::from(u8::MAX) + 1 {
		return None;
	}
	let points = scaled(polygon, 1);
	// Positions below 256, as checked above.
	let mut remaining: Vec<u8> = (0..polygon.len()).map(|i| i as u8).collect();
	let mut triangles = Vec::with_capacity(polygon.len().saturating_sub(2));
	let at = |i: u8| points[usize::from(i)];
	while remaining.len() > 3 {
		let m = remaining.len();
		let ear = (0..m).find_map(|i| {
			let (ia, ib, ic) = (remaining[(i + m - 1) % m], remaining[i], remaining[(i + 1) % m]);
			let (a, b, c) = (at(ia), at(ib), at(ic));
			let turn = cross(a, b, c);
			if turn == 0 {
				// A straight vertex: dropping it leaves the same polygon.
				return Some((i, None));
			}
			if turn < 0 {
				return None;
			}
			let blocked = remaining
				.iter()
				.any(|&j| j != ia && j != ib && j != ic && in_closed_triangle(at(j), a, b, c));
			(!blocked).then_some((i, Some([ia, ib, ic])))
		})?;
		let (i, triangle) = ear;
		triangles.extend(triangle);
		remaining.remove(i);
	}
	if let [a, b, c] = remaining[..] {
		if cross(at(a), at(b), at(c)) != 0 {
			triangles.push([a, b, c]);
		}
	}
	triangulates(polygon, &triangles).then_some(triangles)
}

/// Whether `triangles` triangulate `polygon`: each names its vertices, turns
/// counter-clockwise, and together they cover the polygon's area.
pub fn triangulates(polygon: &[Point], triangles: &[TriangleIndices]) -> bool {
	let mut covered: i128 = 0;
	for corners in triangles {
		let Some(triangle) = corners_of(polygon, corners) else { return false };
		let area = doubled_area(&triangle);
		if area <= 0 {
			return false;
		}
		covered = covered.saturating_add(area);
	}
	covered == doubled_area(polygon)
}

fn corners_of(polygon: &[Point], corners: &TriangleIndices) -> Option<[Point; 3]> {
	let corner = |i: u8| polygon.get(usize::from(i)).copied();
	Some([corner(corners[0])?, corner(corners[1])?, corner(corners[2])?])
}

/// A triangulated polygon ready for overlap tests: the corners and bounding box of each of
/// its triangles, and its own bounding box, computed once.
pub struct Shape {
	bounds: Bounds,
	triangles: Vec<([P; 3], Bounds)>,
}

impl Shape {
	/// `None` if the polygon is empty or a triangle names a vertex it does not have.
	pub fn new(polygon: &[Point], triangles: &[TriangleIndices]) -> Option<Self> {
		let bounds = Bounds::of(polygon)?;
		let triangles = triangles
			.iter()
			.map(|corners| {
				let triangle = corners_of(polygon, corners)?;
				let scaled =
					[P::of(&triangle[0], 1), P::of(&triangle[1], 1), P::of(&triangle[2], 1)];
				Some((scaled, Bounds::of(&triangle)?))
			})
			.collect::<Option<Vec<_>>>()?;
		Some(Self { bounds, triangles })
	}

	pub fn bounds(&self) -> Bounds {
		self.bounds
	}
}

/// A bounding box, inclusive.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Bounds {
	pub min: Point,
	pub max: Point,
}

impl Bounds {
	/// The box around `points`; `None` if there are none.
	pub fn of(points: &[Point]) -> Option<Self> {
		let (first, rest) = points.split_first()?;
		let mut bounds = Self { min: *first, max: *first };
		for point in rest {
			bounds.min.lat = bounds.min.lat.min(point.lat);
			bounds.min.lon = bounds.min.lon.min(point.lon);
			bounds.max.lat = bounds.max.lat.max(point.lat);
			bounds.max.lon = bounds.max.lon.max(point.lon);
		}
		Some(bounds)
	}

	/// Whether the interiors of the two boxes meet (touching boxes do not).
	pub fn interiors_meet(&self, other: &Self) -> bool {
		self.min.lat < other.max.lat
			&& other.min.lat < self.max.lat
			&& self.min.lon < other.max.lon
			&& other.min.lon < self.max.lon
	}

	/// The grid cells the box covers, or `None` if they are more than `max`.
	pub fn cells(&self, cell_size: i32, max: u32) -> Option<Vec<Cell>> {
		let size = cell_size.max(1);
		let (lat_from, lat_to) = (self.min.lat.div_euclid(size), self.max.lat.div_euclid(size));
		let (lon_from, lon_to) = (self.min.lon.div_euclid(size), self.max.lon.div_euclid(size));
		let rows = (lat_to as i64 - lat_from as i64 + 1) as u64;
		let columns = (lon_to as i64 - lon_from as i64 + 1) as u64;
		if rows.checked_mul(columns)? > max as u64 {
			return None;
		}
		Some(
			(lat_from..=lat_to)
				.flat_map(|lat| (lon_from..=lon_to).map(move |lon| Cell { lat, lon }))
				.collect(),
		)
	}
}

/// Whether an edge of `t` has all of `other` on its outer side or on its line.
fn separates(t: &[P; 3], other: &[P; 3]) -> bool {
	(0..3).any(|i| {
		let (a, b) = (t[i], t[(i + 1) % 3]);
		other.iter().all(|&q| cross(a, b, q) <= 0)
	})
}

/// Whether the interiors of two triangles meet: their boxes first, then their edges.
fn triangles_meet((ta, box_a): &([P; 3], Bounds), (tb, box_b): &([P; 3], Bounds)) -> bool {
	box_a.interiors_meet(box_b) && !separates(ta, tb) && !separates(tb, ta)
}

/// Whether the interiors of two triangulated polygons meet.
pub fn overlap(a: &Shape, b: &Shape) -> bool {
	overlap_counting(a, b).0
}

/// Whether the interiors of two triangulated polygons meet, and how many pairs of triangles
/// it compared to tell. Only the triangles of each inside the other's bounding box are
/// compared.
pub fn overlap_counting(a: &Shape, b: &Shape) -> (bool, u32) {
	if !a.bounds.interiors_meet(&b.bounds) {
		return (false, 0);
	}
	let near_a: Vec<&([P; 3], Bounds)> =
		b.triangles.iter().filter(|(_, box_b)| box_b.interiors_meet(&a.bounds)).collect();
	let mut compared = 0u32;
	let found =
		a.triangles.iter().filter(|(_, box_a)| box_a.interiors_meet(&b.bounds)).any(|triangle_a| {
			near_a.iter().any(|triangle_b| {
				compared = compared.saturating_add(1);
				triangles_meet(triangle_a, triangle_b)
			})
		});
	(found, compared)
}

/// Compares the first triangle of `a` with the first of `b` `times` times; how many of the
/// comparisons found them overlapping. What a benchmark weighs one comparison by.
pub fn compare_first_triangles(a: &Shape, b: &Shape, times: u32) -> u32 {
	let (Some(first_a), Some(first_b)) = (a.triangles.first(), b.triangles.first()) else {
		return 0;
	};
	// `black_box` keeps the comparison from being hoisted out of the loop.
	(0..times)
		.filter(|_| triangles_meet(core::hint::black_box(first_a), core::hint::black_box(first_b)))
		.count() as u32
}

/// Whether `q` (on the doubled grid) lies inside or on the boundary of `polygon` (also on the
/// doubled grid).
fn in_closed_polygon(q: P, polygon: &[P]) -> bool {
	let n = polygon.len();
	let mut inside = false;
	for i in 0..n {
		let (a, b) = (polygon[i], polygon[(i + 1) % n]);
		if on_segment(q, a, b) {
			return true;
		}
		// Crossing number of a ray towards +x, each edge half-open in y.
		if (a.y > q.y) != (b.y > q.y) {
			let side = cross(a, b, q);
			if (side > 0) == (b.y > a.y) {
				inside = !inside;
			}
		}
	}
	inside
}

/// Whether the simple polygon `inner` lies inside the simple polygon `outer` (boundaries may
/// touch). The boundary of `inner` is cut at every vertex of `outer` on it; each piece then
/// lies wholly inside, outside or on `outer`'s boundary, which its midpoint tells.
pub fn contains(outer: &[Point], inner: &[Point]) -> bool {
	let outer2 = scaled(outer, 2);
	let inner2 = scaled(inner, 2);
	let n = inner2.len();
	for i in 0..n {
		let (a, b) = (inner2[i], inner2[(i + 1) % n]);
		let m = outer2.len();
		if (0..m).any(|j| segments_cross(a, b, outer2[j], outer2[(j + 1) % m])) {
			return false;
		}
		let along = |p: &P| {
			(p.x - a.x) as i128 * (b.x - a.x) as i128 + (p.y - a.y) as i128 * (b.y - a.y) as i128
		};
		let mut cuts: Vec<P> =
			outer2.iter().copied().filter(|&v| v != a && v != b && on_segment(v, a, b)).collect();
		cuts.sort_by_key(along);
		cuts.insert(0, a);
		cuts.push(b);
		for piece in cuts.windows(2) {
			// Both ends are even on the doubled grid, so the midpoint is a grid point.
			let middle = P { x: (piece[0].x + piece[1].x) / 2, y: (piece[0].y + piece[1].y) / 2 };
			if !in_closed_polygon(middle, &outer2) || !in_closed_polygon(piece[0], &outer2) {
				return false;
			}
		}
	}
	true
}

/// Whether `parts` (each a polygon with its shape) exactly cover `whole`: each lies inside
/// it, no two overlap, and their areas add up to its area. All are simple and
/// counter-clockwise.
pub fn tiles(whole: &[Point], parts: &[(&[Point], &Shape)]) -> bool {
	let area: i128 = parts.iter().map(|(part, _)| doubled_area(part)).sum();
	if area != doubled_area(whole) || !parts.iter().all(|(part, _)| contains(whole, part)) {
		return false;
	}
	parts.iter().enumerate().all(|(i, (_, a))| parts[i + 1..].iter().all(|(_, b)| !overlap(a, b)))
}

#[cfg(test)]
mod tests {
	use super::*;

	fn polygon(points: &[(i32, i32)]) -> Vec<Point> {
		points.iter().map(|&(lat, lon)| Point::new(lat, lon)).collect()
	}

	fn square(lat: i32, lon: i32, side: i32) -> Vec<Point> {
		polygon(&[(lat, lon), (lat, lon + side), (lat + side, lon + side), (lat + side, lon)])
	}

	fn triangulated(points: &[Point]) -> Shape {
		let mut points = points.to_vec();
		make_counter_clockwise(&mut points);
		let triangles = triangulate(&points).expect("a simple polygon triangulates");
		Shape::new(&points, &triangles).expect("its triangles name its vertices")
	}

	#[test]
	fn simple_polygons_pass_and_others_fail() {
		assert_eq!(check_simple(&square(0, 0, 10)), Ok(()));
		// An L shape with a straight vertex on its long side.
		let l_shape = polygon(&[(0, 0), (0, 5), (0, 10), (5, 10), (5, 5), (10, 5), (10, 0)]);
		assert_eq!(check_simple(&l_shape), Ok(()));
		assert_eq!(check_simple(&polygon(&[(0, 0), (1, 1)])), Err(GeometryError::TooFewVertices));
		let bow_tie = polygon(&[(0, 0), (10, 10), (0, 10), (10, 0)]);
		assert_eq!(check_simple(&bow_tie), Err(GeometryError::NotSimple));
		let repeated = polygon(&[(0, 0), (0, 10), (0, 10), (10, 10)]);
		assert_eq!(check_simple(&repeated), Err(GeometryError::NotSimple));
		let flat = polygon(&[(0, 0), (0, 5), (0, 10)]);
		assert_eq!(check_simple(&flat), Err(GeometryError::NotSimple));
		let fold_back = polygon(&[(0, 0), (0, 10), (0, 5), (10, 5)]);
		assert_eq!(check_simple(&fold_back), Err(GeometryError::NotSimple));
		// Two squares touching at a corner, drawn as one boundary.
		let pinched =
			polygon(&[(0, 0), (0, 5), (5, 5), (5, 10), (10, 10), (10, 5), (5, 5), (5, 0)]);
		assert_eq!(check_simple(&pinched), Err(GeometryError::NotSimple));
		let off_map = polygon(&[(0, 0), (0, 10), (MAX_LATITUDE + 1, 0)]);
		assert_eq!(check_simple(&off_map), Err(GeometryError::OutOfRange));
	}

	#[test]
	fn triangulation_covers_convex_and_concave_polygons() {
		let comb = polygon(&[
			(0, 0),
			(0, 30),
			(20, 30),
			(20, 25),
			(5, 25),
			(5, 15),
			(20, 15),
			(20, 5),
			(5, 5),
			(5, 0),
		]);
		assert_eq!(check_simple(&comb), Ok(()));
		let mut comb = comb;
		make_counter_clockwise(&mut comb);
		let triangles = triangulate(&comb).unwrap();
		assert_eq!(triangles.len(), comb.len() - 2);
		assert!(triangulates(&comb, &triangles));
		// A triangle missing, turned around, or naming a vertex the polygon lacks.
		assert!(!triangulates(&comb, &triangles[1..]));
		let mut turned = triangles.clone();
		turned[0].swap(0, 1);
		assert!(!triangulates(&comb, &turned));
		let mut beyond = triangles.clone();
		beyond[0][0] = comb.len() as u8;
		assert!(!triangulates(&comb, &beyond));
		assert!(Shape::new(&comb, &beyond).is_none());
	}

	#[test]
	fn neighbours_sharing_an_edge_or_corner_do_not_overlap() {
		let a = triangulated(&square(0, 0, 10));
		assert!(!overlap(&a, &triangulated(&square(0, 10, 10))));
		assert!(!overlap(&a, &triangulated(&square(10, 10, 10))));
		assert!(!overlap(&a, &triangulated(&square(0, 20, 10))));
		// Sharing only part of an edge.
		assert!(!overlap(&a, &triangulated(&square(5, 10, 10))));
	}

	#[test]
	fn intersecting_identical_and_enclosed_polygons_overlap() {
		let a = triangulated(&square(0, 0, 10));
		assert!(overlap(&a, &triangulated(&square(5, 5, 10))));
		assert!(overlap(&a, &triangulated(&square(0, 0, 10))));
		assert!(overlap(&a, &triangulated(&square(2, 2, 2))));
		assert!(overlap(&triangulated(&square(2, 2, 2)), &a));
		// A cross: neither has a vertex inside the other.
		let wide = triangulated(&polygon(&[(4, -5), (4, 15), (6, 15), (6, -5)]));
		let tall = triangulated(&polygon(&[(-5, 4), (15, 4), (15, 6), (-5, 6)]));
		assert!(overlap(&wide, &tall));
	}

	#[test]
	fn a_polygon_in_the_notch_of_a_concave_one_does_not_overlap_it() {
		let u_shape = triangulated(&polygon(&[
			(0, 0),
			(0, 30),
			(30, 30),
			(30, 20),
			(10, 20),
			(10, 10),
			(30, 10),
			(30, 0),
		]));
		assert!(!overlap(
			&u_shape,
			&triangulated(&polygon(&[(10, 10), (10, 20), (30, 20), (30, 10)]))
		));
		assert!(overlap(
			&u_shape,
			&triangulated(&polygon(&[(9, 10), (9, 20), (30, 20), (30, 10)]))
		));
	}

	#[test]
	fn containment_follows_the_boundary() {
		let whole = square(0, 0, 10);
		assert!(contains(&whole, &square(0, 0, 5)));
		assert!(contains(&whole, &whole));
		assert!(!contains(&whole, &square(5, 5, 10)));
		assert!(!contains(&whole, &square(20, 20, 1)));
		let u_shape =
			polygon(&[(0, 0), (0, 30), (30, 30), (30, 20), (10, 20), (10, 10), (30, 10), (30, 0)]);
		// Spans the notch, touching the U only at its inner corners.
		let bridge = polygon(&[(10, 5), (10, 25), (20, 25), (20, 5)]);
		assert!(!contains(&u_shape, &bridge));
		let base = polygon(&[(0, 0), (0, 30), (10, 30), (10, 0)]);
		assert!(contains(&u_shape, &base));
	}

	/// Whether the polygons tile `whole`, each with its shape.
	fn tile(whole: &[Point], parts: &[&Vec<Point>]) -> bool {
		let shapes: Vec<Shape> = parts.iter().map(|part| triangulated(part)).collect();
		let pairs: Vec<(&[Point], &Shape)> =
			parts.iter().zip(&shapes).map(|(part, shape)| (&part[..], shape)).collect();
		tiles(whole, &pairs)
	}

	#[test]
	fn tiling_needs_full_cover_without_overlap() {
		let whole = square(0, 0, 10);
		let left = polygon(&[(0, 0), (0, 5), (10, 5), (10, 0)]);
		let right = polygon(&[(0, 5), (0, 10), (10, 10), (10, 5)]);
		assert!(tile(&whole, &[&left, &right]));
		assert!(!tile(&whole, &[&left]));
		let wider_left = polygon(&[(0, 0), (0, 6), (10, 6), (10, 0)]);
		let narrower_right = polygon(&[(0, 6), (0, 10), (10, 10), (10, 6)]);
		assert!(tile(&whole, &[&wider_left, &narrower_right]));
		assert!(!tile(&whole, &[&wider_left, &right, &polygon(&[(0, 9), (0, 10), (1, 10)])]));
		assert!(!tile(&whole, &[&wider_left, &right]));
		assert!(tile(&polygon(&[(0, 0), (0, 10), (10, 10), (10, 0)]), &[&square(0, 0, 10)]));
	}

	#[test]
	fn cells_cover_the_bounding_box_up_to_a_limit() {
		let bounds = Bounds::of(&square(-5, 5, 20)).unwrap();
		let cells = bounds.cells(10, 16).unwrap();
		assert_eq!(cells.len(), 9);
		assert!(cells.contains(&Cell { lat: -1, lon: 0 }));
		assert!(cells.contains(&Cell { lat: 1, lon: 2 }));
		assert_eq!(bounds.cells(10, 8), None);
	}
}
