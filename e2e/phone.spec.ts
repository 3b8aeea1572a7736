// A phone-sized screen (390 x 844, touch): no horizontal scrolling, every control on screen
// and usable by tapping.
import type { Page } from '@playwright/test';
import {
  test, expect, open, pause, newOp, stepUntilDone, shareLink, threeNodes, shot, touchDrag, isInside,
} from './fixtures';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

async function noHorizontalScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, 'page width on a 390 px screen').toBeLessThanOrEqual(clientWidth);
}

test('390 x 844: no horizontal scroll, every control reachable, a put and a get by tapping', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes()));
  await noHorizontalScroll(page);
  await shot(page, testInfo, 'phone');

  const controls = {
    'Node A': q.node('A'), 'Node C': q.node('C'), 'Client alice': q.client('alice'),
    Step: q.step, Reset: q.reset, Speed: q.speed, n: q.n, w: q.w, r: q.r,
    Versioning: q.versioning, 'Crash A': q.crash('A'), 'Heal partition': q.heal,
    Client: q.clientSelect, Key: q.key, Value: q.value, Put: q.put, Get: q.get, Delete: q.del,
    'Copy share link': q.share,
  };
  for (const [name, control] of Object.entries(controls)) {
    await control.scrollIntoViewIfNeeded();
    await expect(control, `${name} is visible`).toBeVisible();
    const box = await control.boundingBox();
    expect(box, `${name} has a box`).not.toBeNull();
    expect(box!.x, `${name} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `${name} ends on screen`).toBeLessThanOrEqual(390 + 0.5);
  }

  await pause(page);
  await q.clientSelect.selectOption('alice');
  await q.key.fill('cart');
  await q.value.fill('milk');
  const put = await newOp(page, () => q.put.tap());
  await stepUntilDone(page, put);
  await expect(put).toHaveAttribute('data-outcome', 'ok');
  const get = await newOp(page, () => q.get.tap());
  await stepUntilDone(page, get);
  await expect(get).toHaveAttribute('data-outcome', 'ok');
  await expect(get).toContainText('milk');
  await expect(q.opLog).toContainText('milk');
  await noHorizontalScroll(page);
  await shot(page, testInfo, 'phone after put and get');
});

test('390 x 844: a finger drags node A into zone 1, without scrolling the page, and a write fails', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  await q.node('A').scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => window.scrollY);
  await touchDrag(page, q.node('A'), q.zone(1));
  expect(await page.evaluate(() => window.scrollY), 'the finger dragged the node, not the page').toBe(scrolled);
  await expect.poll(() => isInside(q.node('A'), q.zone(1)), { message: 'A is drawn in zone 1' }).toBe(true);
  await touchDrag(page, q.node('B'), q.zone(1));
  await expect.poll(() => isInside(q.node('B'), q.zone(1)), { message: 'B is drawn in zone 1' }).toBe(true);
  await shot(page, testInfo, 'phone partitioned by touch');

  // alice is left with C alone: w = 2 cannot be met.
  await q.clientSelect.selectOption('alice');
  await q.key.fill('cart');
  await q.value.fill('milk');
  const put = await newOp(page, () => q.put.tap());
  await stepUntilDone(page, put);
  await expect(put).toHaveAttribute('data-outcome', 'fail');
});
