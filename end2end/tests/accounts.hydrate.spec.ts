import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { day, importBilling, newOrganization, settle, signIn } from './helpers';

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

test('Account Summary and the Billing page show what `server import billing` loaded', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent2');
  const company = await newOrganization(page, info, 'Lübeck');
  // Balance 1,000.00 + 250.50 + 99.99 − 1,000.00 − 0.49 = 350.00 EUR; INV-2 past due since 30 days ago.
  const printed = importBilling([
    'customer_id,kind,number,date,amount,currency,due_date,open_amount,method',
    `${company},invoice,INV-1,${day(-90)},"1,000.00",EUR,${day(-60)},0,`,
    `${company},invoice,INV-2,${day(-60)},250.50,EUR,${day(-30)},250.50,`,
    `${company},invoice,INV-3,${day(-10)},99.99,EUR,${day(20)},,`,
    `${company},payment,PAY-1,${day(-70)},1000,EUR,,,transfer`,
    `${company},credit,CR-1,${day(-5)},0.49,EUR,,,`,
  ].join('\n'));
  expect(printed).toContain('5 rows: 5 created, 0 updated, 0 unchanged');

  await page.reload();
  await settle(page, info);
  await show(page, 'Account Summary');
  const widget = page.getByRole('region', { name: 'Account Summary' });
  await expect(widget).toContainText('Balance350.00 EUR');
  await expect(widget).toContainText(`Past due250.50 EUR since ${day(-30)}`);
  await expect(widget).toContainText(`INV-3 of ${day(-10)}: 99.99 EUR, due ${day(20)} Open`);
  await expect(widget).toContainText(`${day(-70)}: 1,000.00 EUR by transfer`);
  await expect(widget).toContainText(/Last imported \d{4}-\d\d-\d\d \d\d:\d\d/);
  await axe(page, 'Account Summary');

  await widget.getByRole('link', { name: 'Invoices and payments' }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${company}/billing$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Billing — Holding ${company} (${company})`);
  const invoices = page.getByRole('table', { name: 'Invoices' });
  await expect(invoices.getByRole('row')).toHaveCount(4);
  await expect(invoices.getByRole('row').nth(1)).toContainText('INV-3');
  const overdue = invoices.getByRole('row', { name: /INV-2/ });
  await expect(overdue).toContainText('Overdue');
  await expect(overdue.getByRole('cell', { name: '250.50 EUR' }).first()).toHaveCSS('text-align', 'right');
  const transactions = page.getByRole('table', { name: 'Transactions' });
  await expect(transactions.getByRole('row').nth(1)).toContainText('Credit note');
  await expect(transactions.getByRole('row').nth(2)).toContainText('1,000.00 EUR');
  await axe(page, 'Billing page');

  // Imported again with INV-2 paid: one update; the figures follow.
  expect(importBilling([
    'customer_id,kind,number,date,amount,currency,due_date,open_amount,method',
    `${company},invoice,INV-2,${day(-60)},250.50,EUR,${day(-30)},0,`,
  ].join('\n'))).toContain('1 row: 0 created, 1 updated, 0 unchanged');
  await page.reload();
  await settle(page, info);
  await expect(page.getByRole('table', { name: 'Invoices' }).getByRole('row', { name: /INV-2/ })).toContainText('Paid');
  await page.getByRole('link', { name: `Back to Holding ${company}` }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${company}$`));
  await settle(page, info);
  await expect(page.getByRole('region', { name: 'Account Summary' })).toContainText('Nothing past due');
  await resetLayout(page);
});

test('Activities: log a call with a customer user (a field error first), filter, edit, delete', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent2');
  await page.goto('/customers/ACME-01');
  await settle(page, info);
  await show(page, 'Activities');
  const widget = page.getByRole('region', { name: 'Activities' });
  const subject = `Renewal call ${Date.now().toString(36)}`;
  await widget.getByRole('button', { name: 'Log activity' }).click();
  const form = widget.getByRole('form', { name: 'Log activity' });
  await expect(form.getByLabel('Kind')).toBeFocused();
  await form.getByLabel('Kind').selectOption('call_in');
  await form.getByRole('button', { name: 'Save activity' }).click();
  await expect(form.getByLabel('Subject')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Subject').fill(subject);
  await form.getByLabel('What happened').fill('Asked about the renewal.\nCall back next week.');
  await form.getByLabel('Minutes (calls)').fill('12');
  await form.getByRole('checkbox', { name: 'Anna Anders' }).check();
  await axe(page, 'activity form');
  await form.getByRole('button', { name: 'Save activity' }).click();
  const item = widget.getByRole('listitem', { name: subject });
  await expect(item).toContainText('Call (inbound)');
  await expect(item).toContainText('12 min · by Bruno Berger · with Anna Anders');
  await expect(item).toContainText('Asked about the renewal.');
  await axe(page, 'Activities');

  // The same call in the Overview: the widget (filtered to activities), then its page.
  await show(page, 'Overview');
  const overview = page.getByRole('region', { name: 'Overview' });
  const event = overview.getByRole('listitem').filter({ hasText: subject });
  await expect(event).toContainText('Activity logged');
  await overview.getByRole('button', { name: 'Tickets', exact: true }).click();
  await expect(overview.getByRole('button', { name: 'Tickets', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(event).toHaveCount(0);
  await overview.getByRole('button', { name: 'Activities', exact: true }).click();
  await expect(event).toContainText('by agent2');
  await axe(page, 'Overview');
  await overview.getByRole('link', { name: 'Open the Overview page' }).click();
  await expect(page).toHaveURL(/\/customers\/ACME-01\/overview$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Overview — .* \(ACME-01\)$/);
  await page.getByRole('link', { name: 'Activities', exact: true }).click();
  await expect(page).toHaveURL(/overview\?kind=activities$/);
  await expect(page.getByRole('list', { name: 'Events' }).getByRole('listitem').filter({ hasText: subject })).toContainText('Activity logged');
  await axe(page, 'Overview page');
  await page.goto('/customers/ACME-01');
  await settle(page, info);

  await widget.getByRole('button', { name: 'Meeting', exact: true }).click();
  await expect(widget.getByRole('button', { name: 'Meeting', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(item).toHaveCount(0);
  await widget.getByRole('button', { name: 'All', exact: true }).click();
  await item.getByRole('button', { name: `Edit ${subject}` }).click();
  const edit = widget.getByRole('form', { name: 'Edit activity' });
  await expect(edit.getByLabel('Minutes (calls)')).toHaveValue('12');
  await edit.getByLabel('Subject').fill(`${subject} (edited)`);
  await edit.getByRole('button', { name: 'Save activity' }).click();
  const edited = widget.getByRole('listitem', { name: `${subject} (edited)` });
  await expect(edited).toBeVisible();
  await edited.getByRole('button', { name: `Delete ${subject} (edited)` }).click();
  await expect(edited).toHaveCount(0);
  await resetLayout(page);
});
