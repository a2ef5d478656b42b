import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { newOrganization, settle, signIn } from './helpers';

async function axe(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(result.violations.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

test('a contract: create with a covered item, Initiate service, the ticket under it, cancel', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent');
  // A contract of this run's own organization (the suite passes twice on one database, and the demo's
  // companies stay as the other specs expect them), running from last year to next.
  const company = await newOrganization(page, info, 'Bremen');
  const number = `E2E-${Date.now().toString(36).toUpperCase()}`;
  const year = new Date().getUTCFullYear();
  await page.goto(`/contracts/new?company=${company}`);
  await settle(page, info);
  await expect(page.getByRole('heading', { name: 'New contract' })).toBeVisible();
  await page.getByLabel('Number').fill(number);
  await page.getByLabel('Name', { exact: true }).fill('Laptop fleet care');
  await page.getByLabel('Type').selectOption('managed_service');
  await page.getByLabel('Start date').fill(`${year - 1}-01-01`);
  await page.getByLabel('End date').fill(`${year - 2}-12-31`);
  await page.getByLabel('Value').fill('12,000.5');
  await page.getByLabel('Currency (ISO 4217)').fill('EUR');
  await page.getByLabel('SLA').selectOption({ index: 1 });
  const sla = await page.getByLabel('SLA').locator('option:checked').textContent();
  await page.getByRole('button', { name: 'Add covered item' }).click();
  const item = page.getByRole('group', { name: 'Covered item 1' });
  await item.getByLabel('Kind').selectOption('asset');
  await item.getByLabel('What is covered').fill('Laptop');
  await item.getByLabel('Identifier (serial number)').fill(`SN-${number}`);
  // The end date before the start is refused at its field; everything typed stays.
  await page.getByRole('button', { name: 'Create contract' }).click();
  await expect(page.getByLabel('End date')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('The end date must be on or after the start date.')).toBeVisible();
  await expect(item.getByLabel('What is covered')).toHaveValue('Laptop');
  await axe(page, 'contract form');
  await page.getByLabel('End date').fill(`${year + 1}-12-31`);
  await page.getByRole('button', { name: 'Create contract' }).click();

  await expect(page).toHaveURL(new RegExp(`/contracts/${number}$`));
  await expect(page.getByRole('heading', { name: `Contract ${number}` })).toContainText('Active');
  const fields = page.getByRole('region', { name: 'Contract information' });
  await expect(fields).toContainText('12,000.50 EUR');
  await expect(fields).toContainText(sla ?? '');
  await expect(page.getByRole('link', { name: '0 tickets raised under this contract' })).toBeVisible();
  await axe(page, 'contract page');

  // Initiate service on the covered item: the form is filled from the contract.
  await page.getByRole('link', { name: `Initiate service for Laptop (SN-${number})` }).click();
  await expect(page).toHaveURL(/\/tickets\/new\?contract=/);
  await settle(page, info);
  await expect(page.getByText(`Under contract ${number} — Laptop fleet care · covered item: Laptop (SN-${number})`)).toBeVisible();
  await expect(page.getByLabel('Customer ID')).toHaveValue(company);
  await expect(page.getByLabel('SLA').locator('option:checked')).toHaveText(sla ?? '');
  await page.getByLabel('Title').fill('Laptop screen stays dark');
  await page.getByLabel('What the customer said').fill('Since this morning.');
  await page.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page).toHaveURL(/\/tickets\/\d+$/);
  const ticketFields = page.getByRole('region', { name: 'Ticket information' });
  await expect(ticketFields.getByRole('link', { name: number })).toBeVisible();
  await expect(ticketFields).toContainText(`Laptop (SN-${number})`);
  await expect(ticketFields).not.toContainText('Not covered');

  // The contract page counts it and lists it behind the link; the history has the creation.
  await ticketFields.getByRole('link', { name: number }).click();
  await expect(page).toHaveURL(new RegExp(`/contracts/${number}$`));
  await expect(page.getByRole('link', { name: '1 ticket raised under this contract' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'History' })).toContainText('contract create');
  await page.getByRole('link', { name: '1 ticket raised under this contract' }).click();
  await expect(page).toHaveURL(new RegExp(`/tickets\\?contract=${number}`));
  await expect(page.getByText('Laptop screen stays dark')).toBeVisible();
  await page.goBack();

  // Cancel (asked first): the status follows and service can no longer be initiated.
  await expect(page.getByRole('heading', { name: `Contract ${number}` })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel contract' }).click();
  await page.getByRole('button', { name: 'Yes, cancel contract' }).click();
  await expect(page.getByRole('heading', { name: `Contract ${number}` })).toContainText('Cancelled');
  await expect(page.getByText('Service cannot be initiated: this contract is cancelled.')).toBeVisible();
  await expect(page.getByRole('link', { name: /Initiate service/ })).toHaveCount(0);
  // Initiating service anyway is refused with the reason.
  await page.goto(`/tickets/new?contract=${number}`);
  await settle(page, info);
  await expect(page.getByText('This contract is cancelled: service can only be initiated on an active contract.')).toBeVisible();
});

test('Service Contracts: filter by customer and status, sort, open a contract', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent');
  await page.goto('/contracts');
  await settle(page, info);
  await expect(page.getByRole('heading', { name: 'Service Contracts' })).toBeVisible();
  const form = page.getByRole('search', { name: 'Service Contracts' });
  await form.getByLabel('Customer ID').fill('ACME-01');
  await form.getByLabel('Status').selectOption('expired');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/company=ACME-01/);
  const table = page.getByRole('table', { name: 'Service Contracts' });
  await expect(table.getByRole('link', { name: 'C-00001-2' })).toBeVisible();
  await expect(table.getByRole('link', { name: 'C-00001-1' })).toHaveCount(0);
  await axe(page, 'contract list');
  await table.getByRole('link', { name: 'Number' }).click();
  await expect(page).toHaveURL(/sort=number/);
  await expect(page.getByRole('columnheader', { name: 'Number' })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('table', { name: 'Service Contracts' }).getByRole('link', { name: 'C-00001-2' }).click();
  await expect(page.getByRole('heading', { name: 'Contract C-00001-2' })).toContainText('Expired');
  await expect(page.getByText('Service cannot be initiated: this contract is expired.')).toBeVisible();
});
