// Issue 8, points 2 and 5: writes that do what DDIA's chapter 5 says (Figure 5-13: a write sends
// the version its client last saw, from a read or from its own previous write's reply, and
// replaces what that version covers), the context shown in the form before a write is sent, and
// both contexts of an operation labelled ("sent with context", "context after"). Time moves only
// by Step.
import {
  test, expect, open, pause, operate, stepUntilDone, shareLink, threeNodes, shot, tabTo,
} from './fixtures';

test('C crashed: alice puts milk, then eggs with the default choice, and eggs replaces milk', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  await q.crash('C').click();
  await q.clientSelect.selectOption('alice');
  await q.key.fill('cart');

  // The default is the book's: overwrite what this client last saw. Before anything, that is
  // nothing, and the form says so before the put is sent.
  await expect(q.contextChoice).toBeVisible();
  await expect(q.overwrite).toBeChecked();
  await expect(q.overwrite).toHaveAccessibleName('Overwrite what alice last saw');
  await expect(q.blind).not.toBeChecked();
  await expect(q.contextPreview).toContainText('sent with context');
  await expect(q.contextPreview).toContainText('alice has seen nothing of cart yet: this write is concurrent with every version');
  await expect(q.put).toHaveAccessibleDescription(/sent with context nothing/);

  const milk = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  // Sent, not returned: a write sent now would not include it, and the form says so.
  await expect(q.contextInFlight).toHaveText(
    `alice's put #1 has not returned yet: this write will not include it, so the two may become siblings.`,
  );
  await expect(q.put).toHaveAccessibleDescription(/put #1 has not returned yet/);
  await stepUntilDone(page, milk);
  await expect(milk).toHaveAttribute('data-outcome', 'ok');
  await expect(q.contextInFlight).toBeHidden();

  // The put's reply is what alice last saw: the next write will say so.
  await expect(q.contextPreview.locator('code')).toHaveText('alice:1');
  await expect(q.contextPreview).toContainText('what alice last saw of cart: this write replaces those versions');
  // Live as the client and the key change.
  await q.clientSelect.selectOption('bob');
  await expect(q.overwrite).toHaveAccessibleName('Overwrite what bob last saw');
  await expect(q.contextPreview).toContainText('bob has seen nothing of cart yet');
  await q.clientSelect.selectOption('alice');
  await q.key.fill('basket');
  await expect(q.contextPreview).toContainText('alice has seen nothing of basket yet');
  await q.key.fill('cart');
  await expect(q.contextPreview.locator('code')).toHaveText('alice:1');

  const eggs = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'eggs' });
  await stepUntilDone(page, eggs);
  await expect(eggs).toHaveAttribute('data-outcome', 'ok');
  await expect(eggs.locator('.chip')).toHaveText(['eggs']);
  await expect(eggs.locator('.badge-siblings')).toHaveCount(0);
  await expect(eggs.locator('.note-siblings')).toHaveCount(0);
  // Both contexts, each under its own label.
  await expect(eggs.locator('.op-sent-with')).toHaveText(/^sent with context\s*alice:1$/);
  await expect(eggs.locator('.op-context-after')).toHaveText(/^context after\s*alice:2$/);
  await expect(milk.locator('.op-sent-with')).toContainText('nothing (alice had seen nothing of cart)');
  for (const id of ['A', 'B']) {
    await expect(q.node(id)).toContainText('eggs');
    await expect(q.node(id)).not.toContainText('milk');
  }
  await shot(page, testInfo, 'eggs replaced milk');
});

test('a blind write makes siblings, and the form said so before it was sent', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  const milk = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  await stepUntilDone(page, milk);

  // By keyboard: Tab into the radio group, an arrow key chooses the blind write.
  await tabTo(page, q.overwrite);
  await page.keyboard.press('ArrowDown');
  await expect(q.blind).toBeChecked();
  await expect(q.blind).toBeFocused();
  await expect(q.overwrite).not.toBeChecked();
  await expect(q.contextPreview.locator('code')).toHaveText('nothing');
  await expect(q.contextPreview).toContainText('a blind write: concurrent with every version, kept beside them as a sibling');
  await expect(q.put).toHaveAccessibleDescription(/a blind write/);

  const eggs = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'eggs' });
  await stepUntilDone(page, eggs);
  await expect(eggs).toHaveAttribute('data-outcome', 'ok');
  await expect(eggs.locator('.chip.sibling')).toHaveText(['eggs', 'milk']);
  await expect(eggs.locator('.badge-siblings')).toHaveText('2 siblings');
  await expect(eggs.locator('.op-sent-with')).toContainText('nothing (a blind write)');
  await expect(eggs.locator('.op-context-after')).toContainText('alice:2');
  // The explanation names the context each write was sent with, not the one after.
  const why = eggs.locator('.note-siblings');
  await expect(why).toContainText('alice:1 is not in the context alice:2 was sent with');
  await expect(why).not.toContainText('is not in the context of');
  await shot(page, testInfo, 'blind write');
});

test('a put sent before the previous one returned is its sibling, as the form warned', async ({ page }) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  const milk = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  await expect(q.contextInFlight).toContainText("alice's put #1 has not returned yet");
  const eggs = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'eggs' });
  await expect(q.contextInFlight).toContainText("alice's put #1, put #2 have not returned yet");
  await stepUntilDone(page, milk);
  await stepUntilDone(page, eggs);
  await expect(q.contextInFlight).toBeHidden();
  await expect(eggs.locator('.chip.sibling')).toHaveText(['eggs', 'milk']);
});

test('two siblings with the same value say why they are two versions', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes()));
  await pause(page);
  const first = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  const second = await operate(page, 'Put', { client: 'bob', key: 'cart', value: 'milk' });
  await stepUntilDone(page, first);
  await stepUntilDone(page, second);
  const get = await operate(page, 'Get', { client: 'alice', key: 'cart' });
  await stepUntilDone(page, get);
  await expect(get.locator('.chip.sibling')).toHaveText(['milk', 'milk']);
  const why = get.locator('.note-siblings');
  await expect(why).toContainText('"milk" and "milk" are siblings');
  await expect(why).toContainText('Same value, yet two versions: a version is a write, not a value');
  await expect(why).toContainText('two writes, neither of which saw the other');
  await expect(get.locator('.op-context-after')).toContainText('context returned');
  await shot(page, testInfo, 'same value');
});

test.describe('phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('390 px: the form fits, its controls are at least 44 px tall, and a tap chooses a blind write', async ({ page }, testInfo) => {
    const q = await open(page, shareLink(threeNodes()));
    await pause(page);
    const form = page.locator('.client-form');
    await form.scrollIntoViewIfNeeded();
    const width = await page.evaluate(() => document.documentElement.clientWidth);
    const box = await form.boundingBox();
    expect(box, 'the form is laid out').not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(width);
    expect(await form.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const targets = {
      Client: q.clientSelect, Key: q.key, Value: q.value,
      Overwrite: page.locator('.context-choice label').first(),
      Blind: page.locator('.context-choice label').last(),
      Put: q.put, Get: q.get, Delete: q.del,
    };
    for (const [name, target] of Object.entries(targets)) {
      const b = await target.boundingBox();
      expect(b, `${name} is laid out`).not.toBeNull();
      expect(b!.height, `${name} is at least 44 px tall`).toBeGreaterThanOrEqual(44);
      expect(b!.x + b!.width, `${name} fits in 390 px`).toBeLessThanOrEqual(width);
    }
    // Tapping the label (not the small circle) chooses it.
    await targets.Blind.tap();
    await expect(q.blind).toBeChecked();
    await expect(q.contextPreview).toContainText('a blind write');
    await shot(page, testInfo, 'phone form');
  });
});
