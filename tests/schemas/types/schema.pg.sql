CREATE TYPE gadget_status AS ENUM ('new', 'used', 'refurbished');
CREATE TABLE gadgets (
  id BIGINT PRIMARY KEY,
  qty INT NOT NULL,
  price NUMERIC(10,2) NOT NULL,
  doubled INT GENERATED ALWAYS AS (qty * 2) STORED,
  taxed NUMERIC(12,2) GENERATED ALWAYS AS (qty * 1.0825) STORED,
  label VARCHAR(40) GENERATED ALWAYS AS ('G-' || id) STORED,
  attrs JSON NOT NULL,
  status gadget_status NOT NULL,
  flags TEXT NOT NULL DEFAULT '' CHECK (flags IN ('', 'gift', 'fragile', 'express', 'fragile,express')),
  made SMALLINT NOT NULL CHECK (made BETWEEN 1901 AND 2155),
  active BOOLEAN NOT NULL,
  photo BYTEA,
  big BIGINT NOT NULL,
  ubig BIGINT NOT NULL CHECK (ubig >= 0),
  small_u SMALLINT NOT NULL CHECK (small_u BETWEEN 0 AND 255),
  touched_at TIMESTAMP NOT NULL DEFAULT now()
);
CREATE TABLE parts (
  id BIGINT PRIMARY KEY,
  gadget_id BIGINT NOT NULL REFERENCES gadgets(id),
  weight_g INT NOT NULL CHECK (weight_g BETWEEN 0 AND 16777215)
);
INSERT INTO gadgets (id, qty, price, attrs, status, flags, made, active, photo, big, ubig, small_u, touched_at)
  VALUES (1, 3, 9.99, '{"user": true}', 'used', 'gift', 1999, true, NULL, -9223372036854775808, 0, 255, '2020-05-06 07:08:09');
INSERT INTO parts VALUES (1, 1, 16777215);
