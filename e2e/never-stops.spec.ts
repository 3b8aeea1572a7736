// Issue 7, defect 11: "the page must never stop". A second review stopped the page four ways:
// anti_entropy_ms 0.001 played at the fastest speed ("capacity overflow" after about 30,000
// messages), about a hundred blind Puts to one key (seconds-long freezes), 100 KB values sent
// through the form, and memory growing with every message of the run. Each test here stopped
// (or grew) the page before the fix; the fixture fails a test on any panic banner or console
// error. Sizes are counts, never wall time.
import { test, expect, open, pause, shareLink, threeNodes, ui, type Scenario } from './fixtures';
import type { Page } from '@playwright/test';

/** Moves the speed slider to its fastest step. */
async function fastest(page: Page): Promise<void> {
  const speed = ui(page).speed;
  const max = await speed.getAttribute('max');
  await speed.fill(max ?? '9');
  await expect(page.locator('#speed-text')).toContainText('10×');
}

/** The simulated time shown, in ms. */
async function simMs(page: Page): Promise<number> {
  const text = (await ui(page).simTime.textContent()) ?? '';
  return Number(text.replace(/[^0-9.]/g, ''));
}

/** Every element of the document: what the browser lays out and styles each frame. */
async function elementCount(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelectorAll('*').length);
}

test('issue7: an anti-entropy period of 0.001 ms is refused inline, naming the field', async ({ page }) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  await page.locator('.more-settings > summary').click();
  await page.getByLabel('Anti-entropy', { exact: true }).check();
  const period = page.getByLabel('Anti-entropy period (ms)', { exact: true });
  await expect(period).toHaveValue('500');
  await period.fill('0.001');
  const error = page.locator('#set-anti-entropy-ms-error');
  await expect(error).toContainText('at least 10 ms');
  await expect(period).toHaveAttribute('aria-invalid', 'true');
  await expect(q.liveLog).not.toContainText('0.001');
  // The setting in force stays 500 ms: a put and the fastest speed run as usual.
  await q.key.fill('cart');
  await q.value.fill('milk');
  await q.put.click();
  await fastest(page);
  await q.play.click();
  // It runs to its end (issue 8: a run ends when nothing is in flight or scheduled and
  // anti-entropy has nothing left to repair), and stops there.
  await expect(page.locator('.clock-status')).toContainText('Run finished', { timeout: 20_000 });
  await expect(q.op('1')).toHaveAttribute('data-outcome', 'ok');
  await expect(q.play).toBeVisible();
});

test('issue7: a share link with anti_entropy_ms 0.001 plays at the fastest speed and keeps answering', async ({ page }) => {
  // Valid for the engine (and qsim), so the page opens it: each frame then does a bounded
  // amount of work and time runs slower than the speed asks, saying so.
  const scenario: Scenario = threeNodes({ anti_entropy_ms: 0.001 });
  scenario.events = [{ at: 0, put: { client: 'alice', key: 'cart', value: 'milk' } }];
  const q = await open(page, shareLink(scenario));
  await pause(page);
  await fastest(page);
  await q.play.click();
  await expect(page.locator('.clock-status')).toContainText('busy');
  // Before the fix the page died here with "capacity overflow" (the panic banner).
  await expect.poll(() => simMs(page), { timeout: 20_000 }).toBeGreaterThan(20);
  // The run ends once the replicas agree (issue 8: it stops by itself), or is paused here.
  if (await q.pause.isVisible()) await q.pause.click().catch(() => {});
  await expect(q.play).toBeVisible();
  await expect(q.node('A')).toContainText('milk');
  // Still answering: a get goes through.
  await q.get.click();
  await expect(q.ops).toHaveCount(2);
});

test('issue7: a hundred blind puts to one key keep the page small and answering', async ({ page }) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  await q.key.fill('cart');
  // Blind writes (the form's default overwrites what the client last saw).
  await q.blind.check();
  await q.value.fill('v');
  // A hundred presses of Put, as fast as the page takes them.
  await q.put.evaluate((button) => {
    for (let i = 0; i < 100; i++) (button as HTMLButtonElement).click();
  });
  await expect(q.op('100')).toBeAttached();
  // Issue 8, point 12: the log draws only the part near what is scrolled to.
  expect(await q.ops.count()).toBeLessThanOrEqual(60);
  await fastest(page);
  await q.play.click();
  await expect(page.locator('.clock-status')).toContainText('Run finished');
  // The finished run stopped time (issue 8): the get runs when time runs again.
  await q.get.click();
  await q.play.click();
  await expect(page.locator('.clock-status')).toContainText('Run finished');
  await expect(q.play).toBeVisible();
  // The log draws the newest operations of 101, not all of them.
  expect(await q.ops.count()).toBeLessThanOrEqual(60);
  const get = q.op('101');
  await expect(get).toHaveAttribute('data-outcome', 'ok');
  // 100 siblings: 12 values shown, then a count of the rest; 6 explanations of 4,950 pairs.
  await expect(get.locator('.chip.sibling')).toHaveCount(12);
  await expect(get.locator('.chip.more')).toHaveText('+88 more');
  await expect(get.locator('.badge-siblings')).toHaveText('100 siblings');
  await expect(get.locator('.note-siblings li')).toHaveCount(7);
  await expect(get.locator('.note-siblings li.more')).toContainText('4944 more pairs');
  // What the browser styles and lays out every frame stays bounded.
  // (at most 60 log items of at most 12 values each, and the rest of the page: under 3,000
  // whatever the history; 100 siblings' 4,950 explanations alone were 4,950 list items before.)
  expect(await elementCount(page)).toBeLessThan(3_000);
  // Still answering: selecting an operation highlights its quorum.
  await get.locator('.op-head').click();
  await expect(get.locator('.op-head')).toHaveAttribute('aria-pressed', 'true');
  // Scrolled to its end, the log draws the oldest operations instead.
  await q.opLog.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await expect(q.op('1')).toBeAttached();
  await expect(q.op('101')).toHaveCount(0);
});

test('issue7: a 100 KB value is refused inline, naming the field', async ({ page }) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  await q.key.fill('cart');
  await q.value.fill('x'.repeat(100_000));
  await q.put.click();
  const error = page.locator('#op-value-error');
  await expect(error).toContainText('Value: at most 1000 characters, this one has 100000');
  await expect(q.ops).toHaveCount(0);
  // A value at the bound is sent.
  await q.value.fill('y'.repeat(1_000));
  await q.put.click();
  await expect(error).toHaveCount(0);
  await expect(q.ops).toHaveCount(1);
  await expect(q.op('1').locator('.op-what')).not.toContainText('y'.repeat(100));
});

test('issue7: long values from a scenario are shown cut, with an ellipsis', async ({ page }) => {
  // The engine accepts any value; what the page shows of one is cut to 64 characters.
  const big = (c: string) => c.repeat(20_000);
  const scenario: Scenario = threeNodes();
  scenario.events = [
    { at: 0, put: { client: 'alice', key: 'cart', value: big('a') } },
    { at: 0, put: { client: 'bob', key: 'cart', value: big('b') } },
    { at: 50, get: { client: 'alice', key: 'cart' } },
  ];
  const q = await open(page, shareLink(scenario));
  await pause(page);
  await fastest(page);
  await q.play.click();
  await expect(page.locator('.clock-status')).toContainText('Run finished');
  await expect(q.play).toBeVisible();
  await expect(q.ops).toHaveCount(3);
  const longest = await page.evaluate(() => {
    let most = 0;
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.getAttributeNames()) most = Math.max(most, (el.getAttribute(a) ?? '').length);
      for (const n of el.childNodes) if (n.nodeType === 3) most = Math.max(most, (n.textContent ?? '').length);
    }
    return most;
  });
  // Every text and attribute on the page is short (the node's description lists both values).
  expect(longest).toBeLessThan(1_000);
  await expect(q.op('3').locator('.chip').first()).toHaveText(`${'a'.repeat(64)}…`);
});

test('issue7: a latency of a billion ms is refused inline, naming the field', async ({ page }) => {
  // Messages that take days to arrive would pile up in flight for as long as the page plays.
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  await page.locator('.more-settings > summary').click();
  await page.getByLabel('Largest delay (ms)', { exact: true }).fill('1000000000');
  await expect(page.locator('#set-latency-error')).toContainText('a mean delay of at most 10000 ms');
  await expect(q.liveLog).not.toContainText('latency');
  await page.getByLabel('Largest delay (ms)', { exact: true }).fill('20');
  await expect(page.locator('#set-latency-error')).toHaveCount(0);
  await expect(q.liveLog).toContainText(/latency \{"uniform":\[5(\.0)?,20(\.0)?\]\}/);
});
