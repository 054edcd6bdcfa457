// A real `sensor-gateway` for end-to-end tests: a simulated device fleet serving signed readings
// and anchors over HTTP, started on a free port and stopped with SIGINT.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { freePort, waitFor } from './node.js';

/** The gateway binary: `$SENSOR_GATEWAY`, else the release build in the cargo target dir. */
export function gatewayBinary() {
  if (process.env.SENSOR_GATEWAY) return process.env.SENSOR_GATEWAY;
  const targetDir = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'polis', 'target');
  const binary = join(targetDir, 'release', 'sensor-gateway');
  if (!existsSync(binary)) {
    throw new Error(`sensor-gateway not found at ${binary}: build it (scripts/test.sh) or set SENSOR_GATEWAY`);
  }
  return binary;
}

/**
 * Runs `sensor-gateway` against the node whose HTTP RPC is at `nodeUrl` (for the genesis hash).
 * Returns `{ url, port, json(path), bytes(path), logs, stop }`.
 */
export async function startGateway({ nodeUrl, port, devices = 3, periodMs = 2_000, anchorMs = 12_000, extraArgs = [] }) {
  const listenPort = port || await freePort();
  const child = spawn(
    gatewayBinary(),
    [
      '--listen', `127.0.0.1:${listenPort}`,
      '--node', nodeUrl,
      '--devices', String(devices),
      '--period-ms', String(periodMs),
      '--anchor-ms', String(anchorMs),
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const logs = [];
  child.stdout.on('data', (chunk) => logs.push(chunk.toString()));
  child.stderr.on('data', (chunk) => logs.push(chunk.toString()));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${listenPort}`;
  const get = async (path) => {
    const response = await fetch(`${url}${path}`);
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return response;
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    return exited;
  };
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`sensor-gateway exited with ${child.exitCode}`);
      return (await get('/status')).ok;
    }, { timeoutMs: 30_000, what: 'the sensor gateway' });
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n--- gateway log ---\n${logs.join('')}`);
  }
  return {
    url,
    port: listenPort,
    logs,
    stop,
    json: async (path) => (await get(path)).json(),
    bytes: async (path) => new Uint8Array(await (await get(path)).arrayBuffer()),
  };
}
