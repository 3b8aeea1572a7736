// Issue 9, point 3: anti-entropy with hash trees (Dynamo section 4.7). Every step of an exchange
// is a message the page animates (ae_tree, ae_keys, ae_diff, ae_push, in the background colour,
// with a summary), and the counters show the hashes sent (metrics.anti_entropy_hashes).
import { test, expect, open, pause, shareLink, stepUntil, threeNodes, type Scenario } from './fixtures';
import type { Page } from '@playwright/test';

/** The value of the counter tile labelled `label`. */
async function counter(page: Page, label: string): Promise<number> {
  const tile = page.locator('.metric', { has: page.locator('dt', { hasText: label }) });
  return Number((await tile.locator('.metric-value').textContent()) ?? 'NaN');
}

test('issue9: a replica that missed a write is repaired by a hash-tree exchange the page animates and counts', async ({ page }) => {
  // C misses the put while down; once it is back, rounds every 20 ms compare trees and copy it.
  const scenario: Scenario = threeNodes({ anti_entropy_ms: 20, latency: { constant: 5 } });
  scenario.events = [
    { at: 0, crash: 'C' },
    { at: 1, put: { client: 'alice', key: 'cart', value: 'milk' } },
    { at: 30, recover: 'C' },
  ];
  const q = await open(page, shareLink(scenario));
  await pause(page);
  const tree = page.locator('[data-message-id][data-kind="ae_tree"]');
  await stepUntil(page, async () => (await tree.count()) > 0, 'a round sends its root');
  await expect(tree.first()).toHaveAttribute('aria-description', 'anti-entropy: root of 1 key');
  await expect(tree.first()).toHaveClass(/k-other/);
  const seen = new Set<string>();
  await stepUntil(page, async () => {
    for (const kind of await page.locator('[data-message-id]').evaluateAll((els) => els.map((el) => el.getAttribute('data-kind') ?? ''))) {
      seen.add(kind);
    }
    return seen.has('ae_diff');
  }, 'the states that differ are sent');
  expect([...seen].filter((k) => k.startsWith('ae_')).sort()).toEqual(expect.arrayContaining(['ae_diff', 'ae_keys', 'ae_tree']));
  await stepUntil(page, async () => (await counter(page, 'Anti-entropy repairs')) >= 1, 'C is repaired');
  await expect(q.node('C')).toContainText('milk');
  expect(await counter(page, 'Anti-entropy hashes')).toBeGreaterThanOrEqual(2);
  const tile = page.locator('.metric', { has: page.locator('dt', { hasText: 'Anti-entropy hashes' }) });
  await expect(tile).toHaveAttribute('title', /hashes background sync sent/);
});
