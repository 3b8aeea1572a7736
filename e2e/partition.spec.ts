// Partitions by dragging with the mouse (pointer events on the SVG), crashes, heal and read
// repair. Time moves only by Step.
import {
  test, expect, open, pause, operate, stepUntil, stepUntilDone, shareLink, threeNodes, shot,
  drag, isInside,
} from './fixtures';

test('dragging A and B into a partition zone cuts them off: a write from alice fails', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  await drag(page, q.node('A'), q.zone(1));
  await expect.poll(() => isInside(q.node('A'), q.zone(1)), { message: 'A is drawn in zone 1' }).toBe(true);

  // With A alone cut off, w = 2 is still met by B and C; the write to A is cut on its way.
  const first = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  const cut = page.locator('[data-message-id][data-fate="cut"]');
  await stepUntil(page, async () => (await cut.count()) > 0, 'a message is cut by the partition');
  await shot(page, testInfo, 'message cut');
  await stepUntilDone(page, first);
  await expect(first).toHaveAttribute('data-outcome', 'ok');

  await drag(page, q.node('B'), q.zone(1));
  await expect.poll(() => isInside(q.node('B'), q.zone(1)), { message: 'B is drawn in zone 1' }).toBe(true);
  expect(await isInside(q.node('C'), q.zone(1))).toBe(false);
  await shot(page, testInfo, 'partitioned');

  // alice is left with C alone: w = 2 cannot be met, so the write is refused before anything is
  // sent (Cassandra's UnavailableException; issue 7).
  const sentBefore = await page.locator('[data-message-id]').count();
  const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'eggs' });
  await stepUntilDone(page, put);
  await expect(put).toHaveAttribute('data-outcome', 'fail');
  await expect(put).toContainText(/quorum unreachable/);
  await expect(put).toHaveAttribute('data-indeterminate', 'false');
  expect(await page.locator('[data-message-id]').count()).toBeLessThanOrEqual(sentBefore);

  await q.heal.click();
  await expect.poll(() => isInside(q.node('A'), q.zone(1)), { message: 'A is back after Heal' }).toBe(false);
  const again = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'eggs' });
  await stepUntilDone(page, again);
  await expect(again).toHaveAttribute('data-outcome', 'ok');
  await shot(page, testInfo, 'healed');
});

test('a read cut off with a stale replica goes stale; after Heal, read repair fixes the replica', async ({ page }, testInfo) => {
  // r = 1: a read can miss the write quorum.
  const q = await open(page, shareLink(threeNodes({ r: 1 })));
  await pause(page);
  await drag(page, q.node('C'), q.zone(1));
  await drag(page, q.client('bob'), q.zone(1));
  await expect.poll(() => isInside(q.node('C'), q.zone(1)), { message: 'C is drawn in zone 1' }).toBe(true);
  await expect.poll(() => isInside(q.client('bob'), q.zone(1)), { message: 'bob is drawn in zone 1' }).toBe(true);

  const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  await stepUntilDone(page, put);
  await expect(put).toHaveAttribute('data-outcome', 'ok');
  await expect(q.node('C')).toHaveAccessibleDescription(/stale/i);
  await expect(q.node('A')).not.toHaveAccessibleDescription(/stale/i);

  // bob reaches only C, which missed the write.
  const stale = await operate(page, 'Get', { client: 'bob', key: 'cart' });
  await stepUntilDone(page, stale);
  await expect(stale).toHaveAttribute('data-outcome', 'ok');
  await expect(stale).toHaveAttribute('data-stale', 'true');
  await expect(stale).toContainText(/stale read/i);  // and its cause
  await shot(page, testInfo, 'stale read');

  await q.heal.click();
  await expect.poll(() => isInside(q.node('C'), q.zone(1)), { message: 'C is back after Heal' }).toBe(false);
  await expect(q.node('C')).toHaveAccessibleDescription(/stale/i);

  // A read now reaches all three; read repair sends the value to C. While the repair is on
  // its way C is "behind: write on its way" (issue 8), no longer stale, and not yet repaired.
  const get = await operate(page, 'Get', { client: 'bob', key: 'cart' });
  await stepUntil(page, async () => !/stale|behind/i.test(
    (await q.node('C').evaluate((el) => el.getAttribute('aria-description') ?? '')) ?? ''),
  'read repair reaches C');
  await stepUntilDone(page, get);
  await expect(q.node('C')).not.toHaveAccessibleDescription(/stale|behind/i);
  await expect(q.node('C')).toContainText('milk');
  await shot(page, testInfo, 'repaired');
});

test('Crash and Recover: a crashed node is down and misses writes', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes({ w: 3 })));
  await pause(page);
  await q.crash('A').click();
  await expect(q.node('A')).toHaveAccessibleDescription(/down|crashed/i);
  await expect(q.recover('A')).toBeVisible();
  await shot(page, testInfo, 'A down');

  // w = 3 needs every replica.
  const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  await stepUntilDone(page, put);
  await expect(put).toHaveAttribute('data-outcome', 'fail');

  await q.recover('A').click();
  await expect(q.node('A')).not.toHaveAccessibleDescription(/down|crashed/i);
  const again = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'eggs' });
  await stepUntilDone(page, again);
  await expect(again).toHaveAttribute('data-outcome', 'ok');
});

test('a node dragged into zone 2 is drawn in zone 2, apart from zone 1', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  await drag(page, q.node('C'), q.zone(2));
  await expect.poll(() => isInside(q.node('C'), q.zone(2)), { message: 'C is drawn in zone 2' }).toBe(true);
  await drag(page, q.client('bob'), q.zone(1));
  await expect.poll(() => isInside(q.client('bob'), q.zone(1)), { message: 'bob is drawn in zone 1' }).toBe(true);
  await expect.poll(() => isInside(q.node('C'), q.zone(2)), { message: 'C stays in zone 2' }).toBe(true);
  await shot(page, testInfo, 'two zones');

  // bob can reach no replica at all: his read fails.
  const get = await operate(page, 'Get', { client: 'bob', key: 'cart' });
  await stepUntilDone(page, get);
  await expect(get).toHaveAttribute('data-outcome', 'fail');
});
