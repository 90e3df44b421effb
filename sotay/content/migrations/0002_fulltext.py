"""The full-text index over SearchEntry: FTS5 on SQLite, a generated tsvector on PostgreSQL.

Both read the same pre-folded token columns (see sotay/content/search/tokens.py).
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE content_search_fts USING fts5(
        number_tokens, title_tokens, tokens,
        content='content_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER content_search_ai AFTER INSERT ON content_searchentry BEGIN
        INSERT INTO content_search_fts(rowid, number_tokens, title_tokens, tokens)
        VALUES (new.id, new.number_tokens, new.title_tokens, new.tokens); END""",
    """CREATE TRIGGER content_search_ad AFTER DELETE ON content_searchentry BEGIN
        INSERT INTO content_search_fts(content_search_fts, rowid, number_tokens, title_tokens, tokens)
        VALUES ('delete', old.id, old.number_tokens, old.title_tokens, old.tokens); END""",
    """CREATE TRIGGER content_search_au AFTER UPDATE OF number_tokens, title_tokens, tokens
        ON content_searchentry BEGIN
        INSERT INTO content_search_fts(content_search_fts, rowid, number_tokens, title_tokens, tokens)
        VALUES ('delete', old.id, old.number_tokens, old.title_tokens, old.tokens);
        INSERT INTO content_search_fts(rowid, number_tokens, title_tokens, tokens)
        VALUES (new.id, new.number_tokens, new.title_tokens, new.tokens); END""",
    "CREATE INDEX content_search_live ON content_searchentry (audience_path, live, published_at)",
]
SQLITE_DOWN = [
    "DROP INDEX IF EXISTS content_search_live",
    "DROP TRIGGER IF EXISTS content_search_au",
    "DROP TRIGGER IF EXISTS content_search_ad",
    "DROP TRIGGER IF EXISTS content_search_ai",
    "DROP TABLE IF EXISTS content_search_fts",
]
POSTGRES_UP = [
    """ALTER TABLE content_searchentry ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', number_tokens), 'A') ||
        setweight(to_tsvector('simple', title_tokens), 'B') ||
        setweight(to_tsvector('simple', tokens), 'D')) STORED""",
    "CREATE INDEX content_search_tsv ON content_searchentry USING gin (tsv)",
    "CREATE INDEX content_search_live ON content_searchentry (audience_path, live, published_at)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS content_search_live",
    "DROP INDEX IF EXISTS content_search_tsv",
    "ALTER TABLE content_searchentry DROP COLUMN IF EXISTS tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
