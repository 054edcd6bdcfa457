// Small pieces of chain setup the tests share: credential schemas, runtime parameters kept in
// storage, and device-registration proofs.

import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, xxhashAsHex } from '@polkadot/util-crypto';

import { eventsOf, submitOk } from './node.js';

/** Registers a credential schema named `name` by `issuer`; returns its id. */
export async function registerSchema(api, issuer, name) {
  const result = await submitOk(api, api.tx.did.registerSchema(name, blake2AsHex(name)), issuer);
  return eventsOf(result.events, 'did', 'SchemaRegistered')[0].data.schema.toNumber();
}

/** A `system.setStorage` item for the runtime parameter stored at `:name:`, SCALE-encoded as `type`. */
export function parameter(api, name, type, value) {
  return [xxhashAsHex(`:${name}:`, 128), u8aToHex(api.createType(type, value).toU8a())];
}

/** The proof a device signs that it belongs to `owner`'s DID, as its `number`th device. */
export function deviceRegistration(api, owner, device, number) {
  const message = api.createType('(Bytes, H256, AccountId32, u32)', [
    'polis:device-registration', api.genesisHash, owner.address, number,
  ]).toU8a();
  return { Sr25519: device.sign(message) };
}

/**
 * Passes `call` as a motion of `body` (`council` or `technicalCommittee`), whose `members`
 * (at least two) all vote aye: the first proposes it with a threshold of two, the second closes
 * it. Returns the close's events.
 */
export async function passMotion(api, body, call, [proposer, seconder]) {
  const length = call.method.encodedLength;
  const proposed = await submitOk(api, api.tx[body].propose(2, call, length), proposer);
  const [{ data }] = eventsOf(proposed.events, body, 'Proposed');
  await Promise.all([proposer, seconder].map((member) => submitOk(api, api.tx[body].vote(data.proposalHash, data.proposalIndex, true), member)));
  const weight = (await call.paymentInfo(proposer)).weight;
  const closed = await submitOk(api, api.tx[body].close(data.proposalHash, data.proposalIndex, weight, length), seconder);
  const [executed] = eventsOf(closed.events, body, 'Executed');
  if (!executed) throw new Error(`the ${body} motion was not executed`);
  if (!executed.data.result.isOk) throw new Error(`the ${body} motion's call failed: ${executed.data.result}`);
  return closed.events;
}

/**
 * Dispatches `call` as Root without sudo: the technical committee whitelists its hash, and the
 * council dispatches it (`members` sit on both). Returns the dispatch's events.
 */
export async function dispatchAsRoot(api, call, members) {
  const hash = blake2AsHex(call.method.toU8a());
  await submitOk(api, api.tx.preimage.notePreimage(call.method.toHex()), members[0]);
  await passMotion(api, 'technicalCommittee', api.tx.whitelist.whitelistCall(hash), members);
  const weight = (await call.paymentInfo(members[0])).weight;
  const dispatch = api.tx.whitelist.dispatchWhitelistedCall(hash, call.method.encodedLength, weight);
  return passMotion(api, 'council', dispatch, members);
}
