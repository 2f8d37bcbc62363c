-- Schema version 7: whether each answer was decoded in a batch with other conversations (the language model's
-- continuous batching can be turned off for exact replays, so a reviewer must see which answers were batched).
-- decode_batch is the most conversations decoded together in one step of the answer: 1 alone, more batched,
-- 0 not known (every answer stored before this version, and answers without a decode step). Added with a
-- default, so existing rows keep loading; PostgreSQL adds such a column without rewriting the table.

ALTER TABLE answers ADD COLUMN IF NOT EXISTS decode_batch INTEGER DEFAULT 0 NOT NULL;
