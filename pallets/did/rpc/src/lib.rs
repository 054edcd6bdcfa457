//! `did_*` RPC methods of `polis-node`, answered by `pallet-did`'s runtime API.
//!
//! - `did_resolve(did, at?)`: the DID's document as W3C-style JSON (`did:polis:<address>`),
//!   with retired keys and devices; `{ id, deactivated: true, ... }` for a deactivated DID;
//!   `null` for one that never existed.
//! - `did_credentialStatus(subject, schema, issuer, at?)`: `{ status, ... }`.
//! - `did_consentGranted(subject, organisation, category, at?)`: whether the grant holds now.

use std::{fmt::Display, sync::Arc};

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::error::{ErrorObject, ErrorObjectOwned},
};
use pallet_did_runtime_api::{CredentialStatus, DidResolution, KeyPurpose, KeyView};
use polis_primitives::{PublicKey, SchemaId};
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::hexdisplay::HexDisplay;
use sp_runtime::traits::{Block as BlockT, NumberFor};

pub use pallet_did_runtime_api::DidApi as DidRuntimeApi;

/// The DID method of Polis.
pub const DID_METHOD: &str = "polis";

#[rpc(client, server)]
pub trait DidRpcApi<BlockHash, AccountId> {
	/// The document of `did` as W3C-style JSON, or `null` if it never existed.
	#[method(name = "did_resolve")]
	fn resolve(&self, did: AccountId, at: Option<BlockHash>) -> RpcResult<Value>;

	/// The status of the credential `issuer` attested for `subject` under `schema`.
	#[method(name = "did_credentialStatus")]
	fn credential_status(
		&self,
		subject: AccountId,
		schema: SchemaId,
		issuer: AccountId,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// Whether `subject` currently grants `organisation` access to data of `category`.
	#[method(name = "did_consentGranted")]
	fn consent_granted(
		&self,
		subject: AccountId,
		organisation: AccountId,
		category: String,
		at: Option<BlockHash>,
	) -> RpcResult<bool>;
}

/// The `did_*` RPC handler.
pub struct Did<Client, Block> {
	client: Arc<Client>,
	_block: std::marker::PhantomData<Block>,
}

impl<Client, Block> Did<Client, Block> {
	pub fn new(client: Arc<Client>) -> Self {
		Self { client, _block: Default::default() }
	}
}

/// The DID document's `verificationMethod` entries: every key, retired ones with their block.
fn verification_methods<BlockNumber: Copy + Into<u64>>(
	id: &str,
	keys: &[KeyView<BlockNumber>],
) -> Vec<Value> {
	keys.iter()
		.map(|key| {
			let mut method = json!({
				"id": key_url(id, key),
				"type": verification_type(&key.public),
				"controller": id,
				"publicKeyHex": hex(&key.public),
				"purpose": purpose_name(key.purpose),
				"added": key.added.into(),
			});
			if let Some(retired) = key.retired {
				method["retired"] = json!(retired.into());
			}
			method
		})
		.collect()
}

fn runtime_error(error: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(1, "Runtime API call failed", Some(format!("{error:?}")))
}

impl<Client, Block, AccountId> DidRpcApiServer<<Block as BlockT>::Hash, AccountId>
	for Did<Client, Block>
where
	Block: BlockT,
	NumberFor<Block>: Into<u64>,
	Client: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	Client::Api: DidRuntimeApi<Block, AccountId, NumberFor<Block>>,
	AccountId: Codec + Display + Clone + Send + Sync + 'static + for<'de> serde::Deserialize<'de>,
{
	fn resolve(&self, did: AccountId, at: Option<Block::Hash>) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let resolution =
			self.client.runtime_api().resolve(at, did.clone()).map_err(runtime_error)?;
		Ok(match resolution {
			None => Value::Null,
			Some(DidResolution::Deactivated { at, public_keys }) => {
				let id = did_url(&did);
				json!({
					"@context": ["https://www.w3.org/ns/did/v1"],
					"id": id,
					"deactivated": true,
					"deactivatedAt": at.into(),
					"verificationMethod": verification_methods(&id, &public_keys),
				})
			},
			Some(DidResolution::Active(document)) => {
				let id = did_url(&document.did);
				let active = |purpose: KeyPurpose| -> Vec<Value> {
					document
						.public_keys
						.iter()
						.filter(|k| k.purpose == purpose && k.retired.is_none())
						.map(|k| json!(key_url(&id, k)))
						.collect()
				};
				json!({
					"@context": ["https://www.w3.org/ns/did/v1"],
					"id": id,
					"controller": did_url(&document.controller),
					"verificationMethod": verification_methods(&id, &document.public_keys),
					"authentication": active(KeyPurpose::Authentication),
					"assertionMethod": active(KeyPurpose::Assertion),
					"keyAgreement": active(KeyPurpose::KeyAgreement),
					"service": document.services.iter().map(|service| json!({
						"id": format!("{id}{}", String::from_utf8_lossy(&service.id)),
						"type": String::from_utf8_lossy(&service.service_type),
						"serviceEndpoint": String::from_utf8_lossy(&service.url),
					})).collect::<Vec<_>>(),
					"devices": document.devices.into_iter().map(|device| json!({
						"publicKeyHex": hex(&device.key),
						"type": verification_type(&device.key),
						"kind": format!("{:?}", device.kind),
						"metadata": device.metadata.map(|m| format!("{m:?}")),
						"registered": device.registered.into(),
						"revoked": device.revoked.map(Into::into),
					})).collect::<Vec<_>>(),
					"deviceCount": document.device_count,
					"created": document.created.into(),
					"updated": document.updated.into(),
				})
			},
		})
	}

	fn credential_status(
		&self,
		subject: AccountId,
		schema: SchemaId,
		issuer: AccountId,
		at: Option<Block::Hash>,
	) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let status = self
			.client
			.runtime_api()
			.credential_status(at, subject, schema, issuer)
			.map_err(runtime_error)?;
		Ok(match status {
			CredentialStatus::Unknown => json!({ "status": "unknown" }),
			CredentialStatus::Valid { claim_hash, issued_at, scope } => json!({
				"status": "valid",
				"claimHash": format!("{claim_hash:?}"),
				"issuedAt": issued_at.into(),
				"scope": scope,
			}),
			CredentialStatus::NotYetValid { valid_from } => {
				json!({ "status": "notYetValid", "validFrom": valid_from.into() })
			},
			CredentialStatus::Expired { at } => json!({ "status": "expired", "at": at.into() }),
			CredentialStatus::Revoked { at, reason } => {
				json!({ "status": "revoked", "at": at.into(), "reason": reason })
			},
			CredentialStatus::IssuerNotTrusted => json!({ "status": "issuerNotTrusted" }),
			CredentialStatus::SubjectDeactivated => json!({ "status": "subjectDeactivated" }),
		})
	}

	fn consent_granted(
		&self,
		subject: AccountId,
		organisation: AccountId,
		category: String,
		at: Option<Block::Hash>,
	) -> RpcResult<bool> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client
			.runtime_api()
			.consent_granted(at, subject, organisation, category.into_bytes())
			.map_err(runtime_error)
	}
}

fn did_url(account: &impl Display) -> String {
	format!("did:{DID_METHOD}:{account}")
}

fn key_url<BlockNumber>(did: &str, key: &KeyView<BlockNumber>) -> String {
	format!("{did}#key-{}", key.id)
}

fn purpose_name(purpose: KeyPurpose) -> &'static str {
	match purpose {
		KeyPurpose::Authentication => "authentication",
		KeyPurpose::Assertion => "assertionMethod",
		KeyPurpose::KeyAgreement => "keyAgreement",
	}
}

fn verification_type(key: &PublicKey) -> &'static str {
	match key {
		PublicKey::Sr25519(_) => "Sr25519VerificationKey2020",
		PublicKey::Ed25519(_) => "Ed25519VerificationKey2018",
		PublicKey::Ecdsa(_) => "EcdsaSecp256k1VerificationKey2019",
	}
}

fn hex(key: &PublicKey) -> String {
	let bytes: &[u8] = match key {
		PublicKey::Sr25519(k) => k.as_ref(),
		PublicKey::Ed25519(k) => k.as_ref(),
		PublicKey::Ecdsa(k) => k.as_ref(),
	};
	format!("0x{}", HexDisplay::from(&bytes))
}
