import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { consoleErrors, settle, signIn } from './helpers';

const MAIN = ['Customer Users', 'Reminder Tickets', 'Escalated Tickets', 'New Tickets', 'Open Tickets'];

async function openCic(page: Page, info: any, company = 'ACME-01') {
  await page.goto(`/customers/${company}`);
  await settle(page, info);
}

/** The titles of the main column's widgets, top to bottom. */
const mainOrder = (page: Page) => page.locator('.column.main > section.widget h2').allTextContents();

async function resetLayout(page: Page) {
  await page.getByRole('region', { name: 'Settings' }).getByRole('button', { name: 'Reset layout' }).click();
  // Applied by a lazy chunk: done when announced (the order alone may have been the default already).
  await expect(page.locator('[role="status"]', { hasText: 'Layout reset to the default.' })).toHaveCount(1);
  await expect.poll(() => mainOrder(page)).toEqual(MAIN);
  // The widgets, rendered afresh, load their rows through a lazy chunk: let them finish here, not in the test.
  await page.waitForLoadState('networkidle');
}

/** Waits until the server has the layout the screen shows (saves are fire-and-forget). */
async function reloadWhenSaved(page: Page, info: any) {
  await page.waitForLoadState('networkidle');
  await page.reload();
  await settle(page, info);
}

test.beforeEach(async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent');
  await openCic(page, info);
  await resetLayout(page);
});

test('a tab choice is saved at once and survives a reload; counts match the rows', async ({ page }, info) => {
  const widget = page.getByRole('region', { name: 'Open Tickets' });
  const tab = (name: string) => widget.getByRole('tab', { name: new RegExp(`^${name} \\d+$`) });
  await expect(tab('All tickets')).toHaveAttribute('aria-selected', 'true');
  await tab('Tickets in My Queues').click();
  await expect(tab('Tickets in My Queues')).toHaveAttribute('aria-selected', 'true');
  await expect(tab('All tickets')).toHaveAttribute('aria-selected', 'false');
  const count = Number(await tab('Tickets in My Queues').locator('.count').textContent());
  await expect(widget.getByRole('row')).toHaveCount(Math.min(count, 10) + (count > 0 ? 1 : 0));
  await reloadWhenSaved(page, info);
  await expect(tab('Tickets in My Queues')).toHaveAttribute('aria-selected', 'true');
  await tab('All tickets').click();
  await expect(tab('All tickets')).toHaveAttribute('aria-selected', 'true');
  await page.waitForLoadState('networkidle');
});

test('paging reaches exactly the count; the buttons are disabled at the ends', async ({ page }) => {
  const widget = page.getByRole('region', { name: 'Escalated Tickets' });
  const all = widget.getByRole('tab', { name: /^All tickets \d+$/ });
  const count = Number(await all.locator('.count').textContent());
  expect(count).toBeGreaterThan(10);
  const prev = widget.getByRole('button', { name: 'Previous page' });
  const next = widget.getByRole('button', { name: 'Next page' });
  await expect(prev).toBeDisabled();
  const links = widget.getByRole('link', { name: /^\d{16}$/ });
  let seen = new Set<string>();
  for (;;) {
    await expect(links.first()).toBeVisible();
    for (const t of await links.allTextContents()) seen.add(t);
    if (await next.isDisabled()) break;
    const first = await links.first().textContent();
    await next.click();
    await expect(links.first()).not.toHaveText(first ?? '');
  }
  expect(seen.size).toBe(count);
  await expect(prev).toBeEnabled();
  await prev.click();
  await expect(links).toHaveCount(10);
  await expect(prev).toBeDisabled();
  // The ticket number links to its page.
  await expect(links.first()).toHaveAttribute('href', /^\/tickets\/\d{16}$/);
});

test('columns and sort: a column can be added and the table sorted by it', async ({ page }, info) => {
  const widget = page.getByRole('region', { name: 'Open Tickets' });
  await widget.getByText('Options').click();
  await widget.getByRole('checkbox', { name: 'Queue' }).check();
  await expect(widget.getByRole('columnheader', { name: 'Queue' })).toBeVisible();
  await widget.getByRole('button', { name: 'Title', exact: true }).click();
  await expect(widget.getByRole('columnheader', { name: /Title/ })).toHaveAttribute('aria-sort', 'ascending');
  const titles = await widget.locator('tbody tr td:nth-child(3)').allTextContents();
  expect(titles).toEqual([...titles].sort());
  await widget.getByLabel('Rows per page').selectOption('5');
  await expect(widget.locator('tbody tr')).toHaveCount(5);
  await reloadWhenSaved(page, info);
  await expect(widget.getByRole('columnheader', { name: 'Queue' })).toBeVisible();
  await expect(widget.locator('tbody tr')).toHaveCount(5);
  // Back to the defaults for the other tests.
  await widget.getByText('Options').click();
  await widget.getByRole('checkbox', { name: 'Queue' }).uncheck();
  await widget.getByLabel('Rows per page').selectOption('10');
  await widget.getByRole('button', { name: 'Age', exact: true }).click();
  await page.waitForLoadState('networkidle');
});

test('drag a widget by its header; the drop indicator shows and the order survives a reload', async ({ page }, info) => {
  // Tall enough that no scrolling happens mid-drag (Chromium's synthetic drags do not autoscroll).
  await page.setViewportSize({ width: 1280, height: 3200 });
  const header = (title: string) => page.getByRole('region', { name: title }).locator('header');
  await header('Open Tickets').dragTo(header('Customer Users'));
  await expect.poll(() => mainOrder(page)).toEqual(['Open Tickets', 'Customer Users', 'Reminder Tickets', 'Escalated Tickets', 'New Tickets']);
  await reloadWhenSaved(page, info);
  expect(await mainOrder(page)).toEqual(['Open Tickets', 'Customer Users', 'Reminder Tickets', 'Escalated Tickets', 'New Tickets']);

  // While dragging, the target shows where the widget will land.
  const from = await header('Escalated Tickets').boundingBox();
  const to = await header('Customer Users').boundingBox();
  if (!from || !to) throw new Error('headers have boxes');
  await page.mouse.move(from.x + 200, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 220, from.y + from.height / 2 - 20, { steps: 4 });
  await page.mouse.move(to.x + 200, to.y + to.height / 2, { steps: 10 });
  await page.mouse.move(to.x + 210, to.y + to.height / 2, { steps: 2 });
  await expect(page.getByRole('region', { name: 'Customer Users' })).toHaveClass(/drop-before/);
  await page.mouse.up();
  await expect.poll(() => mainOrder(page)).toEqual(['Open Tickets', 'Escalated Tickets', 'Customer Users', 'Reminder Tickets', 'New Tickets']);
});

test('keyboard: Move up / Move down with an announcement', async ({ page }, info) => {
  const users = page.getByRole('region', { name: 'Customer Users' });
  const down = users.getByRole('button', { name: 'Move down' });
  await down.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'moved' })).toHaveText('Customer Users moved to position 2 of 5.');
  await expect(down).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(() => mainOrder(page)).toEqual(['Reminder Tickets', 'Escalated Tickets', 'Customer Users', 'New Tickets', 'Open Tickets']);
  await users.getByRole('button', { name: 'Move up' }).press('Enter');
  await expect.poll(() => mainOrder(page)).toEqual(['Reminder Tickets', 'Customer Users', 'Escalated Tickets', 'New Tickets', 'Open Tickets']);
  await reloadWhenSaved(page, info);
  expect(await mainOrder(page)).toEqual(['Reminder Tickets', 'Customer Users', 'Escalated Tickets', 'New Tickets', 'Open Tickets']);
  await resetLayout(page);
  await reloadWhenSaved(page, info);
  expect(await mainOrder(page)).toEqual(MAIN);
});

test('close a widget, it stays closed after a reload, Settings brings it back', async ({ page }, info) => {
  const settings = page.getByRole('region', { name: 'Settings' });
  await expect(settings.getByRole('button', { name: /^Close/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Close Reminder Tickets' }).click();
  await expect(page.getByRole('region', { name: 'Reminder Tickets' })).toHaveCount(0);
  await expect(settings.getByRole('checkbox', { name: 'Reminder Tickets' })).not.toBeChecked();
  await reloadWhenSaved(page, info);
  await expect(page.getByRole('region', { name: 'Reminder Tickets' })).toHaveCount(0);
  // The setting is per agent, for every company.
  await openCic(page, info, 'GLOBEX-02');
  await expect(page.getByRole('region', { name: 'Reminder Tickets' })).toHaveCount(0);
  await settings.getByRole('checkbox', { name: 'Reminder Tickets' }).check();
  await settings.getByRole('button', { name: 'Save settings' }).click();
  const reminder = page.getByRole('region', { name: 'Reminder Tickets' });
  await expect(reminder.getByRole('tab', { name: /^My locked tickets \d+$/ })).toHaveAttribute('aria-selected', 'true');
  await expect(reminder.getByRole('tabpanel')).toBeVisible();
  await reloadWhenSaved(page, info);
  await expect(page.getByRole('region', { name: 'Reminder Tickets' })).toBeVisible();
  expect(await mainOrder(page)).toEqual(MAIN);
});

test('Customer Information: a validation error keeps what was typed, then the edit saves', async ({ page }, info) => {
  await openCic(page, info, 'LUMEN-0003');
  const widget = page.getByRole('region', { name: 'Customer Information' });
  await widget.getByRole('button', { name: 'Edit' }).click();
  const name = widget.getByRole('textbox', { name: 'Name' });
  const original = await name.inputValue();
  await name.fill('');
  await widget.getByRole('textbox', { name: 'URL' }).fill('lumen dot example');
  await widget.getByRole('textbox', { name: 'City' }).fill('Graz');
  await widget.getByRole('button', { name: 'Save' }).click();
  await expect(widget.getByText('Enter a name.')).toBeVisible();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toBeFocused();
  await expect(widget.getByText(/starting with https:\/\//)).toBeVisible();
  await expect(widget.getByRole('textbox', { name: 'City' })).toHaveValue('Graz');
  await expect(widget.getByRole('textbox', { name: 'URL' })).toHaveValue('lumen dot example');
  await name.fill(original);
  await widget.getByRole('textbox', { name: 'URL' }).fill('https://lumen.example');
  await widget.getByRole('button', { name: 'Save' }).click();
  await expect(widget.getByRole('link', { name: 'https://lumen.example' })).toBeVisible();
  await expect(widget.getByText('Graz')).toBeVisible();
  await page.reload();
  await settle(page, info);
  await expect(widget.getByText('Graz')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Customer Information Center — ${original} (LUMEN-0003)`);
});

test('the search dialog opens by button and by "/", and a keyboard choice opens the CIC', async ({ page }, info) => {
  await page.getByRole('button', { name: /^Search/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Find a customer' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close search' }).click();
  await expect(dialog).toBeHidden();
  await page.locator('body').press('/');
  await expect(dialog).toBeVisible();
  const box = dialog.getByRole('combobox', { name: 'Search customers' });
  await expect(box).toBeFocused();
  await box.fill('glob');
  await expect(dialog.getByRole('option').first()).toHaveText(/^Globex Inc\. \(GLOBEX-02\)/);
  await box.press('ArrowDown');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/customers\/GLOBEX-02$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Customer Information Center — Globex Inc. (GLOBEX-02)');
});

test('axe finds nothing on the CIC with options, edit form and search dialog open', async ({ page }) => {
  const check = async (what: string) => {
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(result.violations.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
  };
  await page.getByRole('region', { name: 'Open Tickets' }).getByText('Options').click();
  await page.getByRole('region', { name: 'Customer Information' }).getByRole('button', { name: 'Edit' }).click();
  await check('CIC with options and edit form');
  await page.getByRole('button', { name: /^Search/ }).click();
  await page.getByRole('dialog').getByRole('combobox').fill('acme');
  await expect(page.getByRole('dialog').getByRole('option').first()).toBeVisible();
  await check('search dialog');
});

test('after hydration the CIC makes no further requests: its data came with the document', async ({ page }, info) => {
  const calls: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/')) calls.push(r.url()); });
  await openCic(page, info, 'GLOBEX-02');
  await page.waitForLoadState('networkidle');
  expect(calls).toEqual([]);
});

test.describe('times in the agent\'s zone', () => {
  test.use({ timezoneId: 'Asia/Tokyo' });
  test('a saved zone wins; without one the browser\'s zone is used, identically on server and client', async ({ page }, info) => {
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    const created = async () => {
      const w = page.getByRole('region', { name: 'New Tickets' });
      await w.getByText('Options').click();
      await w.getByRole('checkbox', { name: 'Created' }).check();
      const cell = w.locator('tbody tr').first().locator('td').last();
      await expect(cell).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \w+$/);
      const text = await cell.textContent();
      await w.getByRole('checkbox', { name: 'Created' }).uncheck();
      await page.waitForLoadState('networkidle');
      return text ?? '';
    };
    // "agent" chose Europe/Berlin.
    expect(await created()).toMatch(/ CES?T$/);
    // "admin" has no zone: the browser's (Tokyo) applies, rendered by the server on reload.
    await signIn(page, info, '/login', 'admin');
    await openCic(page, info);
    await resetLayout(page);
    expect(await created()).toMatch(/ JST$/);
    await page.reload();
    await settle(page, info);
    const w = page.getByRole('region', { name: 'New Tickets' });
    await w.getByText('Options').click();
    await w.getByRole('checkbox', { name: 'Created' }).check();
    // The choice is saved by the widget's reload (a lazy chunk's call): let it reach the server first.
    await expect(w.locator('tbody tr').first().locator('td').last()).toHaveText(/ JST$/);
    await page.waitForLoadState('networkidle');
    await page.reload();
    await settle(page, info);
    await expect(w.locator('tbody tr').first().locator('td').last()).toHaveText(/ JST$/);
    await w.getByText('Options').click();
    await w.getByRole('checkbox', { name: 'Created' }).uncheck();
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
  });
});

test('Company Status is a lazy wasm chunk: fetched before hydration, it hydrates the server\'s nodes and stays live', async ({ page, context }, info) => {
  const chunks: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/pkg/') && path.endsWith('.wasm') && path !== '/pkg/panorama.wasm') chunks.push(path);
  });
  // The list as the server sent it, before the wasm runs.
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      (window as any).__ssrStatus = document.querySelector('[data-lazy="company-status"]');
    });
  });
  const errors = consoleErrors(page);
  await openCic(page, info);
  const status = page.getByRole('region', { name: 'Company Status' });
  await expect(status.locator('[data-lazy="company-status"]')).toHaveCount(1);
  expect(chunks.length, 'the widget\'s code came as a chunk').toBeGreaterThan(0);
  expect(
    await page.evaluate(() => (window as any).__ssrStatus === document.querySelector('[data-lazy="company-status"]')),
    'hydration kept the server\'s nodes',
  ).toBe(true);

  // Live after hydration: a ticket created in another tab shows in its count when the dashboard refreshes.
  const all = async () => Number(await status.getByRole('link', { name: /^All/ }).locator('.count').textContent());
  const before = await all();
  const other = await context.newPage();
  await openCic(other, info);
  const anna = other.getByRole('region', { name: 'Customer Users' }).getByRole('row', { name: /Anna Anders/ });
  await anna.getByRole('link', { name: 'Create Phone Ticket' }).click();
  await settle(other, info);
  await other.getByLabel('Title').fill(`Lazy status ${Date.now()}`);
  await other.getByLabel('What the customer said').fill('Counted live.');
  await other.getByRole('button', { name: 'Create ticket' }).click();
  await expect(other).toHaveURL(/\/tickets\/\d{16}$/);
  await other.close();
  const open = page.getByRole('region', { name: 'Open Tickets' });
  await open.getByRole('tab', { name: /^Tickets in My Queues/ }).click();
  await open.getByRole('tab', { name: /^All tickets/ }).click();
  await expect.poll(all).toBe(before + 1);
  expect(errors).toEqual([]);
  await page.waitForLoadState('networkidle');
});
