#!/usr/bin/env bash
# Back up the database and the media folder together, into a new folder:
#
#   scripts/backup.sh FOLDER              # DATABASE_URL=postgres://... and DATA_DIR set
#   scripts/backup.sh --compose FOLDER    # the docker-compose.yml deployment, from its folder
#
# FOLDER gets database.dump (pg_dump's custom format), media.tar (DATA_DIR/media: issued
# notices, copies, post batches, appeal documents, subject access exports, letterheads) and
# SHA256SUMS. The database is dumped first and the media folder copied after it: files are
# written before the row that names them is committed and never changed afterwards, so every
# file the dump names is already in the folder when it is copied. See README, "Backup,
# restore and upgrade"; scripts/restore.sh puts both back.
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
if [[ -e "$folder" ]]; then
  echo "$folder already exists: give a new folder for each backup" >&2
  exit 1
fi
mkdir -p "$folder"

if $compose; then
  # The database and media volumes as docker-compose.yml names them.
  docker compose exec -T db sh -c 'pg_dump --format=custom --username="$POSTGRES_USER" "$POSTGRES_DB"' \
    >"$folder/database.dump"
  docker compose run --rm --no-deps -T web sh -c 'mkdir -p /data/media && tar -C /data -cf - media' \
    >"$folder/media.tar"
else
  : "${DATABASE_URL:?set DATABASE_URL to the postgres://... address of the database}"
  : "${DATA_DIR:?set DATA_DIR to the folder that holds media/}"
  if [[ "$DATABASE_URL" != postgres://* && "$DATABASE_URL" != postgresql://* ]]; then
    echo "DATABASE_URL is not PostgreSQL: these commands back up PostgreSQL only" >&2
    exit 1
  fi
  pg_dump --format=custom --file="$folder/database.dump" --dbname="$DATABASE_URL"
  mkdir -p "$DATA_DIR/media"
  tar -C "$DATA_DIR" -cf "$folder/media.tar" media
fi

(cd "$folder" && sha256sum database.dump media.tar >SHA256SUMS)
echo "Backed up to $folder: $(du -sh "$folder" | cut -f1)"
