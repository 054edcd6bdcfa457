// `polis-node` refuses bad input with an error that says what is wrong, and exports its chain specs.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort, nodeBinary } from '../lib/node.js';

const run = promisify(execFile);

/** Runs polis-node to completion; returns `{ code, stdout, stderr }` whether it fails or not. */
async function polisNode(args, timeout = 60_000) {
  try {
    const { stdout, stderr } = await run(nodeBinary(), args, { timeout, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

describe('polis-node command line', () => {
  it('exports the dev and local chain specs with the POLIS properties', async () => {
    for (const chain of ['dev', 'local']) {
      const { code, stdout } = await polisNode(['export-chain-spec', '--chain', chain]);
      assert.equal(code, 0);
      const spec = JSON.parse(stdout);
      assert.deepEqual(spec.properties, { ss58Format: 776, tokenDecimals: 12, tokenSymbol: 'POLIS' });
    }
    const { code, stdout } = await polisNode(['build-spec', '--chain', 'local', '--raw']);
    assert.equal(code, 0);
    assert.ok(JSON.parse(stdout).genesis.raw.top['0x3a636f6465'], 'the raw spec holds the runtime code');
  });

  it('exports a production template that holds no well-known key', async () => {
    const { code, stdout } = await polisNode(['build-spec', '--chain', 'production']);
    assert.equal(code, 0);
    const spec = JSON.parse(stdout);
    assert.equal(spec.chainType, 'Live');
    const { patch } = spec.genesis.runtimeGenesis;
    assert.equal(patch.sudo.key, null);
    assert.equal(patch.balances, undefined);
    assert.equal(patch.session, undefined);
    // The runtime's code carries the dev presets' keys, and its compressed bytes may copy one
    // verbatim; the genesis the chain starts from must not.
    const genesis = JSON.stringify({ ...spec, genesis: { runtimeGenesis: { patch } } });
    const alice = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
    assert.ok(!genesis.includes(alice) && !genesis.includes('d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d'));
  });

  it('refuses to start without a chain', async () => {
    const { code, stderr } = await polisNode(['--tmp', '--rpc-port', String(await freePort()), '--no-prometheus']);
    assert.notEqual(code, 0);
    assert.match(stderr, /No chain given/);
  });

  it('names an unknown chain', async () => {
    const { code, stderr } = await polisNode(['export-chain-spec', '--chain', 'atlantis']);
    assert.notEqual(code, 0);
    assert.match(stderr, /Unknown chain `atlantis`/);
  });

  it('names a malformed chain-spec file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'polis-cli-'));
    const file = join(dir, 'broken.json');
    await writeFile(file, '{ "name": "broken", ');
    try {
      const { code, stderr } = await polisNode(['export-chain-spec', '--chain', file]);
      assert.notEqual(code, 0);
      assert.match(stderr, /Invalid chain-spec file/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says which p2p port is in use', async () => {
    const port = await freePort();
    const blocker = createServer();
    await new Promise((resolve) => blocker.listen(port, '0.0.0.0', resolve));
    const dir = await mkdtemp(join(tmpdir(), 'polis-cli-'));
    try {
      const { code, stderr } = await polisNode([
        '--dev', '--base-path', dir, '--rpc-port', String(await freePort()), '--port', String(port),
        '--no-prometheus', '--no-telemetry', '--no-mdns',
      ]);
      assert.notEqual(code, 0);
      assert.match(stderr, new RegExp(`The p2p port \\S*:${port} is already in use`));
      assert.match(stderr, /--port/);
    } finally {
      blocker.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says which RPC port is in use', async () => {
    const port = await freePort();
    const blocker = createServer();
    await new Promise((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    const dir = await mkdtemp(join(tmpdir(), 'polis-cli-'));
    try {
      const { code, stderr } = await polisNode([
        '--dev', '--base-path', dir, '--rpc-port', String(port), '--port', String(await freePort()),
        '--no-prometheus', '--no-telemetry', '--no-mdns',
      ]);
      assert.notEqual(code, 0);
      assert.match(stderr, new RegExp(`The RPC port 127\\.0\\.0\\.1:${port} is already in use`));
      assert.match(stderr, /--rpc-port/);
    } finally {
      blocker.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
