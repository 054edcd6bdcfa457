// pallet-energy-market against a real node and a real sensor-gateway, with one-minute delivery
// slots: two prosumers sell (one of them a solar generator, the other short of its promise), a
// consumer's battery controller buys for it, a zone with a congested grid connection clears at
// its own price; orders are cleared at gate closure, the meters' device-signed readings (the
// gateway's, relayed by the node's off-chain worker) settle them in on_idle, and balances,
// penalties and the consumer's renewable certificate come out exact. Books, orders and
// certificates are read through the runtime API and the energy_* RPC.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { Keyring } from '@polkadot/keyring';
import { compactAddLength, u8aToHex } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';

import { deviceRegistration, parameter, registerSchema } from '../lib/chain.js';
import { startGateway } from '../lib/gateway.js';
import { describeError, eventsOf, freePort, startNode, submit, submitOk, submitSudoOk, waitFor } from '../lib/node.js';

const UNIT = 1_000_000_000_000n;
const MILLI = UNIT / 1000n;
const SLOT_MS = 60_000;
const IMPORT = 1;
const EXPORT = 2;
const ZONE = 1;
const CONGESTED_ZONE = 2;
// The gateway's meters, in device order: what each reports once a slot (its period is the slot).
const METERED = [
  { metric: EXPORT, wh: 2_500 }, // the solar prosumer's
  { metric: EXPORT, wh: 400 }, // the short prosumer's
  { metric: IMPORT, wh: 3_000 }, // the consumer's
  { metric: IMPORT, wh: 500 }, // the congested zone's buyer's
];

describe('pallet-energy-market on polis-node --dev with one-minute slots', () => {
  let node;
  let api;
  let keyring;
  let sudoKey; // Alice
  let agency; // issues participant and generator credentials
  let operator; // runs both zones' grid
  let solar; // a prosumer with panels: sells 2 kWh, delivers all
  let short; // a prosumer that sells 1 kWh and delivers 0.4
  let consumer; // buys 3 kWh, takes all; its battery controller places the order
  let battery; // the consumer's battery controller, a device of its DID
  let congested; // buys 2 kWh in the zone whose grid brings in only 0.5 kWh
  let relayer; // carries the device's signed order; the node's `sens` key relays the readings
  let gateway; // the meters, reading once a slot
  const meters = new Map();
  let slot;
  let participantSchema;
  const before_ = new Map();

  before(async () => {
    await cryptoWaitReady();
    const gatewayPort = await freePort();
    node = await startNode({ args: ['--dev', '--sensor-gateway', `http://127.0.0.1:${gatewayPort}`] });
    api = node.api;
    gateway = await startGateway({
      nodeUrl: `http://127.0.0.1:${node.rpcPort}`,
      port: gatewayPort,
      devices: METERED.length,
      periodMs: SLOT_MS,
      anchorMs: 0,
      extraArgs: ['--metric', METERED.map(({ metric }) => metric).join(','), '--value', METERED.map(({ wh }) => wh).join(',')],
    });
    keyring = new Keyring({ type: 'sr25519', ss58Format: 776 });
    [sudoKey, agency, operator, solar, short, consumer, congested, relayer] = [
      '//Alice', '//Energy/Agency', '//Energy/Operator', '//Energy/Solar', '//Energy/Short',
      '//Energy/Consumer', '//Energy/Congested', '//Energy/Relayer',
    ].map((uri) => keyring.addFromUri(uri));
    battery = keyring.addFromUri('//Energy/Battery');
  });

  after(async () => {
    if (gateway) await gateway.stop();
    if (node) await node.stop();
  });

  const ok = (tx, signer) => submitOk(api, tx, signer);
  const sudo = (call) => submitSudoOk(api, call, sudoKey);

  async function total(who) {
    const { data } = await api.query.system.account(who.address);
    return data.free.toBigInt() + data.reserved.toBigInt();
  }

  // What the energy market holds from `who` for `reason` (Collateral or Deposit).
  async function held(who, reason) {
    const holds = await api.query.balances.holds(who.address);
    return holds
      .filter((hold) => hold.id.toJSON().energyMarket === reason)
      .reduce((sum, hold) => sum + hold.amount.toBigInt(), 0n);
  }


  const registration = (owner, meter, number) => deviceRegistration(api, owner, meter, number);

  const zone = (importWh) => ({
    operator: operator.address,
    importCapacityWh: importWh,
    exportCapacityWh: 10_000,
    retailPrice: 300n * MILLI,
    feedInTariff: 100n * MILLI,
    gridFee: 20n * MILLI,
  });

  it('sets up one-minute slots, two zones, credentials, meters and their feeds', async () => {
    const participants = [solar, short, consumer, congested];
    await ok(api.tx.utility.batchAll([agency, operator, relayer, ...participants].map(
      (who) => api.tx.balances.transferKeepAlive(who.address, 10_000n * UNIT),
    )), sudoKey);
    await Promise.all([agency, ...participants].map(
      (who) => ok(api.tx.did.create({ Sr25519: who.publicKey }), who),
    ));
    const participant = await registerSchema(api, agency, 'energy-participant');
    participantSchema = participant;
    const generator = await registerSchema(api, agency, 'solar-generator');
    await sudo(api.tx.utility.batchAll([
      api.tx.did.addTrustedIssuer(participant, agency.address),
      api.tx.did.addTrustedIssuer(generator, agency.address),
      api.tx.system.setStorage([
        parameter(api, 'SensorIntervalLength', 'u64', SLOT_MS),
        parameter(api, 'EnergyParticipantSchema', 'u32', participant),
        parameter(api, 'EnergyGeneratorSchemas', 'Vec<(u32, u8)>', [[generator, 0]]),
      ]),
      api.tx.energyMarket.setRules({
        gateClosureMs: 12_000, settlementDelayMs: 30_000, priceCap: UNIT, imbalancePrice: UNIT,
      }),
      api.tx.energyMarket.setZone(ZONE, zone(10_000)),
      api.tx.energyMarket.setZone(CONGESTED_ZONE, zone(500)),
    ]));
    const claim = (who) => blake2AsHex(who.address);
    await ok(api.tx.utility.batchAll([
      ...[solar, short, consumer].map((who) => api.tx.did.attest(who.address, participant, claim(who), 0, null, ZONE)),
      api.tx.did.attest(congested.address, participant, claim(congested), 0, null, CONGESTED_ZONE),
      api.tx.did.attest(solar.address, generator, claim(solar), 0, null, null),
    ]), agency);
    // Credentials are checked once, on joining: orders then only read the participation.
    const joined = await Promise.all(participants.map(
      (who) => ok(api.tx.energyMarket.join(who === congested ? CONGESTED_ZONE : ZONE, false), who),
    ));
    const [solarJoined] = eventsOf(joined[0].events, 'energyMarket', 'ParticipantJoined');
    assert.equal(solarJoined.data.source.toString(), 'Solar');
    assert.equal(eventsOf(joined[2].events, 'energyMarket', 'ParticipantJoined')[0].data.source.isNone, true);
    const refused = await submit(api, api.tx.energyMarket.join(ZONE, false), sudoKey);
    assert.equal(refused.dispatchError, 'energyMarket.NoParticipantCredential');

    // Participant `i`'s meter is the gateway's device `i`, whose key the test derives as the
    // gateway does (to sign its registration proof).
    const { devices, metrics } = await gateway.json('/devices');
    await Promise.all(participants.map(async (who, index) => {
      const meter = keyring.addFromUri(`//polis/sensor/${index}`);
      assert.equal(u8aToHex(meter.publicKey), devices[index]);
      meters.set(who.address, meter);
      const { metric } = METERED[index];
      assert.equal(metrics[index], metric);
      await ok(api.tx.utility.batchAll([
        api.tx.did.registerDevice({ Sr25519: meter.publicKey }, 'ElectricityMeter', null, registration(who, meter, 0)),
        api.tx.sensorOracle.openFeed({ Sr25519: meter.publicKey }, metric),
      ]), who);
    }));
    await ok(api.tx.did.registerDevice({ Sr25519: battery.publicKey }, 'Other', null, registration(consumer, battery, 1)), consumer);
    assert.equal((await api.query.energyMarket.zoneCount()).toNumber(), 2);
  });

  it('takes orders on the participants\' own meters, holding collateral', async () => {
    const now = (await api.query.timestamp.now()).toNumber();
    slot = Math.floor(now / SLOT_MS) + 2;
    const order = (who, zoneId, side, wh, price) => ok(api.tx.energyMarket.placeOrder(
      zoneId, slot, side, { Sr25519: meters.get(who.address).publicKey }, wh, price,
    ), who);
    // The consumer's battery controller signs its order; the relayer carries it.
    const device = { Sr25519: battery.publicKey };
    const signedOrder = {
      zone: ZONE, slot, side: 'Buy', meter: { Sr25519: meters.get(consumer.address).publicKey },
      quantityWh: 3_000, limitPrice: 400n * MILLI, nonce: 0,
    };
    const message = api.createType('(Bytes, H256, PolisPrimitivesIdentityPublicKey, PalletEnergyMarketDeviceOrder)', [
      'polis:energy-order', api.genesisHash, device, signedOrder,
    ]).toU8a();
    const fromRuntime = await api.call.energyMarketApi.deviceOrderMessage(device, signedOrder);
    // The runtime API returns the SCALE `Vec<u8>`: the message behind its length.
    assert.equal(fromRuntime.toHex(), u8aToHex(compactAddLength(message)), 'the runtime API gives the same message');
    const signature = { Sr25519: battery.sign(message) };
    await Promise.all([
      order(solar, ZONE, 'Sell', 2_000, 200n * MILLI),
      order(short, ZONE, 'Sell', 1_000, 200n * MILLI),
      ok(api.tx.energyMarket.placeOrderByDevice(device, signedOrder, signature), relayer),
      order(congested, CONGESTED_ZONE, 'Buy', 2_000, 800n * MILLI),
    ]);
    const replay = api.tx.energyMarket.placeOrderByDevice(device, signedOrder, signature);
    assert.equal((await submit(api, replay, relayer)).dispatchError, 'energyMarket.StaleNonce');
    // 3 kWh × (imbalance 1 POLIS + grid fee 0.02).
    assert.equal(await held(consumer, 'Collateral'), 3_060n * MILLI);
    assert.equal(await held(short, 'Collateral'), UNIT);

    const book = await node.rpc('energy_book', [ZONE, slot]);
    assert.deepEqual(book.asks, [{ price: String(200n * MILLI), volumeWh: 3_000 }]);
    assert.deepEqual(book.bids, [{ price: String(400n * MILLI), volumeWh: 3_000 }]);
    assert.equal(book.cleared, false);
    const viaRuntimeApi = (await api.call.energyMarketApi.book(ZONE, slot)).unwrap();
    assert.equal(viaRuntimeApi.orders.toNumber(), 3);

    const unregistered = keyring.addFromUri('//Energy/Stranger');
    const stranger = api.tx.energyMarket.placeOrder(ZONE, slot, 'Buy', { Sr25519: unregistered.publicKey }, 1_000, UNIT);
    assert.equal((await submit(api, stranger, sudoKey)).dispatchError, 'energyMarket.NotAParticipant');
  });

  it('clears each zone at gate closure, the congested one above the retail price', async () => {
    const cleared = async (zoneId) => waitFor(async () => {
      const book = await node.rpc('energy_book', [zoneId, slot]);
      return book && book.cleared ? book.clearing : null;
    }, { timeoutMs: 180_000, what: `zone ${zoneId} cleared` });
    const local = await cleared(ZONE);
    assert.equal(local.price, String(200n * MILLI));
    assert.equal(local.localVolumeWh, 3_000);
    const tight = await cleared(CONGESTED_ZONE);
    assert.equal(tight.price, String(800n * MILLI), 'scarcity sets the buyer\'s price, above retail');
    assert.equal(tight.gridImportWh, 500);
    assert.equal(tight.localVolumeWh, 0);

    const [statement] = await node.rpc('energy_ordersOf', [consumer.address, null, null]);
    assert.equal(statement.fillWh, 3_000);
    for (const who of [solar, short, consumer, congested, operator]) before_.set(who.address, await total(who));
  });

  it('settles against the meters\' readings the gateway signed: a shortfall costs only the party that caused it', async () => {
    // The off-chain worker relays the gateway's readings with the node's `sens` key.
    await node.rpc('author_insertKey', ['sens', '//Energy/Relayer', u8aToHex(relayer.publicKey)]);
    for (const [index, who] of [solar, short, consumer].entries()) {
      const { metric, wh } = METERED[index];
      const summary = await waitFor(async () => {
        // A feed's intervals live in a ring: the slot holds the interval it names.
        const ring = api.consts.sensorOracle.maxIntervalsPerFeed.toNumber();
        const stored = await api.query.sensorOracle.intervals({ Sr25519: meters.get(who.address).publicKey }, metric, slot % ring);
        return stored.isSome && stored.unwrap().interval.toNumber() === slot ? stored.unwrap().summary : null;
      }, { timeoutMs: 180_000, what: `meter ${index}'s reading of the slot` });
      assert.equal(summary.sum.toBigInt(), BigInt(wh), 'one reading a slot, of the value the gateway was given');
    }

    await waitFor(async () => (await api.call.energyMarketApi.book(ZONE, slot)).isNone, {
      timeoutMs: 240_000, what: 'the book settled in on_idle',
    });
    await waitFor(async () => (await api.call.energyMarketApi.book(CONGESTED_ZONE, slot)).isNone, {
      timeoutMs: 60_000, what: 'the congested book settled',
    });
    const change = async (who) => (await total(who)) - before_.get(who.address);
    // The solar prosumer is paid 2 kWh × 0.2 POLIS.
    assert.equal(await change(solar), 400n * MILLI);
    // The short one is paid 0.4 kWh × 0.2 and pays 0.6 kWh × 1 POLIS for its shortfall.
    assert.equal(await change(short), 80n * MILLI - 600n * MILLI);
    // The consumer pays 3 kWh × (0.2 + grid fee 0.02).
    assert.equal(await change(consumer), -660n * MILLI);
    // Nothing traded between participants in the congested zone: the utility bills its grid energy.
    assert.equal(await change(congested), 0n);
    // The operator: the penalty, the grid fees and 0.02 for the 0.1 kWh its grid supplied.
    assert.equal(await change(operator), 780n * MILLI);
    for (const who of [solar, short, consumer, congested]) assert.equal(await held(who, 'Collateral'), 0n);
  });

  it('gives the consumer a certificate of the solar energy it took; leaving or eviction returns the deposits', async () => {
    const certificates = await node.rpc('energy_certificatesOf', [consumer.address, null, null]);
    assert.equal(certificates.length, 1);
    assert.deepEqual(certificates[0].energy, [{ source: 'Solar', wh: 2_000 }]);
    assert.equal(certificates[0].kind, 'Consumption');
    assert.equal(certificates[0].slot, slot);
    const participation = api.consts.energyMarket.participantDeposit.toBigInt();
    assert.equal(await held(consumer, 'Deposit'), participation + api.consts.energyMarket.deposit.toBigInt(),
      'the certificate keeps its order\'s deposit');
    assert.deepEqual(await node.rpc('energy_certificatesOf', [solar.address, null, null]), []);

    const released = await ok(api.tx.energyMarket.releaseCertificate(certificates[0].id), consumer);
    assert.equal(eventsOf(released.events, 'energyMarket', 'CertificateRemoved').length, 1);
    assert.equal(await held(consumer, 'Deposit'), participation, 'only the participation\'s deposit is left');

    const left = await ok(api.tx.energyMarket.leave(), consumer);
    assert.equal(eventsOf(left.events, 'energyMarket', 'ParticipantLeft').length, 1);
    assert.equal(await held(consumer, 'Deposit'), 0n);

    // A participation stands until its credential no longer does: then anyone evicts it.
    assert.equal((await submit(api, api.tx.energyMarket.evict(congested.address), relayer)).dispatchError,
      'energyMarket.StillEligible');
    await ok(api.tx.did.revokeAttestation(congested.address, participantSchema, 1), agency);
    const evicted = await ok(api.tx.energyMarket.evict(congested.address), relayer);
    assert.equal(eventsOf(evicted.events, 'energyMarket', 'ParticipantEvicted').length, 1);
    assert.equal(await held(congested, 'Deposit'), 0n);
  });

  it('places a meter\'s schedule of orders at once, skipping a slot whose gate has closed', async () => {
    const { gateClosureMs } = (await api.query.energyMarket.rules()).unwrap();
    const now = (await api.query.timestamp.now()).toNumber();
    const closed = Math.floor((now + gateClosureMs.toNumber()) / SLOT_MS);
    const line = (slotIndex) => ({ slot: slotIndex, side: 'Sell', quantityWh: 1_000, limitPrice: 200n * MILLI });
    const collateral = await held(solar, 'Collateral');
    const meter = { Sr25519: meters.get(solar.address).publicKey };
    const scheduled = await ok(api.tx.energyMarket.placeOrders(ZONE, meter, [closed, closed + 2, closed + 3].map(line)), solar);
    const [skipped] = eventsOf(scheduled.events, 'energyMarket', 'OrderSkipped');
    assert.equal(skipped.data.index.toNumber(), 0);
    assert.equal(describeError(api, skipped.data.error), 'energyMarket.GateClosed');
    const placed = eventsOf(scheduled.events, 'energyMarket', 'OrderPlaced');
    assert.deepEqual(placed.map(({ data }) => data.slot.toNumber()), [closed + 2, closed + 3]);
    // Two orders of 1 kWh, each holding the imbalance price of 1 POLIS, held at once.
    assert.equal(await held(solar, 'Collateral'), collateral + 2n * UNIT);
    await ok(api.tx.utility.batchAll(placed.map(({ data }) => api.tx.energyMarket.cancelOrder(data.order))), solar);
    assert.equal(await held(solar, 'Collateral'), collateral);
  });
});
