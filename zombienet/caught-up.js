// Waits until the node has finalized Alice's finalized head of the moment the script starts,
// then checks both nodes hold the same block at that height: the node caught up to the same
// finalized chain. Returns 1 on success.
async function finalizedNumber(api) {
  return (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
}

async function run(nodeName, networkInfo) {
  const connect = ({ wsUri, userDefinedTypes }) => zombie.connect(wsUri, userDefinedTypes);
  const alice = await connect(networkInfo.nodesByName.alice);
  const node = await connect(networkInfo.nodesByName[nodeName]);
  try {
    const target = await finalizedNumber(alice);
    while ((await finalizedNumber(node)) < target) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const [ours, theirs] = await Promise.all([node, alice].map(async (api) => (await api.rpc.chain.getBlockHash(target)).toHex()));
    if (ours !== theirs) throw new Error(`${nodeName} has ${ours} at #${target}, Alice ${theirs}`);
    return 1;
  } finally {
    await Promise.all([alice.disconnect(), node.disconnect()]);
  }
}

module.exports = { run };
