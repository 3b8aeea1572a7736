// Settings: n, w, r and the quorum condition w + r > n shown live; invalid values are explained
// inline and not applied.
import { test, expect, open, pause, operate, stepUntilDone, shareLink, threeNodes, shot } from './fixtures';
import type { Locator } from '@playwright/test';

async function set(input: Locator, value: string) {
  await input.fill(value);
  await input.press('Tab');
}

test('changing n, w, r changes #quorum-condition', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes()));
  await expect(q.n).toHaveValue('3');
  await expect(q.w).toHaveValue('2');
  await expect(q.r).toHaveValue('2');
  const overlap = (await q.quorumCondition.textContent()) ?? '';
  expect(overlap).toMatch(/2/);
  expect(overlap).toMatch(/3/);

  await set(q.r, '1');
  await expect(q.quorumCondition).not.toHaveText(overlap);
  const noOverlap = (await q.quorumCondition.textContent()) ?? '';
  expect(noOverlap).toMatch(/1/);
  await shot(page, testInfo, 'w=2 r=1');

  await set(q.w, '3');
  await expect(q.quorumCondition).not.toHaveText(noOverlap);
  await expect(q.quorumCondition).toContainText('3');
  const w3 = (await q.quorumCondition.textContent()) ?? '';

  await set(q.w, '1');
  await expect(q.quorumCondition).not.toHaveText(w3);
  const before = (await q.quorumCondition.textContent()) ?? '';
  await set(q.n, '2');
  await expect(q.n).toHaveValue('2');
  await expect(q.quorumCondition).not.toHaveText(before);
  await expect(q.fieldErrors.filter({ visible: true })).toHaveCount(0);
  await shot(page, testInfo, 'n=2 w=1 r=1');
});

test('w > n is explained inline and not applied', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  const before = (await q.quorumCondition.textContent()) ?? '';
  await expect(q.fieldErrors.filter({ visible: true })).toHaveCount(0);

  await set(q.w, '4');
  const error = q.fieldErrors.filter({ visible: true });
  await expect(error).toHaveCount(1);
  await expect(error).toContainText('4');
  await expect(error).toContainText('3');
  await expect(q.quorumCondition).toHaveText(before);
  await shot(page, testInfo, 'w > n');

  // The quorum in force is still w = 2: with C down, a write still succeeds.
  await q.crash('C').click();
  const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  await stepUntilDone(page, put);
  await expect(put).toHaveAttribute('data-outcome', 'ok');

  await set(q.w, '2');
  await expect(q.fieldErrors.filter({ visible: true })).toHaveCount(0);
});

// src/components/settings/latency.rs (json_form) and sync.rs (LatencyJson): the text as typed
// and its error are one state.
test('latency as JSON: a bad text is explained and not applied, typing clears the error, a good one is applied', async ({ page }) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  await page.locator('.more-settings > summary').click();
  await page.locator('#set-latency').selectOption('json');
  const json = page.locator('#set-latency-json');
  const error = page.locator('#set-latency-json-error');
  const apply = page.getByRole('button', { name: 'Apply latency' });
  await json.fill('{"constant": ');
  await apply.click();
  await expect(error).toContainText('not JSON');
  await expect(json).toHaveAttribute('aria-invalid', 'true');
  await expect(q.liveLog).not.toContainText('latency');
  // A form only JSON can give, so that the panel stays on the JSON form once it is applied.
  await json.fill('{"exponential": {"rate": 0.1}}');
  await expect(error).toHaveCount(0);
  await expect(json).not.toHaveAttribute('aria-invalid', 'true');
  await apply.click();
  await expect(q.liveLog).toContainText('latency {"exponential":{"rate":0.1}}');
  await expect(error).toHaveCount(0);
  await expect(json).toHaveValue('{"exponential": {"rate": 0.1}}');
});
