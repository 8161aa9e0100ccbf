"""Beside the case register (penanganan): what a supervision office also reports.

- `sosialisasi`: prevention activities (pencegahan): who held them, where, for whom, before which election;
- `pantau`: monitoring coverage: a region (and kinds of actor) watched for an election, with its result,
  so that a monitored zero reads "nihil" and an unwatched one "tidak ada data";
- `rekap`: aggregate figures of past elections whose cases were never entered one by one;
- `catatan`: storing these records (natural keys, history of every change);
- `berkas`: their files (YAML, CSV, .xlsx): validated whole, imported all-or-nothing;
- `laporan`: their figures beside the case counts in reports, never counted twice.
"""
