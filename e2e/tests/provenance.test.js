// pallet-provenance against a real node and a real sensor-gateway: a farm commissions a lot of
// chilled milk and hands it to a processor (withdrawing a shipment it sent to the wrong
// receiver first), which splits it into two lots and packs each into a container of its own; a
// carrier takes both, attaches a temperature logger (a DID-registered device of the gateway's
// fleet, whose signed readings the node's off-chain worker relays to the sensor oracle) to each
// and ships them to a retailer's shop. One logger reports 9.5 °C, above the milk's 0–8 °C: on
// receipt that container is non-conforming, with the logger's interval values in the event;
// the other is conformant. A recall of the farm's lot then reaches both lots made from it and
// both containers, in bounded steps anyone may take. An aid agency's food parcels reach a
// distribution point, where two residents of the programme's district each receive a ration
// they sign for, a second claim in the same period is refused, and once the programme closes
// anyone prunes its claims free of fees. Last, the retailer's cold room is watched by a
// thermometer of its own (a third device of the gateway, reporting 9.5 °C): milk kept there
// leaves it non-conforming, the thermometer's values in the shipping event.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { Keyring } from '@polkadot/keyring';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';

import { deviceRegistration, registerSchema } from '../lib/chain.js';
import { startGateway } from '../lib/gateway.js';
import { eventsOf, freePort, startNode, submit, submitOk, submitSudoOk, waitFor } from '../lib/node.js';
import { membershipKey, newSecret, nullifier, sign } from '../lib/ring.js';

const UNIT = 1_000_000_000_000n;
// The dev chain's temperature metric, in tenths of a degree Celsius.
const TEMPERATURE = 8;
// What the gateway's two loggers report: 9.5 °C and 4.0 °C; its third device, the cold room's
// thermometer, reports the first value again.
const LOGGED = [95, 40];
const ROLES = ['Producer', 'Processor', 'Carrier', 'Retailer', 'Regulator', 'AidAgency', 'Beneficiary'];
// The district of the aid programme's beneficiaries.
const DISTRICT = 7;

describe('pallet-provenance on polis-node --dev', () => {
  let node;
  let gateway;
  let api;
  let keyring;
  let authority; // Alice: sudo and the issuer of every role credential
  let farm;
  let processor;
  let carrier;
  let retailer;
  let regulator;
  let loggers;
  let thermometer;
  let milk;
  let farmLot;
  let splits;
  let containers;
  let shop;
  let agency;
  let distributor;
  let residents;
  let beneficiarySchema;

  before(async () => {
    await cryptoWaitReady();
    const gatewayPort = await freePort();
    node = await startNode({ args: ['--dev', '--sensor-gateway', `http://127.0.0.1:${gatewayPort}`] });
    api = node.api;
    gateway = await startGateway({
      nodeUrl: `http://127.0.0.1:${node.rpcPort}`,
      port: gatewayPort,
      devices: 3,
      periodMs: 2_000,
      anchorMs: 0,
      extraArgs: ['--metric', String(TEMPERATURE), '--value', LOGGED.join(',')],
    });
    keyring = new Keyring({ type: 'sr25519', ss58Format: 776 });
    [authority, farm, processor, carrier, retailer, regulator] = [
      '//Alice', '//Provenance/Farm', '//Provenance/Processor', '//Provenance/Carrier',
      '//Provenance/Retailer', '//Provenance/Regulator',
    ].map((uri) => keyring.addFromUri(uri));
    // The gateway derives its devices' keys from `//polis/sensor/<index>`.
    loggers = ['//polis/sensor/0', '//polis/sensor/1'].map((uri) => keyring.addFromUri(uri));
    thermometer = keyring.addFromUri('//polis/sensor/2');
    const { devices } = await gateway.json('/devices');
    assert.deepEqual(devices, [...loggers, thermometer].map((device) => u8aToHex(device.publicKey)));
    [agency, distributor, ...residents] = [
      '//Provenance/Agency', '//Provenance/Distributor', '//Provenance/Resident/1', '//Provenance/Resident/2',
    ].map((uri) => keyring.addFromUri(uri));
  });

  after(async () => {
    if (gateway) await gateway.stop();
    if (node) await node.stop();
  });

  const ok = (tx, signer) => submitOk(api, tx, signer);
  const refused = async (tx, signer, error) => assert.equal((await submit(api, tx, signer)).dispatchError, error);
  // An event that happened at the chain's current time, with no read point or document.
  const now = async (readPoint = null) => ({
    time: (await api.query.timestamp.now()).toNumber(), readPoint, document: null,
  });
  const lotOf = async (id) => (await api.query.provenance.lots(id)).unwrap();
  const lastRecord = async () => {
    const next = (await api.query.provenance.nextEventId()).toNumber();
    return (await api.query.provenance.events(next - 1)).unwrap();
  };
  const created = (result) => eventsOf(result.events, 'provenance', 'LotCreated').map((event) => event.data.lot.toNumber());
  // Resolves once each of `devices` has a reading of TEMPERATURE relayed on chain stamped after
  // `time`.
  const readAfter = (devices, time) => Promise.all(devices.map((device) => waitFor(async () => {
    const feed = await api.query.sensorOracle.feeds({ Sr25519: device.publicKey }, TEMPERATURE);
    return feed.isSome && feed.unwrap().lastTimestamp.toNumber() > time;
  }, { timeoutMs: 90_000, what: `a relayed reading of device ${u8aToHex(device.publicKey)}` })));

  it('gives each organisation its role credential', async () => {
    // The residents need money for their DIDs' deposits only: receiving aid costs them nothing.
    const orgs = [farm, processor, carrier, retailer, regulator, agency, distributor, ...residents];
    // The node's off-chain worker relays the gateway's readings with the relayer's `sens` key.
    const relayer = keyring.addFromUri('//Provenance/Relayer');
    await ok(api.tx.utility.batchAll([...orgs, relayer].map((who) => api.tx.balances.transferKeepAlive(who.address, 1_000n * UNIT))), authority);
    await node.rpc('author_insertKey', ['sens', '//Provenance/Relayer', u8aToHex(relayer.publicKey)]);
    await Promise.all([authority, ...orgs].map((who) => ok(api.tx.did.create({ Sr25519: who.publicKey }), who)));
    const schemas = [];
    for (const role of ROLES) schemas.push(await registerSchema(api, authority, `provenance-${role.toLowerCase()}`));
    await submitSudoOk(api, api.tx.utility.batchAll([
      ...schemas.map((schema) => api.tx.did.addTrustedIssuer(schema, authority.address)),
      ...ROLES.map((role, index) => api.tx.provenance.setRoleSchema(role, schemas[index])),
    ]), authority);
    const attest = (who, role) => api.tx.did.attest(who.address, schemas[ROLES.indexOf(role)], blake2AsHex(`${role}`), 0, null, null);
    // The dairy produces too: it commissions the containers it packs.
    await ok(api.tx.utility.batchAll([
      attest(farm, 'Producer'), attest(processor, 'Processor'), attest(processor, 'Producer'),
      attest(carrier, 'Carrier'), attest(retailer, 'Retailer'), attest(regulator, 'Regulator'),
      attest(agency, 'AidAgency'),
      ...residents.map((resident) => api.tx.did.attest(
        resident.address, schemas[ROLES.indexOf('Beneficiary')], blake2AsHex('resident'), 0, null, DISTRICT,
      )),
    ]), authority);
    assert.equal((await api.query.provenance.roleSchemas('Regulator')).unwrap().toNumber(), schemas[4]);
    beneficiarySchema = schemas[ROLES.indexOf('Beneficiary')];
  });

  it('registers the shop, the classes and the farm\'s lot of chilled milk', async () => {
    let result = await ok(api.tx.provenance.registerLocation('GLN-4012345000009', null), retailer);
    shop = eventsOf(result.events, 'provenance', 'LocationRegistered')[0].data.location.toNumber();
    result = await ok(api.tx.provenance.registerClass('GTIN-milk', 'Kilogram', { metric: TEMPERATURE, min: 0, max: 80 }), farm);
    milk = eventsOf(result.events, 'provenance', 'ClassRegistered')[0].data['class'].toNumber();
    await ok(api.tx.provenance.registerClass('GTIN-pallet', 'Each', null), processor);
    await refused(api.tx.provenance.commission(milk, 'F-1', 1_000, await now()), carrier, 'provenance.MissingRole');
    result = await ok(api.tx.provenance.commission(milk, 'F-1', 1_000, await now()), farm);
    [farmLot] = created(result);
    assert.equal((await lastRecord()).step.toString(), 'Commissioning');
  });

  it('hands the lot to the processor, who splits it into two lots', async () => {
    // Shipped to the carrier by mistake: the farm withdraws the shipment before it is answered.
    await ok(api.tx.provenance.ship(farmLot, carrier.address, null, null, await now()), farm);
    await refused(api.tx.provenance.cancelShipment(farmLot, await now()), carrier, 'provenance.NotSender');
    let result = await ok(api.tx.provenance.cancelShipment(farmLot, await now()), farm);
    assert.equal(eventsOf(result.events, 'provenance', 'ShipmentCancelled')[0].data.lot.toNumber(), farmLot);
    assert.equal((await lastRecord()).step.toString(), 'VoidShipping');
    await refused(api.tx.provenance.receive(farmLot, true, await now()), carrier, 'provenance.NotInTransit');

    const processorDid = processor.address;
    await ok(api.tx.provenance.ship(farmLot, processorDid, null, null, await now()), farm);
    await refused(api.tx.provenance.receive(farmLot, true, await now()), carrier, 'provenance.NotReceiver');
    await ok(api.tx.provenance.receive(farmLot, true, await now()), processor);
    result = await ok(api.tx.provenance.transform(
      [[farmLot, 1_000]], [[milk, 'P-1', 400], [milk, 'P-2', 600]], await now(),
    ), processor);
    splits = created(result);
    const farmRecord = await lotOf(farmLot);
    assert.equal(farmRecord.status.toString(), 'Consumed');
    assert.deepEqual(farmRecord.children.map((id) => id.toNumber()), splits);
    assert.deepEqual((await lotOf(splits[0])).parents.map((id) => id.toNumber()), [farmLot]);
  });

  it('packs each lot in a container and hands both to the carrier', async () => {
    const pallet = (await api.query.provenance.classCodes('GTIN-pallet')).unwrap().toNumber();
    const result = await ok(api.tx.utility.batchAll([
      api.tx.provenance.commission(pallet, 'SSCC-1', 1, await now()),
      api.tx.provenance.commission(pallet, 'SSCC-2', 1, await now()),
    ]), processor);
    containers = created(result);
    const context = await now();
    await ok(api.tx.utility.batchAll([
      ...containers.map((container, index) => api.tx.provenance.pack(container, [splits[index]], context)),
      ...containers.map((container) => api.tx.provenance.ship(container, carrier.address, null, null, context)),
    ]), processor);
    await ok(api.tx.utility.batchAll(
      containers.map((container) => api.tx.provenance.receive(container, true, context)),
    ), carrier);
    const container = await lotOf(containers[0]);
    assert.equal(container.custodian.toString(), carrier.address);
    assert.deepEqual(container.conditions.map((condition) => condition.metric.toNumber()), [TEMPERATURE]);
    assert.equal((await lotOf(splits[0])).container.unwrap().toNumber(), containers[0]);
  });

  it('ships both containers with their loggers; the warm one arrives non-conforming', async () => {
    await ok(api.tx.utility.batchAll([
      ...loggers.map((logger, index) => api.tx.did.registerDevice(
        { Sr25519: logger.publicKey }, 'Other', null, deviceRegistration(api, carrier, logger, index),
      )),
      ...loggers.map((logger) => api.tx.sensorOracle.openFeed({ Sr25519: logger.publicKey }, TEMPERATURE)),
      api.tx.provenance.attachDevice(containers[0], { Sr25519: loggers[0].publicKey }, await now()),
      api.tx.provenance.attachDevice(containers[1], { Sr25519: loggers[1].publicKey }, await now()),
    ]), carrier);
    // The off-chain worker relays both loggers' readings from the gateway as they come: wait
    // for a reading before the shipments and one after them, so that the shipments' interval
    // and the receipt's have readings even if the test crosses a quarter hour.
    await readAfter(loggers, 0);
    await ok(api.tx.utility.batchAll([
      api.tx.provenance.ship(containers[0], retailer.address, shop, null, await now()),
      api.tx.provenance.ship(containers[1], retailer.address, shop, null, await now()),
    ]), carrier);
    await readAfter(loggers, (await api.query.timestamp.now()).toNumber());

    let result = await ok(api.tx.provenance.receive(containers[0], true, await now(shop)), retailer);
    const [breach] = eventsOf(result.events, 'provenance', 'ConditionBreached');
    assert.equal(breach.data.lot.toNumber(), containers[0]);
    const evidence = breach.data.evidence;
    assert.equal(evidence.device.unwrap().asSr25519.toHex(), `0x${Buffer.from(loggers[0].publicKey).toString('hex')}`);
    assert.ok(evidence.outcome.isBreached);
    assert.equal(evidence.outcome.asBreached.max.toNumber(), LOGGED[0]);
    let record = await lastRecord();
    assert.equal(record.disposition.toString(), 'NonConformant');
    assert.equal(record.evidence[0].outcome.asBreached.max.toNumber(), LOGGED[0]);
    assert.ok((await lotOf(containers[0])).nonConforming.isTrue);

    result = await ok(api.tx.provenance.receive(containers[1], true, await now(shop)), retailer);
    assert.equal(eventsOf(result.events, 'provenance', 'ConditionBreached').length, 0);
    record = await lastRecord();
    assert.equal(record.disposition.toString(), 'Conformant');
    assert.ok(record.evidence[0].outcome.isKept);
    const arrived = await lotOf(containers[1]);
    assert.equal(arrived.custodian.toString(), retailer.address);
    assert.equal(arrived.location.unwrap().toNumber(), shop);
  });

  it('recalls the farm\'s lot, reaching every lot made from it and the containers holding them', async () => {
    await refused(api.tx.provenance.recall(farmLot, 'listeria', await now()), retailer, 'provenance.NotProducerOrRegulator');
    let result = await ok(api.tx.provenance.recall(farmLot, 'listeria in the bulk tank', await now()), regulator);
    const recall = eventsOf(result.events, 'provenance', 'Recalled')[0].data.recall.toNumber();
    // Before the recall spreads, a container is already known to be on its way.
    assert.deepEqual(await node.rpc('provenance_exposure', [containers[0]]), {
      status: 'pending', recall, path: [farmLot, splits[0], containers[0]], reachedUntil: 1,
    });
    const pending = await api.call.provenanceApi.exposure(containers[0]);
    assert.ok(pending.isPending);
    result = await ok(api.tx.provenance.propagateRecall(recall, 16), retailer);
    const reached = eventsOf(result.events, 'provenance', 'RecallReached').map((event) => event.data.lot.toNumber());
    assert.deepEqual([...reached].sort(), [...splits, ...containers].sort());
    assert.equal(eventsOf(result.events, 'provenance', 'RecallCompleted')[0].data.reached.toNumber(), 5);
    for (const id of [...splits, ...containers]) assert.equal((await lotOf(id)).recall.unwrap().toNumber(), recall);
    assert.deepEqual(await node.rpc('provenance_exposure', [containers[1]]), {
      status: 'reached', recall, path: [farmLot, splits[1], containers[1]],
    });
    await refused(api.tx.provenance.ship(containers[1], carrier.address, null, null, await now()), retailer, 'provenance.LotRecalled');
  });

  it('unpacks, inspects, corrects and destroys the recalled goods, and closes the shop', async () => {
    // The shop is not watched: nothing checks goods kept there.
    await refused(api.tx.provenance.checkConditions(containers[1]), regulator, 'provenance.NotWatched');
    await ok(api.tx.utility.batchAll([
      api.tx.provenance.unpack(containers[1], [splits[1]], await now(shop)),
      api.tx.provenance.detachDevice(containers[1], await now(shop)),
      api.tx.provenance.observe(splits[1], 'Storing', 'Active', await now(shop)),
    ]), retailer);
    const mistaken = (await api.query.provenance.nextEventId()).toNumber() - 1;
    await ok(api.tx.provenance.observe(splits[1], 'Holding', 'Recalled', await now(shop)), retailer);
    let result = await ok(api.tx.provenance.declareError(mistaken, 'held for the recall, not stored', [mistaken + 1]), retailer);
    assert.equal(eventsOf(result.events, 'provenance', 'ErrorDeclared')[0].data.event.toNumber(), mistaken);
    const unpacked = await lotOf(splits[1]);
    assert.ok(unpacked.container.isNone);
    assert.ok((await lotOf(containers[1])).device.isNone);
    // The processor still owns the lot (it was handed on without a sale) and destroys it.
    await ok(api.tx.provenance.decommission(splits[1], 'Destroyed', await now(shop)), processor);
    assert.equal((await lotOf(splits[1])).status.toString(), 'Destroyed');
    result = await ok(api.tx.provenance.removeLocation(shop), retailer);
    assert.equal(eventsOf(result.events, 'provenance', 'LocationRemoved').length, 1);
  });

  it('hands an aid agency\'s parcels to two residents at a distribution point, one ration each a week', async () => {
    // The agency owns its parcels' class: nobody else makes lots of it.
    let result = await ok(api.tx.provenance.registerClass('GTIN-food-parcel', 'Each', null), agency);
    const parcels = eventsOf(result.events, 'provenance', 'ClassRegistered')[0].data['class'].toNumber();
    const week = 7 * 24 * 3_600_000;
    result = await ok(api.tx.provenance.openProgramme(parcels, DISTRICT, 2, week), agency);
    const programme = eventsOf(result.events, 'provenance', 'ProgrammeOpened')[0].data.programme.toNumber();
    result = await ok(api.tx.provenance.registerLocation('GLN-aid-point', null), distributor);
    const point = eventsOf(result.events, 'provenance', 'LocationRegistered')[0].data.location.toNumber();
    await refused(api.tx.provenance.commission(parcels, 'FAKE-1', 10, await now()), farm, 'provenance.NotClassOwner');
    result = await ok(api.tx.provenance.commission(parcels, 'AID-1', 10, await now()), agency);
    const [aidLot] = created(result);
    // Custody passes to the distribution point; the agency keeps ownership of the donation.
    await ok(api.tx.provenance.ship(aidLot, distributor.address, point, null, await now()), agency);
    await ok(api.tx.provenance.receive(aidLot, true, await now(point)), distributor);

    // Each resident signs for this week's ration from this lot; the point submits and pays.
    const context = await now(point);
    const handOut = (resident) => {
      const message = api.createType('(Bytes, H256, u32, u32, u64)', [
        'polis:aid-claim', api.genesisHash, programme, 0, aidLot,
      ]).toU8a();
      const proof = { Sr25519: resident.sign(message) };
      return api.tx.provenance.handOut(programme, aidLot, resident.address, proof, context);
    };
    const before = await Promise.all(residents.map((resident) => api.query.system.account(resident.address)));
    for (const resident of residents) {
      result = await ok(handOut(resident), distributor);
      const [handedOut] = eventsOf(result.events, 'provenance', 'HandedOut');
      assert.deepEqual(
        [handedOut.data.programme.toNumber(), handedOut.data.point.toNumber(), handedOut.data.quantity.toNumber()],
        [programme, point, 2],
      );
      assert.ok(!JSON.stringify(result.events.map(({ event }) => event.toHuman())).includes(resident.address));
    }
    await refused(handOut(residents[0]), distributor, 'provenance.AlreadyClaimed');

    const after = await Promise.all(residents.map((resident) => api.query.system.account(resident.address)));
    after.forEach((account, index) => assert.equal(account.data.free.toBigInt(), before[index].data.free.toBigInt()));
    const atPoint = await api.query.provenance.pointHandouts(programme, point);
    assert.deepEqual([atPoint.count.toNumber(), atPoint.quantity.toNumber()], [2, 4]);
    assert.equal((await lotOf(aidLot)).remaining.toNumber(), 6);
    assert.equal((await lastRecord()).step.toString(), 'Dispensing');

    // Once the programme closes, its claims guard nothing: anyone removes them, free of fees.
    await refused(api.tx.provenance.pruneClaims(programme, 0, 10), regulator, 'provenance.PeriodOpen');
    await ok(api.tx.provenance.closeProgramme(programme), agency);
    const spender = (await api.query.system.account(regulator.address)).data.free.toBigInt();
    result = await ok(api.tx.provenance.pruneClaims(programme, 0, 10), regulator);
    assert.equal(eventsOf(result.events, 'provenance', 'ClaimsPruned')[0].data.removed.toNumber(), 2);
    assert.equal((await api.query.system.account(regulator.address)).data.free.toBigInt(), spender);
    assert.equal((await api.query.provenance.claims.entries([programme, 0])).length, 0);
  });

  it('hands parcels to residents who do not say who they are: one ring proof and one nullifier a week each', async () => {
    // Eight residents (the runtime's smallest ring) enrol membership keys; their wallets keep the secrets.
    const anonymous = Array.from({ length: 8 }, (_, i) => keyring.addFromUri(`//Provenance/Anonymous/${i}`));
    const secrets = anonymous.map(() => newSecret());
    await ok(api.tx.utility.batchAll(anonymous.map((who) => api.tx.balances.transferKeepAlive(who.address, 100n * UNIT))), authority);
    await Promise.all(anonymous.map((who) => ok(api.tx.did.create({ Sr25519: who.publicKey }), who)));
    await ok(api.tx.utility.batchAll(anonymous.map((who) => api.tx.did.attest(
      who.address, beneficiarySchema, blake2AsHex('resident'), 0, null, DISTRICT,
    ))), authority);
    await refused(api.tx.anonymousCredentials.enrol(beneficiarySchema, u8aToHex(membershipKey(newSecret()))), regulator,
      'anonymousCredentials.NoCredential');
    await Promise.all(anonymous.map((who, i) => ok(api.tx.anonymousCredentials.enrol(beneficiarySchema, u8aToHex(membershipKey(secrets[i]))), who)));
    const members = await Promise.all(anonymous.map(async (who) => (await api.query.anonymousCredentials.memberOf(beneficiarySchema, who.address)).unwrap().toNumber()));

    // A programme opened after they enrolled: its first period accepts their keys.
    let result = await ok(api.tx.provenance.registerClass('GTIN-hygiene-kit', 'Each', null), agency);
    const kits = eventsOf(result.events, 'provenance', 'ClassRegistered')[0].data['class'].toNumber();
    result = await ok(api.tx.provenance.openProgramme(kits, DISTRICT, 1, 7 * 24 * 3_600_000), agency);
    const programme = eventsOf(result.events, 'provenance', 'ProgrammeOpened')[0].data.programme.toNumber();
    // The wallet asks the chain which members it may hide among: those eligible for this programme.
    const start = (await api.query.provenance.programmes(programme)).unwrap().start.toNumber();
    const candidates = await api.call.anonymousCredentialsApi.ringCandidates(beneficiarySchema, DISTRICT, start, null, 32);
    const ring = candidates.map(([id]) => id.toNumber());
    const keys = candidates.map(([, key]) => key.toU8a());
    assert.deepEqual(ring, [...members].sort((a, b) => a - b));
    result = await ok(api.tx.provenance.registerLocation('GLN-anonymous-point', null), distributor);
    const point = eventsOf(result.events, 'provenance', 'LocationRegistered')[0].data.location.toNumber();
    result = await ok(api.tx.provenance.commission(kits, 'KITS-1', 10, await now()), agency);
    const [kitLot] = created(result);
    await ok(api.tx.provenance.ship(kitLot, distributor.address, point, null, await now()), agency);
    await ok(api.tx.provenance.receive(kitLot, true, await now(point)), distributor);

    const context = api.createType('(Bytes, H256, u32, u32)', ['polis:aid-nullifier', api.genesisHash, programme, 0]).toU8a();
    const message = api.createType('(Bytes, H256, u32, u32, u64)', ['polis:aid-claim', api.genesisHash, programme, 0, kitLot]).toU8a();
    const pointContext = await now(point);
    const claimTx = (resident, over = ring, overKeys = keys) => {
      const position = over.indexOf(members[resident]);
      const { challenge, responses, keyImage } = sign(overKeys, position, secrets[resident], context, message);
      const proof = { ring: over, signature: { challenge: u8aToHex(challenge), responses: responses.map((r) => u8aToHex(r)), keyImage: u8aToHex(keyImage) } };
      return api.tx.provenance.handOutAnonymously(programme, kitLot, proof, pointContext);
    };
    for (const resident of [3, 6]) {
      result = await ok(claimTx(resident), distributor);
      assert.equal(eventsOf(result.events, 'provenance', 'HandedOut').length, 1);
      const shown = JSON.stringify(result.events.map(({ event }) => event.toHuman()));
      anonymous.forEach((who) => assert.ok(!shown.includes(who.address), 'no event names a resident'));
      const tag = u8aToHex(nullifier(secrets[resident], context));
      assert.ok((await api.query.provenance.claims([programme, 0], tag)).isSome, 'the claim is kept under the nullifier');
    }
    // Another proof by the same resident carries the same nullifier.
    await refused(claimTx(3), distributor, 'provenance.AlreadyClaimed');
    await refused(claimTx(5, ring.slice(0, 7), keys.slice(0, 7)), distributor, 'provenance.InvalidRing');
    // An enrolled resident is not served by name.
    const named = { Sr25519: anonymous[0].sign(message) };
    await refused(api.tx.provenance.handOut(programme, kitLot, anonymous[0].address, named, pointContext), distributor,
      'provenance.ClaimAnonymously');
    const atPoint = await api.query.provenance.pointHandouts(programme, point);
    assert.deepEqual([atPoint.count.toNumber(), atPoint.quantity.toNumber()], [2, 2]);

    // Membership changes: a key replaced counts from the next period, a member leaves with its
    // deposit, and anyone removes a member whose credential was revoked (its deposit back to it).
    const deposit = api.consts.anonymousCredentials.deposit.toBigInt();
    const heldBy = async (who) => {
      const holds = await api.query.balances.holds(who.address);
      return holds.filter(({ id }) => id.toJSON().anonymousCredentials === 'Membership').reduce((sum, { amount }) => sum + amount.toBigInt(), 0n);
    };
    assert.equal(await heldBy(anonymous[1]), deposit);
    result = await ok(api.tx.anonymousCredentials.enrol(beneficiarySchema, u8aToHex(membershipKey(newSecret()))), anonymous[1]);
    assert.equal(eventsOf(result.events, 'anonymousCredentials', 'KeyReplaced')[0].data.member.toNumber(), members[1]);
    assert.equal(await heldBy(anonymous[1]), deposit, 'a replaced key holds no second deposit');
    result = await ok(api.tx.anonymousCredentials.leave(beneficiarySchema), anonymous[2]);
    assert.equal(eventsOf(result.events, 'anonymousCredentials', 'Left')[0].data.member.toNumber(), members[2]);
    assert.equal(await heldBy(anonymous[2]), 0n);
    await refused(api.tx.anonymousCredentials.removeIneligible(members[4]), regulator, 'anonymousCredentials.StillEligible');
    await ok(api.tx.did.revokeAttestation(anonymous[4].address, beneficiarySchema, 0), authority);
    result = await ok(api.tx.anonymousCredentials.removeIneligible(members[4]), regulator);
    assert.equal(eventsOf(result.events, 'anonymousCredentials', 'Removed')[0].data.member.toNumber(), members[4]);
    assert.equal(await heldBy(anonymous[4]), 0n);
    // Five candidates are left for this period (the replaced key counts from the next one), under
    // the smallest ring: the wallet sees whom it may still hide among.
    const left = await api.call.anonymousCredentialsApi.ringCandidates(beneficiarySchema, DISTRICT, start, null, 32);
    assert.deepEqual(left.map(([id]) => id.toNumber()), ring.filter((id) => ![members[1], members[2], members[4]].includes(id)));
  });

  it('traces the farm\'s lot down the graph and exports its events as EPCIS 2.0 JSON-LD', async () => {
    // The second lot was unpacked: only the first container still holds what the farm made.
    const trace = await node.rpc('provenance_trace', [farmLot, 'downstream', 0, 2]);
    assert.deepEqual(trace.steps.map((step) => [step.lot, step.depth, step.link]), [
      [splits[0], 1, 'madeFrom'], [splits[1], 1, 'madeFrom'],
    ]);
    assert.equal(trace.next, 2);
    const rest = await node.rpc('provenance_trace', [farmLot, 'downstream', 2, 10]);
    assert.deepEqual(rest.steps.map((step) => [step.lot, step.depth, step.via, step.link]), [
      [containers[0], 2, splits[0], 'holds'],
    ]);
    assert.equal(rest.next, null);
    const upstream = await api.call.provenanceApi.trace(containers[0], 'Upstream', 0, 10);
    assert.deepEqual(upstream.steps.map((step) => step.lot.toNumber()), [splits[0], farmLot]);

    const document = await node.rpc('provenance_events', [farmLot, null, null, null, null]);
    assert.equal(document.type, 'EPCISDocument');
    assert.equal(document.schemaVersion, '2.0');
    const steps = document.epcisBody.eventList.map((event) => [event.type, event.bizStep]);
    assert.deepEqual(steps.slice(0, 5), [
      ['ObjectEvent', 'commissioning'], ['ObjectEvent', 'shipping'], ['ObjectEvent', 'void_shipping'],
      ['ObjectEvent', 'shipping'], ['ObjectEvent', 'receiving'],
    ]);
    assert.ok(steps.some(([type]) => type === 'TransformationEvent'));
    assert.deepEqual(document.epcisBody.eventList[0].epcList, [`urn:polis:lot:${farmLot}`]);
    const records = await api.call.provenanceApi.lotEvents(farmLot, null, null, 100);
    assert.equal(records.length, document.epcisBody.eventList.length);
  });

  it('anchors a batch of event hashes kept off chain, and proves one against it', async () => {
    // A two-leaf binary Merkle tree (Blake2-256): the root hashes the two leaves' hashes.
    const hashes = [blake2AsU8a('EPCIS event 1'), blake2AsU8a('EPCIS event 2')];
    const [left, right] = hashes.map((hash) => blake2AsU8a(hash));
    const root = blake2AsU8a(u8aConcat(left, right));
    const timestamp = (await api.query.timestamp.now()).toNumber();
    const result = await ok(api.tx.provenance.anchorEvents(root, 2, timestamp - 60_000, timestamp), carrier);
    const anchor = eventsOf(result.events, 'provenance', 'EventsAnchored')[0].data.anchor.toNumber();
    const proven = await api.call.provenanceApi.verifyAnchoredEvent(anchor, hashes[0], [right], 0);
    assert.ok(proven.isOk);
    const refused = await api.call.provenanceApi.verifyAnchoredEvent(anchor, hashes[1], [right], 0);
    assert.equal(refused.asErr.toString(), 'NotInBatch');
  });

  it('keeps milk in the retailer\'s cold room, whose thermometer runs warm: it leaves the room non-conforming', async () => {
    let result = await ok(api.tx.provenance.registerLocation('GLN-4012345000016', null), retailer);
    const coldRoom = eventsOf(result.events, 'provenance', 'LocationRegistered')[0].data.location.toNumber();
    const device = { Sr25519: thermometer.publicKey };
    await ok(api.tx.utility.batchAll([
      api.tx.did.registerDevice(device, 'Other', null, deviceRegistration(api, retailer, thermometer, 0)),
      api.tx.sensorOracle.openFeed(device, TEMPERATURE),
    ]), retailer);
    await refused(api.tx.provenance.setLocationDevice(coldRoom, device), farm, 'provenance.NotLocationOwner');
    await refused(api.tx.provenance.setLocationDevice(coldRoom, { Sr25519: loggers[0].publicKey }), retailer, 'provenance.NotOwnDevice');
    result = await ok(api.tx.provenance.setLocationDevice(coldRoom, device), retailer);
    assert.equal(eventsOf(result.events, 'provenance', 'LocationDeviceSet')[0].data.location.toNumber(), coldRoom);

    result = await ok(api.tx.provenance.commission(milk, 'F-2', 200, await now()), farm);
    const [kept] = created(result);
    await ok(api.tx.provenance.ship(kept, retailer.address, coldRoom, null, await now()), farm);
    // As with the loggers: a reading before the receipt and one after it.
    await readAfter([thermometer], 0);
    result = await ok(api.tx.provenance.receive(kept, true, await now(coldRoom)), retailer);
    const [begun] = eventsOf(result.events, 'provenance', 'StayBegun');
    assert.equal(begun.data.lot.toNumber(), kept);
    const stay = (await api.query.provenance.stays(kept)).unwrap();
    assert.equal(stay.location.toNumber(), coldRoom);
    assert.equal(stay.device.asSr25519.toHex(), u8aToHex(thermometer.publicKey));
    await readAfter([thermometer], (await api.query.timestamp.now()).toNumber());

    // Replacing the room's device hides nothing from milk already there.
    await ok(api.tx.provenance.setLocationDevice(coldRoom, null), retailer);
    result = await ok(api.tx.provenance.ship(kept, farm.address, null, null, await now(coldRoom)), retailer);
    assert.equal(eventsOf(result.events, 'provenance', 'StayEnded')[0].data.lot.toNumber(), kept);
    const [breach] = eventsOf(result.events, 'provenance', 'ConditionBreached');
    assert.equal(breach.data.evidence.device.unwrap().asSr25519.toHex(), u8aToHex(thermometer.publicKey));
    assert.equal(breach.data.evidence.outcome.asBreached.max.toNumber(), LOGGED[0]);
    const record = await lastRecord();
    assert.equal(record.step.toString(), 'Shipping');
    assert.equal(record.evidence[0].outcome.asBreached.max.toNumber(), LOGGED[0]);
    assert.ok((await lotOf(kept)).nonConforming.isTrue);
    assert.ok((await api.query.provenance.stays(kept)).isNone);
  });
});
