//! The land registry's behaviour, call by call.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use polis_primitives::ParcelChange;
use sp_runtime::{DispatchError, TokenError};

fn held(reason: HoldReason, who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::LandRegistry(reason), &who)
}

fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}

fn parcel(id: ParcelId) -> Parcel<Test> {
	Parcels::<Test>::get(id).expect("the parcel exists")
}

/// Alice's 100 × 100 parcel at the origin.
fn alices_parcel() -> ParcelId {
	register(rectangle(0, 0, 100, 100), ALICE)
}

fn plan(area: Boundary<Test>) -> ParcelPlan<Test> {
	ParcelPlan { boundary: area, land_use: LandUse::Residential }
}

fn plans(areas: Vec<Boundary<Test>>) -> BoundedVec<ParcelPlan<Test>, ConstU32<4>> {
	BoundedVec::truncate_from(areas.into_iter().map(plan).collect())
}

fn ids(list: &[ParcelId]) -> Lineage<Test> {
	BoundedVec::truncate_from(list.to_vec())
}

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

use frame_support::traits::ConstU32;

/// Alice offers her parcel to Bob for 200 and Bob pays it into escrow.
fn escrowed_sale() -> ParcelId {
	let id = alices_parcel();
	assert_ok!(LandRegistry::propose_sale(signed(ALICE), id, BOB, 200));
	assert_ok!(LandRegistry::accept_sale(signed(BOB), id, 200));
	id
}

/// An escrowed sale the registrar approved in block 1; objections close in block 6.
fn approved_sale() -> ParcelId {
	let id = escrowed_sale();
	assert_ok!(LandRegistry::approve_sale(signed(REGISTRAR), id));
	id
}

fn lien_of(holder: AccountId, id: ParcelId, kind: EncumbranceKind) -> EncumbranceId {
	let encumbrance = NextEncumbranceId::<Test>::get();
	assert_ok!(LandRegistry::propose_encumbrance(signed(holder), id, kind, doc(9)));
	assert_ok!(LandRegistry::accept_encumbrance(signed(parcel(id).owner), id, encumbrance));
	encumbrance
}

mod registrars {
	use super::*;

	#[test]
	fn governance_appoints_and_dismisses_registrars() {
		run(|| {
			assert_ok!(LandRegistry::appoint_registrar(RuntimeOrigin::root(), 3, CHARLIE));
			assert_eq!(last_event(), Event::RegistrarAppointed { district: 3, registrar: CHARLIE });
			assert!(Registrars::<Test>::contains_key(3, CHARLIE));
			assert_ok!(LandRegistry::dismiss_registrar(RuntimeOrigin::root(), 3, CHARLIE));
			assert_eq!(last_event(), Event::RegistrarDismissed { district: 3, registrar: CHARLIE });
			assert!(!Registrars::<Test>::contains_key(3, CHARLIE));
		});
	}

	#[test]
	fn only_governance_appoints_and_only_once() {
		run(|| {
			assert_noop!(
				LandRegistry::appoint_registrar(signed(REGISTRAR), 3, CHARLIE),
				DispatchError::BadOrigin
			);
			assert_noop!(
				LandRegistry::appoint_registrar(RuntimeOrigin::root(), DISTRICT, REGISTRAR),
				Error::<Test>::AlreadyRegistrar
			);
			assert_noop!(
				LandRegistry::dismiss_registrar(signed(REGISTRAR), DISTRICT, REGISTRAR),
				DispatchError::BadOrigin
			);
			assert_noop!(
				LandRegistry::dismiss_registrar(RuntimeOrigin::root(), DISTRICT, CHARLIE),
				Error::<Test>::NotRegistrar
			);
		});
	}

	#[test]
	fn a_registrar_acts_only_in_its_district_and_with_its_credential() {
		run(|| {
			let register_in = |who, district| {
				LandRegistry::register_parcel(
					signed(who),
					district,
					rectangle(0, 0, 10, 10),
					LandUse::Public,
					doc(1),
					ALICE,
				)
			};
			assert_noop!(register_in(OTHER_REGISTRAR, DISTRICT), Error::<Test>::NotRegistrar);
			assert_noop!(register_in(ALICE, DISTRICT), Error::<Test>::NotRegistrar);
			// Appointed for a district its credential does not cover.
			assert_ok!(LandRegistry::appoint_registrar(
				RuntimeOrigin::root(),
				DISTRICT,
				OTHER_REGISTRAR
			));
			assert_noop!(
				register_in(OTHER_REGISTRAR, DISTRICT),
				Error::<Test>::NoRegistrarCredential
			);
			revoke_credential(REGISTRAR);
			assert_noop!(register_in(REGISTRAR, DISTRICT), Error::<Test>::NoRegistrarCredential);
			assert_noop!(
				LandRegistry::register_parcel(
					RuntimeOrigin::none(),
					DISTRICT,
					rectangle(0, 0, 10, 10),
					LandUse::Public,
					doc(1),
					ALICE
				),
				DispatchError::BadOrigin
			);
		});
	}
}

mod registration {
	use super::*;

	#[test]
	fn registering_records_title_history_index_and_deposit() {
		run(|| {
			let id = alices_parcel();
			assert_eq!(
				last_event(),
				Event::ParcelRegistered { parcel: id, district: DISTRICT, owner: ALICE }
			);
			let record = parcel(id);
			assert_eq!(record.owner, ALICE);
			assert_eq!(record.status, ParcelStatus::Active);
			assert_eq!(record.deposit, Deposit { account: REGISTRAR, amount: PARCEL_DEPOSIT });
			assert_eq!(held(HoldReason::ParcelDeposit, REGISTRAR), PARCEL_DEPOSIT);
			assert_eq!(
				LandRegistry::history(id, 0, u32::MAX),
				vec![OwnershipRecord {
					owner: ALICE,
					since: 1,
					acquisition: Acquisition::FirstRegistration
				}]
			);
			assert_eq!(LandRegistry::parcels_of(&ALICE, None, u32::MAX), vec![id]);
			// The 100 × 100 box from 0 to 100 touches four cells.
			assert_eq!(CellIndex::<Test>::iter().count(), 4);
		});
	}

	#[test]
	fn a_clockwise_boundary_is_stored_counter_clockwise() {
		run(|| {
			let clockwise = boundary(&[(0, 0), (10, 0), (10, 10), (0, 10)]);
			let id = register(clockwise, ALICE);
			assert!(geometry::doubled_area(&parcel(id).boundary) > 0);
		});
	}

	#[test]
	fn neighbours_may_share_edges_and_corners() {
		run(|| {
			alices_parcel();
			register(rectangle(0, 100, 100, 50), BOB);
			register(rectangle(100, 100, 10, 10), BOB);
		});
	}

	/// Districts meet: a registrar of the neighbouring district cannot title land already
	/// titled in this one, and may title land next to it.
	#[test]
	fn no_district_titles_land_another_district_titled() {
		run(|| {
			alices_parcel();
			let register_in_other_district = |area| {
				LandRegistry::register_parcel(
					signed(OTHER_REGISTRAR),
					OTHER_DISTRICT,
					area,
					LandUse::Public,
					doc(1),
					BOB,
				)
			};
			assert_noop!(
				register_in_other_district(rectangle(0, 0, 100, 100)),
				Error::<Test>::Overlaps
			);
			assert_noop!(
				register_in_other_district(rectangle(50, 50, 100, 100)),
				Error::<Test>::Overlaps
			);
			assert_ok!(register_in_other_district(rectangle(100, 0, 100, 100)));
		});
	}

	#[test]
	fn an_overlapping_boundary_is_rejected() {
		run(|| {
			alices_parcel();
			let register_area = |area| {
				LandRegistry::register_parcel(
					signed(REGISTRAR),
					DISTRICT,
					area,
					LandUse::Residential,
					doc(1),
					BOB,
				)
			};
			assert_noop!(register_area(rectangle(50, 50, 100, 100)), Error::<Test>::Overlaps);
			assert_noop!(register_area(rectangle(10, 10, 10, 10)), Error::<Test>::Overlaps);
			assert_noop!(register_area(rectangle(-10, -10, 200, 200)), Error::<Test>::Overlaps);
		});
	}

	#[test]
	fn malformed_boundaries_are_rejected() {
		run(|| {
			let register_area = |area| {
				LandRegistry::register_parcel(
					signed(REGISTRAR),
					DISTRICT,
					area,
					LandUse::Residential,
					doc(1),
					ALICE,
				)
			};
			assert_noop!(
				register_area(boundary(&[(0, 0), (0, 10)])),
				Error::<Test>::TooFewVertices
			);
			assert_noop!(
				register_area(boundary(&[(0, 0), (0, 10), (900_000_001, 0)])),
				Error::<Test>::OutOfRange
			);
			assert_noop!(
				register_area(boundary(&[(0, 0), (10, 10), (0, 10), (10, 0)])),
				Error::<Test>::NotSimple
			);
			// 500 × 500 covers 36 cells, more than 16.
			assert_noop!(register_area(rectangle(0, 0, 500, 500)), Error::<Test>::ParcelTooLarge);
		});
	}

	#[test]
	fn a_full_index_cell_takes_no_more_parcels() {
		run(|| {
			for i in 0..MAX_PARCELS_PER_CELL as i32 {
				register(rectangle(10 * i, 10, 10, 10), ALICE);
			}
			assert_noop!(
				LandRegistry::register_parcel(
					signed(REGISTRAR),
					DISTRICT,
					rectangle(50, 50, 10, 10),
					LandUse::Residential,
					doc(1),
					ALICE
				),
				Error::<Test>::CellFull
			);
		});
	}

	#[test]
	fn owners_need_a_did_and_registrars_a_deposit() {
		run(|| {
			assert_noop!(
				LandRegistry::register_parcel(
					signed(REGISTRAR),
					DISTRICT,
					rectangle(0, 0, 10, 10),
					LandUse::Residential,
					doc(1),
					NO_DID
				),
				Error::<Test>::NoDid
			);
			give_credential(PAUPER, REGISTRAR_SCHEMA, Some(DISTRICT));
			assert_ok!(LandRegistry::appoint_registrar(RuntimeOrigin::root(), DISTRICT, PAUPER));
			assert_noop!(
				LandRegistry::register_parcel(
					signed(PAUPER),
					DISTRICT,
					rectangle(0, 0, 10, 10),
					LandUse::Residential,
					doc(1),
					ALICE
				),
				TokenError::FundsUnavailable
			);
		});
	}

	#[test]
	fn the_weight_is_refunded_down_to_the_parcels_compared() {
		run(|| {
			register(rectangle(0, 0, 10, 10), ALICE);
			let info = LandRegistry::register_parcel(
				signed(REGISTRAR),
				DISTRICT,
				rectangle(0, 10, 10, 10),
				LandUse::Residential,
				doc(1),
				BOB,
			)
			.unwrap();
			// The squares' boxes only touch: no pair of triangles is compared.
			let compared = |vertices, parcels, pairs| {
				<() as WeightInfo>::register_parcel(vertices, parcels)
					.saturating_add(<() as WeightInfo>::compare_triangles(pairs))
			};
			assert_eq!(info.actual_weight, Some(compared(4, 1, 0)));

			// Two triangles sharing their long side: the same box, so their triangles are
			// compared, one pair; the registration compared three parcels of the cell.
			register(boundary(&[(50, 0), (50, 20), (70, 0)]), ALICE);
			let info = LandRegistry::register_parcel(
				signed(REGISTRAR),
				DISTRICT,
				boundary(&[(70, 20), (70, 0), (50, 20)]),
				LandUse::Residential,
				doc(1),
				BOB,
			)
			.unwrap();
			assert_eq!(info.actual_weight, Some(compared(3, 3, 1)));
		});
	}
}

mod topology {
	use super::*;

	#[test]
	fn subdividing_retires_the_parent_and_creates_children_of_the_same_owner() {
		run(|| {
			let id = alices_parcel();
			assert_ok!(LandRegistry::subdivide(
				signed(REGISTRAR),
				id,
				plans(vec![rectangle(0, 0, 100, 40), rectangle(0, 40, 100, 60)]),
				doc(2)
			));
			let children = ids(&[id + 1, id + 2]);
			assert_eq!(
				last_event(),
				Event::ParcelSubdivided { parent: id, children: children.clone() }
			);
			assert_eq!(
				parcel(id).status,
				ParcelStatus::Retired { at: 1, successors: children.clone() }
			);
			for child in children {
				let record = parcel(child);
				assert_eq!(record.owner, ALICE);
				assert_eq!(record.predecessors, ids(&[id]));
				assert_eq!(
					LandRegistry::history(child, 0, u32::MAX)[0].acquisition,
					Acquisition::Subdivision { parent: id }
				);
			}
			assert_eq!(LandRegistry::parcels_of(&ALICE, None, u32::MAX), vec![id + 1, id + 2]);
			assert_eq!(held(HoldReason::ParcelDeposit, REGISTRAR), 2 * PARCEL_DEPOSIT);
			// Projects standing on the parent hear of it.
			assert_eq!(parcel_changes(), vec![(id, ParcelChange::Retired)]);
			// The former area is free of the parent: a child's area cannot be registered again.
			assert_noop!(
				LandRegistry::register_parcel(
					signed(REGISTRAR),
					DISTRICT,
					rectangle(0, 0, 10, 10),
					LandUse::Residential,
					doc(1),
					BOB
				),
				Error::<Test>::Overlaps
			);
		});
	}

	#[test]
	fn children_must_tile_the_parent_exactly() {
		run(|| {
			let id = alices_parcel();
			let subdivide =
				|areas| LandRegistry::subdivide(signed(REGISTRAR), id, plans(areas), doc(2));
			// A gap.
			assert_noop!(
				subdivide(vec![rectangle(0, 0, 100, 40), rectangle(0, 50, 100, 50)]),
				Error::<Test>::NotATiling
			);
			// An overlap that keeps the total area.
			assert_noop!(
				subdivide(vec![
					rectangle(0, 0, 100, 60),
					rectangle(0, 40, 100, 40),
					rectangle(0, 80, 100, 20)
				]),
				Error::<Test>::NotATiling
			);
			// Sticking out.
			assert_noop!(
				subdivide(vec![rectangle(0, -10, 100, 50), rectangle(0, 40, 100, 50)]),
				Error::<Test>::NotATiling
			);
			assert_noop!(subdivide(vec![rectangle(0, 0, 100, 100)]), Error::<Test>::TooFewParts);
			assert_noop!(
				subdivide(vec![
					boundary(&[(0, 0), (100, 100), (0, 100), (100, 0)]),
					rectangle(0, 0, 1, 1)
				]),
				Error::<Test>::NotSimple
			);
		});
	}

	#[test]
	fn only_a_free_active_parcel_is_subdivided_by_its_registrar() {
		run(|| {
			let id = alices_parcel();
			let halves = || plans(vec![rectangle(0, 0, 100, 50), rectangle(0, 50, 100, 50)]);
			assert_noop!(
				LandRegistry::subdivide(signed(OTHER_REGISTRAR), id, halves(), doc(2)),
				Error::<Test>::NotRegistrar
			);
			assert_noop!(
				LandRegistry::subdivide(signed(REGISTRAR), 99, halves(), doc(2)),
				Error::<Test>::UnknownParcel
			);
			assert_ok!(LandRegistry::propose_sale(signed(ALICE), id, BOB, 100));
			assert_noop!(
				LandRegistry::subdivide(signed(REGISTRAR), id, halves(), doc(2)),
				Error::<Test>::SaleOpen
			);
			assert_ok!(LandRegistry::cancel_sale(signed(ALICE), id));
			assert_ok!(LandRegistry::raise_dispute(signed(DAVE), id, doc(4)));
			assert_noop!(
				LandRegistry::subdivide(signed(REGISTRAR), id, halves(), doc(2)),
				Error::<Test>::Disputed
			);
			assert_ok!(LandRegistry::resolve_dispute(signed(REGISTRAR), id, 0, true));
			let lien = lien_of(CHARLIE, id, EncumbranceKind::Easement);
			assert_noop!(
				LandRegistry::subdivide(signed(REGISTRAR), id, halves(), doc(2)),
				Error::<Test>::Encumbered
			);
			assert_ok!(LandRegistry::discharge_encumbrance(signed(CHARLIE), id, lien));
			assert_ok!(LandRegistry::subdivide(signed(REGISTRAR), id, halves(), doc(2)));
			assert_noop!(
				LandRegistry::subdivide(signed(REGISTRAR), id, halves(), doc(2)),
				Error::<Test>::ParcelRetired
			);
		});
	}

	#[test]
	fn merging_adjacent_parcels_of_one_owner_keeps_lineage() {
		run(|| {
			let west = register(rectangle(0, 0, 100, 50), ALICE);
			let east = register(rectangle(0, 50, 100, 50), ALICE);
			assert_ok!(LandRegistry::merge(
				signed(REGISTRAR),
				ids(&[west, east]),
				rectangle(0, 0, 100, 100),
				LandUse::Commercial,
				doc(3)
			));
			let merged = east + 1;
			assert_eq!(
				last_event(),
				Event::ParcelsMerged { parents: ids(&[west, east]), parcel: merged }
			);
			assert_eq!(parcel(merged).predecessors, ids(&[west, east]));
			assert_eq!(parcel(merged).land_use, LandUse::Commercial);
			assert_eq!(
				parcel(west).status,
				ParcelStatus::Retired { at: 1, successors: ids(&[merged]) }
			);
			assert_eq!(
				LandRegistry::history(merged, 0, u32::MAX)[0].acquisition,
				Acquisition::Merger
			);
			assert_eq!(LandRegistry::parcels_of(&ALICE, None, u32::MAX), vec![merged]);
			assert_eq!(held(HoldReason::ParcelDeposit, REGISTRAR), PARCEL_DEPOSIT);
		});
	}

	#[test]
	fn merging_needs_adjacent_free_parcels_of_one_owner_and_district() {
		run(|| {
			let west = register(rectangle(0, 0, 100, 50), ALICE);
			let east = register(rectangle(0, 50, 100, 50), ALICE);
			let apart = register(rectangle(0, 200, 100, 50), ALICE);
			let bobs = register(rectangle(100, 0, 100, 50), BOB);
			let merge = |parcels: &[ParcelId], area| {
				LandRegistry::merge(signed(REGISTRAR), ids(parcels), area, LandUse::Mixed, doc(3))
			};
			assert_noop!(merge(&[west], rectangle(0, 0, 100, 50)), Error::<Test>::TooFewParts);
			assert_noop!(
				merge(&[west, west], rectangle(0, 0, 100, 50)),
				Error::<Test>::DuplicateParcel
			);
			assert_noop!(
				merge(&[west, 99], rectangle(0, 0, 100, 50)),
				Error::<Test>::UnknownParcel
			);
			assert_noop!(
				merge(&[west, bobs], rectangle(0, 0, 200, 50)),
				Error::<Test>::OwnerMismatch
			);
			assert_noop!(
				merge(&[east, apart], rectangle(0, 50, 100, 200)),
				Error::<Test>::NotATiling
			);
			assert_noop!(merge(&[west, east], rectangle(0, 0, 100, 90)), Error::<Test>::NotATiling);
			assert_ok!(LandRegistry::register_parcel(
				signed(OTHER_REGISTRAR),
				OTHER_DISTRICT,
				rectangle(0, 100, 100, 50),
				LandUse::Public,
				doc(1),
				ALICE
			));
			let elsewhere = apart + 2;
			assert_noop!(
				merge(&[east, elsewhere], rectangle(0, 50, 100, 100)),
				Error::<Test>::DistrictMismatch
			);
			assert_noop!(
				LandRegistry::merge(
					signed(OTHER_REGISTRAR),
					ids(&[west, east]),
					rectangle(0, 0, 100, 100),
					LandUse::Mixed,
					doc(3)
				),
				Error::<Test>::NotRegistrar
			);
			assert_ok!(LandRegistry::raise_dispute(signed(DAVE), east, doc(4)));
			assert_noop!(merge(&[west, east], rectangle(0, 0, 100, 100)), Error::<Test>::Disputed);
			assert_ok!(LandRegistry::resolve_dispute(signed(REGISTRAR), east, 0, false));
			assert_ok!(merge(&[west, east], rectangle(0, 0, 100, 100)));
			assert_noop!(
				merge(&[west, east], rectangle(0, 0, 100, 100)),
				Error::<Test>::ParcelRetired
			);
		});
	}

	#[test]
	fn a_registrar_rectifies_the_owner_on_a_document() {
		run(|| {
			let id = alices_parcel();
			assert_ok!(LandRegistry::rectify_owner(signed(REGISTRAR), id, CHARLIE, doc(5)));
			assert_eq!(
				last_event(),
				Event::OwnerRectified {
					parcel: id,
					from: ALICE,
					to: CHARLIE,
					document_hash: doc(5)
				}
			);
			assert_eq!(parcel(id).owner, CHARLIE);
			assert_eq!(
				LandRegistry::history(id, 0, u32::MAX)[1].acquisition,
				Acquisition::Rectification { document_hash: doc(5) }
			);
			assert_eq!(LandRegistry::parcels_of(&CHARLIE, None, u32::MAX), vec![id]);
			assert!(LandRegistry::parcels_of(&ALICE, None, u32::MAX).is_empty());
			assert_eq!(parcel_changes(), vec![(id, ParcelChange::Transferred)]);
		});
	}

	#[test]
	fn rectification_needs_a_registrar_a_new_owner_with_a_did_and_no_open_sale() {
		run(|| {
			let id = alices_parcel();
			assert_noop!(
				LandRegistry::rectify_owner(signed(OTHER_REGISTRAR), id, CHARLIE, doc(5)),
				Error::<Test>::NotRegistrar
			);
			assert_noop!(
				LandRegistry::rectify_owner(signed(REGISTRAR), 99, CHARLIE, doc(5)),
				Error::<Test>::UnknownParcel
			);
			assert_noop!(
				LandRegistry::rectify_owner(signed(REGISTRAR), id, ALICE, doc(5)),
				Error::<Test>::AlreadyOwner
			);
			assert_noop!(
				LandRegistry::rectify_owner(signed(REGISTRAR), id, NO_DID, doc(5)),
				Error::<Test>::NoDid
			);
			assert_ok!(LandRegistry::propose_sale(signed(ALICE), id, BOB, 100));
			assert_noop!(
				LandRegistry::rectify_owner(signed(REGISTRAR), id, CHARLIE, doc(5)),
				Error::<Test>::SaleOpen
			);
		});
	}
}

mod sales {
	use super::*;

	#[test]
	fn a_sale_moves_title_and_escrow_atomically_after_the_objection_window() {
		run(|| {
			let id = alices_parcel();
			assert_ok!(LandRegistry::propose_sale(signed(ALICE), id, BOB, 200));
			assert_eq!(
				last_event(),
				Event::SaleProposed { parcel: id, sale: 0, seller: ALICE, buyer: BOB, price: 200 }
			);
			assert_eq!(held(HoldReason::SaleDeposit, ALICE), SALE_DEPOSIT);
			assert_ok!(LandRegistry::accept_sale(signed(BOB), id, 200));
			assert_eq!(last_event(), Event::SaleAccepted { parcel: id, sale: 0 });
			assert_eq!(held(HoldReason::Escrow, BOB), 200);
			assert_eq!(TotalEscrow::<Test>::get(), 200);
			assert_ok!(LandRegistry::approve_sale(signed(REGISTRAR), id));
			assert_eq!(
				last_event(),
				Event::SaleApproved {
					parcel: id,
					sale: 0,
					objection_window_ends: 1 + OBJECTION_PERIOD
				}
			);
			advance_to(1 + OBJECTION_PERIOD);
			assert_ok!(LandRegistry::complete_sale(signed(DAVE), id));
			assert_eq!(
				last_event(),
				Event::SaleCompleted { parcel: id, sale: 0, seller: ALICE, buyer: BOB, price: 200 }
			);
			assert_eq!(parcel(id).owner, BOB);
			assert_eq!(parcel_changes(), vec![(id, ParcelChange::Transferred)]);
			assert_eq!(free(ALICE), ENDOWMENT + 200);
			assert_eq!(free(BOB), ENDOWMENT - 200);
			assert_eq!(held(HoldReason::SaleDeposit, ALICE), 0);
			assert_eq!(TotalEscrow::<Test>::get(), 0);
			assert!(!Sales::<Test>::contains_key(id));
			assert_eq!(
				LandRegistry::history(id, 0, u32::MAX)[1],
				OwnershipRecord {
					owner: BOB,
					since: 1 + OBJECTION_PERIOD,
					acquisition: Acquisition::Sale { sale: 0, price: 200 }
				}
			);
			assert_eq!(LandRegistry::parcels_of(&BOB, None, u32::MAX), vec![id]);
			assert!(LandRegistry::parcels_of(&ALICE, None, u32::MAX).is_empty());
		});
	}

	#[test]
	fn a_parcel_cannot_be_sold_twice() {
		run(|| {
			let id = approved_sale();
			assert_noop!(
				LandRegistry::propose_sale(signed(ALICE), id, CHARLIE, 300),
				Error::<Test>::SaleOpen
			);
			advance_to(1 + OBJECTION_PERIOD);
			assert_ok!(LandRegistry::complete_sale(signed(BOB), id));
			assert_noop!(
				LandRegistry::propose_sale(signed(ALICE), id, CHARLIE, 300),
				Error::<Test>::NotOwner
			);
			assert_noop!(LandRegistry::complete_sale(signed(BOB), id), Error::<Test>::NoSale);
		});
	}

	#[test]
	fn proposing_needs_the_owner_another_buyer_a_price_and_a_deposit() {
		run(|| {
			let id = alices_parcel();
			assert_noop!(
				LandRegistry::propose_sale(signed(BOB), id, BOB, 200),
				Error::<Test>::NotOwner
			);
			assert_noop!(
				LandRegistry::propose_sale(signed(ALICE), id, ALICE, 200),
				Error::<Test>::AlreadyOwner
			);
			assert_noop!(
				LandRegistry::propose_sale(signed(ALICE), id, BOB, 0),
				Error::<Test>::ZeroPrice
			);
			assert_noop!(
				LandRegistry::propose_sale(signed(ALICE), 99, BOB, 200),
				Error::<Test>::UnknownParcel
			);
			assert_ok!(LandRegistry::rectify_owner(signed(REGISTRAR), id, PAUPER, doc(5)));
			assert_noop!(
				LandRegistry::propose_sale(signed(PAUPER), id, BOB, 200),
				TokenError::FundsUnavailable
			);
		});
	}

	#[test]
	fn accepting_needs_the_buyer_the_price_a_did_and_the_funds_in_time() {
		run(|| {
			let id = alices_parcel();
			assert_noop!(LandRegistry::accept_sale(signed(BOB), id, 200), Error::<Test>::NoSale);
			assert_ok!(LandRegistry::propose_sale(signed(ALICE), id, BOB, 200));
			assert_noop!(
				LandRegistry::accept_sale(signed(CHARLIE), id, 200),
				Error::<Test>::NotBuyer
			);
			assert_noop!(
				LandRegistry::accept_sale(signed(BOB), id, 150),
				Error::<Test>::PriceMismatch
			);
			assert_ok!(LandRegistry::cancel_sale(signed(ALICE), id));
			assert_ok!(LandRegistry::propose_sale(signed(ALICE), id, NO_DID, 200));
			assert_noop!(LandRegistry::accept_sale(signed(NO_DID), id, 200), Error::<Test>::NoDid);
			assert_ok!(LandRegistry::cancel_sale(signed(ALICE), id));
			assert_ok!(LandRegistry::propose_sale(signed(ALICE), id, PAUPER, 200));
			assert_noop!(
				LandRegistry::accept_sale(signed(PAUPER), id, 200),
				TokenError::FundsUnavailable
			);
			assert_ok!(LandRegistry::cancel_sale(signed(ALICE), id));
			assert_ok!(LandRegistry::propose_sale(signed(ALICE), id, BOB, 200));
			advance_to(1 + SALE_EXPIRY);
			assert_noop!(
				LandRegistry::accept_sale(signed(BOB), id, 200),
				Error::<Test>::SaleExpired
			);
			advance_to(1);
			assert_ok!(LandRegistry::accept_sale(signed(BOB), id, 200));
			assert_noop!(
				LandRegistry::accept_sale(signed(BOB), id, 200),
				Error::<Test>::WrongSaleStage
			);
		});
	}

	#[test]
	fn approval_needs_the_registrar_an_escrowed_unexpired_sale() {
		run(|| {
			let id = alices_parcel();
			assert_noop!(LandRegistry::approve_sale(signed(REGISTRAR), id), Error::<Test>::NoSale);
			assert_ok!(LandRegistry::propose_sale(signed(ALICE), id, BOB, 200));
			assert_noop!(
				LandRegistry::approve_sale(signed(REGISTRAR), id),
				Error::<Test>::WrongSaleStage
			);
			assert_ok!(LandRegistry::accept_sale(signed(BOB), id, 200));
			assert_noop!(
				LandRegistry::approve_sale(signed(OTHER_REGISTRAR), id),
				Error::<Test>::NotRegistrar
			);
			advance_to(1 + SALE_EXPIRY);
			assert_noop!(
				LandRegistry::approve_sale(signed(REGISTRAR), id),
				Error::<Test>::SaleExpired
			);
		});
	}

	#[test]
	fn a_lien_blocks_a_sale_until_its_holder_consents_and_then_stays_on_the_land() {
		run(|| {
			let id = alices_parcel();
			let lien = lien_of(CHARLIE, id, EncumbranceKind::Lien);
			let easement = lien_of(DAVE, id, EncumbranceKind::Easement);
			assert_ok!(LandRegistry::propose_sale(signed(ALICE), id, BOB, 200));
			assert_ok!(LandRegistry::accept_sale(signed(BOB), id, 200));
			assert_noop!(
				LandRegistry::approve_sale(signed(REGISTRAR), id),
				Error::<Test>::UnconsentedEncumbrance
			);
			assert_ok!(LandRegistry::consent_to_sale(signed(CHARLIE), id, lien));
			assert_eq!(
				last_event(),
				Event::SaleConsented { parcel: id, encumbrance: lien, sale: 0 }
			);
			assert_ok!(LandRegistry::approve_sale(signed(REGISTRAR), id));
			advance_to(1 + OBJECTION_PERIOD);
			assert_ok!(LandRegistry::complete_sale(signed(BOB), id));
			let remaining: Vec<_> =
				Encumbrances::<Test>::get(id).iter().map(|e| (e.id, e.consented_sale)).collect();
			assert_eq!(remaining, vec![(lien, None), (easement, None)]);
		});
	}

	#[test]
	fn a_consent_covers_only_the_sale_it_was_given_for() {
		run(|| {
			let id = alices_parcel();
			let mortgage = lien_of(CHARLIE, id, EncumbranceKind::Mortgage);
			assert_ok!(LandRegistry::propose_sale(signed(ALICE), id, BOB, 200));
			assert_ok!(LandRegistry::consent_to_sale(signed(CHARLIE), id, mortgage));
			assert_ok!(LandRegistry::cancel_sale(signed(ALICE), id));
			assert_ok!(LandRegistry::propose_sale(signed(ALICE), id, BOB, 900));
			assert_ok!(LandRegistry::accept_sale(signed(BOB), id, 900));
			assert_noop!(
				LandRegistry::approve_sale(signed(REGISTRAR), id),
				Error::<Test>::UnconsentedEncumbrance
			);
		});
	}

	#[test]
	fn an_encumbrance_or_dispute_arising_in_the_window_blocks_completion() {
		run(|| {
			let id = approved_sale();
			assert_ok!(LandRegistry::register_encumbrance(
				signed(REGISTRAR),
				id,
				EncumbranceKind::Caveat,
				CHARLIE,
				doc(6)
			));
			advance_to(1 + OBJECTION_PERIOD);
			assert_noop!(LandRegistry::complete_sale(signed(BOB), id), Error::<Test>::TitleChanged);
			assert_ok!(LandRegistry::discharge_encumbrance(signed(CHARLIE), id, 0));
			assert_ok!(LandRegistry::raise_dispute(signed(DAVE), id, doc(4)));
			assert_noop!(LandRegistry::complete_sale(signed(BOB), id), Error::<Test>::Disputed);
			assert_ok!(LandRegistry::resolve_dispute(signed(REGISTRAR), id, 0, false));
			assert_ok!(LandRegistry::complete_sale(signed(BOB), id));
		});
	}

	#[test]
	fn completion_waits_for_approval_and_the_end_of_the_window() {
		run(|| {
			let id = escrowed_sale();
			assert_noop!(
				LandRegistry::complete_sale(signed(BOB), id),
				Error::<Test>::WrongSaleStage
			);
			assert_ok!(LandRegistry::approve_sale(signed(REGISTRAR), id));
			advance_to(OBJECTION_PERIOD);
			assert_noop!(
				LandRegistry::complete_sale(signed(BOB), id),
				Error::<Test>::ObjectionWindowOpen
			);
			assert_noop!(
				LandRegistry::complete_sale(RuntimeOrigin::none(), id),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn an_objection_freezes_the_sale_and_an_upheld_one_cancels_it() {
		run(|| {
			let id = approved_sale();
			assert_ok!(LandRegistry::object_to_sale(signed(CHARLIE), id, doc(7)));
			assert_eq!(
				last_event(),
				Event::SaleObjected { parcel: id, sale: 0, objector: CHARLIE }
			);
			assert_eq!(held(HoldReason::DisputeDeposit, CHARLIE), DISPUTE_DEPOSIT);
			advance_to(1 + OBJECTION_PERIOD);
			assert_noop!(
				LandRegistry::complete_sale(signed(BOB), id),
				Error::<Test>::WrongSaleStage
			);
			assert_noop!(
				LandRegistry::cancel_sale(signed(REGISTRAR), id),
				Error::<Test>::CannotCancel
			);
			assert_ok!(LandRegistry::rule_on_objection(signed(REGISTRAR), id, true));
			assert_eq!(
				events()[events().len() - 2..],
				[
					Event::ObjectionUpheld { parcel: id, sale: 0 },
					Event::SaleCancelled { parcel: id, sale: 0 }
				]
			);
			assert!(!Sales::<Test>::contains_key(id));
			assert_eq!(parcel(id).owner, ALICE);
			assert_eq!(free(BOB), ENDOWMENT);
			assert_eq!(free(ALICE), ENDOWMENT);
			assert_eq!(free(CHARLIE), ENDOWMENT);
		});
	}

	#[test]
	fn a_dismissed_objection_pays_the_seller_and_the_window_runs_on() {
		run(|| {
			let id = approved_sale();
			advance_to(3);
			assert_ok!(LandRegistry::object_to_sale(signed(CHARLIE), id, doc(7)));
			assert_ok!(LandRegistry::rule_on_objection(signed(REGISTRAR), id, false));
			assert_eq!(last_event(), Event::ObjectionDismissed { parcel: id, sale: 0 });
			assert_eq!(free(CHARLIE), ENDOWMENT - DISPUTE_DEPOSIT);
			assert_eq!(free(ALICE), ENDOWMENT - SALE_DEPOSIT + DISPUTE_DEPOSIT);
			assert_noop!(
				LandRegistry::complete_sale(signed(BOB), id),
				Error::<Test>::ObjectionWindowOpen
			);
			advance_to(1 + OBJECTION_PERIOD);
			assert_ok!(LandRegistry::complete_sale(signed(BOB), id));
			assert_eq!(parcel(id).owner, BOB);
		});
	}

	#[test]
	fn objections_fit_only_the_window_and_rulings_only_a_frozen_sale() {
		run(|| {
			let id = escrowed_sale();
			assert_noop!(
				LandRegistry::object_to_sale(signed(CHARLIE), 99, doc(7)),
				Error::<Test>::NoSale
			);
			assert_noop!(
				LandRegistry::object_to_sale(signed(CHARLIE), id, doc(7)),
				Error::<Test>::WrongSaleStage
			);
			assert_noop!(
				LandRegistry::rule_on_objection(signed(REGISTRAR), id, true),
				Error::<Test>::WrongSaleStage
			);
			assert_ok!(LandRegistry::approve_sale(signed(REGISTRAR), id));
			assert_ok!(LandRegistry::object_to_sale(signed(CHARLIE), id, doc(7)));
			assert_noop!(
				LandRegistry::rule_on_objection(signed(OTHER_REGISTRAR), id, true),
				Error::<Test>::NotRegistrar
			);
			assert_ok!(LandRegistry::rule_on_objection(signed(REGISTRAR), id, false));
			advance_to(1 + OBJECTION_PERIOD);
			assert_noop!(
				LandRegistry::object_to_sale(signed(DAVE), id, doc(7)),
				Error::<Test>::ObjectionWindowClosed
			);
			assert_noop!(
				LandRegistry::rule_on_objection(signed(REGISTRAR), 99, true),
				Error::<Test>::UnknownParcel
			);
		});
	}

	#[test]
	fn who_may_cancel_depends_on_the_stage() {
		run(|| {
			let id = escrowed_sale();
			assert_noop!(LandRegistry::cancel_sale(signed(DAVE), id), Error::<Test>::CannotCancel);
			assert_ok!(LandRegistry::cancel_sale(signed(BOB), id));
			assert_eq!(last_event(), Event::SaleCancelled { parcel: id, sale: 0 });
			assert_eq!(free(BOB), ENDOWMENT);
			assert_eq!(free(ALICE), ENDOWMENT);

			assert_ok!(LandRegistry::propose_sale(signed(ALICE), id, BOB, 200));
			assert_ok!(LandRegistry::cancel_sale(signed(REGISTRAR), id));

			assert_ok!(LandRegistry::propose_sale(signed(ALICE), id, BOB, 200));
			advance_to(1 + SALE_EXPIRY);
			assert_ok!(LandRegistry::cancel_sale(signed(DAVE), id));

			assert_ok!(LandRegistry::propose_sale(signed(ALICE), id, BOB, 200));
			assert_ok!(LandRegistry::accept_sale(signed(BOB), id, 200));
			assert_ok!(LandRegistry::approve_sale(signed(REGISTRAR), id));
			assert_noop!(LandRegistry::cancel_sale(signed(ALICE), id), Error::<Test>::CannotCancel);
			assert_noop!(LandRegistry::cancel_sale(signed(BOB), id), Error::<Test>::CannotCancel);
			assert_ok!(LandRegistry::cancel_sale(signed(REGISTRAR), id));
			assert_eq!(free(BOB), ENDOWMENT);
			assert_noop!(LandRegistry::cancel_sale(signed(ALICE), id), Error::<Test>::NoSale);
		});
	}
}

mod encumbrances {
	use super::*;

	#[test]
	fn a_holder_proposes_and_the_owner_accepts() {
		run(|| {
			let id = alices_parcel();
			assert_ok!(LandRegistry::propose_encumbrance(
				signed(CHARLIE),
				id,
				EncumbranceKind::Mortgage,
				doc(9)
			));
			assert_eq!(
				last_event(),
				Event::EncumbranceProposed {
					parcel: id,
					encumbrance: 0,
					kind: EncumbranceKind::Mortgage,
					holder: CHARLIE
				}
			);
			assert_eq!(held(HoldReason::EncumbranceDeposit, CHARLIE), ENCUMBRANCE_DEPOSIT);
			assert!(Encumbrances::<Test>::get(id).is_empty());
			assert_ok!(LandRegistry::accept_encumbrance(signed(ALICE), id, 0));
			assert_eq!(
				last_event(),
				Event::EncumbranceRegistered {
					parcel: id,
					encumbrance: 0,
					kind: EncumbranceKind::Mortgage,
					holder: CHARLIE
				}
			);
			let in_force = &Encumbrances::<Test>::get(id)[0];
			assert_eq!(in_force.deposit, Deposit { account: CHARLIE, amount: ENCUMBRANCE_DEPOSIT });
			assert!(!EncumbranceProposals::<Test>::contains_key(id, 0));
			assert_ok!(LandRegistry::discharge_encumbrance(signed(CHARLIE), id, 0));
			assert_eq!(last_event(), Event::EncumbranceDischarged { parcel: id, encumbrance: 0 });
			assert!(!Encumbrances::<Test>::contains_key(id));
			assert_eq!(free(CHARLIE), ENDOWMENT);
		});
	}

	#[test]
	fn the_owner_rejects_and_the_holder_withdraws_proposals() {
		run(|| {
			let id = alices_parcel();
			assert_ok!(LandRegistry::propose_encumbrance(
				signed(CHARLIE),
				id,
				EncumbranceKind::Lien,
				doc(9)
			));
			assert_noop!(
				LandRegistry::reject_encumbrance(signed(BOB), id, 0),
				Error::<Test>::NotOwner
			);
			assert_ok!(LandRegistry::reject_encumbrance(signed(ALICE), id, 0));
			assert_eq!(last_event(), Event::EncumbranceRejected { parcel: id, encumbrance: 0 });
			assert_eq!(free(CHARLIE), ENDOWMENT);
			assert_noop!(
				LandRegistry::reject_encumbrance(signed(ALICE), id, 0),
				Error::<Test>::UnknownEncumbrance
			);
			assert_noop!(
				LandRegistry::reject_encumbrance(signed(ALICE), 99, 0),
				Error::<Test>::UnknownParcel
			);
			assert_ok!(LandRegistry::propose_encumbrance(
				signed(CHARLIE),
				id,
				EncumbranceKind::Lien,
				doc(9)
			));
			assert_noop!(
				LandRegistry::discharge_encumbrance(signed(DAVE), id, 1),
				Error::<Test>::NotHolder
			);
			assert_ok!(LandRegistry::discharge_encumbrance(signed(CHARLIE), id, 1));
			assert_eq!(free(CHARLIE), ENDOWMENT);
			assert!(!EncumbranceProposals::<Test>::contains_key(id, 1));
		});
	}

	#[test]
	fn proposals_and_acceptance_are_checked() {
		run(|| {
			let id = alices_parcel();
			assert_noop!(
				LandRegistry::propose_encumbrance(signed(ALICE), id, EncumbranceKind::Lien, doc(9)),
				Error::<Test>::HolderIsOwner
			);
			assert_noop!(
				LandRegistry::propose_encumbrance(
					signed(CHARLIE),
					99,
					EncumbranceKind::Lien,
					doc(9)
				),
				Error::<Test>::UnknownParcel
			);
			assert_noop!(
				LandRegistry::propose_encumbrance(
					signed(PAUPER),
					id,
					EncumbranceKind::Lien,
					doc(9)
				),
				TokenError::FundsUnavailable
			);
			assert_ok!(LandRegistry::propose_encumbrance(
				signed(CHARLIE),
				id,
				EncumbranceKind::Lien,
				doc(9)
			));
			assert_noop!(
				LandRegistry::accept_encumbrance(signed(BOB), id, 0),
				Error::<Test>::NotOwner
			);
			assert_noop!(
				LandRegistry::accept_encumbrance(signed(ALICE), id, 5),
				Error::<Test>::UnknownEncumbrance
			);
			for _ in 0..3 {
				lien_of(DAVE, id, EncumbranceKind::Easement);
			}
			assert_noop!(
				LandRegistry::accept_encumbrance(signed(ALICE), id, 0),
				Error::<Test>::TooManyEncumbrances
			);
			assert_noop!(
				LandRegistry::discharge_encumbrance(signed(DAVE), id, 42),
				Error::<Test>::UnknownEncumbrance
			);
		});
	}

	#[test]
	fn a_registrar_registers_an_encumbrance_on_its_own_deposit() {
		run(|| {
			let id = alices_parcel();
			assert_ok!(LandRegistry::register_encumbrance(
				signed(REGISTRAR),
				id,
				EncumbranceKind::Caveat,
				CHARLIE,
				doc(6)
			));
			assert_eq!(
				last_event(),
				Event::EncumbranceRegistered {
					parcel: id,
					encumbrance: 0,
					kind: EncumbranceKind::Caveat,
					holder: CHARLIE
				}
			);
			assert_eq!(held(HoldReason::EncumbranceDeposit, REGISTRAR), ENCUMBRANCE_DEPOSIT);
			assert_noop!(
				LandRegistry::register_encumbrance(
					signed(OTHER_REGISTRAR),
					id,
					EncumbranceKind::Caveat,
					CHARLIE,
					doc(6)
				),
				Error::<Test>::NotRegistrar
			);
			assert_noop!(
				LandRegistry::register_encumbrance(
					signed(REGISTRAR),
					id,
					EncumbranceKind::Caveat,
					ALICE,
					doc(6)
				),
				Error::<Test>::HolderIsOwner
			);
			assert_ok!(LandRegistry::discharge_encumbrance(signed(CHARLIE), id, 0));
			assert_eq!(held(HoldReason::EncumbranceDeposit, REGISTRAR), 0);
		});
	}

	#[test]
	fn consent_needs_the_holder_and_an_open_sale() {
		run(|| {
			let id = alices_parcel();
			let lien = lien_of(CHARLIE, id, EncumbranceKind::Lien);
			assert_noop!(
				LandRegistry::consent_to_sale(signed(CHARLIE), id, lien),
				Error::<Test>::NoSale
			);
			assert_ok!(LandRegistry::propose_sale(signed(ALICE), id, BOB, 200));
			assert_noop!(
				LandRegistry::consent_to_sale(signed(DAVE), id, lien),
				Error::<Test>::NotHolder
			);
			assert_noop!(
				LandRegistry::consent_to_sale(signed(CHARLIE), id, 42),
				Error::<Test>::UnknownEncumbrance
			);
		});
	}
}

mod disputes {
	use super::*;

	#[test]
	fn an_upheld_dispute_returns_the_deposit_and_a_rejected_one_pays_the_owner() {
		run(|| {
			let id = alices_parcel();
			assert_ok!(LandRegistry::raise_dispute(signed(DAVE), id, doc(4)));
			assert_eq!(
				last_event(),
				Event::DisputeRaised { parcel: id, dispute: 0, claimant: DAVE }
			);
			assert_eq!(held(HoldReason::DisputeDeposit, DAVE), DISPUTE_DEPOSIT);
			assert_ok!(LandRegistry::raise_dispute(signed(CHARLIE), id, doc(4)));
			assert_ok!(LandRegistry::resolve_dispute(signed(REGISTRAR), id, 0, true));
			assert_eq!(
				last_event(),
				Event::DisputeResolved { parcel: id, dispute: 0, upheld: true }
			);
			assert_eq!(free(DAVE), ENDOWMENT);
			assert_ok!(LandRegistry::resolve_dispute(signed(REGISTRAR), id, 1, false));
			assert_eq!(free(CHARLIE), ENDOWMENT - DISPUTE_DEPOSIT);
			assert_eq!(free(ALICE), ENDOWMENT + DISPUTE_DEPOSIT);
			assert!(!Disputes::<Test>::contains_key(id));
		});
	}

	#[test]
	fn disputes_are_bounded_and_resolved_by_the_registrar() {
		run(|| {
			let id = alices_parcel();
			assert_noop!(
				LandRegistry::raise_dispute(signed(DAVE), 99, doc(4)),
				Error::<Test>::UnknownParcel
			);
			assert_noop!(
				LandRegistry::raise_dispute(signed(PAUPER), id, doc(4)),
				TokenError::FundsUnavailable
			);
			assert_ok!(LandRegistry::raise_dispute(signed(DAVE), id, doc(4)));
			assert_ok!(LandRegistry::raise_dispute(signed(DAVE), id, doc(4)));
			assert_noop!(
				LandRegistry::raise_dispute(signed(DAVE), id, doc(4)),
				Error::<Test>::TooManyDisputes
			);
			assert_noop!(
				LandRegistry::resolve_dispute(signed(OTHER_REGISTRAR), id, 0, true),
				Error::<Test>::NotRegistrar
			);
			assert_noop!(
				LandRegistry::resolve_dispute(signed(REGISTRAR), id, 7, true),
				Error::<Test>::UnknownDispute
			);
		});
	}

	#[test]
	fn a_dispute_blocks_approval() {
		run(|| {
			let id = escrowed_sale();
			assert_ok!(LandRegistry::raise_dispute(signed(DAVE), id, doc(4)));
			assert_noop!(
				LandRegistry::approve_sale(signed(REGISTRAR), id),
				Error::<Test>::Disputed
			);
		});
	}
}

mod invariants {
	use super::*;

	#[test]
	fn try_state_catches_overlaps_and_escrow_drift() {
		run(|| {
			let id = escrowed_sale();
			TotalEscrow::<Test>::put(1);
			assert!(LandRegistry::do_try_state().is_err());
			TotalEscrow::<Test>::put(200);
			let mut intruder = parcel(id);
			let footprint = LandRegistry::footprint(rectangle(50, 50, 10, 10)).unwrap();
			intruder.boundary = footprint.boundary;
			intruder.bounds = footprint.bounds;
			intruder.triangles = footprint.triangles;
			Parcels::<Test>::insert(99, intruder);
			CellIndex::<Test>::mutate(geometry::Cell { lat: 0, lon: 0 }, |ids| {
				ids.try_push(99).unwrap()
			});
			History::<Test>::insert(99, 0, LandRegistry::history(id, 0, u32::MAX)[0].clone());
			ParcelsOf::<Test>::insert(ALICE, 99, ());
			assert_eq!(LandRegistry::do_try_state(), Err("two parcels overlap".into()));
			Parcels::<Test>::remove(99);
			History::<Test>::remove(99, 0);
			ParcelsOf::<Test>::remove(ALICE, 99);
			CellIndex::<Test>::mutate(geometry::Cell { lat: 0, lon: 0 }, |ids| {
				ids.retain(|i| *i != 99)
			});
		});
	}
}

mod kept_geometry {
	use super::*;

	#[test]
	fn a_parcel_keeps_its_bounding_box_and_triangulation() {
		run(|| {
			let id = alices_parcel();
			let record = parcel(id);
			assert_eq!(geometry::Bounds::of(&record.boundary), Some(record.bounds));
			assert_eq!(record.triangles.len(), record.boundary.len() - 2);
			assert!(geometry::triangulates(&record.boundary, &record.triangles));
		});
	}

	#[test]
	fn try_state_catches_a_kept_box_or_triangulation_that_is_not_the_boundarys() {
		run(|| {
			let id = alices_parcel();
			let kept = parcel(id);
			Parcels::<Test>::mutate(id, |record| {
				record.as_mut().unwrap().bounds.max.lat += 1;
			});
			assert_eq!(
				LandRegistry::do_try_state(),
				Err("a parcel's kept bounding box is not its boundary's".into())
			);
			Parcels::<Test>::mutate(id, |record| {
				let record = record.as_mut().unwrap();
				record.bounds = kept.bounds;
				record.triangles.pop();
			});
			assert_eq!(
				LandRegistry::do_try_state(),
				Err("a parcel's kept triangles do not triangulate its boundary".into())
			);
			Parcels::<Test>::insert(id, kept);
		});
	}
}

mod frozen_titles {
	use super::*;

	/// The buyer paid for the parcel as it was: its owner cannot burden it now, even with a
	/// willing holder.
	#[test]
	fn an_escrowed_sale_freezes_the_encumbrances_the_buyer_agreed_to() {
		run(|| {
			let id = escrowed_sale();
			let proposal = NextEncumbranceId::<Test>::get();
			assert_ok!(LandRegistry::propose_encumbrance(
				signed(CHARLIE),
				id,
				EncumbranceKind::Mortgage,
				doc(9)
			));
			assert_noop!(
				LandRegistry::accept_encumbrance(signed(ALICE), id, proposal),
				Error::<Test>::SaleOpen
			);
			assert_ok!(LandRegistry::approve_sale(signed(REGISTRAR), id));
			advance_to(1 + OBJECTION_PERIOD);
			assert_ok!(LandRegistry::complete_sale(signed(DAVE), id));
			assert!(Encumbrances::<Test>::get(id).is_empty());
			assert_ok!(LandRegistry::accept_encumbrance(signed(BOB), id, proposal));
		});
	}

	/// A registrar's court order lands on the parcel after the buyer paid: the sale stops and
	/// the buyer, even of an approved sale, takes the escrow back.
	#[test]
	fn the_buyer_withdraws_when_the_title_changes_under_the_sale() {
		run(|| {
			let id = approved_sale();
			assert_ok!(LandRegistry::register_encumbrance(
				signed(REGISTRAR),
				id,
				EncumbranceKind::Caveat,
				CHARLIE,
				doc(5)
			));
			advance_to(1 + OBJECTION_PERIOD);
			assert_noop!(
				LandRegistry::complete_sale(signed(DAVE), id),
				Error::<Test>::TitleChanged
			);
			assert_noop!(LandRegistry::cancel_sale(signed(ALICE), id), Error::<Test>::CannotCancel);
			assert_ok!(LandRegistry::cancel_sale(signed(BOB), id));
			assert_eq!(held(HoldReason::Escrow, BOB), 0);
			assert_eq!(TotalEscrow::<Test>::get(), 0);
		});
	}

	#[test]
	fn an_escrowed_sale_whose_title_changed_is_not_approved() {
		run(|| {
			let id = escrowed_sale();
			assert_ok!(LandRegistry::register_encumbrance(
				signed(REGISTRAR),
				id,
				EncumbranceKind::Easement,
				CHARLIE,
				doc(5)
			));
			assert_noop!(
				LandRegistry::approve_sale(signed(REGISTRAR), id),
				Error::<Test>::TitleChanged
			);
		});
	}

	/// Encumbrances in force when the buyer paid stay agreed: the sale goes ahead with them.
	#[test]
	fn encumbrances_agreed_to_do_not_stop_the_sale() {
		run(|| {
			let id = alices_parcel();
			lien_of(CHARLIE, id, EncumbranceKind::Easement);
			assert_ok!(LandRegistry::propose_sale(signed(ALICE), id, BOB, 200));
			assert_ok!(LandRegistry::accept_sale(signed(BOB), id, 200));
			assert_ok!(LandRegistry::approve_sale(signed(REGISTRAR), id));
			assert_noop!(LandRegistry::cancel_sale(signed(BOB), id), Error::<Test>::CannotCancel);
		});
	}
}

mod impartiality {
	use super::*;

	#[test]
	fn the_parties_to_a_sale_do_not_object_to_it() {
		run(|| {
			let id = approved_sale();
			for party in [ALICE, BOB] {
				assert_noop!(
					LandRegistry::object_to_sale(signed(party), id, doc(3)),
					Error::<Test>::PartyCannotObject
				);
			}
			assert_ok!(LandRegistry::object_to_sale(signed(CHARLIE), id, doc(3)));
		});
	}

	#[test]
	fn an_owner_does_not_dispute_their_own_title() {
		run(|| {
			let id = alices_parcel();
			assert_noop!(
				LandRegistry::raise_dispute(signed(ALICE), id, doc(4)),
				Error::<Test>::OwnerCannotDispute
			);
		});
	}

	#[test]
	fn a_registrar_does_not_decide_its_own_matters() {
		run(|| {
			assert_noop!(
				LandRegistry::register_parcel(
					signed(REGISTRAR),
					DISTRICT,
					rectangle(0, 0, 100, 100),
					LandUse::Residential,
					doc(1),
					REGISTRAR
				),
				Error::<Test>::ConflictOfInterest
			);
			let id = alices_parcel();
			assert_ok!(LandRegistry::propose_sale(signed(ALICE), id, REGISTRAR, 200));
			assert_ok!(LandRegistry::accept_sale(signed(REGISTRAR), id, 200));
			assert_noop!(
				LandRegistry::approve_sale(signed(REGISTRAR), id),
				Error::<Test>::ConflictOfInterest
			);
			assert_noop!(
				LandRegistry::rectify_owner(signed(REGISTRAR), id, REGISTRAR, doc(2)),
				Error::<Test>::ConflictOfInterest
			);
			assert_noop!(
				LandRegistry::register_encumbrance(
					signed(REGISTRAR),
					id,
					EncumbranceKind::Lien,
					REGISTRAR,
					doc(2)
				),
				Error::<Test>::ConflictOfInterest
			);
			assert_ok!(LandRegistry::raise_dispute(signed(REGISTRAR), id, doc(4)));
			assert_noop!(
				LandRegistry::resolve_dispute(signed(REGISTRAR), id, 0, true),
				Error::<Test>::ConflictOfInterest
			);
		});
	}
}

mod rights {
	use super::*;
	use polis_primitives::LandRights;

	#[test]
	fn the_owner_and_easement_holders_of_an_active_parcel_have_rights_over_it() {
		run(|| {
			let parent = alices_parcel();
			assert_ok!(LandRegistry::subdivide(
				signed(REGISTRAR),
				parent,
				plans(vec![rectangle(0, 0, 100, 40), rectangle(0, 40, 100, 60)]),
				doc(2)
			));
			// A retired parcel gives no rights; its children are Alice's.
			assert!(!LandRegistry::has_rights(parent, &ALICE));
			let id = parent + 1;
			assert!(LandRegistry::has_rights(id, &ALICE));
			lien_of(CHARLIE, id, EncumbranceKind::Lien);
			lien_of(DAVE, id, EncumbranceKind::Easement);
			assert!(LandRegistry::has_rights(id, &DAVE));
			// A creditor holds a claim, not a right of use.
			assert!(!LandRegistry::has_rights(id, &CHARLIE));
			assert!(!LandRegistry::has_rights(id, &BOB));
			assert!(!LandRegistry::has_rights(99, &ALICE));
		});
	}
}

mod bounded_reads {
	use super::*;

	#[test]
	fn proposals_awaiting_an_owner_are_bounded() {
		run(|| {
			let id = alices_parcel();
			let propose = |holder| {
				LandRegistry::propose_encumbrance(signed(holder), id, EncumbranceKind::Lien, doc(9))
			};
			let first = NextEncumbranceId::<Test>::get();
			assert_ok!(propose(CHARLIE));
			assert_ok!(propose(DAVE));
			assert_noop!(propose(BOB), Error::<Test>::TooManyProposals);
			assert_ok!(LandRegistry::reject_encumbrance(signed(ALICE), id, first));
			assert_ok!(propose(BOB));
			assert_eq!(parcel(id).proposals, 2);
		});
	}

	#[test]
	fn an_owners_parcels_and_a_parcels_owners_are_read_in_pages() {
		run(|| {
			let ids: Vec<ParcelId> =
				(0..5).map(|i| register(rectangle(0, i * 100, 100, 100), ALICE)).collect();
			let first = LandRegistry::parcels_of(&ALICE, None, 2);
			let second = LandRegistry::parcels_of(&ALICE, first.last().copied(), 2);
			let third = LandRegistry::parcels_of(&ALICE, second.last().copied(), 2);
			let mut paged: Vec<ParcelId> = [first, second, third].concat();
			assert_eq!(paged.len(), 5);
			paged.sort();
			assert_eq!(paged, ids);

			let id = ids[0];
			assert_ok!(LandRegistry::rectify_owner(signed(REGISTRAR), id, BOB, doc(2)));
			assert_ok!(LandRegistry::rectify_owner(signed(REGISTRAR), id, CHARLIE, doc(3)));
			let owners = |from, limit| -> Vec<AccountId> {
				LandRegistry::history(id, from, limit)
					.into_iter()
					.map(|entry| entry.owner)
					.collect()
			};
			assert_eq!(owners(1, 1), vec![BOB]);
			assert_eq!(owners(1, 10), vec![BOB, CHARLIE]);
			let view = LandRegistry::parcel_view(id).unwrap();
			assert_eq!((view.history_length, view.history.len()), (3, 3));
		});
	}
}

mod invariants_catch {
	use super::*;

	#[test]
	fn try_state_catches_a_proposal_count_that_does_not_match() {
		run(|| {
			let id = alices_parcel();
			assert_ok!(LandRegistry::propose_encumbrance(
				signed(CHARLIE),
				id,
				EncumbranceKind::Lien,
				doc(9)
			));
			assert_ok!(LandRegistry::do_try_state());
			Parcels::<Test>::mutate(id, |record| record.as_mut().unwrap().proposals = 0);
			assert!(LandRegistry::do_try_state().is_err());
			Parcels::<Test>::mutate(id, |record| record.as_mut().unwrap().proposals = 1);
		});
	}
}
