// Sensor throughput through a real polis-node: how many readings per second the chain carries,
// sustained, on each path.
//
//   node bench/sensor-throughput.js [--meters 2000] [--meter-period-ms 1000]
//                                   [--fleet 100000] [--fleet-period-ms 4500] [--blocks 20]
//
// Direct path: `--meters` registered meters with open feeds report every `--meter-period-ms`
// through one gateway; the node's off-chain worker relays their signed readings
// (`submit_readings`), each checked and stored on chain. Offer more than the chain takes, and
// the figure is the chain's sustained capacity.
// Anchored path: a second gateway with `--fleet` devices reporting every `--fleet-period-ms`
// (100,000 every 4.5 s is 22,222 readings per second: twice the target of ten times a city of a
// million meters at 15 minutes) anchors a Merkle root of everything it collected every 6 s.
// Prints the setup and, over `--blocks` blocks after both paths are flowing, the readings per
// second each path carried.

import os from 'node:os';
import { parseArgs } from 'node:util';

import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';

import { startGateway } from '../lib/gateway.js';
import { freePort, startNode, waitFor } from '../lib/node.js';
import { log, sendInBatches } from './lib.js';

const ENERGY = 1;
const { values: options } = parseArgs({
  options: {
    meters: { type: 'string', default: '2000' },
    'meter-period-ms': { type: 'string', default: '1000' },
    fleet: { type: 'string', default: '100000' },
    'fleet-period-ms': { type: 'string', default: '4500' },
    blocks: { type: 'string', default: '20' },
  },
});
const meters = Number(options.meters);
const meterPeriodMs = Number(options['meter-period-ms']);
const fleet = Number(options.fleet);
const fleetPeriodMs = Number(options['fleet-period-ms']);
const blocks = Number(options.blocks);

await cryptoWaitReady();
const meterPort = await freePort();
const fleetPort = await freePort();
const node = await startNode({
  args: ['--dev', '--sensor-gateway', `http://127.0.0.1:${meterPort}`, '--sensor-gateway', `http://127.0.0.1:${fleetPort}`],
});
const { api } = node;
const nodeUrl = `http://127.0.0.1:${node.rpcPort}`;
const gateways = [];
try {
  const meterGateway = await startGateway({
    nodeUrl, port: meterPort, devices: meters, periodMs: meterPeriodMs, anchorMs: 0,
    extraArgs: ['--max-feed', String(meters * 8), '--window-ms', '60000'],
  });
  gateways.push(meterGateway);
  const fleetGateway = await startGateway({
    nodeUrl, port: fleetPort, devices: fleet, periodMs: fleetPeriodMs, anchorMs: 6_000,
    extraArgs: ['--anchors-only', '--device-seed', '//polis/fleet', '--gateway-seed', '//polis/fleet-gateway'],
  });
  gateways.push(fleetGateway);

  const keyring = new Keyring({ type: 'sr25519', ss58Format: 776 });
  const owner = keyring.addFromUri('//Charlie');
  const relayer = keyring.addFromUri('//Ferdie');
  log(`registering ${meters} meters and 2 gateways under ${owner.address}`);
  await sendInBatches(api, owner, [api.tx.did.create({ Sr25519: owner.publicKey })], 1);
  const did = u8aToHex(owner.publicKey);
  // Each proof is for one registration number of the DID, in the order they are registered.
  const meterProofs = await meterGateway.json(`/registration?did=${did}&from=0`);
  const [fleetGatewayProof] = await fleetGateway.json(`/registration?did=${did}&from=${meterProofs.length}`);
  const proofs = [...meterProofs, fleetGatewayProof];
  await sendInBatches(api, owner, proofs.map(({ device, kind, proof }) =>
    api.tx.did.registerDevice({ Sr25519: device }, kind, null, { Sr25519: proof })), 250);
  const { devices } = await meterGateway.json('/devices');
  await sendInBatches(api, owner, devices.map((device) => api.tx.sensorOracle.openFeed({ Sr25519: device }, ENERGY)), 250);
  log('devices registered, feeds open; inserting the off-chain worker key');
  await node.rpc('author_insertKey', ['sens', '//Ferdie', u8aToHex(relayer.publicKey)]);

  const perBlock = [];
  let previousMoment;
  await waitFor(async () => {
    const hash = await api.rpc.chain.getBlockHash();
    const events = await api.query.system.events.at(hash);
    return events.some(({ event }) => event.section === 'sensorOracle' && event.method === 'ReadingsAccepted');
  }, { timeoutMs: 180_000, what: 'the first relayed readings' });
  log(`both paths flowing; measuring ${blocks} blocks`);
  await new Promise((resolve) => {
    let unsubscribe;
    api.rpc.chain.subscribeNewHeads(async (header) => {
      const at = await api.at(header.hash);
      const [events, moment, weight] = await Promise.all([at.query.system.events(), at.query.timestamp.now(), at.query.system.blockWeight()]);
      let direct = 0;
      let anchored = 0;
      for (const { event } of events) {
        if (event.section !== 'sensorOracle') continue;
        if (event.method === 'ReadingsAccepted') direct += event.data.accepted.toNumber();
        if (event.method === 'Anchored') anchored += event.data.count.toNumber();
      }
      const now = moment.toNumber();
      if (previousMoment !== undefined) {
        perBlock.push({ number: header.number.toNumber(), direct, anchored, ms: now - previousMoment, normalRefTime: weight.normal.refTime.toBigInt() });
        log(`#${header.number} direct ${direct}, anchored ${anchored}`);
      }
      previousMoment = now;
      if (perBlock.length >= blocks && unsubscribe) { unsubscribe(); resolve(); }
    }).then((unsub) => { unsubscribe = unsub; });
  });

  const seconds = perBlock.reduce((sum, block) => sum + block.ms, 0) / 1000;
  const direct = perBlock.reduce((sum, block) => sum + block.direct, 0);
  const anchored = perBlock.reduce((sum, block) => sum + block.anchored, 0);
  const maxWeight = api.consts.system.blockWeights.perClass.normal.maxTotal.unwrap().refTime.toBigInt();
  const fullness = perBlock.reduce((sum, block) => sum + Number(block.normalRefTime * 1000n / maxWeight), 0) / perBlock.length / 10;
  const cpu = os.cpus();
  console.log('\n=== sensor throughput through polis-node --dev ===');
  console.log(`machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
  console.log(`direct path: ${meters} registered meters every ${meterPeriodMs} ms (${(meters * 1000 / meterPeriodMs).toFixed(0)} readings/s offered), relayed by the off-chain worker, MaxReadingsPerCall ${api.consts.sensorOracle.maxReadingsPerCall}`);
  console.log(`anchored path: ${fleet} devices every ${fleetPeriodMs} ms (${(fleet * 1000 / fleetPeriodMs).toFixed(0)} readings/s offered), one anchor every 6 s`);
  console.log(`measured: ${perBlock.length} blocks, ${seconds.toFixed(1)} s of chain time; normal-class block weight used: ${fullness.toFixed(1)} % on average`);
  console.log(`direct readings per second (each verified and stored on chain): ${(direct / seconds).toFixed(0)}`);
  console.log(`anchored readings per second (provable against on-chain roots): ${(anchored / seconds).toFixed(0)}`);
  console.log(`total readings per second carried: ${((direct + anchored) / seconds).toFixed(0)} (target: 11,110)`);
} finally {
  for (const gateway of gateways) await gateway.stop();
  await node.stop();
}
