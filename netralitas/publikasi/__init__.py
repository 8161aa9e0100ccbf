"""Publishing: a PII-free aggregate database anyone may read (`netralitas terbitkan`).

- `tabel`: the aggregate tables (the counts of `report` by region, province, election, month,
  source, violation form, kind of actor, sanction level, stage and origin office; prevention
  activities and monitoring coverage by region and election) and the catalogs' names;
  small cells suppressed on request;
- `suppression`: which cells are published empty: the small ones, and the others that would give
  a small one back from a sum (within a row, across rows, from another table's rows), by
  subtraction or because hidden cells adding up to their number are 1 each;
- `metadata`: titles, descriptions, sources and licences, canned queries, for Datasette;
- `serve`: Datasette on localhost, read-only (an optional extra: `pip install netralitas[publikasi]`).

Nothing personal reaches the published file: no name, NIP, nomor, uraian or any free text;
only codes from the catalogs, their names, and counts.
"""
