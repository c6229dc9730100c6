// risk_matrix.mjs: a care provider's risk matrix in a real browser (make
// browser): the quality coordinator changes labels and thresholds (a
// failed save keeps the input and marks the fields), a handler then sees
// the provider's labels and grid on a case page on a phone; axe-core on
// every page state.
import assert from 'node:assert/strict';
import { Env, runSuite } from './lib.mjs';

const env = new Env();
const phone = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true };

async function coordinatorChangesTheMatrix() {
  const page = await env.page();
  await env.login(page, 'kvalitet');
  await page.goto(env.base + '/admin/case-settings');
  await page.getByRole('link', { name: 'Riskmatris' }).click();
  await page.waitForLoadState('load');
  await page.getByRole('heading', { level: 1, name: /Riskmatris/ }).waitFor();
  await env.axe(page, '/admin/risk-matrix');
  assert.equal(await page.getByLabel('Låg risk: riskvärde till och med').inputValue(), '3');
  // a threshold below the one before it and a repeated label
  await page.getByLabel('Medelrisk: riskvärde till och med').fill('2');
  await page.locator('#f-consequence_2').fill('mindre');
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.waitForLoadState('load');
  await page.getByText('Något behöver rättas').waitFor();
  assert.equal(await page.locator('#f-consequence_2').inputValue(), 'mindre');
  assert.equal(await page.locator('#f-consequence_2').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#e-consequence_2').textContent(), 'Två nivåer kan inte ha samma benämning');
  await env.axe(page, '/admin/risk-matrix (errors)');
  await page.getByLabel('Medelrisk: riskvärde till och med').fill('9');
  await page.locator('#f-consequence_2').fill('Lindrig');
  await page.locator('#f-probability_4').fill('Nästan säker');
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.waitForLoadState('load');
  await page.getByText('Ändringarna är sparade.').waitFor();
  await page.getByRole('columnheader', { name: '4 Nästan säker' }).waitFor();
  await env.axe(page, '/admin/risk-matrix (saved)');
  await page.context().close();
  // the same page fits a phone
  const small = await env.page(phone);
  await env.login(small, 'kvalitet');
  await small.goto(env.base + '/admin/risk-matrix');
  await env.axe(small, '/admin/risk-matrix (375 px)');
  await small.context().close();
}

async function handlerSeesTheLabels() {
  const page = await env.page(phone);
  await env.login(page, 'handl.ect');
  await page.goto(env.base + '/cases?view=units&state=new');
  await page.locator('table a[href^="/cases/"]').first().click();
  await page.waitForLoadState('load');
  const grid = page.locator('table.risk-grid');
  await grid.waitFor();
  assert.ok(await grid.getByRole('columnheader', { name: '4 Nästan säker' }).count() === 1,
    'the grid has the provider\'s label');
  await page.locator('#f-consequence').selectOption('2');
  await page.locator('#f-probability').selectOption('4');
  await page.locator('form', { has: page.locator('#f-consequence') })
    .getByRole('button', { name: 'Spara' }).click();
  await page.waitForLoadState('load');
  assert.equal(await page.locator('#f-consequence option:checked').textContent(), '2 Lindrig');
  await page.locator('td.current', { hasText: '8 Medel' }).waitFor();
  await env.axe(page, 'case (own matrix, 375 px)');
  await page.context().close();
}

await runSuite(env, [
  ['the coordinator changes the matrix', coordinatorChangesTheMatrix],
  ['a handler assesses with its labels', handlerSeesTheLabels],
]);
