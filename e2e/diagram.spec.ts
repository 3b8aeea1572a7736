// Issue 10, part 3: the space-time diagram (src/components/diagram.rs, drawn and driven by the
// Web Worker of crates/diagram: panel.rs). It opens on demand, draws the default preset's run as
// arrows and spans, selects an operation by click and by keyboard (the operation log follows,
// and its causal past is marked), moves with the timeline (its current-time line) and moves the
// timeline (a click on its time axis, its "Go to" buttons), zooms by keyboard, and downloads the
// diagram as SVG, the history as Jepsen EDN and the causal log as a ShiViz log.
import type { Page } from '@playwright/test';
import { test, expect, open, pause, playToTheEnd, stepUntil, shot, shareLink, threeNodes, ui } from './fixtures';
import { readFile } from 'node:fs/promises';

/** The diagram's head (lane names) above every window, and its scale when it opens. */
const HEAD_PX = 28;
const PX_PER_MS = 4;

const scenario = threeNodes();
scenario.events = [
  { at: 5, put: { client: 'alice', key: 'cart', value: 'milk' } },
  { at: 30, put: { client: 'bob', key: 'cart', value: 'eggs' } },
  { at: 60, get: { client: 'alice', key: 'cart' } },
];

/** Opens the three-operation run, plays it to its end, and opens the diagram. */
async function playedAndOpen(page: Page) {
  const q = await open(page, shareLink(scenario));
  await playToTheEnd(page);
  await expect(q.ops).toHaveCount(3);
  await page.getByRole('button', { name: 'Show the diagram', exact: true }).click();
  await expect(page.locator('#diagram svg .sd-op[data-op-id="3"]')).toBeAttached();
  return q;
}

/** The current-time line's offset in the diagram, in px (its `top`). */
async function nowLine(page: Page): Promise<number> {
  const style = (await page.locator('#diagram-now').getAttribute('style')) ?? '';
  return Number.parseFloat(style.replace(/^.*top:\s*([-0-9.]+)px.*$/, '$1'));
}

const ms = (text: string | null) => Number.parseFloat(text ?? 'NaN');

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

test('issue10: scrubbing the timeline moves the diagram\'s current-time line', async ({ page }) => {
  const q = await playedAndOpen(page);
  const end = ms(await q.simTime.textContent());
  await expect.poll(() => nowLine(page)).toBeCloseTo(HEAD_PX + end * PX_PER_MS, 0);
  const timeline = page.locator('#timeline');
  await timeline.focus();
  await page.keyboard.press('Home');
  await expect(q.simTime).toHaveText('0.0 ms');
  await expect.poll(() => nowLine(page)).toBeCloseTo(HEAD_PX, 0);
  // The drawing is the whole run still (the horizon did not move): bob's put is there.
  await expect(page.locator('#diagram svg .sd-op[data-op-id="2"]')).toBeAttached();
  await timeline.fill('30000');
  await expect(q.simTime).toHaveText('30.0 ms');
  await expect.poll(() => nowLine(page)).toBeCloseTo(HEAD_PX + 30 * PX_PER_MS, 0);
});

test('issue10: clicking the diagram\'s time axis and its Go to buttons move the timeline', async ({ page }) => {
  const q = await playedAndOpen(page);
  // 40 ms down the axis from the head (the window starts at 0 ms).
  await page.locator('#diagram svg .sd-axis').click({ position: { x: 10, y: 40 * PX_PER_MS } });
  await expect.poll(async () => ms(await q.simTime.textContent())).toBeCloseTo(40, 0);
  // The timeline (in µs) says the same moment.
  await expect.poll(async () => Number(await page.locator('#timeline').inputValue()) / 1000).toBeCloseTo(40, 0);
  await expect.poll(() => nowLine(page)).toBeCloseTo(HEAD_PX + 40 * PX_PER_MS, -1);

  // Select alice's get: its start is 60 ms; its end (the reply) later.
  await page.locator('#diagram svg .sd-op[data-op-id="3"]').click();
  await page.getByRole('button', { name: 'Go to the start of op 3', exact: true }).click();
  await expect(q.simTime).toHaveText('60.0 ms');
  await page.getByRole('button', { name: 'Go to the end of op 3', exact: true }).click();
  await expect.poll(async () => ms(await q.simTime.textContent())).toBeGreaterThan(60);
});

test('issue10: selecting an operation marks its causal past and what was concurrent', async ({ page }, testInfo) => {
  const q = await playedAndOpen(page);
  const arrows = page.locator('#diagram svg .sd-msg');
  await expect(page.locator('#diagram svg .sd-msg.past')).toHaveCount(0);
  // From the operation log: the diagram follows the page's selection.
  await q.op('3').locator('.op-head').click();
  await expect(q.op('3')).toHaveClass(/selected/);
  const get = page.locator('#diagram svg .sd-op.selected[data-op-id="3"]');
  await expect(get).toHaveAttribute('aria-pressed', 'true');
  // alice's get returned after both puts: their writes are in its causal past.
  await expect.poll(() => page.locator('#diagram svg .sd-msg.past').count()).toBeGreaterThan(0);
  const classes = await arrows.evaluateAll((els) => els.map((e) => e.getAttribute('class') ?? ''));
  expect(classes.every((c) => /\b(past|concurrent|after)\b/.test(c))).toBe(true);
  await expect(page.locator('#diagram-status')).toContainText('Operation 3:');
  await shot(page, testInfo, 'causal past of the get');
  // Clicking the selected operation again unselects it, in the log too.
  await get.click();
  await expect(q.op('3')).not.toHaveClass(/selected/);
  await expect(page.locator('#diagram svg .sd-msg.past')).toHaveCount(0);
});

test('issue10: the history downloads as Jepsen EDN and the causal log as a ShiViz log', async ({ page }) => {
  await playedAndOpen(page);
  const save = async (name: string) => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name, exact: true }).click(),
    ]);
    return { file: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
  };
  const edn = await save('Download EDN history');
  expect(edn.file).toBe('quorumscope-history.edn');
  const lines = edn.text.split('\n').filter((l) => l.trim() !== '');
  expect(lines.filter((l) => l.includes(':type :invoke')).length).toBe(3);
  expect(lines.filter((l) => l.includes(':type :ok')).length).toBe(3);

  const shiviz = await save('Download ShiViz log');
  expect(shiviz.file).toBe('quorumscope.shiviz.log');
  // docs/EXPORTS.md's regular expression, as ShiViz reads it: every line an event.
  const re = /^(?<host>[^\t\n]+)\t(?<clock>\{[^\t\n]*\})\t(?<event>[^\n]*)$/;
  const events = shiviz.text.split('\n').filter((l) => l !== '');
  expect(events.length).toBeGreaterThan(6);
  for (const line of events) {
    const m = re.exec(line);
    expect(m, line).not.toBeNull();
    expect(() => JSON.parse(m?.groups?.clock ?? '')).not.toThrow();
  }
  expect(events.some((l) => l.startsWith('alice\t'))).toBe(true);
});

test('issue10: the diagram by keyboard: zoom keys and the bar\'s buttons', async ({ page }) => {
  await playedAndOpen(page);
  const length = page.locator('#diagram-length');
  const height = async () => Number.parseFloat((await length.getAttribute('style'))?.replace(/[^0-9.]/g, '') ?? 'NaN');
  const before = await height();
  await page.locator('#diagram').focus();
  await page.keyboard.press('+');
  await expect.poll(height).toBeCloseTo(HEAD_PX + (before - HEAD_PX) * 2, -1);
  await expect(page.locator('#diagram-status')).toHaveText('Scale: 8 px per ms');
  await page.keyboard.press('-');
  await expect.poll(height).toBeCloseTo(before, -1);
  // A bar button by keyboard keeps its focus (the bar is not redrawn by a zoom).
  const zoomOut = page.getByRole('button', { name: 'Zoom out', exact: true });
  await zoomOut.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#diagram-status')).toHaveText('Scale: 2 px per ms');
  await expect(zoomOut).toBeFocused();
  // Enter on a focused operation selects it (the log follows).
  await page.locator('#diagram svg .sd-op[data-op-id="1"]').focus();
  await page.keyboard.press('Enter');
  await expect(ui(page).op('1')).toHaveClass(/selected/);
});

test('issue10: at 390 px the diagram\'s buttons are 44 px targets inside the page', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await playedAndOpen(page);
  for (const name of ['Zoom in', 'Zoom out', 'Download SVG', 'Download EDN history', 'Download ShiViz log']) {
    const box = await page.getByRole('button', { name, exact: true }).boundingBox();
    expect(box, name).not.toBeNull();
    expect(box?.height ?? 0, name).toBeGreaterThanOrEqual(44);
    expect(box?.width ?? 0, name).toBeGreaterThanOrEqual(44);
    expect((box?.x ?? -1) + (box?.width ?? 0), name).toBeLessThanOrEqual(390);
  }
  const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(pageOverflow).toBeLessThanOrEqual(0);
});
