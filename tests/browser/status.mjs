// status.mjs: the management system in a real browser (make browser): the
// quality coordinator filters the legal-requirements register, assesses a
// requirement (a refused try first, the input kept), reads the
// responsibility page and follows a document owner to their documents, and
// saves the status figures as this year's report compared with last
// year's; a manager reads the register and the responsibility page on a
// phone; axe-core on every page state.
import assert from 'node:assert/strict';
import { Env, runSuite } from './lib.mjs';

const env = new Env();
const phone = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true };

async function submit(page, name) {
  await Promise.all([
    page.waitForLoadState('load'),
    page.getByRole('button', { name, exact: true }).click(),
  ]);
}

async function register() {
  const page = await env.page();
  await env.login(page, 'kvalitet');
  await page.getByRole('link', { name: 'Ledningssystemet' }).click();
  await page.waitForLoadState('load');
  await page.getByRole('link', { name: 'Lagkrav', exact: true }).click();
  await page.waitForLoadState('load');
  await env.axe(page, '/requirements');
  await page.getByLabel('Aldrig bedömda').check();
  await page.locator('#f-statute').selectOption('SOSFS 2011:9');
  await submit(page, 'Visa');
  assert.ok(page.url().includes('never=1'), 'the filter is in the URL');
  await env.axe(page, '/requirements (filtered)');
  await page.getByRole('link', { name: 'SOSFS 2011:9 5:2' }).click();
  await page.waitForLoadState('load');
  await env.axe(page, '/requirements/{id}');
  // met without evidence and a date in the future: refused, input kept
  await page.getByLabel('Uppfyllt', { exact: true }).check();
  await page.getByLabel('Bedömningsdatum').fill('2099-01-01');
  await submit(page, 'Spara bedömningen');
  await page.getByText('Något behöver rättas').waitFor();
  assert.ok(await page.getByLabel('Uppfyllt', { exact: true }).isChecked(), 'status kept');
  await env.axe(page, '/requirements/{id} (errors)');
  await page.getByLabel('Underlag').fill('Egenkontrollplan 2026 fastställd; hygienronder varje månad.');
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
  await page.getByLabel('Bedömningsdatum').fill(today);
  await submit(page, 'Spara bedömningen');
  await page.getByRole('heading', { name: 'Bedömningshistorik' }).waitFor();
  await page.getByText('Egenkontrollplan 2026 fastställd').waitFor();
  await env.axe(page, '/requirements/{id} (assessed)');
  await page.context().close();
}

async function responsibility() {
  const page = await env.page();
  await env.login(page, 'kvalitet');
  await page.goto(env.base + '/responsibility');
  await page.getByRole('heading', { name: 'Brister', exact: true }).waitFor();
  await page.getByText('Ingen har rollen').first().waitFor();
  await env.axe(page, '/responsibility');
  await page.getByLabel('Enhet', { exact: true }).selectOption('LVPS');
  await submit(page, 'Visa');
  await page.getByText('Per Holm').first().waitFor();
  await env.axe(page, '/responsibility?unit=LVPS');
  // document owners summarised per person, linked to their documents
  await page.getByRole('heading', { name: /^Dokumentägare \(\d+ dokument\)$/ }).waitFor();
  const owners = page.locator('table.resp-owners');
  const row = owners.getByRole('row', { name: /Sara Berg/ });
  assert.match(await row.innerText(), /Sara Berg\s+2 dokument\s+2\s+0/);
  await Promise.all([
    page.waitForLoadState('load'),
    row.getByRole('link', { name: '2 dokument' }).click(),
  ]);
  assert.ok(/\/documents\?owner=\d+&unit=\d+$/.test(page.url()), page.url());
  await page.getByText('Filtrerat på dokumentägare: Sara Berg').waitFor();
  await page.getByText('Antal dokument: 2').waitFor();
  await env.axe(page, '/documents?owner');
  await page.context().close();
}

async function statusReport() {
  const page = await env.page();
  await env.login(page, 'kvalitet');
  await page.goto(env.base + '/status');
  await page.getByRole('heading', { name: /Ledningssystemets status/ }).waitFor();
  // last year's report from the demo is compared by default
  await page.getByRole('columnheader', { name: /Årsrapport \d{4}/ }).waitFor();
  await page.getByRole('columnheader', { name: 'Förändring' }).waitFor();
  await env.axe(page, '/status');
  await page.getByLabel('Rubrik').fill('');
  await submit(page, 'Spara som årsrapport');
  await page.getByText('Något behöver rättas').waitFor();
  await env.axe(page, '/status (errors)');
  const year = new Date().getFullYear();
  await page.getByLabel('Rubrik').fill(`Årsrapport ${year} till nämnden`);
  await submit(page, 'Spara som årsrapport');
  await page.getByRole('heading', { name: `Årsrapport ${year} till nämnden` }).waitFor();
  await env.axe(page, '/status/snapshots/{id}');
  await page.getByRole('link', { name: 'Sparade rapporter' }).click();
  await page.waitForLoadState('load');
  await page.getByRole('link', { name: `Årsrapport ${year} till nämnden` }).waitFor();
  await env.axe(page, '/status/snapshots');
  // the list behind a figure
  await page.goto(env.base + '/status?unit=HSF&compare=none');
  await page.getByRole('link', { name: /Visa lista – Lagkrav som aldrig bedömts/ }).click();
  await page.waitForLoadState('load');
  assert.ok(page.url().includes('/requirements?never=1'), page.url());
  await page.goto(env.base + '/status/items?figure=docs_overdue&unit=HSF');
  await env.axe(page, '/status/items');
  // printed, the forms and navigation are hidden and the date stays
  await page.goto(env.base + '/status');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('form[action="/status/snapshots"]').isVisible(), false);
  assert.ok(await page.locator('.print-date').isVisible(), 'the date prints');
  await page.context().close();
}

async function managerOnPhone() {
  const page = await env.page(phone);
  await env.login(page, 'chef.psyk');
  await page.goto(env.base + '/requirements');
  await env.axe(page, '/requirements (manager, 375 px)');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375),
    'the register fits a phone');
  await page.goto(env.base + '/status');
  await env.axe(page, '/status (manager, 375 px)');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375),
    'the status page fits a phone');
  assert.equal(await page.getByRole('button', { name: 'Spara som årsrapport' }).count(), 0);
  // the open actions figure leads to the unit subtree's actions
  await page.getByRole('link', { name: /Visa lista – Öppna åtgärder/ }).click();
  await page.waitForLoadState('load');
  assert.ok(/\/actions\?unit=/.test(page.url()), page.url());
  await page.getByRole('heading', { name: /Öppna åtgärder i/ }).waitFor();
  await env.axe(page, '/actions?unit (manager, 375 px)');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375),
    'the unit\'s actions fit a phone');
  await page.goto(env.base + '/responsibility');
  await page.getByRole('heading', { name: /^Dokumentägare \(\d+ dokument\)$/ }).waitFor();
  await env.axe(page, '/responsibility (manager, 375 px)');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375),
    'the responsibility page fits a phone');
  await page.context().close();
}

await runSuite(env, [
  ['the register, a requirement and an assessment', register],
  ['responsibility and its gaps', responsibility],
  ['the status report, saved and compared', statusReport],
  ['a manager on a phone', managerOnPhone],
]);
