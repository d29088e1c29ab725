-- the unique constraints the helpers' lookups are measured against
CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    handle TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    nick TEXT NOT NULL UNIQUE
);

CREATE TABLE community (
    id SERIAL PRIMARY KEY,
    actor_id TEXT NOT NULL
);
CREATE UNIQUE INDEX idx_community_lower_actor_id ON community (lower(actor_id));

CREATE TABLE tag (
    id SERIAL PRIMARY KEY,
    slug TEXT NOT NULL,
    label TEXT NOT NULL,
    CONSTRAINT tag_slug_key UNIQUE (slug)
);
