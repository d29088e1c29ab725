-- undoes the migration: not read (a constraint here is not in the database)
CREATE UNIQUE INDEX idx_users_email ON users (email);
