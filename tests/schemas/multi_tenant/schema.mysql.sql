CREATE TABLE tenants (id BIGINT PRIMARY KEY, name VARCHAR(120) NOT NULL) ENGINE=InnoDB;
CREATE TABLE accounts (id BIGINT PRIMARY KEY, tenant_id BIGINT NOT NULL, email VARCHAR(160) NOT NULL,
  username VARCHAR(80) NOT NULL, UNIQUE (tenant_id, email), UNIQUE (tenant_id, username),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id)) ENGINE=InnoDB;
INSERT INTO tenants VALUES (1, 'User tenant');
INSERT INTO accounts VALUES (1, 1, 'me@user.test', 'me');
