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

/** Submits pre-signed `transactions` in chunks of 500 (a connection holds 1,024 at once). */
async function submitAll(api, transactions) {
  for (let start = 0; start < transactions.length; start += 500) {
    await Promise.all(transactions.slice(start, start + 500).map((tx) => api.rpc.author.submitExtrinsic(tx)));
  }
}

/**
 * Submits pre-signed `transactions`, all from `address`, and counts block by block those
 * included (whatever events they deposit). Resolves once every one is in a block, with the
 * seconds from the first submission to the last inclusion and the count per block.
 */
export async function submitAndCountFrom(api, transactions, address) {
  const perBlock = [];
  let landed = 0;
  let unsubscribe;
  const allLanded = new Promise((resolve) => {
    api.rpc.chain.subscribeNewHeads(async (header) => {
      const { block } = await api.rpc.chain.getBlock(header.hash);
      const count = block.extrinsics.filter((ext) => ext.isSigned && ext.signer.toString() === address).length;
      if (count) perBlock.push(count);
      landed += count;
      if (landed >= transactions.length) resolve(Date.now());
    }).then((unsub) => { unsubscribe = unsub; });
  });
  const started = Date.now();
  await submitAll(api, transactions);
  const finished = await allLanded;
  if (unsubscribe) unsubscribe();
  return { seconds: (finished - started) / 1000, perBlock };
}

/**
 * Submits pre-signed `transactions` without watching each (a connection holds at most 1,024
 * subscriptions) and counts, block by block, the events of `section`.`method` they deposit.
 * Resolves once every transaction landed or failed, with the seconds from the first
 * submission to the last inclusion and the count per block.
 */
export async function submitAndCount(api, transactions, section, method) {
  const perBlock = [];
  let landed = 0;
  let unsubscribe;
  const allLanded = new Promise((resolve) => {
    api.rpc.chain.subscribeNewHeads(async (header) => {
      const records = await (await api.at(header.hash)).query.system.events();
      const count = records.filter(({ event }) => event.section === section && event.method === method).length;
      const failed = records.filter(({ event }) => event.method === 'ExtrinsicFailed').length;
      if (failed) log(`${failed} transactions failed in block ${header.number.toNumber()}`);
      if (count) perBlock.push(count);
      landed += count + failed;
      if (landed >= transactions.length) resolve(Date.now());
    }).then((unsub) => { unsubscribe = unsub; });
  });
  const started = Date.now();
  await submitAll(api, transactions);
  const finished = await allLanded;
  if (unsubscribe) unsubscribe();
  return { seconds: (finished - started) / 1000, perBlock };
}
