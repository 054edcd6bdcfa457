// The foundation as a client sees it: a `polis-node --dev` driven through @polkadot/api.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { merkleizeMetadata } from '@polkadot-api/merkleize-metadata';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, mnemonicGenerate } from '@polkadot/util-crypto';

import { describeError, eventsOf, startNode, submit, waitForBlock, waitForFinalized } from '../lib/node.js';

const UNIT = 10n ** 12n;

describe('polis-node --dev', () => {
  let node;
  let api;
  let alice;
  let bob;
  let keyring;

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    keyring = new Keyring({ type: 'sr25519', ss58Format: 776 });
    alice = keyring.addFromUri('//Alice');
    bob = keyring.addFromUri('//Bob');
  });

  after(async () => {
    if (node) await node.stop();
  });

  it('produces and finalizes blocks', async () => {
    await waitForBlock(api, 2);
    const finalized = await waitForFinalized(api, 1);
    assert.ok(finalized >= 1);
  });

  it('announces the POLIS token and its address format in the chain properties', async () => {
    const properties = await api.rpc.system.properties();
    assert.equal(properties.tokenSymbol.unwrap()[0].toString(), 'POLIS');
    assert.equal(properties.tokenDecimals.unwrap()[0].toNumber(), 12);
    assert.equal(properties.ss58Format.unwrap().toNumber(), 776);
    assert.equal(api.registry.chainSS58, 776);
    assert.equal((await api.rpc.system.chain()).toString(), 'Polis Development');
  });

  it('serves metadata V15 or newer', async () => {
    const versions = (await api.call.metadata.metadataVersions()).map((v) => v.toNumber());
    assert.ok(versions.some((v) => v >= 15), `metadata versions ${versions}`);
    assert.ok(api.runtimeMetadata.version >= 15, `api uses metadata V${api.runtimeMetadata.version}`);
  });

  it('decodes every type, storage entry, call and event without custom type definitions', async () => {
    const { lookup } = api.registry;
    for (const { id } of lookup.types) {
      assert.doesNotThrow(() => api.registry.createType(api.registry.createLookupType(id)), `type ${id}`);
    }
    for (const [section, entries] of Object.entries(api.query)) {
      for (const [name, query] of Object.entries(entries)) {
        if (query.meta.type.isPlain) {
          await query();
        } else {
          await query.entriesPaged({ args: [], pageSize: 3 });
        }
        assert.ok(query.meta.type, `${section}.${name}`);
      }
    }
    // Every field of every call and event variant of every pallet is a type the registry builds.
    for (const pallet of api.runtimeMetadata.asLatest.pallets) {
      for (const [kind, enumType] of [['call', pallet.calls], ['event', pallet.events]]) {
        if (enumType.isNone) continue;
        const { def } = lookup.getSiType(enumType.unwrap().type);
        for (const variant of def.asVariant.variants) {
          for (const field of variant.fields) {
            const name = `${pallet.name}.${variant.name} (${kind})`;
            assert.doesNotThrow(() => api.registry.createType(api.registry.createLookupType(field.type)), name);
          }
        }
      }
    }
    // Real events of recent blocks decode, including those of the genesis and inherents.
    const records = await api.query.system.events();
    assert.ok(records.length > 0);
    for (const { event } of records) assert.ok(api.events[event.section][event.method].is(event));
  });

  it('lands a signed transfer with the expected events', async () => {
    const recipient = keyring.addFromMnemonic(mnemonicGenerate());
    const amount = 10n * UNIT;
    const result = await submit(api, api.tx.balances.transferKeepAlive(recipient.address, amount), alice);

    assert.equal(result.dispatchError, null);
    const [transfer] = eventsOf(result.events, 'balances', 'Transfer');
    assert.equal(transfer.data.from.toString(), alice.address);
    assert.equal(transfer.data.to.toString(), recipient.address);
    assert.equal(transfer.data.amount.toBigInt(), amount);
    assert.equal(eventsOf(result.events, 'balances', 'Endowed').length, 1);
    assert.equal(eventsOf(result.events, 'system', 'NewAccount').length, 1);
    const [feePaid] = eventsOf(result.events, 'transactionPayment', 'TransactionFeePaid');
    assert.equal(feePaid.data.who.toString(), alice.address);
    assert.ok(feePaid.data.actualFee.toBigInt() > 0n);
    assert.equal(eventsOf(result.events, 'system', 'ExtrinsicSuccess').length, 1);

    const { data } = await api.query.system.account(recipient.address);
    assert.equal(data.free.toBigInt(), amount);
  });

  // Hardware wallets (Ledger's generic app) sign with `CheckMetadataHash` mode 1: they recompute
  // the metadata's RFC-78 hash from what they are shown, and the runtime only accepts the
  // signature if its own embedded hash is the same.
  it('lands a transfer signed with CheckMetadataHash mode 1 against the hash a wallet computes', async () => {
    const metadata = (await api.call.metadata.metadataAtVersion(15)).unwrap();
    const merkleized = merkleizeMetadata(metadata.toU8a(true), { decimals: 12, tokenSymbol: 'POLIS' });
    const metadataHash = u8aToHex(merkleized.digest());

    const result = await submit(api, api.tx.balances.transferKeepAlive(bob.address, UNIT), alice, {
      mode: 1,
      metadataHash,
    });
    assert.equal(result.dispatchError, null);
    const block = await api.rpc.chain.getBlock(result.blockHash);
    const [transfer] = block.block.extrinsics.filter((extrinsic) => extrinsic.isSigned);
    assert.equal(transfer.mode.toNumber(), 1, 'the extrinsic carries mode 1');
  });

  it('refuses a mode-1 signature over the hash of other metadata', async () => {
    const otherHash = u8aToHex(new Uint8Array(32).fill(7));
    await assert.rejects(
      submit(api, api.tx.balances.transferKeepAlive(bob.address, UNIT), alice, { mode: 1, metadataHash: otherHash }),
      /1010.*bad signature/,
    );
  });

  it('refuses a transaction from an account that cannot pay its fee', async () => {
    const pauper = keyring.addFromMnemonic(mnemonicGenerate());
    await assert.rejects(
      api.tx.balances.transferKeepAlive(bob.address, UNIT).signAndSend(pauper),
      /1010.*Inability to pay some fees/,
    );
  });

  it('fails a transfer of more than the sender holds with FundsUnavailable', async () => {
    const before = (await api.query.system.account(bob.address)).data.free.toBigInt();
    const result = await submit(api, api.tx.balances.transferKeepAlive(alice.address, before * 2n), bob);

    assert.equal(result.dispatchError, 'token.FundsUnavailable');
    const [failed] = eventsOf(result.events, 'system', 'ExtrinsicFailed');
    assert.equal(describeError(api, failed.data.dispatchError), 'token.FundsUnavailable');
    assert.equal(eventsOf(result.events, 'balances', 'Transfer').length, 0);
    const after = (await api.query.system.account(bob.address)).data.free.toBigInt();
    const [feePaid] = eventsOf(result.events, 'transactionPayment', 'TransactionFeePaid');
    assert.equal(before - after, feePaid.data.actualFee.toBigInt(), 'only the fee was taken');
  });

  it('shuts down cleanly on SIGINT', async () => {
    const { logs } = node;
    const { code, signal } = await node.stop();
    node = null;
    assert.equal(signal, null);
    assert.equal(code, 0);
    assert.doesNotMatch(logs.join(''), /panicked/);
  });
});
