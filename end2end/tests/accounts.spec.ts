import { expect, test } from '@playwright/test';
import { settle, signIn } from './helpers';

const CIC = ['CustomerUsers', 'ReminderTickets', 'EscalatedTickets', 'NewTickets', 'OpenTickets', 'CompanyStatus',
  'CustomerInformation', 'Settings'];

test('Locations, Linked Accounts, Contracts, Account Summary, Activities and Files render from the server, also without JavaScript, without buttons for a reader', async ({ page }, info) => {
  await signIn(page, info, '/login', 'reader');
  // The reader's layout with both widgets on, saved through the same server function Settings calls.
  const layout = [...CIC.map((k) => [k, true]), ['Locations', true], ['LinkedAccounts', true], ['Contracts', true],
    ['AccountSummary', true], ['Activities', true], ['Files', true], ['Overview', true], ['Tasks', false], ['Followers', false]];
  // (A same-origin call, as the page's own would be: the server refuses other origins.)
  const headers = { Origin: new URL(page.url()).origin };
  const saved = await page.request.post('/api/save_layout', { data: { board: 'Cic', layout }, headers });
  expect(saved.status()).toBe(200);
  await page.goto('/customers/GLOBEX-02');
  await settle(page, info);
  const locations = page.getByRole('region', { name: 'Locations' });
  await expect(locations.getByRole('listitem', { name: 'Headquarters' })).toContainText('Primary');
  await expect(locations.getByRole('listitem', { name: 'Service site — Data centre' }).getByRole('link')).toHaveAttribute('href', /^tel:\+4989/);
  const linked = page.getByRole('region', { name: 'Linked Accounts' });
  await expect(linked.getByRole('list', { name: 'Child accounts' }).getByRole('link')).toHaveCount(2);
  const contracts = page.getByRole('region', { name: 'Contracts' });
  await expect(contracts.getByRole('listitem', { name: 'C-00002-1' })).toContainText('Active');
  await expect(contracts.getByRole('listitem', { name: 'C-00002-2' })).toHaveCount(0);
  await expect(contracts.getByRole('group', { name: 'Internal only — do not share with the customer' })).toContainText('Customer since');
  // GLOBEX-02's generated billing: every month paid but the current one, in GBP.
  const summary = page.getByRole('region', { name: 'Account Summary' });
  await expect(summary).toContainText(/Balance[\d,]+\.\d\d GBP/);
  await expect(summary).toContainText('Nothing past due');
  await expect(summary).toContainText(/by (transfer|card|direct debit)/);
  // The demo's activities, without the reader's Log / Edit / Delete.
  const activities = page.getByRole('region', { name: 'Activities' });
  await expect(activities.getByRole('listitem', { name: 'Quarterly check-in call' })).toContainText('Call (outbound)');
  await expect(activities.getByRole('button', { name: 'Log activity' })).toHaveCount(0);
  // The demo's two files, counted in the title; a reader downloads them but gets no upload form or Delete.
  const files = page.getByRole('region', { name: 'Files (2)' });
  await expect(files.getByRole('link', { name: 'Service report.txt' })).toHaveAttribute('href', /^\/customers\/GLOBEX-02\/files\/\d+$/);
  await expect(files).toContainText('Visible in portal');
  // The Overview: its filter, and a link to its own page.
  const overview = page.getByRole('region', { name: 'Overview' });
  await expect(overview.getByRole('group', { name: 'Show' })).toBeVisible();
  await expect(overview.getByRole('link', { name: 'Open the Overview page' })).toHaveAttribute('href', '/customers/GLOBEX-02/overview');
  await expect(files.getByRole('form', { name: 'Upload files' })).toHaveCount(0);
  await expect(files.getByRole('button', { name: /Delete/ })).toHaveCount(0);
  await expect(locations.locator('.deferred').getByRole('button')).toHaveCount(0);
  await expect(linked.locator('.deferred').getByRole('button')).toHaveCount(0);
  // The Overview page, rendered by the server: the filter is links.
  await page.goto('/customers/GLOBEX-02/overview?kind=files');
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Overview — .* \(GLOBEX-02\)$/);
  await expect(page.getByRole('link', { name: 'Files', exact: true })).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('link', { name: 'All', exact: true })).toHaveAttribute('href', '/customers/GLOBEX-02/overview?kind=');
  const reset = await page.request.post('/api/reset_layout', { data: { board: 'Cic' }, headers });
  expect(reset.status()).toBe(200);
});

test('the customer search finds a company by a covered item\'s serial number', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent');
  // The demo's first contract (ACME-01's) covers SN-00000011.
  await page.goto('/?q=SN-00000011');
  await settle(page, info);
  const results = page.getByRole('listbox', { name: 'Search results' });
  await expect(results.getByRole('option')).toHaveCount(1);
  await expect(results.getByRole('option').first()).toHaveText(/^Acme Corporation \(ACME-01\)/);
});

test('the Billing page renders from the server, newest first, also without JavaScript', async ({ page }, info) => {
  await signIn(page, info, '/login', 'reader');
  await page.goto('/customers/GLOBEX-02/billing');
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Billing — Globex Inc. (GLOBEX-02)');
  // 14 months of invoices (the generator's 12 + 2 for the second company), this month's open.
  const invoices = page.getByRole('table', { name: 'Invoices' });
  await expect(invoices.getByRole('row')).toHaveCount(15);
  await expect(invoices.getByRole('row').nth(1)).toContainText('Open');
  await expect(invoices.getByRole('row').nth(2)).toContainText('Paid');
  await expect(page.getByRole('table', { name: 'Transactions' }).getByRole('row')).toHaveCount(14);
  await expect(page.getByRole('link', { name: 'Older invoices' })).toHaveCount(0);
});
