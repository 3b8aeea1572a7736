// Issue 8: a stable layout that uses its room, and nothing cut off without a way to read it.
// Points 6 (full values and clocks on hover and focus), 9 (the drawing uses the width it has) and
// 10 (no layout shift during Play, Pause and Step; lost marks clear of headers and crash
// buttons; every scenario title whole).
import type { Locator, Page } from '@playwright/test';
import {
  test, expect, open, pause, operate, stepUntil, stepUntilDone, shareLink, threeNodes, shot, ui,
} from './fixtures';

type Box = { x: number; y: number; width: number; height: number };

/** Starts recording layout shifts (the Layout Instability API) from now on. */
async function watchShifts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __shifts: { value: number; sources: string[] }[] };
    w.__shifts = [];
    const from = performance.now();
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as {
        startTime: number; value: number; sources?: { node?: Node }[];
      }[]) {
        if (e.startTime < from) continue;
        const sources = (e.sources ?? []).map((s) => {
          const node = s.node;
          if (!node) return '?';
          const el = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node) as Element | null;
          const text = node.nodeType === Node.TEXT_NODE ? ` "${node.textContent}"` : '';
          return el ? `${el.nodeName.toLowerCase()}.${el.getAttribute('class') ?? ''}${text}` : '?';
        });
        w.__shifts.push({ value: e.value, sources });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** Every layout shift since `watchShifts`, whether or not an input came just before it. */
async function shifts(page: Page): Promise<{ value: number; sources: string[] }[]> {
  // Two frames, so that the last change is measured and reported.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(() => (window as unknown as { __shifts: { value: number; sources: string[] }[] }).__shifts);
}

/** An element's box in page coordinates (independent of scrolling). */
async function pageBox(locator: Locator): Promise<Box> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height };
  });
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Plays, pauses and steps the default scenario; the cluster panel never moves or resizes and
 * the page's layout shift stays 0. */
async function playPauseStep(page: Page, testInfo: Parameters<Parameters<typeof test>[1]>[1]) {
  const q = await open(page);
  await pause(page);
  // The controls and the top of the cluster on screen, as a learner watching them has them.
  await page.locator('.controls').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  const panel = page.locator('.cluster-slot');
  const before = await pageBox(panel);
  await watchShifts(page);
  const same = async (when: string) => {
    expect(await pageBox(panel), `the cluster panel's box ${when}`).toEqual(before);
  };

  const time = async () => Number((await q.simTime.textContent())!.replace(/[^0-9.]/g, ''));
  await q.play.click();
  await expect.poll(time, { message: 'time runs' }).toBeGreaterThan(0);
  await same('while playing');
  // (A run that has finished stops by itself.)
  if (await q.pause.isVisible()) await q.pause.click();
  await expect(q.play).toBeVisible();
  await same('after Pause');
  for (let i = 0; i < 4; i++) {
    await q.step.click();
    await same(`after Step ${i + 1}`);
  }
  await q.play.click();
  // Until the scenario's bob has read: every node has held a value by then.
  await expect.poll(async () => (await q.ops.count()) >= 2, { message: 'the scenario runs on', timeout: 60_000 })
    .toBe(true);
  await same('while playing again');
  if (await q.pause.isVisible()) await q.pause.click();
  await same('after the second Pause');
  const all = await shifts(page);
  await shot(page, testInfo, 'after play pause step');
  expect(all, 'layout shifts during Play, Pause and Step').toEqual([]);
}

test('issue8: no layout shift during Play, Pause and Step, wide', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await playPauseStep(page, testInfo);
});

test('issue8: no layout shift during Play, Pause and Step, at 390 px', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await playPauseStep(page, testInfo);
});

test('issue8: at 1280 px the cluster is drawn over the room its panel has', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page);
  const canvas = await pageBox(page.locator('.cv-canvas'));
  const svg = await pageBox(page.locator('.cv-svg').first());
  expect(svg.width, 'the drawing is as wide as its panel').toBeGreaterThanOrEqual(0.95 * canvas.width);
  // The nodes and clients themselves spread over most of it, not a small ring beside space.
  const boxes = await page.locator('[data-node], [data-client]').evaluateAll((els) =>
    els.map((el) => el.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })));
  const left = Math.min(...boxes.map((b) => b.left));
  const right = Math.max(...boxes.map((b) => b.right));
  expect(right - left, 'nodes and clients span most of the panel').toBeGreaterThanOrEqual(0.65 * canvas.width);
  // Drawn at its natural size: text stays 1:1, not blown up or shrunk.
  const scale = await page.locator('.cv-svg').first().evaluate((el) => {
    const svg = el as SVGSVGElement;
    return svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  });
  expect(scale).toBeGreaterThan(0.97);
  expect(scale).toBeLessThan(1.03);
});

test('issue8: a card key shows its full value and clock on hover, and on focus in the caption', async ({ page }) => {
  const long = 'oat milk from the shop on the corner';
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  const put = await operate(page, 'Put', { client: 'alice', key: 'shopping-list', value: long });
  await stepUntilDone(page, put);
  const card = q.node('A');
  const drawn = (await card.locator('.cv-values > text, .cv-values .cv-chip text').allTextContents()).join(' ');
  expect(drawn, 'the card cuts the long value').not.toContain(long);
  expect(drawn).toContain('…');

  // Hover: the element under the pointer on the value line, and on the clock line, carries a
  // <title> (the tooltip) with the key, the whole value and the clock.
  const titleAt = async (line: Locator) => {
    await line.hover();
    const box = (await line.boundingBox())!;
    return page.evaluate(({ x, y }) => {
      let el: Element | null = document.elementFromPoint(x, y);
      while (el && !Array.from(el.children).some((c) => c.tagName === 'title')) el = el.parentElement;
      return el ? Array.from(el.children).find((c) => c.tagName === 'title')!.textContent : null;
    }, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
  };
  const onValue = await titleAt(card.locator('.cv-values text').first());
  expect(onValue).toContain(`shopping-list = ${long}`);
  expect(onValue).toMatch(/\[clock \S+/);
  const onClock = await titleAt(card.locator('.cv-clock').first());
  expect(onClock).toContain(onValue!);

  // Focus: the caption says the same, whole.
  await card.focus();
  await expect(page.locator('.cv-caption')).toContainText(onValue!);
});

test('issue8: lost messages are marked clear of node headers, crash buttons and clients', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes({ latency: { uniform: [40, 60] } })));
  await pause(page);
  await q.crash('C').click();
  await expect(q.recover('C')).toBeVisible();
  // Writes to C are refused when they arrive; one to A or B, still on its way after a step, is
  // dropped by hand.
  const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  await q.step.click();
  const onItsWay = page.locator(
    '[data-message-id][data-kind="write"]:is([aria-label="write from alice to A"], [aria-label="write from alice to B"])',
  );
  await expect(onItsWay.first()).toBeVisible();
  await onItsWay.first().click();
  await stepUntil(page, async () => (await page.locator('.cv-msg.lost').count()) >= 2, 'two lost marks');
  await shot(page, testInfo, 'lost marks');
  const marks = await page.locator('.cv-msg.lost').evaluateAll((els) => els.map((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  }));
  const keepClear = await page.locator('.cv-head, [data-action], .cv-client-card').evaluateAll((els) => els.map((el) => {
    const r = el.getBoundingClientRect();
    return { what: `${el.getAttribute('class')} ${el.getAttribute('aria-label') ?? ''}`, x: r.x, y: r.y, width: r.width, height: r.height };
  }));
  expect(marks.length).toBeGreaterThanOrEqual(2);
  const hits = marks.flatMap((m) => keepClear.filter((k) => overlaps(m, k)).map((k) => k.what));
  expect(hits, 'lost marks over headers, crash buttons or clients').toEqual([]);
  await stepUntilDone(page, put);
});

for (const width of [1280, 390]) {
  test(`issue11: the library's list and the loaded title fit at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 844 });
    await open(page);
    const list = page.getByRole('combobox', { name: 'Scenario', exact: true });
    // Every scenario of the library, in groups, the seed's default first.
    expect(await list.locator('option').count()).toBeGreaterThanOrEqual(14);
    await expect(list.locator('optgroup').first()).toHaveAttribute('label', 'Start here');
    await expect(list.locator('option').first()).toHaveText('Node down during a write');
    await expect(list).toHaveValue('default');
    const panel = await pageBox(page.locator('.scenario-bar'));
    const box = await pageBox(list);
    expect(box.x + box.width, 'the list inside its panel').toBeLessThanOrEqual(panel.x + panel.width + 0.5);
    // Choosing one loads it; its title is shown whole.
    await list.selectOption('shopping-cart');
    const title = page.locator('.scenario-title');
    await expect(title).toHaveText('DDIA\'s shopping cart');
    await expect(page.locator('.description')).toContainText('cart');
    await expect(list).toHaveValue('shopping-cart');
    const long = 'DDIA figure 5-12: concurrent writes, dotted version vectors (dvv)';
    await list.selectOption('ddia-5-12-dvv');
    await expect(title).toHaveText(long);
    const fits = await title.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
    expect(fits, 'the title is not cut').toBe(true);
    const t = await pageBox(title);
    expect(t.x + t.width).toBeLessThanOrEqual(panel.x + panel.width + 0.5);
    await expect(ui(page).step).toBeVisible();
  });
}

test('the run in words and the operation log come right after the scenario and the tours', async ({ page }) => {
  // The intro and the scenario's "What to look at" send the learner to them while it plays:
  // they are the first panels under the scenario bar, before the forms to act on the run.
  await open(page, '/#p=default');
  const top = async (selector: string) => (await page.locator(selector).boundingBox())!.y;
  const tours = await top('#tours-heading');
  const words = await top('.live-log-panel');
  const log = await top('#op-log-heading');
  const send = await top('#client-heading');
  const settings = await top('.settings-panel');
  expect(tours).toBeLessThan(words);
  expect(words).toBeLessThan(log);
  expect(log).toBeLessThan(send);
  expect(send).toBeLessThan(settings);
});
