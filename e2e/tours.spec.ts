// Issue 11, part 2: guided tours. A tour opens from the Tours list or a link, Next plays up to
// each step's moment and stops there, Previous goes back through time travel, each step shows
// its text and highlight, and the user can leave the tour to experiment and resume it where
// they left.
import { test, expect, open, ui, type Page } from './fixtures';

/** The tour panel's parts, by their names (docs/UI.md). */
function tour(page: Page) {
  const button = (name: string) => page.getByRole('button', { name, exact: true });
  return {
    panel: page.locator('#tour-panel'),
    heading: page.getByRole('heading', { name: /^Tour: / }),
    count: page.locator('.tour-count'),
    text: page.locator('#tour-text'),
    status: page.locator('#tour-panel [role="status"]'),
    next: button('Next step'),
    previous: button('Previous step'),
    leave: button('Leave tour'),
    resume: button('Resume tour'),
    close: button('Close tour'),
    autoplay: page.getByLabel('Autoplay', { exact: true }),
    mark: page.locator('[data-tour-mark]'),
  };
}

/** Plays at the fastest speed: Next still stops at the step's moment. */
async function fast(page: Page) {
  const q = ui(page);
  await q.speed.fill((await q.speed.getAttribute('max')) ?? '0');
}

test('issue11: a tour forward and back, with its time and highlight at each step', async ({ page }) => {
  const q = await open(page);
  const t = tour(page);
  // Opened from the Tours list, beside the library.
  await page.getByRole('navigation', { name: 'Tours' }).getByRole('link', { name: 'Quorums and a node down' }).click();
  await expect(t.heading).toHaveText('Tour: Quorums and a node down');
  await expect(t.count).toContainText('Step 1 of 6');
  await expect(q.simTime).toHaveText('5.0 ms');
  await expect(t.mark).toHaveAttribute('data-node', 'C');
  // C crashed at 0 ms: the first step shows it down, as its text says.
  await expect(q.node('C')).toHaveAccessibleDescription(/down|crashed/i);
  await expect(t.previous).toBeDisabled();
  await expect(page).toHaveURL(/#tour=quorums-and-a-node-down&step=1$/);
  await fast(page);

  // Next plays the run to each step's moment and stops there.
  const steps: [number, string, (page: Page) => Promise<void>][] = [
    [2, '12.0 ms', async () => expect(t.mark).toHaveAttribute('data-message-id', '1')],
    [3, '35.0 ms', async () => expect(q.op('1')).toHaveClass(/selected/)],
    [4, '110.0 ms', async () => expect(t.mark).toHaveAttribute('data-node', 'C')],
    [5, '222.0 ms', async () => expect(q.op('2')).toHaveClass(/selected/)],
    [6, '237.0 ms', async () => expect(t.mark).toHaveAttribute('id', 'set-r')],
  ];
  for (const [k, time, highlighted] of steps) {
    await t.next.click();
    await expect(t.count).toContainText(`Step ${k} of 6`);
    await expect(q.simTime).toHaveText(time, { timeout: 15_000 });
    await expect(q.play).toBeVisible();
    await highlighted(page);
    await expect(page).toHaveURL(new RegExp(`&step=${k}$`));
  }
  await expect(t.next).toBeDisabled();
  await expect(q.ops).toHaveCount(2);
  // The step names a setting, far below: a button brings it into view and focuses it.
  await page.getByRole('button', { name: 'Show the setting', exact: true }).click();
  await expect(page.locator('#set-r')).toBeFocused();
  await expect(page.locator('#set-r')).toBeInViewport();

  // Previous really goes back: the run as it was at the earlier moments.
  await t.previous.click();
  await expect(t.count).toContainText('Step 5 of 6');
  await expect(q.simTime).toHaveText('222.0 ms');
  await expect(q.op('2')).toHaveClass(/selected/);
  for (const k of [4, 3, 2]) {
    await t.previous.click();
    await expect(t.count).toContainText(`Step ${k} of 6`);
  }
  await expect(q.simTime).toHaveText('12.0 ms');
  await expect(q.ops).toHaveCount(1);
  await expect(t.mark).toHaveAttribute('data-message-id', '1');
  // The step's text is in the live region, with its number.
  await expect(t.status).toContainText('Step 2 of 6');
  await expect(t.status).toContainText('alice writes milk');
  // And forward again, by seeking this time (the step has been played).
  await t.next.click();
  await expect(q.simTime).toHaveText('35.0 ms');
});

test('issue11: leave a tour to experiment, then resume it where you left', async ({ page }) => {
  const q = await open(page, '/#tour=how-stale&step=3');
  const t = tour(page);
  await expect(t.heading).toHaveText('Tour: How stale is eventually consistent?');
  await expect(t.count).toContainText('Step 3 of 6');
  await expect(q.simTime).toHaveText('140.0 ms');
  await expect(q.op('2')).toHaveClass(/selected/);

  // Leave, and experiment: crash a node (a branch of the run).
  await t.leave.click();
  await expect(t.status).toContainText('You left the tour at step 3 of 6');
  await expect(t.mark).toHaveCount(0);
  // The address keeps the step where the user left: a reload comes back to it.
  await expect(page).toHaveURL(/#tour=how-stale&step=3$/);
  await q.crash('A').click();
  await expect(q.recover('A')).toBeVisible();

  // Resume: the tour's scenario again, at step 3, as it was.
  await t.resume.click();
  await expect(t.count).toContainText('Step 3 of 6');
  await expect(q.simTime).toHaveText('140.0 ms');
  await expect(q.crash('A')).toBeVisible();
  await expect(q.op('2')).toHaveClass(/selected/);
  await fast(page);
  await t.next.click();
  await expect(t.count).toContainText('Step 4 of 6');
  await expect(t.mark).toHaveAttribute('id', 'set-r');

  // Acting on the run leaves the tour by itself.
  await q.crash('B').click();
  await expect(t.resume).toBeVisible();
  await t.close.click();
  await expect(t.panel).toHaveCount(0);
  // A closed tour leaves no tour link in the address.
  await expect(page).not.toHaveURL(/#tour=/);
});

test('issue11: autoplay moves through the steps by itself', async ({ page }) => {
  const q = await open(page, '/#tour=concurrent-writes');
  const t = tour(page);
  await expect(t.count).toContainText('Step 1 of 6');
  await expect(t.mark).toHaveAttribute('data-client', 'A');
  await fast(page);
  await t.autoplay.check();
  await expect(t.count).toContainText('Step 2 of 6', { timeout: 15_000 });
  await expect(q.simTime).toHaveText('1.0 ms');
  await expect(t.mark).toHaveAttribute('data-client', 'B');
  await t.autoplay.uncheck();
});

test.describe('phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('issue11: the tour panel fits at 390 px and works by touch', async ({ page }) => {
    const q = await open(page);
    const t = tour(page);
    // Opened from the Tours list far down the page: the panel, above the drawing, comes into view.
    await page.getByRole('navigation', { name: 'Tours' }).getByRole('link', { name: 'Quorums and a node down' }).tap();
    await expect(t.count).toContainText('Step 1 of 6');
    await expect(t.panel).toBeInViewport();
    // Fixed at the bottom of the screen, under the drawing, which stays in view beside it.
    await expect(page.locator('[data-node="N1"]').or(page.locator('[data-node="A"]')).first()).toBeInViewport();
    const panel = (await t.panel.boundingBox())!;
    expect(panel.y + panel.height).toBeLessThanOrEqual(844);
    const box = await t.panel.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390.5);
    await fast(page);
    await t.next.tap();
    await expect(q.simTime).toHaveText('12.0 ms', { timeout: 15_000 });
    await t.previous.tap();
    await expect(q.simTime).toHaveText('5.0 ms');
    // A step that points at a node far down the drawing scrolls it up from under the panel.
    await page.goto('/#tour=how-stale&step=5');
    await expect(t.count).toContainText('Step 5 of 6');
    await expect(t.mark).toHaveAttribute('data-node', 'B');
    await expect.poll(async () => {
      const [mark, over] = [await t.mark.boundingBox(), await t.panel.boundingBox()];
      return mark!.y + mark!.height <= over!.y;
    }, { message: 'node B is above the fixed panel' }).toBe(true);
  });
});

test('issue11: the tour is driven by keyboard', async ({ page }) => {
  await open(page);
  const t = tour(page);
  await fast(page);
  // Opened from the Tours list by keyboard: the panel comes into view with Next step focused.
  await page.getByRole('navigation', { name: 'Tours' }).getByRole('link', { name: 'Quorums and a node down' }).focus();
  await page.keyboard.press('Enter');
  await expect(t.count).toContainText('Step 1 of 6');
  await expect(t.next).toBeFocused();
  await expect(t.panel).toBeInViewport();
  for (let k = 2; k <= 6; k += 1) {
    await page.keyboard.press('Enter');
    await expect(t.count).toContainText(`Step ${k} of 6`, { timeout: 15_000 });
  }
  // Next step is disabled on the last step: the focus goes on to Leave tour, not to the page.
  await expect(t.next).toBeDisabled();
  await expect(t.leave).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(t.resume).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(t.count).toContainText('Step 6 of 6');
  await expect(t.leave).toBeFocused();
});
