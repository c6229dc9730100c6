// processes.mjs: the process map in a real browser (make browser): the
// quality coordinator opens the map, follows a box in the SVG to a process
// (by keyboard-focusable link), edits it, and opens the inventory; staff
// see the map on a phone; axe-core on every page state.
import assert from 'node:assert/strict';
import { Env, runSuite } from './lib.mjs';

const env = new Env();
const phone = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true };

async function mapToProcessAndEdit() {
  const page = await env.page();
  await env.login(page, 'kvalitet');
  await page.getByRole('link', { name: 'Processer' }).click();
  await page.waitForLoadState('load');
  await env.axe(page, '/processes');
  const svg = page.locator('svg[role="group"]');
  assert.equal(await svg.getAttribute('aria-labelledby'), 'pmap-title pmap-desc');
  // the SVG box is a link that takes keyboard focus
  const box = svg.locator('a[href^="/processes/"]', { hasText: 'KP-HSV' });
  await box.focus();
  assert.ok(await box.evaluate((el) => document.activeElement === el), 'the box takes focus');
  await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
  await page.getByRole('heading', { level: 1, name: /KP-HSV Hjärtsviktsvård/ }).waitFor();
  await env.axe(page, '/processes/{id}');
  await page.getByRole('link', { name: 'Ändra processen' }).click();
  await page.waitForLoadState('load');
  await env.axe(page, '/processes/{id}/edit');
  // a bad code is marked, the typed target is kept
  await page.getByLabel('Processkod').fill('fel kod');
  await page.getByLabel('Målnivåer').fill('Minst 90 % med RAAS-hämmare.');
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.waitForLoadState('load');
  await page.getByText('Något behöver rättas').waitFor();
  assert.equal(await page.getByLabel('Målnivåer').inputValue(), 'Minst 90 % med RAAS-hämmare.');
  await env.axe(page, '/processes/{id}/edit (errors)');
  await page.getByLabel('Processkod').fill('KP-HSV');
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.waitForLoadState('load');
  await page.getByText('Ändringarna är sparade.').waitFor();
  await page.getByText('Minst 90 % med RAAS-hämmare.').waitFor();
  await page.context().close();
}

async function inventory() {
  const page = await env.page();
  await env.login(page, 'kvalitet');
  await page.goto(env.base + '/processes/inventory?unit=DPH');
  await env.axe(page, '/processes/inventory');
  await page.getByText('saknar processledare').first().waitFor();
  const adhd = page.locator('article', { hasText: 'KP-ADHD' });
  await adhd.getByLabel('Vad saknas').fill('Processledare utses i mars.');
  await adhd.getByRole('button', { name: /Spara markeringen/ }).click();
  await page.waitForLoadState('load');
  await page.getByText('Ändringarna är sparade.').waitFor();
  assert.equal(await page.locator('article', { hasText: 'KP-ADHD' }).getByLabel('Vad saknas').inputValue(),
    'Processledare utses i mars.');
  await env.axe(page, '/processes/inventory (saved)');
  await page.context().close();
}

async function staffOnPhone() {
  const page = await env.page(phone);
  await env.login(page, 'personal');
  await page.goto(env.base + '/processes');
  await env.axe(page, '/processes (375 px, staff)');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375),
    'the map fits a phone');
  await page.getByRole('link', { name: /KP-ECT Elektrokonvulsiv/ }).first().click();
  await page.waitForLoadState('load');
  await env.axe(page, '/processes/{id} (375 px, staff)');
  assert.equal(await page.getByRole('link', { name: 'Ändra processen' }).count(), 0);
  await page.context().close();
}

await runSuite(env, [
  ['the map, a process and its edit form', mapToProcessAndEdit],
  ['the inventory', inventory],
  ['staff on a phone', staffOnPhone],
]);
