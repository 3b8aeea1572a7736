// Issue 9, point 5: "The ring" shows the nodes' tokens and each key used so far; a user who
// selects a key sees its preference list (home replicas in the order the clockwise walk meets
// them, then fallbacks) and which nodes hold it now, and why. Names: docs/UI.md.
//
// The orders below are the engine's (crates/engine/src/network/ring.rs: FNV-1a, then one
// SplitMix64 step, eight tokens per node): with nodes A, B, C the key cart sits at 44% of the
// ring and meets A, then B, then C; with A to E the key profile sits at 28% and meets B, D, C,
// then E and A. The engine's unit tests check that the view's lists are its preference lists.
import type { Page } from '@playwright/test';
import { test, expect, open, pause, stepUntil, shareLink, threeNodes, shot } from './fixtures';

function ring(page: Page) {
  return {
    panel: page.locator('#ring-panel'),
    summary: page.locator('#ring-panel summary'),
    key: page.getByLabel('Key on the ring', { exact: true }),
    picture: page.getByRole('img', { name: /^The ring: / }),
    explanation: page.locator('#ring-explanation'),
    prefs: page.locator('#ring-prefs li'),
  };
}

async function stepUntilSays(page: Page, text: string) {
  const explanation = page.locator('#ring-explanation');
  await stepUntil(page, async () => ((await explanation.textContent()) ?? '').includes(text), `the ring says "${text}"`);
}

test('default scenario: choosing cart explains its home replicas in ring order and who holds it', async ({ page }, testInfo) => {
  // The ring is drawn by a worker (the diagram's files), loaded with its styles only once the
  // panel is opened.
  const loads: string[] = [];
  page.on('request', (req) => {
    if (req.url().includes('/diagram/')) loads.push(req.url());
  });
  await open(page);
  await pause(page);
  const r = ring(page);
  await expect(r.key).toBeHidden();
  expect(loads, 'nothing of the ring loads before it is opened').toEqual([]);
  await r.summary.click();
  await expect(r.panel).toHaveAttribute('open', '');
  await expect(r.picture).toBeVisible();
  await expect(r.picture).toHaveAccessibleName('The ring: 24 tokens of 3 nodes, and 0 keys.');
  await expect(r.panel.locator('.ring-token')).toHaveCount(24);
  await expect(r.explanation).toHaveText('Keys appear here once an operation uses them.');
  expect(loads.some((u) => u.endsWith('diagram/diagram-worker_bg.wasm'))).toBe(true);
  expect(loads.some((u) => u.endsWith('diagram/ring.css'))).toBe(true);

  // alice's put at 10 ms uses cart: it appears on the ring.
  await stepUntil(page, async () => (await r.key.locator('option[value="cart"]').count()) > 0, 'cart is on the ring');
  await r.key.selectOption('cart');
  await expect(r.explanation).toContainText(
    'cart sits at 44% of the ring. Walking clockwise it meets A, then B, then C: with n = 3 those are its home replicas; there is no other node to fall back on.',
  );
  await expect(r.picture).toHaveAccessibleName('The ring: 24 tokens of 3 nodes; the key cart at 44% of the ring.');
  await expect(r.prefs).toHaveText([/^A: home replica/, /^B: home replica/, /^C: home replica/]);
  await expect(r.panel.locator('.ring-number')).toHaveCount(3);

  // C is down while the write lands on A and B.
  await stepUntilSays(page, 'Copies now: A, B (C is stale).');
  await expect(r.prefs.nth(2)).toHaveText('C: home replica, holds no copy (stale)');
  await shot(page, testInfo, 'ring cart stale');
  // bob's read repairs C.
  await stepUntilSays(page, 'Copies now: A, B, C.');
  await expect(r.prefs).toHaveText([
    'A: home replica, holds copy',
    'B: home replica, holds copy',
    'C: home replica, holds copy',
  ]);
  // The choice stays through a Reset (the same key in the run that starts over).
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(r.key).toHaveValue('');
  await stepUntil(page, async () => ((await r.explanation.textContent()) ?? '').includes('cart sits at'), 'cart is chosen again');
  await expect(r.key).toHaveValue('cart');
  await shot(page, testInfo, 'ring cart');
});

const fiveNodes = threeNodes({
  nodes: ['A', 'B', 'C', 'D', 'E'],
  sloppy_quorum: true,
  placement: { pinned: ['E', 'D', 'C', 'B', 'A'] },
});

test('a key walked on five nodes: homes in walk order, fallbacks after; clicking a dot selects it; a pinned key says so', async ({ page }, testInfo) => {
  await open(page, shareLink({ ...fiveNodes, events: [{ at: 0, put: { client: 'alice', key: 'profile', value: 'v' } }] }));
  await pause(page);
  const r = ring(page);
  await r.summary.click();
  await stepUntilSays(page, 'Choose a key');
  await stepUntil(page, async () => (await r.key.locator('option[value="profile"]').count()) > 0, 'profile is on the ring');
  await r.panel.locator('[data-key="profile"] .ring-hit').click();
  await expect(r.key).toHaveValue('profile');
  await expect(r.explanation).toContainText(
    'profile sits at 28% of the ring. Walking clockwise it meets B, then D, then C: with n = 3 those are its home replicas; E and A are fallbacks for a sloppy quorum.',
  );
  await expect(r.prefs).toHaveText([/^B: home/, /^D: home/, /^C: home/, /^E: fallback/, /^A: fallback/]);
  await expect(r.panel.locator('.ring-number.home')).toHaveCount(3);
  await expect(r.panel.locator('.ring-number.fallback')).toHaveCount(2);
  await stepUntilSays(page, 'Copies now: B, D, C.');
  await shot(page, testInfo, 'ring profile');

  // Keyboard: the select changes the key with the arrow keys (pinned, used first, comes first).
  await r.key.focus();
  await page.keyboard.press('ArrowUp');
  await expect(r.key).toHaveValue('pinned');
  await expect(r.explanation).toContainText(
    "but the scenario's placement pins its preference list: E, D and C, with n = 3 its home replicas; B and A are fallbacks for a sloppy quorum. No replica holds a copy yet.",
  );
  await expect(r.explanation).not.toContainText('clockwise');
  await expect(r.panel.locator('.ring-number')).toHaveCount(0);
});

test.describe('390 x 844, touch', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the panel stays closed below the cluster, opens by tapping, and fits the screen', async ({ page }, testInfo) => {
    await open(page);
    await pause(page);
    const r = ring(page);
    const cluster = await page.locator('.cluster-slot').boundingBox();
    const closed = await r.panel.boundingBox();
    expect(closed!.y, 'the ring is below the cluster').toBeGreaterThan(cluster!.y + cluster!.height);
    await r.summary.scrollIntoViewIfNeeded();
    const summary = await r.summary.boundingBox();
    expect(summary!.height, 'the summary is a 44 px target').toBeGreaterThanOrEqual(44);
    await r.summary.tap();
    await expect(r.picture).toBeVisible();
    await stepUntil(page, async () => (await r.key.locator('option[value="cart"]').count()) > 0, 'cart is on the ring');
    await r.key.selectOption('cart');
    await expect(r.explanation).toContainText('Walking clockwise it meets A, then B, then C');
    const select = await r.key.boundingBox();
    expect(select!.height, 'the select is a 44 px target').toBeGreaterThanOrEqual(44);
    for (const part of [r.picture, r.key, r.explanation]) {
      const box = await part.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390 + 0.5);
    }
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    expect((await page.locator('.cluster-slot').boundingBox())!.y, 'the cluster did not move').toBe(cluster!.y);
    await r.picture.scrollIntoViewIfNeeded();
    await shot(page, testInfo, 'ring phone');
  });
});
