//! Benchmarks of the provenance registry, each at its worst case: callers holding only the
//! last of the roles a call accepts (so every role is checked), codes and document hashes of
//! the longest length, containers full, lots with every condition a lot carries, transits of
//! `MaxCheckedIntervals` intervals all read, lots leaving and entering watched locations, and
//! recalls reaching children each packed in a container of its own.

use super::*;
use alloc::vec::Vec;
use codec::Encode;
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;
use frame_system::RawOrigin;
use polis_primitives::{anonymity, DeviceKind, IntervalIndex, MemberId, MetricId};
use sp_runtime::traits::{BlakeTwo256, Hash, Saturating};

/// When the benchmarks run: the start of interval 1,000,000 of the sensor oracle.
fn start<T: Config>() -> u64 {
	1_000_000u64.saturating_mul(T::Meters::interval_length_ms())
}

/// The metrics of a lot's conditions: as many as a lot carries.
fn metrics() -> impl Iterator<Item = MetricId> {
	(0..MAX_CONDITIONS).map(|n| 900 + n)
}

fn fund<T: Config>(who: &T::AccountId) {
	let plenty = T::Currency::minimum_balance().saturating_mul(1_000_000_000u32.into());
	T::Currency::set_balance(who, plenty);
}

fn signed<T: Config>(who: &T::AccountId) -> RawOrigin<T::AccountId> {
	RawOrigin::Signed(who.clone())
}

/// The schema of `role`'s credential, chosen if governance has not.
fn schema_of<T: Config>(role: Role) -> SchemaId {
	RoleSchemas::<T>::get(role).unwrap_or_else(|| {
		let schema = 1_000 + role as SchemaId;
		RoleSchemas::<T>::insert(role, schema);
		schema
	})
}

/// A funded account `name` whose DID holds credentials of `roles`; with its DID.
fn org<T: Config>(name: &'static str, roles: &[Role]) -> (T::AccountId, DidOf<T>) {
	let who: T::AccountId = account(name, 0, 0);
	fund::<T>(&who);
	for role in roles {
		T::Credentials::issue_for_benchmark(&who, schema_of::<T>(*role), None);
	}
	let did = T::Credentials::did_of(&who).expect("a credential comes with a DID");
	(who, did)
}

/// The organisation that sets up the benchmarks' lots: it holds every role it needs.
fn maker<T: Config>() -> (T::AccountId, DidOf<T>) {
	org::<T>("maker", &[Role::Producer, Role::Processor])
}

/// A code of the longest length, unique for `n`.
fn code<T: Config>(n: u32) -> Code<T> {
	let mut bytes = alloc::vec![b'0'; T::MaxCodeLen::get() as usize];
	let digits = n.to_le_bytes();
	let len = bytes.len().min(digits.len());
	bytes[..len].copy_from_slice(&digits[..len]);
	Code::<T>::truncate_from(bytes)
}

fn text<T: Config>() -> Text<T> {
	Text::<T>::truncate_from(alloc::vec![b'r'; T::MaxTextLen::get() as usize])
}

/// An event that happened now at `read_point`, with a document hash of the longest length.
fn context<T: Config>(read_point: Option<LocationId>) -> EventContext {
	EventContext {
		time: start::<T>(),
		read_point,
		document: Some(DocumentHash {
			algorithm: HashAlgorithm::Sha256,
			digest: BoundedVec::truncate_from(alloc::vec![7u8; 64]),
		}),
	}
}

fn location<T: Config>(who: &T::AccountId) -> LocationId {
	let n = NextLocationId::<T>::get();
	let code = code::<T>(1_000_000u32.saturating_add(n as u32));
	assert!(Pallet::<T>::register_location(signed::<T>(who).into(), code, None).is_ok());
	n
}

/// A product class of the maker's, with the `n`th of the conditions if `condition`.
fn class<T: Config>(n: u32, condition: bool) -> ClassId {
	let (maker, _) = maker::<T>();
	let condition = condition.then(|| Condition {
		metric: metrics().nth(n as usize % MAX_CONDITIONS as usize).unwrap_or(900),
		min: -1_000,
		max: 1_000,
	});
	let id = NextClassId::<T>::get();
	assert!(Pallet::<T>::register_class(
		signed::<T>(&maker).into(),
		code::<T>(2_000_000 + id as u32),
		Unit::Kilogram,
		condition
	)
	.is_ok());
	id
}

/// Makes `who`'s DID the owner of `class`, so that it may commission lots of it.
fn give_class<T: Config>(who: &T::AccountId, class: ClassId) {
	if let Some(did) = T::Credentials::did_of(who) {
		Classes::<T>::mutate(class, |record| {
			if let Some(record) = record {
				record.owner = did;
			}
		});
	}
}

/// A lot of `class` commissioned by `who` (a producer), made the class's owner.
fn lot<T: Config>(who: &T::AccountId, class: ClassId) -> LotId {
	give_class::<T>(who, class);
	let id = NextLotId::<T>::get();
	assert!(Pallet::<T>::commission(
		signed::<T>(who).into(),
		class,
		code::<T>(id as u32),
		1_000_000,
		context::<T>(None)
	)
	.is_ok());
	id
}

/// A container of `who`'s holding `MaxContents - room` lots, which between them carry every
/// condition a lot can; returns the container and its lots.
fn container<T: Config>(who: &T::AccountId, room: u32) -> (LotId, alloc::vec::Vec<LotId>) {
	let holder = lot::<T>(who, class::<T>(0, false));
	let classes: alloc::vec::Vec<_> = (0..MAX_CONDITIONS).map(|n| class::<T>(n, true)).collect();
	let contents: alloc::vec::Vec<_> = (0..T::MaxContents::get().saturating_sub(room))
		.map(|n| lot::<T>(who, classes[n as usize % classes.len()]))
		.collect();
	for chunk in contents.chunks(T::MaxLotsPerEvent::get() as usize) {
		assert!(Pallet::<T>::pack(
			signed::<T>(who).into(),
			holder,
			BoundedVec::truncate_from(chunk.to_vec()),
			context::<T>(None)
		)
		.is_ok());
	}
	(holder, contents)
}

/// Attaches an active device of `did` (controlled by `who`) to `lot`.
fn attach<T: Config>(who: &T::AccountId, lot: LotId) -> PublicKey {
	let device = PublicKey::Sr25519(sp_core::sr25519::Public::from_raw([lot as u8; 32]));
	let owner = T::Devices::register_for_benchmark(device, DeviceKind::Other);
	let controller = T::BenchmarkHelper::account_of(&owner);
	assert!(&controller == who, "the device belongs to the lot's custodian");
	assert!(Pallet::<T>::attach_device(signed::<T>(who).into(), lot, device, context::<T>(None))
		.is_ok());
	device
}

/// The account of the DID the runtime registers benchmark devices under, as a producer.
fn device_owner<T: Config>() -> T::AccountId {
	let device = PublicKey::Sr25519(sp_core::sr25519::Public::from_raw([255; 32]));
	let owner = T::Devices::register_for_benchmark(device, DeviceKind::Other);
	let who = T::BenchmarkHelper::account_of(&owner);
	fund::<T>(&who);
	T::Credentials::issue_for_benchmark(&who, schema_of::<T>(Role::Producer), None);
	who
}

/// Readings in range for every condition metric over `intervals` intervals from the start.
fn readings<T: Config>(device: &PublicKey, intervals: u32) {
	let first = (start::<T>() / T::Meters::interval_length_ms()) as u32;
	for interval in first..first.saturating_add(intervals) {
		for metric in metrics() {
			T::BenchmarkHelper::record_reading(device, metric, interval, 0);
		}
	}
}

/// The device watching the benchmarks' locations.
fn watcher() -> PublicKey {
	PublicKey::Sr25519(sp_core::sr25519::Public::from_raw([254; 32]))
}

/// A location of `who`'s, watched by `watcher()`.
fn watched_location<T: Config>(who: &T::AccountId) -> LocationId {
	let site = location::<T>(who);
	LocationDevices::<T>::insert(site, watcher());
	site
}

/// The first interval of the benchmarks.
fn first_interval<T: Config>() -> IntervalIndex {
	(start::<T>() / T::Meters::interval_length_ms()) as IntervalIndex
}

/// The instant `intervals` intervals after the start.
fn after<T: Config>(intervals: u32) -> u64 {
	start::<T>().saturating_add(T::Meters::interval_length_ms().saturating_mul(intervals.into()))
}

/// Puts `lot` at `site`, kept there since the start, nothing of its stay checked yet.
fn keep_at<T: Config>(lot: LotId, site: LocationId) {
	place_at::<T>(lot, site);
	Stays::<T>::insert(
		lot,
		Stay { location: site, device: watcher(), unchecked_from: first_interval::<T>() },
	);
}

/// Moves `lot` to `site` without a stay, as if it had been there before a device watched it.
fn place_at<T: Config>(lot: LotId, site: LocationId) {
	Lots::<T>::mutate(lot, |record| {
		if let Some(record) = record {
			record.location = Some(site);
		}
	});
}

/// `who`'s lot with `MaxChildren - outputs` children already, so that it encodes at its
/// largest once the outputs are added.
fn parent<T: Config>(who: &T::AccountId, class: ClassId, outputs: u32) -> LotId {
	let id = lot::<T>(who, class);
	let fill = T::MaxChildren::get().saturating_sub(outputs);
	Lots::<T>::mutate(id, |record| {
		if let Some(record) = record {
			record.children = BoundedVec::truncate_from(
				(0..fill).map(|n| u64::MAX.saturating_sub(n.into())).collect(),
			);
		}
	});
	id
}

/// A full container of the device owner's, its logger attached with readings in the first
/// `intervals` intervals from `start`, shipped to a retailer then from a watched location;
/// returns the owner and the container.
fn logged_shipment<T: Config>(intervals: u32) -> (T::AccountId, LotId) {
	T::BenchmarkHelper::set_time(start::<T>());
	let who = device_owner::<T>();
	let (holder, _) = container::<T>(&who, 0);
	let device = attach::<T>(&who, holder);
	readings::<T>(&device, intervals);
	// The container comes back under watch if its shipment is withdrawn.
	let site = watched_location::<T>(&who);
	place_at::<T>(holder, site);
	let (_, receiver) = org::<T>("retailer", &[Role::Retailer]);
	assert!(Pallet::<T>::ship(
		signed::<T>(&who).into(),
		holder,
		receiver,
		None,
		None,
		context::<T>(None)
	)
	.is_ok());
	(who, holder)
}

/// The district of the benchmarks' aid programme.
const AID_DISTRICT: polis_primitives::ScopeCode = 7;

/// Programme 0 of an agency (a ration of the whole lot, for `AID_DISTRICT`), whose lot (with a
/// condition) is in a distributor's hands, kept at its watched distribution point: the
/// distributor, the lot and the point.
fn aid_at_point<T: Config>() -> (T::AccountId, LotId, LocationId) {
	T::BenchmarkHelper::set_time(start::<T>());
	let class = class::<T>(0, true);
	let (agency, _) = org::<T>("agency", &[Role::AidAgency]);
	assert!(Pallet::<T>::open_programme(
		signed::<T>(&agency).into(),
		class,
		Some(AID_DISTRICT),
		1_000_000,
		1_000
	)
	.is_ok());
	let goods = lot::<T>(&agency, class);
	let (distributor, point_owner) = org::<T>("distributor", &[Role::Carrier]);
	Lots::<T>::mutate(goods, |record| {
		if let Some(record) = record {
			record.custodian = point_owner;
		}
	});
	let point = watched_location::<T>(&distributor);
	keep_at::<T>(goods, point);
	(distributor, goods, point)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_role_schema() -> Result<(), BenchmarkError> {
		let origin =
			T::RegistryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Role::Regulator, Some(7));
		assert_eq!(RoleSchemas::<T>::get(Role::Regulator), Some(7));
		Ok(())
	}

	#[benchmark]
	fn register_location() {
		T::BenchmarkHelper::set_time(start::<T>());
		let (who, _) = maker::<T>();
		let parcel = T::Land::parcel_for_benchmark(&who);
		#[extrinsic_call]
		_(signed::<T>(&who), code::<T>(1), Some(parcel));
		assert!(Locations::<T>::contains_key(0));
	}

	#[benchmark]
	fn remove_location() {
		T::BenchmarkHelper::set_time(start::<T>());
		let (who, _) = maker::<T>();
		let id = watched_location::<T>(&who);
		#[extrinsic_call]
		_(signed::<T>(&who), id);
		assert!(!Locations::<T>::contains_key(id) && !LocationDevices::<T>::contains_key(id));
	}

	#[benchmark]
	fn set_location_device() {
		T::BenchmarkHelper::set_time(start::<T>());
		let who = device_owner::<T>();
		let site = location::<T>(&who);
		let device = PublicKey::Sr25519(sp_core::sr25519::Public::from_raw([255; 32]));
		#[extrinsic_call]
		_(signed::<T>(&who), site, Some(device));
		assert_eq!(LocationDevices::<T>::get(site), Some(device));
	}

	#[benchmark]
	fn register_class() {
		T::BenchmarkHelper::set_time(start::<T>());
		let (who, _) = org::<T>("processor", &[Role::Processor]);
		let condition = Some(Condition { metric: 900, min: 0, max: 80 });
		#[extrinsic_call]
		_(signed::<T>(&who), code::<T>(1), Unit::Kilogram, condition);
		assert!(ClassCodes::<T>::contains_key(code::<T>(1)));
	}

	#[benchmark]
	fn commission() {
		T::BenchmarkHelper::set_time(start::<T>());
		let (who, _) = org::<T>("agency", &[Role::AidAgency]);
		let class = class::<T>(0, true);
		give_class::<T>(&who, class);
		let site = location::<T>(&who);
		#[extrinsic_call]
		_(signed::<T>(&who), class, code::<T>(1), 1_000, context::<T>(Some(site)));
		assert!(LotCodes::<T>::contains_key(class, code::<T>(1)));
	}

	#[benchmark]
	fn observe() {
		T::BenchmarkHelper::set_time(start::<T>());
		let (maker, _) = maker::<T>();
		let (_, contents) = container::<T>(&maker, 0);
		let (inspector, _) = org::<T>("regulator", &[Role::Regulator]);
		let site = location::<T>(&inspector);
		#[extrinsic_call]
		_(
			signed::<T>(&inspector),
			contents[0],
			BizStep::Inspecting,
			Disposition::NonConformant,
			context::<T>(Some(site)),
		);
		assert!(Lots::<T>::get(contents[0]).is_some_and(|lot| lot.non_conforming));
	}

	#[benchmark]
	fn observe_as_custodian() {
		T::BenchmarkHelper::set_time(start::<T>());
		let (maker, _) = maker::<T>();
		let (_, contents) = container::<T>(&maker, 0);
		let site = location::<T>(&maker);
		#[extrinsic_call]
		observe(
			signed::<T>(&maker),
			contents[0],
			BizStep::Inspecting,
			Disposition::NonConformant,
			context::<T>(Some(site)),
		);
		assert!(Lots::<T>::get(contents[0]).is_some_and(|lot| lot.non_conforming));
	}

	#[benchmark]
	fn decommission() {
		T::BenchmarkHelper::set_time(start::<T>());
		let (maker, _) = maker::<T>();
		let id = lot::<T>(&maker, class::<T>(0, true));
		keep_at::<T>(id, watched_location::<T>(&maker));
		#[extrinsic_call]
		_(signed::<T>(&maker), id, Disposition::Destroyed, context::<T>(None));
		assert!(Lots::<T>::get(id).is_some_and(|lot| lot.status == LotStatus::Destroyed));
	}

	#[benchmark]
	fn transform(
		i: Linear<1, { T::MaxLotsPerEvent::get() }>,
		o: Linear<1, { T::MaxLotsPerEvent::get().min(T::MaxChildren::get()) }>,
	) {
		T::BenchmarkHelper::set_time(start::<T>());
		let (maker, _) = maker::<T>();
		let class = class::<T>(0, true);
		let (who, _) = org::<T>("producer", &[Role::Producer]);
		let site = watched_location::<T>(&who);
		// Each input is used up and leaves the watched location.
		let inputs: alloc::vec::Vec<_> = (0..i)
			.map(|_| {
				let id = parent::<T>(&maker, class, o);
				Lots::<T>::mutate(id, |record| {
					if let Some(record) = record {
						record.custodian = T::Credentials::did_of(&who).unwrap();
					}
				});
				keep_at::<T>(id, site);
				(id, 1_000_000)
			})
			.collect();
		let outputs: alloc::vec::Vec<_> =
			(0..o).map(|n| (class, code::<T>(3_000_000 + n), 1_000)).collect();
		#[extrinsic_call]
		_(
			signed::<T>(&who),
			BoundedVec::truncate_from(inputs),
			BoundedVec::truncate_from(outputs),
			context::<T>(None),
		);
		assert!(LotCodes::<T>::contains_key(class, code::<T>(3_000_000)));
	}

	#[benchmark]
	fn pack(n: Linear<1, { T::MaxLotsPerEvent::get().min(T::MaxContents::get()) }>) {
		T::BenchmarkHelper::set_time(start::<T>());
		let (maker, _) = maker::<T>();
		let (holder, _) = container::<T>(&maker, n);
		// The lots leave their stays; the container, with conditions now, begins one.
		let site = watched_location::<T>(&maker);
		place_at::<T>(holder, site);
		let class = class::<T>(1, true);
		let lots: alloc::vec::Vec<_> = (0..n)
			.map(|_| {
				let id = lot::<T>(&maker, class);
				keep_at::<T>(id, site);
				id
			})
			.collect();
		#[extrinsic_call]
		_(signed::<T>(&maker), holder, BoundedVec::truncate_from(lots), context::<T>(None));
		assert_eq!(
			Lots::<T>::get(holder).map(|lot| lot.contents.len() as u32),
			Some(T::MaxContents::get())
		);
	}

	#[benchmark]
	fn unpack(n: Linear<1, { T::MaxLotsPerEvent::get().min(T::MaxContents::get()) }>) {
		T::BenchmarkHelper::set_time(start::<T>());
		let (maker, _) = maker::<T>();
		let (holder, contents) = container::<T>(&maker, 0);
		// Each lot unpacked begins a stay at the container's watched location.
		keep_at::<T>(holder, watched_location::<T>(&maker));
		let lots = BoundedVec::truncate_from(contents[..n as usize].to_vec());
		#[extrinsic_call]
		_(signed::<T>(&maker), holder, lots, context::<T>(None));
		assert!(Lots::<T>::get(contents[0]).is_some_and(|lot| lot.container.is_none()));
		assert!(Stays::<T>::contains_key(contents[0]));
	}

	#[benchmark]
	fn attach_device() {
		T::BenchmarkHelper::set_time(start::<T>());
		let who = device_owner::<T>();
		let (_, contents) = container::<T>(&who, 0);
		let device = PublicKey::Sr25519(sp_core::sr25519::Public::from_raw([255; 32]));
		#[extrinsic_call]
		_(signed::<T>(&who), contents[0], device, context::<T>(None));
		assert!(Lots::<T>::get(contents[0]).is_some_and(|lot| lot.device == Some(device)));
	}

	#[benchmark]
	fn detach_device() {
		T::BenchmarkHelper::set_time(start::<T>());
		let who = device_owner::<T>();
		let (_, contents) = container::<T>(&who, 0);
		attach::<T>(&who, contents[0]);
		#[extrinsic_call]
		_(signed::<T>(&who), contents[0], context::<T>(None));
		assert!(Lots::<T>::get(contents[0]).is_some_and(|lot| lot.device.is_none()));
	}

	/// A full container leaving a watched location after a stay of `i` intervals, all read
	/// (none kept, with `i` zero).
	#[benchmark]
	fn ship(i: Linear<0, { T::MaxCheckedIntervals::get() }>) {
		T::BenchmarkHelper::set_time(start::<T>());
		let (maker, _) = maker::<T>();
		let (holder, _) = container::<T>(&maker, 0);
		let (_, receiver) = org::<T>("retailer", &[Role::Retailer]);
		let site = watched_location::<T>(&maker);
		if i > 0 {
			keep_at::<T>(holder, site);
			readings::<T>(&watcher(), i);
			T::BenchmarkHelper::set_time(after::<T>(i - 1));
		}
		let sale = BizTransaction { kind: TransactionKind::PurchaseOrder, reference: code::<T>(9) };
		#[extrinsic_call]
		_(signed::<T>(&maker), holder, receiver, Some(site), Some(sale), context::<T>(Some(site)));
		assert!(Shipments::<T>::contains_key(holder) && !Stays::<T>::contains_key(holder));
		assert!(Lots::<T>::get(holder).is_some_and(|lot| !lot.non_conforming));
	}

	#[benchmark]
	fn receive(i: Linear<1, { T::MaxCheckedIntervals::get() }>) {
		T::BenchmarkHelper::set_time(start::<T>());
		let who = device_owner::<T>();
		let (holder, _) = container::<T>(&who, 0);
		let device = attach::<T>(&who, holder);
		readings::<T>(&device, i);
		let (receiver, receiver_did) = org::<T>("retailer", &[Role::Retailer]);
		// The container begins a stay at its destination.
		let site = watched_location::<T>(&receiver);
		let sale = BizTransaction { kind: TransactionKind::PurchaseOrder, reference: code::<T>(9) };
		assert!(Pallet::<T>::ship(
			signed::<T>(&who).into(),
			holder,
			receiver_did.clone(),
			Some(site),
			Some(sale),
			context::<T>(None)
		)
		.is_ok());
		let arrival = start::<T>()
			.saturating_add(T::Meters::interval_length_ms().saturating_mul((i - 1).into()));
		T::BenchmarkHelper::set_time(arrival);
		#[extrinsic_call]
		_(signed::<T>(&receiver), holder, true, context::<T>(Some(site)));
		let record = Lots::<T>::get(holder).unwrap();
		assert!(record.owner == receiver_did && !record.non_conforming);
		assert!(Stays::<T>::contains_key(holder));
	}

	/// A full container kept at a watched location (found after looking for a transit),
	/// `i` ended intervals checked.
	#[benchmark]
	fn check_conditions(i: Linear<1, { T::MaxCheckedIntervals::get() }>) {
		T::BenchmarkHelper::set_time(start::<T>());
		let (maker, _) = maker::<T>();
		let (holder, _) = container::<T>(&maker, 0);
		keep_at::<T>(holder, watched_location::<T>(&maker));
		readings::<T>(&watcher(), i);
		T::BenchmarkHelper::set_time(after::<T>(i));
		let caller: T::AccountId = account("anyone", 0, 0);
		fund::<T>(&caller);
		#[extrinsic_call]
		_(signed::<T>(&caller), holder);
		assert_eq!(
			Stays::<T>::get(holder).map(|stay| stay.unchecked_from),
			Some(first_interval::<T>() + i)
		);
		assert!(Lots::<T>::get(holder).is_some_and(|lot| !lot.non_conforming));
	}

	#[benchmark]
	fn declare_error(n: Linear<0, { T::MaxLotsPerEvent::get() }>) {
		T::BenchmarkHelper::set_time(start::<T>());
		let (maker, _) = maker::<T>();
		let id = lot::<T>(&maker, class::<T>(0, false));
		let wrong = NextEventId::<T>::get() - 1;
		for _ in 0..n {
			assert!(Pallet::<T>::observe(
				signed::<T>(&maker).into(),
				id,
				BizStep::Storing,
				Disposition::Active,
				context::<T>(None)
			)
			.is_ok());
		}
		let corrective = BoundedVec::truncate_from((wrong + 1..wrong + 1 + u64::from(n)).collect());
		#[extrinsic_call]
		_(signed::<T>(&maker), wrong, text::<T>(), corrective);
		assert!(ErrorDeclarations::<T>::contains_key(wrong));
	}

	#[benchmark]
	fn recall() {
		T::BenchmarkHelper::set_time(start::<T>());
		let (maker, _) = maker::<T>();
		let (_, contents) = container::<T>(&maker, 0);
		let (regulator, _) = org::<T>("regulator", &[Role::Regulator]);
		#[extrinsic_call]
		_(signed::<T>(&regulator), contents[0], text::<T>(), context::<T>(None));
		assert!(Lots::<T>::get(contents[0]).is_some_and(|lot| lot.recall.is_some()));
	}

	#[benchmark]
	fn propagate_recall(
		s: Linear<1, { T::MaxRecallSteps::get() }>,
		c: Linear<0, { T::MaxChildren::get() }>,
	) {
		T::BenchmarkHelper::set_time(start::<T>());
		let (maker, _) = maker::<T>();
		let goods = class::<T>(0, false);
		let holders = class::<T>(1, false);
		// The recalled lot has `c` children, each packed in a container of its own: a child
		// costs most when it and its container are both reached. The other `s - 1` lots of the
		// queue have none; the weight is linear in the steps and in the children they reach.
		let root = lot::<T>(&maker, goods);
		for _ in 0..c {
			let child = lot::<T>(&maker, goods);
			let holder = lot::<T>(&maker, holders);
			Lots::<T>::mutate(child, |record| {
				if let Some(record) = record {
					record.parents = BoundedVec::truncate_from(alloc::vec![root]);
					record.container = Some(holder);
				}
			});
			Lots::<T>::mutate(holder, |record| {
				if let Some(record) = record {
					record.contents = BoundedVec::truncate_from(alloc::vec![child]);
				}
			});
			Lots::<T>::mutate(root, |record| {
				if let Some(record) = record {
					let _ = record.children.try_push(child);
				}
			});
		}
		let (regulator, _) = org::<T>("regulator", &[Role::Regulator]);
		assert!(Pallet::<T>::recall(
			signed::<T>(&regulator).into(),
			root,
			text::<T>(),
			context::<T>(None)
		)
		.is_ok());
		let id = NextRecallId::<T>::get() - 1;
		for _ in 1..s {
			let queued = lot::<T>(&maker, goods);
			Recalls::<T>::mutate(id, |state| {
				if let Some(state) = state {
					RecallQueue::<T>::insert(id, state.tail, queued);
					state.tail += 1;
				}
			});
		}
		#[extrinsic_call]
		_(signed::<T>(&regulator), id, s);
		let state = Recalls::<T>::get(id).unwrap();
		assert_eq!((state.head, state.tail), (s, s + 2 * c));
	}

	#[benchmark]
	fn open_programme() {
		T::BenchmarkHelper::set_time(start::<T>());
		let class = class::<T>(0, false);
		let (agency, _) = org::<T>("agency", &[Role::AidAgency]);
		#[extrinsic_call]
		_(signed::<T>(&agency), class, Some(7), 2, 7 * 24 * 3_600_000);
		assert!(Programmes::<T>::contains_key(0));
	}

	#[benchmark]
	fn close_programme() {
		T::BenchmarkHelper::set_time(start::<T>());
		let class = class::<T>(0, false);
		let (agency, _) = org::<T>("agency", &[Role::AidAgency]);
		assert!(
			Pallet::<T>::open_programme(signed::<T>(&agency).into(), class, None, 2, 1_000).is_ok()
		);
		#[extrinsic_call]
		_(signed::<T>(&agency), 0);
		assert!(Programmes::<T>::get(0).is_some_and(|programme| programme.closed));
	}

	/// The ration is the whole lot (which this handout consumes), the distribution point hands
	/// out for the first time, and the beneficiary signs with the costliest key to verify.
	#[benchmark]
	fn hand_out() {
		let (distributor, goods, point) = aid_at_point::<T>();
		let message = Pallet::<T>::claim_message(0, 0, goods);
		let (beneficiary, proof) = T::BenchmarkHelper::beneficiary_proof(&message);
		T::Credentials::issue_for_benchmark(
			&beneficiary,
			schema_of::<T>(Role::Beneficiary),
			Some(AID_DISTRICT),
		);
		#[extrinsic_call]
		_(signed::<T>(&distributor), 0, goods, beneficiary, proof, context::<T>(Some(point)));
		assert!(Lots::<T>::get(goods).is_some_and(|lot| lot.status == LotStatus::Consumed));
		assert!(!Stays::<T>::contains_key(goods));
	}

	/// As `hand_out`, claimed anonymously over a ring of `MAX_RING` members, each holding its
	/// credential at the costliest check; the last member signs.
	#[benchmark]
	fn hand_out_anonymously() {
		let (distributor, goods, point) = aid_at_point::<T>();
		let schema = schema_of::<T>(Role::Beneficiary);
		let secrets: Vec<[u8; 32]> =
			(0..MAX_RING).map(|index| anonymity::secret_from_seed(&index.encode())).collect();
		let ring: Vec<MemberId> = secrets
			.iter()
			.enumerate()
			.map(|(index, secret)| {
				let beneficiary: T::AccountId = account("beneficiary", index as u32, 0);
				T::Credentials::issue_for_benchmark(&beneficiary, schema, Some(AID_DISTRICT));
				T::Anonymity::enrol_for_benchmark(&beneficiary, schema, secret, start::<T>())
			})
			.collect();
		let keys: Vec<_> =
			secrets.iter().map(|secret| anonymity::membership_key(secret).unwrap()).collect();
		let signer = keys.len() - 1;
		let signature = anonymity::sign(
			&keys,
			signer,
			&secrets[signer],
			&Pallet::<T>::nullifier_context(0, 0),
			&Pallet::<T>::claim_message(0, 0, goods),
		)
		.expect("the signer's key is in the ring");
		let proof = AnonymousProof { ring: BoundedVec::truncate_from(ring), signature };
		#[extrinsic_call]
		_(signed::<T>(&distributor), 0, goods, proof, context::<T>(Some(point)));
		assert!(Lots::<T>::get(goods).is_some_and(|lot| lot.status == LotStatus::Consumed));
		assert!(!Stays::<T>::contains_key(goods));
	}

	#[benchmark]
	fn anchor_events() {
		T::BenchmarkHelper::set_time(start::<T>());
		// The organisation holds only the last of the roles that may anchor.
		let (agency, _) = org::<T>("agency", &[Role::AidAgency]);
		let root = sp_core::H256::repeat_byte(7);
		#[extrinsic_call]
		_(signed::<T>(&agency), root, u32::MAX, 0, start::<T>());
		assert!(EventAnchors::<T>::contains_key(0));
	}

	#[benchmark]
	fn cancel_shipment(i: Linear<1, { T::MaxCheckedIntervals::get() }>) {
		let (who, holder) = logged_shipment::<T>(i);
		T::BenchmarkHelper::set_time(
			start::<T>()
				.saturating_add(T::Meters::interval_length_ms().saturating_mul((i - 1).into())),
		);
		#[extrinsic_call]
		_(signed::<T>(&who), holder, context::<T>(None));
		assert!(!Shipments::<T>::contains_key(holder) && Stays::<T>::contains_key(holder));
	}

	#[benchmark]
	fn prune_claims(n: Linear<1, { T::MaxClaimsPruned::get() }>) {
		T::BenchmarkHelper::set_time(start::<T>());
		let class = class::<T>(0, false);
		let (agency, _) = org::<T>("agency", &[Role::AidAgency]);
		let period = 1_000;
		assert!(Pallet::<T>::open_programme(signed::<T>(&agency).into(), class, None, 1, period)
			.is_ok());
		for tag in 0..n {
			Claims::<T>::insert((0, 0), BlakeTwo256::hash(&tag.to_le_bytes()).0, ());
		}
		T::BenchmarkHelper::set_time(start::<T>().saturating_add(period));
		let caller: T::AccountId = account("anyone", 0, 0);
		fund::<T>(&caller);
		#[extrinsic_call]
		_(signed::<T>(&caller), 0, 0, n);
		assert_eq!(Claims::<T>::iter_prefix((0, 0)).count(), 0);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
