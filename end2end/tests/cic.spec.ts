import { expect, test } from '@playwright/test';
import { settle, signIn } from './helpers';

test('search without typing live: the results list companies and customer users', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent');
  await page.goto('/?q=acme');
  await settle(page, info);
  const results = page.getByRole('listbox', { name: 'Search results' });
  await expect(results.getByRole('option').first()).toHaveText(/^Acme Corporation \(ACME-01\)/);
  await expect(results.getByRole('option', { name: /^Anna Anders \(anna, anna@acme.example\)/ })).toBeVisible();
});

test('the CIC shows the company and its status counts', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent');
  const response = await page.goto('/customers/ACME-01');
  expect(response?.status()).toBe(200);
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Customer Information Center — Acme Corporation (ACME-01)');
  const status = page.getByRole('region', { name: 'Company Status' });
  const count = async (label: string) => {
    const link = status.getByRole('link', { name: new RegExp(`^${label} \\d+$`) });
    await expect(link).toHaveAttribute('href', /\/tickets\?company=ACME-01&/);
    return Number((await link.locator('.count').textContent()) ?? 'NaN');
  };
  const [escalated, open, closed, all] = [await count('Escalated'), await count('Open'), await count('Closed'), await count('All')];
  // The demo generator gives ACME-01 10 % of 2,000 tickets, about 85 % of them closed.
  expect(all).toBe(open + closed);
  expect(open).toBeGreaterThan(0);
  expect(closed).toBeGreaterThan(open);
  expect(escalated).toBeGreaterThan(0);
  expect(escalated).toBeLessThanOrEqual(open);
});

test('the CIC shows every widget and its data, with or without JavaScript', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent2');
  await page.goto('/customers/ACME-01');
  await settle(page, info);
  for (const title of ['Customer Users', 'Reminder Tickets', 'Escalated Tickets', 'New Tickets', 'Open Tickets',
    'Company Status', 'Customer Information', 'Settings']) {
    await expect(page.getByRole('region', { name: title })).toBeVisible();
  }
  const users = page.getByRole('region', { name: 'Customer Users' });
  const anna = users.getByRole('row', { name: /Anna Anders/ });
  await expect(anna.getByRole('link', { name: 'Anna Anders', exact: true })).toHaveAttribute('href', '/customer-users/anna');
  await expect(anna.getByRole('link', { name: /^Open tickets of Anna Anders: \d+$/ }))
    .toHaveAttribute('href', '/tickets?customer_user=anna&class=open');
  await expect(anna.getByRole('link', { name: 'Create Phone Ticket' })).toHaveAttribute('href', /type=phone&company=ACME-01&customer_user=anna/);
  await expect(users.getByRole('link', { name: 'Add Customer User' })).toHaveAttribute('href', '/customer-users/new?company=ACME-01');
  for (const title of ['Escalated Tickets', 'New Tickets', 'Open Tickets']) {
    const w = page.getByRole('region', { name: title });
    const all = w.getByRole('tab', { name: /^All tickets \d+$/ });
    await expect(all).toHaveAttribute('aria-selected', 'true');
    const n = Number(await all.locator('.count').textContent());
    expect(n, title).toBeGreaterThan(0);
    await expect(w.getByRole('link', { name: /^\d{16}$/ })).toHaveCount(Math.min(n, 10));
    await expect(w.getByRole('columnheader')).toHaveText([/Ticket/, /Age/, /Title/]);
  }
  // Reminder Tickets open on "My locked tickets" (spec).
  const reminder = page.getByRole('region', { name: 'Reminder Tickets' });
  await expect(reminder.getByRole('tab', { name: /^My locked tickets \d+$/ })).toHaveAttribute('aria-selected', 'true');
  const info2 = page.getByRole('region', { name: 'Customer Information' });
  await expect(info2.getByText('ACME-01')).toBeVisible();
  // Every widget is offered in Settings; the later ones (issues 18–20) wait there, off, until an agent turns them on.
  const settings = page.getByRole('region', { name: 'Settings' });
  await expect(settings.getByRole('checkbox')).toHaveCount(16);
  for (const title of ['Locations', 'Linked Accounts', 'Contracts', 'Account Summary', 'Activities', 'Files', 'Overview', 'Tasks', 'Followers']) {
    await expect(settings.getByRole('checkbox', { name: title })).not.toBeChecked();
    await expect(page.getByRole('region', { name: title })).toHaveCount(0);
  }
});

test('a missing company is a real 404 page', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent');
  for (const path of ['/customers/NOPE-99', '/customers/bad%20id', '/no/such/page']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
  }
});

test('each Company Status and Customer Users count links to a list with exactly that total', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent');
  const links: { name: RegExp; region: string }[] = [
    { region: 'Company Status', name: /^Escalated \d+$/ },
    { region: 'Company Status', name: /^Open \d+$/ },
    { region: 'Company Status', name: /^Closed \d+$/ },
    { region: 'Company Status', name: /^All \d+$/ },
    { region: 'Customer Users', name: /^Open tickets of Anna Anders: \d+$/ },
    { region: 'Customer Users', name: /^Closed tickets of Anna Anders: \d+$/ },
  ];
  for (const l of links) {
    await page.goto('/customers/ACME-01');
    await settle(page, info);
    const link = page.getByRole('region', { name: l.region }).getByRole('link', { name: l.name });
    const label = (await link.getAttribute('aria-label')) ?? (await link.textContent()) ?? '';
    const count = Number(label.match(/(\d+)\s*$/)?.[1]);
    await link.click();
    await expect(page).toHaveURL(/\/tickets\?/);
    await settle(page, info);
    await expect(page.getByRole('heading', { level: 1, name: 'Tickets' })).toBeVisible();
    await expect(page.getByRole('status').locator('.count'), `${l.region} ${label}`).toHaveText(String(count));
    await expect(page.locator('tbody tr')).toHaveCount(Math.min(count, 25));
  }
  // Chips remove one filter at a time.
  const chips = page.getByRole('list', { name: 'Active filters' });
  await expect(chips.getByRole('listitem')).toHaveCount(2);
  await chips.getByRole('link', { name: /^Remove filter State class/ }).click();
  await settle(page, info);
  await expect(chips.getByRole('listitem')).toHaveCount(1);
});
