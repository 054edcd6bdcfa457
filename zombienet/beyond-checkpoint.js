// Waits until the node has finalized three blocks past the checkpoint that record-finalized.js
// wrote, then checks it holds the checkpoint's block at that height: finality went on and no
// finalized block was lost or replaced. Returns 1 on success.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

async function run(nodeName, networkInfo) {
  const checkpoint = JSON.parse(readFileSync(join(tmpdir(), 'polis-zombienet-checkpoint.json'), 'utf8'));
  const { wsUri, userDefinedTypes } = networkInfo.nodesByName[nodeName];
  const api = await zombie.connect(wsUri, userDefinedTypes);
  try {
    for (;;) {
      const finalized = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
      if (finalized >= checkpoint.number + 3) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const hash = (await api.rpc.chain.getBlockHash(checkpoint.number)).toHex();
    if (hash !== checkpoint.hash) {
      throw new Error(`${nodeName} has ${hash} at #${checkpoint.number}, not ${checkpoint.hash}`);
    }
    return 1;
  } finally {
    await api.disconnect();
  }
}

module.exports = { run };
