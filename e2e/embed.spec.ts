// Issue 11, section 3: embedding the page in documentation (docs/EMBED.md). The example page's
// two embeds (a raw iframe and one made by embed.js), each with only its chosen panels; the page
// that embeds them keeps its focus and scroll position while they load and play; a bad
// parameter is named in the frame; Copy embed code gives an iframe that shows the same session.
// All at 390 px wide.
import type { FrameLocator, Page } from '@playwright/test';
import { test, expect, open, pause, ui } from './fixtures';

test.use({ viewport: { width: 390, height: 844 } });

/** Waits until the frame's page has drawn its cluster and its time controls. */
async function drawn(frame: FrameLocator): Promise<void> {
  await expect(frame.locator('[data-node]').first()).toBeVisible();
  await expect(frame.getByRole('button', { name: 'Step', exact: true })).toBeVisible();
}

/** The simulated time a frame (or the page) shows, in ms. */
async function simMs(where: FrameLocator | Page): Promise<number> {
  const text = (await where.locator('#sim-time').textContent()) ?? '';
  return parseFloat(text);
}

test('the example page shows both embeds with their panels, and the host keeps its focus and scroll', async ({ page }) => {
  // Before the frames load, the host page focuses a field of its own and scrolls a little, as
  // a reader of documentation might; neither may move while the embeds load and play.
  await page.addInitScript(() => {
    if (window.top !== window) return;
    document.addEventListener('DOMContentLoaded', () => {
      const search = document.createElement('input');
      search.id = 'host-search';
      search.setAttribute('aria-label', 'Search the documentation');
      document.body.prepend(search);
      search.focus();
      window.scrollTo(0, 150);
    });
  });
  await page.goto('/embed-example.html');
  await expect(page.locator('#host-search')).toBeFocused();

  // The raw iframe: cluster only, autoplay.
  const raw = page.frameLocator('#embed-iframe');
  await drawn(raw);
  await expect(raw.locator('.cluster-view')).toBeVisible();
  await expect(raw.locator('#live-log')).toBeHidden();
  await expect(raw.locator('.scenario-bar')).toBeHidden();
  await expect(raw.locator('#op-log')).toBeHidden();
  await expect(raw.locator('.intro')).toBeHidden();
  await expect(raw.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect(raw.locator('#timeline')).toBeVisible();
  await expect(raw.locator('.embed-bar')).toContainText('Node down during a write');
  const full = raw.getByRole('link', { name: /Open in quorumscope/ });
  await expect(full).toHaveAttribute('href', /\/#p=default$/);
  await expect(full).toHaveAttribute('target', '_blank');

  // The one embed.js made: the cluster and the log, paused, sized by data-height.
  const loaded = page.locator('#embed-loader iframe');
  await expect(loaded).toHaveAttribute('title', 'quorumscope simulation: Concurrent writes become siblings');
  await expect(loaded).toHaveAttribute('height', '1100');
  await expect(loaded).toHaveAttribute('src', /\/\?embed&panels=cluster%2Clog&height=1100#p=siblings$/);
  const frame = page.frameLocator('#embed-loader iframe');
  await drawn(frame);
  await expect(frame.locator('#live-log-heading')).toBeVisible();
  await expect(frame.locator('.scenario-bar')).toBeHidden();
  await expect(frame.locator('#op-log')).toBeHidden();
  await expect(frame.locator('.embed-bar')).toContainText('Concurrent writes become siblings');
  await expect(frame.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  expect(await simMs(frame)).toBe(0);

  // Both say what they are: the iframes' titles, and each frame's document title.
  await expect(page.locator('#embed-iframe')).toHaveAttribute('title', /^quorumscope simulation: /);
  const titles = page.frames().filter((f) => f !== page.mainFrame()).map((f) => f.title());
  const [second, first] = (await Promise.all(titles)).sort();
  expect(first).toBe('quorumscope simulation: Node down during a write');
  expect(second).toMatch(/^quorumscope simulation: Concurrent writes become siblings/);

  // Autoplay runs in the first; the host's focus and scroll position have not moved.
  await expect.poll(() => simMs(raw), { message: 'autoplay moves time on' }).toBeGreaterThan(20);
  await expect(page.locator('#host-search')).toBeFocused();
  expect(await page.evaluate(() => window.scrollY)).toBe(150);
  // Nothing of either frame is wider than 390 px.
  for (const f of [raw, frame]) {
    const wide = await f.locator('body').evaluate((b) => b.scrollWidth);
    expect(wide).toBeLessThanOrEqual(390);
  }
});

test('a bad parameter is named in the frame, and the page works with its default', async ({ page }) => {
  await page.goto('/?embed&panels=log&speed=fast&start=120#p=default');
  const problem = page.locator('.embed .banner-error[role="alert"]');
  await expect(problem).toContainText('`panels=log` is not cluster, cluster,log or all: its default is used.');
  await expect(problem).toContainText('`speed=fast` is not a number from 0.005 to 10');
  // The defaults: the cluster and the log; the start time, which was good, is used.
  await expect(page.locator('[data-node]').first()).toBeVisible();
  await expect(page.locator('#live-log-heading')).toBeVisible();
  await expect(page.locator('#sim-time')).toHaveText('120.0 ms');
  await expect(page.locator('#live-log')).toContainText('alice put cart');
  // An unknown parameter is named too.
  await page.goto('/?embed&panel=cluster#p=default');
  await expect(page.locator('.embed .banner-error')).toContainText(
    'there is no parameter `panel` (there are embed, panels, autoplay, speed, start, height)');
});

test('a fetched library scenario opens at the start time, at the speed, playing as asked', async ({ page }) => {
  // siblings is not built into the page: its file arrives after the first frame is drawn.
  await page.goto('/?embed&start=120&speed=0.05#p=siblings');
  await expect(page.locator('.embed-bar')).toContainText('Concurrent writes become siblings');
  await expect(page.locator('#sim-time')).toHaveText('120.0 ms');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  // The run is still the library's: Open in quorumscope names it.
  await expect(page.getByRole('link', { name: /Open in quorumscope/ })).toHaveAttribute('href', /\/#p=siblings$/);
  await page.goto('/?embed&start=120&autoplay=1#p=siblings');
  await expect(page.locator('.embed-bar')).toContainText('Concurrent writes become siblings');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect.poll(() => simMs(page), { message: 'autoplay moves time on from 120 ms' }).toBeGreaterThan(120);
});

test('without a height, the frame is as tall as its panels need, at 600 px wide', async ({ page }) => {
  for (const [panels, height] of [['cluster', 880], ['cluster,log', 1100]] as const) {
    await page.setViewportSize({ width: 600, height });
    await page.goto(`/?embed&panels=${panels}&start=100#p=default`);
    await expect(page.locator('[data-node]').first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Step', exact: true })).toBeVisible();
    // Nothing to scroll to: everything the panels show is in the frame.
    const tall = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(tall, panels).toBeLessThanOrEqual(height);
    // No partition: the bar over the cluster shows no Heal partition button to press.
    await expect(page.getByRole('button', { name: 'Heal partition' })).toBeHidden();
  }
});

test("an embedded tour (or exercise) link takes neither the host page's focus nor its scroll", async ({ page, baseURL }) => {
  for (const fragment of ['tour=quorums-and-a-node-down&step=6', 'ex=all']) {
    await page.setContent(`<!doctype html><link rel="icon" href="data:,"><body style="margin:0">
      <input id="host" aria-label="Search"><div style="height:900px">Text above</div>
      <iframe id="f" src="${baseURL}/?embed&panels=all#${fragment}" title="quorumscope simulation"
              width="390" height="700" style="border:0"></iframe>
      <div style="height:1200px">Text below</div></body>`);
    await page.locator('#host').focus();
    await page.evaluate(() => window.scrollTo(0, 40));
    const frame = page.frameLocator('#f');
    await expect(frame.locator('.tour-count, #workshop-heading').first()).toBeVisible();
    await page.waitForTimeout(600);
    await expect(page.locator('#host')).toBeFocused();
    expect(await page.evaluate(() => window.scrollY)).toBe(40);
  }
});

test('an embed with every panel scrolls only itself, never the page around it', async ({ page, baseURL }) => {
  await page.setContent(`<!doctype html><link rel="icon" href="data:,"><body style="margin:0">
    <div style="height:1200px">Text above</div>
    <iframe id="f" src="${baseURL}/?embed&panels=all&start=400#p=default" title="quorumscope simulation"
            width="390" height="600" style="border:0"></iframe>
    <div style="height:1200px">Text below</div></body>`);
  const frame = page.frameLocator('#f');
  await drawn(frame);
  await expect(frame.locator('#op-log')).toBeVisible();
  await expect(frame.locator('.scenario-bar')).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 1000));
  // Scroll the frame down to its operation log, then select bob's get there: the page selects
  // it and brings the drawing back into view, inside the frame only.
  const entry = frame.locator('#op-log [data-op-id] button[aria-pressed]').first();
  await entry.evaluate((el) => el.ownerDocument.defaultView?.scrollTo(0, el.getBoundingClientRect().top + 100));
  const frameScroll = () => frame.locator('body').evaluate((b) => b.ownerDocument.defaultView?.scrollY ?? 0);
  const before = await frameScroll();
  expect(before).toBeGreaterThan(300);
  await entry.dispatchEvent('click');
  await expect(entry).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(frameScroll, { message: 'the frame scrolled to the drawing' }).toBeLessThan(before);
  expect(await page.evaluate(() => window.scrollY)).toBe(1000);
  // "Back to the log" focuses the entry again without moving the page around the frame.
  await frame.getByRole('button', { name: 'Back to the log', exact: true }).dispatchEvent('click');
  await expect(entry).toBeFocused();
  expect(await page.evaluate(() => window.scrollY)).toBe(1000);
});

test.describe('Copy embed code', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('copies an iframe that shows the same session', async ({ page }) => {
    const q = await open(page, '/#p=default');
    await pause(page);
    // Something of the user's own, then a moment of the run.
    await q.crash('B').click();
    await page.locator('#timeline').focus();
    for (let i = 0; i < 6; i += 1) await q.step.click();
    const at = await simMs(page);
    expect(at).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Copy embed code', exact: true }).click();
    // Said beside the button.
    await expect(page.locator('.scenario-bar .share-status')).toHaveText('Embed code copied: an iframe that shows this run, as it is now, in another page.');
    const snippet = await page.evaluate(() => navigator.clipboard.readText());
    expect(snippet).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed&amp;panels=cluster,log&amp;speed=[0-9.]+&amp;start=[0-9.]+&amp;height=1100#p=default&amp;z=[A-Za-z0-9_-]+" title="quorumscope simulation: Node down during a write" width="100%" height="1100"/);

    // Pasted into another page, it opens the same session at the same moment.
    await page.setContent(`<!doctype html><link rel="icon" href="data:,"><body><h1>Docs</h1>${snippet}</body>`);
    const frame = page.frameLocator('iframe');
    await drawn(frame);
    await expect(frame.locator('#sim-time')).toHaveText(`${at.toFixed(1)} ms`);
    await expect(frame.getByRole('button', { name: 'Recover B', exact: true })).toBeVisible();
    await expect(frame.locator('#live-log')).toContainText('node B crashed');
    await expect(frame.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
    await expect(frame.locator('#op-log')).toBeHidden();
    // Its way to the full page is the session's share link, without the embed's parameters.
    const full = frame.getByRole('link', { name: /Open in quorumscope/ });
    await full.dispatchEvent('mousedown');
    await expect(full).toHaveAttribute('href', /^http:\/\/127\.0\.0\.1:\d+\/#(p=default&)?z=[A-Za-z0-9_-]+$/);
  });
});
