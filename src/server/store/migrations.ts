/**
 * Schema migrations, in code so the server is one deployable with nothing to copy
 * beside it. Kysely's Migrator records what ran in `kysely_migration` and takes a
 * lock (an advisory lock on PostgreSQL), so running `migrate()` on every start is
 * safe and idempotent.
 *
 * Rules: never edit a migration that has shipped, only add a new one; names sort
 * by their number prefix, which is the order they run in. Keep the SQL portable;
 * where the two databases differ (identity columns), branch on `kind` inside the
 * migration rather than keeping two lists that could drift.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { StoreKind } from './types.ts';

// Migrations must not depend on the current `Database` type: it describes the
// latest schema, and an old migration runs against the schema of its own time.
type AnyDb = Kysely<unknown>;

function migrations(kind: StoreKind): Record<string, Migration> {
  return {
    '0001_meta_and_changes': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('meta')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('changes')
          .addColumn('seq', kind === 'sqlite' ? 'integer' : 'bigint', (c) =>
            // SQLite: AUTOINCREMENT guarantees a deleted top seq is never handed out
            // again, so a device's pull cursor can never skip a newer change.
            kind === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedAlwaysAsIdentity(),
          )
          .addColumn('unit_id', 'text', (c) => c.notNull())
          .addColumn('conference_id', 'text')
          .addColumn('table_name', 'text', (c) => c.notNull())
          .addColumn('record_id', 'text', (c) => c.notNull())
          .addColumn('fields', 'text', (c) => c.notNull())
          .addColumn('stamps', 'text', (c) => c.notNull())
          .addColumn('hlc', 'text', (c) => c.notNull())
          .addColumn('device_id', 'text', (c) => c.notNull())
          .addColumn('received_at', 'bigint', (c) => c.notNull())
          .execute();

        // Pull: "changes for this unit after seq N".
        await db.schema.createIndex('changes_unit_seq').on('changes').columns(['unit_id', 'seq']).execute();
        // Merge on push: the latest stamps already held for one record.
        await db.schema.createIndex('changes_record').on('changes').columns(['unit_id', 'table_name', 'record_id']).execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('changes').execute();
        await db.schema.dropTable('meta').execute();
      },
    },
  };
}

export function migrationProvider(kind: StoreKind): MigrationProvider {
  return { getMigrations: async () => migrations(kind) };
}
