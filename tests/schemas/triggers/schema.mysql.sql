CREATE TABLE accounts (id BIGINT PRIMARY KEY, name VARCHAR(120) NOT NULL) ENGINE=InnoDB;
CREATE TABLE account_log (id BIGINT AUTO_INCREMENT PRIMARY KEY, account_id BIGINT, action VARCHAR(16)) ENGINE=InnoDB;
CREATE TRIGGER account_inserted AFTER INSERT ON accounts FOR EACH ROW
  INSERT INTO account_log (account_id, action) VALUES (NEW.id, 'insert');
CREATE TRIGGER account_deleted AFTER DELETE ON accounts FOR EACH ROW
  INSERT INTO account_log (account_id, action) VALUES (OLD.id, 'delete');
INSERT INTO accounts VALUES (1, 'User account');
