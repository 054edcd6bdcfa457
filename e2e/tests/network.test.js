// A consortium network on loopback: Alice, Bob, Charlie and Dave validate the `local` chain.
// Finality survives a crashed validator, the validator catches up after a restart, no finalized
// block is lost, and governance adds and removes validators on the live network.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, xxhashAsHex } from '@polkadot/util-crypto';

import { submit, submitSudo, waitFor } from '../lib/node.js';
import { finalizedNumber, hashAt, startValidator, waitAllFinalized } from '../lib/network.js';

/** Blocks per session on the test network, so that set changes land within a minute or two. */
const SESSION_PERIOD = 5;

describe('a four-validator network of polis-node', () => {
  let root;
  const nodes = {};
  let keyring;
  let alice; // the sudo key
  let checkpoint; // a finalized block and its hash, recorded before the crash

  const running = () => Object.values(nodes).filter((node) => node.running);
  const sudo = (call) => submitSudo(nodes.alice.api, call, alice);

  async function start(name, options = {}) {
    const bootnode = name === 'alice' ? undefined : nodes.alice.address;
    const node = await startValidator(name, { root, bootnode, ...options });
    node.running = true;
    nodes[name] = node;
    return node;
  }

  async function sessionValidators() {
    return (await nodes.alice.api.query.session.validators()).map((v) => v.toString());
  }

  before(async () => {
    await cryptoWaitReady();
    keyring = new Keyring({ type: 'sr25519', ss58Format: 776 });
    alice = keyring.addFromUri('//Alice');
    root = await mkdtemp(join(tmpdir(), 'polis-network-'));
    await start('alice');
    await Promise.all(['bob', 'charlie', 'dave'].map((name) => start(name)));
  });

  after(async () => {
    await Promise.all(running().map((node) => node.stop()));
    await rm(root, { recursive: true, force: true });
  });

  it('produces and finalizes blocks on every node, each seeing the three others', async () => {
    await waitAllFinalized(running(), 3);
    for (const node of running()) {
      await waitFor(async () => (await node.api.rpc.system.health()).peers.toNumber() >= 3, { what: `${node.name} to see 3 peers` });
    }
    assert.deepEqual(
      await sessionValidators(),
      ['//Alice', '//Bob', '//Charlie', '//Dave'].map((uri) => keyring.addFromUri(uri).address),
    );
  });

  it('keeps finalizing with one validator crashed (GRANDPA needs three of four)', async () => {
    const number = await finalizedNumber(nodes.alice.api);
    checkpoint = { number, hash: await hashAt(nodes.alice, number) };
    await nodes.dave.kill();
    nodes.dave.running = false;
    await waitAllFinalized(running(), number + 3);
  });

  it('lets the crashed validator restart, catch up and agree on every finalized block', async () => {
    const { p2pPort } = nodes.dave;
    await start('dave', { p2pPort });
    const target = await finalizedNumber(nodes.alice.api);
    await waitAllFinalized(running(), target);
    for (const node of running()) {
      assert.equal(await hashAt(node, checkpoint.number), checkpoint.hash, `${node.name} lost finalized #${checkpoint.number}`);
      assert.equal(await hashAt(node, target), await hashAt(nodes.alice, target));
    }
  });

  it('admits a new validator through governance once it has registered its session keys', async () => {
    const { api } = nodes.alice;
    const period = u8aToHex(api.createType('u32', SESSION_PERIOD).toU8a());
    assert.equal((await sudo(api.tx.system.setStorage([[xxhashAsHex(':SessionPeriod:', 128), period]]))).dispatchError, null);

    const eve = keyring.addFromUri('//Eve');
    const eveNode = await start('eve', { keys: 'rotate' });
    const generated = await eveNode.rpc('author_rotateKeysWithOwner', [u8aToHex(eve.publicKey)]);
    const setKeys = await submit(api, api.tx.session.setKeys(generated.keys, generated.proof), eve);
    assert.equal(setKeys.dispatchError, null);

    const notYet = await sudo(api.tx.validatorSet.addValidator(keyring.addFromUri('//Ferdie').address));
    assert.equal(notYet.dispatchError, 'validatorSet.NoSessionKeys');
    assert.equal((await sudo(api.tx.validatorSet.addValidator(eve.address))).dispatchError, null);

    await waitFor(async () => (await sessionValidators()).includes(eve.address), { timeoutMs: 240_000, what: 'Eve in the session validators' });
    // The keys are Aura's sr25519 key then GRANDPA's ed25519 key, 32 bytes each.
    const auraKey = generated.keys.slice(0, 2 + 64);
    const authorities = (await api.query.aura.authorities()).map((key) => key.toHex());
    assert.ok(authorities.includes(auraKey), 'Eve is an Aura authority');
    await waitFor(async () => {
      const header = await api.derive.chain.getHeader(await api.rpc.chain.getBlockHash());
      return header.author && header.author.toString() === eve.address;
    }, { timeoutMs: 240_000, what: 'a block authored by Eve' });
    await waitAllFinalized(running(), (await finalizedNumber(api)) + 2);
  });

  it('removes a validator through governance, and the others keep finalizing', async () => {
    const { api } = nodes.alice;
    const dave = keyring.addFromUri('//Dave').address;
    assert.equal((await sudo(api.tx.validatorSet.removeValidator(dave))).dispatchError, null);
    await waitFor(async () => !(await sessionValidators()).includes(dave), { timeoutMs: 240_000, what: 'Dave out of the session validators' });
    await nodes.dave.stop();
    nodes.dave.running = false;
    await waitAllFinalized(running(), (await finalizedNumber(api)) + 3);
  });
});
