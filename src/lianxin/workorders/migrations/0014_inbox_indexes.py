"""The handler inbox's indexes (ADR 0021, bench/inbox).

- `workorder_inbox_counts`: counts per state under the inbox filters, index-only on PostgreSQL.
- `workorder_center_due`: the wallboard's overdue count for a center, an index-only range.
- PostgreSQL only, partial over the open items, for the inbox's text filters (`icontains`, i.e.
  `UPPER(col::text) LIKE UPPER(%…%)`): pg_trgm GIN indexes of number, summary and business for words of three
  characters or more; and, because most Chinese search words are two characters, which give pg_trgm no trigram
  at all (it would read the whole index), GIN indexes of `lx_bigrams(UPPER(col))` — the set of two-character
  substrings — for summary and business: a two-character word occurs in a text exactly when its one bigram
  does. SQLite has none of this; there the filters scan the unit's open items, as before.
"""

from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

OPEN_STATES = (
    "dispatched",
    "returned",
    "identity_pending",
    "accepted",
    "declined",
    "mediating",
    "mediation_suspended",
    "agreed",
    "terminated",
    "verifying",
    "case_opened",
    "case_not_opened",
    "reporter_informed",
)
TRIGRAM_INDEXES = {
    "workorder_inbox_trgm_number": "number",
    "workorder_inbox_trgm_summary": "summary",
    "workorder_inbox_trgm_respondent": "respondent_name",
}
BIGRAM_INDEXES = {
    "workorder_inbox_bigram_summary": "summary",
    "workorder_inbox_bigram_respondent": "respondent_name",
}
# Called by `web.handling.inbox._Bigrams`; IMMUTABLE so it can be indexed, STRICT and PARALLEL SAFE for the planner.
BIGRAMS_FUNCTION = """
CREATE OR REPLACE FUNCTION lx_bigrams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
$$ SELECT coalesce(array_agg(DISTINCT substr(value, i, 2)), '{}') FROM generate_series(1, char_length(value) - 1) AS i $$
"""


def text_indexes_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(BIGRAMS_FUNCTION)
    states = ", ".join(f"'{state}'" for state in OPEN_STATES)
    for name, column in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "workorders_workorder" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops) WHERE "state" IN ({states})'
        )
    for name, column in BIGRAM_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "workorders_workorder" '
            f'USING gin (lx_bigrams(UPPER("{column}"::text))) WHERE "state" IN ({states})'
        )


def text_indexes_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in [*TRIGRAM_INDEXES, *BIGRAM_INDEXES]:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
    schema_editor.execute("DROP FUNCTION IF EXISTS lx_bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_hash_existing_authtoken_keys"),
        ("workorders", "0013_joint_consent_and_citations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="workorder",
            index=models.Index(
                condition=models.Q(("due_on__isnull", False)),
                fields=["center", "due_on"],
                name="workorder_center_due",
            ),
        ),
        TrigramExtension(),  # does nothing on other databases
        migrations.RunPython(text_indexes_create, text_indexes_drop, elidable=False),
        migrations.AddIndex(
            model_name="workorder",
            index=models.Index(
                condition=models.Q(state__in=OPEN_STATES),
                fields=["handling_unit", "state"],
                include=("kind", "category", "received_at", "due_on"),
                name="workorder_inbox_counts",
            ),
        ),
    ]
