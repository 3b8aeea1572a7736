// The main flow by keyboard alone: Tab to move, Enter and Space to press, arrow keys for the
// speed slider and the client select, 1/2/0 to move a focused node between partition zones.
// The mouse is never used.
import type { Page } from '@playwright/test';
import {
  test, expect, open, newOp, opIds, stepUntil, stepUntilDone, tabTo, shareLink, threeNodes, shot, isInside,
  attr,
} from './fixtures';

async function typeInto(page: Page, target: ReturnType<Page['locator']>, text: string) {
  await tabTo(page, target);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

test('keyboard only: put, get, crash a node, partition with 1/2/0, drop a message', async ({ page }, testInfo) => {
  // A long flow of single key presses (30 s on CI beside another worker): three times the
  // usual time limit.
  test.slow();
  // A write of 10 s on its way at the slowest speed: the run is far from its end, so Play
  // keeps playing until Space pauses it (a finished run stops by itself, issue 8).
  const busy = threeNodes({ latency: { constant: 10000 }, timeout_ms: 60000 });
  busy.events = [{ at: 0, put: { client: 'bob', key: 'pen', value: 'blue' } }];
  const q = await open(page, shareLink(busy));
  await q.speed.fill('0');

  // Pause if it plays; then Space plays and pauses again.
  if (await q.pause.isVisible()) {
    await tabTo(page, q.pause);
    await page.keyboard.press('Enter');
  }
  await tabTo(page, q.play);
  await page.keyboard.press('Space');
  await expect(q.pause).toBeFocused();
  await page.keyboard.press('Space');
  await expect(q.play).toBeVisible();
  // bob's put at 0 ms joins the log at the run's first event; a pause before the first frame
  // leaves it pending, and it would then join the log beside alice's put below.
  await tabTo(page, q.step);
  await stepUntil(page, async () => (await opIds(page)).length > 0, "bob's put is in the log", { keyboard: true });

  // The speed slider moves with the arrow keys.
  await tabTo(page, q.speed);
  const speed = await q.speed.inputValue();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(q.speed).not.toHaveValue(speed);

  // Choose alice with the arrow keys.
  await tabTo(page, q.clientSelect);
  for (let i = 0; i < 5 && (await q.clientSelect.inputValue()) !== 'alice'; i++) {
    await page.keyboard.press('ArrowUp');
  }
  await expect(q.clientSelect).toHaveValue('alice');

  await typeInto(page, q.key, 'cart');
  await typeInto(page, q.value, 'milk');
  await tabTo(page, q.put);
  const put = await newOp(page, () => page.keyboard.press('Enter'));
  await tabTo(page, q.step);
  await stepUntilDone(page, put, { keyboard: true });
  await expect(put).toHaveAttribute('data-outcome', 'ok');

  await tabTo(page, q.get);
  const get = await newOp(page, () => page.keyboard.press('Space'));
  await tabTo(page, q.step);
  await stepUntilDone(page, get, { keyboard: true });
  await expect(get).toHaveAttribute('data-outcome', 'ok');
  await expect(get).toContainText('milk');
  await shot(page, testInfo, 'put and get');

  // Crash A from its own control.
  await tabTo(page, q.crash('A'));
  await page.keyboard.press('Enter');
  await expect(q.node('A')).toHaveAccessibleDescription(/down|crashed/i);

  // Node B to zone 1: alice keeps only C, so w = 2 fails.
  await tabTo(page, q.node('B'));
  await page.keyboard.press('1');
  await expect.poll(() => isInside(q.node('B'), q.zone(1)), { message: 'B is drawn in zone 1' }).toBe(true);
  await shot(page, testInfo, 'A down, B in zone 1');
  await tabTo(page, q.put);
  const failed = await newOp(page, () => page.keyboard.press('Enter'));
  await tabTo(page, q.step);
  await stepUntilDone(page, failed, { keyboard: true });
  await expect(failed).toHaveAttribute('data-outcome', 'fail');

  // Key 0 brings B back to the main zone; then recover A.
  await tabTo(page, q.node('B'));
  await page.keyboard.press('0');
  await expect.poll(() => isInside(q.node('B'), q.zone(1)), { message: 'B is back in the main zone' }).toBe(false);
  await tabTo(page, q.recover('A'));
  await page.keyboard.press('Enter');
  await expect(q.node('A')).not.toHaveAccessibleDescription(/down|crashed/i);

  // A put, a step until its first write is in flight, and Enter on that message drops it.
  await tabTo(page, q.put);
  const last = await newOp(page, () => page.keyboard.press('Enter'));
  const inFlight = page.locator('[data-message-id][data-kind="write"][data-fate="in_flight"]');
  await tabTo(page, q.step);
  await stepUntil(page, async () => (await inFlight.count()) > 0, 'a write is in flight', { keyboard: true });
  const id = await attr(inFlight, 'data-message-id');
  const message = page.locator(`[data-message-id="${id}"]`);
  await tabTo(page, message);
  // Its name says what travels where; its description what it carries.
  await expect(message).toHaveAccessibleName(/^write from \S+ to \S+$/);
  await expect(message).toHaveAccessibleDescription(/^op \d+: write /);
  await page.keyboard.press('Enter');
  await expect(message).toHaveAttribute('data-fate', 'dropped');
  await tabTo(page, q.step);
  await stepUntilDone(page, last, { keyboard: true });
  await expect(last).toHaveAttribute('data-outcome', 'ok');
  await shot(page, testInfo, 'end of keyboard flow');
});

test('keyboard: keys 1, 2 and 0 move a focused node or client to zone 1, zone 2 and back', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes()));
  await tabTo(page, q.node('C'));
  await page.keyboard.press('2');
  await expect.poll(() => isInside(q.node('C'), q.zone(2)), { message: 'C is drawn in zone 2' }).toBe(true);
  await tabTo(page, q.client('bob'));
  await page.keyboard.press('1');
  await expect.poll(() => isInside(q.client('bob'), q.zone(1)), { message: 'bob is drawn in zone 1' }).toBe(true);
  await expect.poll(() => isInside(q.node('C'), q.zone(2)), { message: 'C stays in zone 2' }).toBe(true);
  await shot(page, testInfo, 'C in zone 2, bob in zone 1');
  await tabTo(page, q.node('C'));
  await page.keyboard.press('0');
  await expect.poll(() => isInside(q.node('C'), q.zone(0)), { message: 'C is back in the main zone' }).toBe(true);
  await expect.poll(() => isInside(q.client('bob'), q.zone(1)), { message: 'bob stays in zone 1' }).toBe(true);
  await tabTo(page, q.heal);
  await page.keyboard.press('Enter');
  await expect.poll(() => isInside(q.client('bob'), q.zone(0)), { message: 'bob is back after Heal' }).toBe(true);
});
