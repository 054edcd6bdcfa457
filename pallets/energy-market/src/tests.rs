//! The energy market's rules, call by call.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	pallet_prelude::Get,
	traits::{fungible::InspectHold, Hooks},
	weights::Weight,
};
use polis_primitives::{
	CertificateInfo, CertificateKind, DeviceKind, EnergySource, RenewableEnergy,
};
use sp_runtime::{DispatchError, TokenError};

fn place(who: AccountId, side: Side, quantity_wh: u64, limit_price: Balance) -> OrderId {
	assert_ok!(EnergyMarket::place_order(
		RuntimeOrigin::signed(who),
		ZONE,
		SLOT,
		side,
		meter_of(who),
		quantity_wh,
		limit_price
	));
	NextOrderId::<Test>::get() - 1
}

fn held(reason: HoldReason, who: AccountId) -> Balance {
	Balances::balance_on_hold(&reason.into(), &who)
}

fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

/// The certificate `owner` holds.
fn certificate_of(owner: AccountId) -> (CertificateId, Certificate<Test>) {
	Certificates::<Test>::iter()
		.find(|(_, certificate)| certificate.owner == owner)
		.expect("a certificate was issued")
}

fn read_weight(reads: u64) -> Weight {
	<<Test as frame_system::Config>::DbWeight as Get<frame_support::weights::RuntimeDbWeight>>::get(
	)
	.reads(reads)
}

/// Settles the book in full batches until it is gone.
fn settle_all(slot: SlotIndex) {
	while Books::<Test>::contains_key(ZONE, slot) {
		assert_ok!(EnergyMarket::settle(RuntimeOrigin::signed(OUTSIDER), ZONE, slot, MAX_BATCH));
	}
}

mod participation {
	use super::*;

	fn join(who: AccountId, zone: ZoneId) -> DispatchResult {
		EnergyMarket::join(RuntimeOrigin::signed(who), zone, false)
	}

	fn order(who: AccountId) -> DispatchResult {
		EnergyMarket::place_order(
			RuntimeOrigin::signed(who),
			ZONE,
			SLOT,
			Side::Buy,
			meter_of(who),
			1_000,
			400,
		)
	}

	#[test]
	fn joining_checks_the_participant_credential_for_the_zone() {
		run(|| {
			assert_noop!(join(OUTSIDER, OTHER_ZONE), Error::<Test>::UnknownZone);
			assert_noop!(join(OUTSIDER, ZONE), Error::<Test>::NoParticipantCredential);
			assert_ok!(EnergyMarket::set_zone(RuntimeOrigin::root(), OTHER_ZONE, zone()));
			give_credential(OUTSIDER, PARTICIPANT, Some(OTHER_ZONE));
			assert_noop!(join(OUTSIDER, ZONE), Error::<Test>::NoParticipantCredential);
			assert_noop!(order(OUTSIDER), Error::<Test>::NotAParticipant);
			assert_ok!(join(OUTSIDER, OTHER_ZONE));
			let until_ms = u64::from(NOW_SLOT) * INTERVAL + PARTICIPATION_PERIOD;
			assert_eq!(
				last_event(),
				Event::ParticipantJoined {
					who: OUTSIDER,
					zone: OTHER_ZONE,
					source: None,
					keeps_attributes: false,
					until_ms
				}
			);
			// A participant of another zone does not trade in this one.
			assert_noop!(order(OUTSIDER), Error::<Test>::NotAParticipant);
		});
	}

	#[test]
	fn a_generator_joins_with_its_source() {
		run(|| {
			assert_eq!(Participants::<Test>::get(ALICE).unwrap().source, Some(EnergySource::Solar));
			assert_eq!(Participants::<Test>::get(BOB).unwrap().source, None);
			give_credential(BOB, WIND_GENERATOR, None);
			assert_ok!(join(BOB, ZONE));
			assert_eq!(Participants::<Test>::get(BOB).unwrap().source, Some(EnergySource::Wind));
		});
	}

	#[test]
	fn only_a_generator_keeps_its_attributes() {
		run(|| {
			assert_noop!(
				EnergyMarket::join(RuntimeOrigin::signed(BOB), ZONE, true),
				Error::<Test>::NotAGenerator
			);
			assert_ok!(EnergyMarket::join(RuntimeOrigin::signed(ALICE), ZONE, true));
			assert!(Participants::<Test>::get(ALICE).unwrap().keeps_attributes);
		});
	}

	#[test]
	fn the_deposit_is_held_once_and_returned_on_leaving() {
		run(|| {
			ParticipantDeposit::set(&25);
			give_credential(OUTSIDER, PARTICIPANT, Some(ZONE));
			assert_ok!(join(OUTSIDER, ZONE));
			assert_eq!(held(HoldReason::Deposit, OUTSIDER), 25);
			// Renewing keeps the deposit.
			assert_ok!(join(OUTSIDER, ZONE));
			assert_eq!(held(HoldReason::Deposit, OUTSIDER), 25);
			assert_ok!(EnergyMarket::leave(RuntimeOrigin::signed(OUTSIDER)));
			assert_eq!(last_event(), Event::ParticipantLeft { who: OUTSIDER });
			assert_eq!(held(HoldReason::Deposit, OUTSIDER), 0);
			assert_eq!(free(OUTSIDER), ENDOWMENT);
			assert_noop!(
				EnergyMarket::leave(RuntimeOrigin::signed(OUTSIDER)),
				Error::<Test>::NotAParticipant
			);
			give_credential(PAUPER, PARTICIPANT, Some(ZONE));
			assert_ok!(EnergyMarket::leave(RuntimeOrigin::signed(PAUPER)));
			ParticipantDeposit::set(&1_000);
			assert_noop!(join(PAUPER, ZONE), TokenError::FundsUnavailable);
		});
	}

	#[test]
	fn a_participant_that_left_still_settles_its_orders() {
		run(|| {
			place(ALICE, Side::Sell, 1_000, 200);
			place(BOB, Side::Buy, 1_000, 400);
			assert_ok!(EnergyMarket::leave(RuntimeOrigin::signed(ALICE)));
			assert_noop!(order(ALICE), Error::<Test>::NotAParticipant);
			close_gate(SLOT);
			record(meter_of(ALICE), EXPORT, SLOT, 1_000);
			record(meter_of(BOB), IMPORT, SLOT, 1_000);
			open_settlement(SLOT);
			settle_all(SLOT);
			assert_eq!(free(ALICE), ENDOWMENT + 200);
		});
	}

	#[test]
	fn a_participation_lapses_and_is_renewed() {
		run(|| {
			let lapses = Participants::<Test>::get(BOB).unwrap().until_ms;
			set_time(lapses - 1);
			assert_noop!(
				EnergyMarket::evict(RuntimeOrigin::signed(OUTSIDER), BOB),
				Error::<Test>::StillEligible
			);
			set_time(lapses);
			let order = |who| {
				EnergyMarket::place_order(
					RuntimeOrigin::signed(who),
					ZONE,
					(lapses / INTERVAL) as SlotIndex + 2,
					Side::Buy,
					meter_of(who),
					1_000,
					400,
				)
			};
			assert_noop!(order(BOB), Error::<Test>::ParticipationLapsed);
			assert_ok!(join(BOB, ZONE));
			assert_ok!(order(BOB));
			set_time(Participants::<Test>::get(CHARLIE).unwrap().until_ms);
			assert_ok!(EnergyMarket::evict(RuntimeOrigin::signed(OUTSIDER), CHARLIE));
			assert_eq!(last_event(), Event::ParticipantEvicted { who: CHARLIE });
			assert!(!Participants::<Test>::contains_key(CHARLIE));
		});
	}

	#[test]
	fn anyone_evicts_a_participant_whose_credentials_changed() {
		run(|| {
			assert_noop!(
				EnergyMarket::evict(RuntimeOrigin::signed(OUTSIDER), OUTSIDER),
				Error::<Test>::NotAParticipant
			);
			for who in [ALICE, BOB] {
				assert_noop!(
					EnergyMarket::evict(RuntimeOrigin::signed(OUTSIDER), who),
					Error::<Test>::StillEligible
				);
			}
			// A revoked participant credential: its orders are refused once evicted.
			revoke_credential(BOB, PARTICIPANT);
			assert_ok!(EnergyMarket::evict(RuntimeOrigin::signed(OUTSIDER), BOB));
			assert_noop!(order(BOB), Error::<Test>::NotAParticipant);
			assert_noop!(join(BOB, ZONE), Error::<Test>::NoParticipantCredential);
			// A generator credential revoked, or one gained: the recorded source is wrong.
			revoke_credential(ALICE, SOLAR_GENERATOR);
			assert_ok!(EnergyMarket::evict(RuntimeOrigin::signed(OUTSIDER), ALICE));
			give_credential(CHARLIE, WIND_GENERATOR, None);
			assert_ok!(EnergyMarket::evict(RuntimeOrigin::signed(OUTSIDER), CHARLIE));
		});
	}

	#[test]
	fn a_deactivated_did_trades_no_more() {
		run(|| {
			deactivate_did(DAVE);
			assert_noop!(order(DAVE), Error::<Test>::NotAParticipant);
			assert_ok!(EnergyMarket::evict(RuntimeOrigin::signed(OUTSIDER), DAVE));
		});
	}
}

mod governance {
	use super::*;

	#[test]
	fn governance_defines_zones_up_to_the_maximum() {
		run(|| {
			assert_noop!(
				EnergyMarket::set_zone(RuntimeOrigin::signed(ALICE), OTHER_ZONE, zone()),
				DispatchError::BadOrigin
			);
			let mut inverted = zone();
			inverted.feed_in_tariff = inverted.retail_price;
			assert_noop!(
				EnergyMarket::set_zone(RuntimeOrigin::root(), OTHER_ZONE, inverted),
				Error::<Test>::InconsistentZone
			);
			for id in [OTHER_ZONE, 3, 4] {
				assert_ok!(EnergyMarket::set_zone(RuntimeOrigin::root(), id, zone()));
			}
			assert_eq!(last_event(), Event::ZoneSet { zone: 4 });
			assert_noop!(
				EnergyMarket::set_zone(RuntimeOrigin::root(), 5, zone()),
				Error::<Test>::TooManyZones
			);
			// Changing a zone does not count it again.
			assert_ok!(EnergyMarket::set_zone(RuntimeOrigin::root(), ZONE, zone()));
			assert_eq!(ZoneCount::<Test>::get(), 4);
		});
	}

	#[test]
	fn a_zone_with_books_is_not_removed() {
		run(|| {
			place(BOB, Side::Buy, 1_000, 400);
			assert_noop!(
				EnergyMarket::remove_zone(RuntimeOrigin::signed(OPERATOR), ZONE),
				DispatchError::BadOrigin
			);
			assert_noop!(
				EnergyMarket::remove_zone(RuntimeOrigin::root(), OTHER_ZONE),
				Error::<Test>::UnknownZone
			);
			assert_noop!(
				EnergyMarket::remove_zone(RuntimeOrigin::root(), ZONE),
				Error::<Test>::ZoneInUse
			);
			assert_ok!(EnergyMarket::cancel_order(RuntimeOrigin::signed(BOB), 0));
			assert_ok!(EnergyMarket::remove_zone(RuntimeOrigin::root(), ZONE));
			assert_eq!(last_event(), Event::ZoneRemoved { zone: ZONE });
			assert_eq!(ZoneCount::<Test>::get(), 0);
		});
	}

	#[test]
	fn rules_must_be_consistent() {
		run(|| {
			assert_noop!(
				EnergyMarket::set_rules(RuntimeOrigin::signed(ALICE), rules()),
				DispatchError::BadOrigin
			);
			let broken = [
				MarketRules { price_cap: 0, ..rules() },
				// More than `MaxPriceLevels` ticks.
				MarketRules { price_cap: TICK * (MAX_LEVELS as u64 + 1), ..rules() },
				MarketRules { imbalance_price: PRICE_CAP - 1, ..rules() },
				MarketRules { gate_closure_ms: INTERVAL * MAX_SLOTS_AHEAD as u64, ..rules() },
				MarketRules { settlement_delay_ms: 3_600_001, ..rules() },
			];
			for rules in broken {
				assert_noop!(
					EnergyMarket::set_rules(RuntimeOrigin::root(), rules),
					Error::<Test>::InconsistentRules
				);
			}
			let cheaper = MarketRules { imbalance_price: PRICE_CAP, ..rules() };
			assert_ok!(EnergyMarket::set_rules(RuntimeOrigin::root(), cheaper.clone()));
			assert_eq!(Rules::<Test>::get(), Some(cheaper));
			assert_eq!(last_event(), Event::RulesSet);
		});
	}

	#[test]
	fn the_operator_sets_envelopes_holding_a_deposit() {
		run(|| {
			let meter = meter_of(BOB);
			assert_noop!(
				EnergyMarket::set_envelope(RuntimeOrigin::signed(ALICE), ZONE, meter, Some((1, 1))),
				Error::<Test>::NotOperator
			);
			assert_noop!(
				EnergyMarket::set_envelope(
					RuntimeOrigin::signed(OPERATOR),
					OTHER_ZONE,
					meter,
					Some((1, 1))
				),
				Error::<Test>::UnknownZone
			);
			let set = |envelope| {
				EnergyMarket::set_envelope(RuntimeOrigin::signed(OPERATOR), ZONE, meter, envelope)
			};
			assert_ok!(set(Some((500, 0))));
			assert_ok!(set(Some((800, 0))));
			assert_eq!(held(HoldReason::Deposit, OPERATOR), DEPOSIT);
			assert_eq!(Envelopes::<Test>::get(ZONE, meter).unwrap().import_wh, 800);
			assert_eq!(
				last_event(),
				Event::EnvelopeSet { zone: ZONE, meter, envelope: Some((800, 0)) }
			);
			assert_ok!(set(None));
			assert_eq!(held(HoldReason::Deposit, OPERATOR), 0);
			assert!(Envelopes::<Test>::get(ZONE, meter).is_none());
		});
	}
}

mod placing {
	use super::*;

	#[test]
	fn a_buyer_holds_its_most_cost_and_a_deposit() {
		run(|| {
			let order = place(BOB, Side::Buy, 1_500, 400);
			// 1.5 kWh × (imbalance 600 + grid fee 20).
			assert_eq!(held(HoldReason::Collateral, BOB), 930);
			assert_eq!(held(HoldReason::Deposit, BOB), DEPOSIT);
			assert_eq!(
				last_event(),
				Event::OrderPlaced {
					order,
					owner: BOB,
					zone: ZONE,
					slot: SLOT,
					side: Side::Buy,
					quantity_wh: 1_500,
					limit_price: 400,
					held: 930,
				}
			);
			let book = Books::<Test>::get(ZONE, SLOT).unwrap();
			assert_eq!(book.bids.to_vec(), vec![PriceLevel { price: 400, volume_wh: 1_500 }]);
			assert_eq!(BooksToClear::<Test>::get(SLOT).to_vec(), vec![ZONE]);
		});
	}

	#[test]
	fn a_seller_holds_its_most_penalty_and_a_generator_is_marked_renewable() {
		run(|| {
			let solar = place(ALICE, Side::Sell, 1_000, 200);
			let plain = place(CHARLIE, Side::Sell, 1_000, 200);
			assert_eq!(held(HoldReason::Collateral, ALICE), 600);
			assert_eq!(Orders::<Test>::get(solar).unwrap().source, Some(EnergySource::Solar));
			assert_eq!(Orders::<Test>::get(plain).unwrap().source, None);
			let book = Books::<Test>::get(ZONE, SLOT).unwrap();
			assert_eq!(book.asks.to_vec(), vec![PriceLevel { price: 200, volume_wh: 2_000 }]);
			assert_eq!(book.orders, 2);
		});
	}

	#[test]
	fn quantities_and_prices_are_checked() {
		run(|| {
			let order = |quantity, price| {
				EnergyMarket::place_order(
					RuntimeOrigin::signed(BOB),
					ZONE,
					SLOT,
					Side::Buy,
					meter_of(BOB),
					quantity,
					price,
				)
			};
			assert_noop!(order(0, 400), Error::<Test>::InvalidQuantity);
			assert_noop!(order(MAX_ORDER_WH + 1, 400), Error::<Test>::InvalidQuantity);
			assert_noop!(order(1_000, 0), Error::<Test>::InvalidPrice);
			assert_noop!(order(1_000, PRICE_CAP + TICK), Error::<Test>::InvalidPrice);
			assert_noop!(order(1_000, 405), Error::<Test>::InvalidPrice);
		});
	}

	#[test]
	fn orders_are_taken_from_max_slots_ahead_until_gate_closure() {
		run(|| {
			let order = |slot| {
				EnergyMarket::place_order(
					RuntimeOrigin::signed(BOB),
					ZONE,
					slot,
					Side::Buy,
					meter_of(BOB),
					1_000,
					400,
				)
			};
			assert_noop!(order(NOW_SLOT + MAX_SLOTS_AHEAD + 1), Error::<Test>::SlotTooFarAhead);
			// The next slot's gate closes 5 minutes before it starts: still open now.
			assert_noop!(order(NOW_SLOT), Error::<Test>::GateClosed);
			assert_ok!(order(NOW_SLOT + 1));
			set_time(EnergyMarket::slot_start(SLOT) - GATE_CLOSURE);
			assert_noop!(order(SLOT), Error::<Test>::GateClosed);
		});
	}

	#[test]
	fn only_participants_of_the_zone_trade_with_their_own_meters() {
		run(|| {
			let order = |who, zone, meter| {
				EnergyMarket::place_order(
					RuntimeOrigin::signed(who),
					zone,
					SLOT,
					Side::Buy,
					meter,
					1_000,
					400,
				)
			};
			assert_noop!(order(BOB, OTHER_ZONE, meter_of(BOB)), Error::<Test>::UnknownZone);
			assert_noop!(order(OUTSIDER, ZONE, meter_of(OUTSIDER)), Error::<Test>::NotAParticipant);
			assert_ok!(EnergyMarket::set_zone(RuntimeOrigin::root(), OTHER_ZONE, zone()));
			assert_noop!(order(BOB, OTHER_ZONE, meter_of(BOB)), Error::<Test>::NotAParticipant);
			assert_noop!(order(BOB, ZONE, meter_of(ALICE)), Error::<Test>::NotYourMeter);
			assert_noop!(order(BOB, ZONE, meter_of(99)), Error::<Test>::NotYourMeter);
			register_device(meter_of(98), BOB, DeviceKind::Other);
			assert_noop!(order(BOB, ZONE, meter_of(98)), Error::<Test>::NotYourMeter);
		});
	}

	#[test]
	fn a_meter_carries_one_order_a_slot_within_its_envelope() {
		run(|| {
			place(BOB, Side::Buy, 1_000, 400);
			assert_noop!(
				EnergyMarket::place_order(
					RuntimeOrigin::signed(BOB),
					ZONE,
					SLOT,
					Side::Sell,
					meter_of(BOB),
					1_000,
					200
				),
				Error::<Test>::MeterBusy
			);
			assert_ok!(EnergyMarket::set_envelope(
				RuntimeOrigin::signed(OPERATOR),
				ZONE,
				meter_of(ALICE),
				Some((5_000, 800))
			));
			assert_noop!(
				EnergyMarket::place_order(
					RuntimeOrigin::signed(ALICE),
					ZONE,
					SLOT,
					Side::Sell,
					meter_of(ALICE),
					801,
					200
				),
				Error::<Test>::ExceedsEnvelope
			);
			place(ALICE, Side::Sell, 800, 200);
		});
	}

	#[test]
	fn orders_are_bounded_per_account_and_per_book() {
		run(|| {
			for slot in SLOT..SLOT + MAX_ORDERS_PER_ACCOUNT {
				assert_ok!(EnergyMarket::place_order(
					RuntimeOrigin::signed(BOB),
					ZONE,
					slot,
					Side::Buy,
					meter_of(BOB),
					100,
					400
				));
			}
			assert_noop!(
				EnergyMarket::place_order(
					RuntimeOrigin::signed(BOB),
					ZONE,
					SLOT + MAX_ORDERS_PER_ACCOUNT,
					Side::Buy,
					meter_of(BOB),
					100,
					400
				),
				Error::<Test>::TooManyOrders
			);
			for who in 20..20 + MAX_ORDERS_PER_BOOK as u64 - 1 {
				Balances::set_balance(&who, ENDOWMENT);
				give_credential(who, PARTICIPANT, Some(ZONE));
				register_device(meter_of(who), who, DeviceKind::ElectricityMeter);
				assert_ok!(EnergyMarket::join(RuntimeOrigin::signed(who), ZONE, false));
				place(who, Side::Sell, 100, 200);
			}
			assert_noop!(
				EnergyMarket::place_order(
					RuntimeOrigin::signed(ALICE),
					ZONE,
					SLOT,
					Side::Sell,
					meter_of(ALICE),
					100,
					200
				),
				Error::<Test>::BookFull
			);
		});
	}

	#[test]
	fn an_order_needs_its_collateral() {
		run(|| {
			assert_noop!(
				EnergyMarket::place_order(
					RuntimeOrigin::signed(PAUPER),
					ZONE,
					SLOT,
					Side::Buy,
					meter_of(PAUPER),
					1_000,
					400
				),
				TokenError::FundsUnavailable
			);
		});
	}

	#[test]
	fn no_orders_are_taken_before_governance_sets_the_rules() {
		run(|| {
			Rules::<Test>::kill();
			assert_noop!(
				EnergyMarket::place_order(
					RuntimeOrigin::signed(BOB),
					ZONE,
					SLOT,
					Side::Buy,
					meter_of(BOB),
					1_000,
					400
				),
				Error::<Test>::NoRules
			);
			Rules::<Test>::put(rules());
		});
	}

	#[test]
	fn an_order_keeps_the_terms_it_was_placed_under() {
		run(|| {
			let order = place(BOB, Side::Buy, 1_000, 400);
			assert_ok!(EnergyMarket::set_rules(
				RuntimeOrigin::root(),
				MarketRules { imbalance_price: 5_000, price_cap: PRICE_CAP, ..rules() }
			));
			let mut dearer = zone();
			dearer.grid_fee = 100;
			assert_ok!(EnergyMarket::set_zone(RuntimeOrigin::root(), ZONE, dearer));
			let kept = Orders::<Test>::get(order).unwrap();
			assert_eq!(
				(kept.imbalance_price, kept.grid_fee, kept.held),
				(IMBALANCE_PRICE, 20, 620)
			);
		});
	}
}

mod schedules {
	use super::*;

	fn line(slot: SlotIndex, quantity_wh: u64) -> OrderLine<Balance> {
		OrderLine { slot, side: Side::Buy, quantity_wh, limit_price: 400 }
	}

	fn schedule(who: AccountId, lines: Vec<OrderLine<Balance>>) -> DispatchResult {
		EnergyMarket::place_orders(
			RuntimeOrigin::signed(who),
			ZONE,
			meter_of(who),
			lines.try_into().expect("within MaxOrdersPerCall"),
		)
	}

	fn skipped() -> Vec<(u32, SlotIndex, DispatchError)> {
		events()
			.into_iter()
			.filter_map(|event| match event {
				Event::OrderSkipped { index, slot, error } => Some((index, slot, error)),
				_ => None,
			})
			.collect()
	}

	fn refused(error: Error<Test>) -> DispatchError {
		DispatchError::from(error).stripped()
	}

	fn slots_of(who: AccountId) -> Vec<SlotIndex> {
		let mut slots: Vec<_> = Orders::<Test>::iter_values()
			.filter(|order| order.owner == who)
			.map(|order| order.slot)
			.collect();
		slots.sort();
		slots
	}

	#[test]
	fn a_schedule_places_an_order_a_slot_and_holds_what_they_all_commit() {
		run(|| {
			assert_ok!(schedule(BOB, vec![line(SLOT, 1_000), line(SLOT + 1, 2_000)]));
			assert_eq!(slots_of(BOB), vec![SLOT, SLOT + 1]);
			// 1 kWh and 2 kWh × (imbalance 600 + grid fee 20).
			assert_eq!(held(HoldReason::Collateral, BOB), 620 + 1_240);
			assert_eq!(held(HoldReason::Deposit, BOB), 2 * DEPOSIT);
			assert_eq!(OpenOrders::<Test>::get(BOB), 2);
			let placed = events()
				.into_iter()
				.filter(|event| matches!(event, Event::OrderPlaced { .. }))
				.count();
			assert_eq!(placed, 2);
			assert!(skipped().is_empty());
			assert_eq!(SlotsToClear::<Test>::get().to_vec(), vec![SLOT, SLOT + 1]);
		});
	}

	#[test]
	fn every_line_must_be_valid_and_the_caller_a_participant_with_its_meter() {
		run(|| {
			assert_noop!(schedule(BOB, vec![]), Error::<Test>::InvalidBatch);
			assert_noop!(
				schedule(BOB, vec![line(SLOT, 1_000), line(SLOT + 1, 0)]),
				Error::<Test>::InvalidQuantity
			);
			assert_noop!(
				schedule(BOB, vec![OrderLine { limit_price: 405, ..line(SLOT, 1_000) }]),
				Error::<Test>::InvalidPrice
			);
			assert_noop!(
				schedule(BOB, vec![line(NOW_SLOT + MAX_SLOTS_AHEAD + 1, 1_000)]),
				Error::<Test>::SlotTooFarAhead
			);
			assert_noop!(
				schedule(OUTSIDER, vec![line(SLOT, 1_000)]),
				Error::<Test>::NotAParticipant
			);
			assert_noop!(
				EnergyMarket::place_orders(
					RuntimeOrigin::signed(BOB),
					ZONE,
					meter_of(ALICE),
					vec![line(SLOT, 1_000)].try_into().unwrap()
				),
				Error::<Test>::NotYourMeter
			);
			assert_noop!(
				EnergyMarket::place_orders(
					RuntimeOrigin::signed(BOB),
					OTHER_ZONE,
					meter_of(BOB),
					vec![line(SLOT, 1_000)].try_into().unwrap()
				),
				Error::<Test>::UnknownZone
			);
			assert_noop!(schedule(PAUPER, vec![line(SLOT, 1_000)]), TokenError::FundsUnavailable);
			set_time(u64::from(NOW_SLOT) * INTERVAL + PARTICIPATION_PERIOD);
			assert_noop!(
				schedule(BOB, vec![line(SLOT, 1_000)]),
				Error::<Test>::ParticipationLapsed
			);
			Rules::<Test>::kill();
			assert_noop!(schedule(BOB, vec![line(SLOT, 1_000)]), Error::<Test>::NoRules);
			Rules::<Test>::put(rules());
		});
	}

	#[test]
	fn lines_the_market_refuses_are_skipped_and_the_rest_placed() {
		run(|| {
			place(BOB, Side::Buy, 1_000, 400);
			assert_ok!(EnergyMarket::set_envelope(
				RuntimeOrigin::signed(OPERATOR),
				ZONE,
				meter_of(BOB),
				Some((1_500, 0))
			));
			let lines = vec![line(SLOT, 1_000), line(SLOT + 1, 1_000), line(SLOT + 2, 2_000)];
			assert_ok!(schedule(BOB, lines));
			assert_eq!(
				skipped(),
				vec![
					(0, SLOT, refused(Error::MeterBusy)),
					(2, SLOT + 2, refused(Error::ExceedsEnvelope))
				]
			);
			assert_eq!(slots_of(BOB), vec![SLOT, SLOT + 1]);
			assert_eq!(held(HoldReason::Collateral, BOB), 2 * 620);
			assert_eq!(held(HoldReason::Deposit, BOB), 2 * DEPOSIT);
			// Bob's third order reaches `MaxOrdersPerAccount`.
			System::reset_events();
			assert_ok!(schedule(BOB, vec![line(SLOT + 3, 1_000), line(SLOT + 4, 1_000)]));
			assert_eq!(skipped(), vec![(1, SLOT + 4, refused(Error::TooManyOrders))]);
			assert_eq!(slots_of(BOB), vec![SLOT, SLOT + 1, SLOT + 3]);
			// A refused line leaves nothing behind: no book was opened for its slot.
			assert!(!Books::<Test>::contains_key(ZONE, SLOT + 2));
			assert_eq!(SlotsToClear::<Test>::get().to_vec(), vec![SLOT, SLOT + 1, SLOT + 3]);
		});
	}

	#[test]
	fn filling_a_book_first_does_not_fail_a_schedule() {
		run(|| {
			for who in 20..20 + MAX_ORDERS_PER_BOOK as u64 {
				Balances::set_balance(&who, ENDOWMENT);
				give_credential(who, PARTICIPANT, Some(ZONE));
				register_device(meter_of(who), who, DeviceKind::ElectricityMeter);
				assert_ok!(EnergyMarket::join(RuntimeOrigin::signed(who), ZONE, false));
				place(who, Side::Sell, 100, 200);
			}
			assert_ok!(schedule(BOB, vec![line(SLOT, 1_000), line(SLOT + 1, 1_000)]));
			assert_eq!(skipped(), vec![(0, SLOT, refused(Error::BookFull))]);
			assert_eq!(slots_of(BOB), vec![SLOT + 1]);
		});
	}

	#[test]
	fn a_schedule_arriving_after_a_gate_closure_skips_that_slot() {
		run(|| {
			set_time(EnergyMarket::slot_start(SLOT) - GATE_CLOSURE);
			assert_ok!(schedule(BOB, vec![line(SLOT, 1_000), line(SLOT + 1, 1_000)]));
			assert_eq!(skipped(), vec![(0, SLOT, refused(Error::GateClosed))]);
			assert_eq!(slots_of(BOB), vec![SLOT + 1]);
		});
	}

	#[test]
	fn a_scheduled_order_settles_like_any_other() {
		run(|| {
			assert_ok!(schedule(BOB, vec![line(SLOT, 1_000)]));
			let single = place(CHARLIE, Side::Buy, 1_000, 400);
			let scheduled = Orders::<Test>::get(single - 1).unwrap();
			let placed = Orders::<Test>::get(single).unwrap();
			assert_eq!(
				(scheduled.held, scheduled.deposit, scheduled.grid_fee, scheduled.imbalance_price),
				(placed.held, placed.deposit, placed.grid_fee, placed.imbalance_price)
			);
		});
	}
}

mod cancelling {
	use super::*;

	#[test]
	fn the_owner_cancels_before_gate_closure_and_gets_everything_back() {
		run(|| {
			place(BOB, Side::Buy, 1_000, 400);
			let order = place(DAVE, Side::Buy, 500, 400);
			assert_noop!(
				EnergyMarket::cancel_order(RuntimeOrigin::signed(BOB), order),
				Error::<Test>::NotOwner
			);
			assert_noop!(
				EnergyMarket::cancel_order(RuntimeOrigin::signed(DAVE), 99),
				Error::<Test>::UnknownOrder
			);
			assert_ok!(EnergyMarket::cancel_order(RuntimeOrigin::signed(DAVE), order));
			assert_eq!(last_event(), Event::OrderCancelled { order });
			assert_eq!(free(DAVE), ENDOWMENT);
			let book = Books::<Test>::get(ZONE, SLOT).unwrap();
			assert_eq!(book.bids.to_vec(), vec![PriceLevel { price: 400, volume_wh: 1_000 }]);
			// The meter is free for another order.
			place(DAVE, Side::Sell, 500, 200);
		});
	}

	#[test]
	fn nothing_is_cancelled_after_gate_closure() {
		run(|| {
			let order = place(BOB, Side::Buy, 1_000, 400);
			set_time(EnergyMarket::slot_start(SLOT) - GATE_CLOSURE);
			assert_noop!(
				EnergyMarket::cancel_order(RuntimeOrigin::signed(BOB), order),
				Error::<Test>::GateClosed
			);
		});
	}

	#[test]
	fn the_last_order_out_removes_the_book() {
		run(|| {
			let order = place(BOB, Side::Buy, 1_000, 400);
			assert_ok!(EnergyMarket::cancel_order(RuntimeOrigin::signed(BOB), order));
			assert!(Books::<Test>::get(ZONE, SLOT).is_none());
			assert!(BooksToClear::<Test>::get(SLOT).is_empty());
		});
	}
}

mod clearing_at_gate_closure {
	use super::*;

	#[test]
	fn books_are_cleared_in_the_first_block_after_gate_closure() {
		run(|| {
			place(ALICE, Side::Sell, 2_000, 200);
			place(BOB, Side::Buy, 2_000, 400);
			next_block_at(EnergyMarket::slot_start(SLOT) - GATE_CLOSURE - 1);
			assert_eq!(Books::<Test>::get(ZONE, SLOT).unwrap().state, BookState::Open);
			close_gate(SLOT);
			let BookState::Cleared(Some(clearing)) = Books::<Test>::get(ZONE, SLOT).unwrap().state
			else {
				panic!("the book was cleared with a trade");
			};
			assert_eq!(
				(clearing.price, clearing.volume_wh, clearing.local_volume_wh),
				(200, 2_000, 2_000)
			);
			assert!(events().contains(&Event::BookCleared {
				zone: ZONE,
				slot: SLOT,
				clearing: Some(clearing)
			}));
			assert_eq!(AwaitingSettlement::<Test>::get().to_vec(), vec![(ZONE, SLOT)]);
			assert!(BooksToClear::<Test>::get(SLOT).is_empty());
		});
	}

	#[test]
	fn a_book_without_a_trade_is_cleared_empty() {
		run(|| {
			let mut no_grid = zone();
			no_grid.import_capacity_wh = 0;
			no_grid.export_capacity_wh = 0;
			assert_ok!(EnergyMarket::set_zone(RuntimeOrigin::root(), ZONE, no_grid));
			place(ALICE, Side::Sell, 1_000, 400);
			place(BOB, Side::Buy, 1_000, 200);
			close_gate(SLOT);
			assert_eq!(Books::<Test>::get(ZONE, SLOT).unwrap().state, BookState::Cleared(None));
		});
	}

	#[test]
	fn clearing_catches_up_one_slot_a_block() {
		run(|| {
			close_gate(NOW_SLOT + 1);
			for slot in [SLOT, SLOT + 1] {
				assert_ok!(EnergyMarket::place_order(
					RuntimeOrigin::signed(BOB),
					ZONE,
					slot,
					Side::Buy,
					meter_of(BOB),
					1_000,
					400
				));
			}
			next_block_at(EnergyMarket::slot_start(SLOT + 1));
			assert!(matches!(Books::<Test>::get(ZONE, SLOT).unwrap().state, BookState::Cleared(_)));
			assert_eq!(Books::<Test>::get(ZONE, SLOT + 1).unwrap().state, BookState::Open);
			next_block_at(EnergyMarket::slot_start(SLOT + 1));
			assert!(matches!(
				Books::<Test>::get(ZONE, SLOT + 1).unwrap().state,
				BookState::Cleared(_)
			));
		});
	}

	#[test]
	fn clearing_starts_from_the_first_book_whatever_came_before() {
		run(|| {
			for minutes in 0..5 {
				next_block_at(EnergyMarket::slot_start(NOW_SLOT) + minutes * 60_000);
			}
			let far = NOW_SLOT + MAX_SLOTS_AHEAD;
			assert_ok!(EnergyMarket::place_order(
				RuntimeOrigin::signed(BOB),
				ZONE,
				far,
				Side::Buy,
				meter_of(BOB),
				1_000,
				400
			));
			assert_eq!(SlotsToClear::<Test>::get().to_vec(), vec![far]);
			close_gate(far);
			assert!(matches!(Books::<Test>::get(ZONE, far).unwrap().state, BookState::Cleared(_)));
			assert!(SlotsToClear::<Test>::get().is_empty());
		});
	}

	#[test]
	fn pending_slots_are_bounded() {
		run(|| {
			let later = (SLOT + 100..SLOT + 100 + MAX_SLOTS_AHEAD + 2).collect::<Vec<_>>();
			SlotsToClear::<Test>::put(BoundedVec::truncate_from(later.clone()));
			for slot in &later {
				BooksToClear::<Test>::insert(slot, BoundedVec::truncate_from(vec![OTHER_ZONE]));
			}
			assert_noop!(
				EnergyMarket::place_order(
					RuntimeOrigin::signed(BOB),
					ZONE,
					SLOT,
					Side::Buy,
					meter_of(BOB),
					1_000,
					400
				),
				Error::<Test>::TooManyPendingSlots
			);
			SlotsToClear::<Test>::kill();
			for slot in &later {
				BooksToClear::<Test>::remove(slot);
			}
		});
	}

	#[test]
	fn a_shorter_gate_closure_does_not_reopen_a_cleared_slot() {
		run(|| {
			place(BOB, Side::Buy, 1_000, 400);
			close_gate(SLOT);
			assert_ok!(EnergyMarket::set_rules(
				RuntimeOrigin::root(),
				MarketRules { gate_closure_ms: 0, ..rules() }
			));
			assert_noop!(
				EnergyMarket::place_order(
					RuntimeOrigin::signed(ALICE),
					ZONE,
					SLOT,
					Side::Sell,
					meter_of(ALICE),
					1_000,
					200
				),
				Error::<Test>::GateClosed
			);
		});
	}
}

mod settling {
	use super::*;

	/// Alice (solar) and Charlie sell 2 and 1 kWh at 200; Bob and Dave buy 2 and 1 kWh at 400.
	/// It clears at 200. Alice delivers all, Charlie 0.4 kWh; Bob takes all, Dave 0.5 kWh.
	fn trade_a_slot() {
		place(ALICE, Side::Sell, 2_000, 200);
		place(CHARLIE, Side::Sell, 1_000, 200);
		place(BOB, Side::Buy, 2_000, 400);
		place(DAVE, Side::Buy, 1_000, 400);
		close_gate(SLOT);
		record(meter_of(ALICE), EXPORT, SLOT, 2_500);
		record(meter_of(CHARLIE), EXPORT, SLOT, 400);
		record(meter_of(BOB), IMPORT, SLOT, 2_000);
		record(meter_of(DAVE), IMPORT, SLOT, 500);
		open_settlement(SLOT);
	}

	#[test]
	fn a_shortfall_costs_only_the_party_that_caused_it() {
		run(|| {
			trade_a_slot();
			settle_all(SLOT);

			// Alice is paid 2 kWh × 200.
			assert_eq!(free(ALICE), ENDOWMENT + 400);
			// Charlie is paid 0.4 kWh × 200 and pays 0.6 kWh × 600 for its shortfall.
			assert_eq!(free(CHARLIE), ENDOWMENT + 80 - 360);
			// Bob pays 2 kWh × (200 + grid fee 20); his certificate keeps his deposit.
			assert_eq!(free(BOB), ENDOWMENT - 440 - DEPOSIT);
			// Dave pays 0.5 kWh × (200 + 20) and 0.5 kWh × 600 for his shortfall.
			assert_eq!(free(DAVE), ENDOWMENT - 410 - DEPOSIT);
			// The operator: fees 50, penalties 660, and 20 for the 0.1 kWh its grid supplied.
			assert_eq!(free(OPERATOR), ENDOWMENT + 730);
			for who in [ALICE, BOB, CHARLIE, DAVE] {
				assert_eq!(held(HoldReason::Collateral, who), 0);
			}
			assert_eq!(held(HoldReason::Deposit, ALICE), 0);
			assert!(events().contains(&Event::DeliveryMeasured {
				order: 1,
				fill_wh: 1_000,
				delivered_wh: 400,
				penalty: 360
			}));
			assert!(events().contains(&Event::BuyerSettled {
				order: 3,
				fill_wh: 1_000,
				taken_wh: 500,
				paid: 400,
				grid_fee: 10
			}));
			assert!(events().contains(&Event::SellerSettled { order: 0, paid: 400 }));
			assert_eq!(
				last_event(),
				Event::BookSettled { zone: ZONE, slot: SLOT, to_operator: 730 }
			);
			assert!(Books::<Test>::get(ZONE, SLOT).is_none());
			assert!(Orders::<Test>::iter().next().is_none());
			assert!(!ZoneBooks::<Test>::contains_key(ZONE));
		});
	}

	#[test]
	fn buyers_get_certificates_of_their_share_of_renewable_deliveries() {
		run(|| {
			trade_a_slot();
			settle_all(SLOT);
			// 2 kWh of solar delivered; Bob filled 2 of 3 kWh, Dave 1 (but took only 0.5).
			assert_eq!(certificate_of(BOB).1.energy.to_vec(), vec![(EnergySource::Solar, 1_333)]);
			assert_eq!(certificate_of(DAVE).1.energy.to_vec(), vec![(EnergySource::Solar, 500)]);
			assert_eq!(held(HoldReason::Deposit, BOB), DEPOSIT);
		});
	}

	#[test]
	fn certificate_energy_is_claimed_once() {
		run(|| {
			trade_a_slot();
			settle_all(SLOT);
			let solar = EnergySource::Solar;
			let (bobs, _) = certificate_of(BOB);
			assert_eq!(
				EnergyMarket::certificate(bobs),
				Some(CertificateInfo {
					owner: BOB,
					kind: CertificateKind::Consumption,
					zone: ZONE,
					period_start_ms: u64::from(SLOT) * INTERVAL,
					period_end_ms: u64::from(SLOT + 1) * INTERVAL,
					unclaimed_wh: vec![(solar, 1_333)],
				})
			);
			assert_noop!(EnergyMarket::claim(&DAVE, bobs, solar, 1), Error::<Test>::NotOwner);
			assert_noop!(
				EnergyMarket::claim(&BOB, bobs, EnergySource::Wind, 1),
				Error::<Test>::InsufficientEnergy
			);
			assert_noop!(
				EnergyMarket::claim(&BOB, bobs, solar, 1_334),
				Error::<Test>::InsufficientEnergy
			);
			assert_noop!(EnergyMarket::claim(&BOB, 9, solar, 1), Error::<Test>::UnknownCertificate);
			assert_ok!(EnergyMarket::claim(&BOB, bobs, solar, 1_000));
			assert_eq!(
				EnergyMarket::certificate(bobs).map(|info| info.unclaimed_wh),
				Some(vec![(solar, 333)])
			);
			assert_ok!(EnergyMarket::claim(&BOB, bobs, solar, 333));
			assert!(Certificates::<Test>::get(bobs).is_none());
			assert_eq!(held(HoldReason::Deposit, BOB), 0);
			assert_eq!(last_event(), Event::CertificateRemoved { certificate: bobs });
		});
	}

	#[test]
	fn the_owner_releases_a_certificate_for_its_deposit() {
		run(|| {
			trade_a_slot();
			settle_all(SLOT);
			let (bobs, _) = certificate_of(BOB);
			assert_noop!(
				EnergyMarket::release_certificate(RuntimeOrigin::signed(DAVE), bobs),
				Error::<Test>::NotOwner
			);
			assert_noop!(
				EnergyMarket::release_certificate(RuntimeOrigin::signed(BOB), 9),
				Error::<Test>::UnknownCertificate
			);
			assert_ok!(EnergyMarket::release_certificate(RuntimeOrigin::signed(BOB), bobs));
			assert_eq!(free(BOB), ENDOWMENT - 440);
		});
	}

	/// The double-counting rule: a Wh's attributes go to its buyers or stay with its
	/// generator, never both.
	#[test]
	fn a_generator_keeping_its_attributes_is_certified_instead_of_its_buyers() {
		run(|| {
			assert_ok!(EnergyMarket::join(RuntimeOrigin::signed(ALICE), ZONE, true));
			trade_a_slot();
			settle_all(SLOT);
			let (alices, certificate) = certificate_of(ALICE);
			assert_eq!(certificate.kind, CertificateKind::Generation);
			assert_eq!(certificate.energy.to_vec(), vec![(EnergySource::Solar, 2_000)]);
			assert!(events().contains(&Event::CertificateIssued {
				certificate: alices,
				kind: CertificateKind::Generation,
				owner: ALICE,
				zone: ZONE,
				slot: SLOT,
				energy: certificate.energy.clone(),
			}));
			// The order's deposit carries over to the certificate, as a buyer's does.
			assert_eq!(held(HoldReason::Deposit, ALICE), DEPOSIT);
			// Bob and Dave took only non-renewable attributes: no certificates, no deposits.
			assert_eq!(Certificates::<Test>::iter().count(), 1);
			assert_eq!(held(HoldReason::Deposit, BOB), 0);
			// Alice is still paid as before.
			assert_eq!(free(ALICE), ENDOWMENT + 400 - DEPOSIT);
		});
	}

	/// The source is the participation's when the order was placed.
	#[test]
	fn a_generators_order_stays_renewable_after_a_revocation() {
		run(|| {
			trade_a_slot();
			revoke_credential(ALICE, SOLAR_GENERATOR);
			settle_all(SLOT);
			assert_eq!(certificate_of(BOB).1.energy.to_vec(), vec![(EnergySource::Solar, 1_333)]);
		});
	}

	#[test]
	fn a_generator_evicted_after_a_revocation_sells_plain_energy() {
		run(|| {
			revoke_credential(ALICE, SOLAR_GENERATOR);
			assert_ok!(EnergyMarket::evict(RuntimeOrigin::signed(OUTSIDER), ALICE));
			assert_ok!(EnergyMarket::join(RuntimeOrigin::signed(ALICE), ZONE, false));
			trade_a_slot();
			settle_all(SLOT);
			assert!(Certificates::<Test>::iter().next().is_none());
			assert_eq!(free(BOB), ENDOWMENT - 440);
		});
	}

	#[test]
	fn missing_meter_data_counts_as_not_delivered() {
		run(|| {
			place(ALICE, Side::Sell, 1_000, 200);
			place(BOB, Side::Buy, 1_000, 400);
			close_gate(SLOT);
			record(meter_of(BOB), IMPORT, SLOT, 1_000);
			open_settlement(SLOT);
			settle_all(SLOT);
			// Alice pays the imbalance price for all of it; Bob pays for what he took.
			assert_eq!(free(ALICE), ENDOWMENT - 600);
			assert_eq!(free(BOB), ENDOWMENT - 220);
			assert_eq!(free(OPERATOR), ENDOWMENT + 820);
		});
	}

	#[test]
	fn a_meter_moved_to_another_did_delivers_nothing_for_the_old_order() {
		run(|| {
			place(ALICE, Side::Sell, 1_000, 200);
			place(BOB, Side::Buy, 1_000, 400);
			close_gate(SLOT);
			record(meter_of(ALICE), EXPORT, SLOT, 1_000);
			record(meter_of(BOB), IMPORT, SLOT, 1_000);
			register_device(meter_of(ALICE), CHARLIE, DeviceKind::ElectricityMeter);
			open_settlement(SLOT);
			settle_all(SLOT);
			assert_eq!(free(ALICE), ENDOWMENT - 600);
		});
	}

	#[test]
	fn a_revoked_meter_takes_nothing() {
		run(|| {
			place(ALICE, Side::Sell, 1_000, 200);
			place(BOB, Side::Buy, 1_000, 400);
			close_gate(SLOT);
			record(meter_of(ALICE), EXPORT, SLOT, 1_000);
			record(meter_of(BOB), IMPORT, SLOT, 1_000);
			revoke_device(meter_of(BOB));
			open_settlement(SLOT);
			settle_all(SLOT);
			// Bob pays the imbalance price for all of his fill; Alice is paid in full.
			assert_eq!(free(BOB), ENDOWMENT - 600);
			assert_eq!(free(ALICE), ENDOWMENT + 200);
		});
	}

	#[test]
	fn settlement_waits_for_clearing_and_the_settlement_delay() {
		run(|| {
			let settle = |slot, batch| {
				EnergyMarket::settle(RuntimeOrigin::signed(OUTSIDER), ZONE, slot, batch)
			};
			// Neither cleared nor due: nothing to settle.
			assert_noop!(settle(SLOT, 1), Error::<Test>::UnknownBook);
			place(BOB, Side::Buy, 1_000, 400);
			assert_noop!(settle(SLOT, 1), Error::<Test>::NotCleared);
			close_gate(SLOT);
			set_time(EnergyMarket::slot_start(SLOT + 1) + SETTLEMENT_DELAY - 1);
			assert_noop!(settle(SLOT, 1), Error::<Test>::TooEarlyToSettle);
			open_settlement(SLOT);
			assert_noop!(settle(SLOT, 0), Error::<Test>::InvalidBatch);
			assert_noop!(settle(SLOT, MAX_BATCH + 1), Error::<Test>::InvalidBatch);
			assert_ok!(settle(SLOT, 1));
			// The buyer is settled; the payout stage, empty, closes the book.
			assert_ok!(settle(SLOT, 1));
			assert!(!Books::<Test>::contains_key(ZONE, SLOT));
			// The same energy is never settled twice; a late settler's call does nothing, and
			// fails no batch it is part of.
			System::reset_events();
			assert_eq!(settle(SLOT, 1).unwrap().actual_weight, Some(read_weight(3)));
			assert!(events().is_empty());
		});
	}

	#[test]
	fn batches_settle_the_same_as_one_call() {
		run(|| {
			trade_a_slot();
			for _ in 0..5 {
				assert_ok!(EnergyMarket::settle(RuntimeOrigin::signed(OUTSIDER), ZONE, SLOT, 1));
				EnergyMarket::do_try_state().unwrap();
			}
			assert!(Books::<Test>::get(ZONE, SLOT).is_some());
			assert_ok!(EnergyMarket::settle(RuntimeOrigin::signed(OUTSIDER), ZONE, SLOT, 1));
			assert!(Books::<Test>::get(ZONE, SLOT).is_none());
			assert_eq!(free(OPERATOR), ENDOWMENT + 730);
			assert_eq!(free(ALICE), ENDOWMENT + 400);
		});
	}

	/// Six settlement steps (sellers take two), more than a batch: one idle block does them all.
	#[test]
	fn idle_blocks_settle_due_books() {
		run(|| {
			trade_a_slot();
			idle(Weight::MAX);
			assert!(Books::<Test>::get(ZONE, SLOT).is_none());
			assert!(AwaitingSettlement::<Test>::get().is_empty());
			assert_eq!(free(OPERATOR), ENDOWMENT + 730);
		});
	}

	/// Two deliveries, two payments and two payouts, each stage charged by its own benchmark:
	/// a block with room for the deliveries and one payment stops there, within its budget.
	#[test]
	fn idle_blocks_charge_each_stage_its_own_weight() {
		run(|| {
			trade_a_slot();
			let queue_read = read_weight(1);
			let budget = queue_read
				+ EnergyMarket::stage_weight(Stage::Delivery, 2)
				+ EnergyMarket::stage_weight(Stage::Payment, 1);
			let used = idle(budget);
			assert!(used.all_lte(budget));
			let progress = Settlements::<Test>::get(ZONE, SLOT).unwrap();
			assert_eq!(progress.stage, Stage::Payment);
			let events = events();
			let count =
				|wanted: fn(&Event<Test>) -> bool| events.iter().filter(|e| wanted(e)).count();
			assert_eq!(count(|event| matches!(event, Event::DeliveryMeasured { .. })), 2);
			assert_eq!(count(|event| matches!(event, Event::BuyerSettled { .. })), 1);
			// The next block goes on where this one stopped.
			idle(Weight::MAX);
			assert!(Books::<Test>::get(ZONE, SLOT).is_none());
			assert_eq!(free(OPERATOR), ENDOWMENT + 730);
		});
	}

	#[test]
	fn settle_refunds_the_stages_it_did_not_need() {
		run(|| {
			trade_a_slot();
			let settle = |batch| {
				EnergyMarket::settle(RuntimeOrigin::signed(OUTSIDER), ZONE, SLOT, batch).unwrap()
			};
			// Two deliveries; the delivery stage goes on, as the batch was full.
			assert_eq!(
				settle(2).actual_weight,
				Some(EnergyMarket::stage_weight(Stage::Delivery, 2))
			);
			// The deliveries were the last: two buyers, then the first of the two payouts.
			assert_eq!(
				settle(3).actual_weight,
				Some(
					EnergyMarket::stage_weight(Stage::Payment, 2)
						+ EnergyMarket::stage_weight(Stage::Payout, 1)
				)
			);
			assert!(settle(1).actual_weight.unwrap().all_lte(EnergyMarket::settle_weight(1)));
			assert!(Books::<Test>::get(ZONE, SLOT).is_none());
		});
	}

	#[test]
	fn idle_blocks_wait_for_the_settlement_delay() {
		run(|| {
			place(BOB, Side::Buy, 1_000, 400);
			close_gate(SLOT);
			idle(Weight::MAX);
			assert!(Books::<Test>::get(ZONE, SLOT).is_some());
			assert_eq!(AwaitingSettlement::<Test>::get().len(), 1);
			open_settlement(SLOT);
			EnergyMarket::on_idle(System::block_number(), Weight::MAX);
			assert!(Books::<Test>::get(ZONE, SLOT).is_none());
		});
	}

	#[test]
	fn an_untraded_book_releases_everything() {
		run(|| {
			place(BOB, Side::Buy, 1_000, 50);
			close_gate(SLOT);
			open_settlement(SLOT);
			settle_all(SLOT);
			assert_eq!(free(BOB), ENDOWMENT);
			assert_eq!(free(OPERATOR), ENDOWMENT);
		});
	}
}

mod invariants {
	use super::*;

	#[test]
	fn try_state_catches_collateral_that_does_not_match_the_order() {
		new_test_ext().execute_with(|| {
			let order = place(BOB, Side::Buy, 1_000, 400);
			EnergyMarket::do_try_state().unwrap();
			Orders::<Test>::mutate(order, |order| order.as_mut().unwrap().held += 1);
			assert!(EnergyMarket::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_a_book_that_does_not_add_up_its_orders() {
		new_test_ext().execute_with(|| {
			place(BOB, Side::Buy, 1_000, 400);
			Books::<Test>::mutate(ZONE, SLOT, |book| book.as_mut().unwrap().bids[0].volume_wh += 1);
			assert!(EnergyMarket::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_a_participant_deposit_that_is_not_held() {
		new_test_ext().execute_with(|| {
			EnergyMarket::do_try_state().unwrap();
			Participants::<Test>::mutate(BOB, |participant| {
				participant.as_mut().unwrap().deposit = 5
			});
			assert!(EnergyMarket::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_a_delivery_measured_out_of_turn() {
		new_test_ext().execute_with(|| {
			place(ALICE, Side::Sell, 1_000, 200);
			place(BOB, Side::Buy, 1_000, 400);
			close_gate(SLOT);
			EnergyMarket::do_try_state().unwrap();
			Orders::<Test>::mutate(0, |order| order.as_mut().unwrap().delivered_wh = Some(1));
			assert!(EnergyMarket::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_a_pot_the_account_does_not_cover() {
		new_test_ext().execute_with(|| {
			place(BOB, Side::Buy, 1_000, 400);
			close_gate(SLOT);
			Settlements::<Test>::mutate(ZONE, SLOT, |progress| progress.as_mut().unwrap().pot = 1);
			assert!(EnergyMarket::do_try_state().is_err());
		});
	}
}

mod reads {
	use super::*;

	#[test]
	fn a_book_shows_its_depth_and_then_its_clearing() {
		run(|| {
			assert_eq!(EnergyMarket::book_view(ZONE, SLOT), None);
			place(ALICE, Side::Sell, 2_000, 200);
			place(BOB, Side::Buy, 2_000, 400);
			let open = EnergyMarket::book_view(ZONE, SLOT).unwrap();
			assert_eq!(open.asks, vec![PriceLevel { price: 200, volume_wh: 2_000 }]);
			assert_eq!(open.bids, vec![PriceLevel { price: 400, volume_wh: 2_000 }]);
			assert_eq!((open.orders, open.cleared), (2, None));
			close_gate(SLOT);
			let cleared = EnergyMarket::book_view(ZONE, SLOT).unwrap();
			assert_eq!(cleared.cleared.unwrap().unwrap().price, 200);
		});
	}

	#[test]
	fn a_participant_reads_its_orders_with_fills_page_by_page() {
		run(|| {
			let first = place(BOB, Side::Buy, 1_000, 400);
			assert_ok!(EnergyMarket::place_order(
				RuntimeOrigin::signed(BOB),
				ZONE,
				SLOT + 1,
				Side::Buy,
				meter_of(BOB),
				500,
				400
			));
			place(ALICE, Side::Sell, 1_000, 200);
			let all = EnergyMarket::orders_of(&BOB, None, 10);
			assert_eq!(all.len(), 2);
			assert!(all.iter().all(|order| order.fill_wh.is_none()));
			let page = EnergyMarket::orders_of(&BOB, None, 1);
			let rest = EnergyMarket::orders_of(&BOB, Some(page[0].id), 10);
			assert_eq!(page.len() + rest.len(), 2);
			assert_ne!(page[0].id, rest[0].id);
			close_gate(SLOT);
			let cleared = EnergyMarket::orders_of(&BOB, None, 10);
			let view = cleared.iter().find(|order| order.id == first).unwrap();
			assert_eq!((view.fill_wh, view.held), (Some(1_000), 620));
		});
	}

	#[test]
	fn a_buyer_reads_its_certificates() {
		run(|| {
			place(ALICE, Side::Sell, 1_000, 200);
			place(BOB, Side::Buy, 1_000, 400);
			close_gate(SLOT);
			record(meter_of(ALICE), EXPORT, SLOT, 1_000);
			record(meter_of(BOB), IMPORT, SLOT, 1_000);
			open_settlement(SLOT);
			settle_all(SLOT);
			let certificates = EnergyMarket::certificates_of(&BOB, None, 10);
			assert_eq!(certificates.len(), 1);
			assert_eq!(certificates[0].energy, vec![(EnergySource::Solar, 1_000)]);
			assert_eq!(certificates[0].slot, SLOT);
			assert!(EnergyMarket::orders_of(&BOB, None, 10).is_empty());
			assert!(EnergyMarket::certificates_of(&ALICE, None, 10).is_empty());
		});
	}
}

mod device_orders {
	use super::*;
	use sp_core::{sr25519, Pair};
	use sp_runtime::MultiSignature;

	fn battery() -> sr25519::Pair {
		sr25519::Pair::from_string("//Battery", None).unwrap()
	}

	fn battery_key() -> PublicKey {
		PublicKey::Sr25519(battery().public())
	}

	fn order(nonce: u32) -> DeviceOrder<Balance> {
		DeviceOrder {
			zone: ZONE,
			slot: SLOT,
			side: Side::Buy,
			meter: meter_of(BOB),
			quantity_wh: 1_000,
			limit_price: 400,
			nonce,
		}
	}

	fn signed(order: &DeviceOrder<Balance>) -> MultiSignature {
		let message = EnergyMarket::device_order_message(&battery_key(), order);
		MultiSignature::Sr25519(battery().sign(&message))
	}

	fn submit(order: DeviceOrder<Balance>, signature: MultiSignature) -> DispatchResult {
		EnergyMarket::place_order_by_device(
			RuntimeOrigin::signed(OUTSIDER),
			battery_key(),
			order,
			signature,
		)
	}

	#[test]
	fn a_battery_controller_orders_for_its_owner_once_per_signature() {
		run(|| {
			register_device(battery_key(), BOB, DeviceKind::Other);
			let first = order(0);
			assert_ok!(submit(first.clone(), signed(&first)));
			let placed = NextOrderId::<Test>::get() - 1;
			assert_eq!(Orders::<Test>::get(placed).unwrap().owner, BOB);
			assert_eq!(held(HoldReason::Collateral, BOB), 620);
			assert_eq!(held(HoldReason::Collateral, OUTSIDER), 0);
			assert_eq!(DeviceOrderNonces::<Test>::get(battery_key()), 1);
			// Cancelled, the same signed order cannot be placed again.
			assert_ok!(EnergyMarket::cancel_order(RuntimeOrigin::signed(BOB), placed));
			assert_noop!(submit(first.clone(), signed(&first)), Error::<Test>::StaleNonce);
			let second = order(1);
			assert_ok!(submit(second.clone(), signed(&second)));
		});
	}

	#[test]
	fn a_device_order_needs_the_devices_signature_and_an_active_device() {
		run(|| {
			let first = order(0);
			assert_noop!(submit(first.clone(), signed(&first)), Error::<Test>::DeviceNotActive);
			register_device(battery_key(), BOB, DeviceKind::Other);
			assert_noop!(submit(order(1), signed(&order(1))), Error::<Test>::StaleNonce);
			let mut tampered = first.clone();
			tampered.quantity_wh = 2_000;
			assert_noop!(submit(tampered, signed(&first)), Error::<Test>::BadSignature);
		});
	}

	#[test]
	fn a_device_orders_only_on_its_owners_meters() {
		run(|| {
			register_device(battery_key(), CHARLIE, DeviceKind::Other);
			let first = order(0);
			assert_noop!(submit(first.clone(), signed(&first)), Error::<Test>::NotYourMeter);
		});
	}
}
