"""Write a synthetic national register of ASN neutrality cases, seeded and reproducible.

Shape: all 514 kabupaten/kota, the elections of the catalog (pilkada in every region, pemilu
everywhere), violation forms weighted towards social media, 1 terlapor per case mostly and up to
4 sometimes, statuses and sanctions in proportions like KASN's published figures (Pilkada 2020,
Dec 2021: 79 % of reported proven, 86 % of proven sanctioned). Names and NIP are invented.

    python bench/generate.py --terlapor 100000 --out bench/out       # CSV and YAML
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from netralitas.catalogs import pelanggaran_catalog, pemilu_catalog  # noqa: E402
from netralitas.models import KASUS_FIELDS, TERLAPOR_FIELDS  # noqa: E402
from netralitas.rute import rute_of  # noqa: E402
from netralitas.wilayah import catalog  # noqa: E402

FORMS = {"medsos-interaksi": 30, "foto-bersama": 15, "medsos-kampanye": 12, "deklarasi-kampanye": 8,
         "kegiatan-keberpihakan": 8, "ikut-kampanye": 6, "alat-peraga": 5, "pendekatan-parpol": 4,
         "ikut-kegiatan-kampanye": 4, "keputusan-menguntungkan": 2, "tim-pemenangan": 2, "tim-pemenangan-pra": 1,
         "dukungan-ktp": 1, "kampanye-pengerahan": 1, "kampanye-pasangan": 1, "anggota-parpol": 0.5, "lainnya": 2}
JENIS = {"PNS": 80, "PPPK": 9, "kepala_desa": 5, "perangkat_desa": 4.5, "TNI": 0.2, "Polri": 0.3, "lainnya": 1}
KATEGORI = {"pelaksana": 35, "fungsional": 30, "pengawas": 15, "administrator": 10, "jpt": 3, "kepala_wilayah": 7}
INSTANSI = ["Dinas Pendidikan", "Dinas Kesehatan", "Dinas Sosial", "Bappeda", "Dinas PUPR", "Sekretariat Daerah",
            "Dinas Perhubungan", "RSUD", "Kecamatan", "Satpol PP", "BKPSDM", "Dinas Pertanian"]
PERSONS = {1: 80, 2: 14, 3: 4, 4: 2}
NAMA = ["Ahmad", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gunawan", "Hadi", "Indah", "Joko", "Kartika", "Lestari",
        "Made", "Nur", "Putri", "Rahmat", "Siti", "Teguh", "Utami", "Wahyu", "Yanti", "Zainal"]


def pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def nip(rng: random.Random) -> str:
    born = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 35))
    year = min(born.year + rng.randint(20, 35), 2024)
    return f"{born:%Y%m%d}{year}{rng.randint(1, 12):02d}{rng.randint(1, 2)}{rng.randint(1, 999):03d}"


def person(rng: random.Random, incident: dt.date) -> dict:
    jenis = pick(rng, JENIS)
    asn = jenis in ("PNS", "PPPK")
    p = {"nama": f"{rng.choice(NAMA)} {rng.choice(NAMA)}", "nip": nip(rng) if asn else None, "jenis": jenis,
         "jabatan": "Staf" if asn else None, "kategori_jabatan": pick(rng, KATEGORI) if asn else None,
         "instansi": rng.choice(INSTANSI) if asn else "Pemerintah Desa"}
    roll = rng.random()
    rek = incident + dt.timedelta(days=rng.randint(7, 40))
    if roll < 0.15:
        p["status"] = "tidak_terbukti"
    elif roll < 0.21:
        p["status"] = "diproses"
    else:  # proven (79 %): 86 % of them sanctioned
        level = rng.choice(["sedang", "berat", "berat"])
        if asn:  # a recommended level is for the PPK route only
            p["rekomendasi"] = level
        p["tanggal_rekomendasi"] = rek.isoformat()
        if rng.random() < 0.86:
            if not asn:  # TNI, Polri, village officials: their own route's sanction (catalog rute)
                p["sanksi_jenis"] = rng.choice(rute_of(jenis).sanksi or ["teguran"])
            elif rng.random() < 0.1:
                p["sanksi_moral"] = rng.choice(["tertutup", "terbuka"])
            else:
                p["sanksi"] = rng.choices(["ringan", "sedang", "berat"], [15, 50, 35])[0]
            p["tanggal_sanksi"] = (rek + dt.timedelta(days=rng.randint(7, 120))).isoformat()
            p["status"] = "disanksi"
        else:
            p["status"] = "direkomendasikan"
    return p


def cases(n_terlapor: int, seed: int):
    rng = random.Random(seed)
    regions = sorted(catalog().kabkota)
    elections = [p for p in pemilu_catalog().values() if not p.wilayah]
    forms = [f for f in FORMS if f in pelanggaran_catalog()]
    weights = {f: FORMS[f] for f in forms}
    made, i = 0, 0
    while made < n_terlapor:
        i += 1
        pemilu = rng.choice(elections)
        start = max(pemilu.kampanye_mulai - dt.timedelta(days=60), dt.date(pemilu.kampanye_mulai.year, 1, 1))
        incident = start + dt.timedelta(days=rng.randrange((pemilu.pemungutan - start).days + 10))
        incident = min(incident, dt.date.today())
        kab = rng.choice(regions)
        sumber = rng.choice(["temuan", "laporan"])
        n = min(pick(rng, PERSONS), n_terlapor - made)
        made += n
        yield {
            "nomor": f"{i:07d}/Reg/{'TM' if sumber == 'temuan' else 'LP'}/{kab}/{pemilu.pemungutan.year}",
            "sumber": sumber, "pemilu": pemilu.id, "wilayah": kab, "kecamatan": None,
            "tanggal_kejadian": incident.isoformat(),
            "tanggal_diterima": (incident + dt.timedelta(days=rng.randint(0, 6))).isoformat(),
            "pelanggaran": pick(rng, weights), "uraian": "Kasus sintetis untuk benchmark", "bukti": None,
            "terlapor": _distinct([person(rng, incident) for _ in range(n)]),
        }


def _distinct(people: list[dict]) -> list[dict]:
    """One case names a person once: a name drawn twice in a case (two persons without NIP would be
    one person to the register) gets a number. No draw of the generator: the rest stays the same."""
    seen: set[str] = set()
    for p in people:
        name, k = p["nama"], 1
        while p["nama"] in seen:
            k += 1
            p["nama"] = f"{name} {k}"
        seen.add(p["nama"])
    return people


def write_csv(path: Path, n: int, seed: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(KASUS_FIELDS + TERLAPOR_FIELDS)
        for case in cases(n, seed):
            for p in case["terlapor"]:
                w.writerow([case.get(c) or "" for c in KASUS_FIELDS] + [p.get(c) or "" for c in TERLAPOR_FIELDS])


def write_yaml(path: Path, n: int, seed: int) -> None:
    def q(v):
        return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'

    with open(path, "w", encoding="utf-8") as f:
        f.write("kasus:\n")
        for case in cases(n, seed):
            f.write("  - " + "\n    ".join(f"{k}: {q(v)}" for k, v in case.items() if k != "terlapor" and v) + "\n")
            f.write("    terlapor:\n")
            for p in case["terlapor"]:
                f.write("      - " + "\n        ".join(f"{k}: {q(v)}" for k, v in p.items() if v) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--terlapor", type=int, default=100_000, help="terlapor rows to write")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--format", default="csv,yaml", help="csv, yaml or both")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for fmt in args.format.split(","):
        path = args.out / f"register-{args.terlapor}.{fmt}"
        (write_csv if fmt == "csv" else write_yaml)(path, args.terlapor, args.seed)
        print(path)


if __name__ == "__main__":
    main()
