// Issue 8, points 1, 7 and 11: a pace a learner can follow, a run that ends, and a Reset that
// does not silently throw away what the user did.
import { test, expect, open, pause, operate, shareLink, stepUntilDone, threeNodes, ui } from './fixtures';

/** The simulated time the clock shows, in ms. */
async function simMs(page: import('@playwright/test').Page): Promise<number> {
  return parseFloat((await ui(page).simTime.textContent()) ?? 'NaN');
}

test('issue8: the default speed lets one follow a message, and quiet stretches are skipped, saying so', async ({ page }) => {
  // A put at 0, then nothing until a get at 3000 ms: a quiet stretch of almost 3 s that would
  // take almost five minutes at the default speed.
  const quiet = threeNodes({ latency: { constant: 10 } });
  quiet.events = [
    { at: 0, put: { client: 'alice', key: 'cart', value: 'milk' } },
    { at: 3000, get: { client: 'bob', key: 'cart' } },
  ];
  const q = await open(page, shareLink(quiet));
  await pause(page);
  // 1 simulated ms per 100 ms: a message of 10 ms takes a second to cross.
  await expect(page.locator('#speed-text')).toHaveText('0.01× (1 simulated ms per 100 ms)');
  // Every text the status line shows, however briefly (the skip lasts half a second).
  await page.evaluate(() => {
    const status = document.querySelector('.clock-status')!;
    const seen: string[] = ((window as any).statusSeen = []);
    new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, {
      subtree: true, childList: true, characterData: true,
    });
  });
  await q.play.click();
  // The put's write is on its way and watchable: it is still in flight after it started.
  await expect(page.locator('[data-kind="write"][data-fate="in_flight"]').first()).toBeAttached();
  // Once its acks are in, nothing is in flight: the page skips ahead, saying so, and the get's
  // read is then seen leaving, at the normal pace.
  await expect(page.locator('[data-kind="read"][data-fate="in_flight"]').first()).toBeAttached();
  const seen: string[] = await page.evaluate(() => (window as any).statusSeen);
  expect(seen).toContain('Nothing in flight: skipping ahead to 3000.0 ms');
  expect(await simMs(page)).toBeGreaterThanOrEqual(3000);
});

test('issue8: a run has an end: time stops, Step says nothing is left, Replay plays it again', async ({ page }) => {
  // A write and its acks: 20 simulated ms, about 2 s at the default speed.
  const short = threeNodes({ latency: { constant: 10 } });
  short.events = [{ at: 0, put: { client: 'alice', key: 'cart', value: 'milk' } }];
  const q = await open(page, shareLink(short));
  await pause(page);
  await q.play.click();
  const status = page.locator('.clock-status');
  await expect(status).toContainText(/Run finished at [0-9.]+ ms: nothing in flight or scheduled\./, { timeout: 20_000 });
  // Time stopped by itself: the button says Play again, and the clock does not move.
  await expect(q.play).toBeVisible();
  const end = await q.simTime.textContent();
  await page.waitForTimeout(300);
  await expect(q.simTime).toHaveText(end ?? '');
  // Step has nothing left to do, and says so.
  await q.step.click();
  await expect(status).toContainText('Nothing left to step.');
  await expect(q.simTime).toHaveText(end ?? '');
  // Replay plays the same run again from 0 ms.
  await status.getByRole('button', { name: 'Replay' }).click();
  await expect(q.pause).toBeVisible();
  await expect(q.ops).toHaveCount(1);
  await expect(status).toContainText('Run finished at', { timeout: 20_000 });
  await expect(q.simTime).toHaveText(end ?? '');
});

test('issue8: Reset says what it set aside, and Undo reset brings it back', async ({ page }) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  await stepUntilDone(page, put);
  await q.w.fill('1');
  await expect(q.w).toHaveValue('1');
  // A setting typed but not applied (r larger than n) is kept through a Reset.
  await q.r.fill('5');
  await expect(q.fieldErrors.first()).toBeVisible();
  await q.reset.click();
  const status = page.locator('.clock-status');
  await expect(status).toContainText('Reset set aside your 1 operation and 1 change of settings.');
  await expect(q.ops).toHaveCount(0);
  await expect(q.w).toHaveValue('2');
  await expect(q.r).toHaveValue('5');
  await status.getByRole('button', { name: 'Undo reset' }).click();
  await expect(q.ops).toHaveCount(1);
  await expect(q.op('1')).toHaveAttribute('data-outcome', 'ok');
  await expect(q.w).toHaveValue('1');
  await expect(status).not.toContainText('set aside');
});
