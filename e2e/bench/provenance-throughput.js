// Provenance registry throughput through a real polis-node: how many EPCIS events land per
// second and per block, and what a recall costs that spreads through 10,000 descendant lots.
//
//   node bench/provenance-throughput.js [--orgs 100] [--events 20] [--descendants 10000]
//
// Events: `--orgs` organisations (DIDs with the carrier role) each hold a lot and sign
// `--events` observations of it (a read point and a document hash each); all are submitted at
// once and the blocks' EventRecorded events count what landed.
//
// Recall: a processor splits one lot into 64, each of those into 64, and so on (transformations
// of 16 outputs, the most one event names) until `--descendants` lots descend from it; a
// regulator recalls the root and anyone spreads the recall with `propagate_recall` calls of
// the most steps a call takes, all submitted at once. Prints the calls, blocks, seconds,
// weight and fees the recall took to reach every descendant (`--descendants 0` skips it). A
// call is charged up front for `MaxRecallSteps` lots of `MaxChildren` children each and
// refunded to what it reached, so most of a block's calls take leaves.

import os from 'node:os';
import { parseArgs } from 'node:util';

import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';

import { registerSchema } from '../lib/chain.js';
import { eventsOf, startNode, submitOk, submitSudoOk } from '../lib/node.js';
import { log, sendInBatches, submitAndCount, submitAndCountFrom } from './lib.js';

const UNIT = 1_000_000_000_000n;
const OUTPUTS = 16;
const { values: options } = parseArgs({
  options: {
    orgs: { type: 'string', default: '100' },
    events: { type: 'string', default: '20' },
    descendants: { type: 'string', default: '10000' },
  },
});
const orgCount = Number(options.orgs);
const eventsPerOrg = Number(options.events);
const descendantCount = Number(options.descendants);

await cryptoWaitReady();
const node = await startNode();
const { api } = node;
try {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 776 });
  const alice = keyring.addFromUri('//Alice');
  const processor = keyring.addFromUri('//Bench/Processor');
  const regulator = keyring.addFromUri('//Bench/Regulator');
  const root = keyring.addFromUri('//Bench/Carrier');
  const carriers = Array.from({ length: orgCount }, (_, i) => root.derive(`//${i}`));
  const ok = (tx, signer) => submitOk(api, tx, signer);
  const time = async () => (await api.query.timestamp.now()).toNumber();

  log(`setting up ${orgCount} carriers, a processor and a regulator`);
  await ok(api.tx.balances.transferKeepAlive(processor.address, 20_000n * UNIT), alice);
  await ok(api.tx.balances.transferKeepAlive(regulator.address, 100n * UNIT), alice);
  await sendInBatches(api, alice, carriers.map((who) => api.tx.balances.transferKeepAlive(who.address, 100n * UNIT)), 500);
  await Promise.all([alice, processor, regulator].map((who) => ok(api.tx.did.create({ Sr25519: who.publicKey }), who)));
  await submitAndCount(api, await Promise.all(carriers.map(
    (who) => api.tx.did.create({ Sr25519: who.publicKey }).signAsync(who, { nonce: 0 }),
  )), 'did', 'DidCreated');
  const roles = ['Producer', 'Processor', 'Carrier', 'Regulator'];
  const schemas = {};
  for (const role of roles) schemas[role] = await registerSchema(api, alice, `bench-${role.toLowerCase()}`);
  await submitSudoOk(api, api.tx.utility.batchAll([
    ...roles.map((role) => api.tx.did.addTrustedIssuer(schemas[role], alice.address)),
    ...roles.map((role) => api.tx.provenance.setRoleSchema(role, schemas[role])),
  ]), alice);
  const attest = (who, role) => api.tx.did.attest(who.address, schemas[role], blake2AsHex(role), 0, null, null);
  await sendInBatches(api, alice, [
    attest(processor, 'Producer'), attest(processor, 'Processor'), attest(regulator, 'Regulator'),
    ...carriers.map((who) => attest(who, 'Carrier')),
  ], 500);
  const registered = await ok(api.tx.provenance.registerClass('GTIN-bench', 'Kilogram', null), processor);
  const goods = eventsOf(registered.events, 'provenance', 'ClassRegistered')[0].data['class'].toNumber();
  const located = await ok(api.tx.provenance.registerLocation('GLN-bench', null), processor);
  const site = eventsOf(located.events, 'provenance', 'LocationRegistered')[0].data.location.toNumber();

  // Each carrier receives a lot of its own from the processor.
  const firstLot = (await api.query.provenance.nextLotId()).toNumber();
  await sendInBatches(api, processor, carriers.map((_, i) => api.tx.provenance.commission(
    goods, `C-${i}`, 1_000, { time: 0, readPoint: null, document: null },
  )), 100);
  await sendInBatches(api, processor, carriers.map((who, i) => api.tx.provenance.ship(
    firstLot + i, who.address, null, null, { time: 0, readPoint: null, document: null },
  )), 100);
  await submitAndCount(api, await Promise.all(carriers.map((who, i) => api.tx.provenance.receive(
    firstLot + i, true, { time: 0, readPoint: null, document: null },
  ).signAsync(who, { nonce: 1 }))), 'provenance', 'Accepted');

  // Events per second: every carrier observes its lot `eventsPerOrg` times.
  const context = { time: await time(), readPoint: site, document: { algorithm: 'Sha256', digest: blake2AsHex('EPCIS document') } };
  const observe = (i) => api.tx.provenance.observe(firstLot + i, 'Storing', 'Active', context);
  const observations = [];
  for (let n = 0; n < eventsPerOrg; n += 1) {
    observations.push(...await Promise.all(carriers.map((who, i) => observe(i).signAsync(who, { nonce: 2 + n }))));
  }
  const observeInfo = await observe(0).paymentInfo(carriers[0]);
  log(`${observations.length} observations signed; submitting`);
  // Only the observations count, not the last receipts' events landing in the same blocks.
  const events = await submitAndCount(api, observations, 'provenance', 'EventRecorded',
    (event) => event.data.step.toString() === 'Storing');
  const recorded = events.perBlock.reduce((sum, count) => sum + count, 0);
  const maxNormal = api.consts.system.blockWeights.perClass.normal.maxTotal.unwrap().refTime.toBigInt();
  const ms = (weight) => (Number(weight.refTime.toBigInt()) / 1e9).toFixed(2);
  const cpu = os.cpus();
  console.log('\n=== provenance registry through polis-node --dev ===');
  console.log(`machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
  console.log(`an observation is charged up to ${ms(observeInfo.weight)} ms before dispatch (an inspector's, with its credential check; the block's normal class admits one with that much room left), refunded to the custodian's case after`);
  console.log(`recorded ${recorded} of ${observations.length} events in ${events.seconds.toFixed(1)} s: ${(recorded / events.seconds).toFixed(0)} events/s`);
  console.log(`${events.perBlock.length} blocks (${events.perBlock.join(', ')}), at most ${Math.max(...events.perBlock)} in one\n`);

  // A recall through `descendantCount` lots (none with `--descendants 0`).
  if (descendantCount > 0) {
    // A lot graph of `descendantCount` lots under one root, level by level.
    log(`building ${descendantCount} descendant lots`);
    const commissioned = await ok(api.tx.provenance.commission(
      goods, 'ROOT', 1_000_000_000, { time: 0, readPoint: null, document: null },
    ), processor);
    const rootLot = eventsOf(commissioned.events, 'provenance', 'LotCreated')[0].data.lot.toNumber();
    let level = [[rootLot, 1_000_000_000]];
    let made = 0;
    let code = 0;
    while (made < descendantCount) {
      const transforms = [];
      const next = [];
      for (const [lot, quantity] of level) {
        // Up to 64 children a lot, in transformations of 16 outputs.
        for (let t = 0; t < 4 && made + transforms.length * OUTPUTS < descendantCount; t += 1) {
          const share = Math.floor(quantity / 64);
          const outputs = Array.from({ length: OUTPUTS }, () => [goods, `D-${code++}`, share]);
          transforms.push(api.tx.provenance.transform([[lot, share * OUTPUTS]], outputs, { time: 0, readPoint: null, document: null }));
        }
      }
      const before = (await api.query.provenance.nextLotId()).toNumber();
      await sendInBatches(api, processor, transforms, 20);
      const after = (await api.query.provenance.nextLotId()).toNumber();
      for (let lot = before; lot < after; lot += 1) next.push([lot, Math.floor(level[0][1] / 64)]);
      made += after - before;
      level = next;
      log(`${made} descendants`);
    }

    const recalled = await ok(api.tx.provenance.recall(rootLot, 'bench recall', { time: 0, readPoint: null, document: null }), regulator);
    const recall = eventsOf(recalled.events, 'provenance', 'Recalled')[0].data.recall.toNumber();
    const steps = api.consts.provenance.maxRecallSteps.toNumber();
    const calls = Math.ceil((made + 1) / steps);
    const firstNonce = (await api.rpc.system.accountNextIndex(regulator.address)).toNumber();
    const propagations = await Promise.all(Array.from({ length: calls },
      (_, n) => api.tx.provenance.propagateRecall(recall, steps).signAsync(regulator, { nonce: firstNonce + n })));
    const propagateInfo = await api.tx.provenance.propagateRecall(recall, steps).paymentInfo(regulator);
    log(`recall ${recall}: ${calls} propagate_recall calls of ${steps} steps signed, each charged up to `
      + `${ms(propagateInfo.weight)} ms before dispatch; submitting`);
    const balanceBefore = (await api.query.system.account(regulator.address)).data.free.toBigInt();
    const firstBlock = (await api.rpc.chain.getHeader()).number.toNumber() + 1;
    const spread = await submitAndCountFrom(api, propagations, regulator.address);
    const state = (await api.query.provenance.recalls(recall)).unwrap();
    const balanceAfter = (await api.query.system.account(regulator.address)).data.free.toBigInt();
    // The weight the calls were charged after dispatch, from their `ExtrinsicSuccess` events.
    const lastBlock = (await api.rpc.chain.getHeader()).number.toNumber();
    let charged = 0n;
    for (let number = firstBlock; number <= lastBlock; number += 1) {
      const at = await api.at(await api.rpc.chain.getBlockHash(number));
      const { block } = await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(number));
      const mine = new Set(block.extrinsics.flatMap((ext, index) => (
        ext.isSigned && ext.signer.toString() === regulator.address && ext.method.method === 'propagateRecall' ? [index] : [])));
      for (const { phase, event } of await at.query.system.events()) {
        if (phase.isApplyExtrinsic && mine.has(phase.asApplyExtrinsic.toNumber()) && event.method === 'ExtrinsicSuccess') {
          charged += event.data.dispatchInfo.weight.refTime.toBigInt();
        }
      }
    }

    console.log(`a recall of a lot with ${made} descendants: reached ${state.tail.toNumber()} lots (head ${state.head.toNumber()}) in ${calls} propagate_recall calls`);
    console.log(`each charged up to ${ms(propagateInfo.weight)} ms before dispatch (${(Number(propagateInfo.weight.refTime.toBigInt()) * 100 / Number(maxNormal)).toFixed(1)} % of the normal class), fee up to ${(Number(propagateInfo.partialFee.toBigInt()) / 1e12).toFixed(4)} POLIS`);
    console.log(`after refunds: ${(Number(charged) / 1e9).toFixed(1)} ms of weight in all, ${(Number(charged) / 1e9 / calls).toFixed(2)} ms a call on average`);
    console.log(`spread in ${spread.seconds.toFixed(1)} s over ${spread.perBlock.length} blocks (${spread.perBlock.join(', ')} calls); the spreader paid ${(Number(balanceBefore - balanceAfter) / 1e12).toFixed(3)} POLIS in all`);
  }
} catch (error) {
  console.error(`${error.stack}\n--- node log ---\n${node.logs.join('').slice(-3000)}`);
  process.exitCode = 1;
} finally {
  await node.stop();
}
