// Issue 8, point 12: long runs stay light. A run of 3,000 operations put 61,000 elements in the
// page (the operation log drew them all) and its share link was 592 KB.
import { test, expect, open, pause, operate, stepUntilDone, shareLink, threeNodes, ui } from './fixtures';

/** A scenario of `count` operations, a put or a get every 4 ms from three clients. */
function longRun(count: number) {
  const s = threeNodes({ clients: ['alice', 'bob', 'carol'] });
  s.name = 'e2e: a long run';
  s.events = Array.from({ length: count }, (_, i) => {
    const client = ['alice', 'bob', 'carol'][i % 3];
    const key = `k${i % 7}`;
    return i % 2 === 0
      ? { at: 4 * i, put: { client, key, value: `v${i}`, context: 'last' } }
      : { at: 4 * i, get: { client, key } };
  });
  return s;
}

test.describe('long runs', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('issue8: 3,000 operations: the log draws only what is near the view, and the link is compact', async ({ page }) => {
    const q = await open(page, shareLink(longRun(3000)));
    await pause(page);
    await q.speed.fill(await q.speed.getAttribute('max') ?? '10');
    await q.play.click();
    await expect(page.locator('.clock-status')).toContainText('Run finished', { timeout: 120_000 });
    await expect(q.op('3000')).toBeAttached();
    // Before: every operation was drawn, 61,000 elements in all.
    expect(await q.ops.count()).toBeLessThanOrEqual(100);
    const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
    expect(elements).toBeLessThan(4_000);
    // Scrolling reaches every operation: the middle, then the first.
    const drawn = async () => (await q.ops.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-op-id')))));
    await q.opLog.evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
    await expect.poll(async () => Math.max(...(await drawn()))).toBeLessThan(2_800);
    const middle = await drawn();
    expect(Math.min(...middle)).toBeGreaterThan(200);
    await q.opLog.evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await expect(q.op('1')).toBeAttached();
    await q.op('1').scrollIntoViewIfNeeded();
    await expect(q.op('1')).toBeInViewport();
    expect(await q.ops.count()).toBeLessThanOrEqual(100);
    // Each drawn item says where it stands among all of them.
    await expect(q.op('1')).toHaveAttribute('aria-posinset', '1');
    await expect(q.op('1')).toHaveAttribute('aria-setsize', '3000');

    // The share link is compressed: 592 KB before.
    await q.share.click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(/#z=[A-Za-z0-9_-]+$/);
    expect(link.length).toBeLessThan(120_000);
    const other = await page.context().newPage();
    const o = await open(other, link.slice(link.indexOf('#') - 1));
    await expect(other.locator('#scenario-select option[value="custom"]')).toHaveText('e2e: a long run');
    await expect(o.simTime).toHaveText('0.0 ms');
  });

  test('issue8: a preset with a few actions is a short link naming it', async ({ page }) => {
    const q = await open(page);
    await pause(page);
    const put = await operate(page, 'Put', { client: 'carol', key: 'pen', value: 'blue' });
    await stepUntilDone(page, put);
    await q.share.click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(/#p=default&z=[A-Za-z0-9_-]+$/);
    expect(link.length - link.indexOf('#')).toBeLessThan(200);
    // It opens to the same session: the preset, the put among its events, first.
    const other = await page.context().newPage();
    const o = await open(other, link.slice(link.indexOf('#') - 1));
    await pause(other);
    await expect(o.ops).toHaveCount(0);
    for (let i = 0; i < 400 && (await o.ops.count()) === 0; i++) await o.step.click();
    await expect(o.op('1')).toContainText('carol put pen = "blue"');
  });
});
