// Makes the README's screenshots of the registry's pages: `npm run build && node docs/screenshots/take.mjs`.
// Starts the registry in memory with the demo data, publishes one run, signs in as a champion and
// photographs each page in headless Chromium, 1000 px wide.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarise } from '@atcompat/contracts';
import { launchBrowser } from '@atcompat/harness';
import { bootstrapApp } from '../../apps/registry/dist/app.js';
import { AppConfig } from '../../apps/registry/dist/config/app-config.js';
import { seedDemoData } from '../../apps/registry/dist/demo/seed-demo.js';
import { UsersService } from '../../apps/registry/dist/accounts/users.service.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ADMIN = `screenshots-${randomUUID()}`;
const PASSWORD = `screenshots-${randomUUID()}`;

const config = AppConfig.forTest({ adminToken: ADMIN });
const { app } = await bootstrapApp(config);
await app.init();
await seedDemoData(app);
await app.listen(0, '127.0.0.1');
const base = `http://127.0.0.1:${app.getHttpServer().address().port}`;
await app.get(UsersService).create({ email: 'cara@example.gov.uk', name: 'Cara Champion', role: 'champion', password: PASSWORD });

const pages = [
  { url: 'http://casework.test/cases/1042', title: 'Case 1042', state: 'initial', findings: [
    { rule: 'keyboard/mouse-only-control', impact: 'critical', wcag: ['2.1.1'], profiles: ['keyboard', 'speech'], selector: '#save',
      html: '<div id="save">Save note</div>', message: '"Save note" responds to click but can never receive keyboard focus.', fingerprint: 'save' },
    { rule: 'speech/label-not-in-name', impact: 'serious', wcag: ['2.5.3'], profiles: ['speech'], selector: '#search',
      html: '<button id="search" aria-label="Find">Search</button>', message: 'The visible label "Search" is not part of the accessible name "Find".', fingerprint: 'search' },
  ] },
];
const journeys = [{ name: 'Record a note', mode: 'keyboard', passed: false, steps: [
  { name: "fill 'Note'", status: 'passed' },
  { name: "activate 'Save note'", status: 'blocked', reason: 'not reachable with the keyboard: "Save note" never receives focus' },
] }];
const { summary, profiles } = summarise(pages, journeys);
const startedAt = new Date(Date.now() - 60_000).toISOString();
const report = { schemaVersion: 1, tool: { name: 'atcompat', version: '0.1.0' },
  run: { id: randomUUID(), startedAt, finishedAt: new Date().toISOString(), target: { system: 'casework', release: '2.4.0' }, browser: 'chromium' },
  pages, journeys, profiles, summary };
const published = await fetch(`${base}/api/v1/runs`, {
  method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
  body: JSON.stringify({ system: 'casework', release: '2.4.0', commit: '9fceb02', report }),
});
const run = await published.json();

const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.fill('#email', 'cara@example.gov.uk');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${base}/`), page.press('#password', 'Enter')]);
  const shoot = async (name, url, { full = false, clip } = {}) => {
    await page.goto(`${base}${url}`, { waitUntil: 'load' });
    await page.screenshot({ path: path.join(here, `${name}.png`), fullPage: full, ...(clip ? { clip } : {}) });
    console.log(`docs/screenshots/${name}.png`);
  };
  await shoot('home', '/');
  await shoot('matrix', '/matrix');
  await shoot('system', '/systems/casework', { full: true, clip: { x: 0, y: 0, width: 1000, height: 1500 } });
  await shoot('run', `/runs/${run.id}`, { full: true, clip: { x: 0, y: 0, width: 1000, height: 1400 } });
  await page.goto(`${base}/systems/new`);
  await Promise.all([page.waitForURL(`${base}/systems`), page.locator('main form button[type=submit]').press('Enter')]);
  await page.screenshot({ path: path.join(here, 'form-errors.png') });
  console.log('docs/screenshots/form-errors.png');
} finally {
  await browser.close();
  await app.close();
}
