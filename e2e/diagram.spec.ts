// Issue 10, part 3: the space-time diagram (src/components/diagram.rs, drawn by the Web Worker
// of crates/diagram). It opens on demand, draws the default preset's run as arrows and spans,
// selects an operation by click and by keyboard (the operation log follows), and downloads the
// whole diagram as an SVG file.
import { test, expect, open, pause, stepUntil, shot } from './fixtures';
import { readFile } from 'node:fs/promises';

test('issue10: the diagram opens on demand and draws the default run', async ({ page }, testInfo) => {
  const workerLoads: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/diagram/')) workerLoads.push(r.url());
  });
  const q = await open(page);
  await pause(page);
  // Let the preset's first operations run.
  await stepUntil(page, async () => (await q.ops.count()) >= 2, 'two operations');
  expect(workerLoads, 'nothing of the diagram loads before it is opened').toEqual([]);

  const toggle = page.getByRole('button', { name: 'Show the diagram', exact: true });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(page.getByRole('button', { name: 'Hide the diagram', exact: true })).toHaveAttribute('aria-expanded', 'true');
  const region = page.getByRole('region', { name: 'Space-time diagram of the run' });
  await expect(region).toHaveAttribute('aria-describedby', 'diagram-caption');
  await expect(region.locator('svg .sd-msg').first()).toBeAttached();
  await expect(region.locator('svg .sd-op').first()).toBeAttached();
  expect(workerLoads.some((u) => u.endsWith('diagram/diagram-worker_bg.wasm'))).toBe(true);
  // Arrows are coloured by kind as in the cluster, and the lanes are named.
  const kinds = await region.locator('svg .sd-msg').evaluateAll((els) => els.map((e) => e.getAttribute('class') ?? ''));
  expect(kinds.every((c) => /\bk-(write|ack|read|response|repair|request|other)\b/.test(c))).toBe(true);
  await expect(region.locator('svg .sd-name').first()).not.toBeEmpty();
  await shot(page, testInfo, 'diagram open');
});

test('issue10: selecting an operation in the diagram selects it in the log, by click and by keyboard', async ({ page }, testInfo) => {
  const q = await open(page);
  await pause(page);
  await stepUntil(page, async () => (await q.ops.count()) >= 2, 'two operations');
  await page.getByRole('button', { name: 'Show the diagram', exact: true }).click();
  const region = page.getByRole('region', { name: 'Space-time diagram of the run' });
  const spans = region.locator('svg .sd-op');
  await expect(spans.first()).toBeAttached();
  const first = await spans.first().getAttribute('data-op-id');
  await spans.first().click();
  await expect(q.op(first ?? '')).toHaveClass(/selected/);
  await expect(region.locator(`svg .sd-op.selected[data-op-id="${first}"]`)).toBeAttached();
  await expect(region.locator(`svg .sd-op.selected[data-op-id="${first}"]`)).toHaveAttribute('aria-pressed', 'true');
  await shot(page, testInfo, 'selected by click');

  // The second operation, by keyboard: zoom out until it is in view, focus its span, Enter.
  const zoomOut = page.getByRole('button', { name: 'Zoom out', exact: true });
  await expect
    .poll(async () => {
      if ((await spans.count()) < 2) await zoomOut.click();
      return spans.count();
    }, { message: 'zooming out brings a second operation into view' })
    .toBeGreaterThanOrEqual(2);
  const second = await spans.nth(1).getAttribute('data-op-id');
  await spans.nth(1).focus();
  await page.keyboard.press('Enter');
  await expect(q.op(second ?? '')).toHaveClass(/selected/);
  await expect(q.op(first ?? '')).not.toHaveClass(/selected/);
});

test('issue10: the whole diagram downloads as an SVG file', async ({ page }) => {
  const q = await open(page);
  await pause(page);
  await stepUntil(page, async () => (await q.ops.count()) >= 1, 'an operation');
  await page.getByRole('button', { name: 'Show the diagram', exact: true }).click();
  await expect(page.locator('#diagram svg .sd-op').first()).toBeAttached();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download SVG', exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('quorumscope-diagram.svg');
  const path = await download.path();
  const svg = await readFile(path, 'utf8');
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg).toContain('<title>quorumscope: space-time diagram of a run</title>');
  expect(svg).toContain('class="sd-op');
  expect(svg).toContain('class="sd-msg');
});

test('issue10: at 390 px the diagram scrolls inside its own box', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const q = await open(page);
  await pause(page);
  await stepUntil(page, async () => (await q.ops.count()) >= 1, 'an operation');
  await page.getByRole('button', { name: 'Show the diagram', exact: true }).click();
  await expect(page.locator('#diagram svg .sd-op').first()).toBeAttached();
  const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(pageOverflow).toBeLessThanOrEqual(0);
});
