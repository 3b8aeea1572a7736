// What the page explains: quorum overlap of a selected operation, last-write-wins losses,
// message contents, and reduced motion.
import {
  test, expect, open, pause, operate, stepUntil, stepUntilDone, shareLink, threeNodes, shot, attr, tabTo,
  playToTheEnd,
} from './fixtures';

test('selecting a get highlights the replicas that wrote, that answered, and both', async ({ page }, testInfo) => {
  await open(page, shareLink(threeNodes()));
  await pause(page);
  const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  await stepUntilDone(page, put);
  const get = await operate(page, 'Get', { client: 'bob', key: 'cart' });
  await stepUntilDone(page, get);
  await expect(get).toHaveAttribute('data-outcome', 'ok');

  const select = get.getByRole('button').first();
  await select.click();
  await expect(select).toHaveAttribute('aria-pressed', 'true');
  // w = r = 2 of n = 3: the read quorum meets the write quorum in at least one replica.
  await expect(page.locator('svg').getByText('in both').first()).toBeVisible();
  await shot(page, testInfo, 'quorums of a get');
});

test('last write wins: of two concurrent acknowledged puts, one is flagged as lost', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes({ versioning: 'lww' })));
  await pause(page);
  await expect(q.versioning).toHaveValue('lww');
  const first = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  const second = await operate(page, 'Put', { client: 'bob', key: 'cart', value: 'eggs' });
  const lost = page.locator('#op-log [data-op-id][data-lost="true"]');
  await stepUntil(page, async () => (await attr(first, 'data-outcome')) === 'ok'
    && (await attr(second, 'data-outcome')) === 'ok' && (await lost.count()) === 1,
  'both puts are acknowledged and one of them is lost');
  await expect(lost).toHaveCount(1);
  await expect(lost).toContainText(/lost|discarded/i);

  // Every replica keeps one value, no siblings.
  for (const id of ['A', 'B', 'C']) {
    await expect(q.node(id)).toHaveAccessibleDescription(/cart = (milk|eggs) \[/);
    await expect(q.node(id)).not.toHaveAccessibleDescription(/siblings/);
  }
  await shot(page, testInfo, 'lww loss');
});

test('a message in flight is named by kind, sender and receiver; its content shows on hover and on focus', async ({ page }) => {
  await open(page, shareLink(threeNodes()));
  await pause(page);
  await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  const write = page.locator('[data-message-id][data-kind="write"][data-fate="in_flight"]');
  await stepUntil(page, async () => (await write.count()) > 0, 'a write is in flight');
  const id = await attr(write, 'data-message-id');
  const message = page.locator(`[data-message-id="${id}"]`);
  await expect(message).toHaveAccessibleName(/^write from alice to [ABC]$/);
  // On hover: the SVG <title> tooltip holds the summary.
  await expect(message.locator('title')).toContainText('milk');
  const summary = (await message.locator('title').textContent()) ?? '';
  // On focus (by keyboard): the summary is shown in the page.
  await tabTo(page, message);
  await expect(page.getByText(summary).filter({ visible: true }).first()).toBeVisible();
});

const slow = threeNodes({ latency: { constant: 1000 }, timeout_ms: 5000 });

test.describe('prefers-reduced-motion', () => {
  test.use({ reducedMotion: 'reduce' });

  test('messages are drawn still while time runs', async ({ page }, testInfo) => {
    const q = await open(page, shareLink(slow));
    await pause(page);
    await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
    const write = page.locator('[data-message-id][data-kind="write"][data-fate="in_flight"]');
    await stepUntil(page, async () => (await write.count()) > 0, 'a write is in flight');
    const id = await attr(write, 'data-message-id');
    const message = page.locator(`[data-message-id="${id}"]`);
    const before = await message.boundingBox();
    const t0 = await q.simTime.textContent();
    // The slowest speed: the 1000 ms message is still on its way when the test pauses.
    await q.speed.fill('0');
    await q.play.click();
    await expect(q.simTime).not.toHaveText(t0 ?? '');
    await expect(q.simTime).not.toHaveText((await q.simTime.textContent()) ?? '');
    await pause(page);
    expect(await message.boundingBox()).toEqual(before);
    await shot(page, testInfo, 'reduced motion');
  });
});

test('without reduced motion, messages move along their link while time runs', async ({ page }) => {
  const q = await open(page, shareLink(slow));
  await pause(page);
  await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  const write = page.locator('[data-message-id][data-kind="write"][data-fate="in_flight"]');
  await stepUntil(page, async () => (await write.count()) > 0, 'a write is in flight');
  const id = await attr(write, 'data-message-id');
  const message = page.locator(`[data-message-id="${id}"]`);
  const before = JSON.stringify(await message.boundingBox());
  await q.play.click();
  await expect.poll(async () => JSON.stringify(await message.boundingBox()), { message: 'the message moves' })
    .not.toBe(before);
  await pause(page);
});

test('a stale read selected after the run says the drawing is later than the read', async ({ page }) => {
  const q = await open(page, '/#p=stale-read');
  await playToTheEnd(page);
  const read = q.op('2');
  await expect(read).toHaveAttribute('data-stale', 'true');
  await read.getByRole('button').first().click();
  // The replicas drawn are those of the end of the run, not those bob read from: it says so.
  const later = page.locator('.cv-quorum-later');
  await expect(later).toContainText('after this operation ended at 139.3 ms');
  await expect(later).toContainText('Go to its end');
  // Going to its end shows the replicas as the read left them, and the line goes.
  await read.getByRole('button', { name: 'Go to its end' }).click();
  await expect(q.simTime).toHaveText('139.3 ms');
  await expect(later).toHaveCount(0);
});
