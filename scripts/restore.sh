#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: the database into an empty database and the
# media folder into a DATA_DIR that has none, both from the same backup.
#
#   scripts/restore.sh FOLDER             # DATABASE_URL=postgres://... (empty) and DATA_DIR set
#   scripts/restore.sh --compose FOLDER   # the docker-compose.yml deployment, from its folder
#
# Stop the web application, the worker and beat first. Nothing is overwritten: a database
# that holds tables, or a media folder that holds files, is refused (see README, "Backup,
# restore and upgrade", for emptying them).
set -euo pipefail

compose=false
if [[ "${1:-}" == "--compose" ]]; then
  compose=true
  shift
fi
if [[ $# -ne 1 ]]; then
  echo "usage: $0 [--compose] FOLDER" >&2
  exit 2
fi
folder=$1
(cd "$folder" && sha256sum --check --quiet SHA256SUMS) || {
  echo "$folder does not match its SHA256SUMS: not restored" >&2
  exit 1
}

tables_sql="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
if $compose; then
  tables=$(docker compose exec -T db sh -c \
    "psql --no-psqlrc -At --username=\"\$POSTGRES_USER\" --dbname=\"\$POSTGRES_DB\" -c \"$tables_sql\"")
  files=$(docker compose run --rm --no-deps -T web sh -c \
    'test ! -d /data/media || find /data/media -type f -print -quit')
else
  : "${DATABASE_URL:?set DATABASE_URL to the postgres://... address of an empty database}"
  : "${DATA_DIR:?set DATA_DIR to the folder media/ is restored into}"
  tables=$(psql --no-psqlrc -At --dbname="$DATABASE_URL" -c "$tables_sql")
  files=""
  if [[ -d "$DATA_DIR/media" ]]; then
    files=$(find "$DATA_DIR/media" -type f -print -quit)
  fi
fi
if [[ "$tables" != "0" ]]; then
  echo "The database already holds $tables tables: restore into an empty database" >&2
  exit 1
fi
if [[ -n "$files" ]]; then
  echo "The media folder already holds files: move it aside and restore into none" >&2
  exit 1
fi

# One transaction: a restore that fails leaves the database empty, not half-filled.
if $compose; then
  docker compose exec -T db sh -c \
    'pg_restore --no-owner --exit-on-error --single-transaction --username="$POSTGRES_USER" --dbname="$POSTGRES_DB"' \
    <"$folder/database.dump"
  docker compose run --rm --no-deps -T web sh -c 'rm -rf /data/media && tar -C /data -xf -' \
    <"$folder/media.tar"
else
  pg_restore --no-owner --exit-on-error --single-transaction --dbname="$DATABASE_URL" \
    "$folder/database.dump"
  mkdir -p "$DATA_DIR"
  rm -rf "$DATA_DIR/media"
  tar -C "$DATA_DIR" -xf "$folder/media.tar"
fi
echo "Restored $folder"
