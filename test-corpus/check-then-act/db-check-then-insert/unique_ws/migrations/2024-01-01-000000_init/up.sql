-- diesel migration: the unique constraints the database enforces
CREATE TABLE IF NOT EXISTS users (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL
);

CREATE TABLE memberships (
    id SERIAL PRIMARY KEY,
    org_id INT NOT NULL REFERENCES orgs (id),
    user_id INT NOT NULL,
    role TEXT NOT NULL,
    CONSTRAINT memberships_org_user UNIQUE (org_id, user_id)
);

CREATE TABLE "invites" ("code" TEXT NOT NULL, "email" TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS "idx_invites_code" ON "invites" ("code");
CREATE INDEX idx_invites_email ON invites (email);
