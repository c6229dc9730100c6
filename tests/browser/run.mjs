// run.mjs: browser and accessibility tests for ska (make browser).
//
// Starts a throw-away server on a fresh demo database, drives the system
// Chromium through playwright-core and runs axe-core (WCAG 2.1 A/AA) on
// every page it visits; any axe violation fails the scenario. Prints one
// line per scenario and "N passed, N failed" last; exits 1 on failure.
//
// Environment: SKA_BIN (the ska binary, default build/ska), SKA_CHROMIUM
// (default /usr/bin/chromium).
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const SKA = resolve(process.env.SKA_BIN || 'build/ska');
const CHROMIUM = process.env.SKA_CHROMIUM || '/usr/bin/chromium';
const PASSWORD = 'exempel-2026';
const RUN_TIMEOUT_MS = 180_000;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let server = null;
let browser = null;
let dir = null;

function cleanup() {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
}

const watchdog = setTimeout(() => {
  console.log(`FAIL: the whole run took longer than ${RUN_TIMEOUT_MS / 1000} s`);
  console.log('0 passed, 1 failed');
  cleanup();
  process.exit(1);
}, RUN_TIMEOUT_MS);

/* startServer runs `ska serve` on a free port and resolves to its base URL
 * once it prints its "listening" line. */
function startServer(db) {
  return new Promise((ok, fail) => {
    server = spawn(SKA, ['serve', '--db', db, '--listen', '127.0.0.1:0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const t = setTimeout(() => fail(new Error(`server did not start: ${out}${err}`)), 10_000);
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) { clearTimeout(t); ok(m[1]); }
    });
    server.stderr.on('data', (d) => { err += d; });
    server.on('exit', (code) => {
      clearTimeout(t);
      fail(new Error(`server exited (${code}): ${out}${err}`));
    });
  });
}

/* checkA11y runs axe-core on the page and fails on any violation. */
const checked = [];
async function checkA11y(page, what) {
  await page.addScriptTag({ path: AXE_PATH });
  const res = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  }, AXE_TAGS);
  const label = what || new URL(page.url()).pathname;
  checked.push(label);
  if (res.length) {
    const lines = res.map((v) => `  axe ${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes.map((n) => `      ${n}`).join('\n'));
    assert.fail(`axe violations on ${label}:\n${lines.join('\n')}`);
  }
}

/* visit loads a path, checks the status and runs axe. */
async function visit(page, base, path, status = 200) {
  const resp = await page.goto(base + path);
  assert.equal(resp.status(), status, `GET ${path}`);
  await checkA11y(page, path);
  return resp;
}

async function login(page, base, user, pw = PASSWORD) {
  await page.goto(base + '/login');
  await page.getByLabel('Användarnamn').fill(user);
  await page.getByLabel('Lösenord').fill(pw);
  await Promise.all([
    page.waitForLoadState('load'),
    page.getByRole('button', { name: 'Logga in', exact: true }).click(),
  ]);
}

async function main() {
  dir = mkdtempSync(join(tmpdir(), 'ska-browser-'));
  const db = join(dir, 'ska.db');
  execFileSync(SKA, ['init', '--db', db], { stdio: 'ignore' });
  execFileSync(SKA, ['demo', '--db', db], { stdio: 'ignore' });
  const base = await startServer(db);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  // bypassCSP only so that axe can be injected; the app's own pages run
  // under their real CSP otherwise unchanged.
  const ctx = await browser.newContext({ bypassCSP: true, locale: 'sv-SE' });
  const page = await ctx.newPage();
  page.setDefaultTimeout(10_000);

  const results = [];
  async function scenario(name, fn) {
    const t0 = Date.now();
    try {
      await fn();
      results.push(true);
      console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      results.push(false);
      console.log(`FAIL ${name}: ${e.message}`);
    }
  }

  await scenario('g. wrong password shows an error', async () => {
    await visit(page, base, '/login');
    await login(page, base, 'admin', 'fel-lösenord');
    await assert.doesNotReject(
      page.getByText('Fel användarnamn eller lösenord').waitFor());
    await checkA11y(page, '/login (wrong password)');
  });

  await scenario('a. log in as admin through the form', async () => {
    await login(page, base, 'admin');
    assert.equal(new URL(page.url()).pathname, '/');
    await page.getByRole('button', { name: 'Logga ut' }).waitFor();
    await checkA11y(page, '/ (after log-in)');
  });

  await scenario('b. every navigation page and the admin pages', async () => {
    await page.goto(base + '/');
    const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
    const labels = await nav.getByRole('link').allTextContents();
    assert.deepEqual(labels, ['Start', 'Rapportera', 'Ärenden', 'Åtgärder', 'Dokument', 'Inkorg', 'Indikatorer', 'Processer', 'Ledningssystemet', 'Administration', 'Mitt konto']);
    // short enough for one line on a desktop (1280 px), even for an admin
    const tops = await nav.locator('li').evaluateAll((li) => li.map((e) => e.offsetTop));
    assert.equal(new Set(tops).size, 1, `the navigation wraps: ${tops}`);
    for (const label of labels) {
      await page.goto(base + '/');
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('navigation', { name: 'Huvudmeny' })
          .getByRole('link', { name: label, exact: true }).click(),
      ]);
      const cur = page.getByRole('navigation', { name: 'Huvudmeny' })
        .locator('a[aria-current="page"]');
      assert.equal((await cur.textContent()).trim(), label, `current for ${label}`);
      await checkA11y(page, `${new URL(page.url()).pathname} (nav: ${label})`);
    }
    // every administration page through the hub; the hub's entry stays
    // current under /admin, the indicator import is an indicator page
    await visit(page, base, '/admin');
    const hub = page.getByRole('main').getByRole('listitem').getByRole('link');
    const hubLabels = await hub.allTextContents();
    assert.deepEqual(hubLabels, ['Organisation', 'Användare', 'Importera från CSV', 'Ärendeinställningar', 'Kategorier', 'Riskmatris', 'Importera indikatorer']);
    for (const label of hubLabels) {
      await page.goto(base + '/admin');
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('main').getByRole('link', { name: label, exact: true }).click(),
      ]);
      const path = new URL(page.url()).pathname;
      const cur = page.getByRole('navigation', { name: 'Huvudmeny' })
        .locator('a[aria-current="page"]');
      assert.equal((await cur.textContent()).trim(),
        path.startsWith('/admin/') ? 'Administration' : 'Indikatorer', `current for ${path}`);
      await checkA11y(page, `${path} (hub: ${label})`);
    }
    // the catalogue is reached from the dashboard, and links back
    await page.goto(base + '/dashboard');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('main').getByRole('link', { name: /^Indikatorkatalogen/ }).click(),
    ]);
    assert.equal(new URL(page.url()).pathname, '/indicators');
    await page.getByRole('main').getByRole('link', { name: /^Indikatoröversikten/ }).waitFor();
    await visit(page, base, '/admin/units/1');
    await visit(page, base, '/admin/users/1');
    await visit(page, base, '/admin/units/new');
    await visit(page, base, '/admin/users/new');
    await visit(page, base, '/admin/case-settings');
    await visit(page, base, '/admin/categories');
    await visit(page, base, '/history/org_unit/1');
    await visit(page, base, '/dashboard');
    await visit(page, base, '/dashboard?unit=KARD&verdict=concerning');
    await visit(page, base, '/indicators');
    await visit(page, base, '/indicators?dimension=safe&q=a');
    await visit(page, base, '/indicators/HSV-RAAS?unit=KARD');
    await visit(page, base, '/no/such/page', 404);
    await page.getByRole('heading', { level: 1, name: 'Sidan hittades inte' }).waitFor();
  });

  await scenario('c. form errors: summary, marked field, input kept', async () => {
    await visit(page, base, '/admin/units/new');
    await page.getByLabel('Kod', { exact: true }).fill('bad code!');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Spara' }).click(),
    ]);
    const summary = page.locator('#error-summary');
    await summary.waitFor();
    assert.match(await summary.textContent(), /Något behöver rättas/);
    assert.match(await page.locator('#f-name').locator('..').getAttribute('class'), /has-error/);
    assert.match(await page.locator('#f-code').locator('..').getAttribute('class'), /has-error/);
    assert.equal(await page.locator('#f-code').inputValue(), 'bad code!');
    await checkA11y(page, '/admin/units (form with errors)');
  });

  await scenario('d. language: English and back to Swedish', async () => {
    async function setLang(radio, button) {
      await page.goto(base + '/account');
      await page.getByLabel(radio, { exact: true }).check();
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('button', { name: button }).click(),
      ]);
      await page.goto(base + '/');
    }
    await setLang('English', 'Spara språk');
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Home', exact: true }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await checkA11y(page, '/ (English)');
    await visit(page, base, '/account');
    await setLang('Svenska', 'Save language');
    await nav.getByRole('link', { name: 'Start', exact: true }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
  });

  await scenario('e. phone viewport 375x667: no horizontal overflow', async () => {
    const phone = await browser.newContext({
      bypassCSP: true, viewport: { width: 375, height: 667 }, isMobile: true,
      hasTouch: true,
    });
    try {
      const p = await phone.newPage();
      p.setDefaultTimeout(10_000);
      // Wide data tables (/admin/units, /admin/users) are exempt from
      // reflow (WCAG 1.4.10) and are not checked here.
      for (const step of ['login', 'home', 'account', 'unit form', 'dashboard', 'hub']) {
        if (step === 'login') await p.goto(base + '/login');
        if (step === 'home') await login(p, base, 'admin');
        if (step === 'account') await p.goto(base + '/account');
        if (step === 'unit form') await p.goto(base + '/admin/units/1');
        if (step === 'dashboard') await p.goto(base + '/dashboard?unit=KARD-HSV');
        if (step === 'hub') await p.goto(base + '/admin');
        const w = await p.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(w <= 375, `${step}: scrollWidth ${w} > 375`);
        await checkA11y(p, `${new URL(p.url()).pathname} (375 px)`);
      }
    } finally {
      await phone.close();
    }
  });

  await scenario('f. log out shows the log-in page', async () => {
    await page.goto(base + '/');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Logga ut' }).click(),
    ]);
    await page.getByRole('heading', { name: 'Logga in' }).waitFor();
    await page.getByLabel('Användarnamn').waitFor();
    await page.goto(base + '/admin/units');
    assert.equal(new URL(page.url()).pathname, '/login', 'logged out for real');
    await checkA11y(page, '/login (after log-out)');
  });

  await scenario('h. indicator as a manager: baseline form, errors kept', async () => {
    await login(page, base, 'chef.kard');
    await visit(page, base, '/indicators/HSV-RAAS?unit=KARD');
    await page.locator('#f-b_period').fill('2024-01');
    await page.locator('#f-b_justification').fill('Ny rutin');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Spara beslutet' }).click(),
    ]);
    await page.locator('.error-summary').waitFor();
    assert.equal(await page.locator('#f-b_period').inputValue(), '2024-01');
    assert.equal(await page.locator('#f-b_justification').inputValue(), 'Ny rutin');
    await checkA11y(page, '/indicators/HSV-RAAS (baseline errors)');
    await page.goto(base + '/');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Logga ut' }).click(),
    ]);
  });

  console.log(`axe checked ${checked.length} page states: ${[...new Set(checked)].join(', ')}`);
  const pass = results.filter(Boolean).length;
  const fail = results.length - pass;
  return { pass, fail };
}

let code = 1;
let summary = '0 passed, 1 failed';
try {
  const { pass, fail } = await main();
  summary = `${pass} passed, ${fail} failed`;
  code = fail ? 1 : 0;
} catch (e) {
  console.log(`FAIL setup: ${e.stack || e.message}`);
} finally {
  try { if (browser) await browser.close(); } catch { /* already gone */ }
  cleanup();
  clearTimeout(watchdog);
}
console.log(summary);
process.exit(code);
