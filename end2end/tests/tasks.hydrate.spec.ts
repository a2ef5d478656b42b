import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { settle, signIn } from './helpers';

async function axe(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(result.violations.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

/** The top bar's overdue count (the style sheet shows it after "My work"; 0 when there is none). */
async function overdue(page: Page): Promise<number> {
  return Number((await page.getByRole('link', { name: /^My work/ }).getAttribute('data-overdue')) ?? '0');
}

/** A `datetime-local` value `hours` from now, in UTC: 36 hours back is in the past in every agent's zone. */
const local = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString().slice(0, 16);

test('Tasks: a call-back due yesterday is overdue in the widget, the top bar and My work until marked done; a reminder', async ({ page }, info) => {
  test.setTimeout(90_000);
  await signIn(page, info, '/login', 'agent2');
  await page.goto('/customers/ACME-01');
  await settle(page, info);
  const before = await overdue(page);
  const settings = page.getByRole('region', { name: 'Settings' });
  await settings.getByRole('checkbox', { name: 'Tasks' }).check();
  await settings.getByRole('button', { name: 'Save settings' }).click();
  const widget = page.getByRole('region', { name: 'Tasks' });
  await expect(widget.getByRole('button', { name: 'Schedule a call-back' })).toBeVisible();
  const title = `Call back about the VPN ${Date.now().toString(36)}`;

  // Field errors at the fields, what was typed stays; then saved.
  await widget.getByRole('button', { name: 'Schedule a call-back' }).click();
  const form = widget.getByRole('form', { name: 'Schedule a call-back' });
  await expect(form.getByLabel('Title')).toBeFocused();
  await form.getByLabel('Note').fill('Promised an update on the tunnel.');
  await form.getByRole('button', { name: 'Save task' }).click();
  await expect(form.getByText('Enter a title.')).toBeVisible();
  await expect(form.getByText('Enter the customer user to call back.')).toBeVisible();
  await expect(form.getByLabel('Title')).toBeFocused();
  await expect(form.getByLabel('Note')).toHaveValue('Promised an update on the tunnel.');
  await axe(page, 'Task form with errors');
  await form.getByLabel('Title').fill(title);
  await form.getByLabel('Due').fill(local(-36));
  await form.getByLabel('Customer user').selectOption({ label: 'Anna Anders' });
  await form.getByLabel('Priority').selectOption('high');
  await form.getByRole('button', { name: 'Save task' }).click();
  await expect(form).toHaveCount(0);
  const item = widget.getByRole('listitem', { name: title });
  await expect(item).toContainText('Call-back');
  await expect(item).toContainText('Overdue');
  await expect(item).toContainText('High priority · for Bruno Berger · call Anna Anders');
  await expect(widget.getByRole('button', { name: 'Schedule a call-back' })).toBeFocused();
  await axe(page, 'Tasks');

  // The top bar counts it (read with the session on the next page), and My work lists it as overdue.
  await page.reload();
  await settle(page, info);
  expect(await overdue(page)).toBe(before + 1);
  // The count is shown after the link's text, and so read as part of its name.
  await expect(page.getByRole('link', { name: `My work ${before + 1} overdue` })).toBeVisible();
  await page.getByRole('link', { name: /^My work/ }).click();
  await expect(page).toHaveURL(/\/my-work$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My work');
  const late = page.getByRole('list', { name: 'Overdue' });
  await expect(late.getByRole('listitem', { name: title })).toBeVisible();
  await expect(late.getByRole('listitem', { name: title }).getByRole('link', { name: 'Anna Anders' })).toHaveAttribute('href', '/customer-users/anna');
  await axe(page, 'My work');

  // Marked done there: a plain form, the page comes back without it and the count drops.
  await late.getByRole('button', { name: `Mark done: ${title}` }).click();
  await expect(page).toHaveURL(/\/my-work\??$/);
  await settle(page, info);
  await expect(page.getByRole('listitem', { name: title })).toHaveCount(0);
  expect(await overdue(page)).toBe(before);

  // In the widget's done list, with Reopen; deleted from there.
  await page.goto('/customers/ACME-01');
  await settle(page, info);
  await widget.getByRole('button', { name: 'Done tasks' }).click();
  const done = widget.getByRole('listitem', { name: title });
  await expect(done.getByRole('button', { name: `Reopen: ${title}` })).toBeVisible();
  await done.getByRole('button', { name: `Delete ${title}` }).click();
  await expect(widget.getByRole('listitem', { name: title })).toHaveCount(0);

  // A reminder: just a note and a time, for oneself; its first line is its title.
  await widget.getByRole('button', { name: 'Open tasks' }).click();
  await widget.getByRole('button', { name: 'Reminder' }).click();
  const reminder = widget.getByRole('form', { name: 'Reminder' });
  await expect(reminder.getByLabel('Note')).toBeFocused();
  const note = `Ask about the renewal ${Date.now().toString(36)}`;
  await reminder.getByLabel('Note').fill(`${note}\nThey said after the holidays.`);
  await reminder.getByLabel('Remind me at').fill(local(48));
  await reminder.getByRole('button', { name: 'Save task' }).click();
  const mine = widget.getByRole('listitem', { name: note });
  await expect(mine).toContainText('Reminder');
  await expect(mine).toContainText('for Bruno Berger');
  await mine.getByRole('button', { name: `Delete ${note}` }).click();
  await expect(widget.getByRole('listitem', { name: note })).toHaveCount(0);
  await page.getByRole('region', { name: 'Settings' }).getByRole('button', { name: 'Reset layout' }).click();
  await expect(page.locator('[role="status"]', { hasText: 'Layout reset to the default.' })).toHaveCount(1);
});
