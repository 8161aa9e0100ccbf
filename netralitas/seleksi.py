"""A selection of cases: the filters shared by list, report, export and digest, as SQL."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass


SENDIRI = "sendiri"  # --asal sendiri: this office's own records


@dataclass(frozen=True)
class Seleksi:
    kab: tuple[str, ...] = ()  # region codes
    prov: tuple[str, ...] = ()
    pemilu: tuple[str, ...] = ()
    sumber: tuple[str, ...] = ()
    pelanggaran: tuple[str, ...] = ()
    status: tuple[str, ...] = ()  # person-level
    jenis: tuple[str, ...] = ()  # person-level
    asal: tuple[str, ...] = ()  # offices records were merged from (gabung); "sendiri": this office's own
    dari: dt.date | None = None
    sampai: dt.date | None = None
    # (after, up to) timestamps: records created in that window (the digest's "baru")
    kasus_dibuat: tuple[str, str] | None = None
    terlapor_dibuat: tuple[str, str] | None = None

    def kasus_where(self, alias: str = "k") -> tuple[str, list]:
        parts, params = [f"{alias}.dihapus IS NULL"], []  # a deleted case (hapus) is in no count
        for column, values in (("wilayah", self.kab), ("provinsi", self.prov), ("pemilu", self.pemilu),
                               ("sumber", self.sumber), ("pelanggaran", self.pelanggaran)):
            if values:
                parts.append(f"{alias}.{column} IN ({','.join('?' * len(values))})")
                params += list(values)
        if self.asal:
            codes = [a for a in self.asal if a != SENDIRI]
            either = [f"{alias}.kantor IN ({','.join('?' * len(codes))})"] if codes else []
            either += [f"{alias}.kantor IS NULL"] if SENDIRI in self.asal else []
            parts.append("(" + " OR ".join(either) + ")")
            params += codes
        if self.dari:
            parts.append(f"{alias}.tanggal_kejadian >= ?")
            params.append(self.dari.isoformat())
        if self.sampai:
            parts.append(f"{alias}.tanggal_kejadian <= ?")
            params.append(self.sampai.isoformat())
        if self.kasus_dibuat:
            parts.append(f"{alias}.created_at > ? AND {alias}.created_at <= ?")
            params += list(self.kasus_dibuat)
        return " AND ".join(parts), params

    @property
    def per_person(self) -> bool:
        return bool(self.status or self.jenis or self.terlapor_dibuat)

    def terlapor_where(self, alias: str = "t") -> tuple[str, list]:
        parts, params = [], []
        for column, values in (("status", self.status), ("jenis", self.jenis)):
            if values:
                parts.append(f"{alias}.{column} IN ({','.join('?' * len(values))})")
                params += list(values)
        if self.terlapor_dibuat:
            parts.append(f"{alias}.created_at > ? AND {alias}.created_at <= ?")
            params += list(self.terlapor_dibuat)
        return (" AND ".join(parts) or "1=1"), params

    def persons_sql(self) -> tuple[str, list]:
        """FROM ... WHERE for the selection's terlapor (t), to be continued with AND. Without a filter
        on cases, the few deleted cases (idx_kasus_dihapus) are left out instead of a look-up of every
        person's case, so that an index of terlapor can answer alone."""
        kw, kp = self.kasus_where()
        tw, tp = self.terlapor_where()
        if not kp and kw == "k.dihapus IS NULL":
            return f"FROM terlapor t WHERE t.kasus_id NOT IN (SELECT id FROM kasus WHERE dihapus IS NOT NULL) AND {tw}", tp
        return f"FROM kasus k JOIN terlapor t ON t.kasus_id = k.id AND {tw} WHERE {kw}", [*tp, *kp]

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("kasus_dibuat")
        d.pop("terlapor_dibuat")
        return {k: (v.isoformat() if isinstance(v, dt.date) else list(v) if isinstance(v, tuple) else v)
                for k, v in d.items() if v}

    def key(self) -> str:
        """A stable text of the selection (the digest remembers its runs per selection)."""
        return json.dumps(self.to_dict(), sort_keys=True)
