// Client operations: put, get, siblings, dropping a message, Step, Reset, share link. Time moves
// only by Step, event by event, so every run of a test is the same run of the simulator.
import {
  test, expect, open, pause, operate, stepUntil, stepUntilDone, shareLink, threeNodes, shot, ui, attr,
} from './fixtures';

test('put then get: the value written is read back, and both are in #op-log', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  const t0 = await q.simTime.textContent();

  const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  await expect(put).toContainText('milk');
  await stepUntilDone(page, put);
  await expect(put).toHaveAttribute('data-outcome', 'ok');
  await expect(q.simTime).not.toHaveText(t0 ?? '');
  await shot(page, testInfo, 'after put');

  const get = await operate(page, 'Get', { client: 'bob', key: 'cart' });
  await stepUntilDone(page, get);
  await expect(get).toHaveAttribute('data-outcome', 'ok');
  await expect(get).toContainText('milk');
  await expect(get).not.toHaveAttribute('data-stale', 'true');
  await expect(q.liveLog).not.toBeEmpty();
  await shot(page, testInfo, 'after get');
});

test('two blind concurrent puts become siblings, and a get returns both', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  const first = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk', context: 'none' });
  const second = await operate(page, 'Put', { client: 'bob', key: 'cart', value: 'eggs', context: 'none' });
  await stepUntilDone(page, first);
  await stepUntilDone(page, second);
  await expect(first).toHaveAttribute('data-outcome', 'ok');
  await expect(second).toHaveAttribute('data-outcome', 'ok');

  const get = await operate(page, 'Get', { client: 'alice', key: 'cart' });
  await stepUntilDone(page, get);
  await expect(get).toHaveAttribute('data-outcome', 'ok');
  await expect(get).toContainText('milk');
  await expect(get).toContainText('eggs');
  await expect(get).toContainText(/concurrent/i);
  await expect(q.node('A')).toContainText('eggs');
  await shot(page, testInfo, 'siblings');
});

test('clicking a message in flight drops it', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  const inFlight = page.locator('[data-message-id][data-kind="write"][data-fate="in_flight"]');
  await stepUntil(page, async () => (await inFlight.count()) > 0, 'a write is in flight');
  const message = inFlight.first();
  const id = await message.getAttribute('data-message-id');
  await expect(message).toHaveAccessibleName(/^write from alice to [ABC]/);
  await shot(page, testInfo, 'in flight');
  await message.click();
  await expect(page.locator(`[data-message-id="${id}"]`)).toHaveAttribute('data-fate', 'dropped');
  await shot(page, testInfo, 'dropped');
  // w = 2 of 3: the other two replicas still make the quorum.
  await stepUntilDone(page, put);
  await expect(put).toHaveAttribute('data-outcome', 'ok');
  await expect(q.liveLog).not.toBeEmpty();
});

test('Reset goes back to the loaded scenario', async ({ page }) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  await stepUntilDone(page, put);
  await expect(q.ops).toHaveCount(1);
  await q.reset.click();
  await expect(q.ops).toHaveCount(0);
  await expect(q.node('A')).not.toContainText('milk');
});

test.describe('share link', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('Copy share link gives a link that replays what was done', async ({ page, context }) => {
    const q = await open(page, shareLink(threeNodes()));
    await pause(page);
    const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
    await stepUntilDone(page, put);
    await q.share.click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(/#z=[A-Za-z0-9_-]+$/);

    const other = await context.newPage();
    const errors: string[] = [];
    other.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    other.on('pageerror', (e) => errors.push(e.message));
    await open(other, link);
    await pause(other);
    const replayed = ui(other).ops.first();
    await stepUntil(other, async () => (await attr(replayed, 'data-outcome')) === 'ok',
      'the replayed put finishes');
    await expect(replayed).toContainText('milk');
    expect(errors).toEqual([]);
  });
});

for (const [width, height] of [[1280, 800], [390, 844]]) {
  test(`an empty value is named under its field, inside the form, at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await open(page, '/#p=default');
    await page.locator('#op-value').fill('');
    await page.getByRole('button', { name: 'Put', exact: true }).click();
    const error = page.locator('#op-value-error');
    await expect(error).toHaveText('Type the value to write, for example milk.');
    const field = (await page.locator('#op-value').boundingBox())!;
    const box = (await error.boundingBox())!;
    const form = (await page.locator('.client-form').boundingBox())!;
    // Under the field, as wide as it, and inside the form.
    expect(box.y).toBeGreaterThanOrEqual(field.y + field.height - 1);
    expect(Math.abs(box.x - field.x)).toBeLessThan(2);
    expect(box.x + box.width).toBeLessThanOrEqual(form.x + form.width + 1);
  });
}
