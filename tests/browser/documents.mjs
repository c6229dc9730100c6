// documents.mjs: a controlled document's life in a real browser (make
// browser): the quality coordinator creates a routine (a mistake first,
// marked and kept), the owner edits the draft, attaches a PDF and submits
// it, the approver returns it with a comment and then approves it, staff
// find it on a phone with its download and acknowledge it, a new version archives the first, and the owner
// archives the document, whose link keeps working with a banner; axe-core
// on every page state.
import assert from 'node:assert/strict';
import { Env, runSuite } from './lib.mjs';

const env = new Env();
const phone = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true };
const TITLE = 'Rutin för kontroll av akutvagn';
let docUrl = null;

async function click(page, name) {
  await Promise.all([
    page.waitForLoadState('load'),
    page.getByRole('button', { name, exact: true }).click(),
  ]);
}

async function create() {
  const page = await env.page();
  await env.login(page, 'kvalitet');
  await page.getByRole('link', { name: 'Dokument', exact: true }).click();
  await page.waitForLoadState('load');
  await env.axe(page, '/documents');
  await page.getByRole('link', { name: 'Nytt dokument' }).click();
  await page.waitForLoadState('load');
  await env.axe(page, '/documents/new');
  await page.getByLabel('Titel').fill(TITLE);
  await page.getByLabel('Dokument-id').fill('rutin 1');
  await click(page, 'Skapa dokumentet');
  await page.getByText('Något behöver rättas').waitFor();
  assert.equal(await page.getByLabel('Titel').inputValue(), TITLE, 'the title is kept');
  await env.axe(page, '/documents/new (errors)');
  await page.getByLabel('Dokument-id').fill('RUT-ECT-050');
  await page.getByLabel('Dokumenttyp').selectOption('routine');
  await page.getByLabel('Gäller för enhet').selectOption({ label: 'ECT-enheten' });
  await page.getByLabel('Dokumentägare').selectOption({ label: 'Sara Berg' });
  await page.getByLabel('Fastställs av').selectOption({ label: 'Per Holm' });
  await page.getByLabel('Läskvittens krävs').check();
  await page.getByLabel('Text (Markdown)').fill('# Kontroll\n\nAkutvagnen kontrolleras **varje måndag**.');
  await click(page, 'Skapa dokumentet');
  await page.getByRole('heading', { name: TITLE }).waitFor();
  await page.getByText('Inte fastställt.').waitFor();
  docUrl = new URL(page.url()).pathname;
  await env.axe(page, 'document (draft)');
  await page.context().close();
}

async function ownerSubmits() {
  const page = await env.page();
  await env.login(page, 'handl.ect');
  await page.goto(env.base + docUrl);
  await page.getByRole('link', { name: 'Redigera utkastet' }).click();
  await page.waitForLoadState('load');
  await env.axe(page, 'edit draft');
  await page.getByLabel('Text (Markdown)').fill('# Kontroll\n\nAkutvagnen kontrolleras **varje måndag** och efter användning.');
  await page.getByLabel('Vad är ändrat').fill('Efter användning');
  await page.getByLabel('Bifogad fil', { exact: true }).setInputFiles({
    name: 'Kontrollista akutvagn.pdf', mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% kontrollista\n1 0 obj << >> endobj\n%%EOF\n'),
  });
  await click(page, 'Spara utkastet');
  await page.getByText('och efter användning').waitFor();
  await page.getByRole('link', { name: 'Ladda ned Kontrollista akutvagn.pdf' }).waitFor();
  await env.axe(page, 'document (draft with a file)');
  await click(page, 'Skicka för fastställelse');
  await page.getByText('för fastställelse').first().waitFor();
  await env.axe(page, 'document (in review, owner)');
  await page.context().close();
}

async function approverDecides() {
  const page = await env.page();
  await env.login(page, 'chef.psyk');
  await page.goto(env.base + docUrl);
  await env.axe(page, 'document (in review, approver)');
  // returning without a comment is refused
  await click(page, 'Skicka tillbaka');
  await page.getByText('Skriv vad som behöver ändras.').first().waitFor();
  await env.axe(page, 'document (return refused)');
  await page.getByLabel('Kommentar').fill('Ange vem som signerar kontrollen.');
  await click(page, 'Skicka tillbaka');
  await page.context().close();

  const owner = await env.page();
  await env.login(owner, 'handl.ect');
  await owner.goto(env.base + docUrl);
  await owner.getByText('Ange vem som signerar kontrollen.').waitFor();
  await owner.getByRole('link', { name: 'Redigera utkastet' }).click();
  await owner.waitForLoadState('load');
  await owner.getByLabel('Text (Markdown)').fill('# Kontroll\n\nAkutvagnen kontrolleras varje måndag och efter användning. Den som kontrollerar signerar listan.');
  await click(owner, 'Spara utkastet');
  await click(owner, 'Skicka för fastställelse');
  await owner.context().close();

  const again = await env.page();
  await env.login(again, 'chef.psyk');
  await again.goto(env.base + docUrl);
  await click(again, 'Fastställ');
  await again.getByText('Gällande').first().waitFor();
  await env.axe(again, 'document (approved)');
  await again.context().close();
}

async function staffReadOnPhone() {
  const page = await env.page(phone);
  await env.login(page, 'personal');
  await page.goto(env.base + '/documents');
  await page.getByLabel('Sök i titlar och text').fill('akutvagn');
  await click(page, 'Visa');
  await env.axe(page, '/documents?q (375 px)');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375),
    'the list fits a phone');
  await page.getByRole('link', { name: TITLE }).click();
  await page.waitForLoadState('load');
  await page.getByText('signerar listan').waitFor();
  await page.getByRole('link', { name: 'Ladda ned Kontrollista akutvagn.pdf' }).waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375),
    'the document with its checksum fits a phone');
  await env.axe(page, 'document (staff, 375 px)');
  await click(page, 'Jag har läst');
  await page.getByText('Du har kvitterat').waitFor();
  await page.context().close();
}

async function newVersionAndArchive() {
  const page = await env.page();
  await env.login(page, 'handl.ect');
  await page.goto(env.base + docUrl);
  await page.getByText('Har läst i målgruppen: 1 /').waitFor();
  await page.getByRole('link', { name: 'Ny version' }).click();
  await page.waitForLoadState('load');
  await env.axe(page, 'new version');
  await page.getByLabel('Text (Markdown)').fill('# Kontroll\n\nVersion två: kontroll varje dag.');
  await click(page, 'Spara utkastet');
  await click(page, 'Skicka för fastställelse');
  await page.context().close();

  const appr = await env.page();
  await env.login(appr, 'chef.psyk');
  await appr.goto(env.base + docUrl);
  await click(appr, 'Fastställ');
  await appr.getByText('Version två').waitFor();
  await appr.goto(env.base + docUrl + '/versions/1');
  await appr.getByText('Det här är inte den version som gäller.').waitFor();
  await env.axe(appr, 'version 1 (archived)');
  await appr.goto(env.base + docUrl);
  await click(appr, 'Arkivera');
  await appr.context().close();

  const staff = await env.page();
  await env.login(staff, 'personal');
  await staff.goto(env.base + docUrl);
  await staff.getByText('Arkiverat.').first().waitFor();
  await staff.getByText('Version två').waitFor();
  await env.axe(staff, 'document (archived)');
  await staff.context().close();
}

await runSuite(env, [
  ['create a routine, a mistake first', create],
  ['the owner edits and submits the draft', ownerSubmits],
  ['the approver returns it, then approves it', approverDecides],
  ['staff find and acknowledge it on a phone', staffReadOnPhone],
  ['a new version, then the document is archived', newVersionAndArchive],
]);
