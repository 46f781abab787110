#!/usr/bin/env bash
# Builds a small demo database in demo/ with made-up people, then shows the morning list.
# Usage: bash examples/demo.sh   (with vlo installed; see the README)
set -euo pipefail
export VLO_DB="${VLO_DB:-demo/vlo.db}"
rm -f "$VLO_DB" "$VLO_DB-wal" "$VLO_DB-shm"
mkdir -p "$(dirname "$VLO_DB")"

vlo init
vlo case add VLU-2025-0101 --offender "Gareth Price" --offence "Wounding with intent (s.18)" \
  --category violent --court "Cardiff Crown Court" --officer "A. Jones" --offence-date 2024-12-02
vlo sentence VLU-2025-0101 --date "$(date -d '45 days ago' +%d/%m/%Y 2>/dev/null || date -v-45d +%d/%m/%Y)" \
  --type sds --length 6y --remand-days 60
vlo victim add VLU-2025-0101 --title Ms --name "Siân Llewelyn" --address "1 Heol y Llan, Caerdydd" --postcode "CF10 1AA" >/dev/null
vlo victim add VLU-2025-0101 --title Mr --name "Dafydd Llewelyn" --role family-spokesperson \
  --address "1 Heol y Llan, Caerdydd" --postcode "CF10 1AA" >/dev/null

vlo case add VLU-2025-0102 --offender "Mark O'Connor" --offence "Rape" --category sexual \
  --court "Leeds Crown Court" --officer "B. Evans"
vlo sentence VLU-2025-0102 --date "$(date -d '20 days ago' +%d/%m/%Y 2>/dev/null || date -v-20d +%d/%m/%Y)" \
  --type sds-plus --length 9y
vlo victim add VLU-2025-0102 --title Ms --name "Chloé Dubois" --address "14 Park Lane, Leeds" --postcode "LS1 4AB" \
  --needs "large print" >/dev/null

vlo case add VLU-2025-0103 --offender "Lee Walker" --offence "Harassment" --category other \
  --officer "A. Jones" --discretionary "Stalking of an ex-partner; high risk"
vlo sentence VLU-2025-0103 --date "$(date -d '8 days ago' +%d/%m/%Y 2>/dev/null || date -v-8d +%d/%m/%Y)" \
  --type sds --length 8m
victim=$(vlo victim add VLU-2025-0103 --title Mx --name "Alex O'Neil" --phone "029 2000 0000" --do-not-post)
vlo victim opt-in "$victim" --level key-stages

vlo case list
vlo case show VLU-2025-0101
