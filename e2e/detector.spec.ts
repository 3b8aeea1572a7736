// Issue 9, point 4: a failure detector with local beliefs (Dynamo section 4.8). Under the timeout
// detector a coordinator only learns that a node is down when a request to it goes unanswered,
// and only learns that it is back when a probe is answered; the page shows who suspects whom.
import { test, expect, open, pause, operate, shot, stepUntil, stepUntilDone, shareLink, threeNodes } from './fixtures';
import type { Page } from '@playwright/test';

/** The lines of the live log, newest first. */
function lines(page: Page) {
  return page.locator('#live-log li');
}

/** Three nodes, replica coordination, writes to all three, 10 ms per message, a 400 ms timeout,
 * and the timeout detector: suspect after 300 ms of silence, probe every 500 ms. C crashes at 0. */
const SCENARIO = {
  ...threeNodes({
    coordinator: 'replica',
    w: 3,
    timeout_ms: 400,
    latency: { constant: 10 },
    placement: { cart: ['A', 'B', 'C'] },
    failure_detector: { timeout: { suspect_after_ms: 300, probe_ms: 500 } },
  }),
  events: [{ at: 0, crash: 'C' }],
};

test('a write to a crashed node waits, A then suspects C, and trusts it again after a probe', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(SCENARIO));
  await pause(page);
  await q.reset.click();
  await stepUntil(page, async () => (await lines(page).filter({ hasText: 'node C crashed' }).count()) === 1, 'the crash is told');

  // The write: A, the coordinator, still believes C is up, so it sends C the write and waits.
  const op = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  await stepUntil(
    page,
    async () => (await lines(page).filter({ hasText: 'A now suspects C' }).count()) === 1,
    'A suspects C',
  );
  await expect(lines(page).filter({ hasText: 'A now suspects C' })).toHaveText([
    '310 ms: A now suspects C (no answer for 300 ms): it will avoid C and probe it.',
  ]);
  await stepUntilDone(page, op);
  await expect(op).toHaveAttribute('data-outcome', 'fail');
  await expect(lines(page).filter({ hasText: 'timed out after 400 ms' })).toHaveCount(1);

  // A's card says whom it suspects; focused, A marks C and the caption says it in full.
  const cardA = page.locator('[data-node="A"]');
  await expect(cardA.locator('.cv-suspects')).toHaveText(/suspects: C$/);
  await expect(page.locator('[data-node="B"] .cv-suspects')).toHaveCount(0);
  await q.node('A').focus();
  await expect(page.locator('.cv-caption')).toContainText('A suspects C (since 310 ms)');
  await expect(page.locator('.cv-suspected-mark')).toHaveCount(1);
  await expect(page.locator('[data-node="C"] .cv-suspected-mark')).toHaveText(/suspected by A$/);
  await expect(q.node('C')).toHaveAttribute('aria-description', /suspected by A$/);
  await shot(page, testInfo, 'A focused, suspecting C');

  // C recovers, but A believes it down until a probe of C is answered.
  await q.recover('C').click();
  await expect(cardA.locator('.cv-suspects')).toHaveText(/suspects: C$/);
  await stepUntil(
    page,
    async () => (await lines(page).filter({ hasText: 'A trusts C again' }).count()) === 1,
    'A trusts C again',
  );
  await expect(lines(page).filter({ hasText: 'A trusts C again' })).toHaveText(['830 ms: A trusts C again.']);
  await expect(cardA.locator('.cv-suspects')).toHaveCount(0);
  await expect(page.locator('.cv-suspected-mark')).toHaveCount(0);
});

test('the settings panel switches the detector and checks its durations inline', async ({ page }) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  await page.locator('.more-settings > summary').click();
  const detector = page.getByLabel('Failure detector', { exact: true });
  await expect(detector).toHaveValue('perfect');
  await expect(page.getByLabel('Suspect after (ms)', { exact: true })).toHaveCount(0);
  await detector.selectOption('timeout');
  const after = page.getByLabel('Suspect after (ms)', { exact: true });
  const probe = page.getByLabel('Probe every (ms)', { exact: true });
  await expect(after).toHaveValue('300');
  await expect(probe).toHaveValue('500');
  await expect(lines(page).first()).toContainText(
    'failure detector: timeout (suspect after 300 ms without an answer, probe every 500 ms)',
  );
  await probe.fill('0');
  await expect(q.fieldErrors).toContainText(['Must be a number of ms from 0.001 to 1000000000000, got 0.']);
  await probe.fill('250');
  await expect(q.fieldErrors).toHaveCount(0);
  await expect(lines(page).first()).toContainText('probe every 250 ms');
  await detector.selectOption('perfect');
  await expect(lines(page).first()).toContainText('failure detector: perfect (knows at once)');
});
