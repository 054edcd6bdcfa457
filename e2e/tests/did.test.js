// pallet-did against a real node: identities, devices, credentials, consent, and resolution
// through both the runtime API (decoded from metadata, no custom types) and the did_* RPC.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';

import { eventsOf, startNode, submit, submitOk } from '../lib/node.js';

describe('pallet-did on polis-node --dev', () => {
  let node;
  let api;
  let keyring;
  let agency; // issues residency credentials
  let citizen;
  let utility; // an organisation the citizen shares data with
  let leaver; // deactivates its DID
  let schema;

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    keyring = new Keyring({ type: 'sr25519', ss58Format: 776 });
    agency = keyring.addFromUri('//Alice');
    citizen = keyring.addFromUri('//Bob');
    utility = keyring.addFromUri('//Charlie');
    leaver = keyring.addFromUri('//Dave');
  });

  after(async () => {
    if (node) await node.stop();
  });

  /** Submits and asserts success; returns the result. */
  const ok = (tx, signer) => submitOk(api, tx, signer);

  it('creates DIDs, each holding a deposit', async () => {
    for (const who of [agency, citizen, utility, leaver]) {
      const result = await ok(api.tx.did.create({ Sr25519: who.publicKey }), who);
      const [created] = eventsOf(result.events, 'did', 'DidCreated');
      assert.equal(created.data.did.toString(), who.address);
    }
    const document = (await api.query.did.dids(citizen.address)).unwrap();
    assert.equal(document.controller.toString(), citizen.address);
    assert.equal(document.publicKeys[0].purpose.toString(), 'Authentication');
    const holds = await api.query.balances.holds(citizen.address);
    assert.ok(holds.some((hold) => hold.id.toString().includes('DidDeposit')), holds.toString());
  });

  it('refuses a second DID for the same account', async () => {
    const result = await submit(api, api.tx.did.create({ Ed25519: citizen.publicKey }), citizen);
    assert.equal(result.dispatchError, 'did.DidAlreadyExists');
  });

  it('rotates a key and keeps the retired one in the history', async () => {
    const newKey = keyring.addFromUri('//Bob//rotated', {}, 'ed25519');
    const result = await ok(api.tx.did.rotateKey(0, { Ed25519: newKey.publicKey }), citizen);
    assert.equal(eventsOf(result.events, 'did', 'KeyRotated').length, 1);
    const history = await api.query.did.keyHistory(citizen.address);
    assert.equal(history.length, 1);
    assert.equal(history[0].key.id.toNumber(), 0);
  });

  it('registers a device that proves to hold its key, and revokes it', async () => {
    const meter = keyring.addFromUri('//Meter/1');
    const { deviceRegistrations } = (await api.query.did.dids(citizen.address)).unwrap();
    const message = api.createType('(Bytes, H256, AccountId32, u32)', [
      'polis:device-registration', api.genesisHash, citizen.address, deviceRegistrations,
    ]).toU8a();
    const proof = { Sr25519: meter.sign(message) };
    const register = api.tx.did.registerDevice({ Sr25519: meter.publicKey }, 'ElectricityMeter', null, proof);
    const result = await ok(register, citizen);
    assert.equal(eventsOf(result.events, 'did', 'DeviceRegistered').length, 1);

    const forged = api.tx.did.registerDevice(
      { Sr25519: keyring.addFromUri('//Meter/2').publicKey }, 'ElectricityMeter', null, proof,
    );
    assert.equal((await submit(api, forged, citizen)).dispatchError, 'did.InvalidDeviceProof');

    await ok(api.tx.did.revokeDevice({ Sr25519: meter.publicKey }), citizen);
    const device = (await api.query.did.devices({ Sr25519: meter.publicKey })).unwrap();
    assert.ok(device.status.isRevoked);
  });

  it('registers a schema, trusts an issuer through sudo, attests and revokes a credential', async () => {
    const schemaHash = blake2AsHex('{"$id":"residency"}');
    const registered = await ok(api.tx.did.registerSchema('residency', schemaHash), agency);
    schema = eventsOf(registered.events, 'did', 'SchemaRegistered')[0].data.schema.toNumber();

    const notTrusted = api.tx.did.attest(citizen.address, schema, blake2AsHex('claim'), 0, null, 3);
    assert.equal((await submit(api, notTrusted, agency)).dispatchError, 'did.NotTrustedIssuer');

    const trust = await ok(api.tx.sudo.sudo(api.tx.did.addTrustedIssuer(schema, agency.address)), agency);
    assert.equal(eventsOf(trust.events, 'did', 'IssuerTrusted').length, 1);

    const claimHash = blake2AsHex('Bob lives in district 3');
    await ok(api.tx.did.attest(citizen.address, schema, claimHash, 0, null, 3), agency);

    const status = await node.rpc('did_credentialStatus', [citizen.address, schema, agency.address]);
    assert.equal(status.status, 'valid');
    assert.equal(status.claimHash, claimHash);
    assert.equal(status.scope, 3);
    const viaRuntimeApi = await api.call.didApi.credentialStatus(citizen.address, schema, agency.address);
    assert.ok(viaRuntimeApi.isValid);

    const revoked = await ok(api.tx.did.revokeAttestation(citizen.address, schema, 7), agency);
    assert.equal(eventsOf(revoked.events, 'did', 'AttestationRevoked')[0].data.reason.toNumber(), 7);
    const after = await node.rpc('did_credentialStatus', [citizen.address, schema, agency.address]);
    assert.equal(after.status, 'revoked');
    assert.equal(after.reason, 7);
  });

  it('grants and revokes consent, checked by a data custodian through the RPC', async () => {
    const { number } = await api.rpc.chain.getHeader();
    await ok(api.tx.did.grantConsent(utility.address, 'energy-usage', number.toNumber() + 1000), citizen);
    assert.equal(await node.rpc('did_consentGranted', [citizen.address, utility.address, 'energy-usage']), true);
    assert.equal(await node.rpc('did_consentGranted', [citizen.address, utility.address, 'health']), false);

    const revoked = await ok(api.tx.did.revokeConsent(utility.address, 'energy-usage'), citizen);
    assert.equal(eventsOf(revoked.events, 'did', 'ConsentRevoked').length, 1);
    assert.equal(await node.rpc('did_consentGranted', [citizen.address, utility.address, 'energy-usage']), false);
  });

  it('resolves a DID to a W3C-style document through the RPC', async () => {
    const document = await node.rpc('did_resolve', [citizen.address]);
    assert.equal(document.id, `did:polis:${citizen.address}`);
    assert.equal(document.controller, document.id);
    assert.equal(document.verificationMethod.length, 2);
    const [retired, active] = document.verificationMethod;
    assert.equal(retired.type, 'Sr25519VerificationKey2020');
    assert.ok(retired.retired > 0);
    assert.equal(active.type, 'Ed25519VerificationKey2018');
    assert.deepEqual(document.authentication, [`${document.id}#key-1`]);
    assert.equal(document.devices.length, 1);
    assert.equal(document.devices[0].kind, 'ElectricityMeter');
    assert.ok(document.devices[0].revoked > 0);

    assert.equal(await node.rpc('did_resolve', [keyring.addFromUri('//Nobody').address]), null);
    const viaRuntimeApi = await api.call.didApi.resolve(citizen.address);
    assert.ok(viaRuntimeApi.unwrap().isActive);
  });

  it('deactivates a DID for good, returning its keys\' deposits and keeping its keys resolvable', async () => {
    const didDeposit = api.consts.did.didDeposit.toBigInt();
    const before = (await api.query.system.account(leaver.address)).data;
    assert.ok(before.reserved.toBigInt() > didDeposit);
    await ok(api.tx.did.deactivate(), leaver);
    assert.equal((await api.query.system.account(leaver.address)).data.reserved.toBigInt(), didDeposit);
    const tombstone = (await api.query.did.deactivated(leaver.address)).unwrap();
    assert.equal(tombstone.deposit.toBigInt(), didDeposit);

    const document = await node.rpc('did_resolve', [leaver.address]);
    assert.equal(document.deactivated, true);
    assert.ok(document.verificationMethod.length >= 1);
    assert.ok(document.verificationMethod.every((method) => method.retired > 0));
    const again = await submit(api, api.tx.did.create({ Sr25519: leaver.publicKey }), leaver);
    assert.equal(again.dispatchError, 'did.DidDeactivated');
  });
});
