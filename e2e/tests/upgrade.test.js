// A runtime upgrade of a live chain without sudo: the technical committee whitelists
// `system.authorizeUpgrade` of the next runtime (`polis-runtime-next`, this runtime one spec
// version ahead, built by scripts/build-next-runtime.sh), the council dispatches it as Root, and
// anyone then applies the authorized code. Before it is applied, the sensor oracle's feeds are
// rewritten as storage version 0 kept them (a chain from before #17); the upgrade's multi-block
// migration brings them back to version 1. Every pallet's data reads the same afterwards and
// blocks keep finalizing.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady, xxhashAsHex } from '@polkadot/util-crypto';

import { dispatchAsRoot } from '../lib/chain.js';
import { eventsOf, startNode, submit, submitSudoOk, waitFor, waitForFinalized } from '../lib/node.js';

const targetDir = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'polis', 'target');

/** The next runtime's compressed Wasm: `$POLIS_NEXT_RUNTIME`, else the build in the target dir. */
function nextRuntime() {
  const path = process.env.POLIS_NEXT_RUNTIME
    || join(targetDir, 'release', 'wbuild', 'polis-runtime-next', 'polis_runtime_next.compact.compressed.wasm');
  if (!existsSync(path)) throw new Error(`the next runtime is not at ${path}: run scripts/build-next-runtime.sh`);
  return readFileSync(path);
}

/** The load tool, which fills the chain with DIDs, credentials, feeds and parcels. */
function populate(rpcPort) {
  const binary = process.env.POLIS_LOAD || join(targetDir, 'release', 'polis-load');
  return new Promise((resolve) => {
    const child = spawn(binary, [
      '--url', `ws://127.0.0.1:${rpcPort}`, '--accounts', '8', '--per-account', '1',
      '--scenario', 'dids,attestations,readings,titles',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** The sensor oracle's storage version key, `:__STORAGE_VERSION__:` under its prefix. */
const SENSOR_ORACLE_VERSION_KEY = xxhashAsHex('SensorOracle', 128) + xxhashAsHex(':__STORAGE_VERSION__:', 128).slice(2);

/**
 * `system.setStorage` items that rewrite every feed as storage version 0 kept it (the index of
 * its latest interval instead of the interval with its summary) and put version 0.
 */
async function version0Feeds(api) {
  const items = (await api.query.sensorOracle.feeds.entries()).map(([key, value]) => {
    const feed = value.unwrap();
    const old = api.createType('(AccountId32, u128, u64, Option<u8>, u64, Option<u32>, bool)', [
      feed.owner, feed.deposit, feed.lastTimestamp, feed.alert.isSome ? feed.alert.unwrap().index : null,
      feed.readings, feed.latest.isSome ? feed.latest.unwrap().interval : null, feed.deviceRevoked,
    ]);
    return [key.toHex(), old.toHex()];
  });
  return [...items, [SENSOR_ORACLE_VERSION_KEY, '0x0000']];
}

/** The pallets whose every storage entry must read the same after the upgrade. */
const KEPT_PALLETS = ['Did', 'Ballots', 'LandRegistry', 'SensorOracle', 'CouncilMembership', 'TechnicalMembership'];

describe('a runtime upgrade of polis-node --dev through the technical committee and the council', () => {
  let node;
  let api;
  let alice;
  let bob;

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 776 });
    [alice, bob] = ['//Alice', '//Bob'].map((uri) => keyring.addFromUri(uri));
  });

  after(async () => {
    if (node && api !== node.api) await api.disconnect();
    if (node) await node.stop();
  });

  /** Every storage entry of `pallet`, key to value, at the best block. */
  async function storageOf(pallet) {
    const prefix = xxhashAsHex(pallet, 128);
    const entries = {};
    let startKey;
    for (;;) {
      const keys = await api.rpc.state.getKeysPaged(prefix, 1000, startKey);
      if (keys.length === 0) break;
      const values = await api.rpc.state.queryStorageAt(keys);
      keys.forEach((key, i) => { entries[key.toHex()] = values[i].toHex(); });
      startKey = keys[keys.length - 1];
      if (keys.length < 1000) break;
    }
    return entries;
  }

  let before_;

  it('holds DIDs, credentials, feeds, parcels and a ballot', async () => {
    const { code, output } = await populate(node.rpcPort);
    assert.equal(code, 0, `polis-load failed:\n${output}`);
    const now = (await api.rpc.chain.getHeader()).number.toNumber();
    const schedule = { votingStarts: now + 1, votingEnds: now + 100, revealEnds: now + 200 };
    await submitSudoOk(api, api.tx.ballots.createBallot(
      'Library hours', blake2AsHex('hours'), ['longer', 'as now'], { schema: 0, district: null },
      'Plurality', 'Secret', schedule, 1,
    ), alice);
    before_ = Object.fromEntries(await Promise.all(KEPT_PALLETS.map(async (pallet) => [pallet, await storageOf(pallet)])));
    for (const pallet of ['Did', 'Ballots', 'LandRegistry', 'SensorOracle']) {
      assert.ok(Object.keys(before_[pallet]).length > 2, `${pallet} holds data`);
    }
  });

  it('upgrades to the next spec version, migrates version-0 feeds, keeps every pallet\'s data and keeps finalizing', async () => {
    const code = nextRuntime();
    const { specVersion } = await api.rpc.state.getRuntimeVersion();
    const authorize = api.tx.system.authorizeUpgrade(blake2AsHex(code));
    const events = await dispatchAsRoot(api, authorize, [alice, bob]);
    const [dispatched] = eventsOf(events, 'whitelist', 'WhitelistedCallDispatched');
    assert.ok(dispatched.data.result.isOk, `authorizeUpgrade: ${dispatched.data.result}`);

    const downgrade = await version0Feeds(api);
    assert.ok(downgrade.length > 2, 'feeds to downgrade');
    await submitSudoOk(api, api.tx.system.setStorage(downgrade), alice);
    assert.notDeepEqual(await storageOf('SensorOracle'), before_.SensorOracle, 'the feeds are of version 0');

    // Anyone may apply the authorized code; a transaction of the runtime's size. Its events are
    // not read: a connection kept across the upgrade was seen (once, in CI) to decode the blocks
    // around it with the other runtime's type registry. The new spec version tells that the code
    // was applied, and what follows reads through a new connection.
    const applied = await submit(api, api.tx.system.applyAuthorizedUpgrade(u8aToHex(code)), bob);
    const upgradedAt = (await api.rpc.chain.getHeader(applied.blockHash)).number.toNumber();
    await waitFor(async () => (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber() === specVersion.toNumber() + 1, {
      what: 'the next spec version',
    });
    await api.disconnect();
    api = await ApiPromise.create({ provider: new WsProvider(`ws://127.0.0.1:${node.rpcPort}`), noInitWarn: true });

    // The migration ran in the blocks after the upgrade and recorded itself as done.
    await waitFor(async () => (await api.query.multiBlockMigrations.cursor()).isNone
      && (await api.query.multiBlockMigrations.historic.keys()).length === 1, { what: 'the multi-block migration' });
    const version = await api.rpc.state.getStorage(SENSOR_ORACLE_VERSION_KEY);
    assert.equal(api.createType('u16', version.unwrap()).toNumber(), 1);

    const lastUpgrade = (await api.query.system.lastRuntimeUpgrade()).unwrap();
    assert.equal(lastUpgrade.specVersion.toNumber(), specVersion.toNumber() + 1);
    for (const pallet of KEPT_PALLETS) {
      assert.deepEqual(await storageOf(pallet), before_[pallet], `${pallet} reads the same`);
    }
    await waitForFinalized(api, upgradedAt + 3);
  });
});
