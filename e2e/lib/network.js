// A local validator network of `polis-node` processes on loopback, for multi-node tests: each
// validator has a fixed libp2p key and its own base path, so it can be killed and restarted on
// its database with the same peer id.

import { join } from 'node:path';

import { startNode, waitFor } from './node.js';

/** The well-known validators, in node-key order. */
export const NAMES = ['alice', 'bob', 'charlie', 'dave', 'eve'];

/** A fixed libp2p secret key (hex) for the `index`-th node. */
export function nodeKey(index) {
  return (index + 1).toString(16).padStart(64, '0');
}

/**
 * Starts validator `name` of the `local` chain under `root`. `keys` says how its keystore gets
 * session keys: `'well-known'` inserts the `//Name` keys (`--alice` …), `'rotate'` leaves it
 * empty for `author_rotateKeys`. `bootnode` is a multiaddress, `p2pPort` a fixed port.
 */
export async function startValidator(name, { root, bootnode, p2pPort, keys = 'well-known' }) {
  const identity = keys === 'well-known' ? [`--${name}`] : ['--validator', '--name', name];
  const args = [
    '--chain', 'local',
    ...identity,
    '--node-key', nodeKey(NAMES.indexOf(name)),
    ...(bootnode ? ['--bootnodes', bootnode] : []),
  ];
  const node = await startNode({ args, basePath: join(root, name), p2pPort });
  const peerId = await node.rpc('system_localPeerId', []);
  return { ...node, name, address: `/ip4/127.0.0.1/tcp/${node.p2pPort}/p2p/${peerId}` };
}

export async function finalizedNumber(api) {
  const hash = await api.rpc.chain.getFinalizedHead();
  return (await api.rpc.chain.getHeader(hash)).number.toNumber();
}

/** Waits until every node has finalized block `number`. */
export async function waitAllFinalized(nodes, number, timeoutMs = 180_000) {
  await Promise.all(nodes.map((node) => waitFor(
    async () => (await finalizedNumber(node.api)) >= number,
    { timeoutMs, what: `${node.name} to finalize #${number}` },
  )));
}

/** The hash of block `number` on the node's chain, as a hex string. */
export async function hashAt(node, number) {
  return (await node.api.rpc.chain.getBlockHash(number)).toHex();
}
