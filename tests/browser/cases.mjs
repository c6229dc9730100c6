// cases.mjs: deviation management in a real browser (make browser): a
// staff member reports from a phone-sized screen, the case handler assesses
// and closes on a desktop, the reporter sees the feedback; axe-core on every
// page state.
import assert from 'node:assert/strict';
import { Env, runSuite } from './lib.mjs';

const env = new Env();
const phone = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true };
let caseUrl = null;
let number = null;

async function reportOnPhone() {
  const page = await env.page(phone);
  await env.login(page, 'personal');
  await page.getByRole('link', { name: 'Rapportera' }).click();
  await page.waitForLoadState('load');
  await env.axe(page, '/report (375 px)');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375),
    'the report form fits a phone');
  // submit with nothing filled in: the error is shown, the choice is kept
  await page.getByLabel('Synpunkt eller klagomål').check();
  await page.getByRole('button', { name: 'Skicka rapporten' }).click();
  await page.waitForLoadState('load');
  await page.getByText('Något behöver rättas').waitFor();
  assert.ok(await page.getByLabel('Synpunkt eller klagomål').isChecked(), 'choice kept');
  await env.axe(page, '/report (errors, 375 px)');
  await page.getByLabel('Avvikelse').check();
  await page.getByLabel('Vad hände?').fill('Patienten fick fel läkemedel vid kvällsmedicineringen.');
  await page.getByLabel('En patient berördes').check();
  // a photo from the phone (multipart/form-data; the type is sniffed)
  await page.locator('#f-files').setInputFiles({
    name: 'foto.png', mimeType: 'image/png',
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
  });
  await page.getByRole('button', { name: 'Skicka rapporten' }).click();
  await page.waitForLoadState('load');
  await page.getByRole('link', { name: 'foto.png' }).waitFor();
  const thanks = await page.getByRole('status').textContent();
  const m = thanks.match(/(\d{4}-\d{6})/);
  assert.ok(m, `a case number in: ${thanks}`);
  number = m[1];
  caseUrl = new URL(page.url()).pathname;
  await env.axe(page, 'case after reporting (375 px)');
  await page.context().close();
}

async function handleAndClose() {
  const page = await env.page();
  await env.login(page, 'handl.ect');
  await page.goto(env.base + '/cases?view=units');
  await env.axe(page, '/cases?view=units');
  await page.getByRole('link', { name: number }).click();
  await page.waitForLoadState('load');
  await env.axe(page, 'case (handler)');
  await page.getByText('Återkoppling till rapportören saknas').first().waitFor();
  // closing too early explains why
  await page.getByRole('button', { name: 'Avsluta ärendet' }).isDisabled();
  await page.getByLabel('Konsekvens').selectOption('2');
  await page.getByLabel('Sannolikhet').selectOption('3');
  await page.getByLabel('Systemfel').check();
  await page.getByRole('textbox', { name: 'Återkoppling till rapportören' }).fill('Tack! Vi har infört dubbelkontroll.');
  await page.getByLabel('Jag handlägger ärendet').check();
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.waitForLoadState('load');
  await page.getByText('Allt som krävs för att avsluta är klart.').waitFor();
  await env.axe(page, 'case (assessed)');
  // an action: added, then done and evaluated, before the case can close
  await page.getByText('Lägg till åtgärd', { exact: true }).first().click();
  await page.getByLabel('Åtgärd', { exact: true }).fill('Dubbelkontroll vid kvällsmedicineringen');
  await page.getByLabel('Ansvarig', { exact: true }).selectOption({ label: 'Erik Ek' });
  const due = new Date(Date.now() + 7 * 864e5).toISOString().slice(0, 10);
  await page.getByLabel('Klar senast', { exact: true }).fill(due);
  await page.getByRole('button', { name: 'Lägg till åtgärd' }).click();
  await page.waitForLoadState('load');
  await page.getByText('Dubbelkontroll vid kvällsmedicineringen').waitFor();
  await env.axe(page, 'case (action planned)');
  await page.goto(env.base + '/actions');
  await page.getByText('Dubbelkontroll vid kvällsmedicineringen').first().waitFor();
  await env.axe(page, '/actions (unit list)');
  await page.goBack();
  await page.getByRole('button', { name: 'Markera som genomförd' }).click();
  await page.waitForLoadState('load');
  await page.getByLabel('Utvärdering av effekt eller skäl till makulering').fill('Inga fler feldoser.');
  await page.getByRole('button', { name: 'Utvärdera' }).click();
  await page.waitForLoadState('load');
  await page.getByText('Inga fler feldoser.').waitFor();
  await page.getByRole('button', { name: 'Markera som bedömd' }).click();
  await page.waitForLoadState('load');
  await page.getByRole('button', { name: 'Avsluta ärendet' }).click();
  await page.waitForLoadState('load');
  await page.getByText('Avslutad').first().waitFor();
  await env.axe(page, 'case (closed)');
  await page.context().close();
}

async function reporterSeesFeedback() {
  const page = await env.page(phone);
  await env.login(page, 'personal');
  await page.goto(env.base + caseUrl);
  await page.getByText('Vi har infört dubbelkontroll').waitFor();
  await page.getByText('Avslutad').first().waitFor();
  await env.axe(page, 'case (reporter, 375 px)');
  await page.goto(env.base + '/cases');
  await env.axe(page, '/cases (mine, 375 px)');
  await page.context().close();
}

// a complaint's clock, a serious case's Lex Maria decision (form errors as
// the quality role), the statistics page and the overdue filter
async function clocksAndStats() {
  let page = await env.page();
  await env.login(page, 'handl.ect');
  await page.goto(env.base + '/report');
  await page.getByLabel('Synpunkt eller klagomål').check();
  await page.getByLabel('Vad hände?').fill('Anhörig klagar på väntetiden.');
  await page.getByRole('button', { name: 'Skicka rapporten' }).click();
  await page.waitForLoadState('load');
  const url = new URL(page.url()).pathname;
  await page.getByText('Svar senast').first().waitFor();
  await env.axe(page, 'case (complaint clock)');
  await page.getByLabel('Orsakade eller kunde ha orsakat allvarlig vårdskada').check();
  await page.locator(`form[action="${url}"] button[type=submit]`).click();
  await page.waitForLoadState('load');
  await page.getByText('Inget beslut ännu').waitFor();
  await page.goto(env.base + '/cases?view=units&overdue=1');
  await env.axe(page, '/cases (overdue only)');
  await page.context().close();
  page = await env.page();
  await env.login(page, 'kvalitet');
  await page.goto(env.base + url);
  await env.axe(page, 'case (Lex Maria form)');
  await page.getByRole('button', { name: 'Spara beslutet' }).click();
  await page.waitForLoadState('load');
  await page.getByText('Något behöver rättas').waitFor();
  await env.axe(page, 'case (Lex Maria errors)');
  await page.goto(env.base + '/cases/stats');
  await page.getByText('Kumulativ andel').waitFor();
  await env.axe(page, '/cases/stats');
  await page.context().close();
}

async function draftIsKept() {
  const page = await env.page(phone);
  await env.login(page, 'personal');
  await page.goto(env.base + '/report');
  await page.getByLabel('Vad hände?').fill('Utkast: larmet på avdelningen tystnade');
  await page.getByLabel('Risk', { exact: true }).check();
  // the tab is closed and opened again: the draft is back
  await page.goto(env.base + '/report');
  await page.getByText('Ditt utkast som inte skickats har återställts.').waitFor();
  assert.equal(await page.getByLabel('Vad hände?').inputValue(),
    'Utkast: larmet på avdelningen tystnade');
  assert.ok(await page.getByLabel('Risk', { exact: true }).isChecked(), 'type restored');
  await env.axe(page, '/report (draft restored, 375 px)');
  await page.getByRole('button', { name: 'Börja om' }).click();
  assert.equal(await page.getByLabel('Vad hände?').inputValue(), '');
  await page.goto(env.base + '/report');
  assert.equal(await page.getByText('Ditt utkast').count(), 0, 'no draft after starting over');
  await page.context().close();
}

await runSuite(env, [
  ['a draft survives a reload and can be dropped', draftIsKept],
  ['report a deviation on a phone', reportOnPhone],
  ['handle, assess and close as the unit handler', handleAndClose],
  ['the reporter sees the outcome and feedback', reporterSeesFeedback],
  ['clocks, Lex Maria and statistics', clocksAndStats],
]);
