// Green energy to carbon credits, against a real node and a real sensor-gateway: a city solar
// farm on a registered parcel sells its meter's output in the energy market for two one-minute
// slots, keeping its energy's attributes; the slots settle against the readings the gateway's
// meters signed; the farm claims its generation certificates for its metered project, a verifier
// approves the tonnes they avoided into a batch with the buffer share withheld, the city
// retires the credits with a certificate read back through the carbon_* RPC, and a verified
// reversal cancels the withheld tonne from the buffer. The buyer, having received no attributes,
// holds no certificate: the same Wh is never counted twice.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';

import { deviceRegistration, parameter, registerSchema } from '../lib/chain.js';
import { startGateway } from '../lib/gateway.js';
import { eventsOf, freePort, startNode, submit, submitOk, submitSudoOk, waitFor } from '../lib/node.js';

const UNIT = 1_000_000_000_000n;
const MILLI = UNIT / 1000n;
const SLOT_MS = 60_000;
const SLOTS = 2;
const IMPORT = 1;
const EXPORT = 2;
const ZONE = 1;
const DISTRICT = 4;
// 1 MWh a slot: the most one meter trades (the runtime's `MaxEnergyOrderWh`).
const SLOT_WH = 1_000_000;
// A coal-heavy grid's emission factor: 1,050 g of CO₂e per kWh, so 2 MWh avoid 2.1 t.
const GRAMS_PER_KWH = 1_050;
const FIELD = [
  { lat: 481_400_000, lon: 115_800_000 }, { lat: 481_400_000, lon: 115_815_000 },
  { lat: 481_409_000, lon: 115_815_000 }, { lat: 481_409_000, lon: 115_800_000 },
];

describe('metered carbon credits from energy settled on polis-node --dev', () => {
  let node;
  let api;
  let gateway;
  let authority; // Alice: sudo, the registry and market authority, registrar and credential issuer
  let farm; // the solar farm: a market generator keeping its attributes and a project developer
  let buyer; // a neighbourhood buyer of the farm's output
  let verifier; // a verification body
  let city; // retires the credits
  const meters = new Map();
  let parcel;
  let project;
  let firstSlot;

  before(async () => {
    await cryptoWaitReady();
    const gatewayPort = await freePort();
    node = await startNode({ args: ['--dev', '--sensor-gateway', `http://127.0.0.1:${gatewayPort}`] });
    api = node.api;
    // Device 0 is the farm's export meter, device 1 the buyer's import meter.
    gateway = await startGateway({
      nodeUrl: `http://127.0.0.1:${node.rpcPort}`,
      port: gatewayPort,
      devices: 2,
      periodMs: SLOT_MS,
      anchorMs: 0,
      extraArgs: ['--metric', `${EXPORT},${IMPORT}`, '--value', `${SLOT_WH},${SLOT_WH}`],
    });
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 776 });
    [authority, farm, buyer, verifier, city] = [
      '//Alice', '//Metered/Farm', '//Metered/Buyer', '//Metered/Verifier', '//Metered/City',
    ].map((uri) => keyring.addFromUri(uri));
    for (const [index, who] of [farm, buyer].entries()) {
      meters.set(who.address, keyring.addFromUri(`//polis/sensor/${index}`));
    }
  });

  after(async () => {
    if (gateway) await gateway.stop();
    if (node) await node.stop();
  });

  const ok = (tx, signer) => submitOk(api, tx, signer);
  const sudo = (call) => submitSudoOk(api, call, authority);
  const meterOf = (who) => ({ Sr25519: meters.get(who.address).publicKey });

  it('sets up the market, the registry, credentials, the farm\'s parcel and both meters', async () => {
    // The node's off-chain worker relays the gateway's readings with the relayer's `sens` key.
    const relayer = new Keyring({ type: 'sr25519' }).addFromUri('//Metered/Relayer');
    await ok(api.tx.utility.batchAll([farm, buyer, verifier, city, relayer].map(
      (who) => api.tx.balances.transferKeepAlive(who.address, 10_000n * UNIT),
    )), authority);
    await node.rpc('author_insertKey', ['sens', '//Metered/Relayer', u8aToHex(relayer.publicKey)]);
    await Promise.all([authority, farm, buyer, verifier, city].map(
      (who) => ok(api.tx.did.create({ Sr25519: who.publicKey }), who),
    ));
    const schemas = {};
    for (const name of ['energy-participant', 'solar-generator', 'land-registrar', 'carbon-developer', 'carbon-verifier']) {
      schemas[name] = await registerSchema(api, authority, name);
    }
    await sudo(api.tx.utility.batchAll([
      ...Object.values(schemas).map((schema) => api.tx.did.addTrustedIssuer(schema, authority.address)),
      api.tx.system.setStorage([
        parameter(api, 'SensorIntervalLength', 'u64', SLOT_MS),
        parameter(api, 'EnergyParticipantSchema', 'u32', schemas['energy-participant']),
        parameter(api, 'EnergyGeneratorSchemas', 'Vec<(u32, u8)>', [[schemas['solar-generator'], 0]]),
        parameter(api, 'LandRegistrarSchema', 'u32', schemas['land-registrar']),
        parameter(api, 'CarbonDeveloperSchema', 'u32', schemas['carbon-developer']),
        parameter(api, 'CarbonVerifierSchema', 'u32', schemas['carbon-verifier']),
      ]),
      api.tx.energyMarket.setRules({
        gateClosureMs: 12_000, settlementDelayMs: 30_000, priceCap: UNIT, imbalancePrice: UNIT,
      }),
      api.tx.energyMarket.setZone(ZONE, {
        operator: authority.address, importCapacityWh: SLOT_WH, exportCapacityWh: SLOT_WH,
        retailPrice: 300n * MILLI, feedInTariff: 100n * MILLI, gridFee: 20n * MILLI,
      }),
    ]));
    const attest = (who, schema, scope) => api.tx.did.attest(who.address, schemas[schema], blake2AsHex(`${schema} ${who.address}`), 0, null, scope);
    await ok(api.tx.utility.batchAll([
      attest(farm, 'energy-participant', ZONE),
      attest(buyer, 'energy-participant', ZONE),
      attest(farm, 'solar-generator', null),
      attest(farm, 'carbon-developer', null),
      attest(verifier, 'carbon-verifier', null),
      attest(authority, 'land-registrar', DISTRICT),
    ]), authority);
    await sudo(api.tx.landRegistry.appointRegistrar(DISTRICT, authority.address));
    const registered = await ok(api.tx.landRegistry.registerParcel(
      DISTRICT, FIELD, 'Industrial', blake2AsHex('solar farm survey'), farm.address,
    ), authority);
    parcel = eventsOf(registered.events, 'landRegistry', 'ParcelRegistered')[0].data.parcel.toNumber();

    const { devices } = await gateway.json('/devices');
    await Promise.all([[farm, EXPORT], [buyer, IMPORT]].map(async ([who, metric], index) => {
      assert.equal(u8aToHex(meterOf(who).Sr25519), devices[index]);
      await ok(api.tx.utility.batchAll([
        api.tx.did.registerDevice(meterOf(who), 'ElectricityMeter', null, deviceRegistration(api, who, meters.get(who.address), 0)),
        api.tx.sensorOracle.openFeed(meterOf(who), metric),
      ]), who);
    }));
  });

  it('lets the farm keep its attributes when joining, and only a generator may', async () => {
    const refused = await submit(api, api.tx.energyMarket.join(ZONE, true), buyer);
    assert.equal(refused.dispatchError, 'energyMarket.NotAGenerator');
    const joined = await ok(api.tx.energyMarket.join(ZONE, true), farm);
    const [event] = eventsOf(joined.events, 'energyMarket', 'ParticipantJoined');
    assert.equal(event.data.source.toString(), 'Solar');
    assert.equal(event.data.keepsAttributes.isTrue, true);
    await ok(api.tx.energyMarket.join(ZONE, false), buyer);
  });

  it('registers the farm\'s metered project on its parcel', async () => {
    const methodology = await sudo(api.tx.carbonCredits.registerMethodology({
      documentHash: blake2AsHex('grid-connected solar v1'), creditType: 'Avoidance', buffer: 5, permanenceYears: 0, metered: true,
    }));
    const methodologyId = eventsOf(methodology.events, 'carbonCredits', 'MethodologyRegistered')[0].data.methodology;
    const proposed = await ok(api.tx.carbonCredits.proposeProject(methodologyId, [parcel], blake2AsHex('farm design')), farm);
    project = eventsOf(proposed.events, 'carbonCredits', 'ProjectProposed')[0].data.project.toNumber();
    await ok(api.tx.carbonCredits.validateProject(project), verifier);
    // The factor of this year and the next, should the slots cross midnight of 31 December.
    const year = new Date((await api.query.timestamp.now()).toNumber()).getUTCFullYear();
    await sudo(api.tx.utility.batchAll([
      api.tx.carbonCredits.setProjectStatus(project, 'Registered'),
      api.tx.carbonCredits.setEmissionFactor(year, GRAMS_PER_KWH),
      api.tx.carbonCredits.setEmissionFactor(year + 1, GRAMS_PER_KWH),
    ]));
    // Its generation is credited from the meter only, never also from a document.
    const report = await submit(api, api.tx.carbonCredits.submitReport(project, 0, 1, 5, blake2AsHex('report')), farm);
    assert.equal(report.dispatchError, 'carbonCredits.MeteredMethodology');
  });

  it('trades two slots of the farm\'s output and settles them against the signed readings', async () => {
    // The first slot whose gate (12 s before it) closes at least 24 s, four blocks, from now.
    const now = (await api.query.timestamp.now()).toNumber();
    firstSlot = Math.floor((now + 36_000) / SLOT_MS) + 1;
    const slots = Array.from({ length: SLOTS }, (_, index) => firstSlot + index);
    const orders = (who, side, price) => ok(api.tx.utility.batchAll(slots.map(
      (slot) => api.tx.energyMarket.placeOrder(ZONE, slot, side, meterOf(who), SLOT_WH, price),
    )), who);
    await Promise.all([orders(farm, 'Sell', 200n * MILLI), orders(buyer, 'Buy', 400n * MILLI)]);
    for (const slot of slots) {
      await waitFor(async () => (await api.call.energyMarketApi.book(ZONE, slot)).isNone, {
        timeoutMs: 300_000, what: `slot ${slot} settled`,
      });
    }
  });

  it('gives the farm a generation certificate a slot and the buyer none', async () => {
    const certificates = await node.rpc('energy_certificatesOf', [farm.address, null, null]);
    certificates.sort((a, b) => a.slot - b.slot);
    assert.deepEqual(certificates.map(({ kind, slot, energy }) => [kind, slot, energy]),
      Array.from({ length: SLOTS }, (_, index) => ['Generation', firstSlot + index, [{ source: 'Solar', wh: SLOT_WH }]]));
    assert.deepEqual(await node.rpc('energy_certificatesOf', [buyer.address, null, null]), []);
  });

  it('turns the farm\'s certificates into a verified batch, the buffer share withheld', async () => {
    const certificates = (await node.rpc('energy_certificatesOf', [farm.address, null, null])).map(({ id }) => id);
    const foreign = await submit(api, api.tx.carbonCredits.claimMeteredEnergy(project, certificates), buyer);
    assert.equal(foreign.dispatchError, 'carbonCredits.NotTheDeveloper');
    const claimed = await ok(api.tx.carbonCredits.claimMeteredEnergy(project, certificates), farm);
    const [claim] = eventsOf(claimed.events, 'carbonCredits', 'MeteredEnergyClaimed');
    assert.equal(claim.data.wh.toNumber(), SLOTS * SLOT_WH);
    assert.equal(claim.data.avoidedMg.toBigInt(), 2_100_000_000n, '2 MWh × 1,050 g/kWh');
    // Claimed for good: the certificates are gone, and cannot be claimed again.
    assert.deepEqual(await node.rpc('energy_certificatesOf', [farm.address, null, null]), []);
    const again = await submit(api, api.tx.carbonCredits.claimMeteredEnergy(project, certificates), farm);
    assert.equal(again.dispatchError, 'carbonCredits.UnknownCertificate');

    const submitted = await ok(api.tx.carbonCredits.submitMeteredReport(project), farm);
    const [report] = eventsOf(submitted.events, 'carbonCredits', 'ReportSubmitted');
    assert.equal(report.data.tonnes.toNumber(), 2);
    const filed = (await api.query.carbonCredits.reports(report.data.report)).unwrap();
    assert.equal(filed.evidence.asMetered.wh.toNumber(), SLOTS * SLOT_WH);
    assert.equal(filed.periodStart.toNumber(), firstSlot * SLOT_MS);
    assert.equal(filed.periodEnd.toNumber(), (firstSlot + SLOTS) * SLOT_MS);

    const approved = await ok(api.tx.carbonCredits.approveReport(report.data.report), verifier);
    const [issued] = eventsOf(approved.events, 'carbonCredits', 'BatchIssued');
    assert.equal(issued.data.issued.toNumber(), 2);
    assert.equal(issued.data.buffer.toNumber(), 1, '5% of 2 t, rounded up');
    const rpc = await node.rpc('carbon_project', [project]);
    assert.deepEqual(rpc.metered, { wh: 0, avoidedMg: 100_000_000, periodStart: null, periodEnd: null },
      'the 0.1 t left waits for more generation');
    assert.deepEqual(rpc.batches.map((b) => [b.issued, b.buffer]), [[2, 1]]);
  });

  it('lets the city retire the farm\'s credit with a certificate', async () => {
    const batch = (await node.rpc('carbon_project', [project])).batches[0].id;
    await ok(api.tx.carbonCredits.transfer(batch, city.address, 1), farm);
    const retired = await ok(api.tx.carbonCredits.retire(batch, 1, {
      beneficiary: 'City of Polis', reason: 'municipal buildings, scope 2', jurisdiction: 'DE-BY',
      periodStart: Date.UTC(2026, 0, 1), periodEnd: Date.UTC(2027, 0, 1),
    }), city);
    const [event] = eventsOf(retired.events, 'carbonCredits', 'CreditsRetired');
    const certificate = await node.rpc('carbon_retirement', [event.data.retirement.toNumber()]);
    assert.equal(certificate.owner, city.address);
    assert.equal(certificate.tonnes, 1);
    assert.equal(certificate.batchName.project, project);
    assert.equal(certificate.reason, 'municipal buildings, scope 2');
  });

  it('cancels the withheld tonne from the buffer on a verified reversal, suspending the project', async () => {
    const batch = (await node.rpc('carbon_project', [project])).batches[0].id;
    const reversal = await ok(api.tx.carbonCredits.recordReversal(batch, 1, blake2AsHex('panels destroyed by hail')), verifier);
    assert.equal(eventsOf(reversal.events, 'carbonCredits', 'ReversalRecorded')[0].data.tonnes.toNumber(), 1);
    const rpc = await node.rpc('carbon_project', [project]);
    assert.equal(rpc.status, 'Suspended');
    assert.deepEqual(rpc.batches.map((b) => [b.issued, b.retired, b.cancelled, b.buffer]), [[2, 1, 1, 0]]);
  });
});
