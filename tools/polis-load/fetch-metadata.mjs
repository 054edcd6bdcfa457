// Writes the runtime metadata (V16) of the node at `url` to polis-metadata.scale, the file
// polis-load's subxt code is generated from. Run it against a dev node after changing a call
// polis-load uses:
//
//   node tools/polis-load/fetch-metadata.mjs [http://127.0.0.1:9944]

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const url = process.argv[2] || 'http://127.0.0.1:9944';
const response = await fetch(url, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  // `Metadata_metadata_at_version(16)`: the version, a SCALE u32.
  body: JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'state_call', params: ['Metadata_metadata_at_version', '0x10000000'] }),
});
const { result, error } = await response.json();
if (error) throw new Error(`state_call: ${JSON.stringify(error)}`);
const bytes = Buffer.from(result.slice(2), 'hex');
if (bytes[0] !== 1) throw new Error('the node serves no metadata V16');
// An `Option<Vec<u8>>`: a compact length, then the metadata.
const mode = bytes[1] & 3;
const [length, offset] = mode === 0 ? [bytes[1] >> 2, 2]
  : mode === 1 ? [bytes.readUInt16LE(1) >> 2, 3]
    : mode === 2 ? [bytes.readUInt32LE(1) >>> 2, 5]
      : (() => { throw new Error('metadata over 1 GiB'); })();
const path = join(dirname(fileURLToPath(import.meta.url)), 'polis-metadata.scale');
writeFileSync(path, bytes.subarray(offset, offset + length));
console.log(`wrote ${length} bytes to ${path}`);
