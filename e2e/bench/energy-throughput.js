// Energy market throughput through a real polis-node: how fast orders are placed, what clearing
// a slot of ten thousand orders costs, and how many fills settle per block.
//
//   node bench/energy-throughput.js [--participants 104] [--meters 96] [--slot-ms 240000]
//
// `--participants` accounts, each a participant of one zone with `--meters` registered meters
// (`--meters` is at most the runtime's 96 open orders per account; the book takes 10,000), place
// one order per meter for the same slot: half of them sell, half buy, at limit prices spread over the 200 price
// levels. The slot length is shortened to `--slot-ms` (a test-network setting) so the run takes
// minutes. Prints orders placed per second (first submission to last inclusion) and per block,
// the weight of the block whose on_initialize cleared the slot (mandatory class, against the
// block's maximum), and the orders settled per block by on_idle (meters report nothing, so every
// order settles as undelivered: the same work as a delivered one). Then each participant places
// a schedule (`place_orders`) of `--schedule` orders (95: the slots a day ahead takes orders for,
// from the first open one) on its first meter, all at once: orders placed per second and per
// block in schedules (a line whose gate closed before its schedule landed is skipped).

import { parseArgs } from 'node:util';

import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady, xxhashAsHex } from '@polkadot/util-crypto';

import { startNode, waitFor } from '../lib/node.js';
import { log, send, submitAndCount } from './lib.js';

const UNIT = 1_000_000_000_000n;
const MILLI = UNIT / 1000n;
const ZONE = 1;
const { values: options } = parseArgs({
  options: {
    participants: { type: 'string', default: '104' },
    meters: { type: 'string', default: '96' },
    'slot-ms': { type: 'string', default: '240000' },
    schedule: { type: 'string', default: '95' },
  },
});
const participantCount = Number(options.participants);
const meterCount = Number(options.meters);
const slotMs = Number(options['slot-ms']);
const scheduleLength = Number(options.schedule);

await cryptoWaitReady();
// The default pool takes 8,192 transactions: the orders arrive at once.
const node = await startNode({ args: ['--dev', '--pool-limit', '32768', '--pool-kbytes', '131072'] });
const { api } = node;
try {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 776 });
  const alice = keyring.addFromUri('//Alice');
  const agency = keyring.addFromUri('//Bench/Agency');
  const participants = Array.from({ length: participantCount }, (_, i) => keyring.addFromUri(`//Bench/Participant/${i}`));
  const orders = participantCount * meterCount;
  log(`${participantCount} participants × ${meterCount} meters = ${orders} orders, ${slotMs / 1000}-s slots`);

  let aliceNonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  await send(api, api.tx.utility.batchAll([agency, ...participants].map(
    (who) => api.tx.balances.transferKeepAlive(who.address, 5_000n * UNIT),
  )), alice, aliceNonce++);
  await Promise.all([agency, ...participants].map(
    (who) => send(api, api.tx.did.create({ Sr25519: who.publicKey }), who, 0),
  ));
  const registered = await send(api, api.tx.did.registerSchema('energy-participant', blake2AsHex('bench')), agency, 1);
  const events = await (await api.at(registered)).query.system.events();
  const schema = events.find(({ event }) => event.method === 'SchemaRegistered').event.data.schema.toNumber();
  await send(api, api.tx.sudo.sudo(api.tx.utility.batchAll([
    api.tx.did.addTrustedIssuer(schema, agency.address),
    api.tx.system.setStorage([
      [xxhashAsHex(':SensorIntervalLength:', 128), u8aToHex(api.createType('u64', slotMs).toU8a())],
      [xxhashAsHex(':EnergyParticipantSchema:', 128), u8aToHex(api.createType('u32', schema).toU8a())],
    ]),
    api.tx.energyMarket.setRules({ gateClosureMs: 30_000, settlementDelayMs: 6_000, priceCap: UNIT, imbalancePrice: UNIT }),
    api.tx.energyMarket.setZone(ZONE, {
      operator: alice.address, importCapacityWh: 1_000_000, exportCapacityWh: 1_000_000,
      retailPrice: 300n * MILLI, feedInTariff: 100n * MILLI, gridFee: 20n * MILLI,
    }),
  ])), alice, aliceNonce++);
  await send(api, api.tx.utility.batchAll(participants.map(
    (who) => api.tx.did.attest(who.address, schema, blake2AsHex(who.address), 0, null, ZONE),
  )), agency, 2);
  log('participants credentialed; registering meters');

  // Derived from one key: `addFromUri` would stretch the dev mnemonic for each of them.
  const meterRoot = keyring.addFromUri('//Bench/Meter');
  const meters = participants.map((who, p) => Array.from({ length: meterCount }, (_, m) => meterRoot.derive(`//${p}//${m}`)));
  await Promise.all(participants.map((who, p) => {
    const calls = meters[p].map((meter, m) => {
      const message = api.createType('(Bytes, H256, AccountId32, u32)', [
        'polis:device-registration', api.genesisHash, who.address, m,
      ]).toU8a();
      return api.tx.did.registerDevice({ Sr25519: meter.publicKey }, 'ElectricityMeter', null, { Sr25519: meter.sign(message) });
    });
    return send(api, api.tx.utility.batchAll([...calls, api.tx.energyMarket.join(ZONE, false)]), who, 1);
  }));
  log(`${orders} meters registered, ${participantCount} participants joined`);

  const now = (await api.query.timestamp.now()).toNumber();
  const slot = Math.floor(now / slotMs) + 2;
  const signed = [];
  participants.forEach((who, p) => meters[p].forEach((meter, m) => {
    const side = p % 2 === 0 ? 'Sell' : 'Buy';
    const ticks = side === 'Sell' ? 1 + ((p * 31 + m * 7) % 120) : 80 + ((p * 17 + m * 13) % 121);
    const tx = api.tx.energyMarket.placeOrder(ZONE, slot, side, { Sr25519: meter.publicKey }, 1_000, BigInt(ticks) * 5n * MILLI);
    signed.push(tx.signAsync(who, { nonce: 2 + m }));
  }));
  const transactions = await Promise.all(signed);
  log(`${orders} orders signed for slot ${slot}; submitting`);
  const { seconds, perBlock } = await submitAndCount(api, transactions, 'energyMarket', 'OrderPlaced');
  log(`placed ${orders} orders in ${seconds.toFixed(1)} s: ${(orders / seconds).toFixed(0)} orders/s; `
    + `${perBlock.length} blocks (${perBlock.join(', ')}), at most ${Math.max(...perBlock)} in one`);
  const book = (await api.call.energyMarketApi.book(ZONE, slot)).unwrap();
  log(`book: ${book.bids.length} bid levels, ${book.asks.length} ask levels, ${book.orders.toNumber()} orders`);

  const maxBlock = api.consts.system.blockWeights.maxBlock.refTime.toBigInt();
  const clearedIn = await waitFor(async () => {
    const { block } = await api.rpc.chain.getBlock();
    const hash = block.header.hash;
    const records = await (await api.at(hash)).query.system.events();
    return records.some(({ event }) => event.section === 'energyMarket' && event.method === 'BookCleared') ? hash : null;
  }, { timeoutMs: 3 * slotMs, intervalMs: 1_000, what: 'the clearing block' });
  const weight = await (await api.at(clearedIn)).query.system.blockWeight();
  const mandatory = weight.mandatory.refTime.toBigInt();
  log(`clearing block: mandatory weight ${(Number(mandatory) / 1e9).toFixed(2)} ms of compute, `
    + `${(Number(mandatory * 10_000n / maxBlock) / 100).toFixed(2)}% of the block`);

  const settledPerBlock = [];
  await waitFor(async () => {
    const { block } = await api.rpc.chain.getBlock();
    const hash = block.header.hash.toHex();
    if (settledPerBlock.some(([seen]) => seen === hash)) return (await api.call.energyMarketApi.book(ZONE, slot)).isNone;
    const records = await (await api.at(hash)).query.system.events();
    const of = (method) => records.filter(({ event }) => event.section === 'energyMarket' && event.method === method).length;
    const steps = of('DeliveryMeasured') + of('BuyerSettled') + of('SellerSettled');
    if (steps) settledPerBlock.push([hash, steps, of('BuyerSettled') + of('SellerSettled')]);
    return (await api.call.energyMarketApi.book(ZONE, slot)).isNone;
  }, { timeoutMs: 3 * slotMs, intervalMs: 500, what: 'the book settled' });
  const steps = settledPerBlock.map(([, count]) => count);
  const settled = settledPerBlock.map(([, , count]) => count);
  log(`settled in ${steps.length} blocks: ${steps.join(', ')} settlement steps per block `
    + `(a seller takes two steps: delivery, then payout); at most ${Math.max(...steps)} in one block`);
  log(`orders settled to the end per block: ${settled.join(', ')}; `
    + `${Math.round(orders / steps.length)} per block on average over the ${steps.length} blocks`);

  // The first slot whose gate (30 s before it starts) is open: 95 slots from it stay within
  // the 96 slots ahead orders are taken for, however the clock falls.
  const first = Math.floor(((await api.query.timestamp.now()).toNumber() + 30_000) / slotMs) + 1;
  const schedules = await Promise.all(participants.map((who, p) => {
    const side = p % 2 === 0 ? 'Sell' : 'Buy';
    const lines = Array.from({ length: scheduleLength }, (_, s) => ({
      slot: first + s, side, quantityWh: 1_000, limitPrice: BigInt(1 + ((p * 31 + s * 7) % 200)) * 5n * MILLI,
    }));
    return api.tx.energyMarket.placeOrders(ZONE, { Sr25519: meters[p][0].publicKey }, lines)
      .signAsync(who, { nonce: 2 + meterCount });
  }));
  const scheduled = participantCount * scheduleLength;
  log(`${participantCount} schedules of ${scheduleLength} orders (slots ${first} to ${first + scheduleLength - 1}) signed; submitting`);
  const placed = await submitAndCount(api, schedules, 'energyMarket', 'OrderPlaced', () => true, scheduleLength, 'OrderSkipped');
  const placedCount = placed.perBlock.reduce((sum, count) => sum + count, 0);
  log(`placed ${placedCount} of ${scheduled} orders in schedules in ${placed.seconds.toFixed(1)} s: ${(placedCount / placed.seconds).toFixed(0)} orders/s; `
    + `${placed.perBlock.length} blocks (${placed.perBlock.join(', ')}), at most ${Math.max(...placed.perBlock)} in one`);
} catch (error) {
  console.error(`${error.stack}\n--- node log ---\n${node.logs.join('').slice(-3000)}`);
  process.exitCode = 1;
} finally {
  await node.stop();
}
