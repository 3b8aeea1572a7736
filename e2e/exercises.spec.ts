// Issue 11, part 4: workshop exercises in the page. An exercise link opens a set; the page
// checks the visitor's run against the goal (in the worker, as `qsim check` does); hints come
// one at a time; a solved exercise is marked, and the progress and the run survive a reload.
import { test, expect, open, pause, operate, playToTheEnd, stepUntilDone } from './fixtures';

test('issue11: exercise 1 solved end to end, marked done, and kept through a reload', async ({ page }, testInfo) => {
  const q = await open(page, '/#ex=all&n=1');
  const panel = page.locator('#workshop');
  const verdict = page.locator('#workshop-verdict');
  await expect(page.locator('#workshop-heading')).toHaveText('Exercise 1: Lose an acknowledged write');
  await expect(panel.locator('.workshop-place')).toHaveText('1 of 8 in this set');
  // The exercise's scenario is loaded and judged: not solved as it starts.
  await expect(verdict).toHaveText('Not solved yet: the goal does not hold in your run.');
  await expect(panel.locator('.workshop-goal li')).toHaveAttribute('data-met', 'no');
  await expect(page.locator('.workshop-solved')).toHaveCount(0);

  // Hints, one at a time.
  await expect(panel.locator('.workshop-hints li')).toHaveCount(0);
  await panel.getByRole('button', { name: 'Show a hint (1 of 3)' }).click();
  await expect(panel.locator('.workshop-hints li')).toHaveCount(1);
  await expect(panel.locator('.workshop-hints li').first()).toContainText('Which versioning keeps only one?');
  await expect(panel.getByRole('button', { name: 'Show a hint (2 of 3)' })).toBeVisible();

  // The solution: last-write-wins, carol's clock 500 ms fast, carol then alice write the key.
  await playToTheEnd(page);
  await q.versioning.selectOption('lww');
  await page.locator('.more-settings > summary').click();
  await page.getByLabel('Clock skew of carol', { exact: true }).fill('500');
  await page.getByLabel('Clock skew of carol', { exact: true }).press('Tab');
  const tea = await operate(page, 'Put', { client: 'carol', key: 'cart', value: 'tea', context: 'none' });
  await pause(page);
  await stepUntilDone(page, tea);
  const eggs = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'eggs', context: 'none' });
  await pause(page);
  await stepUntilDone(page, eggs);
  await expect(eggs).toHaveAttribute('data-outcome', 'ok');

  await expect(verdict).toHaveText('Solved: every condition holds in your run.', { timeout: 10_000 });
  await expect(panel.locator('.workshop-goal li')).toHaveAttribute('data-met', 'yes');
  await expect(panel.locator('.workshop-explanation')).toContainText('Last-write-wins');
  await expect(panel.locator('.workshop-list li').first()).toHaveAttribute('data-solved', 'yes');
  // Said by the drawing too, where the learner is looking (the operation log, far from the panel).
  await expect(page.locator('.stage .workshop-solved')).toHaveText('✓ Exercise solved. The exercise panel says why it works.');
  await expect(page.locator('.stage .workshop-solved')).toBeInViewport();
  await testInfo.attach('solved', { body: await page.screenshot(), contentType: 'image/png' });

  // A reload keeps the progress (solved, one hint shown) and the run: judged again, solved.
  await page.reload();
  await expect(page.locator('#workshop-heading')).toHaveText('Exercise 1: Lose an acknowledged write');
  await expect(panel.locator('.workshop-list li').first()).toHaveAttribute('data-solved', 'yes');
  await expect(panel.locator('.workshop-hints li')).toHaveCount(1);
  await expect(verdict).toHaveText('Solved: every condition holds in your run.', { timeout: 10_000 });

  // The next exercise opens its own scenario; Start over on the first brings back its start.
  await panel.getByRole('button', { name: 'Next exercise' }).click();
  await expect(page.locator('#workshop-heading')).toHaveText(/^Exercise 2: /);
  await expect(page).toHaveURL(/#ex=all&n=2$/);
  await expect(verdict).toHaveText(/^Not solved yet/);
  await panel.getByRole('button', { name: /^1\. Lose an acknowledged write/ }).click();
  await expect(verdict).toHaveText('Solved: every condition holds in your run.', { timeout: 10_000 });
  await panel.getByRole('button', { name: 'Start over' }).click();
  await expect(verdict).toHaveText('Not solved yet: the goal does not hold in your run (you solved it before, in this browser).');
});

test('issue11: the exercises open from the page, and a bad exercise link says what is wrong', async ({ page }) => {
  await open(page, '/');
  await page.getByRole('button', { name: 'Start the exercises' }).click();
  await expect(page.locator('#workshop-heading')).toHaveText('Exercise 1: Lose an acknowledged write');
  // The panel moved to the top of the column: it is brought into view and focused.
  await expect(page.locator('#workshop')).toBeFocused();
  await expect(page.locator('#workshop-heading')).toBeInViewport();
  await expect(page).toHaveURL(/#ex=all&n=1$/);
  await page.getByRole('button', { name: 'Leave the exercises' }).click();
  await expect(page.getByRole('button', { name: 'Start the exercises' })).toBeVisible();

  await page.goto('/#ex=03,09');
  await expect(page.locator('#workshop [role="alert"]')).toHaveText(
    'This exercise link: it names `09`, which is none of the exercises (01 to 08, or `all`).',
  );
});

test('issue11: the exercise panel at 390 px', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, '/#ex=02,07&n=2');
  // Numbered as everywhere else, though it is the second of this set.
  await expect(page.locator('#workshop-heading')).toHaveText('Exercise 7: EACH_QUORUM fails when the WAN is cut');
  await expect(page.locator('#workshop .workshop-place')).toHaveText('2 of 2 in this set');
  await expect(page.locator('#workshop .workshop-list')).toContainText('2. ');
  await expect(page.locator('#workshop .workshop-list')).toContainText('7. EACH_QUORUM');
  await expect(page.locator('#workshop-verdict')).toHaveText(/^Not solved yet/);
  for (const button of await page.locator('#workshop button').all()) {
    const box = await button.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  }
});
