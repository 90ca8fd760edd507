CREATE TABLE accounts (id BIGINT PRIMARY KEY, name VARCHAR(120) NOT NULL);
CREATE TABLE account_log (id BIGSERIAL PRIMARY KEY, account_id BIGINT, action VARCHAR(16));
CREATE FUNCTION log_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO account_log (account_id, action) VALUES (COALESCE(NEW.id, OLD.id), lower(TG_OP));
  RETURN NULL;
END $$;
CREATE TRIGGER account_changed AFTER INSERT OR DELETE ON accounts FOR EACH ROW EXECUTE FUNCTION log_account();
INSERT INTO accounts VALUES (1, 'User account');
