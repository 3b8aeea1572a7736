// Issue 10, part 4: "Download scenario" saves the session (the loaded scenario plus what the
// user did) as a scenario file; loading that file gives the same run again. The engine's test
// `issue10_the_session_file_replays_to_the_same_trace_hash` checks that `qsim run` replays it to
// the same trace hash; this checks the button, the file, and the page's own round trip.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, open, pause, operate, playToTheEnd, stepUntilDone, shareLink, threeNodes, ui } from './fixtures';

/** The outcome and value of every operation in the log, in order. */
async function outcomes(page: Page): Promise<string[]> {
  return ui(page).ops.evaluateAll((ops) =>
    ops.map((op) => `${op.getAttribute('data-op-id')} ${op.getAttribute('data-outcome')}`),
  );
}

test('issue10: the downloaded scenario file replays the session', async ({ page }) => {
  const q = await open(page, shareLink({ ...threeNodes(), name: 'Crash, then read' }));
  await pause(page);
  const milk = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  await stepUntilDone(page, milk);
  await q.crash('B').click();
  const eggs = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'eggs' });
  await stepUntilDone(page, eggs);
  const read = await operate(page, 'Get', { client: 'alice', key: 'cart' });
  await stepUntilDone(page, read);
  await playToTheEnd(page);
  const before = await outcomes(page);
  expect(before).toHaveLength(3);

  const button = page.getByRole('button', { name: 'Download scenario', exact: true });
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toBe('crash-then-read.json');
  const path = await download.path();
  const text = readFileSync(path, 'utf8');
  const file = JSON.parse(text);
  expect(file.name).toBe('Crash, then read');
  const actions = file.events.map((e: Record<string, unknown>) => Object.keys(e).find((k) => k !== 'at'));
  expect(actions).toEqual(['put', 'crash', 'put', 'get']);
  await expect(q.errorBanner).toBeHidden();

  // Loading the file elsewhere gives the same operations with the same outcomes.
  const other = await page.context().newPage();
  await open(other, '/');
  await other.locator('#scenario-file').setInputFiles({
    name: 'crash-then-read.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await expect(other.locator('.scenario-bar')).toContainText('Crash, then read');
  await playToTheEnd(other);
  expect(await outcomes(other)).toEqual(before);
});

test.describe('phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('issue10: Download scenario fits and taps at 390 px', async ({ page }) => {
    await open(page, shareLink(threeNodes()));
    const button = page.locator('#download-scenario');
    const box = await button.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390.5);
    expect(box!.height).toBeGreaterThanOrEqual(44);
    const [download] = await Promise.all([page.waitForEvent('download'), button.tap()]);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
  });
});
