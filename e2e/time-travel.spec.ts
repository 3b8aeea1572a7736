// Issue 10, part 2: time travel. The timeline scrubs, Back and Forward step one event, Home and
// End (on the slider) go to 0 ms and the horizon, an operation's "Go to its start" seeks to its
// invocation, and an action in the past branches: the user's later actions are discarded, the
// notice says so, and the share link is of the branch.
import type { Page } from '@playwright/test';
import { test, expect, open, pause, operate, playToTheEnd, stepUntilDone, shareLink, threeNodes, ui } from './fixtures';

const scenario = threeNodes();
scenario.events = [
  { at: 5, put: { client: 'alice', key: 'cart', value: 'milk' } },
  { at: 30, put: { client: 'bob', key: 'cart', value: 'eggs' } },
  { at: 60, get: { client: 'alice', key: 'cart' } },
];

const ms = (text: string | null) => Number.parseFloat(text ?? 'NaN');

test('issue10: back, Home, End, Go to its start', async ({ page }) => {
  const q = await open(page, shareLink(scenario));
  await playToTheEnd(page);
  const end = await q.simTime.textContent();
  await expect(q.ops).toHaveCount(3);
  const timeline = page.locator('#timeline');
  await expect(timeline).toHaveAttribute('aria-valuetext', `${end} of ${end}`);

  // Back, several times: the clock goes back, and the last operation is pending again.
  const back = page.locator('#tt-back');
  let before = ms(end);
  for (let i = 0; i < 40 && (await q.op('3').getAttribute('data-outcome')) !== 'pending'; i++) {
    await back.click();
  }
  await expect(q.op('3')).toHaveAttribute('data-outcome', 'pending');
  await expect.poll(async () => ms(await q.simTime.textContent())).toBeLessThan(before);

  // Home and End by keyboard on the slider.
  await timeline.focus();
  await page.keyboard.press('Home');
  await expect(q.simTime).toHaveText('0.0 ms');
  await expect(q.ops).toHaveCount(0);
  await page.keyboard.press('End');
  await expect(q.simTime).toHaveText(end ?? '');
  await expect(q.ops).toHaveCount(3);
  await expect(q.op('3')).not.toHaveAttribute('data-outcome', 'pending');
  // Arrow keys step one event.
  before = ms(end);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => ms(await q.simTime.textContent())).toBeLessThanOrEqual(before);

  // Go to the start of bob's put: 30 ms, the put pending, the get not invoked yet.
  await q.op('2').locator('.op-goto-start').click();
  await expect(q.simTime).toHaveText('30.0 ms');
  await expect(q.op('2')).toHaveAttribute('data-outcome', 'pending');
  await expect(q.op('3')).toHaveCount(0);
  // The live log is the run's at 30 ms: the get is not in it.
  await expect(q.liveLog).not.toContainText('alice gets cart');
  await expect(q.liveLog).toContainText('bob puts cart');
  // Forward one event is Step; End is the horizon again.
  await page.locator('#tt-end').click();
  await expect(q.simTime).toHaveText(end ?? '');
});

test.describe('branching', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('issue10: acting in the past discards later actions, and the share link is the branch', async ({ page }) => {
    const q = await open(page, shareLink(threeNodes()));
    await pause(page);
    const first = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
    await stepUntilDone(page, first);
    const second = await operate(page, 'Put', { client: 'bob', key: 'cart', value: 'eggs' });
    await stepUntilDone(page, second);
    await expect(q.ops).toHaveCount(2);

    // Back to the end of the first put, and act there.
    await first.locator('.op-goto-end').click();
    await expect(q.ops).toHaveCount(1);
    const tea = await operate(page, 'Put', { client: 'alice', key: 'pot', value: 'tea' });
    await expect(page.locator('.clock-status')).toContainText(
      /Branched at [\d.]+ ms: 1 later action of yours was discarded\./,
    );
    await stepUntilDone(page, tea);
    await expect(q.opLog).toContainText('tea');
    await expect(q.opLog).not.toContainText('eggs');
    // The horizon is the branch's: End does not bring the old future back.
    await page.locator('#tt-end').click();
    await expect(q.opLog).not.toContainText('eggs');

    await q.share.click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const other = await page.context().newPage();
    const o = await open(other, link.replace(/^https?:\/\/[^/]+/, ''));
    await playToTheEnd(other);
    await expect(o.opLog).toContainText('tea');
    await expect(o.opLog).toContainText('milk');
    await expect(o.opLog).not.toContainText('eggs');
  });
});

test.describe('phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('issue10: at 390 px the timeline and its buttons fit and tap', async ({ page }) => {
    const q = await open(page, shareLink(scenario));
    await pause(page);
    for (const id of ['#timeline', '#tt-start', '#tt-back', '#tt-forward', '#tt-end']) {
      const box = await page.locator(id).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.x, `${id} starts on screen`).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, `${id} ends on screen`).toBeLessThanOrEqual(390.5);
      if (id !== '#timeline') {
        expect(box!.width, `${id} width`).toBeGreaterThanOrEqual(44);
        expect(box!.height, `${id} height`).toBeGreaterThanOrEqual(44);
      }
    }
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    for (let i = 0; i < 3; i++) await page.locator('#tt-forward').tap();
    const at = ms(await q.simTime.textContent());
    expect(at).toBeGreaterThan(0);
    await page.locator('#tt-back').tap();
    await expect.poll(async () => ms(await q.simTime.textContent())).toBeLessThanOrEqual(at);
    await page.locator('#tt-start').tap();
    await expect(q.simTime).toHaveText('0.0 ms');
  });
});
