import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { newOrganization, settle, signIn } from './helpers';

async function axe(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(result.violations.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

/** agent2's layout back to the default (the widgets off), for the specs after this one. */
async function resetLayout(page: Page) {
  await page.getByRole('region', { name: 'Settings' }).getByRole('button', { name: 'Reset layout' }).click();
  await expect(page.locator('[role="status"]', { hasText: 'Layout reset to the default.' })).toHaveCount(1);
  await page.waitForLoadState('networkidle');
}

/** Turns a widget on in Settings (agent2's layout: the other specs use agent's). */
async function show(page: Page, title: string) {
  const settings = page.getByRole('region', { name: 'Settings' });
  await settings.getByRole('checkbox', { name: title }).check();
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('region', { name: title })).toBeVisible();
}

test('Locations: a field error, then add a location and make it primary; Customer Information follows', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent2');
  await newOrganization(page, info, 'Kiel');
  await show(page, 'Locations');
  const widget = page.getByRole('region', { name: 'Locations' });
  const hq = widget.getByRole('listitem', { name: 'Headquarters' });
  await expect(hq).toContainText('Primary');
  await expect(hq).toContainText('Kiel');

  await widget.getByRole('button', { name: 'Add location' }).click();
  const form = widget.getByRole('form', { name: 'Add location' });
  await expect(form.getByLabel('Kind')).toBeFocused();
  await form.getByLabel('Kind').selectOption('billing');
  await form.getByLabel('Name').fill('Accounts');
  await form.getByRole('button', { name: 'Save location' }).click();
  await expect(form.getByLabel('Street')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('Enter a street or a city.')).toBeVisible();
  await expect(form.getByLabel('Name')).toHaveValue('Accounts');
  await axe(page, 'location form');
  await form.getByLabel('Street').fill('5 Dock Road');
  await form.getByLabel('City').fill('Lübeck');
  await form.getByLabel('Phone').fill('+49 451 555 0142');
  await form.getByRole('button', { name: 'Save location' }).click();
  await expect(form).toBeHidden();
  const billing = widget.getByRole('listitem', { name: 'Billing — Accounts' });
  await expect(billing).toContainText('5 Dock Road');
  await expect(billing.getByRole('link', { name: '+49 451 555 0142' })).toHaveAttribute('href', 'tel:+494515550142');
  await expect(widget.getByRole('button', { name: 'Add location' })).toBeFocused();

  await billing.getByRole('button', { name: 'Make primary' }).click();
  await expect(billing).toContainText('Primary');
  await expect(hq).not.toContainText('Primary');
  const customer = page.getByRole('region', { name: 'Customer Information' });
  await expect(customer.getByText('Lübeck')).toBeVisible();
  await axe(page, 'CIC with Locations');
  // As the server has it, also on a fresh load.
  await page.reload();
  await settle(page, info);
  await expect(widget.getByRole('listitem', { name: 'Billing — Accounts' })).toContainText('Primary');
  await expect(customer.getByText('Lübeck')).toBeVisible();
  // The old headquarters can go now; the primary stays.
  await widget.getByRole('listitem', { name: 'Headquarters' }).getByRole('button', { name: 'Remove' }).click();
  await expect(widget.getByRole('listitem', { name: 'Headquarters' })).toHaveCount(0);
  await expect(widget.getByRole('listitem', { name: 'Billing — Accounts' }).getByRole('button', { name: 'Remove' })).toHaveCount(0);
  await resetLayout(page);
});

test('Linked Accounts: a self-link refused, link a child, its counts under "Include child accounts", unlink', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent2');
  const id = await newOrganization(page, info, 'Bremen');
  await show(page, 'Linked Accounts');
  const widget = page.getByRole('region', { name: 'Linked Accounts' });
  await expect(widget.getByText('No child accounts.')).toBeVisible();
  await widget.getByRole('button', { name: 'Link child account' }).click();
  const field = widget.getByRole('textbox', { name: 'Customer ID of the child account' });
  await expect(field).toBeFocused();
  await field.fill(id);
  await widget.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(widget.getByText('That is this account or one below it: the link would make a cycle.')).toBeVisible();
  await axe(page, 'link form');
  // GLOBEX-02 and its two subsidiaries come under the new holding.
  await field.fill('GLOBEX-02');
  await widget.getByRole('button', { name: 'Link', exact: true }).click();
  const children = widget.getByRole('list', { name: 'Child accounts' });
  await expect(children.getByRole('link', { name: 'Globex Inc. (GLOBEX-02)' })).toBeVisible();
  await expect(children).toContainText(/\d+ open, \d+ escalated/);

  const status = page.getByRole('region', { name: 'Company Status' });
  const open = status.getByRole('link', { name: /^Open/ });
  await expect(open).toHaveText(/Open\s+0$/);
  await status.getByRole('checkbox', { name: 'Include child accounts' }).check();
  await expect(open).not.toHaveText(/Open\s+(0|…)$/);
  const total = (await open.locator('.count').textContent())?.trim();
  await expect(open).toHaveAttribute('href', new RegExp(`company=${id}&class=open&include_children=1$`));
  await axe(page, 'CIC with Linked Accounts');
  await open.click();
  await settle(page, info);
  await expect(page.locator('p.total .count')).toHaveText(total ?? 'none');
  await expect(page.getByText('With child accounts')).toBeVisible();

  // Unlinked, the holding is alone again (and GLOBEX-02 free for the next run).
  await page.goto(`/customers/${id}`);
  await settle(page, info);
  await widget.getByRole('button', { name: 'Unlink GLOBEX-02' }).click();
  await expect(widget.getByText('No child accounts.')).toBeVisible();
  await resetLayout(page);
});

test('Contracts: the active ones with the internal block, the inactive ones on request, saved per agent', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent2');
  await page.goto('/customers/ACME-01');
  await settle(page, info);
  await show(page, 'Contracts');
  const widget = page.getByRole('region', { name: 'Contracts' });
  await expect(widget.getByRole('listitem', { name: 'C-00001-1' })).toContainText('Active');
  await expect(widget.getByRole('listitem', { name: 'C-00001-1' })).toContainText(/Asset: Laptop fleet \(SN-\d+\)|Product: Core switch \(SN-\d+\)/);
  await expect(widget.getByRole('group', { name: 'Internal only — do not share with the customer' })).toContainText(/Liability \(active and upcoming\): [\d,]+\.\d\d USD/);
  await expect(widget.getByRole('listitem', { name: 'C-00001-2' })).toHaveCount(0);
  const inactive = widget.getByRole('checkbox', { name: 'Display inactive contracts' });
  await inactive.check();
  await expect(widget.getByRole('listitem', { name: 'C-00001-2' })).toContainText('Expired');
  await axe(page, 'Contracts with inactive ones');
  // Saved for this agent: a fresh load shows them, from the server's render.
  await page.waitForLoadState('networkidle');
  await page.reload();
  await settle(page, info);
  await expect(widget.getByRole('listitem', { name: 'C-00001-2' })).toContainText('Expired');
  await widget.getByRole('checkbox', { name: 'Display inactive contracts' }).uncheck();
  await expect(widget.getByRole('listitem', { name: 'C-00001-2' })).toHaveCount(0);
  await resetLayout(page);
});
