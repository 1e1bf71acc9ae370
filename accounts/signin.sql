-- Sign-in state beside the accounts file (SQLite in WAL mode): one row per user name that has failed, and an
-- audit log of lock-outs and unlocks. Written only inside BEGIN IMMEDIATE transactions, so writers queue.
-- Named statements read by accounts/signin.py with core.sql.statement.

-- name: schema#
-- The tables, made once when a file is new (run with executescript).
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

-- name: begin_immediate#
-- A write transaction taken at once, so concurrent attempts queue instead of failing later.
BEGIN IMMEDIATE;

-- name: durable#
-- A counted attempt survives a power cut.
PRAGMA synchronous=FULL;

-- name: journal_mode$
PRAGMA journal_mode;

-- name: use_wal#
PRAGMA journal_mode=WAL;

-- name: tables
SELECT name FROM sqlite_master WHERE type = 'table';

-- name: quick_check$
PRAGMA quick_check;

-- name: record
-- Parameter: the name.
SELECT failures, next_at, locked_at FROM attempt WHERE name = ?;

-- name: locked_at
SELECT locked_at FROM attempt WHERE name = ?;

-- name: failures_and_lock
SELECT failures, locked_at FROM attempt WHERE name = ?;

-- name: forget!
DELETE FROM attempt WHERE name = ?;

-- name: locked
SELECT name, locked_at FROM attempt WHERE locked_at IS NOT NULL ORDER BY name;

-- name: audit_log
SELECT at, name, event, actor, detail FROM audit ORDER BY id;

-- name: save!
-- Parameters: name, failures, next_at, locked_at, last_at.
INSERT INTO attempt (name, failures, next_at, locked_at, last_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (name) DO UPDATE SET failures = excluded.failures, next_at = excluded.next_at,
    locked_at = excluded.locked_at, last_at = excluded.last_at;

-- name: audit!
-- Parameters: at, name, event, actor, detail.
INSERT INTO audit (at, name, event, actor, detail) VALUES (?, ?, ?, ?, ?);
