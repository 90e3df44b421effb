"""Search in two lanes (documents in full, news newest first): the FTS5 table gets the passage's
kind as a column, so that "kind : document" is answered by the index itself; PostgreSQL gets a
partial GIN index over document passages."""

from django.db import migrations

SQLITE_UP = [
    "DROP TRIGGER IF EXISTS content_search_au",
    "DROP TRIGGER IF EXISTS content_search_ad",
    "DROP TRIGGER IF EXISTS content_search_ai",
    "DROP TABLE IF EXISTS content_search_fts",
    """CREATE VIRTUAL TABLE content_search_fts USING fts5(
        number_tokens, title_tokens, tokens, kind,
        content='content_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER content_search_ai AFTER INSERT ON content_searchentry BEGIN
        INSERT INTO content_search_fts(rowid, number_tokens, title_tokens, tokens, kind)
        VALUES (new.id, new.number_tokens, new.title_tokens, new.tokens, new.kind); END""",
    """CREATE TRIGGER content_search_ad AFTER DELETE ON content_searchentry BEGIN
        INSERT INTO content_search_fts(content_search_fts, rowid, number_tokens, title_tokens,
            tokens, kind)
        VALUES ('delete', old.id, old.number_tokens, old.title_tokens, old.tokens, old.kind); END""",
    """CREATE TRIGGER content_search_au AFTER UPDATE OF number_tokens, title_tokens, tokens, kind
        ON content_searchentry BEGIN
        INSERT INTO content_search_fts(content_search_fts, rowid, number_tokens, title_tokens,
            tokens, kind)
        VALUES ('delete', old.id, old.number_tokens, old.title_tokens, old.tokens, old.kind);
        INSERT INTO content_search_fts(rowid, number_tokens, title_tokens, tokens, kind)
        VALUES (new.id, new.number_tokens, new.title_tokens, new.tokens, new.kind); END""",
    "INSERT INTO content_search_fts(content_search_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS content_search_au",
    "DROP TRIGGER IF EXISTS content_search_ad",
    "DROP TRIGGER IF EXISTS content_search_ai",
    "DROP TABLE IF EXISTS content_search_fts",
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
    "INSERT INTO content_search_fts(content_search_fts) VALUES ('rebuild')",
]
POSTGRES_UP = [
    "CREATE INDEX content_search_tsv_documents ON content_searchentry USING gin (tsv) "
    "WHERE kind = 'document'",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS content_search_tsv_documents"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("content", "0002_fulltext")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
