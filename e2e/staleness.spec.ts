// Issue 12, parts 1 and 3: "How stale, how often?" plots PBS t-visibility curves computed in
// the panel's own Web Worker (the diagram's files, loaded only when the panel is opened), with
// progress while it computes, the 99% and 99.9% marks, a legend, a table of every point, named
// errors for bad fields, and a sampled run of any point opened in the cluster view.
// The worker's markup: crates/diagram/src/pbs/; names: docs/UI.md and docs/PBS.md.
import type { Page } from '@playwright/test';
import { test, expect, open, pause, playToTheEnd, shot, tabTo, ui } from './fixtures';

function panel(page: Page) {
  const p = page.locator('#pbs-panel');
  return {
    panel: p,
    summary: p.locator('summary'),
    chart: page.getByRole('img', { name: 't-visibility: P(consistent read) vs time since commit' }),
    curves: p.locator('.pbs-curve'),
    marks: p.locator('.pbs-mark'),
    legend: p.getByRole('list', { name: 'Curves' }).locator('li'),
    table: p.locator('#pbs-table'),
    cells: p.locator('#pbs-table .pbs-cell'),
    status: p.locator('#pbs_status'),
    progress: p.locator('.pbs-progress'),
    run: p.locator('#pbs-run'),
    n: p.getByLabel('n (replicas)', { exact: true }),
    r: p.getByLabel('r (read quorum)', { exact: true }),
    w: p.getByLabel('w (write quorum)', { exact: true }),
    trials: p.getByLabel('Trials', { exact: true }),
    model: p.getByLabel('Latency', { exact: true }),
    draw: p.getByRole('button', { name: 'Draw', exact: true }),
    add: p.getByRole('button', { name: 'Add curve', exact: true }),
    simulate: p.getByRole('button', { name: 'Simulate this scenario', exact: true }),
  };
}

const DEFAULT = 'n=3 r=1 w=1 LNKD-DISK';

test('opens on demand, draws with progress, compares curves, names bad fields, opens a stale run', async ({ page }, testInfo) => {
  const loads: string[] = [];
  page.on('request', (req) => {
    if (req.url().includes('/diagram/')) loads.push(req.url());
  });
  await open(page);
  await pause(page);
  const s = panel(page);
  await expect(s.summary).toHaveText('How stale, how often?');
  await expect(s.panel).not.toHaveAttribute('open', '');
  expect(loads, 'nothing of the panel loads before it is opened').toEqual([]);

  await s.summary.click();
  await expect(s.chart).toBeVisible();
  expect(loads.some((u) => u.endsWith('diagram/diagram-worker_bg.wasm'))).toBe(true);
  expect(loads.some((u) => u.endsWith('diagram/pbs.css'))).toBe(true);
  await expect(s.curves).toHaveCount(1);
  await expect(s.marks).toHaveCount(2);
  await expect(s.status).toContainText(`Drew ${DEFAULT} from 200,000 trials.`);
  // The chart's description says what the marks say; the legend names the curve.
  await expect(s.chart).toHaveAccessibleDescription(/n=3 r=1 w=1 LNKD-DISK: 43\.5% at commit; 99% at 22\.0 ms; 99\.9% at 47\.3 ms\./);
  await expect(s.legend).toHaveCount(1);
  await expect(s.legend.first()).toContainText(DEFAULT);
  await expect(s.cells).toHaveCount(50);

  // A second curve, a million trials: progress shows while the worker computes.
  await s.n.fill('5');
  await s.w.fill('2');
  await s.model.selectOption('ymmr');
  await s.trials.fill('1000000');
  await s.add.click();
  await expect(s.progress).toBeVisible();
  await expect(s.progress).toContainText('of 1,000,000 trials');
  await expect(s.status).toContainText('Drew n=5 r=1 w=2 YMMR from 1,000,000 trials.', { timeout: 30_000 });
  await expect(s.curves).toHaveCount(2);
  await expect(s.legend).toHaveCount(2);
  await expect(s.legend.nth(1)).toContainText('n=5 r=1 w=2 YMMR');
  await expect(s.table.locator('thead th')).toHaveText(['t', DEFAULT, 'n=5 r=1 w=2 YMMR']);
  await expect(s.cells).toHaveCount(100);
  await shot(page, testInfo, 'two curves');

  // Bad fields are named, and nothing is drawn.
  await s.r.fill('9');
  await s.add.click();
  await expect(s.status.getByRole('alert')).toHaveText('r (read quorum) must be from 1 to n = 5; got 9.');
  await s.n.fill('three');
  await s.add.click();
  await expect(s.status.getByRole('alert')).toHaveText('n (replicas) must be a whole number from 1 to 64; “three” is not.');
  await expect(s.curves).toHaveCount(2);

  // Removing a curve.
  await s.panel.getByRole('button', { name: 'Remove n=5 r=1 w=2 YMMR' }).click();
  await expect(s.legend).toHaveCount(1);

  // A point of the LNKD-DISK curve at 0.01 ms after the commit: most reads there are stale,
  // and the panel shows a stale trial, opened in the cluster view.
  const cell = s.panel.getByRole('button', { name: `${DEFAULT}: 43.71% at 0.010 ms; show a run` });
  await cell.click();
  await expect(s.run).toContainText('a stale read');
  await expect(s.run).toContainText('was stale in');
  await expect(page.locator('.scenario-title')).toHaveText('A stale read 0.010 ms after the commit');
  await expect(page.locator('.scenario-title')).toBeVisible();
  await playToTheEnd(page);
  const q = ui(page);
  await expect(q.ops).toHaveCount(2);
  await expect(q.op('2')).toHaveAttribute('data-stale', 'true');
  await shot(page, testInfo, 'stale run');
  // The run's share link is in the address; pressing the same value again opens it afresh.
  expect(new URL(page.url()).hash).toMatch(/^#z=/);
  await cell.click();
  await expect(q.ops).toHaveCount(0);
  await expect(q.simTime).toHaveText('0.0 ms');
});

test('the engine curve of this scenario, dashed, with its interval in the table', async ({ page }) => {
  await open(page);
  await pause(page);
  const s = panel(page);
  await s.summary.click();
  await expect(s.curves).toHaveCount(1);
  await s.simulate.click();
  await expect(s.status).toContainText('simulated', { timeout: 30_000 });
  await expect(s.status).toContainText('1,000 trials');
  await expect(s.curves).toHaveCount(2);
  await expect(s.legend.nth(1)).toContainText('simulated');
  await expect(s.panel.locator('.pbs-swatch.dashed')).toHaveCount(1);
  await expect(s.cells).toHaveCount(75);
  // Every other t of the grid, each with its 95% interval.
  const engine = s.panel.locator('.pbs-cell[aria-label*="simulated"]');
  await expect(engine).toHaveCount(25);
  await expect(engine.first()).toHaveText(/^\d+\.\d\d% \[\d+\.\d%, \d+\.\d%\]$/);
});

test('keyboard only: open, add a curve, show a run', async ({ page }) => {
  await open(page);
  await pause(page);
  const s = panel(page);
  await tabTo(page, s.summary);
  await page.keyboard.press('Enter');
  await expect(s.curves).toHaveCount(1);
  await tabTo(page, s.r);
  await page.keyboard.press('Control+a');
  await page.keyboard.type('2');
  await tabTo(page, s.add);
  await page.keyboard.press('Enter');
  await expect(s.legend).toHaveCount(2);
  await expect(s.add, 'the focus stays on the button').toBeFocused();
  // The paper's LNKD-DISK, N = 3, R = 2, W = 1: 99.9% at 13.6 ms (these trials: 14.4 ms).
  await expect(s.legend.nth(1)).toContainText('n=3 r=2 w=1 LNKD-DISK: 76.1% at commit; 99% at 7.50 ms; 99.9% at 14.4 ms.');
  const cell = s.cells.first();
  await tabTo(page, cell, 300);
  await page.keyboard.press('Enter');
  await expect(s.run).toContainText('Shown: trial');
  await expect(cell, 'the value pressed keeps the focus').toBeFocused();
});

test.describe('390 x 844, touch', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the panel opens by tapping, fits the screen, and a tapped chart point shows a run', async ({ page }, testInfo) => {
    await open(page);
    await pause(page);
    const s = panel(page);
    const top = () => page.locator('.cluster-slot').evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    const cluster = await top();
    await s.summary.scrollIntoViewIfNeeded();
    expect((await s.summary.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await s.summary.tap();
    await expect(s.chart).toBeVisible();
    await expect(s.curves).toHaveCount(1);
    for (const part of [s.chart, s.n, s.model, s.add, s.simulate]) {
      const box = (await part.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390 + 0.5);
    }
    expect((await s.add.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    expect(await top(), 'the cluster did not move').toBe(cluster);
    await s.chart.scrollIntoViewIfNeeded();
    await shot(page, testInfo, 'pbs phone');
    await s.panel.locator('[data-act="pt:0:20"] .pbs-hit').tap();
    await expect(s.run).toContainText('Shown: trial');
  });
});
