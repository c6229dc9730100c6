// lib.mjs: what the browser suites share: a throw-away ska server on a fresh
// demo database, Debian's Chromium through playwright-core, axe-core checks
// (WCAG 2.1 A/AA, zero violations) and the log-in form.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const SKA = resolve(process.env.SKA_BIN || 'build/ska');
const CHROMIUM = process.env.SKA_CHROMIUM || '/usr/bin/chromium';
export const PASSWORD = 'exempel-2026';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/* Env owns the server, the browser and the temp dir of one suite. */
export class Env {
  constructor() {
    this.server = null;
    this.browser = null;
    this.dir = mkdtempSync(join(tmpdir(), 'ska-browser-'));
    this.db = join(this.dir, 'ska.db');
    this.checked = [];
  }

  /* start creates the demo database, starts the server on a free port and
   * launches Chromium; resolves to the base URL. */
  async start() {
    execFileSync(SKA, ['init', '--db', this.db], { stdio: 'ignore' });
    execFileSync(SKA, ['demo', '--db', this.db], { stdio: 'ignore' });
    this.base = await new Promise((ok, fail) => {
      this.server = spawn(SKA, ['serve', '--db', this.db, '--listen', '127.0.0.1:0'],
        { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      const t = setTimeout(() => fail(new Error(`server did not start: ${out}${err}`)), 10_000);
      this.server.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
        if (m) { clearTimeout(t); ok(m[1]); }
      });
      this.server.stderr.on('data', (d) => { err += d; });
      this.server.on('exit', (code) => {
        clearTimeout(t);
        fail(new Error(`server exited (${code}): ${out}${err}`));
      });
    });
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
        '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    return this.base;
  }

  /* page opens a new context (its own cookies) and page; bypassCSP only so
   * that axe can be injected. */
  async page(opts = {}) {
    const ctx = await this.browser.newContext({ bypassCSP: true, locale: 'sv-SE', ...opts });
    return ctx.newPage();
  }

  async stop() {
    if (this.browser) await this.browser.close().catch(() => {});
    if (this.server && this.server.exitCode === null) this.server.kill('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }

  /* axe runs axe-core on the page and fails on any violation. */
  async axe(page, what) {
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
    this.checked.push(label);
    if (res.length) {
      const lines = res.map((v) => `  axe ${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes.map((n) => `      ${n}`).join('\n'));
      assert.fail(`axe violations on ${label}:\n${lines.join('\n')}`);
    }
  }

  async login(page, user, pw = PASSWORD) {
    await page.goto(this.base + '/login');
    await page.getByLabel('Användarnamn').fill(user);
    await page.getByLabel('Lösenord').fill(pw);
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Logga in', exact: true }).click(),
    ]);
  }
}

/* runSuite runs named scenarios in order, printing one line each and
 * "N passed, N failed" last; exits 1 on any failure or after timeoutMs. */
export async function runSuite(env, scenarios, timeoutMs = 120_000) {
  let passed = 0;
  let failed = 0;
  const watchdog = setTimeout(async () => {
    console.log(`FAIL: the suite took longer than ${timeoutMs / 1000} s`);
    console.log(`${passed} passed, ${failed + 1} failed`);
    await env.stop();
    process.exit(1);
  }, timeoutMs);
  try {
    await env.start();
    for (const [name, fn] of scenarios) {
      const t0 = Date.now();
      try {
        await fn();
        passed++;
        console.log(`ok   ${name} (${Date.now() - t0} ms)`);
      } catch (e) {
        failed++;
        console.log(`FAIL ${name}: ${e.message}`);
      }
    }
  } catch (e) {
    failed++;
    console.log(`FAIL setup: ${e.message}`);
  } finally {
    clearTimeout(watchdog);
    await env.stop();
  }
  console.log(`axe checked ${env.checked.length} page states: ${env.checked.join(', ')}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
