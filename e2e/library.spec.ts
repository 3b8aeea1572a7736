// Issue 11, part 1: every scenario of the library says what to look at (`look_at`, shown under
// its description as "What to look at"); a scenario without it shows no such list.
import { test, expect, open, operate, pause, shareLink, stepUntilDone, threeNodes } from './fixtures';

test('issue11: a preset lists what to look at under its description', async ({ page }) => {
  await open(page, '/#p=default');
  const list = page.getByRole('list', { name: 'What to look at' });
  await expect(list.getByRole('listitem')).toHaveCount(4);
  await expect(list.getByRole('listitem').first()).toContainText('C is down');
  // Another preset, another list.
  await page.getByRole('combobox', { name: 'Scenario', exact: true }).selectOption('sloppy-quorum');
  await expect(list.getByRole('listitem').first()).toContainText('fallbacks D and E');
});

test('issue11: a scenario without look_at shows no list', async ({ page }) => {
  await open(page, shareLink(threeNodes()));
  await expect(page.locator('.description')).toBeAttached();
  await expect(page.getByRole('list', { name: 'What to look at' })).toHaveCount(0);
});

test.describe('phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('issue11: the list fits at 390 px', async ({ page }) => {
    await open(page, '/#p=default');
    const list = page.getByRole('list', { name: 'What to look at' });
    const box = await list.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390.5);
  });
});

// Issue 11, part 1: the library is listed from its manifest; a scenario that is not built into
// the page is fetched when chosen or named by a link.
test.describe('share links', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('issue11: choosing a library scenario that is not built in fetches and loads it', async ({ page }) => {
    const q = await open(page, '/#p=default');
    const list = page.getByRole('combobox', { name: 'Scenario', exact: true });
    // Hold the file back, to see the page say it is loading it.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => { release = resolve; });
    const asked: string[] = [];
    await page.route('**/scenarios/clock-skew.json', async (route) => {
      asked.push(route.request().url());
      await held;
      await route.continue();
    });
    await list.selectOption('clock-skew');
    await expect(page.locator('.library-status')).toHaveText('Loading scenarios/clock-skew.json…');
    await expect(page.locator('.scenario-title')).toHaveText('Node down during a write');
    release();
    await expect(page.locator('.scenario-title')).toHaveText('Clock skew: last-write-wins discards a later write');
    await expect(page.locator('.library-status')).toBeHidden();
    await expect(list).toHaveValue('clock-skew');
    expect(asked).toHaveLength(1);
    // It runs: the nodes of its file are drawn.
    await expect(q.node('A')).toBeVisible();
    // Its share link names it.
    await q.share.click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(/#p=clock-skew$/);
  });
});

test('issue11: a #p= link of a fetched library scenario opens it', async ({ page }) => {
  await open(page, '/#p=anti-entropy');
  await expect(page.locator('.scenario-title')).toHaveText('Anti-entropy heals a replica nobody reads');
  await expect(page.getByRole('combobox', { name: 'Scenario', exact: true })).toHaveValue('anti-entropy');
  // Named as the library's, not as someone's session.
  await expect(page.locator('#live-status')).toHaveText('Loaded the scenario "Anti-entropy heals a replica nobody reads": press Play to run it.');
  await expect(page.getByRole('list', { name: 'What to look at' }).getByRole('listitem').first()).toBeVisible();
});

test.describe('a library file that cannot be loaded', () => {
  // The browser itself reports the 503 in the console.
  test.use({ errorBannerExpected: true, consoleErrorsExpected: ['status of 503'] });

  test('issue11: a broken fetch says which file and keeps the session', async ({ page }) => {
    const q = await open(page, shareLink(threeNodes()));
    await pause(page);
    const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
    await stepUntilDone(page, put);
    const list = page.getByRole('combobox', { name: 'Scenario', exact: true });
    await page.route('**/scenarios/wan-cut.json', (route) => route.fulfill({ status: 503, body: 'down for a moment' }));
    await list.selectOption('wan-cut');
    await expect(q.errorBanner).toContainText('scenarios/wan-cut.json could not be loaded');
    await expect(q.errorBanner).toContainText('503');
    await expect(q.errorBanner).toContainText('the current scenario is kept');
    // Nothing the user made is lost: the scenario, the operation, the list's choice.
    await expect(page.locator('.scenario-title')).toHaveText('e2e: three replicas');
    await expect(q.ops).toHaveCount(1);
    await expect(list).toHaveValue('custom');

    // A file that is not a scenario.
    await page.route('**/scenarios/siblings.json', (route) => route.fulfill({ status: 200, body: '<html>not here</html>' }));
    await list.selectOption('siblings');
    await expect(q.errorBanner).toContainText('The scenario file scenarios/siblings.json was not loaded');
    await expect(q.ops).toHaveCount(1);
  });
});
