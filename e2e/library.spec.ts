// Issue 11, part 1: every scenario of the library says what to look at (`look_at`, shown under
// its description as "What to look at"); a scenario without it shows no such list.
import { test, expect, open, shareLink, threeNodes } from './fixtures';

test('issue11: a preset lists what to look at under its description', async ({ page }) => {
  await open(page, '/#p=default');
  const list = page.getByRole('list', { name: 'What to look at' });
  await expect(list.getByRole('listitem')).toHaveCount(4);
  await expect(list.getByRole('listitem').first()).toContainText('C is down');
  // Another preset, another list.
  await page.getByRole('radio', { name: /Sloppy quorum and hinted handoff/ }).check();
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
