#!/usr/bin/env bash
# Builds a small demo database with made-up people in demo/, then runs the morning's work:
# the due list, the letters that are due, and a CSV for the manager.
# Usage: bash examples/demo.sh   (with vlo installed; see the README)
set -euo pipefail
# Always demo/ under the folder it is run from, whatever VLO_DB says: the demo starts from an empty
# database, and an officer's VLO_DB names a real one. A demo/ that the demo did not make is left alone.
export VLO_DB=demo/vlo.db
if ! command -v vlo >/dev/null; then
  echo "Error: vlo is not on PATH; run the README's install line, which puts it there for the demo" >&2
  exit 1
fi
if [ -e demo ] && [ ! -e demo/.made-by-vlo-demo ]; then
  echo "Error: demo/ exists and was not made by this demo; run it from another folder" >&2
  exit 1
fi
rm -rf demo/letters
rm -f "$VLO_DB" "$VLO_DB-wal" "$VLO_DB-shm"
mkdir -p demo
chmod 700 demo  # vlo refuses a database folder others can write to (a umask of 002 makes one)
touch demo/.made-by-vlo-demo
ago() { date -d "$1 days ago" +%d/%m/%Y 2>/dev/null || date -v-"$1"d +%d/%m/%Y; }
ahead() { date -d "$1 days" +%Y-%m-%d 2>/dev/null || date -v+"$1"d +%Y-%m-%d; }

{
vlo init
vlo settings set unit.name "South Wales Victim Liaison Unit"
vlo settings set unit.address "Probation Office, 1 Heol y Frenhines, Caerdydd, CF10 2AA"
vlo settings set unit.phone "029 2000 1234"

vlo case add VLU-2025-0101 --offender "Gareth Price" --offence "Wounding with intent (s.18)" \
  --category violent --court "Cardiff Crown Court" --officer "A. Jones" --offence-date 2024-12-02
vlo sentence VLU-2025-0101 --date "$(ago 75)" --type sds --length 6y --remand-days 60
vlo victim add VLU-2025-0101 --title Ms --name "Siân Llewelyn" --address "1 Heol y Llan, Caerdydd" --postcode "CF10 1AA"
vlo victim add VLU-2025-0101 --title Mr --name "Dafydd Llewelyn" \
  --address "1 Heol y Llan, Caerdydd" --postcode "CF10 1AA"

vlo case add VLU-2025-0102 --offender "Mark O'Connor" --offence "Rape" --category sexual \
  --court "Leeds Crown Court" --officer "B. Evans"
vlo sentence VLU-2025-0102 --date "$(ago 52)" --type sds-plus --length 9y
vlo victim add VLU-2025-0102 --title Ms --name "Chloé Dubois" --address "14 Park Lane, Leeds" --postcode "LS1 4AB" \
  --format large-print

vlo case add VLU-2025-0103 --offender "Lee Walker" --offence "Harassment" --category other \
  --officer "A. Jones" --discretionary "Stalking of an ex-partner; high risk"
vlo sentence VLU-2025-0103 --date "$(ago 30)" --type sds --length 8m
victim=$(vlo victim add VLU-2025-0103 --title Mx --name "Alex O'Neil" --phone "029 2000 0000" --do-not-post)
vlo contact add "$victim" --date "$(ago 20)" --method phone --summary "Explained the scheme; wants every key stage"
vlo victim opt-in "$victim" --level key-stages
vlo event add VLU-2025-0103 --type release --date "$(ahead 21)"
} >/dev/null 2>&1

echo "== vlo due"
vlo due
echo
echo "== vlo letters initial-contact --out demo/letters"
batch=$(vlo letters initial-contact --out demo/letters)
echo "(vlo letters printed the batch number, $batch: once the letters are in the post, run: vlo batch posted $batch)"
echo
echo "== vlo export deadlines"
vlo export deadlines
