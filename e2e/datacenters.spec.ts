// Issue 9, point 2 (contract section 4): datacenters on the page. Each datacenter is a named
// region with its nodes, every node and client carries its datacenter's tag, "Cut WAN link"
// partitions the network by datacenter, a message between regions says it crosses the WAN, and
// the settings offer Cassandra's consistency levels with their arithmetic.
import type { Page } from '@playwright/test';
import { test, expect, open, pause, isInside, shot, stepUntil, stepUntilDone, operate, tabTo, ui, shareLink } from './fixtures';

/** Plays the run at the fastest speed until it has ended. */
async function playToEnd(page: Page): Promise<void> {
  const q = ui(page);
  await q.speed.fill((await q.speed.getAttribute('max')) ?? '10');
  await q.play.click();
  await expect(page.locator('.clock-status')).toContainText('Run finished', { timeout: 30_000 });
}

const cutWan = (page: Page) => page.getByRole('button', { name: 'Cut WAN link', exact: true });

test('issue9: two datacenters are named regions; a LOCAL_ONE read in eu is stale before the WAN delivers the write, then not', async ({ page }, testInfo) => {
  const q = await open(page, '/#p=two-datacenters');
  await pause(page);
  const regions = page.locator('.cv-region');
  await expect(regions).toHaveCount(2);
  await expect(regions.nth(0)).toContainText('us · 3 replicas per key');
  await expect(regions.nth(1)).toContainText('eu · 3 replicas per key');
  // A pale tint behind the cards, not SVG's default black fill (a stylesheet that failed to
  // load or parse once drew the regions black over the links).
  for (const fill of await page.locator('.cv-region rect, .cv-dc-tag rect').evaluateAll(
    (els) => els.map((el) => getComputedStyle(el).fill),
  )) {
    expect(fill, 'region and tag fills are styled').not.toBe('rgb(0, 0, 0)');
  }
  for (const [i, nodes] of [['A', 'B', 'C'], ['D', 'E', 'F']].entries()) {
    for (const id of nodes) {
      expect(await isInside(q.node(id), regions.nth(i)), `${id} in region ${i}`).toBe(true);
    }
  }
  // The datacenter is said, not only coloured.
  await expect(q.node('A')).toHaveAttribute('aria-description', /; in datacenter us$/);
  await expect(q.node('F')).toHaveAttribute('aria-description', /; in datacenter eu$/);
  await expect(q.client('alice')).toHaveAttribute('aria-description', /in datacenter us/);
  await expect(q.client('bob')).toHaveAttribute('aria-description', /in datacenter eu/);
  await expect(q.client('bob')).toContainText('eu');

  // alice's write to an eu replica crosses the WAN, and the caption says so.
  const toD = page.getByRole('button', { name: 'write from alice to D', exact: true });
  await stepUntil(page, async () => (await toD.count()) > 0, 'alice writes to D');
  await toD.first().focus();
  await expect(page.locator('.cv-caption')).toContainText('write from alice to D across the WAN:');
  const toA = page.getByRole('button', { name: 'write from alice to A', exact: true });
  if ((await toA.count()) > 0) {
    await toA.first().focus();
    await expect(page.locator('.cv-caption')).not.toContainText('across the WAN');
  }

  await playToEnd(page);
  await expect(q.ops).toHaveCount(3);
  await expect(q.op('1')).toHaveAttribute('data-outcome', 'ok');
  await expect(q.op('2')).toHaveAttribute('data-stale', 'true');
  await expect(q.op('3')).toHaveAttribute('data-stale', 'false');
  await expect(q.op('3')).toHaveAttribute('data-outcome', 'ok');
  await expect(q.op('3')).toContainText('milk');
  await shot(page, testInfo, 'two-datacenters');
});

test('issue9: EACH_QUORUM fails while the WAN link is cut; Cut WAN link cuts it again and Heal partition heals it', async ({ page }, testInfo) => {
  const q = await open(page, '/#p=wan-cut');
  await pause(page);
  await playToEnd(page);
  await expect(q.op('1')).toHaveAttribute('data-outcome', 'fail');
  await expect(q.op('1')).toContainText('EACH_QUORUM');
  await expect(q.op('2')).toHaveAttribute('data-outcome', 'ok');
  await expect(q.liveLog).toContainText('the WAN link is cut: us [A, B, C, alice] and eu [D, E, F, bob] cannot reach each other.');

  // The run healed the link at 300 ms: the button cuts it again.
  await expect(cutWan(page)).toHaveAttribute('aria-disabled', 'false');
  await cutWan(page).click();
  await expect(cutWan(page)).toHaveAttribute('aria-disabled', 'true');
  await expect(q.node('A')).toHaveAttribute('aria-description', /cut off in zone 1/);
  await expect(q.node('D')).toHaveAttribute('aria-description', /cut off in zone 2/);
  await expect(q.client('bob')).toHaveAttribute('aria-description', /cut off in zone 2/);
  await expect(q.liveLog.locator('li').first()).toContainText('the WAN link is cut: us [A, B, C, alice] and eu [D, E, F, bob]');
  await expect(page.locator('.cv-region')).toHaveCount(0);

  // A write at EACH_QUORUM now fails, naming the level.
  await page.getByLabel('w level', { exact: true }).selectOption('each_quorum');
  await expect(q.quorumCondition).toContainText('w: EACH_QUORUM = 2 + 2');
  const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'eggs' });
  await stepUntilDone(page, put);
  await expect(put).toHaveAttribute('data-outcome', 'fail');
  await expect(put).toContainText('EACH_QUORUM');
  await shot(page, testInfo, 'wan-cut');

  await q.heal.click();
  await expect(q.node('A')).not.toHaveAttribute('aria-description', /cut off/);
  await expect(q.liveLog.locator('li').first()).toContainText('partition healed');
  await expect(page.locator('.cv-region')).toHaveCount(2);
  const again = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'ham' });
  await stepUntilDone(page, again);
  await expect(again).toHaveAttribute('data-outcome', 'ok');
});

test('issue9: w and r take consistency levels, with their arithmetic; n is set per datacenter', async ({ page }) => {
  const q = await open(page, '/#p=two-datacenters');
  await pause(page);
  await expect(q.n).toHaveJSProperty('readOnly', true);
  await expect(page.locator('#set-n-help')).toHaveText('set per datacenter: us 3 + eu 3');
  const wLevel = page.getByLabel('w level', { exact: true });
  const rLevel = page.getByLabel('r level', { exact: true });
  await expect(wLevel).toHaveValue('local_quorum');
  await expect(rLevel).toHaveValue('local_one');
  await expect(q.quorumCondition).toContainText(
    'w: LOCAL_QUORUM = 2 of 3 in us, 2 of 3 in eu · r: LOCAL_ONE = 1 of 3 in us, 1 of 3 in eu',
  );
  await expect(q.quorumCondition).toContainText('A LOCAL_QUORUM write in us and a LOCAL_ONE read in eu need not overlap');
  await expect(q.quorumCondition).toHaveClass(/fails/);
  await rLevel.selectOption('each_quorum');
  await expect(q.quorumCondition).toContainText('r: EACH_QUORUM = 2 + 2');
  await expect(q.quorumCondition).toContainText('Every read overlaps every write');
  await expect(q.quorumCondition).toHaveClass(/holds/);
  await expect(q.liveLog).toContainText('settings changed');
  // A number typed for r is a number again: the w + r > n line for numbers, when w is one too.
  await q.r.fill('4');
  await expect(rLevel).toHaveValue('number');
  await expect(q.quorumCondition).toContainText('r: 4 of 6');
  await expect(q.quorumCondition).toContainText('A LOCAL_QUORUM write in us and a 4-replica read need not overlap');
  await wLevel.selectOption('number');
  await expect(q.quorumCondition).toContainText('w + r ≤ n: 2 + 4 = 6 ≤ 6');
  await q.w.fill('3');
  await expect(q.quorumCondition).toContainText('w + r > n: 3 + 4 = 7 > 6');

  // Without datacenters the levels are there too, and LOCAL_QUORUM is the plain QUORUM.
  await open(page, '/');
  await pause(page);
  await page.getByLabel('w level', { exact: true }).selectOption('local_quorum');
  await expect(page.locator('#quorum-condition')).toContainText('w: LOCAL_QUORUM');
  await expect(q.n).toHaveJSProperty('readOnly', false);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('issue9: the regions are drawn and Cut WAN link is a 44 px target', async ({ page }, testInfo) => {
    const q = await open(page, '/#p=two-datacenters');
    await pause(page);
    const regions = page.locator('.cv-region');
    await expect(regions).toHaveCount(2);
    for (const i of [0, 1]) {
      const box = await regions.nth(i).boundingBox();
      expect(box && box.width > 100 && box.height > 100, `region ${i}: ${JSON.stringify(box)}`).toBe(true);
    }
    expect(await isInside(q.node('A'), regions.nth(0))).toBe(true);
    expect(await isInside(q.node('E'), regions.nth(1))).toBe(true);
    const box = await cutWan(page).boundingBox();
    expect(box && box.height >= 44 && box.width >= 44, JSON.stringify(box)).toBe(true);
    const heal = await q.heal.boundingBox();
    expect(heal && heal.height >= 44, JSON.stringify(heal)).toBe(true);
    for (const id of ['set-w-level', 'set-r-level']) {
      const b = await page.locator(`#${id}`).boundingBox();
      expect(b && b.height >= 44, `${id}: ${JSON.stringify(b)}`).toBe(true);
    }
    await shot(page, testInfo, 'phone-datacenters');
  });
});

test('issue9: the keyboard reaches Cut WAN link and the level selects, each named', async ({ page }) => {
  const q = await open(page, '/#p=two-datacenters');
  await pause(page);
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await tabTo(page, cutWan(page));
  await page.keyboard.press('Enter');
  await expect(q.node('A')).toHaveAttribute('aria-description', /cut off in zone 1/);
  await tabTo(page, page.getByRole('combobox', { name: 'w level', exact: true }));
  await tabTo(page, page.getByRole('combobox', { name: 'r level', exact: true }));
  await page.keyboard.press('ArrowDown'); // LOCAL_ONE -> LOCAL_QUORUM
  await expect(page.getByLabel('r level', { exact: true })).toHaveValue('local_quorum');
  await expect(q.quorumCondition).toContainText('r: LOCAL_QUORUM = 2 of 3 in us, 2 of 3 in eu');
});

test('a message the WAN cut stopped is drawn lost once the run has settled, not frozen on its way', async ({ page }) => {
  // bob's read at LOCAL_ONE is answered in eu within a few ms; its requests to us, sent over
  // the cut WAN (300 ms each way), would only have died at 150 ms, after the run has ended.
  const q = await open(page, shareLink({
    seed: 1,
    cluster: {
      nodes: ['A', 'B', 'C', 'D', 'E', 'F'], clients: ['alice', 'bob'],
      datacenters: [
        { name: 'us', members: ['A', 'B', 'C', 'alice'], n: 3 },
        { name: 'eu', members: ['D', 'E', 'F', 'bob'], n: 3 },
      ],
      w: 'local_quorum', r: 'local_one', read_repair: false,
      latency: { constant: 5 }, wan_latency: { constant: 300 },
    },
    events: [
      { at: 0, partition: [['A', 'B', 'C', 'alice'], ['D', 'E', 'F', 'bob']] },
      { at: 10, get: { client: 'bob', key: 'cart' } },
    ],
  }));
  await pause(page);
  await playToEnd(page);
  await expect(q.op('1')).toHaveAttribute('data-outcome', 'ok');
  await expect(page.locator('.cv-msg[data-fate="cut"]').first()).toBeAttached();
  await expect(page.locator('.cv-msg[data-fate="cut"]:not(.lost)')).toHaveCount(0);
  // The cut links have their own mark, a break, named in the legend apart from a lost message.
  await expect(page.locator('.cv-cut-mark')).toHaveAttribute('d', /^M.+l/);
  await expect(page.locator('.cv-legend')).toContainText('✕message lost');
  await expect(page.locator('.cv-legend')).toContainText('//link cut by a partition');
});
