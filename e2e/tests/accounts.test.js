// Multisig accounts and proxies against a real node: an agency's 2-of-3 account pays only once
// two officials approve, and proxies act for an account within their type (a DID controller
// creates its principal's DID; an energy trader's key cannot move its principal's funds, not
// even inside a batch).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { Keyring } from '@polkadot/keyring';
import { createKeyMulti, cryptoWaitReady, encodeAddress, sortAddresses } from '@polkadot/util-crypto';

import { describeError, eventsOf, startNode, submitOk } from '../lib/node.js';

const SS58 = 776;
const UNIT = 1_000_000_000_000n;

describe('multisig and proxies on polis-node --dev', () => {
  let node;
  let api;
  let officials; // Alice, Bob and Charlie run the agency's account
  let payee; // Dave
  let principal; // Eve: acts through proxies
  let controller; // Ferdie: Eve's identity proxy
  let trader; // Eve's energy proxy

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58 });
    officials = ['//Alice', '//Bob', '//Charlie'].map((uri) => keyring.addFromUri(uri));
    [payee, principal, controller, trader] = ['//Dave', '//Eve', '//Ferdie', '//Accounts/Trader']
      .map((uri) => keyring.addFromUri(uri));
  });

  after(async () => {
    if (node) await node.stop();
  });

  const ok = (tx, signer) => submitOk(api, tx, signer);
  const free = async (who) => (await api.query.system.account(who)).data.free.toBigInt();
  const reserved = async (who) => (await api.query.system.account(who)).data.reserved.toBigInt();

  it('pays from a 2-of-3 multisig account only once a second official approves', async () => {
    const addresses = officials.map(({ address }) => address);
    const agency = encodeAddress(createKeyMulti(addresses, 2), SS58);
    await ok(api.tx.balances.transferKeepAlive(agency, 100n * UNIT), officials[0]);
    const payment = api.tx.balances.transferKeepAlive(payee.address, 7n * UNIT);
    const others = (signer) => sortAddresses(addresses.filter((address) => address !== signer.address), SS58);
    const maxWeight = { refTime: 1_000_000_000n, proofSize: 100_000n };
    const before = await free(payee.address);
    const reservedBefore = await reserved(officials[0].address);

    const first = await ok(api.tx.multisig.asMulti(2, others(officials[0]), null, payment.method, maxWeight), officials[0]);
    const [opened] = eventsOf(first.events, 'multisig', 'NewMultisig');
    assert.equal(opened.data.multisig.toString(), agency);
    assert.equal(await free(payee.address), before, 'one approval pays nothing');
    const deposit = api.consts.multisig.depositBase.toBigInt() + 2n * api.consts.multisig.depositFactor.toBigInt();
    assert.equal(await reserved(officials[0].address), reservedBefore + deposit);

    const { height, index } = (await api.query.multisig.multisigs(agency, payment.method.hash)).unwrap().when;
    const second = await ok(api.tx.multisig.asMulti(2, others(officials[1]), { height, index }, payment.method, maxWeight), officials[1]);
    const [executed] = eventsOf(second.events, 'multisig', 'MultisigExecuted');
    assert.equal(executed.data.result.isOk, true);
    assert.equal(await free(payee.address), before + 7n * UNIT);
    assert.equal(await reserved(officials[0].address), reservedBefore, 'the deposit returns once the call ran');
  });

  it('lets a proxy act for its principal within its type only', async () => {
    await ok(api.tx.balances.transferKeepAlive(trader.address, 10n * UNIT), officials[0]);
    const reservedBefore = await reserved(principal.address);
    await ok(api.tx.utility.batchAll([
      api.tx.proxy.addProxy(controller.address, 'Identity', 0),
      api.tx.proxy.addProxy(trader.address, 'Energy', 0),
    ]), principal);
    const deposit = api.consts.proxy.proxyDepositBase.toBigInt() + 2n * api.consts.proxy.proxyDepositFactor.toBigInt();
    assert.equal(await reserved(principal.address), reservedBefore + deposit);

    // The DID controller creates the principal's DID: the principal's account holds its deposit.
    const created = await ok(api.tx.proxy.proxy(principal.address, null, api.tx.did.create({ Sr25519: principal.publicKey })), controller);
    assert.equal(eventsOf(created.events, 'proxy', 'ProxyExecuted')[0].data.result.isOk, true);
    assert.equal((await api.query.did.dids(principal.address)).isSome, true);

    // The energy trader cannot transfer the principal's funds, directly or in a batch.
    const outcome = async (call) => {
      const { events } = await ok(api.tx.proxy.proxy(principal.address, null, call), trader);
      const [proxied] = eventsOf(events, 'proxy', 'ProxyExecuted');
      return { result: proxied.data.result, events };
    };
    const steal = api.tx.balances.transferKeepAlive(trader.address, UNIT);
    const direct = await outcome(steal);
    assert.equal(describeError(api, direct.result.asErr), 'system.CallFiltered');
    const batched = await outcome(api.tx.utility.batch([steal]));
    const [interrupted] = eventsOf(batched.events, 'utility', 'BatchInterrupted');
    assert.equal(describeError(api, interrupted.data.error), 'system.CallFiltered');
    // A market call passes the filter and reaches the market, which finds no participation.
    const market = await outcome(api.tx.energyMarket.leave());
    assert.equal(describeError(api, market.result.asErr), 'energyMarket.NotAParticipant');

    await ok(api.tx.proxy.removeProxies(), principal);
    assert.equal((await api.query.proxy.proxies(principal.address))[0].length, 0);
    assert.equal(await free(trader.address) > 9n * UNIT, true, 'the trader paid only fees');
  });
});
