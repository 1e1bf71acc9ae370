-- Sign-in state beside the accounts file (SQLite in WAL mode): one row per user name that has failed, and an
-- audit log of lock-outs and unlocks. Written only inside BEGIN IMMEDIATE transactions, so writers queue.

CREATE TABLE IF NOT EXISTS attempt (
    name TEXT PRIMARY KEY,          -- the user name as typed, case-folded (unknown names are counted too)
    failures INTEGER NOT NULL,      -- attempts in a row not (yet) proven right; an attempt counts when it starts
    next_at REAL NOT NULL,          -- unix time before which the next attempt's password is not checked
    locked_at REAL,                 -- set when failures reached the lock-out limit; cleared by `etl users unlock`
    last_at REAL NOT NULL           -- unix time of the last attempt
);

CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,               -- unix time
    name TEXT NOT NULL,
    event TEXT NOT NULL,            -- locked | unlocked
    actor TEXT NOT NULL,            -- who did it: "sign-in" for automatic lock-outs, else the admin's name
    detail TEXT NOT NULL
);
