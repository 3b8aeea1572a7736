// Issue 8, point 4: "What happened" (#live-log) narrates the engine's record of the run, at the
// events' simulated times: not the time of the animation frame that processed them, nothing
// missed at high speed, and no line of an earlier run after a Reset or a versioning replay. The
// page's own notices go to the status line (#live-status), apart from the run's lines.
import { test, expect, open, pause, operate, stepUntilDone, stepUntil, shareLink, threeNodes, shot, ui } from './fixtures';
import type { Page } from '@playwright/test';

/** The lines of the live log, newest first. */
function lines(page: Page) {
  return page.locator('#live-log li');
}

/** Moves the speed slider to its fastest step. */
async function fastest(page: Page): Promise<void> {
  const speed = ui(page).speed;
  await speed.fill((await speed.getAttribute('max')) ?? '9');
}

test('a crash at 0 is narrated at 0 ms, whether the scenario or the user crashes it', async ({ page }) => {
  const q = await open(
    page,
    shareLink({ ...threeNodes(), events: [{ at: 0, crash: 'C' }, { at: 40, recover: 'C' }] }),
  );
  await pause(page);
  await q.reset.click();
  await stepUntil(page, async () => (await lines(page).count()) >= 2, 'the crash and the recovery are told');
  await expect(lines(page).filter({ hasText: 'node C crashed' })).toHaveText(
    ['0 ms: node C crashed: it neither sends nor receives.'],
  );
  await expect(lines(page).filter({ hasText: 'node C recovered' })).toHaveText(
    ['40 ms: node C recovered, with the data it had.'],
  );
  // The user's crash, at the current simulated time (40 ms), even after time has moved on.
  await q.crash('A').click();
  await expect(lines(page).first()).toHaveText('40 ms: node A crashed: it neither sends nor receives.');
});

test('at the fastest speed a crash and recovery within one frame are both narrated at their times', async ({ page }, testInfo) => {
  const q = await open(
    page,
    shareLink({
      ...threeNodes(),
      events: [
        { at: 2000, crash: 'C' },
        { at: 2000.5, recover: 'C' },
        { at: 2001, put: { client: 'alice', key: 'cart', value: 'milk' } },
      ],
    }),
  );
  await pause(page);
  await q.reset.click();
  await fastest(page);
  await q.play.click();
  await expect(q.op('1')).toHaveAttribute('data-outcome', 'ok', { timeout: 30_000 });
  await pause(page);
  await expect(lines(page).filter({ hasText: 'node C crashed' })).toHaveText(
    ['2000 ms: node C crashed: it neither sends nor receives.'],
  );
  await expect(lines(page).filter({ hasText: 'node C recovered' })).toHaveText(
    ['2000.5 ms: node C recovered, with the data it had.'],
  );
  await expect(lines(page).filter({ hasText: 'alice puts cart' })).toHaveText(
    ['2001 ms: alice puts cart = "milk" (blind: sent with no context).'],
  );
  // Newest first: the put's result above the recovery, the recovery above the crash.
  const text = await lines(page).allTextContents();
  const at = (needle: string) => text.findIndex((l) => l.includes(needle));
  expect(at('succeeded')).toBeLessThan(at('recovered'));
  expect(at('recovered')).toBeLessThan(at('crashed'));
  await shot(page, testInfo, 'narrated');
});

test('after Reset no line of the old run remains; the notice is in the status line', async ({ page }) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  await stepUntilDone(page, put);
  await expect(q.liveLog).toContainText('alice put cart = "milk" succeeded');
  await q.reset.click();
  await expect(lines(page)).toHaveCount(0);
  await expect(page.locator('#live-status')).toHaveText('Reset: the scenario starts over from 0 ms.');
  await expect(page.locator('#live-status')).toHaveAttribute('role', 'status');
  await expect(q.liveLog).toHaveAttribute('aria-live', 'polite');
  await expect(q.liveLog).toHaveAttribute('aria-relevant', 'additions');
});

test('after a versioning change the log is the replayed run\'s: no dvv sibling line beside lww reads', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  const first = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  const second = await operate(page, 'Put', { client: 'bob', key: 'cart', value: 'eggs' });
  await stepUntilDone(page, first);
  await stepUntilDone(page, second);
  const get = await operate(page, 'Get', { client: 'alice', key: 'cart' });
  await stepUntilDone(page, get);
  await expect(q.liveLog).toContainText('(siblings)');
  await shot(page, testInfo, 'dvv');

  await q.versioning.selectOption('lww');
  await expect(page.locator('#live-status')).toContainText('Versioning is now last write wins');
  await expect(q.op('3')).toHaveAttribute('data-outcome', 'ok');
  await expect(q.liveLog).not.toContainText('(siblings)');
  // The replayed run is told in full: both puts and the read, at their times.
  await expect(lines(page).filter({ hasText: 'alice get cart returned' })).toHaveCount(1);
  await expect(lines(page).filter({ hasText: 'succeeded' })).toHaveCount(2);
  await expect(q.liveLog).not.toContainText('Versioning');
  await shot(page, testInfo, 'lww');
});
