// Anonymous credentials in JavaScript, as the runtime verifies them (polis-primitives'
// `anonymity` module): membership keys, nullifiers and linkable ring signatures over
// ristretto255, with a key image bound to the context. A wallet enrols `membershipKey(secret)`
// once, then signs claims with `sign`; the chain derives the same nullifier from every proof a
// member makes in one context.

import { ristretto255 } from '@noble/curves/ed25519';
import { compactToU8a, stringToU8a, u8aConcat } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';

const Point = ristretto255.Point;
const ORDER = Point.Fn.ORDER;

const mod = (value) => ((value % ORDER) + ORDER) % ORDER;
const fromLittleEndian = (bytes) => bytes.reduceRight((value, byte) => (value << 8n) | BigInt(byte), 0n);

function toLittleEndian32(value) {
  const bytes = new Uint8Array(32);
  let rest = value;
  for (let i = 0; i < 32; i += 1) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}

const hashToScalar = (data) => mod(fromLittleEndian(blake2AsU8a(data, 512)));
const scaleBytes = (bytes) => u8aConcat(compactToU8a(bytes.length), bytes);
const randomScalar = () => hashToScalar(crypto.getRandomValues(new Uint8Array(64)));

function contextPoint(context) {
  return Point.hashToCurve(blake2AsU8a(u8aConcat(stringToU8a('polis:ring-context'), context), 512));
}

function domainOf(ring, keyImage, context, message) {
  const encoded = u8aConcat(
    stringToU8a('polis:ring'), compactToU8a(ring.length), ...ring, keyImage, scaleBytes(context), scaleBytes(message),
  );
  return blake2AsU8a(encoded, 256);
}

const nextChallenge = (domain, left, right) => hashToScalar(u8aConcat(domain, left.toBytes(), right.toBytes()));

/** A fresh secret: a scalar, as 32 little-endian bytes. */
export const newSecret = () => toLittleEndian32(randomScalar());

/** The membership key (32 bytes) of `secret`. */
export const membershipKey = (secret) => Point.BASE.multiply(fromLittleEndian(secret)).toBytes();

/** `secret`'s nullifier in `context` (32 bytes). */
export const nullifier = (secret, context) => contextPoint(context).multiply(fromLittleEndian(secret)).toBytes();

/**
 * Signs `message` in `context` as member `position` of `ring` (membership keys), whose key is
 * `secret`'s: `{ challenge, responses, keyImage }`, each of 32 bytes.
 */
export function sign(ring, position, secret, context, message) {
  const x = fromLittleEndian(secret);
  const base = contextPoint(context);
  const image = base.multiply(x);
  const keyImage = image.toBytes();
  const domain = domainOf(ring, keyImage, context, message);
  const points = ring.map((key) => Point.fromBytes(key));
  const challenges = new Array(ring.length);
  const responses = new Array(ring.length);
  const nonce = randomScalar();
  let challenge = nextChallenge(domain, Point.BASE.multiply(nonce), base.multiply(nonce));
  for (let step = 1; step < ring.length; step += 1) {
    const index = (position + step) % ring.length;
    challenges[index] = challenge;
    responses[index] = randomScalar();
    const left = Point.BASE.multiply(responses[index]).add(points[index].multiplyUnsafe(challenge));
    const right = base.multiply(responses[index]).add(image.multiplyUnsafe(challenge));
    challenge = nextChallenge(domain, left, right);
  }
  challenges[position] = challenge;
  responses[position] = mod(nonce - challenge * x);
  return {
    challenge: toLittleEndian32(challenges[0]),
    responses: responses.map(toLittleEndian32),
    keyImage,
  };
}
