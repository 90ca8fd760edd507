CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE account_log (id INTEGER PRIMARY KEY, account_id INTEGER, action TEXT);
CREATE TRIGGER account_inserted AFTER INSERT ON accounts
  BEGIN INSERT INTO account_log (account_id, action) VALUES (NEW.id, 'insert'); END;
CREATE TRIGGER account_deleted AFTER DELETE ON accounts
  BEGIN INSERT INTO account_log (account_id, action) VALUES (OLD.id, 'delete'); END;
INSERT INTO accounts VALUES (1, 'User account');
