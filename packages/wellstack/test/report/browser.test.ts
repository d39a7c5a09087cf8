import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../src/report/index.ts';
import { assetsOf, planOf } from './fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

describe.skipIf(!existsSync(CHROMIUM))(
  `report.html in headless Chromium (skipped: ${CHROMIUM} is absent)`,
  () => {
    it('shows the diagram and the plan totals with every network request blocked', async () => {
      const plan = planOf();
      const dir = mkdtempSync(join(tmpdir(), 'wellstack-report-'));
      const file = join(dir, 'report.html');
      writeFileSync(file, renderReportHtml(plan, await assetsOf()));

      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const blocked: string[] = [];
        await page.route('**/*', (route) => {
          const url = route.request().url();
          if (url.startsWith('file:')) return route.continue();
          blocked.push(url);
          return route.abort();
        });
        await page.goto(pathToFileURL(file).href);

        const svg = page.getByTestId('diagram-svg');
        await expect.poll(() => svg.isVisible()).toBe(true);
        expect(await svg.locator('g.node').count()).toBeGreaterThan(10);
        expect(await svg.locator('g.cluster').count()).toBeGreaterThan(3);
        const box = await svg.boundingBox();
        expect(box!.width).toBeGreaterThan(400);
        expect(await svg.textContent()).toContain('Web ASG');

        const total = page.getByTestId('monthly-total');
        expect(await total.isVisible()).toBe(true);
        expect(await total.textContent()).toBe(`$${plan.cost!.monthly.toFixed(2)}`);
        const serviceTotal = page.getByTestId('cost-by-service').locator('tfoot td').nth(1);
        expect(await serviceTotal.textContent()).toBe(`$${plan.cost!.monthly.toFixed(2)}`);
        const high = plan.findings.filter((f) => f.severity === 'high').length;
        expect(await page.getByTestId('findings-high').textContent()).toBe(`${high} high`);
        expect(await page.getByTestId('finding').count()).toBe(plan.findings.length);

        await page.screenshot({ path: join(dir, 'report.png'), fullPage: true, timeout: 30_000 });
        expect(existsSync(join(dir, 'report.png'))).toBe(true);
        expect(blocked).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  },
);
