import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { settle, signIn } from './helpers';

/** The number on a ticket widget's tab, e.g. New Tickets / All tickets. */
async function tabCount(page: Page, widget: string, tab = 'All tickets') {
  const t = page.getByRole('region', { name: widget }).getByRole('tab', { name: new RegExp(`^${tab} \\d+$`) });
  return Number(await t.locator('.count').textContent());
}

async function statusCount(page: Page, label: string) {
  const link = page.getByRole('region', { name: 'Company Status' }).getByRole('link', { name: new RegExp(`^${label} \\d+$`) });
  return Number((await link.textContent())?.replace(/\D/g, ''));
}

async function openCic(page: Page, info: any) {
  await page.goto('/customers/ACME-01');
  await settle(page, info);
  await page.getByRole('region', { name: 'Settings' }).getByRole('button', { name: 'Reset layout' }).click();
  await page.waitForLoadState('networkidle');
}

/** A datetime-local value two days ahead. */
function inTwoDays() {
  const d = new Date(Date.now() + 2 * 86_400_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T10:00`;
}

test.beforeEach(async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent');
});

test('from the CIC, a phone ticket for a customer user appears in New Tickets and the counts', async ({ page }, info) => {
  await openCic(page, info);
  const newBefore = await tabCount(page, 'New Tickets');
  const openBefore = await statusCount(page, 'Open');
  const anna = page.getByRole('region', { name: 'Customer Users' }).getByRole('row', { name: /Anna Anders/ });
  await anna.getByRole('link', { name: 'Create Phone Ticket' }).click();
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New phone ticket');
  await expect(page.getByLabel('Customer ID')).toHaveValue('ACME-01');
  await expect(page.getByLabel('Customer user (login)')).toHaveValue('anna');
  // A missing title is refused at the field; what was typed stays.
  await page.getByLabel('What the customer said').fill('The scanner eats paper.');
  await page.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page.locator('#ticket-title-error')).toHaveText('Enter a title.');
  await expect(page.getByLabel('What the customer said')).toHaveValue('The scanner eats paper.');
  const title = `Scanner jam ${Date.now()}`;
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page).toHaveURL(/\/tickets\/\d{16}$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
  await expect(page.getByRole('region', { name: 'Articles' })).toContainText('The scanner eats paper.');

  await openCic(page, info);
  expect(await tabCount(page, 'New Tickets')).toBe(newBefore + 1);
  expect(await statusCount(page, 'Open')).toBe(openBefore + 1);
  const widget = page.getByRole('region', { name: 'New Tickets' });
  await widget.getByRole('button', { name: 'Age', exact: true }).click(); // youngest first
  await expect(widget.getByRole('row', { name: new RegExp(title) })).toBeVisible();
});

test('open a ticket, reply, set pending reminder: it leaves Open Tickets', async ({ page }, info) => {
  // An open ticket to work on.
  await page.goto('/tickets/new?type=email&company=ACME-01&customer_user=anna');
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New email ticket');
  const title = `VPN down ${Date.now()}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('State').selectOption({ label: 'open' });
  await page.getByLabel(/^Email text/).fill('We are looking into your VPN.');
  await page.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page).toHaveURL(/\/tickets\/\d{16}$/);
  const ticketUrl = page.url();
  await settle(page, info);

  await openCic(page, info);
  const openBefore = await tabCount(page, 'Open Tickets');

  await page.goto(ticketUrl);
  await settle(page, info);
  const articles = page.getByRole('region', { name: 'Articles' });
  await expect(articles).toContainText('not sent');
  // A save refetches the page's data; the document stays (no reload).
  await page.evaluate(() => { (window as any).sameDocument = true; });
  const add = page.getByRole('region', { name: 'Add article' });
  await add.getByLabel('Kind').selectOption({ label: 'Reply to customer' });
  await add.getByLabel('Text').fill('Please restart the client.');
  await add.getByRole('button', { name: 'Add article' }).click();
  await expect(articles).toContainText('Please restart the client.');
  await expect(add.getByLabel('Text')).toHaveValue('');
  expect(await page.evaluate(() => (window as any).sameDocument)).toBe(true);
  await settle(page, info);

  const change = page.getByRole('region', { name: 'Change ticket' });
  await change.getByLabel('State').selectOption({ label: 'pending reminder' });
  await change.getByLabel(/^Pending until/).fill(inTwoDays());
  await change.getByRole('button', { name: 'Save changes' }).click();
  const fields = page.getByRole('region', { name: 'Ticket information' });
  await expect(fields).toContainText('pending reminder');
  await expect(fields).toContainText('No due times');

  await openCic(page, info);
  expect(await tabCount(page, 'Open Tickets')).toBe(openBefore - 1);
});

test('a stale ticket page is refused with a clear message, and what was typed stays', async ({ page, context }, info) => {
  await page.goto('/tickets/new?type=phone&company=ACME-01&customer_user=anna');
  await settle(page, info);
  await page.getByLabel('Title').fill(`Two agents ${Date.now()}`);
  await page.getByLabel('What the customer said').fill('Printer offline.');
  await page.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page).toHaveURL(/\/tickets\/\d{16}$/);
  await settle(page, info);
  const other = await context.newPage();
  await other.goto(page.url());
  await settle(other, info);
  await other.getByRole('button', { name: 'Lock' }).click();
  await expect(other.getByRole('region', { name: 'Ticket information' })).toContainText('locked');
  const add = page.getByRole('region', { name: 'Add article' });
  await add.getByLabel('Text').fill('My note.');
  await add.getByRole('button', { name: 'Add article' }).click();
  await expect(add.getByRole('alert')).toContainText('changed by someone else');
  await expect(add.getByLabel('Text')).toHaveValue('My note.');
});

test('edit a customer user: a taken login is shown at the field, then the save succeeds', async ({ page }, info) => {
  await page.goto('/customer-users/carl/edit');
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit customer user carl');
  await page.getByLabel('Login').fill('anna');
  const phone = `+49 30 ${Date.now() % 1_000_000}`;
  await page.getByLabel('Phone').fill(phone);
  await page.getByRole('button', { name: 'Save customer user' }).click();
  await expect(page.locator('#cu-login-error')).toHaveText('This login is already taken. Choose another.');
  await expect(page.getByLabel('Login')).toBeFocused();
  await expect(page.getByLabel('Phone')).toHaveValue(phone);
  await page.getByLabel('Login').fill('carl');
  await page.getByRole('button', { name: 'Save customer user' }).click();
  await expect(page).toHaveURL(/\/customer-users\/carl$/);
  await settle(page, info);
  await expect(page.getByRole('region', { name: 'Customer User Information' })).toContainText(phone);
});

test('the CUIC shows the user\'s tickets; the switch adds the tickets they may see', async ({ page }, info) => {
  await page.goto('/customer-users/carl');
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Customer User Information Center — Carl Carter (carl)');
  for (const title of ['Reminder Tickets', 'Escalated Tickets', 'New Tickets', 'Open Tickets',
    'Customer User Information', 'Customer Companies', 'Settings']) {
    await expect(page.getByRole('region', { name: title })).toBeVisible();
  }
  await expect(page.getByRole('region', { name: 'Customer Companies' }).getByRole('link', { name: /ACME-01/ }))
    .toHaveAttribute('href', '/customers/ACME-01');
  const assigned = (await tabCount(page, 'New Tickets')) + (await tabCount(page, 'Open Tickets'));
  await page.getByRole('link', { name: 'Accessible to this customer user' }).click();
  await expect(page).toHaveURL(/view=accessible/);
  await expect(page.getByRole('link', { name: 'Accessible to this customer user' })).toHaveAttribute('aria-current', 'page');
  await expect.poll(async () => (await tabCount(page, 'New Tickets')) + (await tabCount(page, 'Open Tickets')))
    .toBeGreaterThan(assigned);
  // The CUIC's layout is its own: closing a widget here leaves the CIC alone.
  await page.getByRole('button', { name: 'Close Customer Companies' }).click();
  await expect(page.getByRole('region', { name: 'Customer Companies' })).toHaveCount(0);
  await page.waitForLoadState('networkidle');
  await page.reload();
  await settle(page, info);
  await expect(page.getByRole('region', { name: 'Customer Companies' })).toHaveCount(0);
  await page.getByRole('region', { name: 'Settings' }).getByRole('button', { name: 'Reset layout' }).click();
  await expect(page.getByRole('region', { name: 'Customer Companies' })).toBeVisible();
});

test('axe finds nothing on the ticket page, ticket creation, the CUIC and the customer-user form', async ({ page }, info) => {
  await page.goto('/tickets?company=ACME-01&class=open');
  await settle(page, info);
  const first = page.getByRole('link', { name: /^\d{16}$/ }).first();
  const paths = [await first.getAttribute('href'), '/tickets/new?type=phone&company=ACME-01&customer_user=anna',
    '/customer-users/anna', '/customer-users/anna/edit', '/customer-users/new?company=ACME-01'];
  for (const path of paths) {
    await page.goto(path!);
    await settle(page, info);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
    expect(result.violations.map((v) => `${path}: ${v.id}`)).toEqual([]);
  }
});
