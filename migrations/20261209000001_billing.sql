-- Issue 19, part 5: the billing account, read-only in Panorama. The billing system's invoices, payments and
-- credit notes arrive by `server import billing <file.csv>` (and the data generator), keyed by (company,
-- kind, number). Nothing derived is stored: the balance, "overdue" and "past due since" are computed when
-- read, from the amounts, the open amounts and the due dates on the day it is in the company's time zone.
-- Agents only: the portal role has no grant and no policy here.
CREATE TYPE billing_kind AS ENUM ('invoice', 'payment', 'credit');
CREATE TABLE billing_entries (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    company_id  bigint NOT NULL REFERENCES companies (id),
    kind        billing_kind NOT NULL,
    number      text NOT NULL CHECK (number ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$'),
    -- The invoice's date, the payment's or the credit note's.
    booked_on   date NOT NULL,
    -- Exact money like contracts: the currency's units, up to 3 decimals; the kind gives the sign.
    amount      numeric(18, 3) NOT NULL CHECK (amount >= 0),
    currency    text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    -- Invoices only: when it falls due and what of it is still unpaid (0: paid).
    due_on      date CHECK (due_on >= booked_on),
    open_amount numeric(18, 3) CHECK (open_amount >= 0 AND open_amount <= amount),
    -- Payments: how (transfer, card, direct debit, …).
    method      text NOT NULL DEFAULT '' CHECK (length(method) <= 40),
    -- When an import last carried this row, changed or not ("last imported" is the newest per company).
    imported_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'invoice') = (due_on IS NOT NULL AND open_amount IS NOT NULL)),
    UNIQUE (company_id, kind, number)
);
-- The Billing page's two lists, newest first, keyset on (date, id); the invoices' also serves the summary's
-- last invoice, the other its last payment.
CREATE INDEX billing_invoices_idx ON billing_entries (company_id, booked_on DESC, id DESC) WHERE kind = 'invoice';
CREATE INDEX billing_transactions_idx ON billing_entries (company_id, booked_on DESC, id DESC) WHERE kind <> 'invoice';

ALTER TABLE billing_entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_all ON billing_entries TO panorama_app USING (true) WITH CHECK (true);

-- Every imported change is in the change record (actor `import`); a re-import that only carries a row again
-- moves `imported_at` and records nothing.
CREATE TRIGGER billing_entries_record AFTER INSERT OR UPDATE OR DELETE ON billing_entries
    FOR EACH ROW EXECUTE FUNCTION record_change('billing_entry', '{imported_at}');

-- One row per import that wrote (a dry run writes nothing): the file, its counts and who ran it — with the
-- change record's rows, the audit of the imports.
CREATE TABLE billing_imports (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    file_name text NOT NULL,
    run_by    text NOT NULL,
    created   bigint NOT NULL,
    updated   bigint NOT NULL,
    unchanged bigint NOT NULL
);
ALTER TABLE billing_imports ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_all ON billing_imports TO panorama_app USING (true) WITH CHECK (true);
-- An audit log: the servers may add to it, never rewrite it.
REVOKE UPDATE, DELETE ON billing_imports FROM panorama_app;
