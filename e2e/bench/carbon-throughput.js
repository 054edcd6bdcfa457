// Carbon registry throughput through a real polis-node: how many retirements, each writing its
// certificate on chain, land per second and per block.
//
//   node bench/carbon-throughput.js [--retirers 3000]
//
// A project on a registered parcel issues one verified batch; `--retirers` accounts each receive
// a tonne of it and sign one retirement, with a beneficiary, reason and jurisdiction; all are
// submitted at once and the blocks' CreditsRetired events count what landed. Prints retirements
// per second (first submission to last inclusion) and per block, and the weight a retirement is
// charged (its benchmark's worst case: counted against a pledge inventory, the longest texts).

import os from 'node:os';
import { parseArgs } from 'node:util';

import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';

import { parameter, registerSchema } from '../lib/chain.js';
import { eventsOf, startNode, submitOk, submitSudoOk } from '../lib/node.js';
import { log, sendInBatches, submitAndCount } from './lib.js';

const UNIT = 1_000_000_000_000n;
const DISTRICT = 5;
const DAY_MS = 86_400_000;
const { values: options } = parseArgs({ options: { retirers: { type: 'string', default: '3000' } } });
const retirerCount = Number(options.retirers);

await cryptoWaitReady();
const node = await startNode();
const { api } = node;
try {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 776 });
  const alice = keyring.addFromUri('//Alice');
  const developer = keyring.addFromUri('//Bench/Developer');
  const verifier = keyring.addFromUri('//Bench/Verifier');
  // Derived from one key: `addFromUri` would stretch the dev mnemonic for each of them.
  const root = keyring.addFromUri('//Bench/Retirer');
  const retirers = Array.from({ length: retirerCount }, (_, i) => root.derive(`//${i}`));
  log(`${retirerCount} retirers, one retirement each`);

  const ok = (tx, signer) => submitOk(api, tx, signer);
  await ok(api.tx.utility.batchAll([developer, verifier].map(
    (who) => api.tx.balances.transferKeepAlive(who.address, 1_000n * UNIT),
  )), alice);
  await Promise.all([alice, developer, verifier].map((who) => ok(api.tx.did.create({ Sr25519: who.publicKey }), who)));
  const schemas = {};
  for (const name of ['land-registrar', 'carbon-developer', 'carbon-verifier']) {
    schemas[name] = await registerSchema(api, alice, name);
  }
  await submitSudoOk(api, api.tx.utility.batchAll([
    ...Object.values(schemas).map((schema) => api.tx.did.addTrustedIssuer(schema, alice.address)),
    api.tx.system.setStorage([
      parameter(api, 'LandRegistrarSchema', 'u32', schemas['land-registrar']),
      parameter(api, 'CarbonDeveloperSchema', 'u32', schemas['carbon-developer']),
      parameter(api, 'CarbonVerifierSchema', 'u32', schemas['carbon-verifier']),
    ]),
  ]), alice);
  await ok(api.tx.utility.batchAll([
    api.tx.did.attest(alice.address, schemas['land-registrar'], blake2AsHex('registrar'), 0, null, DISTRICT),
    api.tx.did.attest(developer.address, schemas['carbon-developer'], blake2AsHex('developer'), 0, null, null),
    api.tx.did.attest(verifier.address, schemas['carbon-verifier'], blake2AsHex('verifier'), 0, null, null),
  ]), alice);
  await submitSudoOk(api, api.tx.landRegistry.appointRegistrar(DISTRICT, alice.address), alice);
  const registered = await ok(api.tx.landRegistry.registerParcel(DISTRICT, [
    { lat: 481_500_000, lon: 115_900_000 }, { lat: 481_500_000, lon: 115_915_000 },
    { lat: 481_509_000, lon: 115_915_000 }, { lat: 481_509_000, lon: 115_900_000 },
  ], 'Agricultural', blake2AsHex('bench parcel'), developer.address), alice);
  const parcel = eventsOf(registered.events, 'landRegistry', 'ParcelRegistered')[0].data.parcel;
  await submitSudoOk(api, api.tx.carbonCredits.registerMethodology({
    documentHash: blake2AsHex('bench'), creditType: 'Removal', buffer: 10, permanenceYears: 40, metered: false,
  }), alice);
  await ok(api.tx.carbonCredits.proposeProject(0, [parcel], blake2AsHex('design')), developer);
  await ok(api.tx.carbonCredits.validateProject(0), verifier);
  await submitSudoOk(api, api.tx.carbonCredits.setProjectStatus(0, 'Registered'), alice);
  const now = (await api.query.timestamp.now()).toNumber();
  const tonnes = Math.ceil(retirerCount / 0.9) + 1;
  await ok(api.tx.carbonCredits.submitReport(0, now - 60 * DAY_MS, now - DAY_MS, tonnes, blake2AsHex('report')), developer);
  await ok(api.tx.carbonCredits.approveReport(0), verifier);
  log(`batch of ${tonnes} t issued; handing a tonne and the retirement deposit to each retirer`);

  await sendInBatches(api, alice, retirers.map((who) => api.tx.balances.transferKeepAlive(who.address, UNIT)), 500);
  await sendInBatches(api, developer, retirers.map((who) => api.tx.carbonCredits.transfer(0, who.address, 1)), 500);
  const claim = {
    beneficiary: 'Resident of Polis', reason: 'household emissions 2026', jurisdiction: 'DE-BY',
    periodStart: Date.UTC(2026, 0, 1), periodEnd: Date.UTC(2027, 0, 1), inventory: null,
  };
  const transactions = await Promise.all(retirers.map(
    (who) => api.tx.carbonCredits.retire(0, 1, claim).signAsync(who, { nonce: 0 }),
  ));
  const info = await api.tx.carbonCredits.retire(0, 1, claim).paymentInfo(retirers[0]);
  log(`${retirerCount} retirements signed; submitting`);
  const { seconds, perBlock } = await submitAndCount(api, transactions, 'carbonCredits', 'CreditsRetired');
  const retired = perBlock.reduce((sum, count) => sum + count, 0);
  const maxNormal = api.consts.system.blockWeights.perClass.normal.maxTotal.unwrap().refTime.toBigInt();
  const charged = info.weight.refTime.toBigInt();
  const cpu = os.cpus();
  console.log('\n=== carbon registry throughput through polis-node --dev ===');
  console.log(`machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
  console.log(`a retirement is charged ${(Number(charged) / 1e9).toFixed(2)} ms of compute (the block's normal class holds ${maxNormal / charged} of them)`);
  console.log(`retired ${retired} of ${retirerCount} in ${seconds.toFixed(1)} s: ${(retired / seconds).toFixed(0)} retirements/s`);
  console.log(`${perBlock.length} blocks (${perBlock.join(', ')}), at most ${Math.max(...perBlock)} in one`);
} catch (error) {
  console.error(`${error.stack}\n--- node log ---\n${node.logs.join('').slice(-3000)}`);
  process.exitCode = 1;
} finally {
  await node.stop();
}
