// City governance against a real node: council motions, the technical committee's whitelist
// that gives the council Root without sudo, and binding citizen ballots that the scheduler
// enacts with the `CitizenBallot` origin, or does not.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';

import { parameter, passMotion, registerSchema } from '../lib/chain.js';
import { eventsOf, startNode, submit, submitOk, waitForBlock } from '../lib/node.js';

const UNIT = 1_000_000_000_000n;

describe('city governance on polis-node --dev', () => {
  let node;
  let api;
  let alice; // on the council and the technical committee; issues residency credentials
  let bob; // on the council and the technical committee
  let residents; // Charlie, Dave, Eve, Ferdie
  let schema;

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 776 });
    [alice, bob] = ['//Alice', '//Bob'].map((uri) => keyring.addFromUri(uri));
    residents = ['//Charlie', '//Dave', '//Eve', '//Ferdie'].map((uri) => keyring.addFromUri(uri));
  });

  after(async () => {
    if (node) await node.stop();
  });

  const ok = (tx, signer) => submitOk(api, tx, signer);

  async function bestNumber() {
    return (await api.rpc.chain.getHeader()).number.toNumber();
  }

  const motion = (body, call) => passMotion(api, body, call, [alice, bob]);

  /** The `scheduler.Dispatched` results in block `number`. */
  async function dispatchedIn(number) {
    const hash = await api.rpc.chain.getBlockHash(number);
    const events = await (await api.at(hash)).query.system.events();
    return eventsOf(events, 'scheduler', 'Dispatched').map((event) => event.data.result);
  }

  it('starts with the council and the technical committee of the chain spec', async () => {
    const council = (await api.query.council.members()).map(String);
    const committee = (await api.query.technicalCommittee.members()).map(String);
    assert.equal(council.length, 3);
    assert.ok(council.includes(alice.address) && council.includes(bob.address));
    assert.deepEqual([...committee].sort(), [alice.address, bob.address].sort());
  });

  it('trusts a credential issuer by a council motion, not by a signed account', async () => {
    await Promise.all([alice, ...residents].map((who) => ok(api.tx.did.create({ Sr25519: who.publicKey }), who)));
    schema = await registerSchema(api, alice, 'residency');
    const trust = api.tx.did.addTrustedIssuer(schema, alice.address);
    assert.equal((await submit(api, trust, bob)).dispatchError, 'BadOrigin');
    await motion('council', trust);
    const attestations = residents.map((who) => api.tx.did.attest(who.address, schema, blake2AsHex(who.address), 0, null, null));
    await ok(api.tx.utility.batchAll(attestations), alice);
  });

  it('gives the council Root only for calls the technical committee whitelisted', async () => {
    // Shortens binding ballots' enactment delay to two blocks: a Root call.
    const call = api.tx.system.setStorage([parameter(api, 'BallotMinEnactmentDelay', 'u32', 2)]);
    const hash = blake2AsHex(call.method.toU8a());
    const length = call.method.encodedLength;
    await ok(api.tx.preimage.notePreimage(call.method.toHex()), alice);
    const weight = (await call.paymentInfo(alice)).weight;
    const dispatch = api.tx.whitelist.dispatchWhitelistedCall(hash, length, weight);
    // A signed account may only relay a dispatch the council deferred.
    assert.equal((await submit(api, dispatch, alice)).dispatchError, 'whitelist.DeferredDispatchNotFound');

    const whitelisted = await motion('technicalCommittee', api.tx.whitelist.whitelistCall(hash));
    assert.equal(eventsOf(whitelisted, 'whitelist', 'CallWhitelisted').length, 1);
    const dispatched = await motion('council', dispatch);
    const [done] = eventsOf(dispatched, 'whitelist', 'WhitelistedCallDispatched');
    assert.ok(done.data.result.isOk);
    const stored = await api.rpc.state.getStorage(parameter(api, 'BallotMinEnactmentDelay', 'u32', 0)[0]);
    assert.equal(api.createType('u32', stored.unwrap()).toNumber(), 2);
  });

  /**
   * The council creates a public binding ballot on `proposal` for the residents; `votes` are
   * cast (0 for, 1 against) and the ballot finalized. Returns the finalization's events and
   * the enactment block it announced, if any.
   */
  async function decide(proposal, votes) {
    const now = await bestNumber();
    // The council's motion takes three blocks.
    const schedule = { votingStarts: now + 5, votingEnds: now + 8, revealEnds: now + 8 };
    const create = api.tx.ballots.createBindingBallot(
      'Market rules 2027', blake2AsHex('the council\'s proposal'), { schema, district: null }, 'Public',
      schedule, 3, { Inline: proposal.method.toHex() }, 500_000_000, 2,
    );
    const created = await motion('council', create);
    const [submitted] = eventsOf(created, 'ballots', 'ProposalSubmitted');
    const ballot = submitted.data.ballot.toNumber();
    assert.equal(submitted.data.callHash.toHex(), blake2AsHex(proposal.method.toU8a()));

    await waitForBlock(api, schedule.votingStarts);
    const cast = await Promise.all(votes.map((option, i) => submit(api, api.tx.ballots.vote(ballot, [option]), residents[i])));
    cast.forEach((result) => assert.equal(result.dispatchError, null));
    await waitForBlock(api, schedule.votingEnds);
    const finalized = await ok(api.tx.ballots.finalize(ballot), residents[0]);
    const [scheduled] = eventsOf(finalized.events, 'ballots', 'ProposalScheduled');
    // `data.at` is the event tuple's `Array.prototype.at`: the field is read by position.
    return { ballot, events: finalized.events, at: scheduled?.data[1].toNumber() };
  }

  const rules = (gateClosureMs) => ({
    gateClosureMs, settlementDelayMs: 60 * 60 * 1000, priceCap: UNIT, imbalancePrice: UNIT,
  });

  it('enacts a passed binding ballot\'s market rules with the residents\' origin', async () => {
    const before = (await api.query.energyMarket.rules()).unwrap();
    assert.notEqual(before.gateClosureMs.toNumber(), 600_000);
    const { ballot, at } = await decide(api.tx.energyMarket.setRules(rules(600_000)), [0, 0, 1]);
    assert.ok(at, 'two ayes of three pass a simple majority');
    const proposal = (await api.query.ballots.proposals(ballot)).unwrap();
    assert.equal(proposal.status.toString(), JSON.stringify({ scheduled: { at } }));

    await waitForBlock(api, at);
    assert.deepEqual((await dispatchedIn(at)).map((result) => result.isOk), [true]);
    const after = (await api.query.energyMarket.rules()).unwrap();
    assert.equal(after.gateClosureMs.toNumber(), 600_000);
  });

  it('enacts nothing when the residents vote a proposal down', async () => {
    const { ballot, events } = await decide(api.tx.energyMarket.setRules(rules(900_000)), [1, 1, 0]);
    assert.equal(eventsOf(events, 'ballots', 'ProposalRejected').length, 1);
    const proposal = (await api.query.ballots.proposals(ballot)).unwrap();
    assert.equal(proposal.status.toString(), 'Rejected');
    const finalizedAt = await bestNumber();
    await waitForBlock(api, finalizedAt + 3);
    for (let block = finalizedAt; block <= finalizedAt + 3; block += 1) {
      assert.deepEqual(await dispatchedIn(block), []);
    }
    assert.equal((await api.query.energyMarket.rules()).unwrap().gateClosureMs.toNumber(), 600_000);
  });
});
