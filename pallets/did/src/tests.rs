//! The DID pallet's behaviour, call by call, and the traits it offers other pallets.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold, EnsureOrigin},
	BoundedVec,
};
use frame_system::RawOrigin;
use polis_primitives::{DeviceKind, EnsureCredential, PublicKey};
use sp_core::H256;
use sp_runtime::{DispatchError, TokenError};

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn bounded<S: frame_support::traits::Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	BoundedVec::try_from(bytes.to_vec()).expect("fits")
}

fn held(reason: HoldReason, who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Did(reason), &who)
}

fn add_web_service(who: AccountId) {
	assert_ok!(Did::add_service(
		signed(who),
		bounded(b"#web"),
		bounded(b"LinkedDomains"),
		bounded(b"https://alice.example")
	));
}

fn create(who: AccountId) {
	assert_ok!(Did::create(signed(who), sr_key(&format!("//{who}/auth"))));
}

/// Registers schema 0 ("residency") and trusts AGENCY as its issuer.
fn residency_schema() -> SchemaId {
	assert_ok!(Did::register_schema(signed(AGENCY), bounded(b"residency"), H256::repeat_byte(1)));
	create(AGENCY);
	assert_ok!(Did::add_trusted_issuer(RawOrigin::Root.into(), 0, AGENCY));
	0
}

fn attest(subject: AccountId, schema: SchemaId, expires_at: Option<u64>, scope: Option<u32>) {
	assert_ok!(Did::attest(
		signed(AGENCY),
		subject,
		schema,
		H256::repeat_byte(7),
		1,
		expires_at,
		scope
	));
}

mod identities {
	use super::*;

	#[test]
	fn create_stores_a_document_with_one_authentication_key_and_holds_the_deposit() {
		run(|| {
			let key = sr_key("//Alice");
			assert_ok!(Did::create(signed(ALICE), key));

			let document = Dids::<Test>::get(ALICE).unwrap();
			assert_eq!(document.controller, ALICE);
			assert_eq!(document.public_keys.len(), 1);
			assert_eq!(document.public_keys[0].public, key);
			assert_eq!(document.public_keys[0].purpose, KeyPurpose::Authentication);
			assert_eq!((document.created, document.updated), (1, 1));
			assert_eq!(document.deposit, DID_DEPOSIT);
			assert_eq!(document.public_keys[0].deposit, KEY_DEPOSIT);
			assert_eq!(held(HoldReason::DidDeposit, ALICE), DID_DEPOSIT + KEY_DEPOSIT);
			assert_eq!(last_event(), Event::DidCreated { did: ALICE, key_id: 0 });
		});
	}

	#[test]
	fn create_requires_a_signed_origin() {
		run(|| {
			assert_noop!(
				Did::create(RuntimeOrigin::none(), sr_key("//A")),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Did::create(RuntimeOrigin::root(), sr_key("//A")),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn an_account_has_one_did() {
		run(|| {
			create(ALICE);
			assert_noop!(
				Did::create(signed(ALICE), sr_key("//B")),
				Error::<Test>::DidAlreadyExists
			);
		});
	}

	#[test]
	fn create_fails_without_funds_for_the_deposit() {
		run(|| {
			assert_ok!(Balances::transfer_allow_death(signed(PAUPER), ALICE, 100));
			assert_noop!(
				Did::create(signed(PAUPER), sr_key("//P")),
				DispatchError::Token(TokenError::FundsUnavailable)
			);
		});
	}

	#[test]
	fn add_key_publishes_a_key_for_a_purpose_and_holds_its_deposit() {
		run(|| {
			create(ALICE);
			assert_ok!(Did::add_key(signed(ALICE), KeyPurpose::Assertion, ed_key("//A//assert")));

			let document = Dids::<Test>::get(ALICE).unwrap();
			assert_eq!(document.public_keys[1].id, 1);
			assert_eq!(document.public_keys[1].purpose, KeyPurpose::Assertion);
			assert_eq!(document.next_key_id, 2);
			assert_eq!(held(HoldReason::DidDeposit, ALICE), DID_DEPOSIT + 2 * KEY_DEPOSIT);
			assert_eq!(
				last_event(),
				Event::KeyAdded { did: ALICE, key_id: 1, purpose: KeyPurpose::Assertion }
			);
		});
	}

	#[test]
	fn add_key_rejects_duplicates_too_many_keys_and_unknown_dids() {
		run(|| {
			assert_noop!(
				Did::add_key(signed(ALICE), KeyPurpose::Assertion, sr_key("//k")),
				Error::<Test>::DidNotFound
			);
			create(ALICE);
			let auth = sr_key("//1/auth");
			assert_noop!(
				Did::add_key(signed(ALICE), KeyPurpose::Assertion, auth),
				Error::<Test>::DuplicateKey
			);
			for i in 0..3 {
				assert_ok!(Did::add_key(
					signed(ALICE),
					KeyPurpose::KeyAgreement,
					sr_key(&format!("//k{i}"))
				));
			}
			assert_noop!(
				Did::add_key(signed(ALICE), KeyPurpose::Assertion, sr_key("//k9")),
				Error::<Test>::TooManyKeys
			);
		});
	}

	#[test]
	fn rotate_key_replaces_the_key_and_keeps_the_old_one_in_history() {
		run(|| {
			create(ALICE);
			advance_to(5);
			let new_key = ed_key("//Alice//new");
			assert_ok!(Did::rotate_key(signed(ALICE), 0, new_key));

			let document = Dids::<Test>::get(ALICE).unwrap();
			assert_eq!(document.public_keys.len(), 1);
			assert_eq!(document.public_keys[0].id, 1);
			assert_eq!(document.public_keys[0].public, new_key);
			assert_eq!(document.public_keys[0].purpose, KeyPurpose::Authentication);
			assert_eq!(document.updated, 5);
			let history = KeyHistory::<Test>::get(ALICE);
			assert_eq!(history.len(), 1);
			assert_eq!(history[0].key.id, 0);
			assert_eq!(history[0].retired, 5);
			assert_eq!(held(HoldReason::DidDeposit, ALICE), DID_DEPOSIT + KEY_DEPOSIT);
			assert_eq!(
				last_event(),
				Event::KeyRotated { did: ALICE, retired_key_id: 0, new_key_id: 1 }
			);
		});
	}

	#[test]
	fn rotate_key_rejects_unknown_ids_and_keys_already_in_the_document() {
		run(|| {
			create(ALICE);
			assert_noop!(
				Did::rotate_key(signed(ALICE), 7, sr_key("//x")),
				Error::<Test>::KeyNotFound
			);
			assert_noop!(
				Did::rotate_key(signed(ALICE), 0, sr_key("//1/auth")),
				Error::<Test>::DuplicateKey
			);
			assert_noop!(
				Did::rotate_key(signed(BOB), 0, sr_key("//x")),
				Error::<Test>::DidNotFound
			);
		});
	}

	#[test]
	fn a_full_key_history_drops_its_oldest_entry() {
		run(|| {
			create(ALICE);
			for i in 0..4u32 {
				assert_ok!(Did::rotate_key(signed(ALICE), i, sr_key(&format!("//r{i}"))));
			}
			let history = KeyHistory::<Test>::get(ALICE);
			assert_eq!(history.iter().map(|r| r.key.id).collect::<Vec<_>>(), vec![1, 2, 3]);
			assert!(events().contains(&Event::RetiredKeyPruned { did: ALICE, key_id: 0 }));
		});
	}

	#[test]
	fn remove_key_retires_it_and_returns_its_deposit() {
		run(|| {
			create(ALICE);
			assert_ok!(Did::add_key(signed(ALICE), KeyPurpose::Assertion, sr_key("//a")));
			assert_ok!(Did::remove_key(signed(ALICE), 1));

			assert_eq!(Dids::<Test>::get(ALICE).unwrap().public_keys.len(), 1);
			assert_eq!(KeyHistory::<Test>::get(ALICE)[0].key.id, 1);
			assert_eq!(held(HoldReason::DidDeposit, ALICE), DID_DEPOSIT + KEY_DEPOSIT);
			assert_eq!(last_event(), Event::KeyRemoved { did: ALICE, key_id: 1 });
		});
	}

	#[test]
	fn the_last_authentication_key_cannot_be_removed() {
		run(|| {
			create(ALICE);
			assert_noop!(Did::remove_key(signed(ALICE), 0), Error::<Test>::LastAuthenticationKey);
			assert_noop!(Did::remove_key(signed(ALICE), 3), Error::<Test>::KeyNotFound);
			assert_noop!(Did::remove_key(signed(BOB), 0), Error::<Test>::DidNotFound);
			assert_ok!(Did::add_key(signed(ALICE), KeyPurpose::Authentication, sr_key("//a2")));
			assert_ok!(Did::remove_key(signed(ALICE), 0));
		});
	}

	/// A runtime upgrade raises the deposits; items added before return what they held.
	#[test]
	fn keys_and_services_return_the_deposit_they_hold_not_the_current_one() {
		run(|| {
			create(ALICE);
			assert_ok!(Did::add_key(signed(ALICE), KeyPurpose::Assertion, sr_key("//a")));
			add_web_service(ALICE);
			KeyDeposit::set(&(3 * KEY_DEPOSIT));
			ServiceDeposit::set(&(3 * SERVICE_DEPOSIT));
			assert_ok!(Did::remove_key(signed(ALICE), 1));
			assert_ok!(Did::remove_service(signed(ALICE), b"#web".to_vec().try_into().unwrap()));
			assert_eq!(held(HoldReason::DidDeposit, ALICE), DID_DEPOSIT + KEY_DEPOSIT);
		});
	}

	#[test]
	fn service_endpoints_are_added_and_removed_with_their_deposit() {
		run(|| {
			create(ALICE);
			assert_ok!(Did::add_service(
				signed(ALICE),
				bounded(b"#inbox"),
				bounded(b"DIDCommMessaging"),
				bounded(b"https://alice.example/didcomm")
			));
			let service = &Dids::<Test>::get(ALICE).unwrap().services[0];
			assert_eq!(service.url.to_vec(), b"https://alice.example/didcomm".to_vec());
			assert_eq!(
				held(HoldReason::DidDeposit, ALICE),
				DID_DEPOSIT + KEY_DEPOSIT + SERVICE_DEPOSIT
			);
			assert_eq!(
				last_event(),
				Event::ServiceAdded { did: ALICE, service_id: b"#inbox".to_vec() }
			);

			assert_ok!(Did::remove_service(signed(ALICE), bounded(b"#inbox")));
			assert!(Dids::<Test>::get(ALICE).unwrap().services.is_empty());
			assert_eq!(held(HoldReason::DidDeposit, ALICE), DID_DEPOSIT + KEY_DEPOSIT);
			assert_eq!(
				last_event(),
				Event::ServiceRemoved { did: ALICE, service_id: b"#inbox".to_vec() }
			);
		});
	}

	#[test]
	fn add_service_rejects_malformed_duplicate_and_surplus_endpoints() {
		run(|| {
			let add = |id: &[u8], kind: &[u8], url: &[u8]| {
				Did::add_service(signed(ALICE), bounded(id), bounded(kind), bounded(url))
			};
			assert_noop!(add(b"#a", b"Web", b"https://a"), Error::<Test>::DidNotFound);
			create(ALICE);
			assert_noop!(add(b"", b"Web", b"https://a"), Error::<Test>::InvalidService);
			assert_noop!(
				add(b"#a", b"Linked Domains", b"https://a"),
				Error::<Test>::InvalidService
			);
			assert_noop!(add(b"#a", b"Web", b"alice.example"), Error::<Test>::InvalidService);
			assert_noop!(add(b"#a", b"Web", b"https:"), Error::<Test>::InvalidService);
			assert_noop!(add(b"#a", b"Web", b"1http://a"), Error::<Test>::InvalidService);
			assert_noop!(add(b"#a", b"Web", b"https://a\nb"), Error::<Test>::InvalidService);
			assert_ok!(add(b"#a", b"Web", b"https://a"));
			assert_noop!(add(b"#a", b"Web", b"https://b"), Error::<Test>::DuplicateService);
			assert_ok!(add(b"#b", b"Web", b"did:polis:bob"));
			assert_noop!(add(b"#c", b"Web", b"https://c"), Error::<Test>::TooManyServices);
			assert_noop!(
				Did::remove_service(signed(ALICE), bounded(b"#z")),
				Error::<Test>::ServiceNotFound
			);
		});
	}

	#[test]
	fn deactivation_keeps_the_key_history_returns_the_items_deposits_and_is_final() {
		run(|| {
			create(ALICE);
			assert_ok!(Did::add_key(signed(ALICE), KeyPurpose::Assertion, sr_key("//a")));
			assert_ok!(Did::rotate_key(signed(ALICE), 1, sr_key("//b")));
			add_web_service(ALICE);
			let (meter, proof) = device("//meter", ALICE);
			assert_ok!(Did::register_device(
				signed(ALICE),
				meter,
				DeviceKind::ElectricityMeter,
				None,
				proof
			));
			advance_to(9);
			assert_noop!(Did::deactivate(signed(ALICE)), Error::<Test>::DevicesRemain);
			assert_ok!(Did::remove_device(signed(ALICE), meter));

			assert_ok!(Did::deactivate(signed(ALICE)));
			assert!(Dids::<Test>::get(ALICE).is_none());
			let history: Vec<(u32, u64)> = KeyHistory::<Test>::get(ALICE)
				.into_iter()
				.map(|retired| (retired.key.id, retired.retired))
				.collect();
			assert_eq!(history, vec![(1, 1), (0, 9), (2, 9)]);
			assert_eq!(
				Deactivated::<Test>::get(ALICE),
				Some(Tombstone { deactivated: 9, deposit: DID_DEPOSIT })
			);
			assert_eq!(held(HoldReason::DidDeposit, ALICE), DID_DEPOSIT);
			assert_eq!(held(HoldReason::DeviceDeposit, ALICE), 0);
			assert_eq!(Balances::free_balance(ALICE), ENDOWMENT - DID_DEPOSIT);
			assert_eq!(last_event(), Event::DidDeactivated { did: ALICE });

			assert_noop!(
				Did::create(signed(ALICE), sr_key("//new")),
				Error::<Test>::DidDeactivated
			);
			assert_noop!(
				Did::add_key(signed(ALICE), KeyPurpose::Assertion, sr_key("//c")),
				Error::<Test>::DidDeactivated
			);
			assert_noop!(Did::deactivate(signed(ALICE)), Error::<Test>::DidDeactivated);
			let Some(DidResolution::Deactivated { at, public_keys }) = Did::resolve(&ALICE) else {
				panic!("a deactivated DID resolves as deactivated");
			};
			assert_eq!(at, 9);
			assert_eq!(public_keys.len(), 3);
			assert!(public_keys.iter().all(|key| key.retired.is_some()));
		});
	}

	#[test]
	fn deactivate_requires_a_did() {
		run(|| {
			assert_noop!(Did::deactivate(signed(BOB)), Error::<Test>::DidNotFound);
			assert_noop!(Did::deactivate(RuntimeOrigin::none()), DispatchError::BadOrigin);
		});
	}

	#[test]
	fn resolve_shows_keys_with_their_history_services_and_devices() {
		run(|| {
			assert_eq!(Did::resolve(&ALICE), None);
			create(ALICE);
			advance_to(3);
			assert_ok!(Did::rotate_key(signed(ALICE), 0, sr_key("//rotated")));
			add_web_service(ALICE);
			let (meter, proof) = device("//meter", ALICE);
			assert_ok!(Did::register_device(
				signed(ALICE),
				meter,
				DeviceKind::WaterMeter,
				Some(H256::repeat_byte(2)),
				proof
			));
			assert_ok!(Did::revoke_device(signed(ALICE), meter));

			let Some(DidResolution::Active(view)) = Did::resolve(&ALICE) else {
				panic!("Alice's DID is active")
			};
			assert_eq!(view.did, ALICE);
			assert_eq!(view.controller, ALICE);
			assert_eq!(
				view.public_keys.iter().map(|k| (k.id, k.retired)).collect::<Vec<_>>(),
				vec![(0, Some(3)), (1, None)]
			);
			assert_eq!(view.services[0].url, b"https://alice.example".to_vec());
			assert_eq!(view.devices[0].key, meter);
			assert_eq!(view.devices[0].kind, DeviceKind::WaterMeter);
			assert_eq!(view.devices[0].revoked, Some(3));
			assert_eq!(view.device_count, 1);
			assert_eq!((view.created, view.updated), (1, 3));
		});
	}
}

mod devices {
	use super::*;

	#[test]
	fn a_did_registers_a_device_it_proves_to_hold() {
		run(|| {
			create(ALICE);
			let (meter, proof) = device("//meter", ALICE);
			let metadata = Some(H256::repeat_byte(9));
			assert_ok!(Did::register_device(
				signed(ALICE),
				meter,
				DeviceKind::ElectricityMeter,
				metadata,
				proof
			));

			let record = Devices::<Test>::get(meter).unwrap();
			assert_eq!(record.owner, ALICE);
			assert_eq!(record.metadata, metadata);
			assert_eq!(record.status, DeviceStatus::Active);
			assert_eq!(Dids::<Test>::get(ALICE).unwrap().devices, 1);
			assert!(DevicesOf::<Test>::contains_key(ALICE, meter));
			assert_eq!(held(HoldReason::DeviceDeposit, ALICE), DEVICE_DEPOSIT);
			assert_eq!(
				Did::active_device(&meter),
				Some(polis_primitives::DeviceInfo {
					owner: ALICE,
					kind: DeviceKind::ElectricityMeter
				})
			);
			assert_eq!(
				last_event(),
				Event::DeviceRegistered {
					did: ALICE,
					device: meter,
					kind: DeviceKind::ElectricityMeter
				}
			);
		});
	}

	#[test]
	fn a_device_proof_for_another_did_or_from_another_key_is_refused() {
		run(|| {
			create(ALICE);
			create(BOB);
			let (meter, proof_for_bob) = device("//meter", BOB);
			assert_noop!(
				Did::register_device(signed(ALICE), meter, DeviceKind::Noise, None, proof_for_bob),
				Error::<Test>::InvalidDeviceProof
			);
			let (_, proof_by_other_key) = device("//other", ALICE);
			assert_noop!(
				Did::register_device(
					signed(ALICE),
					meter,
					DeviceKind::Noise,
					None,
					proof_by_other_key
				),
				Error::<Test>::InvalidDeviceProof
			);
		});
	}

	#[test]
	fn register_device_rejects_known_keys_and_unknown_dids() {
		run(|| {
			let (meter, proof) = device("//meter", ALICE);
			assert_noop!(
				Did::register_device(signed(ALICE), meter, DeviceKind::Waste, None, proof.clone()),
				Error::<Test>::DidNotFound
			);
			create(ALICE);
			assert_ok!(Did::register_device(
				signed(ALICE),
				meter,
				DeviceKind::Waste,
				None,
				proof.clone()
			));
			assert_noop!(
				Did::register_device(signed(ALICE), meter, DeviceKind::Waste, None, proof),
				Error::<Test>::DeviceAlreadyRegistered
			);
			create(BOB);
			let (_, proof_for_bob) = device("//meter", BOB);
			assert_noop!(
				Did::register_device(signed(BOB), meter, DeviceKind::Waste, None, proof_for_bob),
				Error::<Test>::DeviceAlreadyRegistered
			);
		});
	}

	#[test]
	fn revoking_a_device_stops_its_feed_at_once() {
		run(|| {
			create(ALICE);
			let (meter, proof) = device("//meter", ALICE);
			assert_ok!(Did::register_device(
				signed(ALICE),
				meter,
				DeviceKind::Traffic,
				None,
				proof
			));
			advance_to(4);
			assert_ok!(Did::revoke_device(signed(ALICE), meter));

			assert_eq!(Devices::<Test>::get(meter).unwrap().status, DeviceStatus::Revoked(4));
			assert_eq!(Did::active_device(&meter), None);
			assert_eq!(held(HoldReason::DeviceDeposit, ALICE), DEVICE_DEPOSIT);
			assert_eq!(last_event(), Event::DeviceRevoked { did: ALICE, device: meter });
			assert_eq!(RevokedDevices::get(), vec![meter]);
			assert_noop!(
				Did::revoke_device(signed(ALICE), meter),
				Error::<Test>::DeviceAlreadyRevoked
			);
		});
	}

	/// `revoke_device` and `remove_device` are charged what the hook may weigh; removing a
	/// device that was already revoked does not run it and is refunded its weight.
	#[test]
	fn the_revocation_hooks_weight_is_charged_where_it_runs() {
		use frame_support::dispatch::GetDispatchInfo;
		run(|| {
			create(ALICE);
			let (meter, proof) = device("//meter", ALICE);
			let hook = <RecordRevocations as OnDeviceRevoked>::weight();
			let revoke = Call::<Test>::revoke_device { device: meter };
			let remove = Call::<Test>::remove_device { device: meter };
			assert_eq!(
				revoke.get_dispatch_info().call_weight,
				<() as WeightInfo>::revoke_device() + hook
			);
			assert_eq!(
				remove.get_dispatch_info().call_weight,
				<() as WeightInfo>::remove_device() + hook
			);
			let kind = DeviceKind::Traffic;
			assert_ok!(Did::register_device(signed(ALICE), meter, kind, None, proof));
			assert_ok!(Did::revoke_device(signed(ALICE), meter));
			let removed = Did::remove_device(signed(ALICE), meter).expect("removed");
			assert_eq!(removed.actual_weight, Some(<() as WeightInfo>::remove_device()));
		});
	}

	/// Removing an active device revokes it too: the pallets keeping state per device are told
	/// once, when it stops being active, and not again when a revoked device is removed.
	#[test]
	fn the_pallets_keeping_device_state_are_told_once_a_device_stops_being_active() {
		run(|| {
			create(ALICE);
			let register = |seed| {
				let (key, proof) = device(seed, ALICE);
				let kind = DeviceKind::ElectricityMeter;
				assert_ok!(Did::register_device(signed(ALICE), key, kind, None, proof));
				key
			};
			let meter = register("//meter");
			let gateway = register("//gateway");

			assert_ok!(Did::remove_device(signed(ALICE), meter));
			assert_ok!(Did::revoke_device(signed(ALICE), gateway));
			assert_ok!(Did::remove_device(signed(ALICE), gateway));

			assert_eq!(RevokedDevices::get(), vec![meter, gateway]);
		});
	}

	#[test]
	fn only_the_owner_revokes_or_removes_a_device() {
		run(|| {
			create(ALICE);
			create(BOB);
			let (meter, proof) = device("//meter", ALICE);
			assert_noop!(Did::revoke_device(signed(ALICE), meter), Error::<Test>::DeviceNotFound);
			assert_noop!(Did::remove_device(signed(ALICE), meter), Error::<Test>::DeviceNotFound);
			assert_ok!(Did::register_device(
				signed(ALICE),
				meter,
				DeviceKind::Parking,
				None,
				proof
			));
			assert_noop!(Did::revoke_device(signed(BOB), meter), Error::<Test>::NotDeviceOwner);
			assert_noop!(Did::remove_device(signed(BOB), meter), Error::<Test>::NotDeviceOwner);
		});
	}

	#[test]
	fn removing_a_device_returns_its_deposit() {
		run(|| {
			create(ALICE);
			let (meter, proof) = device("//meter", ALICE);
			assert_ok!(Did::register_device(
				signed(ALICE),
				meter,
				DeviceKind::Gateway,
				None,
				proof
			));
			assert_ok!(Did::revoke_device(signed(ALICE), meter));
			assert_ok!(Did::remove_device(signed(ALICE), meter));

			assert!(Devices::<Test>::get(meter).is_none());
			assert_eq!(Dids::<Test>::get(ALICE).unwrap().devices, 0);
			assert!(!DevicesOf::<Test>::contains_key(ALICE, meter));
			assert_eq!(held(HoldReason::DeviceDeposit, ALICE), 0);
			assert_eq!(last_event(), Event::DeviceRemoved { did: ALICE, device: meter });
		});
	}

	/// The owner removes its device, which a new owner registers; once that one removes it
	/// too, the first owner's old proof does not register it again without the device.
	#[test]
	fn a_device_proof_registers_the_device_once() {
		run(|| {
			create(ALICE);
			let (meter, proof) = device("//meter", ALICE);
			assert_ok!(Did::register_device(
				signed(ALICE),
				meter,
				DeviceKind::Gateway,
				None,
				proof.clone()
			));
			assert_ok!(Did::remove_device(signed(ALICE), meter));
			assert_noop!(
				Did::register_device(signed(ALICE), meter, DeviceKind::Gateway, None, proof),
				Error::<Test>::InvalidDeviceProof
			);
			assert_eq!(Dids::<Test>::get(ALICE).unwrap().device_registrations, 1);
			let (_, fresh) = device("//meter", ALICE);
			assert_ok!(Did::register_device(
				signed(ALICE),
				meter,
				DeviceKind::Gateway,
				None,
				fresh
			));
		});
	}

	#[test]
	fn device_keys_of_every_scheme_register() {
		run(|| {
			create(ALICE);
			let message = |registration| Did::device_proof_message(&ALICE, registration);
			let ed = sp_core::ed25519::Pair::from_string("//ed", None).unwrap();
			let ec = sp_core::ecdsa::Pair::from_string("//ec", None).unwrap();
			use sp_core::Pair;
			assert_ok!(Did::register_device(
				signed(ALICE),
				PublicKey::Ed25519(ed.public()),
				DeviceKind::AirQuality,
				None,
				sp_runtime::MultiSignature::Ed25519(ed.sign(&message(0)))
			));
			assert_ok!(Did::register_device(
				signed(ALICE),
				PublicKey::Ecdsa(ec.public()),
				DeviceKind::AirQuality,
				None,
				sp_runtime::MultiSignature::Ecdsa(ec.sign(&message(1)))
			));
		});
	}
}

mod credentials {
	use super::*;

	#[test]
	fn anyone_registers_a_schema_for_a_deposit() {
		run(|| {
			let hash = H256::repeat_byte(4);
			assert_ok!(Did::register_schema(signed(BOB), bounded(b"residency-v1"), hash));
			assert_ok!(Did::register_schema(signed(BOB), bounded(b"driver"), hash));

			let schema = Schemas::<Test>::get(0).unwrap();
			assert_eq!(schema.creator, BOB);
			assert_eq!(schema.name.to_vec(), b"residency-v1".to_vec());
			assert_eq!(NextSchemaId::<Test>::get(), 2);
			assert_eq!(held(HoldReason::SchemaDeposit, BOB), 2 * SCHEMA_DEPOSIT);
			assert_eq!(last_event(), Event::SchemaRegistered { schema: 1, creator: BOB, hash });
		});
	}

	#[test]
	fn register_schema_rejects_bad_names_and_exhausted_ids() {
		run(|| {
			let hash = H256::zero();
			assert_noop!(
				Did::register_schema(signed(BOB), bounded(b""), hash),
				Error::<Test>::InvalidSchemaName
			);
			assert_noop!(
				Did::register_schema(signed(BOB), bounded(b"two words"), hash),
				Error::<Test>::InvalidSchemaName
			);
			NextSchemaId::<Test>::put(SchemaId::MAX);
			assert_noop!(
				Did::register_schema(signed(BOB), bounded(b"last"), hash),
				Error::<Test>::SchemaIdsExhausted
			);
		});
	}

	#[test]
	fn governance_manages_trusted_issuers() {
		run(|| {
			let schema = residency_schema();
			assert_eq!(TrustedIssuers::<Test>::get(schema).to_vec(), vec![AGENCY]);
			assert_eq!(last_event(), Event::IssuerTrusted { schema, issuer: AGENCY });

			assert_ok!(Did::remove_trusted_issuer(RawOrigin::Root.into(), schema, AGENCY));
			assert!(TrustedIssuers::<Test>::get(schema).is_empty());
			assert_eq!(last_event(), Event::IssuerDistrusted { schema, issuer: AGENCY });
		});
	}

	#[test]
	fn trusted_issuer_changes_check_origin_schema_did_and_bounds() {
		run(|| {
			assert_noop!(
				Did::add_trusted_issuer(signed(AGENCY), 0, AGENCY),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Did::add_trusted_issuer(RawOrigin::Root.into(), 0, AGENCY),
				Error::<Test>::SchemaNotFound
			);
			let schema = residency_schema();
			assert_noop!(
				Did::add_trusted_issuer(RawOrigin::Root.into(), schema, AGENCY),
				Error::<Test>::AlreadyTrusted
			);
			assert_noop!(
				Did::add_trusted_issuer(RawOrigin::Root.into(), schema, BOB),
				Error::<Test>::DidNotFound
			);
			create(BOB);
			create(UTILITY);
			assert_ok!(Did::add_trusted_issuer(RawOrigin::Root.into(), schema, BOB));
			assert_noop!(
				Did::add_trusted_issuer(RawOrigin::Root.into(), schema, UTILITY),
				Error::<Test>::TooManyIssuers
			);
			assert_noop!(
				Did::remove_trusted_issuer(signed(AGENCY), schema, BOB),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Did::remove_trusted_issuer(RawOrigin::Root.into(), schema, UTILITY),
				Error::<Test>::NotTrustedIssuer
			);
		});
	}

	#[test]
	fn a_trusted_issuer_attests_a_claim_hash_about_a_subject() {
		run(|| {
			let schema = residency_schema();
			create(ALICE);
			let claim_hash = H256::repeat_byte(7);
			assert_ok!(Did::attest(
				signed(AGENCY),
				ALICE,
				schema,
				claim_hash,
				1,
				Some(100),
				Some(5)
			));

			let attestation = Attestations::<Test>::get((ALICE, schema, AGENCY)).unwrap();
			assert_eq!(attestation.claim_hash, claim_hash);
			assert_eq!(attestation.issued_at, 1);
			assert_eq!(attestation.expires_at, Some(100));
			assert_eq!(attestation.scope, Some(5));
			assert_eq!(held(HoldReason::AttestationDeposit, AGENCY), ATTESTATION_DEPOSIT);
			assert_eq!(
				last_event(),
				Event::Attested { subject: ALICE, schema, issuer: AGENCY, claim_hash }
			);
			assert_eq!(
				Did::credential_status(&ALICE, schema, &AGENCY),
				CredentialStatus::Valid { claim_hash, issued_at: 1, scope: Some(5) }
			);
		});
	}

	#[test]
	fn attest_checks_issuer_schema_trust_subject_duplicates_and_validity() {
		run(|| {
			let hash = H256::zero();
			let attest = |issuer, subject, schema, from, until| {
				Did::attest(signed(issuer), subject, schema, hash, from, until, None)
			};
			assert_noop!(attest(AGENCY, ALICE, 0, 1, None), Error::<Test>::DidNotFound);
			let schema = residency_schema();
			assert_noop!(attest(AGENCY, ALICE, 9, 1, None), Error::<Test>::SchemaNotFound);
			create(BOB);
			assert_noop!(attest(BOB, ALICE, schema, 1, None), Error::<Test>::NotTrustedIssuer);
			assert_noop!(attest(AGENCY, ALICE, schema, 1, None), Error::<Test>::DidNotFound);
			create(ALICE);
			advance_to(10);
			assert_noop!(attest(AGENCY, ALICE, schema, 5, Some(5)), Error::<Test>::InvalidValidity);
			assert_noop!(
				attest(AGENCY, ALICE, schema, 1, Some(10)),
				Error::<Test>::InvalidValidity
			);
			assert_ok!(attest(AGENCY, ALICE, schema, 1, Some(11)));
			assert_noop!(attest(AGENCY, ALICE, schema, 1, None), Error::<Test>::AlreadyAttested);
		});
	}

	#[test]
	fn the_issuer_revokes_an_attestation_with_a_reason() {
		run(|| {
			let schema = residency_schema();
			create(ALICE);
			attest(ALICE, schema, None, None);
			advance_to(6);
			assert_ok!(Did::revoke_attestation(signed(AGENCY), ALICE, schema, 3));

			assert_eq!(
				Attestations::<Test>::get((ALICE, schema, AGENCY)).unwrap().revoked,
				Some(Revocation { at: 6, reason: 3 })
			);
			assert_eq!(
				Did::credential_status(&ALICE, schema, &AGENCY),
				CredentialStatus::Revoked { at: 6, reason: 3 }
			);
			assert_eq!(
				last_event(),
				Event::AttestationRevoked { subject: ALICE, schema, issuer: AGENCY, reason: 3 }
			);
			assert_noop!(
				Did::revoke_attestation(signed(AGENCY), ALICE, schema, 3),
				Error::<Test>::AlreadyRevoked
			);
			assert_noop!(
				Did::revoke_attestation(signed(BOB), ALICE, schema, 3),
				Error::<Test>::AttestationNotFound
			);
		});
	}

	#[test]
	fn the_issuer_removes_an_attestation_and_gets_its_deposit_back() {
		run(|| {
			let schema = residency_schema();
			create(ALICE);
			attest(ALICE, schema, None, None);
			assert_noop!(
				Did::remove_attestation(signed(BOB), ALICE, schema),
				Error::<Test>::AttestationNotFound
			);
			assert_ok!(Did::deactivate(signed(ALICE)));
			assert_ok!(Did::remove_attestation(signed(AGENCY), ALICE, schema));

			assert!(Attestations::<Test>::get((ALICE, schema, AGENCY)).is_none());
			assert_eq!(held(HoldReason::AttestationDeposit, AGENCY), 0);
			assert_eq!(
				last_event(),
				Event::AttestationRemoved { subject: ALICE, schema, issuer: AGENCY }
			);
			assert_eq!(Did::credential_status(&ALICE, schema, &AGENCY), CredentialStatus::Unknown);
		});
	}

	#[test]
	fn credential_status_follows_the_validity_window_trust_and_deactivation() {
		run(|| {
			let schema = residency_schema();
			create(ALICE);
			assert_ok!(Did::attest(signed(AGENCY), ALICE, schema, H256::zero(), 5, Some(8), None));
			assert_eq!(
				Did::credential_status(&ALICE, schema, &AGENCY),
				CredentialStatus::NotYetValid { valid_from: 5 }
			);
			advance_to(5);
			assert!(matches!(
				Did::credential_status(&ALICE, schema, &AGENCY),
				CredentialStatus::Valid { .. }
			));
			advance_to(8);
			assert_eq!(
				Did::credential_status(&ALICE, schema, &AGENCY),
				CredentialStatus::Expired { at: 8 }
			);
			advance_to(7);
			assert_ok!(Did::remove_trusted_issuer(RawOrigin::Root.into(), schema, AGENCY));
			assert_eq!(
				Did::credential_status(&ALICE, schema, &AGENCY),
				CredentialStatus::IssuerNotTrusted
			);
			assert_ok!(Did::deactivate(signed(ALICE)));
			assert_eq!(
				Did::credential_status(&ALICE, schema, &AGENCY),
				CredentialStatus::SubjectDeactivated
			);
		});
	}

	#[test]
	fn a_deactivated_issuer_credentials_are_not_trusted() {
		run(|| {
			let schema = residency_schema();
			create(ALICE);
			attest(ALICE, schema, None, None);
			assert_ok!(Did::deactivate(signed(AGENCY)));
			assert_eq!(
				Did::credential_status(&ALICE, schema, &AGENCY),
				CredentialStatus::IssuerNotTrusted
			);
			assert_eq!(Did::valid_credential(&ALICE, schema, None, None), None);
		});
	}
}

mod credential_check {
	use super::*;
	use polis_primitives::{Credential, CredentialCheck};

	#[test]
	fn did_of_is_the_account_while_its_did_is_active() {
		run(|| {
			assert_eq!(<Did as CredentialCheck<_, _>>::did_of(&ALICE), None);
			create(ALICE);
			assert_eq!(<Did as CredentialCheck<_, _>>::did_of(&ALICE), Some(ALICE));
			assert_ok!(Did::deactivate(signed(ALICE)));
			assert_eq!(<Did as CredentialCheck<_, _>>::did_of(&ALICE), None);
		});
	}

	#[test]
	fn valid_credential_filters_by_issue_block_and_scope() {
		run(|| {
			let schema = residency_schema();
			create(ALICE);
			advance_to(4);
			attest(ALICE, schema, None, Some(12));
			let credential =
				Credential { subject: ALICE, issuer: AGENCY, issued_at: 4, scope: Some(12) };

			assert_eq!(Did::valid_credential(&ALICE, schema, None, None), Some(credential.clone()));
			assert_eq!(Did::valid_credential(&ALICE, schema, Some(5), Some(12)), Some(credential));
			assert_eq!(Did::valid_credential(&ALICE, schema, Some(4), None), None);
			assert_eq!(Did::valid_credential(&ALICE, schema, None, Some(13)), None);
			assert_eq!(Did::valid_credential(&BOB, schema, None, None), None);
			assert_eq!(Did::valid_credential(&ALICE, schema + 1, None, None), None);
		});
	}

	#[test]
	fn ensure_credential_admits_only_holders_of_the_schema() {
		frame_support::parameter_types! {
			pub const Residency: SchemaId = 0;
		}
		type Resident = EnsureCredential<AccountId, u64, Did, Residency>;
		run(|| {
			let schema = residency_schema();
			create(ALICE);
			create(BOB);
			attest(ALICE, schema, None, None);

			assert_eq!(Resident::try_origin(signed(ALICE)).ok(), Some((ALICE, ALICE)));
			assert!(Resident::try_origin(signed(BOB)).is_err());
			assert!(Resident::try_origin(RuntimeOrigin::root()).is_err());
			assert!(Resident::try_origin(RuntimeOrigin::none()).is_err());
			assert_ok!(Did::revoke_attestation(signed(AGENCY), ALICE, schema, 1));
			assert!(Resident::try_origin(signed(ALICE)).is_err());
		});
	}
}

mod consent {
	use super::*;

	fn category(bytes: &[u8]) -> CategoryOf<Test> {
		bounded(bytes)
	}

	#[test]
	fn a_subject_grants_an_organisation_access_until_a_block() {
		run(|| {
			create(ALICE);
			create(UTILITY);
			assert_ok!(Did::grant_consent(signed(ALICE), UTILITY, category(b"energy-usage"), 20));

			let consent =
				Consents::<Test>::get((ALICE, UTILITY, category(b"energy-usage"))).unwrap();
			assert_eq!((consent.granted_at, consent.expires_at), (1, 20));
			assert_eq!(held(HoldReason::ConsentDeposit, ALICE), CONSENT_DEPOSIT);
			assert_eq!(
				last_event(),
				Event::ConsentGranted {
					subject: ALICE,
					organisation: UTILITY,
					category: b"energy-usage".to_vec(),
					expires_at: 20
				}
			);
			assert!(Did::consent_granted(&ALICE, &UTILITY, b"energy-usage"));
			assert!(!Did::consent_granted(&ALICE, &UTILITY, b"health"));
			assert!(!Did::consent_granted(&ALICE, &BOB, b"energy-usage"));
			advance_to(20);
			assert!(!Did::consent_granted(&ALICE, &UTILITY, b"energy-usage"));
		});
	}

	#[test]
	fn granting_again_extends_the_grant_without_a_second_deposit() {
		run(|| {
			create(ALICE);
			create(UTILITY);
			assert_ok!(Did::grant_consent(signed(ALICE), UTILITY, category(b"water"), 20));
			assert_ok!(Did::grant_consent(signed(ALICE), UTILITY, category(b"water"), 50));
			assert_eq!(
				Consents::<Test>::get((ALICE, UTILITY, category(b"water"))).unwrap().expires_at,
				50
			);
			assert_eq!(held(HoldReason::ConsentDeposit, ALICE), CONSENT_DEPOSIT);
		});
	}

	#[test]
	fn grant_consent_checks_both_dids_the_category_and_the_expiry() {
		run(|| {
			let grant = |to, what: &[u8], until| {
				Did::grant_consent(signed(ALICE), to, category(what), until)
			};
			assert_noop!(grant(UTILITY, b"water", 20), Error::<Test>::DidNotFound);
			create(ALICE);
			assert_noop!(grant(ALICE, b"water", 20), Error::<Test>::SelfConsent);
			assert_noop!(grant(UTILITY, b"water", 20), Error::<Test>::DidNotFound);
			create(UTILITY);
			assert_noop!(grant(UTILITY, b"", 20), Error::<Test>::InvalidCategory);
			assert_noop!(grant(UTILITY, b"tap water", 20), Error::<Test>::InvalidCategory);
			assert_noop!(grant(UTILITY, b"water", 1), Error::<Test>::ExpiryInPast);
		});
	}

	#[test]
	fn the_subject_revokes_a_grant_at_once() {
		run(|| {
			create(ALICE);
			create(UTILITY);
			assert_ok!(Did::grant_consent(signed(ALICE), UTILITY, category(b"water"), 20));
			assert_ok!(Did::revoke_consent(signed(ALICE), UTILITY, category(b"water")));

			assert!(!Did::consent_granted(&ALICE, &UTILITY, b"water"));
			assert_eq!(held(HoldReason::ConsentDeposit, ALICE), 0);
			assert_eq!(
				last_event(),
				Event::ConsentRevoked {
					subject: ALICE,
					organisation: UTILITY,
					category: b"water".to_vec()
				}
			);
			assert_noop!(
				Did::revoke_consent(signed(ALICE), UTILITY, category(b"water")),
				Error::<Test>::ConsentNotFound
			);
		});
	}

	#[test]
	fn anyone_cleans_up_an_expired_grant_and_the_subject_gets_the_deposit() {
		run(|| {
			create(ALICE);
			create(UTILITY);
			assert_ok!(Did::grant_consent(signed(ALICE), UTILITY, category(b"water"), 20));
			assert_noop!(
				Did::remove_expired_consent(signed(BOB), ALICE, UTILITY, category(b"water")),
				Error::<Test>::ConsentStillActive
			);
			assert_noop!(
				Did::remove_expired_consent(signed(BOB), ALICE, UTILITY, category(b"gas")),
				Error::<Test>::ConsentNotFound
			);
			advance_to(20);
			assert_ok!(Did::remove_expired_consent(
				signed(BOB),
				ALICE,
				UTILITY,
				category(b"water")
			));
			assert_eq!(held(HoldReason::ConsentDeposit, ALICE), 0);
			assert_eq!(Balances::free_balance(ALICE), ENDOWMENT - DID_DEPOSIT - KEY_DEPOSIT);
		});
	}

	#[test]
	fn a_deactivated_subject_grants_nothing_but_can_still_revoke() {
		run(|| {
			create(ALICE);
			create(UTILITY);
			assert_ok!(Did::grant_consent(signed(ALICE), UTILITY, category(b"water"), 20));
			assert_ok!(Did::deactivate(signed(ALICE)));
			assert!(!Did::consent_granted(&ALICE, &UTILITY, b"water"));
			assert_ok!(Did::revoke_consent(signed(ALICE), UTILITY, category(b"water")));
		});
	}
}

mod invariants {
	use super::*;

	#[test]
	fn try_state_detects_a_deposit_that_does_not_match_the_document() {
		new_test_ext().execute_with(|| {
			create(ALICE);
			Dids::<Test>::mutate(ALICE, |document| document.as_mut().unwrap().deposit += 1);
			assert!(Did::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_detects_a_key_history_without_its_did() {
		new_test_ext().execute_with(|| {
			create(ALICE);
			assert_ok!(Did::rotate_key(signed(ALICE), 0, sr_key("//b")));
			assert_ok!(Did::do_try_state());
			let key = Dids::<Test>::get(ALICE).unwrap().public_keys[0].clone();
			KeyHistory::<Test>::insert(
				BOB,
				BoundedVec::truncate_from(vec![RetiredKey { key, retired: 1 }]),
			);
			assert!(Did::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_detects_a_device_its_owner_does_not_list() {
		new_test_ext().execute_with(|| {
			create(ALICE);
			let (meter, proof) = device("//meter", ALICE);
			assert_ok!(Did::register_device(signed(ALICE), meter, DeviceKind::Other, None, proof));
			DevicesOf::<Test>::remove(ALICE, meter);
			assert!(Did::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_detects_an_active_did_that_is_also_deactivated() {
		new_test_ext().execute_with(|| {
			create(ALICE);
			Deactivated::<Test>::insert(ALICE, Tombstone { deactivated: 1, deposit: 0 });
			assert!(Did::do_try_state().is_err());
		});
	}
}
