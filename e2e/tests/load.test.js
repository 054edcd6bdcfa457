// The load tool (`tools/polis-load`, Rust and subxt) against a real node, with small counts: it
// funds its accounts, pre-signs transfers, DID creations, attestations, meter readings (each
// meter registered as a DID device with a feed of its own), title transfers step by step and
// energy orders, submits each batch at once and prints the table README carries; every
// transaction lands and succeeds, and every reading is accepted.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { startNode } from '../lib/node.js';

/** The load tool: `$POLIS_LOAD`, else the release build in the cargo target dir. */
function loadBinary() {
  if (process.env.POLIS_LOAD) return process.env.POLIS_LOAD;
  const targetDir = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'polis', 'target');
  const binary = join(targetDir, 'release', 'polis-load');
  if (!existsSync(binary)) throw new Error(`polis-load not found at ${binary}: build it (scripts/test.sh) or set POLIS_LOAD`);
  return binary;
}

function run(binary, args) {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('polis-load against polis-node --dev', () => {
  let node;

  before(async () => {
    node = await startNode();
  });

  after(async () => {
    if (node) await node.stop();
  });

  it('lands every transfer, DID creation, attestation, reading, title transfer step and order it signs, and prints the table', async () => {
    const { code, stdout, stderr } = await run(loadBinary(), [
      '--url', `ws://127.0.0.1:${node.rpcPort}`, '--accounts', '20', '--per-account', '2',
    ]);
    assert.equal(code, 0, `polis-load failed:\n${stdout}\n${stderr}`);
    const rows = Object.fromEntries(stdout.split('\n')
      .filter((line) => /^\| [A-Z]/.test(line) && !line.startsWith('| scenario'))
      .map((line) => line.split('|').map((cell) => cell.trim()).filter(Boolean))
      .map(([scenario, submitted, included, failed]) => [scenario, [Number(submitted), Number(included), Number(failed)]]));
    // The 20 meters' readings travel in one `submit_readings`.
    assert.deepEqual(rows, {
      Transfers: [40, 40, 0],
      Dids: [20, 20, 0],
      Attestations: [20, 20, 0],
      Readings: [1, 1, 0],
      'Titles: register_parcel': [20, 20, 0],
      'Titles: propose_sale': [20, 20, 0],
      'Titles: accept_sale': [20, 20, 0],
      'Titles: approve_sale': [20, 20, 0],
      'Titles: complete_sale': [20, 20, 0],
      Orders: [20, 20, 0],
    });
  });
});
