// pallet-land-registry against a real node: a registrar with a district-scoped credential
// registers a parcel; its owner grants a lien, sells it with escrow, the lien holder consents,
// an objection freezes the sale until the registrar dismisses it, and the sale completes after
// the objection window. The title, history and lien are then read through storage, the
// runtime API and the land_* RPC.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady, xxhashAsHex } from '@polkadot/util-crypto';

import { eventsOf, startNode, submit, submitOk, submitSudoOk, waitForBlock } from '../lib/node.js';

const DISTRICT = 7;
const UNIT = 1_000_000_000_000n;
const PRICE = 500n * UNIT;
const DISPUTE_DEPOSIT = 10n * UNIT;
const OBJECTION_PERIOD = 4;

// A 100 m block in Berlin-Mitte, in 1e-7 degrees, and a lot overlapping its east half.
const rectangle = (lat, lon, height, width) => [
  { lat, lon }, { lat, lon: lon + width }, { lat: lat + height, lon: lon + width }, { lat: lat + height, lon },
];
const BLOCK = rectangle(525_200_000, 134_050_000, 9_000, 15_000);
const OVERLAPPING = rectangle(525_204_000, 134_057_000, 9_000, 15_000);

describe('pallet-land-registry on polis-node --dev', () => {
  let node;
  let api;
  let registrar; // Alice: the sudo key and the district's registrar
  let seller; // Bob
  let buyer; // Charlie
  let bank; // Dave: holds a lien
  let neighbour; // Eve: objects to the sale
  let parcel;
  let lien;

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 776 });
    [registrar, seller, buyer, bank, neighbour] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve']
      .map((uri) => keyring.addFromUri(uri));
  });

  after(async () => {
    if (node) await node.stop();
  });

  const ok = (tx, signer) => submitOk(api, tx, signer);
  const sudo = (call) => submitSudoOk(api, call, registrar);

  async function refused(tx, signer, error) {
    assert.equal((await submit(api, tx, signer)).dispatchError, error);
  }

  async function free(who) {
    return (await api.query.system.account(who.address)).data.free.toBigInt();
  }

  async function held(who, reason) {
    const holds = await api.query.balances.holds(who.address);
    return holds
      .filter((hold) => hold.id.toString().includes(reason))
      .reduce((total, hold) => total + hold.amount.toBigInt(), 0n);
  }

  const u32 = (n) => u8aToHex(api.createType('u32', n).toU8a());

  it('appoints a registrar who holds a registrar credential for the district', async () => {
    await Promise.all([registrar, seller, buyer, bank, neighbour].map(
      (who) => ok(api.tx.did.create({ Sr25519: who.publicKey }), who),
    ));
    const registered = await ok(api.tx.did.registerSchema('land-registrar', blake2AsHex('land registrar')), registrar);
    const schema = eventsOf(registered.events, 'did', 'SchemaRegistered')[0].data.schema.toNumber();
    await sudo(api.tx.did.addTrustedIssuer(schema, registrar.address));
    await ok(api.tx.did.attest(registrar.address, schema, blake2AsHex('registrar'), 0, null, DISTRICT), registrar);
    await sudo(api.tx.system.setStorage([
      [xxhashAsHex(':LandRegistrarSchema:', 128), u32(schema)],
      [xxhashAsHex(':ObjectionPeriod:', 128), u32(OBJECTION_PERIOD)],
    ]));
    const appointed = await sudo(api.tx.landRegistry.appointRegistrar(DISTRICT, registrar.address));
    assert.equal(eventsOf(appointed.events, 'landRegistry', 'RegistrarAppointed').length, 1);
    assert.equal((await api.query.landRegistry.registrars(DISTRICT, registrar.address)).isSome, true);
  });

  it('registers a parcel and refuses one overlapping it', async () => {
    const register = (area) => api.tx.landRegistry.registerParcel(
      DISTRICT, area, 'Residential', blake2AsHex('survey plan 2026/17'), seller.address,
    );
    const result = await ok(register(BLOCK), registrar);
    const [event] = eventsOf(result.events, 'landRegistry', 'ParcelRegistered');
    parcel = event.data.parcel.toNumber();
    const record = (await api.query.landRegistry.parcels(parcel)).unwrap();
    assert.equal(record.owner.toString(), seller.address);
    assert.equal(record.boundary.length, 4);
    assert.equal(record.landUse.toString(), 'Residential');
    await refused(register(OVERLAPPING), registrar, 'landRegistry.Overlaps');
    await refused(register(BLOCK), seller, 'landRegistry.NotRegistrar');
  });

  it('puts a lien in force with the owner\'s consent', async () => {
    const proposed = await ok(api.tx.landRegistry.proposeEncumbrance(parcel, 'Lien', blake2AsHex('loan 4411')), bank);
    lien = eventsOf(proposed.events, 'landRegistry', 'EncumbranceProposed')[0].data.encumbrance.toNumber();
    const accepted = await ok(api.tx.landRegistry.acceptEncumbrance(parcel, lien), seller);
    assert.equal(eventsOf(accepted.events, 'landRegistry', 'EncumbranceRegistered').length, 1);
    const inForce = await api.query.landRegistry.encumbrances(parcel);
    assert.deepEqual(inForce.map((e) => [e.id.toNumber(), e.kind.toString(), e.holder.toString()]), [[lien, 'Lien', bank.address]]);
  });

  it('escrows the price and holds the approval until the lien holder consents', async () => {
    await ok(api.tx.landRegistry.proposeSale(parcel, buyer.address, PRICE), seller);
    await refused(api.tx.landRegistry.proposeSale(parcel, neighbour.address, PRICE), seller, 'landRegistry.SaleOpen');
    const buyerBefore = await free(buyer);
    await ok(api.tx.landRegistry.acceptSale(parcel, PRICE), buyer);
    assert.equal(await held(buyer, 'Escrow'), PRICE);
    assert.ok(buyerBefore - (await free(buyer)) >= PRICE);
    assert.equal((await api.query.landRegistry.totalEscrow()).toBigInt(), PRICE);

    // The buyer paid for the parcel with the bank's lien only: no new burden can be accepted now.
    const sale = (await api.query.landRegistry.sales(parcel)).unwrap();
    assert.deepEqual(sale.agreedEncumbrances.map((id) => id.toNumber()), [lien]);
    const mortgage = await ok(api.tx.landRegistry.proposeEncumbrance(parcel, 'Mortgage', blake2AsHex('loan 5120')), neighbour);
    const late = eventsOf(mortgage.events, 'landRegistry', 'EncumbranceProposed')[0].data.encumbrance.toNumber();
    await refused(api.tx.landRegistry.acceptEncumbrance(parcel, late), seller, 'landRegistry.SaleOpen');
    await ok(api.tx.landRegistry.rejectEncumbrance(parcel, late), seller);

    await refused(api.tx.landRegistry.approveSale(parcel), registrar, 'landRegistry.UnconsentedEncumbrance');
    await ok(api.tx.landRegistry.consentToSale(parcel, lien), bank);
    const approved = await ok(api.tx.landRegistry.approveSale(parcel), registrar);
    const [event] = eventsOf(approved.events, 'landRegistry', 'SaleApproved');
    assert.ok(event.data.objectionWindowEnds.toNumber() > 0);
  });

  it('freezes the sale on an objection until the registrar dismisses it', async () => {
    const sellerBefore = await free(seller);
    await ok(api.tx.landRegistry.objectToSale(parcel, blake2AsHex('boundary wall is mine')), neighbour);
    const sale = (await api.query.landRegistry.sales(parcel)).unwrap();
    assert.equal(sale.status.isFrozen, true);
    assert.equal(sale.status.asFrozen.objection.objector.toString(), neighbour.address);
    await refused(api.tx.landRegistry.completeSale(parcel), buyer, 'landRegistry.WrongSaleStage');
    const ruled = await ok(api.tx.landRegistry.ruleOnObjection(parcel, false), registrar);
    assert.equal(eventsOf(ruled.events, 'landRegistry', 'ObjectionDismissed').length, 1);
    assert.equal((await free(seller)) - sellerBefore, DISPUTE_DEPOSIT);
  });

  it('moves title and escrow together once the objection window is over', async () => {
    const sale = (await api.query.landRegistry.sales(parcel)).unwrap();
    const ends = sale.status.asApproved.objectionWindowEnds.toNumber();
    const sellerBefore = await free(seller);
    await waitForBlock(api, ends);
    const completed = await ok(api.tx.landRegistry.completeSale(parcel), buyer);
    const [event] = eventsOf(completed.events, 'landRegistry', 'SaleCompleted');
    assert.equal(event.data.buyer.toString(), buyer.address);
    assert.equal(event.data.price.toBigInt(), PRICE);

    const record = (await api.query.landRegistry.parcels(parcel)).unwrap();
    assert.equal(record.owner.toString(), buyer.address);
    assert.equal(await held(buyer, 'Escrow'), 0n);
    assert.equal(await held(seller, 'SaleDeposit'), 0n);
    // The price and the returned sale deposit; the buyer paid the completion's fee.
    assert.ok((await free(seller)) - sellerBefore >= PRICE);
    assert.equal((await api.query.landRegistry.totalEscrow()).toBigInt(), 0n);
    assert.equal((await api.query.landRegistry.sales(parcel)).isNone, true);
    await refused(api.tx.landRegistry.proposeSale(parcel, neighbour.address, PRICE), seller, 'landRegistry.NotOwner');
  });

  it('reads the parcel with its history and surviving lien through the runtime API and RPC', async () => {
    const view = (await api.call.landRegistryApi.parcel(parcel)).unwrap();
    assert.equal(view.owner.toString(), buyer.address);
    assert.deepEqual(view.history.map((entry) => entry.owner.toString()), [seller.address, buyer.address]);
    assert.equal(view.history[1].acquisition.isSale, true);
    assert.equal(view.history[1].acquisition.asSale.price.toBigInt(), PRICE);
    assert.equal(view.encumbrances.length, 1);
    assert.equal(view.sale.isNone, true);

    const json = await node.rpc('land_parcel', [parcel]);
    assert.equal(json.owner, buyer.address);
    assert.equal(json.landUse, 'Residential');
    assert.deepEqual(json.boundary, BLOCK);
    assert.deepEqual(json.history.map((entry) => entry.acquisition.type), ['firstRegistration', 'sale']);
    assert.equal(json.history[1].acquisition.price, PRICE.toString());
    assert.deepEqual(json.encumbrances.map((e) => [e.id, e.kind, e.holder, e.consentedSale]), [[lien, 'Lien', bank.address, null]]);
    assert.equal(json.sale, null);
    assert.deepEqual(await node.rpc('land_parcelsOf', [buyer.address]), [parcel]);
    assert.deepEqual(await node.rpc('land_parcelsOf', [seller.address]), []);
    assert.deepEqual(await node.rpc('land_parcelsOf', [buyer.address, parcel, 10]), []);
    assert.equal(await node.rpc('land_parcel', [parcel + 1000]), null);
    assert.equal(json.historyLength, 2);

    const owners = await api.call.landRegistryApi.history(parcel, 1, 10);
    assert.deepEqual(owners.map((entry) => entry.owner.toString()), [buyer.address]);
    const page = await api.call.landRegistryApi.parcelsOf(buyer.address, null, 10);
    assert.deepEqual(page.map((id) => id.toNumber()), [parcel]);
  });
});
