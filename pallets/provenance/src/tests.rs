//! The provenance registry, specified by example.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use polis_mocks::{device, grant_rights, record, register_device, revoke_credential};
use polis_primitives::DeviceKind;
use sp_runtime::{traits::BadOrigin, DispatchError, TokenError};

fn origin(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::Deposit.into(), &who)
}

fn bounded<T: Clone, S: frame_support::traits::Get<u32>>(items: &[T]) -> BoundedVec<T, S> {
	BoundedVec::truncate_from(items.to_vec())
}

fn text(words: &str) -> Text<Test> {
	Text::<Test>::truncate_from(words.as_bytes().to_vec())
}

/// The product class of code `gtin`, registered by the farm (in kilograms, with `condition`
/// in transit) unless it is registered already.
fn class_with(gtin: &str, condition: Option<Condition>) -> ClassId {
	if let Some(class) = ClassCodes::<Test>::get(code(gtin)) {
		return class;
	}
	assert_ok!(Provenance::register_class(origin(FARM), code(gtin), Unit::Kilogram, condition));
	NextClassId::<Test>::get() - 1
}

/// Chilled milk: between 0.0 and 8.0 °C in transit.
fn chilled() -> ClassId {
	class_with("milk", Some(Condition { metric: TEMPERATURE, min: 0, max: 80 }))
}

/// Pallets to ship in: no condition of their own.
fn pallets() -> ClassId {
	class_with("pallet", None)
}

fn commission(who: AccountId, class: ClassId, lot_code: &str, quantity: u64) -> LotId {
	assert_ok!(Provenance::commission(origin(who), class, code(lot_code), quantity, now()));
	NextLotId::<Test>::get() - 1
}

fn lot(id: LotId) -> Lot<Test> {
	Lots::<Test>::get(id).expect("the lot exists")
}

fn last_event() -> EventRecord<Test> {
	Events::<Test>::get(NextEventId::<Test>::get() - 1).expect("an event was recorded")
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Provenance(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// The farm's lot of chilled milk, split by the processor into two lots of 40 and 60 kg.
fn split_milk() -> (LotId, LotId, LotId) {
	let milk = chilled();
	let farm_lot = commission(FARM, milk, "F-1", 100);
	assert_ok!(Provenance::ship(origin(FARM), farm_lot, PROCESSOR, None, None, now()));
	assert_ok!(Provenance::receive(origin(PROCESSOR), farm_lot, true, now()));
	assert_ok!(Provenance::transform(
		origin(PROCESSOR),
		bounded(&[(farm_lot, 100)]),
		bounded(&[(milk, code("P-1"), 40), (milk, code("P-2"), 60)]),
		now(),
	));
	let first = NextLotId::<Test>::get() - 2;
	(farm_lot, first, first + 1)
}

mod roles {
	use super::*;

	#[test]
	fn governance_sets_the_schema_of_each_role() {
		run(|| {
			assert_ok!(Provenance::set_role_schema(
				RuntimeOrigin::root(),
				Role::Producer,
				Some(900)
			));
			assert_eq!(RoleSchemas::<Test>::get(Role::Producer), Some(900));
			assert!(events()
				.contains(&Event::RoleSchemaSet { role: Role::Producer, schema: Some(900) }));
			// The farm's credential is of the old schema: it is no producer any more.
			assert_noop!(
				Provenance::register_class(origin(FARM), code("x"), Unit::Each, None),
				Error::<Test>::MissingRole
			);
			assert_ok!(Provenance::set_role_schema(RuntimeOrigin::root(), Role::Producer, None));
			assert_eq!(RoleSchemas::<Test>::get(Role::Producer), None);
		});
	}

	#[test]
	fn only_governance_sets_role_schemas() {
		run(|| {
			assert_noop!(
				Provenance::set_role_schema(origin(REGULATOR), Role::Producer, Some(1)),
				BadOrigin
			);
		});
	}

	#[test]
	fn a_revoked_credential_takes_the_role_away() {
		run(|| {
			revoke_credential(FARM, schema_of(Role::Producer));
			assert_noop!(
				Provenance::register_class(origin(FARM), code("x"), Unit::Each, None),
				Error::<Test>::MissingRole
			);
		});
	}
}

mod locations {
	use super::*;

	#[test]
	fn any_did_registers_a_location_on_a_parcel_it_holds_rights_over() {
		run(|| {
			grant_rights(5, RETAILER);
			assert_ok!(Provenance::register_location(origin(RETAILER), code("GLN-1"), Some(5)));
			let location = Locations::<Test>::get(0).unwrap();
			assert_eq!((location.owner, location.parcel), (RETAILER, Some(5)));
			assert_eq!(LocationCodes::<Test>::get(code("GLN-1")), Some(0));
			assert_eq!(held(RETAILER), RECORD_DEPOSIT);
			assert!(events().contains(&Event::LocationRegistered {
				location: 0,
				owner: RETAILER,
				code: code("GLN-1")
			}));
		});
	}

	#[test]
	fn a_location_needs_a_did_a_free_code_rights_and_a_deposit() {
		run(|| {
			assert_noop!(
				Provenance::register_location(origin(NO_DID), code("GLN-1"), None),
				Error::<Test>::NoDid
			);
			assert_noop!(
				Provenance::register_location(origin(RETAILER), code("GLN-1"), Some(5)),
				Error::<Test>::NoRightsToParcel
			);
			assert_noop!(
				Provenance::register_location(origin(PAUPER), code("GLN-1"), None),
				TokenError::FundsUnavailable
			);
			assert_ok!(Provenance::register_location(origin(RETAILER), code("GLN-1"), None));
			assert_noop!(
				Provenance::register_location(origin(CARRIER), code("GLN-1"), None),
				Error::<Test>::CodeTaken
			);
		});
	}

	#[test]
	fn its_owner_removes_a_location_and_gets_the_deposit_back() {
		run(|| {
			assert_ok!(Provenance::register_location(origin(RETAILER), code("GLN-1"), None));
			assert_noop!(
				Provenance::remove_location(origin(CARRIER), 0),
				Error::<Test>::NotLocationOwner
			);
			assert_noop!(Provenance::remove_location(origin(NO_DID), 0), Error::<Test>::NoDid);
			assert_noop!(
				Provenance::remove_location(origin(RETAILER), 1),
				Error::<Test>::UnknownLocation
			);
			assert_ok!(Provenance::remove_location(origin(RETAILER), 0));
			assert_eq!(held(RETAILER), 0);
			assert!(!LocationCodes::<Test>::contains_key(code("GLN-1")));
			assert!(events().contains(&Event::LocationRemoved { location: 0 }));
		});
	}
}

mod classes_and_lots {
	use super::*;

	#[test]
	fn producers_and_processors_register_product_classes() {
		run(|| {
			let milk = chilled();
			let class = Classes::<Test>::get(milk).unwrap();
			assert_eq!(class.unit, Unit::Kilogram);
			assert_eq!(class.condition, Some(Condition { metric: TEMPERATURE, min: 0, max: 80 }));
			assert_eq!(ClassCodes::<Test>::get(code("milk")), Some(milk));
			assert_ok!(Provenance::register_class(
				origin(PROCESSOR),
				code("cheese"),
				Unit::Gram,
				None
			));
			assert_eq!(held(FARM), RECORD_DEPOSIT);
		});
	}

	#[test]
	fn a_class_needs_the_role_a_free_code_and_a_range() {
		run(|| {
			assert_noop!(
				Provenance::register_class(origin(CARRIER), code("x"), Unit::Each, None),
				Error::<Test>::MissingRole
			);
			assert_noop!(
				Provenance::register_class(origin(NO_DID), code("x"), Unit::Each, None),
				Error::<Test>::NoDid
			);
			assert_noop!(
				Provenance::register_class(
					origin(FARM),
					code("x"),
					Unit::Each,
					Some(Condition { metric: TEMPERATURE, min: 10, max: 9 })
				),
				Error::<Test>::EmptyRange
			);
			chilled();
			assert_noop!(
				Provenance::register_class(origin(PROCESSOR), code("milk"), Unit::Each, None),
				Error::<Test>::CodeTaken
			);
			assert_noop!(
				Provenance::register_class(origin(PAUPER), code("y"), Unit::Each, None),
				TokenError::FundsUnavailable
			);
		});
	}

	#[test]
	fn a_producer_commissions_a_lot_and_an_event_records_it() {
		run(|| {
			let milk = chilled();
			let farm_lot = commission(FARM, milk, "F-1", 100);
			let record = lot(farm_lot);
			assert_eq!((record.producer, record.owner, record.custodian), (FARM, FARM, FARM));
			assert_eq!((record.produced, record.remaining), (100, 100));
			assert_eq!(record.status, LotStatus::Active);
			assert_eq!(
				record.conditions.to_vec(),
				vec![Condition { metric: TEMPERATURE, min: 0, max: 80 }]
			);
			let event = last_event();
			assert_eq!(
				event.kind,
				EventKind::Object { action: Action::Add, lots: bounded(&[farm_lot]) }
			);
			assert_eq!(
				(event.step, event.disposition),
				(BizStep::Commissioning, Disposition::Active)
			);
			assert_eq!((event.recorder, event.recorded_in), (FARM, 1));
			assert!(LotEvents::<Test>::contains_key(farm_lot, 0));
			assert_eq!(held(FARM), 2 * RECORD_DEPOSIT + EVENT_DEPOSIT);
			assert!(events().contains(&Event::LotCreated {
				lot: farm_lot,
				class: milk,
				code: code("F-1"),
				quantity: 100,
				owner: FARM
			}));
		});
	}

	#[test]
	fn aid_agencies_commission_lots_too() {
		run(|| {
			let milk = chilled();
			commission(AID_AGENCY, milk, "AID-1", 10);
		});
	}

	#[test]
	fn a_lot_needs_the_role_a_class_a_free_code_a_quantity_and_a_past_time() {
		run(|| {
			let milk = chilled();
			assert_noop!(
				Provenance::commission(origin(CARRIER), milk, code("F-1"), 1, now()),
				Error::<Test>::MissingRole
			);
			assert_noop!(
				Provenance::commission(origin(FARM), milk + 1, code("F-1"), 1, now()),
				Error::<Test>::UnknownClass
			);
			assert_noop!(
				Provenance::commission(origin(FARM), milk, code("F-1"), 0, now()),
				Error::<Test>::ZeroQuantity
			);
			let mut later = now();
			later.time += 1;
			assert_noop!(
				Provenance::commission(origin(FARM), milk, code("F-1"), 1, later),
				Error::<Test>::EventInFuture
			);
			let mut nowhere = now();
			nowhere.read_point = Some(7);
			assert_noop!(
				Provenance::commission(origin(FARM), milk, code("F-1"), 1, nowhere),
				Error::<Test>::UnknownLocation
			);
			commission(FARM, milk, "F-1", 1);
			assert_noop!(
				Provenance::commission(origin(FARM), milk, code("F-1"), 1, now()),
				Error::<Test>::CodeTaken
			);
		});
	}

	#[test]
	fn an_event_carries_its_read_point_and_document_hash() {
		run(|| {
			let milk = chilled();
			assert_ok!(Provenance::register_location(origin(FARM), code("GLN-FARM"), None));
			let context = EventContext {
				time: START - 5,
				read_point: Some(0),
				document: Some(DocumentHash {
					algorithm: HashAlgorithm::Sha256,
					digest: bounded(&[7u8; 32]),
				}),
			};
			assert_ok!(Provenance::commission(origin(FARM), milk, code("F-1"), 5, context.clone()));
			assert_eq!(last_event().context, context);
		});
	}
}

mod observations {
	use super::*;

	#[test]
	fn the_custodian_observes_its_lot_at_a_location() {
		run(|| {
			let farm_lot = commission(FARM, chilled(), "F-1", 100);
			assert_ok!(Provenance::register_location(origin(FARM), code("GLN-FARM"), None));
			let context = EventContext { read_point: Some(0), ..now() };
			assert_ok!(Provenance::observe(
				origin(FARM),
				farm_lot,
				BizStep::Storing,
				Disposition::SellableAccessible,
				context
			));
			assert_eq!(lot(farm_lot).location, Some(0));
			let event = last_event();
			assert_eq!(
				event.kind,
				EventKind::Object { action: Action::Observe, lots: bounded(&[farm_lot]) }
			);
			assert_eq!(
				(event.step, event.disposition),
				(BizStep::Storing, Disposition::SellableAccessible)
			);
		});
	}

	#[test]
	fn an_inspector_finding_a_lot_non_conformant_marks_it() {
		run(|| {
			let farm_lot = commission(FARM, chilled(), "F-1", 100);
			assert_ok!(Provenance::observe(
				origin(INSPECTOR),
				farm_lot,
				BizStep::Inspecting,
				Disposition::NonConformant,
				now()
			));
			assert!(lot(farm_lot).non_conforming);
			assert_eq!(last_event().recorder, INSPECTOR);
		});
	}

	#[test]
	fn others_do_not_observe_a_lot() {
		run(|| {
			let farm_lot = commission(FARM, chilled(), "F-1", 100);
			assert_noop!(
				Provenance::observe(
					origin(CARRIER),
					farm_lot,
					BizStep::Storing,
					Disposition::Active,
					now()
				),
				Error::<Test>::NotCustodian
			);
			assert_noop!(
				Provenance::observe(
					origin(NO_DID),
					farm_lot,
					BizStep::Storing,
					Disposition::Active,
					now()
				),
				Error::<Test>::NoDid
			);
			assert_noop!(
				Provenance::observe(origin(FARM), 9, BizStep::Storing, Disposition::Active, now()),
				Error::<Test>::UnknownLot
			);
		});
	}

	#[test]
	fn the_owner_decommissions_a_lot() {
		run(|| {
			let farm_lot = commission(FARM, chilled(), "F-1", 100);
			assert_noop!(
				Provenance::decommission(origin(FARM), farm_lot, Disposition::Active, now()),
				Error::<Test>::InvalidDisposition
			);
			assert_noop!(
				Provenance::decommission(origin(CARRIER), farm_lot, Disposition::Destroyed, now()),
				Error::<Test>::NotOwner
			);
			assert_noop!(
				Provenance::decommission(origin(NO_DID), farm_lot, Disposition::Destroyed, now()),
				Error::<Test>::NoDid
			);
			assert_noop!(
				Provenance::decommission(origin(FARM), 9, Disposition::Destroyed, now()),
				Error::<Test>::UnknownLot
			);
			assert_ok!(Provenance::decommission(
				origin(FARM),
				farm_lot,
				Disposition::Expired,
				now()
			));
			assert_eq!(lot(farm_lot).status, LotStatus::Destroyed);
			assert_eq!(
				last_event().kind,
				EventKind::Object { action: Action::Delete, lots: bounded(&[farm_lot]) }
			);
			assert_noop!(
				Provenance::decommission(origin(FARM), farm_lot, Disposition::Destroyed, now()),
				Error::<Test>::NotActive
			);
		});
	}

	#[test]
	fn a_container_holding_lots_is_not_decommissioned() {
		run(|| {
			let farm_lot = commission(FARM, chilled(), "F-1", 100);
			let crate_lot = commission(FARM, pallets(), "SSCC-1", 1);
			assert_ok!(Provenance::pack(origin(FARM), crate_lot, bounded(&[farm_lot]), now()));
			assert_noop!(
				Provenance::decommission(origin(FARM), crate_lot, Disposition::Destroyed, now()),
				Error::<Test>::NotEmpty
			);
		});
	}
}

mod transformations {
	use super::*;

	#[test]
	fn a_processor_splits_a_lot_and_the_graph_records_it() {
		run(|| {
			let (farm_lot, first, second) = split_milk();
			let input = lot(farm_lot);
			assert_eq!((input.remaining, input.status), (0, LotStatus::Consumed));
			assert_eq!(input.children.to_vec(), vec![first, second]);
			assert_eq!(lot(first).parents.to_vec(), vec![farm_lot]);
			assert_eq!((lot(first).produced, lot(second).produced), (40, 60));
			assert_eq!(lot(first).producer, PROCESSOR);
			assert_eq!(
				last_event().kind,
				EventKind::Transformation {
					inputs: bounded(&[(farm_lot, 100)]),
					outputs: bounded(&[(first, 40), (second, 60)]),
				}
			);
			assert!(LotEvents::<Test>::contains_key(first, NextEventId::<Test>::get() - 1));
		});
	}

	#[test]
	fn a_transformation_takes_part_of_a_lot_and_merges_lots() {
		run(|| {
			let milk = chilled();
			let a = commission(FARM, milk, "F-1", 100);
			let b = commission(FARM, milk, "F-2", 50);
			assert_ok!(Provenance::transform(
				origin(FARM),
				bounded(&[(a, 30), (b, 50)]),
				bounded(&[(milk, code("M-1"), 80)]),
				now(),
			));
			assert_eq!((lot(a).remaining, lot(a).status), (70, LotStatus::Active));
			assert_eq!(lot(b).status, LotStatus::Consumed);
			assert_eq!(lot(2).parents.to_vec(), vec![a, b]);
		});
	}

	#[test]
	fn a_transformation_checks_its_inputs_and_outputs() {
		run(|| {
			let milk = chilled();
			let a = commission(FARM, milk, "F-1", 100);
			let out = |name: &str| bounded(&[(milk, code(name), 1)]);
			assert_noop!(
				Provenance::transform(origin(CARRIER), bounded(&[(a, 1)]), out("o"), now()),
				Error::<Test>::MissingRole
			);
			assert_noop!(
				Provenance::transform(origin(FARM), bounded(&[]), out("o"), now()),
				Error::<Test>::NoLots
			);
			assert_noop!(
				Provenance::transform(origin(FARM), bounded(&[(a, 1)]), bounded(&[]), now()),
				Error::<Test>::NoLots
			);
			assert_noop!(
				Provenance::transform(origin(FARM), bounded(&[(a, 1), (a, 1)]), out("o"), now()),
				Error::<Test>::DuplicateLot
			);
			assert_noop!(
				Provenance::transform(origin(FARM), bounded(&[(a, 0)]), out("o"), now()),
				Error::<Test>::ZeroQuantity
			);
			assert_noop!(
				Provenance::transform(origin(FARM), bounded(&[(a, 101)]), out("o"), now()),
				Error::<Test>::InsufficientQuantity
			);
			assert_noop!(
				Provenance::transform(origin(FARM), bounded(&[(9, 1)]), out("o"), now()),
				Error::<Test>::UnknownLot
			);
			assert_noop!(
				Provenance::transform(origin(PROCESSOR), bounded(&[(a, 1)]), out("o"), now()),
				Error::<Test>::NotCustodian
			);
			assert_noop!(
				Provenance::transform(origin(FARM), bounded(&[(a, 1)]), out("F-1"), now()),
				Error::<Test>::CodeTaken
			);
			assert_noop!(
				Provenance::transform(
					origin(FARM),
					bounded(&[(a, 1)]),
					bounded(&[(milk, code("o"), 0)]),
					now()
				),
				Error::<Test>::ZeroQuantity
			);
		});
	}

	#[test]
	fn a_lot_has_a_bounded_number_of_children_and_parents() {
		run(|| {
			let milk = chilled();
			let a = commission(FARM, milk, "F-1", 100);
			let outputs: Vec<_> = (0..8).map(|n| (milk, code(&format!("o{n}")), 1)).collect();
			assert_ok!(Provenance::transform(
				origin(FARM),
				bounded(&[(a, 8)]),
				bounded(&outputs),
				now()
			));
			assert_noop!(
				Provenance::transform(
					origin(FARM),
					bounded(&[(a, 1)]),
					bounded(&[(milk, code("one-more"), 1)]),
					now()
				),
				Error::<Test>::TooManyChildren
			);
			let inputs: Vec<_> =
				(0..8).map(|n| commission(FARM, milk, &format!("i{n}"), 1)).collect();
			let mut nine: Vec<_> = inputs.iter().map(|lot| (*lot, 1)).collect();
			nine.push((commission(FARM, milk, "i8", 1), 1));
			assert_eq!(nine.len(), 9);
			// The call's own bound (eight lots an event) comes first in a real call; with
			// eight inputs the parents' bound is met exactly.
			let eight: Vec<_> = nine[..8].to_vec();
			assert_ok!(Provenance::transform(
				origin(FARM),
				bounded(&eight),
				bounded(&[(milk, code("merged"), 8)]),
				now()
			));
		});
	}

	#[test]
	fn packed_recalled_and_shipped_lots_are_not_transformed() {
		run(|| {
			let milk = chilled();
			let a = commission(FARM, milk, "F-1", 100);
			let b = commission(FARM, milk, "F-2", 100);
			let c = commission(FARM, milk, "F-3", 100);
			let crate_lot = commission(FARM, pallets(), "SSCC-1", 1);
			assert_ok!(Provenance::pack(origin(FARM), crate_lot, bounded(&[a]), now()));
			assert_ok!(Provenance::ship(origin(FARM), b, CARRIER, None, None, now()));
			assert_ok!(Provenance::recall(origin(FARM), c, text("listeria"), now()));
			let out = bounded(&[(milk, code("o"), 1)]);
			assert_noop!(
				Provenance::transform(origin(FARM), bounded(&[(a, 1)]), out.clone(), now()),
				Error::<Test>::Packed
			);
			assert_noop!(
				Provenance::transform(origin(FARM), bounded(&[(b, 1)]), out.clone(), now()),
				Error::<Test>::InTransit
			);
			assert_noop!(
				Provenance::transform(origin(FARM), bounded(&[(c, 1)]), out, now()),
				Error::<Test>::LotRecalled
			);
		});
	}
}

mod aggregation {
	use super::*;

	#[test]
	fn packing_gathers_the_contents_conditions_into_the_container() {
		run(|| {
			let milk = chilled();
			let dry = class_with("powder", Some(Condition { metric: HUMIDITY, min: 0, max: 600 }));
			let cold =
				class_with("cream", Some(Condition { metric: TEMPERATURE, min: 20, max: 60 }));
			let a = commission(FARM, milk, "F-1", 100);
			let b = commission(FARM, dry, "D-1", 100);
			let c = commission(FARM, cold, "C-1", 100);
			let crate_lot = commission(FARM, pallets(), "SSCC-1", 1);
			assert_ok!(Provenance::pack(origin(FARM), crate_lot, bounded(&[a, b, c]), now()));
			let holder = lot(crate_lot);
			assert_eq!(holder.contents.to_vec(), vec![a, b, c]);
			assert_eq!(
				holder.conditions.to_vec(),
				vec![
					Condition { metric: TEMPERATURE, min: 20, max: 60 },
					Condition { metric: HUMIDITY, min: 0, max: 600 },
				]
			);
			assert_eq!(lot(a).container, Some(crate_lot));
			assert_eq!(
				last_event().kind,
				EventKind::Aggregation {
					action: Action::Add,
					container: crate_lot,
					lots: bounded(&[a, b, c])
				}
			);
			assert_eq!(last_event().step, BizStep::Packing);
		});
	}

	#[test]
	fn unpacking_returns_lots_to_the_containers_custodian_and_loosens_its_conditions() {
		run(|| {
			let milk = chilled();
			let a = commission(FARM, milk, "F-1", 100);
			let b = commission(FARM, pallets(), "B-1", 1);
			let crate_lot = commission(FARM, pallets(), "SSCC-1", 1);
			assert_ok!(Provenance::pack(origin(FARM), crate_lot, bounded(&[a, b]), now()));
			assert_ok!(Provenance::ship(origin(FARM), crate_lot, CARRIER, None, None, now()));
			assert_noop!(
				Provenance::unpack(origin(FARM), crate_lot, bounded(&[a]), now()),
				Error::<Test>::InTransit
			);
			assert_ok!(Provenance::receive(origin(CARRIER), crate_lot, true, now()));
			assert_ok!(Provenance::unpack(origin(CARRIER), crate_lot, bounded(&[a]), now()));
			assert_eq!((lot(a).container, lot(a).custodian), (None, CARRIER));
			assert!(lot(crate_lot).conditions.is_empty());
			assert_eq!(lot(crate_lot).contents.to_vec(), vec![b]);
			assert_eq!(last_event().step, BizStep::Unpacking);
			assert_noop!(
				Provenance::unpack(origin(CARRIER), crate_lot, bounded(&[a]), now()),
				Error::<Test>::NotInContainer
			);
			assert_noop!(
				Provenance::unpack(origin(FARM), crate_lot, bounded(&[b]), now()),
				Error::<Test>::NotCustodian
			);
			assert_noop!(
				Provenance::unpack(origin(CARRIER), crate_lot, bounded(&[]), now()),
				Error::<Test>::NoLots
			);
			assert_noop!(
				Provenance::unpack(origin(CARRIER), crate_lot, bounded(&[b, b]), now()),
				Error::<Test>::DuplicateLot
			);
			assert_noop!(
				Provenance::unpack(origin(NO_DID), crate_lot, bounded(&[b]), now()),
				Error::<Test>::NoDid
			);
			assert_noop!(
				Provenance::unpack(origin(CARRIER), 99, bounded(&[b]), now()),
				Error::<Test>::UnknownLot
			);
		});
	}

	#[test]
	fn packing_checks_custody_nesting_room_and_conditions() {
		run(|| {
			let milk = chilled();
			let crate_lot = commission(FARM, pallets(), "SSCC-1", 1);
			let other_crate = commission(FARM, pallets(), "SSCC-2", 1);
			let lots: Vec<_> =
				(0..5).map(|n| commission(FARM, milk, &format!("F-{n}"), 1)).collect();
			assert_noop!(
				Provenance::pack(origin(FARM), crate_lot, bounded(&[]), now()),
				Error::<Test>::NoLots
			);
			assert_noop!(
				Provenance::pack(origin(FARM), crate_lot, bounded(&[lots[0], lots[0]]), now()),
				Error::<Test>::DuplicateLot
			);
			assert_noop!(
				Provenance::pack(origin(FARM), crate_lot, bounded(&[crate_lot]), now()),
				Error::<Test>::NestedContainer
			);
			assert_noop!(
				Provenance::pack(origin(CARRIER), crate_lot, bounded(&[lots[0]]), now()),
				Error::<Test>::NotCustodian
			);
			assert_noop!(
				Provenance::pack(origin(NO_DID), crate_lot, bounded(&[lots[0]]), now()),
				Error::<Test>::NoDid
			);
			assert_noop!(
				Provenance::pack(origin(FARM), 99, bounded(&[lots[0]]), now()),
				Error::<Test>::UnknownLot
			);
			assert_noop!(
				Provenance::pack(origin(FARM), crate_lot, bounded(&lots), now()),
				Error::<Test>::ContainerFull
			);
			assert_ok!(Provenance::pack(origin(FARM), other_crate, bounded(&[lots[4]]), now()));
			assert_noop!(
				Provenance::pack(origin(FARM), crate_lot, bounded(&[other_crate]), now()),
				Error::<Test>::NestedContainer
			);
			assert_noop!(
				Provenance::pack(origin(FARM), crate_lot, bounded(&[lots[4]]), now()),
				Error::<Test>::Packed
			);
			let carried = commission(CARRIER, class_of_carrier(), "X-1", 1);
			assert_noop!(
				Provenance::pack(origin(FARM), crate_lot, bounded(&[carried]), now()),
				Error::<Test>::NotCustodian
			);
			let third = class_with("third", Some(Condition { metric: 3, min: 0, max: 1 }));
			let humid = class_with("humid", Some(Condition { metric: HUMIDITY, min: 0, max: 1 }));
			let t = commission(FARM, third, "T-1", 1);
			let h = commission(FARM, humid, "H-1", 1);
			assert_noop!(
				Provenance::pack(origin(FARM), crate_lot, bounded(&[lots[0], h, t]), now()),
				Error::<Test>::TooManyConditions
			);
		});
	}

	/// A class a carrier's own lots can be commissioned in: the carrier gets a producer's
	/// credential for it.
	fn class_of_carrier() -> ClassId {
		polis_mocks::give_credential(CARRIER, schema_of(Role::Producer), None);
		assert_ok!(Provenance::register_class(origin(CARRIER), code("carrier"), Unit::Each, None));
		NextClassId::<Test>::get() - 1
	}
}

mod devices {
	use super::*;

	#[test]
	fn the_custodian_attaches_and_detaches_its_own_device() {
		run(|| {
			let crate_lot = commission(FARM, pallets(), "SSCC-1", 1);
			register_device(device(1), FARM, DeviceKind::Other);
			register_device(device(2), CARRIER, DeviceKind::Other);
			assert_noop!(
				Provenance::attach_device(origin(FARM), crate_lot, device(2), now()),
				Error::<Test>::NotOwnDevice
			);
			assert_noop!(
				Provenance::attach_device(origin(FARM), crate_lot, device(3), now()),
				Error::<Test>::NotOwnDevice
			);
			assert_noop!(
				Provenance::attach_device(origin(CARRIER), crate_lot, device(2), now()),
				Error::<Test>::NotCustodian
			);
			assert_noop!(
				Provenance::attach_device(origin(NO_DID), crate_lot, device(1), now()),
				Error::<Test>::NoDid
			);
			assert_noop!(
				Provenance::attach_device(origin(FARM), 99, device(1), now()),
				Error::<Test>::UnknownLot
			);
			assert_noop!(
				Provenance::detach_device(origin(FARM), crate_lot, now()),
				Error::<Test>::NoDevice
			);
			assert_ok!(Provenance::attach_device(origin(FARM), crate_lot, device(1), now()));
			assert_eq!(lot(crate_lot).device, Some(device(1)));
			assert_eq!(
				last_event().kind,
				EventKind::Association { action: Action::Add, lot: crate_lot, device: device(1) }
			);
			assert_noop!(
				Provenance::attach_device(origin(FARM), crate_lot, device(1), now()),
				Error::<Test>::DeviceAttached
			);
			assert_ok!(Provenance::ship(origin(FARM), crate_lot, CARRIER, None, None, now()));
			assert_noop!(
				Provenance::detach_device(origin(FARM), crate_lot, now()),
				Error::<Test>::InTransit
			);
			assert_ok!(Provenance::receive(origin(CARRIER), crate_lot, false, now()));
			assert_noop!(
				Provenance::detach_device(origin(CARRIER), crate_lot, now()),
				Error::<Test>::NotCustodian
			);
			assert_noop!(
				Provenance::detach_device(origin(NO_DID), crate_lot, now()),
				Error::<Test>::NoDid
			);
			assert_noop!(
				Provenance::detach_device(origin(FARM), 99, now()),
				Error::<Test>::UnknownLot
			);
			assert_ok!(Provenance::detach_device(origin(FARM), crate_lot, now()));
			assert_eq!(lot(crate_lot).device, None);
			assert_eq!(
				last_event().kind,
				EventKind::Association {
					action: Action::Delete,
					lot: crate_lot,
					device: device(1)
				}
			);
		});
	}

	#[test]
	fn a_device_is_not_attached_during_transit() {
		run(|| {
			let crate_lot = commission(FARM, pallets(), "SSCC-1", 1);
			register_device(device(1), FARM, DeviceKind::Other);
			assert_ok!(Provenance::ship(origin(FARM), crate_lot, CARRIER, None, None, now()));
			assert_noop!(
				Provenance::attach_device(origin(FARM), crate_lot, device(1), now()),
				Error::<Test>::InTransit
			);
		});
	}
}

mod custody {
	use super::*;

	/// A crate of chilled milk with the farm's logger attached; returns the crate and the milk.
	fn logged_crate() -> (LotId, LotId) {
		let milk = commission(FARM, chilled(), "F-1", 100);
		let crate_lot = commission(FARM, pallets(), "SSCC-1", 1);
		assert_ok!(Provenance::pack(origin(FARM), crate_lot, bounded(&[milk]), now()));
		register_device(device(1), FARM, DeviceKind::Other);
		assert_ok!(Provenance::attach_device(origin(FARM), crate_lot, device(1), now()));
		(crate_lot, milk)
	}

	/// The logged crate, shipped to the carrier at START.
	fn shipped_crate() -> (LotId, LotId) {
		let (crate_lot, milk) = logged_crate();
		assert_ok!(Provenance::ship(origin(FARM), crate_lot, CARRIER, None, None, now()));
		(crate_lot, milk)
	}

	/// The logger's temperature in intervals 1000 ..= 1000 + n - 1.
	fn log_temperatures(values: &[i64]) {
		for (n, value) in values.iter().enumerate() {
			record(&device(1), TEMPERATURE, 1_000 + n as u32, *value);
		}
	}

	#[test]
	fn a_shipment_is_accepted_by_its_receiver_and_custody_passes() {
		run(|| {
			assert_ok!(Provenance::register_location(origin(RETAILER), code("GLN-SHOP"), None));
			let farm_lot = commission(FARM, pallets(), "F-1", 10);
			assert_ok!(Provenance::ship(origin(FARM), farm_lot, RETAILER, Some(0), None, now()));
			let shipment = Shipments::<Test>::get(farm_lot).unwrap();
			assert_eq!(
				(shipment.sender, shipment.receiver, shipment.destination),
				(FARM, RETAILER, Some(0))
			);
			assert_eq!(
				(last_event().step, last_event().disposition),
				(BizStep::Shipping, Disposition::InTransit)
			);
			assert!(events().contains(&Event::Shipped {
				lot: farm_lot,
				sender: FARM,
				receiver: RETAILER
			}));
			assert_noop!(
				Provenance::ship(origin(FARM), farm_lot, CARRIER, None, None, now()),
				Error::<Test>::InTransit
			);
			assert_noop!(
				Provenance::receive(origin(CARRIER), farm_lot, true, now()),
				Error::<Test>::NotReceiver
			);
			assert_ok!(Provenance::receive(origin(RETAILER), farm_lot, true, now()));
			let record = lot(farm_lot);
			assert_eq!(
				(record.custodian, record.owner, record.location),
				(RETAILER, FARM, Some(0))
			);
			assert!(!Shipments::<Test>::contains_key(farm_lot));
			assert_eq!(
				(last_event().step, last_event().disposition),
				(BizStep::Receiving, Disposition::Active)
			);
			assert!(events().contains(&Event::Accepted {
				lot: farm_lot,
				receiver: RETAILER,
				owner_changed: false
			}));
		});
	}

	#[test]
	fn a_rejected_shipment_stays_with_its_sender() {
		run(|| {
			let farm_lot = commission(FARM, pallets(), "F-1", 10);
			assert_ok!(Provenance::ship(origin(FARM), farm_lot, RETAILER, None, None, now()));
			assert_ok!(Provenance::receive(origin(RETAILER), farm_lot, false, now()));
			assert_eq!(lot(farm_lot).custodian, FARM);
			assert_eq!(last_event().disposition, Disposition::Rejected);
			assert!(events().contains(&Event::Rejected { lot: farm_lot, receiver: RETAILER }));
			assert_noop!(
				Provenance::receive(origin(RETAILER), farm_lot, true, now()),
				Error::<Test>::NotInTransit
			);
		});
	}

	#[test]
	fn a_sale_passes_ownership_of_a_container_and_its_contents_on_acceptance() {
		run(|| {
			let (crate_lot, milk) = shipped_crate();
			assert_ok!(Provenance::receive(origin(CARRIER), crate_lot, true, now()));
			let sale =
				BizTransaction { kind: TransactionKind::PurchaseOrder, reference: code("PO-7") };
			assert_noop!(
				Provenance::ship(
					origin(CARRIER),
					crate_lot,
					RETAILER,
					None,
					Some(sale.clone()),
					now()
				),
				Error::<Test>::NotOwner
			);
			assert_ok!(Provenance::ship(origin(CARRIER), crate_lot, FARM, None, None, now()));
			assert_ok!(Provenance::receive(origin(FARM), crate_lot, true, now()));
			assert_ok!(Provenance::ship(
				origin(FARM),
				crate_lot,
				RETAILER,
				None,
				Some(sale.clone()),
				now()
			));
			assert_ok!(Provenance::receive(origin(RETAILER), crate_lot, true, now()));
			assert_eq!((lot(crate_lot).owner, lot(milk).owner), (RETAILER, RETAILER));
			assert_eq!(
				last_event().kind,
				EventKind::Transaction {
					lot: crate_lot,
					transaction: sale,
					from: FARM,
					to: RETAILER
				}
			);
			assert!(events().contains(&Event::Accepted {
				lot: crate_lot,
				receiver: RETAILER,
				owner_changed: true
			}));
			assert_eq!(held(RETAILER), 2 * EVENT_DEPOSIT);
		});
	}

	#[test]
	fn shipping_checks_custody_the_receiver_and_the_destination() {
		run(|| {
			let farm_lot = commission(FARM, pallets(), "F-1", 10);
			assert_noop!(
				Provenance::ship(origin(CARRIER), farm_lot, RETAILER, None, None, now()),
				Error::<Test>::NotCustodian
			);
			assert_noop!(
				Provenance::ship(origin(FARM), farm_lot, FARM, None, None, now()),
				Error::<Test>::SelfShipment
			);
			assert_noop!(
				Provenance::ship(origin(FARM), farm_lot, RETAILER, Some(4), None, now()),
				Error::<Test>::UnknownLocation
			);
			assert_noop!(
				Provenance::ship(origin(FARM), 99, RETAILER, None, None, now()),
				Error::<Test>::UnknownLot
			);
			assert_noop!(
				Provenance::ship(origin(NO_DID), farm_lot, RETAILER, None, None, now()),
				Error::<Test>::NoDid
			);
			assert_noop!(
				Provenance::receive(origin(NO_DID), farm_lot, true, now()),
				Error::<Test>::NoDid
			);
			let crate_lot = commission(FARM, pallets(), "SSCC-1", 1);
			assert_ok!(Provenance::pack(origin(FARM), crate_lot, bounded(&[farm_lot]), now()));
			assert_noop!(
				Provenance::ship(origin(FARM), farm_lot, RETAILER, None, None, now()),
				Error::<Test>::Packed
			);
		});
	}

	#[test]
	fn a_cold_chain_kept_in_range_is_conformant() {
		run(|| {
			let (crate_lot, milk) = shipped_crate();
			log_temperatures(&[40, 45, 50]);
			set_time(START + 2 * INTERVAL_MS + 10);
			assert_ok!(Provenance::receive(origin(CARRIER), crate_lot, true, now()));
			let event = last_event();
			assert_eq!(event.disposition, Disposition::Conformant);
			assert_eq!(
				event.evidence.to_vec(),
				vec![ConditionEvidence {
					device: Some(device(1)),
					metric: TEMPERATURE,
					from: 1_000,
					to: 1_002,
					outcome: ConditionOutcome::Kept,
				}]
			);
			assert!(!lot(crate_lot).non_conforming && !lot(milk).non_conforming);
		});
	}

	#[test]
	fn a_breach_in_transit_marks_the_lot_non_conforming_with_the_evidence() {
		run(|| {
			let (crate_lot, _) = shipped_crate();
			log_temperatures(&[40, 95, 50]);
			set_time(START + 2 * INTERVAL_MS + 10);
			assert_ok!(Provenance::receive(origin(CARRIER), crate_lot, true, now()));
			assert!(lot(crate_lot).non_conforming);
			let evidence = ConditionEvidence {
				device: Some(device(1)),
				metric: TEMPERATURE,
				from: 1_000,
				to: 1_002,
				outcome: ConditionOutcome::Breached { interval: 1_001, min: 95, max: 95 },
			};
			assert_eq!(last_event().disposition, Disposition::NonConformant);
			assert_eq!(last_event().evidence.to_vec(), vec![evidence]);
			assert!(events().contains(&Event::ConditionBreached { lot: crate_lot, evidence }));
		});
	}

	#[test]
	fn missing_data_in_an_ended_interval_is_a_breach_but_the_open_interval_may_lack_it() {
		run(|| {
			let (crate_lot, _) = shipped_crate();
			log_temperatures(&[40]);
			set_time(START + INTERVAL_MS + 10);
			// Interval 1001 is still open: no reading yet is no breach.
			assert_ok!(Provenance::receive(origin(CARRIER), crate_lot, true, now()));
			assert!(!lot(crate_lot).non_conforming);
			assert_ok!(Provenance::ship(origin(CARRIER), crate_lot, FARM, None, None, now()));
			set_time(START + 3 * INTERVAL_MS);
			assert_ok!(Provenance::receive(origin(FARM), crate_lot, true, now()));
			assert!(lot(crate_lot).non_conforming);
			assert_eq!(
				last_event().evidence[0].outcome,
				ConditionOutcome::Missing { interval: 1_001 }
			);
		});
	}

	#[test]
	fn a_lot_with_conditions_needs_a_device_once_an_interval_of_its_transit_has_ended() {
		run(|| {
			let milk = commission(FARM, chilled(), "F-1", 100);
			// A handover at the dock, within the open interval, needs no readings.
			assert_ok!(Provenance::ship(origin(FARM), milk, CARRIER, None, None, now()));
			assert_ok!(Provenance::receive(origin(CARRIER), milk, true, now()));
			assert!(!lot(milk).non_conforming);
			assert_ok!(Provenance::ship(origin(CARRIER), milk, RETAILER, None, None, now()));
			set_time(START + INTERVAL_MS);
			assert_ok!(Provenance::receive(origin(RETAILER), milk, true, now()));
			assert!(lot(milk).non_conforming);
			assert_eq!(
				last_event().evidence[0],
				ConditionEvidence {
					device: None,
					metric: TEMPERATURE,
					from: 1_000,
					to: 1_001,
					outcome: ConditionOutcome::Missing { interval: 1_000 },
				}
			);
		});
	}

	#[test]
	fn a_back_dated_shipment_is_checked_from_when_it_was_recorded() {
		run(|| {
			let (crate_lot, _) = logged_crate();
			let long_ago = EventContext { time: 0, ..now() };
			assert_ok!(Provenance::ship(origin(FARM), crate_lot, CARRIER, None, None, long_ago));
			assert_eq!(Shipments::<Test>::get(crate_lot).unwrap().unchecked_from, 1_000);
			log_temperatures(&[40]);
			assert_ok!(Provenance::receive(origin(CARRIER), crate_lot, true, now()));
			assert!(!lot(crate_lot).non_conforming);
		});
	}

	#[test]
	fn a_long_transit_is_checked_along_the_way() {
		run(|| {
			let (crate_lot, _) = shipped_crate();
			log_temperatures(&[40; 20]);
			set_time(START + 19 * INTERVAL_MS + 10);
			assert_noop!(
				Provenance::receive(origin(CARRIER), crate_lot, true, now()),
				Error::<Test>::ConditionCheckPending
			);
			assert_ok!(Provenance::check_conditions(origin(NOBODY), crate_lot));
			assert_eq!(Shipments::<Test>::get(crate_lot).unwrap().unchecked_from, 1_008);
			assert!(events()
				.contains(&Event::ConditionsChecked { lot: crate_lot, checked_until: 1_008 }));
			assert_ok!(Provenance::check_conditions(origin(NOBODY), crate_lot));
			assert_ok!(Provenance::receive(origin(CARRIER), crate_lot, true, now()));
			assert_eq!(last_event().evidence[0].from, 1_016);
			assert!(!lot(crate_lot).non_conforming);
		});
	}

	#[test]
	fn a_check_along_the_way_catches_a_breach() {
		run(|| {
			let (crate_lot, _) = shipped_crate();
			log_temperatures(&[40, -5, 40]);
			set_time(START + 2 * INTERVAL_MS);
			assert_ok!(Provenance::check_conditions(origin(NOBODY), crate_lot));
			assert!(lot(crate_lot).non_conforming);
			assert_noop!(
				Provenance::check_conditions(origin(NOBODY), crate_lot),
				Error::<Test>::NothingToCheck
			);
			assert_ok!(Provenance::receive(origin(CARRIER), crate_lot, true, now()));
			assert_eq!(last_event().disposition, Disposition::NonConformant);
		});
	}

	#[test]
	fn only_lots_in_transit_with_conditions_are_checked() {
		run(|| {
			let farm_lot = commission(FARM, pallets(), "F-1", 10);
			assert_noop!(
				Provenance::check_conditions(origin(NOBODY), farm_lot),
				Error::<Test>::NotInTransit
			);
			assert_ok!(Provenance::ship(origin(FARM), farm_lot, RETAILER, None, None, now()));
			set_time(START + 5 * INTERVAL_MS);
			assert_noop!(
				Provenance::check_conditions(origin(NOBODY), farm_lot),
				Error::<Test>::NothingToCheck
			);
		});
	}
}

mod corrections {
	use super::*;

	#[test]
	fn a_recorder_declares_its_event_wrong_and_names_the_corrections() {
		run(|| {
			let farm_lot = commission(FARM, pallets(), "F-1", 10);
			let wrong = NextEventId::<Test>::get() - 1;
			assert_ok!(Provenance::observe(
				origin(FARM),
				farm_lot,
				BizStep::Storing,
				Disposition::Active,
				now()
			));
			let fix = wrong + 1;
			assert_noop!(
				Provenance::declare_error(origin(INSPECTOR), wrong, text("typo"), bounded(&[fix])),
				Error::<Test>::NotRecorder
			);
			assert_noop!(
				Provenance::declare_error(origin(FARM), wrong, text("typo"), bounded(&[wrong])),
				Error::<Test>::InvalidCorrection
			);
			assert_noop!(
				Provenance::declare_error(origin(FARM), wrong, text("typo"), bounded(&[fix + 1])),
				Error::<Test>::UnknownEvent
			);
			assert_noop!(
				Provenance::declare_error(origin(FARM), fix + 1, text("typo"), bounded(&[])),
				Error::<Test>::UnknownEvent
			);
			assert_noop!(
				Provenance::declare_error(origin(NO_DID), wrong, text("typo"), bounded(&[])),
				Error::<Test>::NoDid
			);
			assert_ok!(Provenance::declare_error(
				origin(FARM),
				wrong,
				text("typo"),
				bounded(&[fix])
			));
			let declaration = ErrorDeclarations::<Test>::get(wrong).unwrap();
			assert_eq!(
				(declaration.reason, declaration.corrective.to_vec()),
				(text("typo"), vec![fix])
			);
			assert!(Events::<Test>::contains_key(wrong));
			assert!(events()
				.contains(&Event::ErrorDeclared { event: wrong, corrective: bounded(&[fix]) }));
			assert_noop!(
				Provenance::declare_error(origin(FARM), wrong, text("again"), bounded(&[])),
				Error::<Test>::AlreadyDeclared
			);
		});
	}
}

mod recalls {
	use super::*;

	#[test]
	fn a_recall_reaches_every_lot_made_from_the_lot_and_the_containers_holding_them() {
		run(|| {
			let (farm_lot, first, second) = split_milk();
			let milk = lot(first).class;
			assert_ok!(Provenance::transform(
				origin(PROCESSOR),
				bounded(&[(first, 10)]),
				bounded(&[(milk, code("Q-1"), 10)]),
				now()
			));
			let grandchild = NextLotId::<Test>::get() - 1;
			let crate_lot = commission(FARM, pallets(), "SSCC-1", 1);
			assert_ok!(Provenance::ship(origin(FARM), crate_lot, PROCESSOR, None, None, now()));
			assert_ok!(Provenance::receive(origin(PROCESSOR), crate_lot, true, now()));
			assert_ok!(Provenance::pack(origin(PROCESSOR), crate_lot, bounded(&[second]), now()));
			let bystander = commission(FARM, milk, "F-9", 5);

			assert_ok!(Provenance::recall(origin(FARM), farm_lot, text("listeria"), now()));
			assert_eq!(lot(farm_lot).recall, Some(0));
			assert_eq!(last_event().disposition, Disposition::Recalled);
			assert!(events().contains(&Event::Recalled { recall: 0, lot: farm_lot, by: FARM }));
			assert_eq!(lot(first).recall, None);

			assert_ok!(Provenance::propagate_recall(origin(NOBODY), 0, 1));
			assert_eq!((lot(first).recall, lot(second).recall), (Some(0), Some(0)));
			// Reaching the packed lot reached its container at once.
			assert_eq!(lot(crate_lot).recall, Some(0));
			assert_eq!(lot(grandchild).recall, None);
			assert!(events().contains(&Event::RecallReached {
				recall: 0,
				lot: crate_lot,
				via: second
			}));

			assert_ok!(Provenance::propagate_recall(origin(NOBODY), 0, 16));
			assert_eq!(lot(grandchild).recall, Some(0));
			assert_eq!(lot(grandchild).status, LotStatus::Recalled);
			assert_eq!(lot(farm_lot).status, LotStatus::Consumed);
			assert_eq!(lot(bystander).recall, None);
			assert!(events().contains(&Event::RecallCompleted { recall: 0, reached: 5 }));
			assert_noop!(
				Provenance::propagate_recall(origin(NOBODY), 0, 1),
				Error::<Test>::RecallComplete
			);
			assert_noop!(
				Provenance::propagate_recall(origin(NOBODY), 1, 1),
				Error::<Test>::UnknownRecall
			);
			// Recalled lots go nowhere.
			assert_noop!(
				Provenance::ship(origin(PROCESSOR), grandchild, RETAILER, None, None, now()),
				Error::<Test>::LotRecalled
			);
		});
	}

	#[test]
	fn a_regulator_recalls_any_lot_and_others_none() {
		run(|| {
			let farm_lot = commission(FARM, pallets(), "F-1", 10);
			assert_noop!(
				Provenance::recall(origin(INSPECTOR), farm_lot, text("?"), now()),
				Error::<Test>::NotProducerOrRegulator
			);
			assert_noop!(
				Provenance::recall(origin(NO_DID), farm_lot, text("?"), now()),
				Error::<Test>::NoDid
			);
			assert_noop!(
				Provenance::recall(origin(REGULATOR), 99, text("?"), now()),
				Error::<Test>::UnknownLot
			);
			assert_ok!(Provenance::recall(origin(REGULATOR), farm_lot, text("fraud"), now()));
			assert_eq!(Recalls::<Test>::get(0).unwrap().by, REGULATOR);
			assert_noop!(
				Provenance::recall(origin(FARM), farm_lot, text("again"), now()),
				Error::<Test>::LotRecalled
			);
		});
	}

	#[test]
	fn a_lot_reached_by_an_earlier_recall_is_not_reached_again() {
		run(|| {
			let (farm_lot, first, _) = split_milk();
			assert_ok!(Provenance::recall(origin(PROCESSOR), first, text("spoiled"), now()));
			assert_ok!(Provenance::recall(origin(FARM), farm_lot, text("listeria"), now()));
			assert_ok!(Provenance::propagate_recall(origin(NOBODY), 1, 16));
			assert_eq!(lot(first).recall, Some(0));
			assert!(events().contains(&Event::RecallCompleted { recall: 1, reached: 2 }));
		});
	}

	#[test]
	fn a_recall_spreads_in_bounded_steps() {
		run(|| {
			let (farm_lot, _, _) = split_milk();
			assert_ok!(Provenance::recall(origin(FARM), farm_lot, text("listeria"), now()));
			// Steps above the bound count as the bound; one step takes one lot from the queue.
			assert_ok!(Provenance::propagate_recall(origin(NOBODY), 0, u32::MAX));
			assert_eq!(
				Recalls::<Test>::get(0).map(|recall| (recall.head, recall.tail)),
				Some((3, 3))
			);
		});
	}
}

mod invariants {
	use super::*;

	#[test]
	fn try_state_catches_a_lot_whose_quantity_does_not_add_up() {
		new_test_ext().execute_with(|| {
			let (_, first, _) = split_milk();
			Provenance::do_try_state().unwrap();
			Lots::<Test>::mutate(first, |lot| lot.as_mut().unwrap().remaining = 39);
			assert!(Provenance::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_a_container_that_lost_track_of_its_lot() {
		new_test_ext().execute_with(|| {
			let farm_lot = commission(FARM, pallets(), "F-1", 10);
			let crate_lot = commission(FARM, pallets(), "SSCC-1", 1);
			assert_ok!(Provenance::pack(origin(FARM), crate_lot, bounded(&[farm_lot]), now()));
			Provenance::do_try_state().unwrap();
			Lots::<Test>::mutate(crate_lot, |lot| lot.as_mut().unwrap().contents.clear());
			assert!(Provenance::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_a_recall_that_skipped_a_child() {
		new_test_ext().execute_with(|| {
			let (farm_lot, first, _) = split_milk();
			assert_ok!(Provenance::recall(origin(FARM), farm_lot, text("listeria"), now()));
			assert_ok!(Provenance::propagate_recall(origin(NOBODY), 0, 16));
			Provenance::do_try_state().unwrap();
			Lots::<Test>::mutate(first, |lot| lot.as_mut().unwrap().recall = None);
			assert!(Provenance::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_a_deposit_not_held() {
		new_test_ext().execute_with(|| {
			commission(FARM, pallets(), "F-1", 10);
			Provenance::do_try_state().unwrap();
			Lots::<Test>::mutate(0, |lot| lot.as_mut().unwrap().deposit = 0);
			assert!(Provenance::do_try_state().is_err());
		});
	}
}

#[test]
fn unsigned_callers_are_refused() {
	run(|| {
		assert_noop!(
			Provenance::register_location(RuntimeOrigin::none(), code("x"), None),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Provenance::check_conditions(RuntimeOrigin::none(), 0),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Provenance::propagate_recall(RuntimeOrigin::none(), 0, 1),
			DispatchError::BadOrigin
		);
	});
}
