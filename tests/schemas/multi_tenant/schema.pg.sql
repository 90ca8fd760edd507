CREATE TABLE tenants (id BIGINT PRIMARY KEY, name VARCHAR(120) NOT NULL);
CREATE TABLE accounts (id BIGINT PRIMARY KEY, tenant_id BIGINT NOT NULL REFERENCES tenants(id),
  email VARCHAR(160) NOT NULL, username VARCHAR(80) NOT NULL, UNIQUE (tenant_id, email),
  UNIQUE (tenant_id, username));
INSERT INTO tenants VALUES (1, 'User tenant');
INSERT INTO accounts VALUES (1, 1, 'me@user.test', 'me');
