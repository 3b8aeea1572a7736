// Issue 7, defect 12: a share link pasted into the address bar of an open page changes only the
// URL's fragment, so the browser does not load the page again. The page listens to hashchange
// and loads the link as a fresh load would; a bad link keeps what the user had and says why.
import { test, expect, open, pause, operate, stepUntilDone, shareLink, threeNodes, ui } from './fixtures';

const first = threeNodes({ nodes: ['A', 'B', 'C'] });
first.name = 'e2e: first link';
const second = threeNodes({ nodes: ['P', 'Q', 'R', 'S'], clients: ['dora'], n: 3, w: 1, r: 1 });
second.name = 'e2e: second link';
second.events = [{ at: 5, put: { client: 'dora', key: 'pen', value: 'blue' } }];

test('issue7: a share link pasted into the open page is loaded', async ({ page }) => {
  const q = await open(page, shareLink(first));
  await pause(page);
  const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  await stepUntilDone(page, put);
  await expect(q.ops).toHaveCount(1);

  // Same document, new fragment: what pasting the link into the address bar does.
  await page.goto(shareLink(second));
  for (const id of ['P', 'Q', 'R', 'S']) await expect(q.node(id)).toBeVisible();
  await expect(q.node('A')).toHaveCount(0);
  await expect(q.client('dora')).toBeVisible();
  await expect(q.ops).toHaveCount(0);
  await expect(q.simTime).toHaveText('0.0 ms');
  await expect(q.w).toHaveValue('1');
  await expect(page.locator('#live-status')).toHaveText('Opened the scenario of a share link.');
  await expect(q.liveLog).not.toContainText('alice put cart');
  // As a fresh load of the link would: its own events play.
  await pause(page);
  await q.play.click();
  await expect(q.ops).toHaveCount(1);
  await expect(q.op('1')).toContainText('dora put pen = "blue"');

  // And it is what a fresh load shows.
  const fresh = await page.context().newPage();
  const f = await open(fresh, shareLink(second));
  await expect(f.node('S')).toBeVisible();
  const name = (p: typeof page) => p.locator('#scenario-select option[value="custom"]');
  await expect(name(fresh)).toHaveText('e2e: second link');
  await expect(name(page)).toHaveText('e2e: second link');
  await expect(ui(fresh).w).toHaveValue('1');
  await fresh.close();
});

test.describe('a bad link pasted into the open page', () => {
  test.use({ errorBannerExpected: true });

  test('issue7: keeps the current scenario and says why', async ({ page }) => {
    const q = await open(page, shareLink(first));
    await pause(page);
    const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
    await stepUntilDone(page, put);

    await page.goto('/#s=garbage');
    await expect(q.errorBanner).toBeVisible();
    await expect(q.errorBanner).toContainText('could not be read');
    await expect(q.errorBanner).toContainText('current scenario is kept');
    await expect(q.node('A')).toBeVisible();
    await expect(q.ops).toHaveCount(1);
    await expect(q.node('A')).toContainText('milk');

    // A link whose scenario is invalid names the field, and keeps the scenario too.
    await page.goto(shareLink(threeNodes({ n: 5 })));
    await expect(q.errorBanner).toContainText('cluster.n');
    await expect(q.ops).toHaveCount(1);
    await expect(page.locator('#panic-banner')).toHaveCount(0);
  });
});
