import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reportFixture } from './reportFixture.js';

// The report in a real browser: Debian's chromium, driven by playwright-core (headless, no sandbox).
// Where the binary is missing the test is skipped with a title and a warning naming it.

const CHROMIUM = process.env.DLGEN_CHROMIUM ?? '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM);
if (missing)
  console.warn(
    `report browser test skipped: the chromium binary ${CHROMIUM} is missing (apt-get install chromium, or set DLGEN_CHROMIUM)`,
  );

describe('verify report in headless Chromium', () => {
  it.skipIf(missing)(
    missing
      ? `SKIPPED: chromium binary ${CHROMIUM} is missing`
      : 'shows every figure, filters to failed claims and back, expands a row, and loads nothing from the network',
    async () => {
      const { chromium } = await import('playwright-core');
      const dir = mkdtempSync(join(tmpdir(), 'dlgen-report-browser-'));
      const { doc, html } = await reportFixture();
      const file = join(dir, 'report.html');
      writeFileSync(file, html);
      const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
        viewport: { width: 1400, height: 900 },
      });
      try {
        const requests: string[] = [];
        context.on('request', (r) => requests.push(r.url()));
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(pathToFileURL(file).href);
        const figures = page.locator('figure.fig svg');
        expect(await figures.count()).toBe(2);
        for (let i = 0; i < 2; i++) {
          const svg = figures.nth(i);
          await svg.scrollIntoViewIfNeeded();
          expect(await svg.isVisible()).toBe(true);
          const box = (await svg.boundingBox())!;
          expect(box.width).toBeGreaterThan(200);
          expect(box.height).toBeGreaterThan(100);
          // Non-empty: the figure has drawn marks (paths) and text.
          expect(await svg.locator('path').count()).toBeGreaterThan(10);
          expect(await svg.locator('text').count()).toBeGreaterThan(10);
        }
        const rows = page.locator('tr.claim');
        const visible = async () =>
          (await rows.evaluateAll(
            (els) => els.filter((e) => !(e as unknown as { hidden: boolean }).hidden).length,
          )) as number;
        expect(await rows.count()).toBe(doc.claims.length);
        await page.selectOption('#status-filter', 'fail');
        expect(await visible()).toBe(doc.failed);
        await page.selectOption('#status-filter', 'all');
        expect(await visible()).toBe(doc.claims.length);
        await page.fill('#search', 'learned in the order');
        expect(await visible()).toBe(1);
        await page.fill('#search', '');
        // Expand the failing row: statement, counterexample, replay command and the illustrating figure appear.
        const failing = page.locator('tr.claim[data-status="fail"]').first();
        await failing.click();
        const details = page.locator(`#details-${await failing.getAttribute('data-row')}`);
        expect(await details.isVisible()).toBe(true);
        expect(await details.locator('pre.counterexample').isVisible()).toBe(true);
        expect(await details.locator('.replay code').textContent()).toContain('dlgen verify --claim C3');
        expect(await details.locator('.fig-slot svg').count()).toBe(1);
        await failing.click();
        expect(await details.isVisible()).toBe(false);
        const shot = join(dir, 'report.png');
        await page.screenshot({ path: shot, fullPage: true });
        expect(statSync(shot).size).toBeGreaterThan(10_000);
        expect(errors).toEqual([]);
        expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
      } finally {
        await context.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    300_000,
  );
});
