"""Roll-up: merge other offices' registers into this one, keeping where each record came from.

- `sumber`: what a source is (another netralitas database, read through ATTACH, or an export
  file) and which office it belongs to; the records a database source hands over;
- `periksa`: those records checked as `import` checks a file's rows (a source edited by hand is
  refused whole, its problems listed by case, values masked);
- `merge`: one source, all-or-nothing, through the importer's rules (no silent loss, conflicts
  listed, only that office's records matched), with provenance (table `asal`) per record;
- `hapus`: an office's deletions (`hapus`) and restorations (`hapus --batal`) followed by the
  roll-up's copies, by that office's clock, never a hard delete;
- `nomor`: an office's renumberings (`ubah --nomor-baru`) followed by the roll-up's copies, the
  old numbers kept per office so they still find the case;
- `duplikat`: possible duplicates across offices (same NIP and election; the same nomor kept by
  two offices; the same NIP and election under two nomor of one other office), listed, never merged.
"""
