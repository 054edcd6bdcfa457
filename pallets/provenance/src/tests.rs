//! The provenance registry, specified by example.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use polis_mocks::{device, grant_rights, record, register_device, revoke_credential};
use polis_primitives::DeviceKind;
use sp_runtime::{
	testing::TestSignature, traits::BadOrigin, DispatchError, DispatchResult, TokenError,
};

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
	class_of(FARM, gtin, condition)
}

/// The product class of code `gtin`, registered by `owner` unless it is registered already.
fn class_of(owner: AccountId, gtin: &str, condition: Option<Condition>) -> ClassId {
	if let Some(class) = ClassCodes::<Test>::get(code(gtin)) {
		return class;
	}
	assert_ok!(Provenance::register_class(origin(owner), code(gtin), Unit::Kilogram, condition));
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

	#[test]
	fn a_location_whose_deposit_cannot_be_returned_stays() {
		run(|| {
			assert_ok!(Provenance::register_location(origin(RETAILER), code("GLN-1"), None));
			// A free balance that cannot take the deposit back (the fuzzer's Root set one).
			frame_system::Account::<Test>::mutate(RETAILER, |account| {
				account.data.free = Balance::MAX - 1;
			});
			assert_noop!(
				Provenance::remove_location(origin(RETAILER), 0),
				TokenError::CannotCreate
			);
			assert_eq!(held(RETAILER), RECORD_DEPOSIT);
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
	fn aid_agencies_register_classes_and_commission_lots_too() {
		run(|| {
			let parcels = class_of(AID_AGENCY, "food-parcel", None);
			assert_eq!(Classes::<Test>::get(parcels).unwrap().owner, AID_AGENCY);
			commission(AID_AGENCY, parcels, "AID-1", 10);
		});
	}

	#[test]
	fn only_a_class_owner_makes_lots_of_its_class_from_nothing() {
		run(|| {
			let milk = chilled();
			polis_mocks::give_credential(PROCESSOR, schema_of(Role::Producer), None);
			assert_noop!(
				Provenance::commission(origin(PROCESSOR), milk, code("FAKE-1"), 1, now()),
				Error::<Test>::NotClassOwner
			);
			assert_noop!(
				Provenance::commission(origin(AID_AGENCY), milk, code("FAKE-1"), 1, now()),
				Error::<Test>::NotClassOwner
			);
		});
	}

	#[test]
	fn a_transformation_makes_lots_of_its_inputs_classes_or_the_callers_own() {
		run(|| {
			let (_, first, _) = split_milk();
			// The processor splits the farm's milk into more milk, and makes its own cheese.
			let cheese = class_of(PROCESSOR, "cheese", None);
			assert_ok!(Provenance::transform(
				origin(PROCESSOR),
				bounded(&[(first, 20)]),
				bounded(&[(chilled(), code("P-3"), 10), (cheese, code("C-1"), 2)]),
				now()
			));
			// Nor does it make the farm's butter, of a class none of its inputs is of.
			let butter = class_with("butter", None);
			assert_noop!(
				Provenance::transform(
					origin(PROCESSOR),
					bounded(&[(first, 10)]),
					bounded(&[(butter, code("B-1"), 1)]),
					now()
				),
				Error::<Test>::NotClassOwner
			);
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
			let post = Provenance::observe(
				origin(FARM),
				farm_lot,
				BizStep::Storing,
				Disposition::SellableAccessible,
				context,
			)
			.unwrap();
			// No credential is checked: the custodian is charged less than an inspector.
			assert_eq!(post.actual_weight, Some(<() as WeightInfo>::observe_as_custodian()));
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
			let post = Provenance::observe(
				origin(INSPECTOR),
				farm_lot,
				BizStep::Inspecting,
				Disposition::NonConformant,
				now(),
			)
			.unwrap();
			assert_eq!(post.actual_weight, None);
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
	fn recalled_goods_are_destroyed_but_not_while_packed_or_in_transit() {
		run(|| {
			let farm_lot = commission(FARM, chilled(), "F-1", 100);
			let other = commission(FARM, chilled(), "F-2", 100);
			assert_ok!(Provenance::recall(origin(FARM), farm_lot, text("listeria"), now()));
			assert_ok!(Provenance::decommission(
				origin(FARM),
				farm_lot,
				Disposition::Destroyed,
				now()
			));
			assert_eq!(lot(farm_lot).status, LotStatus::Destroyed);
			assert_eq!(lot(farm_lot).recall, Some(0));

			assert_ok!(Provenance::ship(origin(FARM), other, CARRIER, None, None, now()));
			assert_noop!(
				Provenance::decommission(origin(FARM), other, Disposition::Destroyed, now()),
				Error::<Test>::InTransit
			);
			assert_ok!(Provenance::receive(origin(CARRIER), other, true, now()));
			let crate_lot = commission(FARM, pallets(), "SSCC-1", 1);
			let packed = commission(FARM, pallets(), "F-3", 1);
			assert_ok!(Provenance::pack(origin(FARM), crate_lot, bounded(&[packed]), now()));
			assert_noop!(
				Provenance::decommission(origin(FARM), packed, Disposition::Destroyed, now()),
				Error::<Test>::Packed
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
	fn the_sender_withdraws_an_unanswered_shipment_and_the_lot_is_back_at_hand() {
		run(|| {
			let farm_lot = commission(FARM, pallets(), "F-1", 10);
			assert_ok!(Provenance::ship(origin(FARM), farm_lot, RETAILER, None, None, now()));
			assert_noop!(
				Provenance::cancel_shipment(origin(RETAILER), farm_lot, now()),
				Error::<Test>::NotSender
			);
			assert_noop!(
				Provenance::cancel_shipment(origin(NO_DID), farm_lot, now()),
				Error::<Test>::NoDid
			);
			let mut later = now();
			later.time += 1;
			assert_noop!(
				Provenance::cancel_shipment(origin(FARM), farm_lot, later),
				Error::<Test>::EventInFuture
			);
			let before = held(FARM);
			assert_ok!(Provenance::cancel_shipment(origin(FARM), farm_lot, now()));
			assert!(!Shipments::<Test>::contains_key(farm_lot));
			assert_eq!(lot(farm_lot).custodian, FARM);
			assert_eq!(
				(last_event().step, last_event().disposition),
				(BizStep::VoidShipping, Disposition::Active)
			);
			assert_eq!(held(FARM), before + EVENT_DEPOSIT);
			assert!(events().contains(&Event::ShipmentCancelled { lot: farm_lot, sender: FARM }));
			assert_noop!(
				Provenance::receive(origin(RETAILER), farm_lot, true, now()),
				Error::<Test>::NotInTransit
			);
			assert_noop!(
				Provenance::cancel_shipment(origin(FARM), farm_lot, now()),
				Error::<Test>::NotInTransit
			);
			// At hand again: it ships elsewhere.
			assert_ok!(Provenance::ship(origin(FARM), farm_lot, CARRIER, None, None, now()));
		});
	}

	#[test]
	fn a_withdrawn_shipment_keeps_the_breach_on_the_way() {
		run(|| {
			// Re-shipping after a breach must not start the transit check afresh.
			let (crate_lot, _) = shipped_crate();
			log_temperatures(&[40, 95]);
			set_time(START + INTERVAL_MS + 10);
			let post = Provenance::cancel_shipment(origin(FARM), crate_lot, now()).unwrap();
			assert_eq!(post.actual_weight, Some(<() as WeightInfo>::cancel_shipment(2)));
			assert!(lot(crate_lot).non_conforming);
			assert_eq!(
				(last_event().step, last_event().disposition),
				(BizStep::VoidShipping, Disposition::NonConformant)
			);
			assert_eq!(
				last_event().evidence[0].outcome,
				ConditionOutcome::Breached { interval: 1_001, min: 95, max: 95 }
			);
		});
	}

	#[test]
	fn a_withdrawal_after_a_long_transit_needs_a_check_first() {
		run(|| {
			let (crate_lot, _) = shipped_crate();
			log_temperatures(&[40; 9]);
			set_time(START + 8 * INTERVAL_MS + 10);
			assert_noop!(
				Provenance::cancel_shipment(origin(FARM), crate_lot, now()),
				Error::<Test>::ConditionCheckPending
			);
			assert_ok!(Provenance::check_conditions(origin(RETAILER), crate_lot));
			assert_ok!(Provenance::cancel_shipment(origin(FARM), crate_lot, now()));
			assert_eq!(last_event().disposition, Disposition::Conformant);
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
			// Charged for the three intervals it read.
			let post = Provenance::receive(origin(CARRIER), crate_lot, true, now()).unwrap();
			assert_eq!(post.actual_weight, Some(<() as WeightInfo>::receive(3)));
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
	fn only_lots_in_transit_or_in_watched_storage_with_conditions_are_checked() {
		run(|| {
			let farm_lot = commission(FARM, pallets(), "F-1", 10);
			assert_noop!(
				Provenance::check_conditions(origin(NOBODY), farm_lot),
				Error::<Test>::NotWatched
			);
			assert_noop!(
				Provenance::check_conditions(origin(NOBODY), 99),
				Error::<Test>::UnknownLot
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

mod storage {
	use super::*;

	/// The retailer's cold room (location 0), watched by its thermometer, device 2.
	fn cold_room() -> LocationId {
		assert_ok!(Provenance::register_location(origin(RETAILER), code("GLN-COLD"), None));
		register_device(device(2), RETAILER, DeviceKind::Other);
		assert_ok!(Provenance::set_location_device(origin(RETAILER), 0, Some(device(2))));
		0
	}

	/// The thermometer's temperature in intervals 1000 ..= 1000 + n - 1.
	fn log_room(values: &[i64]) {
		for (n, value) in values.iter().enumerate() {
			record(&device(2), TEMPERATURE, 1_000 + n as u32, *value);
		}
	}

	/// The farm's chilled milk, received by the retailer in its cold room at START.
	fn stored_milk() -> LotId {
		let room = cold_room();
		let milk = commission(FARM, chilled(), "F-1", 100);
		assert_ok!(Provenance::ship(origin(FARM), milk, RETAILER, Some(room), None, now()));
		assert_ok!(Provenance::receive(origin(RETAILER), milk, true, now()));
		milk
	}

	fn at_room() -> EventContext {
		EventContext { read_point: Some(0), ..now() }
	}

	#[test]
	fn a_location_owner_sets_the_device_watching_it() {
		run(|| {
			let room = cold_room();
			assert_eq!(LocationDevices::<Test>::get(room), Some(device(2)));
			assert!(events()
				.contains(&Event::LocationDeviceSet { location: room, device: Some(device(2)) }));
			assert_ok!(Provenance::set_location_device(origin(RETAILER), room, None));
			assert!(!LocationDevices::<Test>::contains_key(room));
			assert!(events().contains(&Event::LocationDeviceSet { location: room, device: None }));
			// The location's deposit covers the entry.
			assert_eq!(held(RETAILER), RECORD_DEPOSIT);
		});
	}

	#[test]
	fn only_the_owner_sets_a_device_and_only_one_of_its_own() {
		run(|| {
			let room = cold_room();
			register_device(device(3), CARRIER, DeviceKind::Other);
			assert_noop!(
				Provenance::set_location_device(origin(NO_DID), room, None),
				Error::<Test>::NoDid
			);
			assert_noop!(
				Provenance::set_location_device(origin(RETAILER), 1, None),
				Error::<Test>::UnknownLocation
			);
			assert_noop!(
				Provenance::set_location_device(origin(CARRIER), room, Some(device(3))),
				Error::<Test>::NotLocationOwner
			);
			assert_noop!(
				Provenance::set_location_device(origin(RETAILER), room, Some(device(3))),
				Error::<Test>::NotOwnDevice
			);
			assert_noop!(
				Provenance::set_location_device(origin(RETAILER), room, Some(device(9))),
				Error::<Test>::NotOwnDevice
			);
			assert_noop!(
				Provenance::set_location_device(RuntimeOrigin::root(), room, None),
				BadOrigin
			);
		});
	}

	#[test]
	fn removing_a_location_removes_its_device() {
		run(|| {
			let room = cold_room();
			assert_ok!(Provenance::remove_location(origin(RETAILER), room));
			assert!(!LocationDevices::<Test>::contains_key(room));
		});
	}

	#[test]
	fn a_lot_with_conditions_received_at_a_watched_location_begins_a_stay() {
		run(|| {
			let milk = stored_milk();
			let stay = Stay { location: 0, device: device(2), unchecked_from: 1_000 };
			assert_eq!(Stays::<Test>::get(milk), Some(stay));
			assert!(events().contains(&Event::StayBegun {
				lot: milk,
				location: 0,
				device: device(2)
			}));
			// Goods without conditions need no watching.
			let boards = commission(FARM, pallets(), "F-2", 1);
			assert_ok!(Provenance::ship(origin(FARM), boards, RETAILER, Some(0), None, now()));
			assert_ok!(Provenance::receive(origin(RETAILER), boards, true, now()));
			assert!(!Stays::<Test>::contains_key(boards));
			Provenance::do_try_state().unwrap();
		});
	}

	#[test]
	fn a_breach_in_storage_is_found_by_anyone_along_the_way() {
		run(|| {
			let milk = stored_milk();
			log_room(&[40, 95]);
			set_time(START + 2 * INTERVAL_MS);
			assert_ok!(Provenance::check_conditions(origin(NOBODY), milk));
			assert!(lot(milk).non_conforming);
			let evidence = ConditionEvidence {
				device: Some(device(2)),
				metric: TEMPERATURE,
				from: 1_000,
				to: 1_001,
				outcome: ConditionOutcome::Breached { interval: 1_001, min: 95, max: 95 },
			};
			assert!(events().contains(&Event::ConditionBreached { lot: milk, evidence }));
			assert!(
				events().contains(&Event::ConditionsChecked { lot: milk, checked_until: 1_002 })
			);
			assert_eq!(Stays::<Test>::get(milk).unwrap().unchecked_from, 1_002);
			assert_noop!(
				Provenance::check_conditions(origin(NOBODY), milk),
				Error::<Test>::NothingToCheck
			);
		});
	}

	#[test]
	fn a_lot_leaves_a_watched_location_with_its_stay_checked_in_the_shipping_event() {
		run(|| {
			let milk = stored_milk();
			log_room(&[40, 45, 50]);
			set_time(START + 2 * INTERVAL_MS + 10);
			let post =
				Provenance::ship(origin(RETAILER), milk, FARM, None, None, at_room()).unwrap();
			// Charged for the three intervals it read.
			assert_eq!(post.actual_weight, Some(<() as WeightInfo>::ship(3)));
			let event = last_event();
			assert_eq!(
				(event.step, event.disposition),
				(BizStep::Shipping, Disposition::InTransit)
			);
			assert_eq!(
				event.evidence.to_vec(),
				vec![ConditionEvidence {
					device: Some(device(2)),
					metric: TEMPERATURE,
					from: 1_000,
					to: 1_002,
					outcome: ConditionOutcome::Kept,
				}]
			);
			assert!(!Stays::<Test>::contains_key(milk) && !lot(milk).non_conforming);
			assert!(events().contains(&Event::StayEnded { lot: milk, location: 0 }));
		});
	}

	#[test]
	fn a_long_stay_is_checked_before_the_lot_leaves() {
		run(|| {
			let milk = stored_milk();
			log_room(&[40; 12]);
			set_time(START + 11 * INTERVAL_MS);
			assert_noop!(
				Provenance::ship(origin(RETAILER), milk, FARM, None, None, now()),
				Error::<Test>::ConditionCheckPending
			);
			assert_ok!(Provenance::check_conditions(origin(NOBODY), milk));
			let post = Provenance::ship(origin(RETAILER), milk, FARM, None, None, now()).unwrap();
			assert_eq!(post.actual_weight, Some(<() as WeightInfo>::ship(4)));
			assert_eq!(last_event().evidence[0].from, 1_008);
		});
	}

	#[test]
	fn replacing_or_removing_the_device_hides_no_breach_of_lots_already_there() {
		run(|| {
			let milk = stored_milk();
			register_device(device(3), RETAILER, DeviceKind::Other);
			assert_ok!(Provenance::set_location_device(origin(RETAILER), 0, Some(device(3))));
			assert_ok!(Provenance::set_location_device(origin(RETAILER), 0, None));
			log_room(&[120]);
			assert_ok!(Provenance::ship(origin(RETAILER), milk, FARM, None, None, now()));
			assert!(lot(milk).non_conforming);
			assert_eq!(last_event().evidence[0].device, Some(device(2)));
		});
	}

	#[test]
	fn a_watched_location_with_no_readings_in_an_ended_interval_fails_the_lot() {
		run(|| {
			let milk = stored_milk();
			set_time(START + INTERVAL_MS);
			assert_ok!(Provenance::ship(origin(RETAILER), milk, FARM, None, None, now()));
			assert!(lot(milk).non_conforming);
			assert_eq!(
				last_event().evidence[0].outcome,
				ConditionOutcome::Missing { interval: 1_000 }
			);
		});
	}

	#[test]
	fn stored_goods_are_used_only_once_their_ended_intervals_are_checked() {
		run(|| {
			let milk = stored_milk();
			let crate_lot = commission(FARM, pallets(), "SSCC-1", 1);
			assert_ok!(Provenance::ship(origin(FARM), crate_lot, RETAILER, Some(0), None, now()));
			assert_ok!(Provenance::receive(origin(RETAILER), crate_lot, true, now()));
			// The retailer makes cheese too.
			assert_ok!(Provenance::set_role_schema(
				RuntimeOrigin::root(),
				Role::Processor,
				Some(ROLE_SCHEMAS.iter().find(|(role, _)| *role == Role::Retailer).unwrap().1)
			));
			let cheese = class_of(RETAILER, "cheese", None);
			log_room(&[40, 40]);
			set_time(START + INTERVAL_MS);
			assert_noop!(
				Provenance::pack(origin(RETAILER), crate_lot, bounded(&[milk]), now()),
				Error::<Test>::ConditionCheckPending
			);
			assert_noop!(
				Provenance::transform(
					origin(RETAILER),
					bounded(&[(milk, 10)]),
					bounded(&[(cheese, code("C-1"), 1)]),
					now()
				),
				Error::<Test>::ConditionCheckPending
			);
			// The farm still owns the milk: it was handed on without a sale.
			assert_noop!(
				Provenance::decommission(origin(FARM), milk, Disposition::Expired, now()),
				Error::<Test>::ConditionCheckPending
			);
			assert_ok!(Provenance::check_conditions(origin(NOBODY), milk));
			assert_ok!(Provenance::transform(
				origin(RETAILER),
				bounded(&[(milk, 10)]),
				bounded(&[(cheese, code("C-1"), 1)]),
				now()
			));
			// What is left of the milk stays watched.
			assert!(Stays::<Test>::contains_key(milk));
			Provenance::do_try_state().unwrap();
		});
	}

	#[test]
	fn packed_lots_are_watched_through_their_container() {
		run(|| {
			let milk = stored_milk();
			let crate_lot = commission(FARM, pallets(), "SSCC-1", 1);
			assert_ok!(Provenance::ship(origin(FARM), crate_lot, RETAILER, Some(0), None, now()));
			assert_ok!(Provenance::receive(origin(RETAILER), crate_lot, true, now()));
			// An empty crate has no conditions: nothing watches it yet.
			assert!(!Stays::<Test>::contains_key(crate_lot));
			assert_ok!(Provenance::pack(origin(RETAILER), crate_lot, bounded(&[milk]), now()));
			assert!(!Stays::<Test>::contains_key(milk));
			assert!(events().contains(&Event::StayEnded { lot: milk, location: 0 }));
			assert_eq!(
				Stays::<Test>::get(crate_lot),
				Some(Stay { location: 0, device: device(2), unchecked_from: 1_000 })
			);
			Provenance::do_try_state().unwrap();
		});
	}

	#[test]
	fn lots_unpacked_at_a_watched_location_are_watched_and_carry_the_containers_findings() {
		run(|| {
			let room = cold_room();
			let milk = commission(FARM, chilled(), "F-1", 100);
			let crate_lot = commission(FARM, pallets(), "SSCC-1", 1);
			assert_ok!(Provenance::pack(origin(FARM), crate_lot, bounded(&[milk]), now()));
			assert_ok!(Provenance::ship(
				origin(FARM),
				crate_lot,
				RETAILER,
				Some(room),
				None,
				now()
			));
			set_time(START + INTERVAL_MS);
			// No logger on the crate: the ended interval of its transit has no readings.
			assert_ok!(Provenance::receive(origin(RETAILER), crate_lot, true, now()));
			assert!(lot(crate_lot).non_conforming && !lot(milk).non_conforming);
			assert_eq!(Stays::<Test>::get(crate_lot).unwrap().unchecked_from, 1_001);
			assert_ok!(Provenance::unpack(origin(RETAILER), crate_lot, bounded(&[milk]), now()));
			assert!(lot(milk).non_conforming);
			assert_eq!(
				Stays::<Test>::get(milk),
				Some(Stay { location: room, device: device(2), unchecked_from: 1_001 })
			);
			Provenance::do_try_state().unwrap();
		});
	}

	#[test]
	fn a_rejected_or_withdrawn_lot_is_watched_again_where_it_left() {
		run(|| {
			let milk = stored_milk();
			assert_ok!(Provenance::ship(origin(RETAILER), milk, FARM, None, None, now()));
			assert!(!Stays::<Test>::contains_key(milk));
			assert_ok!(Provenance::receive(origin(FARM), milk, false, now()));
			assert!(Stays::<Test>::contains_key(milk));
			assert_ok!(Provenance::ship(origin(RETAILER), milk, FARM, None, None, now()));
			assert_ok!(Provenance::cancel_shipment(origin(RETAILER), milk, now()));
			assert!(Stays::<Test>::contains_key(milk));
		});
	}

	#[test]
	fn destroyed_goods_leave_their_stay() {
		run(|| {
			let milk = stored_milk();
			assert_ok!(Provenance::decommission(origin(FARM), milk, Disposition::Expired, now()));
			assert!(!Stays::<Test>::contains_key(milk));
			Provenance::do_try_state().unwrap();
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

			// The queue holds fewer than 16 lots, with one child between them (the first
			// split's): the call is charged for the lots it took and that child.
			let head = Recalls::<Test>::get(0).unwrap().head;
			let post = Provenance::propagate_recall(origin(NOBODY), 0, 16).unwrap();
			let taken = Recalls::<Test>::get(0).unwrap().head - head;
			assert_eq!(taken, 4);
			assert_eq!(
				post.actual_weight,
				Some(<() as crate::WeightInfo>::propagate_recall(taken, 1))
			);
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

mod aid {
	use super::*;

	const WEEK: u64 = 7 * 24 * 3_600_000;

	/// The agency's food parcels, counted each.
	fn food_parcels() -> ClassId {
		class_of(AID_AGENCY, "food-parcel", None)
	}

	/// An aid programme of the agency (two food parcels a week for each beneficiary of
	/// `DISTRICT`), a lot of ten parcels the agency owns in the distributor's hands, and the
	/// distributor's two distribution points.
	struct Aid {
		programme: ProgrammeId,
		lot: LotId,
		point: LocationId,
		other_point: LocationId,
	}

	fn open(district: Option<polis_primitives::ScopeCode>, ration: u64) -> ProgrammeId {
		assert_ok!(Provenance::open_programme(
			origin(AID_AGENCY),
			food_parcels(),
			district,
			ration,
			WEEK
		));
		NextProgrammeId::<Test>::get() - 1
	}

	/// A lot of `quantity` parcels the agency commissions and hands to the distributor.
	fn delivered(lot_code: &str, quantity: u64) -> LotId {
		let lot = commission(AID_AGENCY, food_parcels(), lot_code, quantity);
		assert_ok!(Provenance::ship(origin(AID_AGENCY), lot, DISTRIBUTOR, None, None, now()));
		assert_ok!(Provenance::receive(origin(DISTRIBUTOR), lot, true, now()));
		lot
	}

	fn aid() -> Aid {
		let programme = open(Some(DISTRICT), 2);
		let lot = delivered("AID-1", 10);
		assert_ok!(Provenance::register_location(origin(DISTRIBUTOR), code("POINT-1"), None));
		assert_ok!(Provenance::register_location(origin(DISTRIBUTOR), code("POINT-2"), None));
		let point = NextLocationId::<Test>::get() - 2;
		Aid { programme, lot, point, other_point: point + 1 }
	}

	fn at(point: LocationId) -> EventContext {
		EventContext { read_point: Some(point), ..now() }
	}

	fn hand_out(
		programme: ProgrammeId,
		lot: LotId,
		to: AccountId,
		point: LocationId,
	) -> DispatchResult {
		Provenance::hand_out(
			origin(DISTRIBUTOR),
			programme,
			lot,
			to,
			claim_proof(to, programme, lot),
			at(point),
		)
	}

	#[test]
	fn chilled_aid_is_handed_out_only_once_its_stay_is_checked() {
		run(|| {
			let condition = Condition { metric: TEMPERATURE, min: 0, max: 80 };
			let meals = class_of(AID_AGENCY, "chilled-meal", Some(condition));
			assert_ok!(Provenance::open_programme(
				origin(AID_AGENCY),
				meals,
				Some(DISTRICT),
				2,
				WEEK
			));
			let programme = NextProgrammeId::<Test>::get() - 1;
			assert_ok!(Provenance::register_location(origin(DISTRIBUTOR), code("POINT-C"), None));
			let point = NextLocationId::<Test>::get() - 1;
			register_device(device(4), DISTRIBUTOR, DeviceKind::Other);
			assert_ok!(Provenance::set_location_device(
				origin(DISTRIBUTOR),
				point,
				Some(device(4))
			));
			let lot = commission(AID_AGENCY, meals, "AID-C", 4);
			assert_ok!(Provenance::ship(
				origin(AID_AGENCY),
				lot,
				DISTRIBUTOR,
				Some(point),
				None,
				now()
			));
			assert_ok!(Provenance::receive(origin(DISTRIBUTOR), lot, true, now()));
			record(&device(4), TEMPERATURE, 1_000, 40);
			set_time(START + INTERVAL_MS);
			assert_noop!(
				hand_out(programme, lot, RESIDENT_A, point),
				Error::<Test>::ConditionCheckPending
			);
			assert_ok!(Provenance::check_conditions(origin(NOBODY), lot));
			assert_ok!(hand_out(programme, lot, RESIDENT_A, point));
			assert!(Stays::<Test>::contains_key(lot));
			// The last two meals use the lot up: it is no longer watched.
			assert_ok!(hand_out(programme, lot, RESIDENT_B, point));
			assert!(!Stays::<Test>::contains_key(lot));
			Provenance::do_try_state().unwrap();
		});
	}

	#[test]
	fn an_aid_agency_opens_a_programme_holding_a_deposit() {
		run(|| {
			let class = food_parcels();
			let programme = open(Some(DISTRICT), 2);
			let record = Programmes::<Test>::get(programme).unwrap();
			assert_eq!(
				(record.agency, record.class, record.district, record.ration, record.period),
				(AID_AGENCY, class, Some(DISTRICT), 2, WEEK)
			);
			assert_eq!(
				(record.start, record.closed, record.handed_out),
				(START, false, Handouts::default())
			);
			// The class's deposit and the programme's.
			assert_eq!(held(AID_AGENCY), 2 * RECORD_DEPOSIT);
			assert!(events().contains(&Event::ProgrammeOpened {
				programme,
				agency: AID_AGENCY,
				class,
				district: Some(DISTRICT),
				ration: 2,
			}));
		});
	}

	#[test]
	fn a_programme_needs_an_aid_agency_a_known_class_a_ration_and_a_period() {
		run(|| {
			let class = food_parcels();
			let open = |who, class, ration, period| {
				Provenance::open_programme(origin(who), class, None, ration, period)
			};
			assert_noop!(open(NO_DID, class, 2, WEEK), Error::<Test>::NoDid);
			assert_noop!(open(FARM, class, 2, WEEK), Error::<Test>::MissingRole);
			assert_noop!(open(AID_AGENCY, class + 1, 2, WEEK), Error::<Test>::UnknownClass);
			assert_noop!(open(AID_AGENCY, class, 0, WEEK), Error::<Test>::ZeroQuantity);
			assert_noop!(open(AID_AGENCY, class, 2, 0), Error::<Test>::ZeroPeriod);
		});
	}

	#[test]
	fn each_beneficiary_receives_one_ration_a_period_wherever_it_claims() {
		run(|| {
			let Aid { programme, lot, point, other_point } = aid();
			let distributor_held = held(DISTRIBUTOR);
			assert_ok!(hand_out(programme, lot, RESIDENT_A, point));
			assert_ok!(hand_out(programme, lot, RESIDENT_B, other_point));
			assert_noop!(
				hand_out(programme, lot, RESIDENT_A, other_point),
				Error::<Test>::AlreadyClaimed
			);

			assert_eq!(lot_remaining(lot), 6);
			let two = Handouts { count: 1, quantity: 2 };
			assert_eq!(PointHandouts::<Test>::get(programme, point), two);
			assert_eq!(PointHandouts::<Test>::get(programme, other_point), two);
			assert_eq!(
				Programmes::<Test>::get(programme).unwrap().handed_out,
				Handouts { count: 2, quantity: 4 }
			);
			let handout = last_event();
			assert_eq!(handout.kind, EventKind::Handout { programme, lot, quantity: 2 });
			assert_eq!(
				(handout.recorder, handout.step, handout.disposition),
				(DISTRIBUTOR, BizStep::Dispensing, Disposition::Dispensed)
			);
			assert!(events().contains(&Event::HandedOut { programme, lot, point, quantity: 2 }));
			// The distribution point pays the events' deposits; the beneficiaries, who have no
			// money, pay nothing.
			assert_eq!(held(DISTRIBUTOR), distributor_held + 2 * EVENT_DEPOSIT);
			assert_eq!(Balances::total_balance(&RESIDENT_A), 0);
		});
	}

	#[test]
	fn the_records_of_a_claim_do_not_name_the_beneficiary() {
		run(|| {
			let Aid { programme, lot, point, .. } = aid();
			assert_ok!(hand_out(programme, lot, RESIDENT_A, point));
			let keys: Vec<_> = Claims::<Test>::iter_keys().collect();
			assert_eq!(keys, vec![((programme, 0), Provenance::claim_tag(programme, &RESIDENT_A))]);
			assert_ne!(
				Provenance::claim_tag(programme, &RESIDENT_A),
				Provenance::claim_tag(programme + 1, &RESIDENT_A),
				"claims in two programmes cannot be matched by their keys"
			);
			assert!(!format!("{:?}", last_event().kind).contains(&RESIDENT_A.to_string()));
		});
	}

	#[test]
	fn a_new_period_brings_a_new_ration_and_the_old_signature_expires() {
		run(|| {
			let Aid { programme, lot, point, .. } = aid();
			let last_week = claim_proof(RESIDENT_A, programme, lot);
			assert_ok!(hand_out(programme, lot, RESIDENT_A, point));
			set_time(START + WEEK);
			assert_noop!(
				Provenance::hand_out(
					origin(DISTRIBUTOR),
					programme,
					lot,
					RESIDENT_A,
					last_week,
					at(point)
				),
				Error::<Test>::InvalidClaimProof
			);
			assert_ok!(hand_out(programme, lot, RESIDENT_A, point));
			assert_eq!(Claims::<Test>::iter_key_prefix((programme, 1)).count(), 1);
		});
	}

	#[test]
	fn the_last_ration_consumes_the_lot_and_a_ration_never_comes_short() {
		run(|| {
			let Aid { programme, point, .. } = aid();
			let small = delivered("AID-2", 2);
			assert_ok!(hand_out(programme, small, RESIDENT_A, point));
			assert_eq!(lot(small).status, LotStatus::Consumed);
			assert_noop!(hand_out(programme, small, RESIDENT_B, point), Error::<Test>::NotActive);
			let short = delivered("AID-3", 1);
			assert_noop!(
				hand_out(programme, short, RESIDENT_B, point),
				Error::<Test>::InsufficientQuantity
			);
		});
	}

	#[test]
	fn a_beneficiary_holds_a_credential_of_the_district_and_signs_for_this_lot() {
		run(|| {
			let Aid { programme, lot, point, .. } = aid();
			assert_noop!(hand_out(programme, lot, NEIGHBOUR, point), Error::<Test>::NotEligible);
			assert_noop!(hand_out(programme, lot, NOBODY, point), Error::<Test>::NotEligible);
			let forged = TestSignature(RESIDENT_B, Provenance::claim_message(programme, 0, lot));
			assert_noop!(
				Provenance::hand_out(
					origin(DISTRIBUTOR),
					programme,
					lot,
					RESIDENT_A,
					forged,
					at(point)
				),
				Error::<Test>::InvalidClaimProof
			);
			let other_lot = delivered("AID-2", 10);
			assert_noop!(
				Provenance::hand_out(
					origin(DISTRIBUTOR),
					programme,
					lot,
					RESIDENT_A,
					claim_proof(RESIDENT_A, programme, other_lot),
					at(point)
				),
				Error::<Test>::InvalidClaimProof
			);
			revoke_credential(RESIDENT_A, schema_of(Role::Beneficiary));
			assert_noop!(hand_out(programme, lot, RESIDENT_A, point), Error::<Test>::NotEligible);

			// A programme for every district takes any beneficiary; without a beneficiary schema
			// nobody is one.
			let everywhere = open(None, 1);
			assert_ok!(hand_out(everywhere, lot, NEIGHBOUR, point));
			assert_ok!(Provenance::set_role_schema(RuntimeOrigin::root(), Role::Beneficiary, None));
			assert_noop!(hand_out(everywhere, lot, RESIDENT_B, point), Error::<Test>::NotEligible);
		});
	}

	#[test]
	fn the_custodian_hands_out_the_agencys_conforming_goods_at_a_distribution_point() {
		run(|| {
			let Aid { programme, lot, point, .. } = aid();
			let proof = claim_proof(RESIDENT_A, programme, lot);
			let by = |who, programme, lot, context| {
				Provenance::hand_out(
					origin(who),
					programme,
					lot,
					RESIDENT_A,
					proof.clone(),
					context,
				)
			};
			assert_noop!(by(NO_DID, programme, lot, at(point)), Error::<Test>::NoDid);
			assert_noop!(by(AID_AGENCY, programme, lot, at(point)), Error::<Test>::NotCustodian);
			assert_noop!(by(DISTRIBUTOR, programme, lot, now()), Error::<Test>::NoReadPoint);
			assert_noop!(by(DISTRIBUTOR, programme, lot, at(99)), Error::<Test>::UnknownLocation);
			assert_noop!(
				by(DISTRIBUTOR, programme + 1, lot, at(point)),
				Error::<Test>::UnknownProgramme
			);
			assert_noop!(by(DISTRIBUTOR, programme, 99, at(point)), Error::<Test>::UnknownLot);

			let rice = commission(AID_AGENCY, class_of(AID_AGENCY, "rice", None), "R-1", 10);
			assert_ok!(Provenance::ship(origin(AID_AGENCY), rice, DISTRIBUTOR, None, None, now()));
			assert_ok!(Provenance::receive(origin(DISTRIBUTOR), rice, true, now()));
			assert_noop!(hand_out(programme, rice, RESIDENT_A, point), Error::<Test>::WrongClass);

			// Parcels the distributor bought from the agency are its own, not the programme's.
			let sold = commission(AID_AGENCY, food_parcels(), "S-1", 10);
			let sale =
				BizTransaction { kind: TransactionKind::PurchaseOrder, reference: code("PO") };
			assert_ok!(Provenance::ship(
				origin(AID_AGENCY),
				sold,
				DISTRIBUTOR,
				None,
				Some(sale),
				now()
			));
			assert_ok!(Provenance::receive(origin(DISTRIBUTOR), sold, true, now()));
			assert_noop!(
				hand_out(programme, sold, RESIDENT_A, point),
				Error::<Test>::NotProgrammeLot
			);

			assert_ok!(Provenance::observe(
				origin(INSPECTOR),
				lot,
				BizStep::Inspecting,
				Disposition::NonConformant,
				now()
			));
			assert_noop!(hand_out(programme, lot, RESIDENT_A, point), Error::<Test>::NonConforming);
		});
	}

	#[test]
	fn goods_in_transit_or_recalled_are_not_handed_out() {
		run(|| {
			let Aid { programme, lot, point, .. } = aid();
			let other = delivered("AID-2", 10);
			assert_ok!(Provenance::ship(origin(DISTRIBUTOR), lot, RETAILER, None, None, now()));
			assert_noop!(hand_out(programme, lot, RESIDENT_A, point), Error::<Test>::InTransit);
			assert_ok!(Provenance::recall(origin(REGULATOR), other, text("spoiled"), now()));
			assert_noop!(hand_out(programme, other, RESIDENT_A, point), Error::<Test>::LotRecalled);
		});
	}

	#[test]
	fn the_agency_closes_its_programme_and_nothing_more_is_handed_out() {
		run(|| {
			let Aid { programme, lot, point, .. } = aid();
			assert_noop!(
				Provenance::close_programme(origin(NO_DID), programme),
				Error::<Test>::NoDid
			);
			assert_noop!(
				Provenance::close_programme(origin(FARM), programme),
				Error::<Test>::NotProgrammeAgency
			);
			assert_noop!(
				Provenance::close_programme(origin(AID_AGENCY), programme + 1),
				Error::<Test>::UnknownProgramme
			);
			assert_ok!(Provenance::close_programme(origin(AID_AGENCY), programme));
			assert!(events().contains(&Event::ProgrammeClosed { programme }));
			assert_noop!(
				Provenance::close_programme(origin(AID_AGENCY), programme),
				Error::<Test>::ProgrammeClosed
			);
			assert_noop!(
				hand_out(programme, lot, RESIDENT_A, point),
				Error::<Test>::ProgrammeClosed
			);
			assert!(Programmes::<Test>::get(programme).unwrap().closed);
		});
	}

	#[test]
	fn anyone_prunes_the_claims_of_a_period_that_is_over_free_of_fees() {
		run(|| {
			let Aid { programme, lot, point, .. } = aid();
			assert_ok!(hand_out(programme, lot, RESIDENT_A, point));
			assert_ok!(hand_out(programme, lot, RESIDENT_B, point));
			let prune = |programme, period, limit| {
				Provenance::prune_claims(origin(NOBODY), programme, period, limit)
			};
			assert_noop!(prune(programme, 0, 10), Error::<Test>::PeriodOpen);
			assert_noop!(prune(programme + 1, 0, 10), Error::<Test>::UnknownProgramme);
			set_time(START + WEEK);
			assert_noop!(prune(programme, 1, 10), Error::<Test>::PeriodOpen);

			let post = prune(programme, 0, 1).unwrap();
			assert_eq!(post.pays_fee, frame_support::dispatch::Pays::No);
			assert_eq!(post.actual_weight, Some(<() as WeightInfo>::prune_claims(1)));
			assert_eq!(Claims::<Test>::iter_prefix((programme, 0)).count(), 1);
			assert!(events().contains(&Event::ClaimsPruned { programme, period: 0, removed: 1 }));
			// A limit above `MaxClaimsPruned` is cut to it.
			assert_ok!(prune(programme, 0, u32::MAX));
			assert_eq!(Claims::<Test>::iter_prefix((programme, 0)).count(), 0);
			assert_eq!(Programmes::<Test>::get(programme).unwrap().claims_pruned, 2);
			assert_noop!(prune(programme, 0, 1), Error::<Test>::NoClaims);
			// This period's claims are kept, and counted.
			assert_ok!(hand_out(programme, lot, RESIDENT_A, point));
			assert_noop!(
				hand_out(programme, lot, RESIDENT_A, point),
				Error::<Test>::AlreadyClaimed
			);
		});
	}

	#[test]
	fn a_closed_programme_s_claims_are_all_pruned() {
		run(|| {
			let Aid { programme, lot, point, .. } = aid();
			assert_ok!(hand_out(programme, lot, RESIDENT_A, point));
			assert_ok!(Provenance::close_programme(origin(AID_AGENCY), programme));
			assert_ok!(Provenance::prune_claims(origin(NOBODY), programme, 0, 1));
			assert_eq!(Claims::<Test>::iter().count(), 0);
		});
	}

	#[test]
	fn try_state_counts_pruned_claims_as_handouts() {
		run(|| {
			let Aid { programme, lot, point, .. } = aid();
			assert_ok!(hand_out(programme, lot, RESIDENT_A, point));
			Programmes::<Test>::mutate(programme, |record| {
				record.as_mut().unwrap().claims_pruned = 1;
			});
			assert_eq!(
				Provenance::do_try_state(),
				Err("a programme holds other than one claim per handout".into())
			);
			let _ = Claims::<Test>::clear_prefix((programme, 0), u32::MAX, None);
			assert_ok!(Provenance::do_try_state());
		});
	}

	fn lot_remaining(id: LotId) -> u64 {
		lot(id).remaining
	}

	mod anonymously {
		use super::*;
		use codec::Encode;
		use polis_mocks::give_credential;
		use polis_primitives::{
			anonymity::{membership_key, nullifier, secret_from_seed, sign},
			MemberId,
		};

		/// Residents of `DISTRICT` besides A and B, so that rings are larger.
		const RESIDENT_C: AccountId = 20;
		const RESIDENT_D: AccountId = 21;

		fn secret(who: AccountId) -> [u8; 32] {
			secret_from_seed(&who.encode())
		}

		/// Enrols each of `who` for anonymous claims as of `at`; their member ids.
		fn enrol(who: &[AccountId], at: u64) -> Vec<MemberId> {
			let schema = schema_of(Role::Beneficiary);
			who.iter()
				.map(|who| {
					give_credential(*who, schema, Some(DISTRICT));
					let key = membership_key(&secret(*who)).unwrap();
					polis_mocks::enrol_member(*who, schema, key, at)
				})
				.collect()
		}

		/// `signer`'s claim of `programme`'s ration from `lot` this period, over the ring of
		/// `members` (accounts and their member ids).
		fn proof(
			members: &[(AccountId, MemberId)],
			signer: AccountId,
			programme: ProgrammeId,
			lot: LotId,
		) -> AnonymousProof {
			let period =
				Provenance::period_of(&Programmes::<Test>::get(programme).unwrap()).unwrap();
			let keys: Vec<_> =
				members.iter().map(|(who, _)| membership_key(&secret(*who)).unwrap()).collect();
			let position = members.iter().position(|(who, _)| *who == signer).unwrap();
			let signature = sign(
				&keys,
				position,
				&secret(signer),
				&Provenance::nullifier_context(programme, period),
				&Provenance::claim_message(programme, period, lot),
			)
			.unwrap();
			let ring = members.iter().map(|(_, member)| *member).collect::<Vec<_>>();
			AnonymousProof { ring: BoundedVec::truncate_from(ring), signature }
		}

		fn hand_out_anonymously(
			programme: ProgrammeId,
			lot: LotId,
			claim: AnonymousProof,
			point: LocationId,
		) -> DispatchResult {
			Provenance::hand_out_anonymously(origin(DISTRIBUTOR), programme, lot, claim, at(point))
				.map(|_| ())
				.map_err(|error| error.error)
		}

		fn ring_of(who: &[AccountId]) -> Vec<(AccountId, MemberId)> {
			who.iter().copied().zip(enrol(who, START)).collect()
		}

		#[test]
		fn an_enrolled_beneficiary_claims_one_ration_a_period_without_being_named() {
			run(|| {
				let Aid { programme, lot, point, other_point } = aid();
				let ring = ring_of(&[RESIDENT_A, RESIDENT_B, RESIDENT_C, RESIDENT_D]);
				let claim = proof(&ring, RESIDENT_B, programme, lot);
				assert_ok!(hand_out_anonymously(programme, lot, claim, point));
				assert!(events().contains(&Event::HandedOut {
					programme,
					lot,
					point,
					quantity: 2
				}));
				let context = Provenance::nullifier_context(programme, 0);
				let tag = nullifier(&secret(RESIDENT_B), &context).unwrap();
				assert!(Claims::<Test>::contains_key((programme, 0), tag));
				// Another ring, another point: the same beneficiary, the same nullifier.
				let again = proof(&ring[1..], RESIDENT_B, programme, lot);
				assert_noop!(
					hand_out_anonymously(programme, lot, again, other_point),
					Error::<Test>::AlreadyClaimed
				);
				let neighbour_claim = proof(&ring, RESIDENT_C, programme, lot);
				assert_ok!(hand_out_anonymously(programme, lot, neighbour_claim, other_point));
				assert_eq!(PointHandouts::<Test>::get(programme, point).count, 1);
				assert_eq!(PointHandouts::<Test>::get(programme, other_point).count, 1);

				set_time(START + WEEK);
				let next_period = proof(&ring, RESIDENT_B, programme, lot);
				assert_ok!(hand_out_anonymously(programme, lot, next_period, point));
			});
		}

		#[test]
		fn an_enrolled_beneficiary_claims_anonymously_only() {
			run(|| {
				let Aid { programme, lot, point, .. } = aid();
				enrol(&[RESIDENT_A], START);
				assert_noop!(
					hand_out(programme, lot, RESIDENT_A, point),
					Error::<Test>::ClaimAnonymously
				);
			});
		}

		#[test]
		fn every_ring_member_must_be_a_beneficiary_of_the_district_enrolled_before_the_period() {
			run(|| {
				let Aid { programme, lot, point, .. } = aid();
				let mut ring = ring_of(&[RESIDENT_A, RESIDENT_B]);
				let neighbour = enrol(&[NEIGHBOUR], START)[0];
				give_credential(NEIGHBOUR, schema_of(Role::Beneficiary), Some(DISTRICT + 1));
				ring.push((NEIGHBOUR, neighbour));
				let claim = proof(&ring, RESIDENT_A, programme, lot);
				assert_noop!(
					hand_out_anonymously(programme, lot, claim, point),
					Error::<Test>::IneligibleRingMember
				);

				// Enrolled after the period began (a key replaced within it, say).
				let late = enrol(&[RESIDENT_D], START + 1)[0];
				let claim = proof(&[ring[0], (RESIDENT_D, late)], RESIDENT_A, programme, lot);
				assert_noop!(
					hand_out_anonymously(programme, lot, claim, point),
					Error::<Test>::IneligibleRingMember
				);

				let mut unknown = proof(&ring[..2], RESIDENT_A, programme, lot);
				unknown.ring[1] = 999;
				assert_noop!(
					hand_out_anonymously(programme, lot, unknown, point),
					Error::<Test>::InvalidRing
				);
			});
		}

		#[test]
		fn an_anonymous_claim_is_of_its_lot() {
			run(|| {
				let Aid { programme, lot, point, .. } = aid();
				let other_lot = delivered("AID-2", 10);
				let ring = ring_of(&[RESIDENT_A, RESIDENT_B]);
				let for_other_lot = proof(&ring, RESIDENT_A, programme, other_lot);
				assert_noop!(
					hand_out_anonymously(programme, lot, for_other_lot, point),
					Error::<Test>::InvalidClaimProof
				);
			});
		}
	}
}

mod queries {
	use super::*;

	/// The farm's milk split into two lots, the first packed into a crate of the processor's
	/// (which produces its crates).
	fn packed_milk() -> (LotId, LotId, LotId, LotId) {
		let (farm_lot, first, second) = split_milk();
		polis_mocks::give_credential(PROCESSOR, schema_of(Role::Producer), None);
		let crate_lot = commission(PROCESSOR, class_of(PROCESSOR, "crate", None), "SSCC-1", 1);
		assert_ok!(Provenance::pack(origin(PROCESSOR), crate_lot, bounded(&[first]), now()));
		(farm_lot, first, second, crate_lot)
	}

	fn step(lot: LotId, depth: u32, via: LotId, link: Link) -> TraceStep {
		TraceStep { lot, depth, via, link }
	}

	#[test]
	fn a_trace_goes_down_to_what_was_made_and_the_containers_holding_it() {
		run(|| {
			let (farm_lot, first, second, crate_lot) = packed_milk();
			let trace = Provenance::trace(farm_lot, Direction::Downstream, 0, 10);
			assert_eq!(
				trace.steps,
				vec![
					step(first, 1, farm_lot, Link::MadeFrom),
					step(second, 1, farm_lot, Link::MadeFrom),
					step(crate_lot, 2, first, Link::Holds),
				]
			);
			assert_eq!(trace.next, None);
		});
	}

	#[test]
	fn a_trace_goes_up_to_what_a_lot_was_made_from_and_what_a_container_holds() {
		run(|| {
			let (farm_lot, first, _, crate_lot) = packed_milk();
			let trace = Provenance::trace(crate_lot, Direction::Upstream, 0, 10);
			assert_eq!(
				trace.steps,
				vec![
					step(first, 1, crate_lot, Link::PackedIn),
					step(farm_lot, 2, first, Link::MadeInto)
				]
			);
		});
	}

	#[test]
	fn a_trace_comes_in_pages() {
		run(|| {
			let (farm_lot, first, second, crate_lot) = packed_milk();
			let page = Provenance::trace(farm_lot, Direction::Downstream, 0, 2);
			assert_eq!(
				page.steps.iter().map(|step| step.lot).collect::<Vec<_>>(),
				vec![first, second]
			);
			assert_eq!(page.next, Some(2));
			let page = Provenance::trace(farm_lot, Direction::Downstream, 2, 2);
			assert_eq!(page.steps.iter().map(|step| step.lot).collect::<Vec<_>>(), vec![crate_lot]);
			assert_eq!(page.next, None);
			assert!(Provenance::trace(99, Direction::Downstream, 0, 10).steps.is_empty());
		});
	}

	#[test]
	fn a_lots_events_come_in_recording_order_within_a_window() {
		run(|| {
			let milk = chilled();
			let lot = commission(FARM, milk, "F-1", 100);
			for step in 1..=3u64 {
				set_time(START + step * 1_000);
				assert_ok!(Provenance::observe(
					origin(FARM),
					lot,
					BizStep::Storing,
					Disposition::Active,
					now()
				));
			}
			let ids = |events: Vec<LotEvent<EventRecord<Test>, ErrorDeclaration<Test>>>| {
				events.into_iter().map(|event| event.id).collect::<Vec<_>>()
			};
			assert_eq!(ids(Provenance::lot_events(lot, None, None, 10)), vec![0, 1, 2, 3]);
			assert_eq!(ids(Provenance::lot_events(lot, None, Some(1), 10)), vec![2, 3]);
			assert_eq!(ids(Provenance::lot_events(lot, None, None, 2)), vec![0, 1]);
			let window = Some((START + 1_000, START + 2_000));
			assert_eq!(ids(Provenance::lot_events(lot, window, None, 10)), vec![1, 2]);

			assert_ok!(Provenance::declare_error(
				origin(FARM),
				1,
				text("wrong shelf"),
				bounded(&[2])
			));
			let events = Provenance::lot_events(lot, None, Some(0), 1);
			assert_eq!(
				events[0].declared_wrong.as_ref().map(|declared| declared.corrective.to_vec()),
				Some(vec![2])
			);
		});
	}

	#[test]
	fn a_lots_identity_is_its_class_code_and_its_own() {
		run(|| {
			assert_ok!(Provenance::register_location(origin(FARM), code("GLN-1"), None));
			assert_eq!(Provenance::location_codes(vec![0, 1]), vec![Some(b"GLN-1".to_vec()), None]);
			let lot = commission(FARM, chilled(), "F-1", 100);
			assert_eq!(
				Provenance::lot_identities(vec![lot, 99]),
				vec![
					Some(LotIdentity {
						lot,
						class_code: b"milk".to_vec(),
						code: b"F-1".to_vec(),
						unit: Unit::Kilogram
					}),
					None
				]
			);
		});
	}

	#[test]
	fn exposure_says_whether_and_along_which_lots_a_recall_reaches_a_lot() {
		run(|| {
			let (farm_lot, first, second, crate_lot) = packed_milk();
			let other = commission(FARM, chilled(), "F-2", 10);
			assert_eq!(Provenance::exposure(first), Exposure::Unaffected);
			assert_eq!(Provenance::exposure(99), Exposure::UnknownLot);

			assert_ok!(Provenance::recall(origin(FARM), farm_lot, text("listeria"), now()));
			assert_eq!(
				Provenance::exposure(farm_lot),
				Exposure::Reached { recall: 0, path: vec![farm_lot] }
			);
			// Mid-propagation: the recall has reached the farm's lot only.
			assert_eq!(
				Provenance::exposure(crate_lot),
				Exposure::Pending {
					recall: 0,
					path: vec![farm_lot, first, crate_lot],
					reached_until: 1
				}
			);
			assert_ok!(Provenance::propagate_recall(origin(NOBODY), 0, 1));
			assert_eq!(
				Provenance::exposure(second),
				Exposure::Reached { recall: 0, path: vec![farm_lot, second] }
			);
			assert_eq!(
				Provenance::exposure(crate_lot),
				Exposure::Reached { recall: 0, path: vec![farm_lot, first, crate_lot] }
			);
			assert_eq!(Provenance::exposure(other), Exposure::Unaffected);
		});
	}
}

mod anchoring {
	use super::*;
	use sp_core::H256;
	use sp_runtime::traits::BlakeTwo256;

	fn hashes() -> Vec<H256> {
		(0u8..5).map(H256::repeat_byte).collect()
	}

	fn root() -> H256 {
		binary_merkle_tree::merkle_root::<BlakeTwo256, _>(hashes())
	}

	#[test]
	fn an_organisation_anchors_a_batch_and_anyone_proves_an_event_against_it() {
		run(|| {
			assert_ok!(Provenance::anchor_events(origin(CARRIER), root(), 5, START - 1_000, START));
			let anchor = EventAnchors::<Test>::get(0).unwrap();
			assert_eq!(
				(anchor.organisation, anchor.count, anchor.from, anchor.until),
				(CARRIER, 5, START - 1_000, START)
			);
			assert_eq!(held(CARRIER), RECORD_DEPOSIT);
			assert!(events().contains(&Event::EventsAnchored {
				anchor: 0,
				organisation: CARRIER,
				root: root(),
				count: 5
			}));
			for (index, hash) in hashes().into_iter().enumerate() {
				let proof =
					binary_merkle_tree::merkle_proof::<BlakeTwo256, _, _>(hashes(), index as u32)
						.proof;
				assert_eq!(Provenance::verify_anchored_event(0, hash, proof, index as u32), Ok(()));
			}
			let proof = binary_merkle_tree::merkle_proof::<BlakeTwo256, _, _>(hashes(), 1).proof;
			assert_eq!(
				Provenance::verify_anchored_event(0, H256::repeat_byte(9), proof.clone(), 1),
				Err(AnchorProofError::NotInBatch)
			);
			assert_eq!(
				Provenance::verify_anchored_event(1, hashes()[1], proof, 1),
				Err(AnchorProofError::UnknownAnchor)
			);
		});
	}

	#[test]
	fn an_anchor_needs_an_organisation_events_and_a_past_time_range() {
		run(|| {
			assert_noop!(
				Provenance::anchor_events(origin(NO_DID), root(), 5, 0, START),
				Error::<Test>::NoDid
			);
			assert_noop!(
				Provenance::anchor_events(origin(NOBODY), root(), 5, 0, START),
				Error::<Test>::MissingRole
			);
			// A beneficiary is no organisation.
			assert_noop!(
				Provenance::anchor_events(origin(RESIDENT_A), root(), 5, 0, START),
				Error::<Test>::MissingRole
			);
			assert_noop!(
				Provenance::anchor_events(origin(CARRIER), root(), 0, 0, START),
				Error::<Test>::EmptyAnchor
			);
			assert_noop!(
				Provenance::anchor_events(origin(CARRIER), root(), 5, START, START - 1),
				Error::<Test>::InvalidTimeRange
			);
			assert_noop!(
				Provenance::anchor_events(origin(CARRIER), root(), 5, 0, START + 1),
				Error::<Test>::InvalidTimeRange
			);
			assert_noop!(
				Provenance::anchor_events(origin(PAUPER), root(), 5, 0, START),
				TokenError::FundsUnavailable
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
	fn try_state_catches_a_packed_lot_still_watched_in_storage() {
		new_test_ext().execute_with(|| {
			let milk = commission(FARM, chilled(), "F-1", 100);
			let crate_lot = commission(FARM, pallets(), "SSCC-1", 1);
			assert_ok!(Provenance::pack(origin(FARM), crate_lot, bounded(&[milk]), now()));
			Provenance::do_try_state().unwrap();
			Stays::<Test>::insert(milk, Stay { location: 0, device: device(2), unchecked_from: 0 });
			assert!(Provenance::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_a_stay_checked_beyond_now() {
		new_test_ext().execute_with(|| {
			let milk = commission(FARM, chilled(), "F-1", 100);
			let stay = Stay { location: 0, device: device(2), unchecked_from: 1_000 };
			Stays::<Test>::insert(milk, stay);
			Provenance::do_try_state().unwrap();
			Stays::<Test>::insert(milk, Stay { unchecked_from: 1_001, ..stay });
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
	fn try_state_catches_a_programme_whose_counts_do_not_add_up() {
		new_test_ext().execute_with(|| {
			let class = class_with("food-parcel", None);
			assert_ok!(Provenance::open_programme(origin(AID_AGENCY), class, None, 2, 1_000));
			Provenance::do_try_state().unwrap();
			PointHandouts::<Test>::insert(0, 0, Handouts { count: 1, quantity: 2 });
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
		assert_noop!(
			Provenance::open_programme(RuntimeOrigin::none(), 0, None, 1, 1),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Provenance::close_programme(RuntimeOrigin::none(), 0),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Provenance::anchor_events(RuntimeOrigin::none(), Default::default(), 1, 0, 0),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Provenance::hand_out(
				RuntimeOrigin::none(),
				0,
				0,
				RESIDENT_A,
				sp_runtime::testing::TestSignature(RESIDENT_A, vec![]),
				now()
			),
			DispatchError::BadOrigin
		);
	});
}
