// What the throughput benchmarks share: a timestamped log, sending a transaction and waiting
// for its block, and submitting many pre-signed transactions while counting what lands.

export const log = (message) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

/** Signs and sends `tx`; resolves with the block hash once in a block, rejects if it fails. */
export function send(api, tx, signer, nonce) {
  return new Promise((resolve, reject) => {
    let unsubscribe;
    tx.signAndSend(signer, { nonce }, ({ status, dispatchError }) => {
      if (status.isInvalid || status.isDropped || status.isUsurped) reject(new Error(`tx ${status.type}`));
      if (status.isInBlock) {
        if (unsubscribe) unsubscribe();
        if (dispatchError) reject(new Error(`tx failed: ${dispatchError.toString()}`));
        else resolve(status.asInBlock.toHex());
      }
    }).then((unsub) => { unsubscribe = unsub; }, reject);
  });
}

/** Sends `calls` from `signer` as `utility.batchAll`s of `size`, with consecutive nonces. */
export async function sendInBatches(api, signer, calls, size) {
  let nonce = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
  const pending = [];
  for (let start = 0; start < calls.length; start += size) {
    pending.push(send(api, api.tx.utility.batchAll(calls.slice(start, start + size)), signer, nonce++));
  }
  return Promise.all(pending);
}

/**
 * Submits pre-signed `transactions` (in chunks of 500: a connection holds at most 1,024
 * subscriptions) without watching each, and tallies each new block with `tally(header)`, which
 * resolves to `{ counted, settled }`: what the figure counts, and how many of the transactions
 * the block settled. Resolves once all are settled, with the seconds from the first submission
 * to the last inclusion and the count per block.
 */
async function submitAndTally(api, transactions, tally) {
  const perBlock = [];
  let settled = 0;
  let unsubscribe;
  const allSettled = new Promise((resolve) => {
    api.rpc.chain.subscribeNewHeads(async (header) => {
      const block = await tally(header);
      if (block.counted) perBlock.push(block.counted);
      settled += block.settled;
      if (settled >= transactions.length) resolve(Date.now());
    }).then((unsub) => { unsubscribe = unsub; });
  });
  const started = Date.now();
  for (let start = 0; start < transactions.length; start += 500) {
    await Promise.all(transactions.slice(start, start + 500).map((tx) => api.rpc.author.submitExtrinsic(tx)));
  }
  const finished = await allSettled;
  if (unsubscribe) unsubscribe();
  return { seconds: (finished - started) / 1000, perBlock };
}

/** Submits `transactions`, all signed by `address`, counting those each block includes. */
export function submitAndCountFrom(api, transactions, address) {
  return submitAndTally(api, transactions, async (header) => {
    const { block } = await api.rpc.chain.getBlock(header.hash);
    const counted = block.extrinsics.filter((ext) => ext.isSigned && ext.signer.toString() === address).length;
    return { counted, settled: counted };
  });
}

/**
 * Submits `transactions`, counting the events of `section`.`method` (those `only` accepts)
 * each block deposits; each transaction settles with `perTransaction` events of
 * `section`.`settledBy` (by default the counted ones), or when it fails.
 */
export function submitAndCount(api, transactions, section, method, only = () => true, perTransaction = 1, settledBy = method) {
  return submitAndTally(api, transactions, async (header) => {
    const records = await (await api.at(header.hash)).query.system.events();
    const of = (name) => records.filter(({ event }) => event.section === section && event.method === name && only(event)).length;
    const counted = of(method);
    const settling = settledBy === method ? counted : counted + of(settledBy);
    const failed = records.filter(({ event }) => event.method === 'ExtrinsicFailed').length;
    if (failed) log(`${failed} transactions failed in block ${header.number.toNumber()}`);
    return { counted, settled: Math.floor(settling / perTransaction) + failed };
  });
}
