CREATE TABLE tenants (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE accounts (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  email TEXT NOT NULL, username TEXT NOT NULL, UNIQUE (tenant_id, email), UNIQUE (tenant_id, username));
INSERT INTO tenants VALUES (1, 'User tenant');
INSERT INTO accounts VALUES (1, 1, 'me@user.test', 'me');
