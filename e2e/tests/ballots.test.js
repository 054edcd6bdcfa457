// pallet-ballots against a real node: a secret ranked-choice ballot of a district's residents,
// from credentials through commit, reveal and instant-runoff count to the audit runtime API.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';

import { eventsOf, startNode, submit, submitOk, submitSudoOk, waitForBlock } from '../lib/node.js';

const DISTRICT = 3;
const CANDIDATES = ['Ada', 'Ben', 'Cleo', 'Dev'];

describe('pallet-ballots on polis-node --dev', () => {
  let node;
  let api;
  let agency; // the sudo key; issues residency credentials
  let residents; // Bob, Charlie, Dave, Eve, Ferdie: district 3
  let outsider; // a resident of district 4
  let schema;
  let ballot;
  let schedule;

  // Four residents rank candidates; Ferdie commits and never reveals.
  const rankings = () => new Map([
    [residents[0], [0, 1]],
    [residents[1], [1, 0]],
    [residents[2], [2, 1]],
    [residents[3], [0, 2]],
    [residents[4], [3]],
  ]);
  const salt = (who) => blake2AsHex(`salt of ${who.address}`);

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 776 });
    agency = keyring.addFromUri('//Alice');
    residents = ['//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'].map((uri) => keyring.addFromUri(uri));
    outsider = keyring.addFromUri('//Alice//stash');
  });

  after(async () => {
    if (node) await node.stop();
  });

  const ok = (tx, signer) => submitOk(api, tx, signer);
  const sudo = (call) => submitSudoOk(api, call, agency);

  async function voteDepositsHeld(who) {
    const holds = await api.query.balances.holds(who.address);
    return holds
      .filter((hold) => hold.id.toString().includes('VoteDeposit'))
      .reduce((total, hold) => total + hold.amount.toBigInt(), 0n);
  }

  async function bestNumber() {
    return (await api.rpc.chain.getHeader()).number.toNumber();
  }

  function commitment(who, choice) {
    const preimage = api.createType('(u32, AccountId32, Vec<u8>, [u8; 32])', [ballot, who.address, choice, salt(who)]);
    return blake2AsHex(preimage.toU8a());
  }

  it('gives the residents DIDs and district-scoped residency credentials', async () => {
    await Promise.all([agency, ...residents, outsider].map(
      (who) => ok(api.tx.did.create({ Sr25519: who.publicKey }), who),
    ));
    const registered = await ok(api.tx.did.registerSchema('residency', blake2AsHex('residency')), agency);
    schema = eventsOf(registered.events, 'did', 'SchemaRegistered')[0].data.schema.toNumber();
    await sudo(api.tx.did.addTrustedIssuer(schema, agency.address));
    const attestations = [
      ...residents.map((who) => api.tx.did.attest(who.address, schema, blake2AsHex(who.address), 0, null, DISTRICT)),
      api.tx.did.attest(outsider.address, schema, blake2AsHex(outsider.address), 0, null, DISTRICT + 1),
    ];
    await ok(api.tx.utility.batchAll(attestations), agency);
  });

  it('lets the election authority create a secret ranked-choice ballot', async () => {
    const now = await bestNumber();
    schedule = { votingStarts: now + 2, votingEnds: now + 8, revealEnds: now + 14 };
    const create = api.tx.ballots.createBallot(
      'District 3 council seat',
      blake2AsHex('candidate statements'),
      CANDIDATES,
      { schema, district: DISTRICT },
      'RankedChoice',
      'Secret',
      schedule,
      3,
    );
    const result = await sudo(create);
    const [created] = eventsOf(result.events, 'ballots', 'BallotCreated');
    ballot = created.data.ballot.toNumber();
    const record = (await api.query.ballots.ballotInfo(ballot)).unwrap();
    assert.equal(record.method.toString(), 'RankedChoice');
    assert.deepEqual(record.options.map((label) => label.toUtf8()), CANDIDATES);
  });

  it('takes one secret commitment per eligible resident, and none from another district', async () => {
    await waitForBlock(api, schedule.votingStarts);
    // Bob first commits to another ranking, then changes his mind.
    await ok(api.tx.ballots.commit(ballot, commitment(residents[0], [3, 2])), residents[0]);
    const submissions = [...rankings()].map(([who, choice]) => submit(api, api.tx.ballots.commit(ballot, commitment(who, choice)), who));
    const results = await Promise.all(submissions);
    results.forEach((result) => assert.equal(result.dispatchError, null));
    const replaced = results.flatMap((result) => eventsOf(result.events, 'ballots', 'CommitmentReplaced'));
    assert.equal(replaced.length, 1);
    assert.equal(replaced[0].data.voter.toString(), residents[0].address);

    const refused = await submit(api, api.tx.ballots.commit(ballot, commitment(outsider, [0])), outsider);
    assert.equal(refused.dispatchError, 'ballots.NotEligible');
    const tally = (await api.query.ballots.tallies(ballot)).unwrap();
    assert.equal(tally.voters.toNumber(), 5);
    assert.equal(tally.counted.toNumber(), 0);
  });

  it('counts only reveals that match their commitments', async () => {
    await waitForBlock(api, schedule.votingEnds);
    const [bob] = residents;
    const wrongSalt = api.tx.ballots.reveal(ballot, [0, 1], blake2AsHex('guess'));
    assert.equal((await submit(api, wrongSalt, bob)).dispatchError, 'ballots.CommitmentMismatch');
    const oldChoice = api.tx.ballots.reveal(ballot, [3, 2], salt(bob));
    assert.equal((await submit(api, oldChoice, bob)).dispatchError, 'ballots.CommitmentMismatch');

    const revealing = [...rankings()].slice(0, 4);
    const results = await Promise.all(revealing.map(([who, choice]) => submit(api, api.tx.ballots.reveal(ballot, choice, salt(who)), who)));
    results.forEach((result) => assert.equal(result.dispatchError, null));
    const tally = (await api.query.ballots.tallies(ballot)).unwrap();
    assert.equal(tally.counted.toNumber(), 4);
    assert.deepEqual(tally.counts.map((count) => count.toNumber()), [2, 1, 1, 0]);
  });

  it('finalizes by instant runoff, reporting the unrevealed commitment', async () => {
    await waitForBlock(api, schedule.revealEnds);
    const result = await ok(api.tx.ballots.finalize(ballot), outsider);
    const [finalized] = eventsOf(result.events, 'ballots', 'BallotFinalized');
    assert.equal(finalized.data.outcome.toString(), JSON.stringify({ winner: 0 }));
    assert.equal(finalized.data.unrevealed.toNumber(), 1);

    // Dev goes, then Cleo (tied with Ben, listed later) passes Dave's vote to Ben; Ben, tied
    // with Ada but behind her in the round before, goes and passes Charlie's vote to Ada, who
    // wins 3 to none; Dave's ranking is exhausted.
    const stored = (await api.query.ballots.results(ballot)).unwrap();
    assert.deepEqual(stored.rounds.map((round) => round.map((count) => count.toNumber())), [
      [2, 1, 1, 0],
      [2, 1, 1, 0],
      [2, 2, 0, 0],
      [3, 0, 0, 0],
    ]);
    assert.equal(stored.voters.toNumber(), 5);
    assert.equal(stored.counted.toNumber(), 4);
    assert.equal(stored.exhausted.toNumber(), 1);
  });

  it('lets anyone recount the ballot from its stored votes through the runtime API', async () => {
    const audit = (await api.call.ballotsApi.audit(ballot)).unwrap();
    assert.equal(audit.matches.isTrue, true);
    assert.equal(audit.recomputed.toHex(), audit.stored.toHex());
    assert.ok(audit.stored.outcome.isWinner);
    assert.equal(audit.stored.outcome.asWinner.toNumber(), 0);
    assert.deepEqual(audit.unrevealed.map((did) => did.toString()), [residents[4].address]);
    assert.ok((await api.call.ballotsApi.audit(ballot + 1)).isNone);

    const firstPage = await api.call.ballotsApi.votes(ballot, null, 3);
    const lastVoter = firstPage[firstPage.length - 1][0];
    const secondPage = await api.call.ballotsApi.votes(ballot, lastVoter, 3);
    const voters = [...firstPage, ...secondPage].map(([voter]) => voter.toString()).sort();
    assert.deepEqual(voters, residents.map((who) => who.address).sort());
  });

  it('counts public approval votes at once, lets a voter change it, strikes a vote whose credential was revoked, and cleans up a cancelled ballot', async () => {
    const now = await bestNumber();
    const open = { votingStarts: now + 2, votingEnds: now + 200, revealEnds: now + 200 };
    const create = api.tx.ballots.createBallot(
      'Park benches', blake2AsHex('budget lines'), ['north', 'south', 'east'],
      { schema, district: null }, 'Approval', 'Public', open, 1,
    );
    const created = await sudo(create);
    const park = eventsOf(created.events, 'ballots', 'BallotCreated')[0].data.ballot.toNumber();
    await waitForBlock(api, open.votingStarts);

    const [bob, charlie] = residents;
    const heldBefore = await voteDepositsHeld(bob);
    const cast = await ok(api.tx.ballots.vote(park, [0, 1]), bob);
    assert.equal(eventsOf(cast.events, 'ballots', 'VoteCast').length, 1);
    await ok(api.tx.ballots.vote(park, [2]), charlie);
    const changed = await ok(api.tx.ballots.vote(park, [1]), bob);
    assert.equal(eventsOf(changed.events, 'ballots', 'VoteChanged').length, 1);
    const tally = (await api.query.ballots.tallies(park)).unwrap();
    assert.deepEqual(tally.counts.map((count) => count.toNumber()), [0, 1, 1]);
    assert.ok((await voteDepositsHeld(bob)) > heldBefore);

    const secretOnly = await submit(api, api.tx.ballots.commit(park, blake2AsHex('x')), bob);
    assert.equal(secretOnly.dispatchError, 'ballots.NotSecretBallot');

    const stillEligible = await submit(api, api.tx.ballots.strikeVote(park, charlie.address), outsider);
    assert.equal(stillEligible.dispatchError, 'ballots.StillEligible');
    await ok(api.tx.did.revokeAttestation(charlie.address, schema, 1), agency);
    const struck = await ok(api.tx.ballots.strikeVote(park, charlie.address), outsider);
    assert.equal(eventsOf(struck.events, 'ballots', 'VoteStruck').length, 1);
    const afterStrike = (await api.query.ballots.tallies(park)).unwrap();
    assert.deepEqual(afterStrike.counts.map((count) => count.toNumber()), [0, 1, 0]);

    const cancelled = await sudo(api.tx.ballots.cancel(park));
    assert.equal(eventsOf(cancelled.events, 'ballots', 'BallotCancelled').length, 1);
    const cleaned = await ok(api.tx.ballots.cleanUp(park, 10), outsider);
    assert.equal(eventsOf(cleaned.events, 'ballots', 'VotesCleanedUp')[0].data.removed.toNumber(), 1);
    assert.equal(eventsOf(cleaned.events, 'ballots', 'BallotCleanedUp').length, 1);
    assert.equal(await voteDepositsHeld(bob), heldBefore);
    assert.ok((await api.query.ballots.tallies(park)).isNone);
  });
});
