// A phone-sized screen (390 x 844, touch): no horizontal scrolling, every control on screen
// and usable by tapping.
import type { Locator, Page } from '@playwright/test';
import {
  test, expect, open, pause, newOp, stepUntilDone, shareLink, threeNodes, shot, touchDrag, isInside, ui,
} from './fixtures';

/** Alice puts cart = milk and then gets it, by tapping Put and Get, each stepped until done. */
async function tapPutThenGet(page: Page) {
  const q = ui(page);
  await q.clientSelect.selectOption('alice');
  await q.key.fill('cart');
  await q.value.fill('milk');
  const put = await newOp(page, () => q.put.tap());
  await stepUntilDone(page, put);
  const get = await newOp(page, () => q.get.tap());
  await stepUntilDone(page, get);
  return { put, get };
}

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
  const { put, get } = await tapPutThenGet(page);
  await expect(put).toHaveAttribute('data-outcome', 'ok');
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

/** Every control on the page that can be tapped now, with its box: buttons, selects, inputs,
 * summaries and [role=button] (nodes, clients, crash buttons, messages). A checkbox, radio
 * button or file input is tapped through its label, which is measured instead. */
async function tapTargets(page: Page) {
  return page.evaluate(() => {
    const out: { what: string; width: number; height: number }[] = [];
    const seen = new Set<Element>();
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none'
        && !el.closest('[hidden], details:not([open]) > :not(summary)');
    };
    for (const el of Array.from(document.querySelectorAll('button, select, input, summary, [role="button"]'))) {
      let target: Element = el;
      const type = el.getAttribute('type');
      if (el.tagName === 'INPUT' && (type === 'checkbox' || type === 'radio' || type === 'file')) {
        const label = el.closest('label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`) : null);
        if (!label) {
          out.push({ what: `${el.outerHTML.slice(0, 80)} (no label)`, width: 0, height: 0 });
          continue;
        }
        target = label;
      }
      if (seen.has(target) || !visible(target)) continue;
      seen.add(target);
      const r = target.getBoundingClientRect();
      const name = target.getAttribute('aria-label') ?? target.textContent?.trim().slice(0, 40) ?? '';
      out.push({ what: `${target.tagName.toLowerCase()} "${name}"`, width: r.width, height: r.height });
    }
    return out;
  });
}

test('issue8: at 390 px every tap target is at least 44 x 44 px', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes({ latency: { uniform: [40, 60] } })));
  await pause(page);
  await noHorizontalScroll(page);
  // Messages in flight, a crashed node (its Recover button), an operation selected (the
  // quorum box's buttons) and the settings opened: as many kinds of control as the page has.
  await q.crash('C').tap();
  await q.clientSelect.selectOption('alice');
  await q.key.fill('cart');
  await q.value.fill('milk');
  const put = await newOp(page, () => q.put.tap());
  await q.step.tap();
  await expect(page.locator('[data-message-id][role="button"]').first()).toBeAttached();
  await put.locator('.op-head').tap();
  await expect(page.locator('.cv-quorum')).toBeVisible();
  // Open every closed panel (More settings, The ring), one at a time: each tap changes the list.
  const closed = page.locator('details:not([open]) > summary');
  for (let left = await closed.count(); left > 0; left--) {
    await closed.first().scrollIntoViewIfNeeded();
    await closed.first().tap();
    await expect(closed).toHaveCount(left - 1);
  }
  const targets = await tapTargets(page);
  expect(targets.some((t) => t.what.includes('Recover C'))).toBe(true);
  expect(targets.some((t) => t.what.includes('write from alice'))).toBe(true);
  expect(targets.length).toBeGreaterThan(30);
  const small = targets.filter((t) => t.width < 44 - 0.5 || t.height < 44 - 0.5)
    .map((t) => `${t.what}: ${t.width.toFixed(1)} x ${t.height.toFixed(1)}`);
  await shot(page, testInfo, 'tap targets');
  expect(small, 'tap targets smaller than 44 x 44 px').toEqual([]);
});

test('issue8: at 390 px selecting an operation in the log shows its quorums in the cluster', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  const { get } = await tapPutThenGet(page);

  // Far down the page, in the log: tap the read.
  await get.scrollIntoViewIfNeeded();
  const inView = async (locator: Locator) => {
    const box = await locator.boundingBox();
    return !!box && box.y >= 0 && box.y + box.height <= 844;
  };
  const cluster = page.locator('.cv-svg').first();
  expect(await inView(cluster), 'the cluster is out of view from the log').toBe(false);
  await get.locator('.op-head').tap();
  const overlap = page.locator('.cv-tag', { hasText: 'in both' }).first();
  await expect.poll(() => inView(overlap), { message: 'the quorum highlight is on screen' }).toBe(true);
  await expect.poll(() => inView(page.locator('.cv-quorum')), { message: 'and its explanation' }).toBe(true);
  await shot(page, testInfo, 'quorum of the selected read');

  // And back to the entry, with the keyboard focus on it.
  await page.getByRole('button', { name: 'Back to the log' }).tap();
  await expect(get.locator('.op-head')).toBeFocused();
  await expect.poll(() => inView(get.locator('.op-head')), { message: 'the entry is on screen again' }).toBe(true);
});
