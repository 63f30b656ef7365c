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
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
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

    /**
     * Sync: the log, the current state of every record and each minutes
     * document's merged text. 0001's `changes` table never held a row (the
     * server stored nothing before sync existed), so it is replaced rather than
     * altered: its columns could not hold text changes or operation ids.
     */
    '0002_sync_log_records_text': {
      async up(db: AnyDb) {
        const bigint = kind === 'sqlite' ? 'integer' : 'bigint';
        const blob = kind === 'sqlite' ? 'blob' : 'bytea';
        await db.schema.dropTable('changes').ifExists().execute();

        await db.schema
          .createTable('sync_log')
          .addColumn('seq', bigint, (c) =>
            // SQLite: AUTOINCREMENT guarantees a seq is never handed out twice, even after the top row is gone.
            kind === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedAlwaysAsIdentity(),
          )
          .addColumn('op', 'text', (c) => c.notNull().unique())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('unit_id', 'text', (c) => c.notNull())
          .addColumn('conference_id', 'text')
          .addColumn('table_name', 'text')
          .addColumn('record_id', 'text', (c) => c.notNull())
          .addColumn('fields', 'text')
          .addColumn('stamps', 'text')
          .addColumn('hlc', 'text')
          .addColumn('text_update', blob)
          .addColumn('device_id', 'text', (c) => c.notNull())
          .addColumn('sent_by', 'text', (c) => c.notNull())
          .addColumn('account_id', 'text')
          .addColumn('received_at', 'bigint', (c) => c.notNull())
          .execute();
        // Pull: "this unit's changes after seq N".
        await db.schema.createIndex('sync_log_unit_seq').on('sync_log').columns(['unit_id', 'seq']).execute();
        // A record's history (audit, issue 8).
        await db.schema.createIndex('sync_log_record').on('sync_log').columns(['record_id', 'seq']).execute();

        await db.schema
          .createTable('records')
          .addColumn('table_name', 'text', (c) => c.notNull())
          .addColumn('record_id', 'text', (c) => c.notNull())
          .addColumn('unit_id', 'text', (c) => c.notNull())
          .addColumn('conference_id', 'text')
          .addColumn('fields', 'text', (c) => c.notNull())
          .addColumn('stamps', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('deleted', 'integer', (c) => c.notNull())
          .addColumn('last_seq', bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('records_pk', ['table_name', 'record_id'])
          .execute();
        await db.schema.createIndex('records_unit_table').on('records').columns(['unit_id', 'table_name']).execute();

        await db.schema
          .createTable('text_docs')
          .addColumn('doc_id', 'text', (c) => c.primaryKey())
          .addColumn('unit_id', 'text', (c) => c.notNull())
          .addColumn('conference_id', 'text')
          .addColumn('state', blob, (c) => c.notNull())
          .addColumn('merges_since_compact', 'integer', (c) => c.notNull())
          .addColumn('last_seq', bigint, (c) => c.notNull())
          .execute();
      },
      // Down leaves the schema of 0001 without its `changes` table, which nothing reads any more.
      async down(db: AnyDb) {
        await db.schema.dropTable('text_docs').execute();
        await db.schema.dropTable('records').execute();
        await db.schema.dropTable('sync_log').execute();
      },
    },

    /**
     * Access control (issue 8): staff accounts, their login sessions, enrolled
     * devices and one-time enrolment codes. Secrets are never stored: a
     * password as its scrypt hash, a session or device token and an enrolment
     * code as their SHA-256 (they are long random strings, so a fast hash is
     * enough; only guessable secrets need a slow one).
     */
    '0003_accounts_devices': {
      async up(db: AnyDb) {
        const bigint = kind === 'sqlite' ? 'integer' : 'bigint';
        await db.schema
          .createTable('accounts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('unit_id', 'text', (c) => c.notNull())
          .addColumn('username', 'text', (c) => c.notNull().unique())
          .addColumn('display_name', 'text', (c) => c.notNull())
          /** Comma-separated `Role`s. */
          .addColumn('roles', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('locked_until', bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', bigint, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('login_sessions')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('expires_at', bigint, (c) => c.notNull())
          .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('devices')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('unit_id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          /** The app's own device id (the HLC node), once it has said hello. */
          .addColumn('app_device_id', 'text')
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('last_sync_at', bigint)
          .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('enrolment_codes')
          .addColumn('code_hash', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('device_name', 'text', (c) => c.notNull())
          .addColumn('expires_at', bigint, (c) => c.notNull())
          .addColumn('used', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
      async down(db: AnyDb) {
        for (const t of ['enrolment_codes', 'devices', 'login_sessions', 'accounts']) await db.schema.dropTable(t).execute();
      },
    },
    /**
     * A conference's documents (`documents:<conferenceId>`) were synced under
     * their unit alone; they now carry their conference, and the server refuses
     * a change whose scope differs from the stored one. So the documents the
     * server already holds, and their log rows, are given the conference their
     * id names (`substr` counts from 1 on both databases; 'documents:' is 10
     * characters).
     */
    '0004_synce2e_documents_scope': {
      async up(db: AnyDb) {
        await sql`update text_docs set conference_id = substr(doc_id, 11) where conference_id is null and doc_id like 'documents:%'`.execute(db);
        await sql`update sync_log set conference_id = substr(record_id, 11) where kind = 'text' and conference_id is null and record_id like 'documents:%'`.execute(db);
      },
      async down() {
        // Nothing to undo: the conference is what the id always named.
      },
    },
    /**
     * The hall's audio (issue 11): parts a device declared and their chunks' bytes, in the database
     * rather than in files under DATA_DIR: one backup (the SQLite file, or pg_dump) keeps the minutes
     * and the voices they point into together, a PostgreSQL deployment has no data folder shared by
     * its processes, and a chunk and its checksum are written in one transaction.
     */
    '0005_audioupload_audio': {
      async up(db: AnyDb) {
        const bigint = kind === 'sqlite' ? 'integer' : 'bigint';
        const blob = kind === 'sqlite' ? 'blob' : 'bytea';
        await db.schema
          .createTable('audio_parts')
          .addColumn('part_id', 'text', (c) => c.primaryKey())
          .addColumn('unit_id', 'text', (c) => c.notNull())
          .addColumn('conference_id', 'text', (c) => c.notNull())
          .addColumn('session_id', 'text', (c) => c.notNull())
          .addColumn('mime_type', 'text', (c) => c.notNull())
          .addColumn('started_at', bigint, (c) => c.notNull())
          /** JSON `[{index, chunks, bytes}]` once the part has ended; null while it records. */
          .addColumn('segments', 'text')
          .addColumn('account_id', 'text')
          .addColumn('device_id', 'text')
          .addColumn('created_at', bigint, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('audio_parts_session').on('audio_parts').columns(['unit_id', 'session_id']).execute();
        await db.schema
          .createTable('audio_chunks')
          .addColumn('part_id', 'text', (c) => c.notNull())
          .addColumn('segment_index', 'integer', (c) => c.notNull())
          .addColumn('chunk_index', 'integer', (c) => c.notNull())
          .addColumn('data', blob, (c) => c.notNull())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('received_at', bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('audio_chunks_pk', ['part_id', 'segment_index', 'chunk_index'])
          .execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('audio_chunks').execute();
        await db.schema.dropTable('audio_parts').execute();
      },
    },
  };
}

export function migrationProvider(kind: StoreKind): MigrationProvider {
  return { getMigrations: async () => migrations(kind) };
}
