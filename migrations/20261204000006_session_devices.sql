-- Signed-in devices (issue 17, finding 11): a user lists their own sessions and ends any of them. Each
-- session gets a public id (the token hash never leaves the server) and what lets its owner recognise it:
-- the browser's User-Agent (capped) and the address it signed in from. Sessions made before this have
-- neither; they show as an unknown browser until they end.
ALTER TABLE sessions
    ADD COLUMN id          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    ADD COLUMN user_agent  text NOT NULL DEFAULT '' CHECK (length(user_agent) <= 300),
    ADD COLUMN client_addr text NOT NULL DEFAULT '' CHECK (length(client_addr) <= 100);
