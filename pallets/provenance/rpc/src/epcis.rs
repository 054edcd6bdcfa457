//! A lot's recorded events as a GS1 EPCIS 2.0 JSON-LD document.
//!
//! Identifiers follow GS1 Digital Link where the codes are GS1 keys (a GTIN of 8, 12, 13 or 14
//! digits with a lot code: `https://id.gs1.org/01/{gtin}/10/{lot}`; an 18-digit SSCC:
//! `https://id.gs1.org/00/{sscc}`; a 13-digit GLN: `https://id.gs1.org/414/{gln}`), and are
//! Polis URNs otherwise (`urn:polis:lot:{id}`, `urn:polis:location:{id}`). Business steps and
//! dispositions are CBV 2.0's bare words; the few Polis adds (`polis:transforming`,
//! `polis:recalling`, `polis:rejected`, `polis:other`) and its extension fields (the block an
//! event was recorded in, its recorder, its document hash, a handout's programme) live under
//! the `polis:` prefix of the document's context.

use std::collections::BTreeMap;

use pallet_provenance::{
	Action, BizStep, ConditionOutcome, Config, Disposition, ErrorDeclaration, EventKind,
	EventRecord, HashAlgorithm, LocationId, LotEvent, LotId, LotIdentity, TransactionKind, Unit,
};
use serde_json::{json, Map, Value};

/// The JSON-LD context of Polis's extensions.
pub const POLIS_CONTEXT: &str = "https://polis.example/epcis/";

/// What the document needs besides the events: the codes of the lots and locations they name.
#[derive(Default)]
pub struct Names {
	pub lots: BTreeMap<LotId, LotIdentity>,
	pub locations: BTreeMap<LocationId, Vec<u8>>,
}

/// An EPCIS 2.0 document holding `events`, created at `created_ms`.
pub fn document<T: Config>(
	events: &[LotEvent<EventRecord<T>, ErrorDeclaration<T>>],
	names: &Names,
	created_ms: u64,
) -> Value
where
	T::DidId: std::fmt::Display,
	frame_system::pallet_prelude::BlockNumberFor<T>: Into<u64>,
{
	json!({
		"@context": [
			"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
			{ "polis": POLIS_CONTEXT },
		],
		"type": "EPCISDocument",
		"schemaVersion": "2.0",
		"creationDate": timestamp(created_ms),
		"epcisBody": {
			"eventList": events.iter().map(|event| event_json::<T>(event, names)).collect::<Vec<_>>(),
		},
	})
}

fn event_json<T: Config>(
	event: &LotEvent<EventRecord<T>, ErrorDeclaration<T>>,
	names: &Names,
) -> Value
where
	T::DidId: std::fmt::Display,
	frame_system::pallet_prelude::BlockNumberFor<T>: Into<u64>,
{
	let record = &event.record;
	let mut json = Map::new();
	let lot = |id: &LotId| lot_uri(*id, names);
	let class_of = |id: &LotId, quantity: Option<u64>| quantity_element(*id, quantity, names);
	match &record.kind {
		EventKind::Object { action, lots } => {
			json.insert("type".into(), "ObjectEvent".into());
			json.insert("action".into(), action_word(*action).into());
			json.insert("epcList".into(), lots.iter().map(lot).collect());
		},
		EventKind::Aggregation { action, container, lots } => {
			json.insert("type".into(), "AggregationEvent".into());
			json.insert("action".into(), action_word(*action).into());
			json.insert("parentID".into(), lot(container).into());
			json.insert("childEPCs".into(), lots.iter().map(lot).collect());
		},
		EventKind::Transformation { inputs, outputs } => {
			json.insert("type".into(), "TransformationEvent".into());
			let list = |lots: &[(LotId, u64)]| -> Value {
				lots.iter().map(|(id, quantity)| class_of(id, Some(*quantity))).collect()
			};
			json.insert("inputQuantityList".into(), list(inputs));
			json.insert("outputQuantityList".into(), list(outputs));
		},
		EventKind::Transaction { lot: id, transaction, from, to } => {
			json.insert("type".into(), "TransactionEvent".into());
			json.insert("action".into(), "ADD".into());
			json.insert("epcList".into(), json!([lot(id)]));
			json.insert(
				"bizTransactionList".into(),
				json!([{
					"type": transaction_word(transaction.kind),
					"bizTransaction": format!("urn:polis:bt:{}", escape(&transaction.reference)),
				}]),
			);
			json.insert(
				"sourceList".into(),
				json!([{ "type": "owning_party", "source": did_uri(from) }]),
			);
			json.insert(
				"destinationList".into(),
				json!([{ "type": "owning_party", "destination": did_uri(to) }]),
			);
		},
		EventKind::Association { action, lot: id, device } => {
			json.insert("type".into(), "AssociationEvent".into());
			json.insert("action".into(), action_word(*action).into());
			json.insert("parentID".into(), lot(id).into());
			json.insert("childEPCs".into(), json!([device_uri(device)]));
		},
		EventKind::Handout { programme, lot: id, quantity } => {
			json.insert("type".into(), "ObjectEvent".into());
			json.insert("action".into(), "OBSERVE".into());
			json.insert("quantityList".into(), json!([class_of(id, Some(*quantity))]));
			json.insert("polis:programme".into(), (*programme).into());
		},
	}
	json.insert("eventID".into(), format!("urn:polis:event:{}", event.id).into());
	json.insert("eventTime".into(), timestamp(record.context.time).into());
	json.insert("eventTimeZoneOffset".into(), "+00:00".into());
	json.insert("bizStep".into(), step_word(record.step).into());
	json.insert("disposition".into(), disposition_word(record.disposition).into());
	if let Some(point) = record.context.read_point {
		json.insert("readPoint".into(), json!({ "id": location_uri(point, names) }));
	}
	if !record.evidence.is_empty() {
		let sensors = record.evidence.iter().map(|evidence| {
			let (outcome, min, max, interval) = match evidence.outcome {
				ConditionOutcome::Kept => ("kept", None, None, None),
				ConditionOutcome::Breached { interval, min, max } => {
					("breached", Some(min), Some(max), Some(interval))
				},
				ConditionOutcome::Missing { interval } => ("missing", None, None, Some(interval)),
			};
			json!({
				"sensorMetadata": {
					"deviceID": evidence.device.as_ref().map(device_uri),
				},
				"sensorReport": [{
					"type": format!("polis:metric-{}", evidence.metric),
					"minValue": min,
					"maxValue": max,
					"polis:outcome": outcome,
					"polis:intervals": [evidence.from, evidence.to],
					"polis:interval": interval,
				}],
			})
		});
		json.insert("sensorElementList".into(), sensors.collect());
	}
	if let Some(declaration) = &event.declared_wrong {
		json.insert(
			"errorDeclaration".into(),
			json!({
				"declarationTime": timestamp(declaration.declared_at),
				"reason": "incorrect_data",
				"correctiveEventIDs": declaration
					.corrective
					.iter()
					.map(|id| format!("urn:polis:event:{id}"))
					.collect::<Vec<_>>(),
				"polis:explanation": String::from_utf8_lossy(&declaration.reason),
			}),
		);
	}
	json.insert("polis:recordedIn".into(), record.recorded_in.into().into());
	json.insert("polis:recorder".into(), did_uri(&record.recorder).into());
	if let Some(document) = &record.context.document {
		json.insert(
			"polis:documentHash".into(),
			json!({
				"algorithm": hash_word(document.algorithm),
				"digest": hex(&document.digest),
			}),
		);
	}
	Value::Object(json)
}

/// A lot's identifier: GS1 Digital Link for a GTIN with its lot code or an SSCC, else a Polis
/// URN.
pub fn lot_uri(lot: LotId, names: &Names) -> String {
	match names.lots.get(&lot) {
		Some(identity) if is_digits(&identity.code, &[18]) => {
			format!("https://id.gs1.org/00/{}", escape(&identity.code))
		},
		Some(identity) if is_digits(&identity.class_code, &[8, 12, 13, 14]) => format!(
			"https://id.gs1.org/01/{:0>14}/10/{}",
			escape(&identity.class_code),
			escape(&identity.code)
		),
		_ => format!("urn:polis:lot:{lot}"),
	}
}

/// A location's identifier: GS1 Digital Link for a GLN, else a Polis URN.
pub fn location_uri(location: LocationId, names: &Names) -> String {
	match names.locations.get(&location) {
		Some(code) if is_digits(code, &[13]) => format!("https://id.gs1.org/414/{}", escape(code)),
		_ => format!("urn:polis:location:{location}"),
	}
}

/// A quantity element of a lot: its class (as the lot's identifier), the quantity if known,
/// and the unit (UN/CEFACT codes; pieces carry none).
fn quantity_element(lot: LotId, quantity: Option<u64>, names: &Names) -> Value {
	let mut element = Map::new();
	element.insert("epcClass".into(), lot_uri(lot, names).into());
	if let Some(quantity) = quantity {
		element.insert("quantity".into(), quantity.into());
		let unit = names.lots.get(&lot).and_then(|identity| match identity.unit {
			Unit::Each => None,
			Unit::Gram => Some("GRM"),
			Unit::Kilogram => Some("KGM"),
			Unit::Millilitre => Some("MLT"),
			Unit::Litre => Some("LTR"),
		});
		if let Some(unit) = unit {
			element.insert("uom".into(), unit.into());
		}
	}
	Value::Object(element)
}

fn did_uri(did: &impl std::fmt::Display) -> String {
	format!("did:polis:{did}")
}

fn device_uri(device: &polis_primitives::PublicKey) -> String {
	let (kind, bytes): (&str, &[u8]) = match device {
		polis_primitives::PublicKey::Sr25519(key) => ("sr25519", key.as_ref()),
		polis_primitives::PublicKey::Ed25519(key) => ("ed25519", key.as_ref()),
		polis_primitives::PublicKey::Ecdsa(key) => ("ecdsa", key.as_ref()),
	};
	format!("urn:polis:device:{kind}:{}", hex(bytes))
}

fn action_word(action: Action) -> &'static str {
	match action {
		Action::Add => "ADD",
		Action::Observe => "OBSERVE",
		Action::Delete => "DELETE",
	}
}

fn step_word(step: BizStep) -> &'static str {
	match step {
		BizStep::Commissioning => "commissioning",
		BizStep::Decommissioning => "decommissioning",
		BizStep::Inspecting => "inspecting",
		BizStep::Storing => "storing",
		BizStep::Holding => "holding",
		BizStep::Packing => "packing",
		BizStep::Unpacking => "unpacking",
		BizStep::Shipping => "shipping",
		BizStep::Receiving => "receiving",
		BizStep::Accepting => "accepting",
		BizStep::Transforming => "polis:transforming",
		BizStep::RetailSelling => "retail_selling",
		BizStep::SensorReporting => "sensor_reporting",
		BizStep::Recalling => "polis:recalling",
		BizStep::Other => "other",
		BizStep::Dispensing => "dispensing",
		BizStep::VoidShipping => "void_shipping",
	}
}

fn disposition_word(disposition: Disposition) -> &'static str {
	match disposition {
		Disposition::Active => "active",
		Disposition::InProgress => "in_progress",
		Disposition::InTransit => "in_transit",
		Disposition::Conformant => "conformant",
		Disposition::NonConformant => "non_conformant",
		Disposition::Damaged => "damaged",
		Disposition::Expired => "expired",
		Disposition::Recalled => "recalled",
		Disposition::Destroyed => "destroyed",
		Disposition::Rejected => "polis:rejected",
		Disposition::SellableAccessible => "sellable_accessible",
		Disposition::Other => "polis:other",
		Disposition::Dispensed => "dispensed",
	}
}

fn transaction_word(kind: TransactionKind) -> &'static str {
	match kind {
		TransactionKind::PurchaseOrder => "po",
		TransactionKind::Invoice => "inv",
		TransactionKind::DespatchAdvice => "desadv",
		TransactionKind::BillOfLading => "bol",
		TransactionKind::ReceivingAdvice => "recadv",
	}
}

fn hash_word(algorithm: HashAlgorithm) -> &'static str {
	match algorithm {
		HashAlgorithm::Sha256 => "sha-256",
		HashAlgorithm::Sha3_256 => "sha3-256",
		HashAlgorithm::Blake2b256 => "blake2b-256",
		HashAlgorithm::Keccak256 => "keccak-256",
	}
}

fn is_digits(code: &[u8], lengths: &[usize]) -> bool {
	lengths.contains(&code.len()) && code.iter().all(u8::is_ascii_digit)
}

/// A code as a URI path segment: unreserved characters as they are, the rest percent-encoded.
fn escape(code: &[u8]) -> String {
	code.iter()
		.map(|byte| match byte {
			b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
				(*byte as char).to_string()
			},
			_ => format!("%{byte:02X}"),
		})
		.collect()
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Milliseconds after the Unix epoch as an RFC 3339 UTC timestamp.
pub fn timestamp(ms: u64) -> String {
	let days = (ms / 86_400_000) as i64;
	let in_day = ms % 86_400_000;
	// Civil date from days since 1970-01-01 (the proleptic Gregorian calendar).
	let shifted = days + 719_468;
	let era = shifted.div_euclid(146_097);
	let day_of_era = shifted.rem_euclid(146_097);
	let year_of_era =
		(day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
	let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	let month_index = (5 * day_of_year + 2) / 153;
	let day = day_of_year - (153 * month_index + 2) / 5 + 1;
	let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
	let year = year_of_era + era * 400 + i64::from(month <= 2);
	format!(
		"{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
		in_day / 3_600_000,
		in_day / 60_000 % 60,
		in_day / 1_000 % 60,
		in_day % 1_000
	)
}

#[cfg(test)]
mod tests {
	use super::*;
	use frame_support::BoundedVec;
	use pallet_provenance::{DocumentHash, EventContext, EventId};
	use polis_runtime::{AccountId, Runtime};

	fn identity(lot: LotId, class_code: &str, code: &str, unit: Unit) -> (LotId, LotIdentity) {
		let (class_code, code) = (class_code.as_bytes().to_vec(), code.as_bytes().to_vec());
		(lot, LotIdentity { lot, class_code, code, unit })
	}

	fn names() -> Names {
		Names {
			lots: BTreeMap::from([
				identity(0, "4012345000009", "F-1", Unit::Kilogram),
				identity(1, "4012345000009", "P/1", Unit::Kilogram),
				identity(2, "pallet", "340123450000000000", Unit::Each),
				identity(3, "milk", "local-7", Unit::Litre),
			]),
			locations: BTreeMap::from([(0, b"4012345000016".to_vec()), (1, b"shop".to_vec())]),
		}
	}

	fn event(
		id: EventId,
		kind: EventKind<Runtime>,
		step: BizStep,
	) -> LotEvent<EventRecord<Runtime>, ErrorDeclaration<Runtime>> {
		LotEvent {
			id,
			record: EventRecord {
				kind,
				recorder: AccountId::from([1; 32]),
				context: EventContext {
					time: 1_764_504_000_123,
					read_point: Some(0),
					document: Some(DocumentHash {
						algorithm: HashAlgorithm::Sha256,
						digest: BoundedVec::truncate_from(vec![0xab; 32]),
					}),
				},
				recorded_in: 42,
				step,
				disposition: Disposition::Active,
				evidence: BoundedVec::new(),
				depositor: AccountId::from([1; 32]),
				deposit: 0,
			},
			declared_wrong: None,
		}
	}

	#[test]
	fn times_are_rfc_3339_in_utc() {
		assert_eq!(timestamp(0), "1970-01-01T00:00:00.000Z");
		assert_eq!(timestamp(1_764_504_000_123), "2025-11-30T12:00:00.123Z");
		assert_eq!(timestamp(1_709_209_599_999), "2024-02-29T12:26:39.999Z");
		assert_eq!(timestamp(951_868_800_000), "2000-03-01T00:00:00.000Z");
	}

	#[test]
	fn gs1_keys_become_digital_links_and_other_codes_polis_urns() {
		let names = names();
		assert_eq!(lot_uri(0, &names), "https://id.gs1.org/01/04012345000009/10/F-1");
		assert_eq!(lot_uri(1, &names), "https://id.gs1.org/01/04012345000009/10/P%2F1");
		assert_eq!(lot_uri(2, &names), "https://id.gs1.org/00/340123450000000000");
		assert_eq!(lot_uri(3, &names), "urn:polis:lot:3");
		assert_eq!(lot_uri(9, &names), "urn:polis:lot:9");
		assert_eq!(location_uri(0, &names), "https://id.gs1.org/414/4012345000016");
		assert_eq!(location_uri(1, &names), "urn:polis:location:1");
	}

	#[test]
	fn a_document_holds_each_event_in_epcis_shape() {
		let commissioning = event(
			7,
			EventKind::Object { action: Action::Add, lots: BoundedVec::truncate_from(vec![0]) },
			BizStep::Commissioning,
		);
		let mut split = event(
			8,
			EventKind::Transformation {
				inputs: BoundedVec::truncate_from(vec![(0, 100)]),
				outputs: BoundedVec::truncate_from(vec![(1, 40), (3, 60)]),
			},
			BizStep::Transforming,
		);
		split.declared_wrong = Some(ErrorDeclaration {
			declared_at: 0,
			reason: BoundedVec::truncate_from(b"wrong scale".to_vec()),
			corrective: BoundedVec::truncate_from(vec![9]),
		});
		let document = document::<Runtime>(&[commissioning, split], &names(), 0);
		assert_eq!(document["type"], "EPCISDocument");
		assert_eq!(document["schemaVersion"], "2.0");
		let events = document["epcisBody"]["eventList"].as_array().unwrap();
		assert_eq!(
			events[0],
			json!({
				"type": "ObjectEvent",
				"action": "ADD",
				"epcList": ["https://id.gs1.org/01/04012345000009/10/F-1"],
				"eventID": "urn:polis:event:7",
				"eventTime": "2025-11-30T12:00:00.123Z",
				"eventTimeZoneOffset": "+00:00",
				"bizStep": "commissioning",
				"disposition": "active",
				"readPoint": { "id": "https://id.gs1.org/414/4012345000016" },
				"polis:recordedIn": 42,
				"polis:recorder": format!("did:polis:{}", AccountId::from([1; 32])),
				"polis:documentHash": { "algorithm": "sha-256", "digest": "ab".repeat(32) },
			})
		);
		assert_eq!(events[1]["type"], "TransformationEvent");
		assert_eq!(
			events[1]["inputQuantityList"],
			json!([{ "epcClass": "https://id.gs1.org/01/04012345000009/10/F-1", "quantity": 100, "uom": "KGM" }])
		);
		assert_eq!(
			events[1]["outputQuantityList"][1],
			json!({ "epcClass": "urn:polis:lot:3", "quantity": 60, "uom": "LTR" })
		);
		assert_eq!(events[1]["bizStep"], "polis:transforming");
		assert_eq!(
			events[1]["errorDeclaration"]["correctiveEventIDs"],
			json!(["urn:polis:event:9"])
		);
		assert_eq!(events[1]["errorDeclaration"]["reason"], "incorrect_data");
	}
}
