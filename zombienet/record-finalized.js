// Records the node's finalized head (number and hash) for same-finalized-chain.js.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

async function run(nodeName, networkInfo) {
  const { wsUri, userDefinedTypes } = networkInfo.nodesByName[nodeName];
  const api = await zombie.connect(wsUri, userDefinedTypes);
  const hash = await api.rpc.chain.getFinalizedHead();
  const number = (await api.rpc.chain.getHeader(hash)).number.toNumber();
  writeFileSync(join(tmpdir(), 'polis-zombienet-checkpoint.json'), JSON.stringify({ number, hash: hash.toHex() }));
  await api.disconnect();
  return number;
}

module.exports = { run };
