// pallet-carbon-credits against a real node: a developer proposes a tree-planting project on a
// parcel it owns in the land registry, a verification body validates it and the registry
// authority registers it; a monitoring report is verified into a batch with its buffer share
// withheld; credits are transferred to the city, which retires them with a certificate counted
// against its 2026 pledge; a verified reversal cancels from the buffer pool and suspends the
// project; the developer sells credits at a fixed price and the city buys and retires them in one
// call; credits of an external registry are bridged in, each external serial once; subdividing
// the project's parcel puts it under review until the registry authority clears it. The certificate,
// holdings, project with its batches and the city's pledge inventory and totals are read
// through the CarbonCreditsApi runtime API and the node's carbon_* RPC.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';

import { parameter, registerSchema } from '../lib/chain.js';
import { eventsOf, startNode, submit, submitOk, submitSudoOk } from '../lib/node.js';

const UNIT = 1_000_000_000_000n;
const DISTRICT = 3;
const DAY_MS = 86_400_000;
// A 100 m block, in 1e-7 degrees.
const BLOCK = [
  { lat: 481_300_000, lon: 115_700_000 }, { lat: 481_300_000, lon: 115_715_000 },
  { lat: 481_309_000, lon: 115_715_000 }, { lat: 481_309_000, lon: 115_700_000 },
];

describe('pallet-carbon-credits on polis-node --dev', () => {
  let node;
  let api;
  let authority; // Alice: sudo, the registry authority, the district's registrar and the credential issuer
  let developer;
  let verifier;
  let city;
  let parcel;
  let project;
  let batch;

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 776 });
    [authority, developer, verifier, city] = ['//Alice', '//Carbon/Developer', '//Carbon/Verifier', '//Carbon/City']
      .map((uri) => keyring.addFromUri(uri));
  });

  after(async () => {
    if (node) await node.stop();
  });

  const ok = (tx, signer) => submitOk(api, tx, signer);
  const sudo = (call) => submitSudoOk(api, call, authority);
  const refused = async (tx, signer, error) => assert.equal((await submit(api, tx, signer)).dispatchError, error);

  it('registers the developer\'s parcel and gives developer and verifier their credentials', async () => {
    await ok(api.tx.utility.batchAll([developer, verifier, city].map(
      (who) => api.tx.balances.transferKeepAlive(who.address, 1_000n * UNIT),
    )), authority);
    await Promise.all([authority, developer, verifier, city].map(
      (who) => ok(api.tx.did.create({ Sr25519: who.publicKey }), who),
    ));
    const registrar = await registerSchema(api, authority, 'land-registrar');
    const developerSchema = await registerSchema(api, authority, 'carbon-developer');
    const verifierSchema = await registerSchema(api, authority, 'carbon-verifier');
    await sudo(api.tx.utility.batchAll([
      ...[registrar, developerSchema, verifierSchema].map((schema) => api.tx.did.addTrustedIssuer(schema, authority.address)),
      api.tx.system.setStorage([
        parameter(api, 'LandRegistrarSchema', 'u32', registrar),
        parameter(api, 'CarbonDeveloperSchema', 'u32', developerSchema),
        parameter(api, 'CarbonVerifierSchema', 'u32', verifierSchema),
      ]),
    ]));
    await ok(api.tx.utility.batchAll([
      api.tx.did.attest(authority.address, registrar, blake2AsHex('registrar'), 0, null, DISTRICT),
      api.tx.did.attest(developer.address, developerSchema, blake2AsHex('developer'), 0, null, null),
      api.tx.did.attest(verifier.address, verifierSchema, blake2AsHex('verifier'), 0, null, null),
    ]), authority);
    await sudo(api.tx.landRegistry.appointRegistrar(DISTRICT, authority.address));
    const registered = await ok(api.tx.landRegistry.registerParcel(
      DISTRICT, BLOCK, 'Agricultural', blake2AsHex('survey plan 2026/88'), developer.address,
    ), authority);
    parcel = eventsOf(registered.events, 'landRegistry', 'ParcelRegistered')[0].data.parcel.toNumber();
  });

  it('registers a tree-planting project on the parcel after an independent validation', async () => {
    const methodology = await sudo(api.tx.carbonCredits.registerMethodology({
      documentHash: blake2AsHex('afforestation v1'), creditType: 'Removal', buffer: 10, permanenceYears: 40, metered: false,
    }));
    assert.equal(eventsOf(methodology.events, 'carbonCredits', 'MethodologyRegistered').length, 1);
    // Only a parcel the developer owns or holds an easement over.
    await refused(api.tx.carbonCredits.proposeProject(0, [parcel + 1], blake2AsHex('design')), developer,
      'carbonCredits.NoRightsToParcel');
    await refused(api.tx.carbonCredits.proposeProject(0, [parcel], blake2AsHex('design')), city,
      'carbonCredits.NotADeveloper');
    const proposed = await ok(api.tx.carbonCredits.proposeProject(0, [parcel], blake2AsHex('design')), developer);
    project = eventsOf(proposed.events, 'carbonCredits', 'ProjectProposed')[0].data.project.toNumber();
    await refused(api.tx.carbonCredits.validateProject(project), city, 'carbonCredits.NotAVerifier');
    await ok(api.tx.carbonCredits.validateProject(project), verifier);
    await sudo(api.tx.carbonCredits.setProjectStatus(project, 'Registered'));
    const record = (await api.query.carbonCredits.projects(project)).unwrap();
    assert.equal(record.status.toString(), 'Registered');
    assert.equal(record.validator.unwrap().toString(), verifier.address);
  });

  it('issues a verified monitoring report as a batch, withholding the buffer share', async () => {
    const now = (await api.query.timestamp.now()).toNumber();
    const start = now - 60 * DAY_MS;
    const submitted = await ok(api.tx.carbonCredits.submitReport(project, start, now - DAY_MS, 95, blake2AsHex('report 1')), developer);
    const report = eventsOf(submitted.events, 'carbonCredits', 'ReportSubmitted')[0].data.report.toNumber();
    const approved = await ok(api.tx.carbonCredits.approveReport(report), verifier);
    const [issued] = eventsOf(approved.events, 'carbonCredits', 'BatchIssued');
    batch = issued.data.batch.toNumber();
    assert.equal(issued.data.issued.toNumber(), 95);
    assert.equal(issued.data.buffer.toNumber(), 10, '10% of 95, rounded up');
    assert.equal(issued.data.name.startDay.toNumber(), Math.floor(start / DAY_MS));
    assert.equal((await api.query.carbonCredits.credits(developer.address, batch)).unwrap().toNumber(), 85);
    // The same period is never credited twice.
    await refused(api.tx.carbonCredits.submitReport(project, start, now - DAY_MS, 95, blake2AsHex('again')), developer,
      'carbonCredits.InvalidPeriod');
    // A report for the next period is rejected: its deposit comes back, nothing is issued.
    const next = await ok(api.tx.carbonCredits.submitReport(project, now - DAY_MS, now, 500, blake2AsHex('report 2')), developer);
    const rejectedReport = eventsOf(next.events, 'carbonCredits', 'ReportSubmitted')[0].data.report.toNumber();
    const rejected = await ok(api.tx.carbonCredits.rejectReport(rejectedReport), verifier);
    assert.equal(eventsOf(rejected.events, 'carbonCredits', 'ReportRejected').length, 1);
    assert.equal((await api.query.carbonCredits.projects(project)).unwrap().pendingReport.isNone, true);
  });

  it('transfers credits to the city, which retires them with a certificate against its 2026 pledge', async () => {
    await ok(api.tx.carbonCredits.transfer(batch, city.address, 50), developer);
    const opened = await ok(api.tx.carbonCredits.openInventory('City of Polis 2026', 2026), city);
    const inventory = eventsOf(opened.events, 'carbonCredits', 'InventoryOpened')[0].data.inventory.toNumber();
    const claim = {
      beneficiary: 'City of Polis', reason: '2026 climate pledge', jurisdiction: 'DE-BY',
      periodStart: Date.UTC(2026, 0, 1), periodEnd: Date.UTC(2027, 0, 1), inventory,
    };
    const retired = await ok(api.tx.carbonCredits.retire(batch, 30, claim), city);
    const [event] = eventsOf(retired.events, 'carbonCredits', 'CreditsRetired');
    assert.equal(event.data.firstSerial.toNumber(), 0);
    const certificate = (await api.query.carbonCredits.retirements(event.data.retirement)).unwrap();
    assert.equal(certificate.owner.toString(), city.address);
    assert.equal(certificate.tonnes.toNumber(), 30);
    assert.equal(certificate.claim.beneficiary.toUtf8(), 'City of Polis');
    assert.equal(certificate.claim.jurisdiction.toUtf8(), 'DE-BY');
    assert.equal((await api.query.carbonCredits.credits(city.address, batch)).unwrap().toNumber(), 20);
    // The same certificate through the runtime API, with its batch's registry name.
    const view = (await api.call.carbonCreditsApi.retirement(event.data.retirement)).unwrap();
    assert.equal(view.owner.toString(), city.address);
    assert.equal(view.firstSerial.toNumber(), 0);
    assert.equal(view.batchName.sequence.toNumber(), 1);
    assert.equal(view.beneficiary.toUtf8(), 'City of Polis');
    const holdings = await api.call.carbonCreditsApi.holdingsOf(city.address, null, 10);
    assert.deepEqual(holdings.toJSON(), [[batch, 20]]);
    // And through the node's carbon_* RPC.
    const rpc = await node.rpc('carbon_retirement', [event.data.retirement.toNumber()]);
    assert.equal(rpc.owner, city.address);
    assert.deepEqual([rpc.firstSerial, rpc.lastSerial, rpc.beneficiary], [0, 29, 'City of Polis']);
    assert.equal(rpc.batchName.text, `${project}-${rpc.batchName.startDay}-${rpc.batchName.endDay}-1`);
    assert.deepEqual(await node.rpc('carbon_holdingsOf', [city.address, null, null]), [{ batch, tonnes: 20 }]);
    await refused(api.tx.carbonCredits.retire(batch, 21, claim), city, 'carbonCredits.InsufficientCredits');
    // Only the pledger's own retirements count against its inventory.
    await refused(api.tx.carbonCredits.retire(batch, 1, claim), developer, 'carbonCredits.NotInventoryOwner');
    // The pledge's totals: the inventory by project, the year's, the beneficiary's.
    assert.deepEqual(await node.rpc('carbon_inventory', [inventory]), {
      owner: city.address, name: 'City of Polis 2026', year: 2026, tonnes: 30, byProject: [{ project, tonnes: 30 }],
    });
    assert.deepEqual(await node.rpc('carbon_yearTotals', [2026]), { tonnes: 30, byProject: [{ project, tonnes: 30 }] });
    assert.equal(await node.rpc('carbon_beneficiaryTotal', [2026, 'City of Polis']), 30);
    const viaRuntimeApi = (await api.call.carbonCreditsApi.inventory(inventory)).unwrap();
    assert.equal(viaRuntimeApi.tonnes.toNumber(), 30);
    // The developer cancels 5 of its own: they take the serials after the retired ones.
    const cancelled = await ok(api.tx.carbonCredits.cancel(batch, 5, 'exported'), developer);
    assert.equal(eventsOf(cancelled.events, 'carbonCredits', 'CreditsCancelled')[0].data.firstSerial.toNumber(), 30);
  });

  it('cancels a verified reversal from the buffer pool and suspends the project', async () => {
    const reversal = await ok(api.tx.carbonCredits.recordReversal(batch, 4, blake2AsHex('storm damage')), verifier);
    const [event] = eventsOf(reversal.events, 'carbonCredits', 'ReversalRecorded');
    assert.equal(event.data.firstSerial.toNumber(), 85, 'the pool holds the batch\'s last serials');
    const record = (await api.query.carbonCredits.batches(batch)).unwrap();
    assert.equal(record.buffer.toNumber(), 6);
    assert.equal(record.retired.toNumber(), 30);
    assert.equal(record.cancelled.toNumber(), 9, 'the developer\'s 5 and the reversal\'s 4');
    assert.equal((await api.query.carbonCredits.projects(project)).unwrap().status.toString(), 'Suspended');
    const view = (await api.call.carbonCreditsApi.project(project)).unwrap();
    assert.equal(view.status.toString(), 'Suspended');
    assert.deepEqual(view.batches.map((b) => [b.id.toNumber(), b.issued.toNumber(), b.retired.toNumber(),
      b.cancelled.toNumber(), b.buffer.toNumber()]), [[batch, 95, 30, 9, 6]]);
    const rpc = await node.rpc('carbon_project', [project]);
    assert.equal(rpc.status, 'Suspended');
    assert.equal(rpc.developer, developer.address);
    assert.deepEqual(rpc.parcels, [parcel]);
    assert.deepEqual(rpc.batches.map((b) => [b.id, b.retired, b.cancelled, b.buffer]), [[batch, 30, 9, 6]]);
    assert.equal(await node.rpc('carbon_project', [project + 1]), null);
    await refused(api.tx.carbonCredits.recordReversal(batch, 7, blake2AsHex('more')), verifier,
      'carbonCredits.InsufficientBuffer');
  });

  it('sells credits at a fixed price: the city buys and retires in one call', async () => {
    const listed = await ok(api.tx.carbonCredits.listCredits(batch, 10, 2n * UNIT), developer);
    const listing = eventsOf(listed.events, 'carbonCredits', 'CreditsListed')[0].data.listing.toNumber();
    // The price the buyer names caps what it pays.
    await refused(api.tx.carbonCredits.buyCredits(listing, 4, UNIT), city, 'carbonCredits.PriceAboveLimit');
    const claim = {
      beneficiary: 'City of Polis', reason: 'municipal fleet', jurisdiction: 'DE-BY',
      periodStart: Date.UTC(2026, 0, 1), periodEnd: Date.UTC(2027, 0, 1), inventory: null,
    };
    const before = (await api.query.system.account(developer.address)).data.free.toBigInt();
    const bought = await ok(api.tx.carbonCredits.buyAndRetire(listing, 4, 2n * UNIT, claim), city);
    assert.equal(eventsOf(bought.events, 'carbonCredits', 'CreditsBought')[0].data.paid.toBigInt(), 8n * UNIT);
    assert.equal(eventsOf(bought.events, 'carbonCredits', 'CreditsRetired')[0].data.tonnes.toNumber(), 4);
    assert.equal((await api.query.system.account(developer.address)).data.free.toBigInt() - before, 8n * UNIT);
    assert.equal((await api.query.carbonCredits.listings(listing)).unwrap().tonnes.toNumber(), 6);
    const withdrawn = await ok(api.tx.carbonCredits.withdrawListing(listing), developer);
    assert.equal(eventsOf(withdrawn.events, 'carbonCredits', 'ListingClosed')[0].data.returned.toNumber(), 6);
    assert.equal((await api.query.carbonCredits.batches(batch)).unwrap().retired.toNumber(), 34);
  });

  it('bridges an external registry\'s serials in once', async () => {
    const registered = await sudo(api.tx.carbonCredits.registerExternalRegistry('Verra', developer.address));
    // `registryId`: every polkadot.js codec has a `registry` property of its own.
    const registry = eventsOf(registered.events, 'carbonCredits', 'ExternalRegistryRegistered')[0].data.registryId.toNumber();
    const bridged = await ok(api.tx.carbonCredits.bridgeProject(registry, 'VCS-981', 0, blake2AsHex('VCS-981 design')), developer);
    const external = eventsOf(bridged.events, 'carbonCredits', 'ProjectBridged')[0].data.project.toNumber();
    const now = (await api.query.timestamp.now()).toNumber();
    const importing = (first, tonnes) => api.tx.carbonCredits.importCredits(
      external, first, tonnes, now - 400 * DAY_MS, now - 35 * DAY_MS, blake2AsHex(`retired at Verra: ${first}`),
    );
    const imported = await ok(importing(5_000, 100), developer);
    const [event] = eventsOf(imported.events, 'carbonCredits', 'CreditsBridged');
    assert.equal(event.data.firstExternalSerial.toNumber(), 5_000);
    const bridgedBatch = event.data.batch.toNumber();
    assert.equal((await api.query.carbonCredits.credits(developer.address, bridgedBatch)).unwrap().toNumber(), 100);
    // An external serial is admitted once: an overlapping range is refused, the next one is not.
    await refused(importing(5_050, 100), developer, 'carbonCredits.SerialsAlreadyBridged');
    await refused(importing(5_000, 100), city, 'carbonCredits.NotTheBridge');
    await ok(importing(5_100, 20), developer);
    const rpc = await node.rpc('carbon_project', [external]);
    assert.deepEqual(rpc.batches.map((b) => [b.issued, b.buffer]), [[100, 0], [20, 0]]);
    assert.deepEqual(rpc.parcels, []);
    assert.deepEqual(rpc.external, { registry, id: 'VCS-981' });
  });

  it('puts the project under review when its parcel is subdivided, until the authority clears it', async () => {
    const half = (from, to) => ({
      boundary: [
        { lat: 481_300_000, lon: from }, { lat: 481_300_000, lon: to },
        { lat: 481_309_000, lon: to }, { lat: 481_309_000, lon: from },
      ],
      landUse: 'Agricultural',
    });
    const subdivided = await ok(api.tx.landRegistry.subdivide(
      parcel, [half(115_700_000, 115_707_500), half(115_707_500, 115_715_000)], blake2AsHex('subdivision plan'),
    ), authority);
    const [flagged] = eventsOf(subdivided.events, 'carbonCredits', 'ProjectUnderReview');
    assert.equal(flagged.data.project.toNumber(), project);
    assert.equal(flagged.data.parcel.toNumber(), parcel);
    assert.equal(flagged.data.change.toString(), 'Retired');
    assert.equal((await node.rpc('carbon_project', [project])).review.change, 'Retired');
    const cleared = await sudo(api.tx.carbonCredits.clearReview(project));
    assert.equal(eventsOf(cleared.events, 'carbonCredits', 'ReviewCleared').length, 1);
    assert.equal((await node.rpc('carbon_project', [project])).review, null);
  });
});
