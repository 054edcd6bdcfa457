// A real `polis-node` for end-to-end tests: started on a temporary base path and free ports,
// reached through @polkadot/api, stopped with SIGINT and checked to exit cleanly.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';

import { ApiPromise, WsProvider } from '@polkadot/api';

/** The node binary: `$POLIS_NODE`, else the release build in the cargo target dir. */
export function nodeBinary() {
  if (process.env.POLIS_NODE) return process.env.POLIS_NODE;
  const targetDir = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'polis', 'target');
  const binary = join(targetDir, 'release', 'polis-node');
  if (!existsSync(binary)) {
    throw new Error(`polis-node not found at ${binary}: build it (scripts/test.sh) or set POLIS_NODE`);
  }
  return binary;
}

/** A TCP port that is free on loopback right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns a truthy value, or fails after `timeoutMs`. */
export async function waitFor(probe, { timeoutMs = 60_000, intervalMs = 250, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
}

/**
 * Runs `polis-node` with `args` (default `--dev`) and connects an `ApiPromise` to it.
 * Returns `{ api, rpc, rpcPort, p2pPort, basePath, logs, stop, kill }`: `stop()` sends SIGINT,
 * `kill()` SIGKILL (a crash); both resolve to the exit code and signal. A `basePath` passed in
 * belongs to the caller and survives, so that a node can be restarted on its own database;
 * otherwise a temporary one is removed when the node stops. `p2pPort` defaults to a free port.
 */
export async function startNode({ args = ['--dev'], timeoutMs = 120_000, basePath: ownBasePath, p2pPort: fixedP2pPort } = {}) {
  const basePath = ownBasePath || await mkdtemp(join(tmpdir(), 'polis-e2e-'));
  const rpcPort = await freePort();
  const p2pPort = fixedP2pPort || await freePort();
  const child = spawn(
    nodeBinary(),
    [
      ...args,
      '--base-path', basePath,
      '--rpc-port', String(rpcPort),
      '--port', String(p2pPort),
      '--no-prometheus',
      '--no-telemetry',
      '--no-mdns',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const logs = [];
  const keep = (chunk) => {
    logs.push(chunk.toString());
    if (logs.length > 2000) logs.splice(0, logs.length - 2000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

  let api;
  let provider;
  const halt = async (signal) => {
    if (api) await api.disconnect().catch(() => {});
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const result = await exited;
    clearTimeout(timer);
    if (!ownBasePath) await rm(basePath, { recursive: true, force: true });
    return result;
  };
  const stop = () => halt('SIGINT');
  const kill = () => halt('SIGKILL');

  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`polis-node exited with ${child.exitCode}`);
      const response = await fetch(`http://127.0.0.1:${rpcPort}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'system_health', params: [] }),
      });
      return response.ok;
    }, { timeoutMs, what: 'the node RPC' });
    provider = new WsProvider(`ws://127.0.0.1:${rpcPort}`);
    api = await ApiPromise.create({
      provider,
      noInitWarn: true,
      throwOnConnect: true,
    });
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n--- node log ---\n${logs.join('').slice(-4000)}`);
  }
  /** Calls an RPC method of the node that has no @polkadot/api definition (e.g. `did_resolve`). */
  const rpc = (method, params) => provider.send(method, params);
  return { api, rpc, rpcPort, p2pPort, basePath, logs, stop, kill };
}

/** Waits until the chain has imported block `number` (best) and returns the header. */
export async function waitForBlock(api, number, timeoutMs = 120_000) {
  return waitFor(async () => {
    const header = await api.rpc.chain.getHeader();
    return header.number.toNumber() >= number ? header : null;
  }, { timeoutMs, what: `block #${number}` });
}

/** Waits until block `number` is finalized and returns the finalized number. */
export async function waitForFinalized(api, number, timeoutMs = 120_000) {
  return waitFor(async () => {
    const hash = await api.rpc.chain.getFinalizedHead();
    const header = await api.rpc.chain.getHeader(hash);
    return header.number.toNumber() >= number ? header.number.toNumber() : null;
  }, { timeoutMs, what: `finalized block #${number}` });
}

/**
 * The nonce after each signer's last transaction seen in a block, by connection: the pool's
 * `system_accountNextIndex` can answer from the block before it for a moment, which gave the
 * signer's next transaction the nonce just used ("1014: Priority is too low").
 */
const includedNonces = new WeakMap();

async function nextNonce(api, address) {
  const known = includedNonces.get(api)?.get(address) ?? 0;
  const pooled = (await api.rpc.system.accountNextIndex(address)).toNumber();
  return Math.max(known, pooled);
}

function recordIncluded(api, address, nonce) {
  if (!includedNonces.has(api)) includedNonces.set(api, new Map());
  const nonces = includedNonces.get(api);
  nonces.set(address, Math.max(nonces.get(address) ?? 0, nonce + 1));
}

/**
 * Signs and submits `tx`, resolving once it is in a block: `{ blockHash, events, dispatchError }`,
 * where `dispatchError` is the decoded module/token error (`section.name`) or `null` on success.
 * Rejects when the pool refuses the transaction (invalid: bad nonce, cannot pay fees, ...).
 * Without an explicit `options.nonce` the nonce is the larger of the pool's and the one after
 * the signer's last transaction included.
 */
export async function submit(api, tx, signer, options = {}) {
  const address = typeof signer === 'string' ? signer : signer.address;
  const nonce = options.nonce ?? await nextNonce(api, address);
  return new Promise((resolve, reject) => {
    let unsubscribe;
    tx.signAndSend(signer, { ...options, nonce }, (result) => {
      const { status, events, dispatchError } = result;
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        if (unsubscribe) unsubscribe();
        reject(new Error(`transaction ${status.type}`));
        return;
      }
      if (!status.isInBlock) return;
      if (unsubscribe) unsubscribe();
      recordIncluded(api, address, Number(nonce));
      resolve({ blockHash: status.asInBlock, events, dispatchError: describeError(api, dispatchError) });
    })
      .then((unsub) => { unsubscribe = unsub; })
      .catch(reject);
  });
}

/**
 * Submits `call` through `sudo.sudo`, signed by the sudo `key`. Sudo succeeds even when the call
 * fails, so `dispatchError` here is the call's own error (from the `Sudid` event), or sudo's.
 */
export async function submitSudo(api, call, key) {
  const result = await submit(api, api.tx.sudo.sudo(call), key);
  if (result.dispatchError) return result;
  const [sudid] = eventsOf(result.events, 'sudo', 'Sudid');
  const outcome = sudid.data.sudoResult;
  return { ...result, dispatchError: outcome.isErr ? describeError(api, outcome.asErr) : null };
}

/** `submit`, failing the test unless the transaction dispatched without an error. */
export async function submitOk(api, tx, signer) {
  const result = await submit(api, tx, signer);
  assert.equal(result.dispatchError, null);
  return result;
}

/** `submitSudo`, failing the test unless the call dispatched without an error. */
export async function submitSudoOk(api, call, key) {
  const result = await submitSudo(api, call, key);
  assert.equal(result.dispatchError, null);
  return result;
}

/** `section.name` of a dispatch error, e.g. `balances.InsufficientBalance` or `token.FundsUnavailable`. */
export function describeError(api, dispatchError) {
  if (!dispatchError) return null;
  if (dispatchError.isModule) {
    const { section, name } = api.registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}`;
  }
  if (dispatchError.isToken) return `token.${dispatchError.asToken.type}`;
  if (dispatchError.isArithmetic) return `arithmetic.${dispatchError.asArithmetic.type}`;
  return dispatchError.type;
}

/** The events of a submission matching `section.method`. */
export function eventsOf(events, section, method) {
  return events.filter(({ event }) => event.section === section && event.method === method).map(({ event }) => event);
}
