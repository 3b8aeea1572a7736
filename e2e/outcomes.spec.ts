// What the operation log says a client can know (issue 7): a write that timed out after it went
// out is marked "maybe stored" (indeterminate, Jepsen's :info), a read that returns a deleted
// value "came back", and a result with more than 25 siblings carries a warning.
import { test, expect, open, pause, stepUntil, shareLink, threeNodes, attr } from './fixtures';

test('an indeterminate write and a resurrected value are marked in the log', async ({ page }) => {
  const scenario = threeNodes({
    w: 1,
    r: 1,
    read_repair: false,
    timeout_ms: 100,
    latency: { constant: 10 },
    placement: { k: ['A', 'B', 'C'] },
  });
  scenario.events = [
    { at: 0, put: { client: 'alice', key: 'k', value: 'milk' } },
    { at: 50, get: { client: 'alice', key: 'k' } },
    { at: 100, partition: [['alice', 'A'], ['bob', 'B']] },
    { at: 110, delete: { client: 'alice', key: 'k', context: 'last' } },
    { at: 200, get: { client: 'bob', key: 'k' } },
    { at: 300, heal: true },
    // Every replica crashes while bob's write is on its way: it times out, maybe stored.
    { at: 300, put: { client: 'bob', key: 'other', value: 'v' } },
    { at: 305, crash: 'A' },
    { at: 305, crash: 'B' },
    { at: 305, crash: 'C' },
  ];
  const q = await open(page, shareLink(scenario));
  await pause(page);
  const indeterminate = q.opLog.locator('[data-indeterminate="true"]');
  const resurrected = q.opLog.locator('[data-resurrection="true"]');
  await stepUntil(page, async () => (await indeterminate.count()) === 1 && (await resurrected.count()) === 1,
    'the log shows both marks');
  await expect(indeterminate).toHaveAttribute('data-outcome', 'fail');
  await expect(indeterminate.getByText('maybe stored', { exact: true })).toBeVisible();
  await expect(indeterminate).toContainText(/some replicas may hold it/);
  await expect(resurrected.getByText('came back', { exact: true })).toBeVisible();
  await expect(resurrected).toHaveAttribute('data-stale', 'true');
  expect(await attr(resurrected, 'data-outcome')).toBe('ok');
});

test('more than 25 siblings: the result warns', async ({ page }) => {
  // 27 operations stepped one by one (33 s on CI beside another worker): three times the usual
  // time limit.
  test.slow();
  const scenario = threeNodes({ w: 1, r: 1, latency: { constant: 1 } });
  scenario.events = Array.from({ length: 27 }, (_, i) => (
    { at: i * 5, put: { client: 'alice', key: 'k', value: `v${i}` } }
  ));
  const q = await open(page, shareLink(scenario));
  await pause(page);
  const warned = q.opLog.getByText('too many siblings', { exact: true });
  await stepUntil(page, async () => (await warned.count()) >= 1, 'a result warns', { max: 800 });
  await expect(q.opLog.getByText(/26 siblings \(more than 25\)/).first()).toBeAttached();
});
