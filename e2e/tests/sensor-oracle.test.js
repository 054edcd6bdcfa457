// pallet-sensor-oracle against a real node and a real sensor-gateway: devices registered in the
// DID pallet with proofs the gateway signs, readings relayed by the node's off-chain worker
// (a `sens` key, the gateway URL given with --sensor-gateway), anchors proved through the
// runtime API, a revoked device's later readings skipped, and a closed and reopened feed
// replaying nothing.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';

import { startGateway } from '../lib/gateway.js';
import { eventsOf, freePort, startNode, submitOk, waitFor } from '../lib/node.js';

const ENERGY = 1;
const DEVICES = 3;

describe('pallet-sensor-oracle with the off-chain worker and sensor-gateway', () => {
  let node;
  let gateway;
  let api;
  let keyring;
  let owner; // the utility that owns the gateway and meters
  let relayer; // the account of the node's `sens` key
  let meters; // device keys (hex) of the simulated meters
  let gatewayKey;

  before(async () => {
    await cryptoWaitReady();
    const gatewayPort = await freePort();
    node = await startNode({ args: ['--dev', '--sensor-gateway', `http://127.0.0.1:${gatewayPort}`] });
    api = node.api;
    gateway = await startGateway({
      nodeUrl: `http://127.0.0.1:${node.rpcPort}`,
      port: gatewayPort,
      devices: DEVICES,
      periodMs: 2_000,
      anchorMs: 12_000,
    });
    keyring = new Keyring({ type: 'sr25519', ss58Format: 776 });
    owner = keyring.addFromUri('//Charlie');
    relayer = keyring.addFromUri('//Ferdie');
    const devices = await gateway.json('/devices');
    meters = devices.devices;
    gatewayKey = devices.gateway;
  });

  after(async () => {
    if (gateway) await gateway.stop();
    if (node) await node.stop();
  });

  const ok = (tx, signer) => submitOk(api, tx, signer);

  const feedOf = async (device) => (await api.query.sensorOracle.feeds({ Sr25519: device }, ENERGY)).unwrap();

  // Meter `index`'s reading, signed with its key as the gateway derives it.
  function signedReading(index, value, timestamp) {
    const pair = keyring.addFromUri(`//polis/sensor/${index}`);
    assert.equal(u8aToHex(pair.publicKey), meters[index]);
    const reading = { metric: ENERGY, value, timestamp };
    const message = api.createType('(Bytes, H256, u8, [u8; 32], u32, i64, u64)', [
      'polis:reading', api.genesisHash, 0, pair.publicKey, reading.metric, reading.value, reading.timestamp,
    ]).toU8a();
    return { device: { Sr25519: meters[index] }, reading, signature: { Sr25519: pair.sign(message) } };
  }

  // Submits signed readings; returns how many the chain accepted and skipped.
  async function submitReadings(readings) {
    const result = await ok(api.tx.sensorOracle.submitReadings(readings), owner);
    const [event] = eventsOf(result.events, 'sensorOracle', 'ReadingsAccepted');
    return [event.data.accepted.toNumber(), event.data.skipped.toNumber()];
  }

  it('registers the gateway and its meters under a DID with proofs the gateway signs', async () => {
    await ok(api.tx.did.create({ Sr25519: owner.publicKey }), owner);
    const { deviceRegistrations } = (await api.query.did.dids(owner.address)).unwrap();
    const proofs = await gateway.json(`/registration?did=${u8aToHex(owner.publicKey)}&from=${deviceRegistrations}`);
    assert.equal(proofs.length, DEVICES + 1);
    const calls = proofs.map(({ device, kind, proof }) =>
      api.tx.did.registerDevice({ Sr25519: device }, kind, null, { Sr25519: proof }));
    const result = await ok(api.tx.utility.batchAll(calls), owner);
    assert.equal(eventsOf(result.events, 'did', 'DeviceRegistered').length, DEVICES + 1);
  });

  it('opens an energy feed per meter, each holding a deposit', async () => {
    const calls = meters.map((device) => api.tx.sensorOracle.openFeed({ Sr25519: device }, ENERGY));
    const result = await ok(api.tx.utility.batchAll(calls), owner);
    assert.equal(eventsOf(result.events, 'sensorOracle', 'FeedOpened').length, DEVICES);
    const holds = await api.query.balances.holds(owner.address);
    assert.ok(holds.some((hold) => hold.id.toString().includes('FeedDeposit')), holds.toString());
  });

  it('relays the meters\' signed readings through the off-chain worker into 15-minute intervals', async () => {
    await node.rpc('author_insertKey', ['sens', '//Ferdie', u8aToHex(relayer.publicKey)]);
    for (const device of meters) {
      await waitFor(async () => (await feedOf(device)).readings.toNumber() >= 2, {
        timeoutMs: 90_000,
        what: `readings of meter ${device}`,
      });
    }
    const feed = await feedOf(meters[0]);
    const intervalLength = api.consts.sensorOracle.intervalLength.toNumber();
    const interval = Math.floor(feed.lastTimestamp.toNumber() / intervalLength);
    const ring = api.consts.sensorOracle.maxIntervalsPerFeed.toNumber();
    const stored = (await api.query.sensorOracle.intervals({ Sr25519: meters[0] }, ENERGY, interval % ring)).unwrap();
    assert.equal(stored.interval.toNumber(), interval, 'the ring slot holds the latest reading\'s interval');
    const { summary } = stored;
    assert.ok(summary.count.toNumber() >= 1);
    assert.ok(summary.sum.toBigInt() > 0n);
    const account = await api.query.system.account(relayer.address);
    assert.ok(account.nonce.toNumber() >= 1, 'the relayer signed the submissions');
  });

  it('anchors the gateway\'s batches and proves a reading against an anchor through the runtime API', async () => {
    const [[key, anchor]] = await waitFor(async () => {
      const entries = await api.query.sensorOracle.anchors.entries();
      return entries.length > 0 ? entries : null;
    }, { timeoutMs: 90_000, what: 'an anchor' });
    const id = key.args[0].toNumber();
    const stored = anchor.unwrap();
    assert.equal(stored.gateway.asSr25519.toHex(), gatewayKey);
    const proof = await gateway.json(`/proof?root=${stored.root.toHex()}&index=1`);
    const reading = {
      device: { Sr25519: proof.reading.device },
      reading: { metric: proof.reading.metric, value: proof.reading.value, timestamp: proof.reading.timestamp },
      signature: { Sr25519: proof.reading.signature },
    };
    const verdict = await api.call.sensorOracleApi.verifyAnchoredReading(id, reading, proof.proof, proof.leafIndex);
    assert.ok(verdict.isOk, verdict.toString());

    const tampered = { ...reading, reading: { ...reading.reading, value: proof.reading.value + 1 } };
    const refused = await api.call.sensorOracleApi.verifyAnchoredReading(id, tampered, proof.proof, proof.leafIndex);
    assert.equal(refused.asErr.toString(), 'NotInBatch');
  });

  it('skips a revoked meter\'s later readings, from the worker and from anyone', async () => {
    const revoked = meters[DEVICES - 1];
    const revocation = await ok(api.tx.did.revokeDevice({ Sr25519: revoked }), owner);
    // The DID pallet tells the oracle, which marks the device's feed in the same transaction.
    const [marked] = eventsOf(revocation.events, 'sensorOracle', 'FeedDeviceRevoked');
    assert.equal(marked.data.metric.toNumber(), ENERGY);
    assert.equal((await feedOf(revoked)).deviceRevoked.isTrue, true);
    const frozenAt = (await feedOf(revoked)).lastTimestamp.toNumber();
    const liveBefore = (await feedOf(meters[0])).lastTimestamp.toNumber();
    await waitFor(async () => (await feedOf(meters[0])).lastTimestamp.toNumber() > liveBefore, {
      timeoutMs: 60_000,
      what: 'a newer reading of a live meter',
    });
    assert.equal((await feedOf(revoked)).lastTimestamp.toNumber(), frozenAt);

    assert.deepEqual(await submitReadings([signedReading(DEVICES - 1, 5, Date.now())]), [0, 1]);
  });

  it('replays nothing when a feed is closed and reopened, and skips a copied reading without failing its batch', async () => {
    const meter = 1;
    const device = { Sr25519: meters[meter] };
    const closed = await ok(api.tx.sensorOracle.closeFeed(device, ENERGY), owner);
    const [kept] = eventsOf(closed.events, 'sensorOracle', 'MarkKept');
    const mark = kept.data.lastTimestamp.toNumber();
    const replay = signedReading(meter, 7, mark);

    const reopened = await ok(api.tx.sensorOracle.openFeed(device, ENERGY), owner);
    assert.equal(eventsOf(reopened.events, 'sensorOracle', 'MarkRemoved').length, 1);
    assert.ok((await feedOf(meters[meter])).lastTimestamp.toNumber() >= mark);

    // Ahead of the gateway's clock (within the allowed drift), so the worker cannot relay newer.
    const fresh = signedReading(meter, 8, Date.now() + 60_000);
    assert.deepEqual(await submitReadings([replay, fresh]), [1, 1]);
    assert.deepEqual(await submitReadings([fresh]), [0, 1]);
  });
});
