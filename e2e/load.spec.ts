// Loading the page: its parts are there under the names of docs/UI.md; bad share links are
// explained in #error-banner, never a panic.
import { test, expect, open, ui, shareLink, threeNodes, shot } from './fixtures';

test('the page loads with its cluster, controls, settings, operation form and logs', async ({ page }, testInfo) => {
  const q = await open(page);
  await expect(page).toHaveTitle(/quorumscope/);
  await expect(page.locator('[data-node]').first()).toBeVisible();
  await expect(q.node('A')).toHaveAttribute('data-node', 'A');
  await expect(page.locator('[data-client]').first()).toBeVisible();
  await expect(q.play.or(q.pause)).toBeVisible();
  for (const control of [q.step, q.reset, q.speed, q.n, q.w, q.r, q.versioning, q.coordinator,
    q.readRepair, q.clientSelect, q.key, q.value, q.overwrite, q.blind, q.put, q.get, q.del, q.share]) {
    await expect(control).toBeVisible();
  }
  await expect(q.quorumCondition).not.toBeEmpty();
  await expect(q.simTime).toBeVisible();
  await expect(q.opLog).toBeAttached();
  await expect(q.liveLog).toHaveAttribute('aria-live', 'polite');
  await expect(q.errorBanner).toBeHidden();
  await shot(page, testInfo, 'loaded');
});

test('a share link loads its scenario: nodes, clients and settings', async ({ page }) => {
  const scenario = threeNodes({ nodes: ['A', 'B', 'C', 'D', 'E'], clients: ['carol'], n: 5, w: 3, r: 1 });
  const q = await open(page, shareLink(scenario));
  for (const id of ['A', 'B', 'C', 'D', 'E']) {
    await expect(q.node(id)).toBeVisible();
  }
  await expect(q.client('carol')).toBeVisible();
  await expect(q.n).toHaveValue('5');
  await expect(q.w).toHaveValue('3');
  await expect(q.r).toHaveValue('1');
});

test.describe('bad share links', () => {
  test.use({ errorBannerExpected: true });

  test('#s=garbage shows #error-banner saying the link could not be read', async ({ page }, testInfo) => {
    await page.goto('/#s=garbage');
    const banner = ui(page).errorBanner;
    await expect(banner).toBeVisible();
    await expect(banner).toHaveAttribute('role', 'alert');
    await expect(banner).toContainText(/share link|link/i);
    await expect(page.locator('#panic-banner')).toHaveCount(0);
    await shot(page, testInfo, 'bad link');
  });

  test('a share link with an invalid scenario names the field at fault', async ({ page }) => {
    // Valid base64url and JSON, but n = 5 with three nodes.
    await page.goto(shareLink(threeNodes({ n: 5 })));
    const banner = ui(page).errorBanner;
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('cluster.n');
    await expect(page.locator('#panic-banner')).toHaveCount(0);
  });
});
